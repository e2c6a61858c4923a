import Testing
@testable import CampaignChat

/// Schema version 10: shipments take every carrier status, and the notices sent before (brand
/// messages keyed shipment:ID:STATUS) still count as sent, whichever command asks again.
@Suite struct ShipmentNoticeMigration {
    static let ups = "1Z999AA10123456784"

    /// A version 9 database, as campaignchat wrote it: alice was told her parcel was delivered.
    static let versionNineHistory = """
        INSERT INTO campaign (id, slug, name, created_at) VALUES (1, 'summer-launch', 'Summer Launch', '2026-09-01T10:00:00.000Z');
        INSERT INTO creator_group (id, campaign_id, name, created_at) VALUES (1, 1, 'A', '2026-09-01T10:00:00.000Z');
        INSERT INTO creator (id, handle, name, created_at) VALUES (1, 'alice', 'Alice', '2026-09-01T10:00:00.000Z');
        INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) VALUES (1, 1, 1, 'accepted', '2026-09-01T10:00:00.000Z');
        INSERT INTO thread (id, campaign_id, creator_id, created_at, brand_sent, last_message_id, last_message_at)
            VALUES (1, 1, 1, '2026-09-01T10:00:00.000Z', 3, 3, '2026-09-03T10:00:00.000Z');
        INSERT INTO message (id, thread_id, sender, sender_seq, body, sent_at, idempotency_key) VALUES
            (1, 1, 'brand', 1, 'Your parcel \(ups)', '2026-09-01T10:00:00.000Z', NULL),
            (2, 1, 'brand', 2, 'Shipment update: delivered', '2026-09-02T10:00:00.000Z', 'shipment:1:delivered'),
            (3, 1, 'brand', 3, 'Order 7', '2026-09-03T10:00:00.000Z', 'shipment:ORDER-7');
        INSERT INTO shipment (id, campaign_id, creator_id, carrier, number, message_id, status, status_at, created_at)
            VALUES (1, 1, 1, 'ups', '\(ups)', 1, 'delivered', '2026-09-02T10:00:00.000Z', '2026-09-01T10:00:00.000Z');
        """

    @Test(arguments: TestEngine.selected) func aVersionNineNoticeStillCountsAndEveryStatusCanBeMarked(engine: TestEngine) throws {
        let database = try engine.makeDatabase()
        try database.createSchema(version: 9)
        try database.execute(Self.versionNineHistory)
        if engine == .postgres {  // rows given their ids: the identities go on after them
            try database.execute(["campaign", "creator_group", "creator", "thread", "message", "shipment"]
                .map { "SELECT setval(pg_get_serial_sequence('\($0)', 'id'), 10);" }.joined(separator: "\n"))
        }
        let chat = try ChatFixture(database)
        #expect(try database.schemaVersion() == SchemaHistory.latestVersion)
        #expect(try chat.count("SELECT count(*) FROM shipment_notice") == 1, "only the shipment:ID:STATUS key is a notice")
        let again = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, notify: true)
        #expect(again.notice?.replayed == true && again.notice?.message.id == 2, "told before the upgrade: told")
        // The carriers' statuses pass the shipment's CHECK on the connection that migrated, and on a new one.
        let out = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .outForDelivery,
                                              at: Timestamp(rfc3339: "2026-09-04T10:00:00.000Z"), notify: true)
        #expect(out.changed && out.notice?.replayed == false)
        let other = chat.service(on: try database.openStore())
        for status in [ShipmentStatus.availableForPickup, .failedAttempt, .exception] {
            #expect(try other.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: status).changed)
        }
        #expect(try chat.count("SELECT count(*) FROM message") == 4)
    }
}
