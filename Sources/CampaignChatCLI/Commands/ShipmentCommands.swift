import CampaignChat

/// `shipment list`, `shipment mark`: the parcels whose tracking numbers went out in messages.
enum ShipmentCommands {
    static let all = [list, mark, ShipmentUpdate.spec]

    static let list = CommandSpec(
        path: ["shipment", "list"],
        abstract: "List shipments: tracking numbers sent to creators, with carrier and status.",
        discussion: """
            A message that carries a tracking number (a bulk send's tracking column, or message send --tracking)
            records a shipment: campaign, creator, carrier, number, message and time, once per campaign, creator
            and number. A creator (--as) sees only their own. --status takes several statuses separated by
            commas; --stale DAYS lists the parcels that are stuck: not delivered or returned, and no news of
            them (a change of status, or any newer body of shipment update) for DAYS days.
            """,
        options: [Self.campaign.spec, Self.status.spec, Self.carrier.spec, Self.stale.spec]
    ) { invocation in
        let shipments = try invocation.service().shipments(campaign: invocation[Self.campaign], statuses: Set(invocation[Self.status] ?? []),
                                                           carrier: invocation[Self.carrier], staleDays: invocation[Self.stale])
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
        arguments: [Arguments.campaign.spec, Arguments.handle.spec, Self.number.spec, Self.newStatus.spec],
        options: [Self.at.spec, Self.notify.spec]
    ) { invocation in
        let status = invocation[Self.newStatus]
        let at = invocation[Self.at]
        let marked = try invocation.service().markShipment(campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle],
                                                           number: invocation[Self.number], status: status, at: at,
                                                           notify: invocation[Self.notify])
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

    static let campaign = Option("campaign", Parse.campaign, abstract: "Only this campaign's shipments.")
    static let status = Option("status", Parse.choices(ShipmentStatus.self, "STATUS[,STATUS...]"),
                               abstract: "Only shipments in these statuses: " + ShipmentStatus.allCases.map(\.rawValue).joined(separator: ", ") + ".")
    static let stale = Option("stale", ValueParser(valueName: "DAYS", kind: .number, parse: Parse.positiveNumber.parse),
                              abstract: "Only parcels not delivered or returned with no news for DAYS days.")
    static let carrier = Option("carrier", ValueParser<Carrier>(valueName: "ID", kind: .text, choices: Carrier.all.map(\.id)) { id in
        guard let carrier = Carrier.withID(id) else { preconditionFailure("the parser lets only the choices through") }
        return carrier
    }, abstract: "Only this carrier's shipments (ups, fedex, usps, dhl-express, royal-mail, ...).")
    static let number = Argument("NUMBER", Parse.text("NUMBER"), abstract: "The shipment's tracking number.")
    static let newStatus = Argument("STATUS", Parse.choice(among: ShipmentStatus.markable, "STATUS"),
                                    abstract: ShipmentStatus.markable.map(\.rawValue).joined(separator: ", ") + ".")
    static let at = Option("at", Parse.time(example: "2026-11-26T14:30:00Z"), abstract: "When it happened (RFC 3339; default: now).")
    static let notify = Flag("notify", abstract: "Tell the creator in their thread, as a message from the brand.")
}
