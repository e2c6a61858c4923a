import Testing
@testable import CampaignChat

/// `shipment list --stale` asks the store's query (`StoredQueries.lastNewsAt`) for the stuck
/// parcels; `ShipmentRules.isStale` is the rule. On the same shipments, in every status and with
/// every mix of status, event and record times, the query finds exactly the ones the rule calls stale.
@Suite struct ShipmentStaleness {
    static let times = ["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]

    /// alice's shipments: each status with the status and event times unset, one set, or both in either order.
    func fixture(_ engine: TestEngine) throws -> (ChatFixture, [Shipment]) {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let (t1, t2, t3) = (Self.times[0], Self.times[1], Self.times[2])
        let mixes: [(created: String, statusAt: String?, eventAt: String?)] = [
            (t1, nil, nil), (t2, t1, nil), (t1, nil, t3), (t1, t2, t3), (t1, t3, t2), (t3, t2, t2),
        ]
        for (index, (status, mix)) in ShipmentStatus.allCases.flatMap({ status in mixes.map { (status, $0) } }).enumerated() {
            let sent = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Parcel \(index)",
                                           shipment: ShipmentDraft(carrierID: nil, number: "PARCEL\(index)"))
            func text(_ time: String?) -> String { time.map { "'\($0)'" } ?? "NULL" }
            try chat.database.execute("""
                UPDATE shipment SET status = '\(status.rawValue)', created_at = '\(mix.created)', status_at = \(text(mix.statusAt)),
                                    event_at = \(text(mix.eventAt))
                WHERE message_id = \(sent.message.id)
                """)
        }
        return (chat, try chat.brand.shipments())
    }

    @Test(arguments: TestEngine.selected) func theStoresQueryFindsWhatTheRuleCallsStale(engine: TestEngine) throws {
        let (chat, all) = try fixture(engine)
        #expect(all.count == ShipmentStatus.allCases.count * 6)
        var found: Set<Int> = []
        // Every time a shipment was last heard of, and a millisecond either side of it.
        let cutoffs = Self.times.map { Timestamp(rfc3339: $0).millisecondsSinceEpoch }.flatMap { [$0 - 1, $0, $0 + 1] }
        for cutoff in cutoffs {
            let now = Timestamp(millisecondsSinceEpoch: cutoff + 86_400_000)
            let stale = try #require(ShipmentRules.staleness(days: 1, now: now))
            #expect(stale.lastNewsAtOrBefore.millisecondsSinceEpoch == cutoff)
            let listed = try chat.store.read { tx in
                try tx.shipments(campaignID: nil, creatorID: nil, carrierID: nil, statuses: stale.statuses, lastNewsAtOrBefore: stale.lastNewsAtOrBefore)
            }
            #expect(listed.map(\.id) == all.filter { ShipmentRules.isStale($0, days: 1, now: now) }.map(\.id), "\(now)")
            found.insert(listed.count)
        }
        #expect(found.contains(0) && found.contains(all.count - 12), "none stuck before the first time, every one not final after the last")
    }

    /// The service narrows by the statuses asked and the stale rule together, on the store's clock (now: 2026-01 is long past).
    @Test(arguments: TestEngine.selected) func statusesAndStalenessNarrowTogether(engine: TestEngine) throws {
        let (chat, all) = try fixture(engine)
        let statuses: Set<ShipmentStatus> = [.inTransit, .delivered, .lost]
        let listed = try chat.brand.shipments(statuses: statuses, staleDays: 1).map(\.id)
        #expect(listed == all.filter { $0.status == .inTransit || $0.status == .lost }.map(\.id))
        #expect(try chat.brand.shipments(statuses: statuses).count == 18)
        #expect(try chat.brand.shipments(statuses: [.delivered, .returned], staleDays: 1).isEmpty)
        #expect(try chat.creator("alice").shipments(statuses: [.lost], staleDays: 1).count == 6)
        #expect(try chat.creator("bob").shipments(statuses: [.lost], staleDays: 1).isEmpty)
        // A span reaching back before 1970, or not fitting in milliseconds, finds nothing, and does not trap.
        #expect(try chat.brand.shipments(staleDays: 100_000).isEmpty)
        #expect(try chat.brand.shipments(staleDays: Int.max).isEmpty)
        // A span forward in time is no staleness (the command line refuses it before).
        #expect(ShipmentRules.staleness(days: -1, now: Timestamp(millisecondsSinceEpoch: 86_400_000)) == nil)
    }
}
