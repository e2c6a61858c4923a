import CampaignChat

/// `shipment list`, `shipment mark`: the parcels whose tracking numbers went out in messages.
enum ShipmentCommands {
    static let all = [list, mark]

    static let list = CommandSpec(
        path: ["shipment", "list"],
        abstract: "List shipments: tracking numbers sent to creators, with carrier and status.",
        discussion: """
            A message that carries a tracking number (a bulk send's tracking column, or message send --tracking)
            records a shipment: campaign, creator, carrier, number, message and time, once per campaign, creator
            and number. A creator (--as) sees only their own.
            """,
        options: [
            OptionSpec(long: "campaign", valueName: "CAMPAIGN", kind: .campaign, abstract: "Only this campaign's shipments."),
            OptionSpec(long: "status", valueName: "STATUS", kind: .text, choices: ShipmentStatus.allCases.map(\.rawValue),
                       abstract: "Only shipments in this status: " + ShipmentStatus.allCases.map(\.rawValue).joined(separator: ", ") + "."),
            OptionSpec(long: "carrier", valueName: "ID", kind: .text, choices: Carrier.all.map(\.id),
                       abstract: "Only this carrier's shipments (ups, fedex, usps, dhl-express, royal-mail, ...)."),
        ]
    ) { invocation in
        let shipments = try invocation.service().shipments(campaign: invocation.arguments.value("campaign"),
                                                           status: invocation.arguments.value("status").flatMap(ShipmentStatus.init),
                                                           carrier: invocation.arguments.value("carrier").flatMap(Carrier.withID))
        let output = invocation.output
        if output.json { return output.json(.array(shipments.map(\.json))) }
        if shipments.isEmpty { return output.hint("No shipments.") }
        output.table(["CAMPAIGN", "CREATOR", "CARRIER", "NUMBER", "STATUS", "SINCE", "MESSAGE"], shipments.map { shipment in
            [shipment.campaignSlug, shipment.creator.description, shipment.carrierName ?? "-", shipment.number, shipment.status.rawValue,
             Terminal.shortTime(shipment.statusAt ?? shipment.createdAt), shipment.messageID.map { "#\($0)" } ?? "-"]
        })
    }

    static let mark = CommandSpec(
        path: ["shipment", "mark"],
        abstract: "Record a shipment's new status (for a script fed by the carrier); --notify tells the creator.",
        discussion: """
            NUMBER is the tracking number as sent (spaces and dashes are ignored), or the whole barcode it came
            from (USPS 420 + ZIP + IMpb). Marking the status a shipment
            already has changes nothing. With --notify, the brand also writes to the creator in their thread
            ("Shipment update: your UPS parcel 1Z... was delivered. Track it: ..."), in the same transaction:
            a creator who may not be messaged refuses both, and marking the same status again sends nothing new.
            Carriers' events arrive out of order: a mark whose --at is earlier than the time of the shipment's
            status (a mark without --at is dated now) changes nothing and tells no one ("superseded": true).
            A --at more than a day ahead of the database's clock, or before 2000-01-01T00:00:00Z (a missing
            time sent as 0), is refused (64). Brand only.
            """,
        arguments: [Arguments.campaign, Arguments.handle,
                    ArgumentSpec(name: "NUMBER", kind: .text, abstract: "The shipment's tracking number."),
                    ArgumentSpec(name: "STATUS", kind: .text, abstract: "in-transit, delivered, returned or lost.",
                                 choices: ShipmentStatus.markable.map(\.rawValue))],
        options: [
            OptionSpec(long: "at", valueName: "TIME", kind: .text, abstract: "When it happened (RFC 3339; default: now)."),
            OptionSpec(long: "notify", abstract: "Tell the creator in their thread, as a message from the brand."),
        ]
    ) { invocation in
        // The parser took only the markable statuses (the argument's choices).
        let status = ShipmentStatus(rawValue: invocation.argument("STATUS"))!
        let at = try invocation.time("at", example: "2026-11-26T14:30:00Z")
        let marked = try invocation.service().markShipment(campaign: invocation.argument("CAMPAIGN"), handle: invocation.argument("HANDLE"),
                                                           number: invocation.argument("NUMBER"), status: status, at: at,
                                                           notify: invocation.arguments.flag("notify"))
        let output = invocation.output
        if output.json {
            return output.json(marked.shipment.json.adding([("changed", .bool(marked.changed)), ("notice", marked.notice?.json ?? .null),
                                                            ("superseded", .bool(marked.superseded))]))
        }
        let shipment = marked.shipment
        if marked.superseded, let since = shipment.statusAt {
            output.confirm("Shipment \(shipment.number) to \(shipment.creator) has been \(shipment.status.rawValue) since \(since); "
                           + "this \(status.rawValue) is dated \(marked.markedAt)\(at == nil ? " (now)" : ""), before that: nothing changed.")
        } else {
            output.confirm(marked.changed ? "Shipment \(shipment.number) to \(shipment.creator) is now \(status.rawValue)."
                                          : "Shipment \(shipment.number) to \(shipment.creator) was already \(status.rawValue); nothing changed.")
        }
        if let notice = marked.notice {
            output.confirm(notice.replayed ? "The creator was already told (message \(notice.message.id))."
                                           : "Told \(shipment.creator) in message \(notice.message.id).")
        }
    }
}
