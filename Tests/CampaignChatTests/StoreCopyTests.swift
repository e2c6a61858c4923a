import Testing
@testable import CampaignChat

/// The engine-blind copy (`db copy`): the one list of tables against each engine's schema, and
/// a copy that stops half-way.
@Suite struct StoreCopyTests {
    /// Every column of every table, `table.column`, as the engine's catalog lists them.
    static let schemaColumns: [TestEngine: String] = [
        .sqlite: """
            SELECT m.name || '.' || p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'message_fts%'
            """,
        // Not the generated search column: the server computes it from the body.
        .postgres: """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_generated = 'NEVER'
            """,
    ]

    @Test(arguments: TestEngine.selected) func theCopiedTablesHoldEveryColumnOfTheSchema(engine: TestEngine) throws {
        let database = try engine.makeDatabase()
        _ = try database.openStore()
        let schema = Set(try database.texts(try #require(Self.schemaColumns[engine])))
        let copied = Set(CopiedTables.all.flatMap { table in table.columns.map { "\(table.name).\($0.name)" } })
        // The version is the target's own; the prune horizon travels through finishCopy.
        #expect(schema.subtracting(["campaignchat_schema.version", "event_horizon.pruned_before"]) == copied)
    }

    @Test(arguments: TestEngine.selected) func aCopyStoppedHalfWayLeavesTheTargetEmptyAndCanBeRunAgain(engine: TestEngine) throws {
        let source = try ChatFixture()
        try source.seedCampaign()
        _ = try source.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel: 1Z999AA10123456784", key: "k1")
        _ = try source.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "Thanks!")
        let target = try engine.makeDatabase()
        let store = try target.openStore()
        var batches = 0
        let stopping = CopyOptions(sourceName: "source", targetName: "target", isInterrupted: {
            batches += 1
            return batches > 5
        })
        #expect(throws: OperationInterrupted.self) { try StoreCopy.copy(from: source.store, to: store, options: stopping) }
        #expect(batches == 6, "stopped before the messages")
        for table in CopiedTables.all { #expect(try target.integer("SELECT count(*) FROM \(table.name)") == 0, "\(table.name)") }

        var progress: [CopyProgress] = []
        let summary = try StoreCopy.copy(from: source.store, to: store,
                                         options: CopyOptions(sourceName: "source", targetName: "target", progress: { progress.append($0) }))
        #expect(summary.counts.map(\.label) == CopiedTables.all.map(\.label))
        #expect(summary.counts.first { $0.label == "messages" }?.count == 2)
        #expect(progress.filter { $0.label == "messages" } == [CopyProgress(label: "messages", copied: 0, total: 2),
                                                                CopyProgress(label: "messages", copied: 2, total: 2)])
        let copied = source.service(on: store)
        #expect(try copied.search("1Z999AA10123456784").map(\.message.key) == ["k1"])
    }

    /// Ctrl-C while the last batch is in or the search index is being built still rolls back.
    @Test(arguments: TestEngine.selected) func aCopyStoppedJustBeforeItsCommitLeavesTheTargetEmpty(engine: TestEngine) throws {
        let source = try ChatFixture()
        try source.seedCampaign()
        _ = try source.brand.send(campaign: "summer-launch", handle: "alice", body: "Hello", key: "k1")
        var asked = 0
        let counting = try engine.makeDatabase()
        var batches = 0
        _ = try StoreCopy.copy(from: source.store, to: try counting.openStore(),
                               options: CopyOptions(sourceName: "source", targetName: "target", progress: { if $0.copied > 0 { batches += 1 } },
                                                    isInterrupted: { asked += 1; return false }))
        #expect(asked == batches + 1, "asked before each batch and once more before the commit")
        let target = try engine.makeDatabase()
        var remaining = asked
        let lastQuestion = CopyOptions(sourceName: "source", targetName: "target", isInterrupted: { remaining -= 1; return remaining == 0 })
        #expect(throws: OperationInterrupted.self) { try StoreCopy.copy(from: source.store, to: try target.openStore(), options: lastQuestion) }
        for table in CopiedTables.all { #expect(try target.integer("SELECT count(*) FROM \(table.name)") == 0, "\(table.name)") }
    }
}
