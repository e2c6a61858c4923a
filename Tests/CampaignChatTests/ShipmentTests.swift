import Testing
@testable import CampaignChat

/// Tracking numbers on their way out: checked before any write, merged into templates, and
/// kept as shipment records with a status.
@Suite struct Shipments {
    static let ups = "1Z999AA10123456784"
    static let upsTypo = "1Z999AA10123456785"
    static let usps = "9400111899223197428497"
    static let dhlExpress = "3318810025"

    func bulk(_ chat: ChatFixture, _ rows: [[String: String]], template: String = "Your {carrier} parcel: {tracking_number} {tracking_url}",
              options: BulkSendOptions = BulkSendOptions()) throws -> (BulkSummary, [BulkRowResult]) {
        var records: [BulkRecord] = rows.enumerated().map { .row(BulkRow(line: $0.offset + 2, fields: $0.element)) }.reversed()
        var results: [BulkRowResult] = []
        let summary = try chat.brand.bulkSend(campaign: "summer-launch", template: try MessageTemplate(template), options: options,
                                              next: { records.popLast() }, report: { results.append($0) })
        return (summary, results)
    }

    func exported(_ chat: ChatFixture) throws -> [ExportedMessage] {
        var messages: [ExportedMessage] = []
        try chat.brand.export { messages.append($0) }
        return messages
    }

    func fixture(_ engine: TestEngine) throws -> ChatFixture {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        return chat
    }

