import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

/// `shipment update`'s rules in the library, on both engines: each service's bodies recorded in
/// every shipment of their number, never backwards, once, and creators told once per status.
@Suite struct ShipmentUpdateRules {
    typealias F = CarrierBodyFixtures
    static let ups = "1Z999AA10123456784"
    static let usps = "9400111899223197428497"
    static let shippo = "9205590164917312751089"
    static let shipEngine = "9400111205476899201487"

    /// summer-launch with alice accepted and bob invited; alice has the four services' parcels.
    func fixture(_ engine: TestEngine) throws -> ChatFixture {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        for number in [Self.ups, Self.usps, Self.shippo, Self.shipEngine] {
            _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Parcel \(number)",
                                    shipment: try TrackingRules.check(number, verify: false).shipment)
        }
        return chat
    }

    func update(_ chat: ChatFixture, _ input: String, source: CarrierSource, options: ShipmentUpdateOptions = ShipmentUpdateOptions(),
                as service: ChatService? = nil) throws -> (ShipmentUpdateSummary, [ShipmentUpdateResult]) {
        let reader = try CarrierUpdateReader(bytes: Array(input.utf8), source: source)
        var results: [ShipmentUpdateResult] = []
        let summary = try (service ?? chat.brand).updateShipments(options: options, next: { try reader.next() }, report: { results.append($0) })
        return (summary, results)
    }

    /// A short AfterShip `tracking_update`: the fields campaignchat reads.
    static func afterShipUpdate(_ number: String, _ tag: String, at time: String) -> String {
        #"{"event":"tracking_update","msg":{"tracking_number":"\#(number)","tag":"\#(tag)","updated_at":"\#(time)"}}"#
    }

    /// A body on one line, as a relay appends it to a JSON Lines file.
    static func line(_ body: String) -> String {
        body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    func shipment(_ chat: ChatFixture, _ number: String) throws -> Shipment {
        try #require(chat.brand.shipments().first { $0.number == number })
    }

    @Test(arguments: TestEngine.selected) func eachServicesBodyTakesItsStatusAtTheCarriersTime(engine: TestEngine) throws {
        let chat = try fixture(engine)
        for (body, source) in [(F.afterShip, CarrierSource.aftership), (F.easyPost, .easypost), (F.shippo, .shippo), (F.shipEngine, .shipengine)] {
            let (summary, results) = try update(chat, body, source: source)
            #expect(results.map(\.outcome) == [.applied], "\(source)")
            #expect(summary[.applied] == 1 && results[0].previousStatus == .shipped && results[0].campaign == "summer-launch")
        }
        #expect(try shipment(chat, Self.ups).status == .outForDelivery)
        #expect(try shipment(chat, Self.ups).statusAt == Timestamp(rfc3339: "2026-12-01T14:58:00.000Z"), "09:58-05:00 is 14:58 UTC")
        #expect(try shipment(chat, Self.usps).status == .delivered, "the number in groups is the shipment's")
        #expect(try shipment(chat, Self.shippo).status == .outForDelivery, "its substatus narrows TRANSIT")
        #expect(try shipment(chat, Self.shipEngine).status == .delivered)
        #expect(try shipment(chat, Self.shipEngine).statusAt == Timestamp(rfc3339: "2026-12-03T16:21:00.000Z"))
    }

    /// A retried webhook changes nothing, an older body is superseded, and a newer body of the same
    /// status moves only the last-event time: a parcel still moving is not stale.
    @Test(arguments: TestEngine.selected) func neverBackwardsAndOnce(engine: TestEngine) throws {
        let chat = try fixture(engine)
        func body(_ tag: String, _ at: String) -> String {
            #"{"event":"tracking_update","msg":{"tracking_number":"\#(Self.ups)","slug":"ups","tag":"\#(tag)","updated_at":"\#(at)"}}"#
        }
        let input = [body("InTransit", "2026-12-01T10:00:00+00:00"), body("Delivered", "2026-12-02T10:00:00+00:00"),
                     body("InTransit", "2026-12-01T12:00:00+00:00"), body("Delivered", "2026-12-02T10:00:00+00:00"),
                     body("Delivered", "2026-12-03T08:00:00+01:00")].joined(separator: "\n")
        let (_, first) = try update(chat, input, source: .aftership)
        #expect(first.map(\.outcome) == [.applied, .applied, .superseded, .unchanged, .unchanged])
        let delivered = try shipment(chat, Self.ups)
        #expect(delivered.statusAt == Timestamp(rfc3339: "2026-12-02T10:00:00.000Z"))
        #expect(delivered.eventAt == Timestamp(rfc3339: "2026-12-03T07:00:00.000Z"), "the newer body moved the last-event time")
        let (_, again) = try update(chat, input, source: .aftership)
        #expect(again.map(\.outcome) == [.superseded, .unchanged, .superseded, .unchanged, .unchanged], "a re-run applies nothing twice")
        let changes = try chat.brand.events(after: 0).filter { $0.kind == .shipmentStatusChanged }
        #expect(changes.compactMap(\.shipment).map { [$0.previousStatus, $0.status] } == [[.shipped, .inTransit], [.inTransit, .delivered]])
        #expect(changes.first?.shipment?.statusAt == Timestamp(rfc3339: "2026-12-01T10:00:00.000Z") && changes.first?.shipment?.carrierName == "UPS")
    }

    @Test(arguments: TestEngine.selected) func unknownInvalidIgnoredAndArchivedEachGiveOneResult(engine: TestEngine) throws {
        let chat = try fixture(engine)
        // The same number in a second campaign, which is then archived.
        _ = try chat.brand.createCampaign(name: "Winter")
        _ = try chat.brand.createGroup(campaign: "winter", name: "A")
        _ = try chat.brand.invite(campaign: "winter", group: "A", handles: ["bob"])
        _ = try chat.brand.changeStatus(.accept, campaign: "winter", handle: "bob")
        _ = try chat.brand.send(campaign: "winter", handle: "bob", body: "Parcel", shipment: try TrackingRules.check(Self.ups).shipment)
        _ = try chat.brand.archiveCampaign("winter")
        let input = [
            #"{"event":"tracking_update","msg":{"tracking_number":"1z999aa1-0123456784","tag":"InTransit","updated_at":"2026-12-01T10:00:00Z"}}"#,
            #"{"event":"tracking_update","msg":{"tracking_number":"NOT-OURS-1","tag":"InTransit"}}"#,
            #"{"event":"tracking_update","msg":{"tag":"Delivered"}}"#,
            #"{"event":"tracking_update","msg":{"tracking_number":"\#(Self.ups)","tag":"Pending"}}"#,
            #"{"event":"tracking_update","msg":{"tracking_number":"\#(Self.ups)","tag":"Delivered","updated_at":"1970-01-01T00:00:00Z"}}"#,
            #"{"event":"tracking_update","msg":{"tracking_number":"\#(Self.ups)","#,
        ].joined(separator: "\n")
        let (summary, results) = try update(chat, input, source: .aftership)
        #expect(results.map(\.outcome) == [.applied, .archived, .unknown, .invalid, .ignored, .invalid, .invalid])
        #expect(results.map(\.line) == [1, 1, 2, 3, 4, 5, 6])
        #expect(results[1].campaign == "winter" && results[1].creator?.description == "@bob")
        #expect(results[2].trackingNumber == "NOTOURS1" && results[2].status == .inTransit, "the number as recognised")
        #expect(summary[.invalid] == 3 && summary[.unknown] == 1)
        #expect(try chat.brand.shipments(campaign: "winter").map(\.status) == [.shipped], "an archived campaign's shipment is left as it is")
    }

    /// Notices go once per shipment and status, whichever command sends them, only for applied
    /// statuses, never to a creator who may not be messaged (the status is still recorded), and
    /// never mark a thread read.
    @Test(arguments: TestEngine.selected) func noticesGoOncePerShipmentAndStatus(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "When does it come?")
        let notify = ShipmentUpdateOptions(notifyOn: [.outForDelivery, .delivered],
                                           template: try MessageTemplate("Hi {name}: {carrier} {tracking_number} is {status_text} ({status}) {tracking_url} {handle}"))
        _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.usps, status: .delivered,
                                        at: Timestamp(rfc3339: "2026-12-02T17:00:00.000Z"), notify: true)
        let (summary, results) = try update(chat, [F.afterShip, F.easyPost].map(Self.line).joined(separator: "\n"), source: .aftership,
                                            options: notify)
        #expect(results.map(\.outcome) == [.applied, .invalid], "an EasyPost body is no AfterShip body")
        #expect(results[0].notified && summary.notified == 1)
        var messages: [Message] = []
        try chat.brand.export { messages.append($0.message) }
        let notice = try #require(messages.last)
        #expect(notice.body == "Hi Alice: UPS \(Self.ups) is out for delivery (out-for-delivery) https://www.ups.com/track?tracknum=\(Self.ups) @alice")
        #expect(try chat.brand.unread().map(\.unread) == [1], "the creator's question stays unread for the brand")

        // EasyPost's delivered body for a parcel `shipment mark --notify` already told of: the mark dated delivered
        // 17:00Z, the body 11:48-06:00 (17:48Z), later, so the status is there already: unchanged, not superseded.
        let (_, easy) = try update(chat, F.easyPost, source: .easypost, options: notify)
        #expect(easy.map(\.outcome) == [.unchanged])
        #expect(!easy[0].notified)
        // A status the mark told of, applied again after another status: the creator was told before.
        _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.usps, status: .exception,
                                        at: Timestamp(rfc3339: "2026-12-03T10:00:00.000Z"))
        let body = #"{"description":"tracker.updated","result":{"tracking_code":"\#(Self.usps)","status":"delivered","updated_at":"2026-12-04T10:00:00Z"}}"#
        let (_, redelivered) = try update(chat, body, source: .easypost, options: notify)
        #expect(redelivered.map(\.outcome) == [.applied] && !redelivered[0].notified)
        #expect(redelivered[0].notNotified?.hasPrefix("the creator was told of delivered before (message ") == true)

        // Bob may not be messaged: his parcel's status is recorded, and the result says why no one was told.
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "Parcel", shipment: try TrackingRules.check("3318810025").shipment)
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "bob")
        let bobs = Self.afterShipUpdate("3318810025", "Delivered", at: "2026-12-01T10:00:00Z")
        let (_, removed) = try update(chat, bobs, source: .aftership, options: notify)
        #expect(removed.map(\.outcome) == [.applied] && !removed[0].notified)
        #expect(removed[0].notNotified?.contains("not accepted") == true, "\(removed[0].notNotified ?? "")")
        #expect(try shipment(chat, "3318810025").status == .delivered)
        #expect(try chat.count("SELECT count(*) FROM shipment_notice") == 2)
    }

    /// A dry run reports what a run would do, writes nothing, and sees its own earlier bodies.
    @Test(arguments: TestEngine.selected) func aDryRunWritesNothing(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let input = [F.afterShip, F.afterShip].map(Self.line).joined(separator: "\n")
        let (summary, results) = try update(chat, input, source: .aftership,
                                            options: ShipmentUpdateOptions(notifyOn: [.outForDelivery], dryRun: true))
        #expect(results.map(\.outcome) == [.wouldApply, .unchanged] && results[0].notified && summary.notified == 1)
        #expect(try shipment(chat, Self.ups).status == .shipped)
        #expect(try chat.count("SELECT count(*) FROM shipment_notice") == 0)
    }

    /// Events: the creator sees their own parcels' changes only; unread is untouched without a notice;
    /// shipment list finds the stuck parcels.
    @Test(arguments: TestEngine.selected) func creatorsSeeTheirOwnChangesAndStaleParcelsAreListed(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "Parcel", shipment: try TrackingRules.check("3318810025").shipment)
        let unreadBefore = try chat.creator("alice").unread().map(\.unread)
        let bobs = Self.afterShipUpdate("3318810025", "InTransit", at: "2026-12-01T10:00:00Z")
        _ = try update(chat, [Self.line(F.afterShip), bobs].joined(separator: "\n"), source: .aftership)
        #expect(try chat.creator("alice").unread().map(\.unread) == unreadBefore, "a status without a notice reads and writes no thread")
        let alices = try chat.creator("alice").events(after: 0).filter { $0.kind == .shipmentStatusChanged }
        #expect(alices.map(\.creator?.description) == ["@alice"] && alices.first?.shipment?.number == Self.ups)
        #expect(try chat.creator("bob").events(after: 0).filter { $0.kind == .shipmentStatusChanged }.map(\.shipment?.number) == ["3318810025"])
        #expect(try chat.brand.events(after: 0).filter { $0.kind == .shipmentStatusChanged }.count == 2)

        #expect(try chat.brand.shipments(statuses: [.outForDelivery, .inTransit]).map(\.number) == [Self.ups, "3318810025"])
        // The updates are dated 2026-12-01; the shipments without news since they were recorded (by the fixture's clock, 2026-09).
        // Delivered long ago: stuck by its age, were a delivered parcel ever stuck.
        _ = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.usps, status: .delivered,
                                        at: Timestamp(rfc3339: "2026-10-01T00:00:00.000Z"))
        let stale = try chat.brand.shipments(staleDays: 30).map(\.number)
        #expect(stale.contains(Self.shippo) && !stale.contains(Self.usps), "a delivered parcel is never stuck")
        #expect(try chat.brand.shipments(staleDays: 100_000).isEmpty)
    }

    @Test(arguments: TestEngine.selected) func onlyTheBrandUpdatesShipments(engine: TestEngine) throws {
        let chat = try fixture(engine)
        #expect(chatError { _ = try update(chat, F.afterShip, source: .aftership, as: try chat.creator("alice")) }?.category == .notPermitted)
        #expect(try shipment(chat, Self.ups).status == .shipped)
    }

    @Test func aSignatureIsCheckedOverTheWholeInput() throws {
        let body = Array(F.afterShip.utf8)
        let aftership = try #require(WebhookSignature(source: .aftership))
        // Computed apart from the code under test: the fixture's bytes written to a file (1,548 bytes, no final newline), then
        // `openssl dgst -sha256 -hmac s3cret -binary aftership.json | base64` (python3's hmac module agrees).
        let good = "5PC1DnffxgMocqlHvrDsyJrnm+oZN0kPn8rqpyEbU7g="
        #expect(body.count == 1_548, "the bytes the signature was computed over")
        #expect(throws: Never.self) { try aftership.requireSigned(body, signature: good, secret: "s3cret") }
        #expect(chatError { try aftership.requireSigned(body + [0x0A], signature: good, secret: "s3cret") }?.category == .notPermitted)
        #expect(chatError { try aftership.requireSigned(body, signature: good, secret: "other") }?.category == .notPermitted)
    }
}