    @Test(arguments: TestEngine.selected) func aWrongCheckDigitFailsItsRowBeforeAnyWriteAndTheOthersGoOn(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (summary, results) = try bulk(chat, [
            ["handle": "alice", "tracking": "1z 999 aa1 0123 4567 84"],
            ["handle": "bob", "tracking": Self.upsTypo],
        ])
        #expect(results.map(\.status) == [.sent, .invalid])
        #expect(summary.worstFailure == .invalidData)
        #expect(results[1].error == "line 3: tracking number '\(Self.upsTypo)' in column 'tracking' is not valid: wrong check digit for a UPS 1Z number: "
                + "a character is mistyped, missing or extra (--no-verify-tracking sends it anyway)")
        let bodies = try exported(chat).map(\.message.body)
        #expect(bodies == ["Your UPS parcel: \(Self.ups) https://www.ups.com/track?tracknum=\(Self.ups)"], "bob's row wrote nothing")
        #expect(try chat.count("SELECT count(*) FROM shipment") == 1)
    }

    @Test(arguments: TestEngine.selected) func unverifiedAndUnknownNumbersGoOutWithAWarning(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (_, unverified) = try bulk(chat, [["handle": "bob", "tracking": Self.upsTypo]], template: "Parcel {tracking_number}",
                                       options: BulkSendOptions(verifyTracking: false))
        #expect(unverified.map(\.status) == [.sent])
        #expect(unverified[0].warning?.contains("sent unverified (--no-verify-tracking)") == true)
        let (_, unknown) = try bulk(chat, [["handle": "alice", "tracking": "PARCEL-42", "carrier": "Local Courier"]],
                                    template: "{carrier}: {tracking_number}")
        #expect(unknown.map(\.status) == [.sent])
        #expect(unknown[0].warning == "'PARCEL42' matches no known carrier format: not verified", "no format at all, whatever the carrier")
        let shipments = try chat.brand.shipments()
        #expect(shipments.map(\.number) == [Self.upsTypo, "PARCEL42"])
        #expect(shipments.map(\.carrierID) == ["ups", nil])
        // An unknown number has no tracking page: a template that needs one cannot be filled for that row.
        let (_, noPage) = try bulk(chat, [["handle": "alice", "tracking": "PARCEL-43"]], template: "Track: {tracking_url}")
        #expect(noPage.map(\.status) == [.invalid])
        #expect(noPage[0].error?.contains("no value for {tracking_url}: 'PARCEL43' matches no known carrier format") == true)
    }

    @Test(arguments: TestEngine.selected) func theCarrierColumnWinsAndSettlesANumberTwoCarriersCouldHaveIssued(engine: TestEngine) throws {
        let chat = try fixture(engine)
        // Swiss Post's GLS example also passes FedEx Express's check: the row's carrier decides.
        let (_, results) = try bulk(chat, [
            ["handle": "alice", "tracking": "993990103198", "carrier": "GLS"],
            ["handle": "bob", "tracking": Self.ups, "carrier": "DHL"],
        ], template: "{carrier} {tracking_number}")
        #expect(results.map(\.status) == [.sent, .sent])
        #expect(results[0].warning == nil)
        #expect(results[1].warning == "'\(Self.ups)' is a UPS number, not DHL")
        #expect(try chat.brand.shipments().map(\.carrierID) == ["gls", "ups"])
        #expect(try chat.brand.shipments(carrier: .gls).map(\.creator.description) == ["@alice"], "--carrier narrows the list")
        #expect(try exported(chat).map(\.message.body) == ["GLS 993990103198", "DHL \(Self.ups)"],
                "{carrier} is the row's own column when it has one")
    }

    /// A FedEx number mistyped into one that passes GLS's check fails as the FedEx number the row says
    /// it is; twelve digits of a carrier campaignchat does not know go out unverified, never linked as FedEx.
    @Test(arguments: TestEngine.selected) func theCarrierColumnJudgesTheNumberByThatCarriersFormatsAlone(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (_, results) = try bulk(chat, [
            ["handle": "alice", "tracking": "201012345670", "carrier": "FedEx"],
            ["handle": "bob", "tracking": "340434188193", "carrier": "DHL Paket"],
            ["handle": "bob", "tracking": "340434188194", "carrier": "DHL Paket", "key": "second"],
        ], template: "{carrier} {tracking_number}")
        #expect(results.map(\.status) == [.invalid, .sent, .sent])
        #expect(results[0].error?.contains("wrong check digit for a FedEx Express number") == true, "\(results[0])")
        #expect(results[1].warning == "'340434188193' matches no format campaignchat knows for 'DHL Paket': not verified")
        #expect(try chat.brand.shipments().map(\.carrierID) == [nil, nil])
        #expect(try exported(chat).map(\.message.body) == ["DHL Paket 340434188193", "DHL Paket 340434188194"])
        let (_, linked) = try bulk(chat, [["handle": "alice", "tracking": "340434188193", "carrier": "DHL Paket"]], template: "{tracking_url}")
        #expect(linked.map(\.status) == [.invalid], "no tracking page is borrowed from another carrier")
        // The row's own page, as for {carrier}: for a carrier campaignchat does not know, and over a known one's.
        let page = "https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=340434188193"
        let (_, ownPage) = try bulk(chat, [
            ["handle": "alice", "tracking": "340434188193", "carrier": "DHL Paket", "tracking_url": page],
            ["handle": "bob", "tracking": Self.ups, "tracking_url": " https://example.com/ups "],
        ], template: "Track: {tracking_url}")
        #expect(ownPage.map(\.status) == [.sent, .sent])
        #expect(try exported(chat).suffix(2).map(\.message.body) == ["Track: \(page)", "Track: https://example.com/ups"])
    }

    @Test(arguments: TestEngine.selected) func aRerunRecordsEachShipmentOnceAndExportAndSearchCarryIt(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let rows = [["handle": "alice", "tracking_number": Self.ups], ["handle": "bob", "tracking_number": Self.usps]]
        _ = try bulk(chat, rows)
        let (_, again) = try bulk(chat, rows)
        #expect(again.map(\.status) == [.replayed, .replayed])
        #expect(try chat.brand.shipments().map(\.number) == [Self.ups, Self.usps])
        let exported = try exported(chat)
        #expect(exported.map { $0.shipment?.number } == [Self.ups, Self.usps])
        #expect(exported.map { $0.shipment?.messageID } == exported.map(\.message.id))
        #expect(try chat.brand.search(Self.usps).map { $0.shipment?.carrierID } == ["usps"])
    }

    @Test(arguments: TestEngine.selected) func aSingleSendCarriesANumberTheBrandGivesAndCreatorsCannot(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let checked = try TrackingRules.check(Self.usps)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Shipped!", key: "k", shipment: checked.shipment)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Shipped!", key: "k", shipment: checked.shipment)
        #expect(try chat.brand.shipments().map(\.number) == [Self.usps], "a replayed send records nothing again")
        // The same key and text with another number would drop that number without a word: a key conflict.
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Shipped!", key: "k",
                                                    shipment: ShipmentDraft(carrierID: "ups", number: Self.ups)) } == .keyConflict(key: "k"))
        #expect(try chat.brand.shipments().map(\.number) == [Self.usps])
        #expect(chatError { _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "return",
                                                                shipment: checked.shipment) } == .brandOnly(action: "send a tracking number"))
        #expect(chatError { _ = try TrackingRules.check(Self.upsTypo) }?.category == .invalidData)
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "x",
                                                    shipment: ShipmentDraft(carrierID: "ups", number: Self.ups)) } == nil)
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "carol", body: "x",
                                                    shipment: ShipmentDraft(carrierID: "ups", number: "1Z999AA10123456793")) }?.category == .notPermitted)
        #expect(try chat.count("SELECT count(*) FROM shipment") == 2, "a refused send records no shipment")
    }

    @Test(arguments: TestEngine.selected) func aCreatorSeesOnlyTheirOwnShipmentsAndNoneOnceRemoved(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups], ["handle": "bob", "tracking": Self.usps]])
        #expect(try chat.creator("alice").shipments().map(\.number) == [Self.ups])
        #expect(try chat.creator("bob").shipments(campaign: "summer-launch").map(\.number) == [Self.usps])
        #expect(try chat.brand.shipments(statuses: [.shipped]).count == 2)
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "bob")
        #expect(try chat.creator("bob").shipments().isEmpty)
        #expect(chatError { _ = try chat.creator("bob").shipments(campaign: "summer-launch") }?.category == .notPermitted)
        #expect(try chat.brand.shipments().count == 2, "the brand still sees them")
    }

    @Test(arguments: TestEngine.selected) func markingRecordsTheStatusAndNotifiesOnceWhenAsked(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups], ["handle": "bob", "tracking": Self.usps]])
        let at = Timestamp(rfc3339: "2026-09-21T10:00:00.000Z")
        let transit = try chat.brand.markShipment(campaign: "summer-launch", handle: "@alice", number: "1z999aa1-0123456784", status: .inTransit, at: at)
        #expect(transit.changed && transit.shipment.status == .inTransit && transit.shipment.statusAt == at && transit.notice == nil)
        let delivered = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, notify: true)
        #expect(delivered.notice?.message.body
                == "Shipment update: your UPS parcel \(Self.ups) was delivered. Track it: https://www.ups.com/track?tracknum=\(Self.ups)")
        let again = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, notify: true)
        #expect(!again.changed && again.notice?.replayed == true, "the same status again changes and sends nothing")
        #expect(try chat.creator("alice").unread().map(\.unread) == [2], "the shipment's message, then the one notice")

        // A creator who may not be messaged refuses the notice, and the status change with it.
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "bob")
        #expect(chatError { _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "bob", number: Self.usps, status: .lost, notify: true) }?
                .category == .notPermitted)
        #expect(try chat.brand.shipments().map(\.status) == [.delivered, .shipped])
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "bob", number: Self.usps, status: .returned).changed)

        #expect(chatError { _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.usps, status: .lost) }
                == .shipmentNotFound(campaign: "summer-launch", creator: try Handle(parsing: "alice"), number: Self.usps))
        #expect(chatError { _ = try chat.creator("alice").markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .lost) }?
                .category == .notPermitted)
    }

    /// A carrier column that names no carrier is an empty one; a carrier's name written as one word is that carrier.
    @Test func placeholdersAndJoinedNamesStillJudgeTheNumber() throws {
        let mistypedFedEx = "201012345671"
        for stated in ["-", "N/A", "none", "\u{200B}", "FedEx", "Fed-Ex", "fedex"] {
            #expect(chatError { _ = try TrackingRules.check(mistypedFedEx, stated: stated) }?.category == .invalidData, "\(stated.debugDescription)")
        }
        #expect(TrackingRules.carrier(named: "RoyalMail") == .royalMail)
        #expect(TrackingRules.carrier(named: "DHLExpress") == .dhlExpress)
        // A USPS number on a FedEx Ground Economy label: its fixed start says what it is, with a warning.
        let usps = try TrackingRules.check(Self.usps, stated: "FedEx")
        #expect(usps.tracking.carrier == .usps && usps.tracking.validity == .valid)
        #expect(usps.warning == "'\(Self.usps)' is a USPS number, not FedEx")
        // upu-s10 stands for every postal operator of an S10 number.
        let s10 = try TrackingRules.check("RR123456785GB", stated: "upu-s10")
        #expect(s10.tracking.carrier == .royalMail && s10.warning == nil)
    }

    /// What a keyed replay does with a number: a message first sent without one (as before shipments
    /// were recorded) replays and records nothing; another number than the one carried is a conflict,
    /// even after the creator was removed (a keyed send replays for a removed creator).
    @Test(arguments: TestEngine.selected) func aReplayComparesTheNumberTheMessageCarried(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "On its way", key: "plain")
        let replay = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "On its way", key: "plain",
                                         shipment: ShipmentDraft(carrierID: "ups", number: Self.ups))
        #expect(replay.replayed)
        #expect(try chat.brand.shipments().isEmpty)

        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "Shipped", key: "k", shipment: try TrackingRules.check(Self.usps).shipment)
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "bob")
        #expect(try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "Shipped", key: "k",
                                    shipment: try TrackingRules.check(Self.usps).shipment).replayed)
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "Shipped", key: "k",
                                                    shipment: ShipmentDraft(carrierID: "ups", number: Self.ups)) } == .keyConflict(key: "k"))
    }

    /// Every shipment starts shipped: it is never marked so again.
    @Test(arguments: TestEngine.selected) func shippedIsNoStatusToMark(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups]])
        _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered)
        #expect(chatError { _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .shipped) }?
                .category == .invalidData)
        #expect(try chat.brand.shipments().map(\.status) == [.delivered])
    }

    /// A mark dated at the very time of the status applies: only an earlier one is superseded.
    @Test(arguments: TestEngine.selected) func aMarkAtTheSameTimeAsTheStatusApplies(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups]])
        let at = Timestamp(rfc3339: "2026-09-21T09:30:00.000Z")
        _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .inTransit, at: at)
        let same = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, at: at)
        #expect(same.changed && !same.superseded && same.shipment.status == .delivered)
    }

    /// A dry run predicts what the real send does with a key repeated in the file with another number.
    @Test(arguments: TestEngine.selected) func aDryRunSeesAKeyRepeatedWithAnotherNumber(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let rows: [[String: String]] = [["handle": "alice", "key": "k1", "tracking": "RR123456785GB"],
                                        ["handle": "alice", "key": "k1", "tracking": Self.ups]]
        let (_, dry) = try bulk(chat, rows, template: "Your parcel is on its way", options: BulkSendOptions(dryRun: true))
        let (_, real) = try bulk(chat, rows, template: "Your parcel is on its way")
        #expect(dry.map(\.status) == [.wouldSend, .invalid])
        #expect(real.map(\.status) == [.sent, .invalid])

        // A first row whose parcel was recorded with an earlier message records no shipment, so the
        // real send has no number to hold the repeat to: the dry run says what the real run does.
        _ = try bulk(chat, [["handle": "bob", "tracking": Self.ups]], template: "Earlier")
        let repeated: [[String: String]] = [["handle": "bob", "tracking": Self.ups], ["handle": "bob", "tracking": "RR123456785GB"]]
        let (_, dryAgain) = try bulk(chat, repeated, template: "Same text", options: BulkSendOptions(dryRun: true))
        let (_, realAgain) = try bulk(chat, repeated, template: "Same text")
        #expect(dryAgain.map(\.status) == [.wouldSend, .replayed])
        #expect(realAgain.map(\.status) == [.sent, .replayed])
    }

    /// Carriers' webhooks deliver events out of order: a late, older `in-transit` neither undoes
    /// `delivered` nor tells the creator anything.
    @Test(arguments: TestEngine.selected) func aMarkOlderThanTheStatusChangesNothing(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups]])
        let (early, late, later) = (Timestamp(rfc3339: "2026-09-19T10:00:00.000Z"), Timestamp(rfc3339: "2026-09-20T09:30:00.000Z"),
                                    Timestamp(rfc3339: "2026-09-21T08:00:00.000Z"))
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, at: late).changed)
        let stale = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .inTransit, at: early, notify: true)
        #expect(stale.superseded && !stale.changed && stale.notice == nil)
        #expect(stale.shipment.status == .delivered && stale.shipment.statusAt == late)
        #expect(try chat.creator("alice").unread().map(\.unread) == [1], "no notice went out")
        let newer = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .returned, at: later)
        #expect(newer.changed && !newer.superseded && newer.shipment.status == .returned)
    }

    /// A mark without `--at` is dated now and judged like any other: a status dated later (a
    /// carrier's clock a little ahead) stays. A time more than a day ahead is no carrier's event,
    /// and would make every true mark after it look late: refused, nothing changed.
    @Test(arguments: TestEngine.selected) func aMarkIsJudgedByItsTimeWithOrWithoutAtAndNoneIsADayAhead(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups]])
        // Marks are dated on the store's clock (the server's, when it is shared), not the fixture's.
        let now = Timestamp.now().millisecondsSinceEpoch
        let soon = Timestamp(millisecondsSinceEpoch: now + 2 * 3_600_000)
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, at: soon).changed)
        let undated = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .inTransit)
        #expect(undated.superseded && !undated.changed && undated.shipment.status == .delivered)

        let dayAhead = Timestamp(millisecondsSinceEpoch: now + ShipmentRules.futureTolerance + 60_000)
        #expect(chatError { _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups,
                                                            status: .returned, at: dayAhead) }?.category == .usage)
        #expect(try chat.brand.shipments().map(\.status) == [.delivered] && chat.brand.shipments().map(\.statusAt) == [soon])
    }

    /// A status time before 2000 is a missing time sent as 0, not a carrier's event: refused, whatever
    /// the shipment's own age (a carrier's scan may precede the shipment's record), nothing changed.
    @Test(arguments: TestEngine.selected) func aMarkDatedBefore2000IsRefused(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups]])
        for stale in [Timestamp(millisecondsSinceEpoch: 0), Timestamp(rfc3339: "1999-12-31T23:59:59.999Z")] {
            let error = chatError { _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups,
                                                                    status: .delivered, at: stale, notify: true) }
            #expect(error?.category == .usage && error?.description.contains("before 2000-01-01") == true, "\(String(describing: error))")
        }
        #expect(try chat.brand.shipments().map(\.status) == [.shipped])
        #expect(try chat.creator("alice").unread().map(\.unread) == [1], "no notice went out")
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .inTransit,
                                            at: ShipmentRules.earliestStatusTime).changed)
    }
}