/// What telling creators reads is read once per chunk for its shipments, not once per body: on
/// PostgreSQL one query for the chunk's notices and one per campaign for its creators; on SQLite,
/// measured here by its statement trace, one per shipment and one per creator.
@Suite struct ShipmentUpdateReads {
    @Test func aChunkReadsItsNoticesAndCreatorsOnce() throws {
        let chat = try ShipmentUpdateRules().fixture(.sqlite)
        let store = try #require(chat.database as? SQLiteTestDatabase).openSQLiteStore()
        let statements = StatementLog(store.database)
        // Each parcel delivered, then a problem, then delivered again: two applied deliveries each, one notice each.
        let input = [ShipmentUpdateRules.ups, ShipmentUpdateRules.usps].flatMap { number in
            [("Delivered", "2026-12-01T10:00:00Z"), ("Exception", "2026-12-01T11:00:00Z"), ("Delivered", "2026-12-01T12:00:00Z")].map { tag, at in
                ShipmentUpdateRules.afterShipUpdate(number, tag, at: at)
            }
        }.joined(separator: "\n")
        let (summary, results) = try ShipmentUpdateRules().update(chat, input, source: .aftership, options: ShipmentUpdateOptions(notifyOn: [.delivered]),
                                                                  as: chat.service(on: store))
        #expect(results.map(\.outcome) == Array(repeating: .applied, count: 6) && summary.notified == 2)
        #expect(results.map(\.notified) == [true, false, false, true, false, false])
        #expect(results[2].notNotified?.hasPrefix("the creator was told of delivered before") == true, "the chunk's own notice is replayed")
        let write = try #require(statements.writes.last)
        #expect(write.filter { $0.contains("FROM shipment_notice") }.count == 2, "one per shipment: \(write)")
        #expect(write.filter { $0.hasPrefix("SELECT cr.id, cr.handle, cr.name, cr.created_at, cr.push_token") }.count == 1, "one per creator")
    }
}
