import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

@Suite struct BulkSending {
    /// Records as the reader would give them, from `(line, handle, tracking)`.
    func records(_ rows: [(Int, String, String)]) -> [BulkRecord] {
        rows.map { .row(BulkRow(line: $0.0, fields: ["handle": $0.1, "parcel": $0.2])) }
    }

    func run(_ chat: ChatFixture, _ records: [BulkRecord], template: String = "Parcel {parcel}",
             options: BulkSendOptions = BulkSendOptions()) throws -> (BulkSummary, [BulkRowResult]) {
        var remaining = records[...]
        var results: [BulkRowResult] = []
        let summary = try chat.brand.bulkSend(campaign: "summer-launch", template: try MessageTemplate(template), options: options,
                                              next: { remaining.popFirst() }, report: { results.append($0) })
        return (summary, results)
    }

    @Test(arguments: TestEngine.selected) func reportsEveryRowInOrderWithItsReason(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let (summary, results) = try run(chat, records([(2, "alice", "A"), (3, "bob", "B"), (4, "zed", "C"), (5, "", "D")])
                                               + [.invalid(line: 6, message: "expected 2 fields, found 3")])
        #expect(results.map(\.status) == [.sent, .refused, .refused, .invalid, .invalid])
        #expect(results.map(\.row) == [1, 2, 3, 4, 5])
        #expect(results.map(\.failure) == [nil, .notPermitted, .notFound, .invalidData, .invalidData])
        #expect(results[1].error == "line 3: @bob is invited in 'summer-launch', not accepted: only accepted creators can chat")
        #expect(results[4].error == "line 6: expected 2 fields, found 3")
        #expect(summary[.sent] == 1 && summary[.refused] == 2 && summary[.invalid] == 2)
        #expect(summary.worstFailure == .notPermitted)
    }

    @Test(arguments: TestEngine.selected) func aBulkSendLeavesEveryRedDotUnlessAskedToMarkRead(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "Where is my parcel?")
        #expect(try chat.brand.unread().map(\.unread) == [1])
        _ = try run(chat, records([(2, "alice", "1Z999")]))
        #expect(try chat.brand.unread().map(\.unread) == [1], "a bulk send read nothing: the question stays a red dot")
        #expect(try chat.creator("alice").unread().map(\.unread) == [1])
        let sent = try chat.brand.events(after: 0).filter { $0.kind == .messageSent }.map(\.markedRead)
        #expect(sent == [true, false], "the creator's send read the thread, the bulk one did not")

        _ = try run(chat, records([(2, "alice", "1Z998")]), options: BulkSendOptions(markRead: true))
        #expect(try chat.brand.unread().isEmpty, "--mark-read reads each thread it writes to")
        #expect(try chat.brand.events(after: 0).last?.markedRead == true)
    }

    @Test(arguments: TestEngine.selected) func worstFailureRanksNotPermittedThenInvalidThenNotFound(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        #expect(try run(chat, records([(2, "zed", "A")])).0.worstFailure == .notFound)
        #expect(try run(chat, records([(2, "zed", "A"), (3, "", "B")])).0.worstFailure == .invalidData)
        #expect(try run(chat, records([(2, "", "B"), (3, "carol", "C"), (4, "zed", "A")])).0.worstFailure == .notPermitted)
        #expect(try run(chat, records([(2, "alice", "A")])).0.worstFailure == nil)
    }

    @Test(arguments: TestEngine.selected) func rerunReplaysAndAChangedRowAloneIsSent(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try run(chat, records([(2, "alice", "A"), (3, "bob", "B")]))
        #expect(try run(chat, records([(2, "alice", "A"), (3, "bob", "B")])).1.map(\.status) == [.replayed, .replayed])
        #expect(try run(chat, records([(2, "alice", "A"), (3, "bob", "B2")])).1.map(\.status) == [.replayed, .sent])
        #expect(try chat.count("SELECT count(*) FROM message") == 3)
    }

    @Test(arguments: TestEngine.selected) func profileFieldsFillNameAndHandle(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let (_, results) = try run(chat, records([(2, "@ALICE", "A")]), template: "Hi {name} ({handle}): {parcel} {{ok}}")
        var bodies: [String] = []
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { bodies.append($0.body) }
        #expect(results.map(\.status) == [.sent])
        #expect(bodies == ["Hi Alice (@alice): A {ok}"])
    }

    @Test(arguments: TestEngine.selected) func dryRunWritesNothing(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let (_, results) = try run(chat, records([(2, "alice", "A"), (3, "bob", "B")]), options: BulkSendOptions(dryRun: true))
        #expect(results.map(\.status) == [.wouldSend, .refused])
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
    }

    @Test(arguments: TestEngine.selected) func dryRunPredictsRowsThatRepeatAKeyWithinTheFile(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let rows: [BulkRecord] = [
            .row(BulkRow(line: 2, fields: ["handle": "alice", "parcel": "A", "key": "k"])),
            .row(BulkRow(line: 3, fields: ["handle": "alice", "parcel": "B", "key": "k"])),
            .row(BulkRow(line: 4, fields: ["handle": "alice", "parcel": "C"])),
            .row(BulkRow(line: 5, fields: ["handle": "alice", "parcel": "C"])),
        ]
        let (_, dry) = try run(chat, rows, options: BulkSendOptions(dryRun: true))
        #expect(dry.map(\.status) == [.wouldSend, .invalid, .wouldSend, .replayed])
        #expect(dry[1].error == "line 3: key 'k' was already used for a different message; nothing was sent")
        let (_, real) = try run(chat, rows)
        #expect(real.map(\.status) == [.sent, .invalid, .sent, .replayed])
    }

    @Test(arguments: TestEngine.selected) func atomicRollsBackEverythingWhenOneRowFails(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let (summary, results) = try run(chat, records([(2, "alice", "A"), (3, "bob", "B")]), options: BulkSendOptions(atomic: true, chunkSize: 1))
        #expect(summary.rolledBack)
        #expect(results.map(\.status) == [.wouldSend, .refused])
        #expect(results[0].messageID == nil)
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
        #expect(try chat.count("SELECT count(*) FROM thread") == 0)
    }

    @Test(arguments: TestEngine.selected) func chunksCommittedBeforeAFatalInputErrorStay(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        var remaining = records([(2, "alice", "A"), (3, "alice", "B"), (4, "alice", "C")])[...]
        var reported: [BulkRowStatus] = []
        #expect(throws: BulkInputError(line: 5, message: "unterminated quote")) {
            _ = try chat.brand.bulkSend(campaign: "summer-launch", template: try MessageTemplate("{parcel}"),
                                        options: BulkSendOptions(chunkSize: 2),
                                        next: {
                                            if let record = remaining.popFirst() { return record }
                                            throw BulkInputError(line: 5, message: "unterminated quote")
                                        },
                                        report: { reported.append($0.status) })
        }
        // The first chunk (2 rows) committed and was reported; the third row's chunk never was.
        #expect(reported == [.sent, .sent])
        #expect(try chat.count("SELECT count(*) FROM message") == 2)
    }

    @Test(arguments: TestEngine.selected) func onlyTheBrandSendsInBulkAndArchivedCampaignsRefuse(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let alice = try chat.creator("alice")
        #expect(chatError {
            _ = try alice.bulkSend(campaign: "summer-launch", template: try MessageTemplate("x"), options: BulkSendOptions(),
                                   next: { nil }, report: { _ in })
        } == .brandOnly(action: "send in bulk"))
        // Sent before the campaign was archived, a row replays; a new one is refused (77), row by row.
        _ = try run(chat, records([(2, "alice", "A")]))
        _ = try chat.brand.archiveCampaign("summer-launch")
        let (summary, results) = try run(chat, records([(2, "alice", "A"), (3, "alice", "B")]))
        #expect(results.map(\.status) == [.replayed, .refused])
        #expect(results[1].error == "line 3: \(CampaignChatError.campaignArchived("summer-launch").description)")
        #expect(summary.worstFailure == .notPermitted)
        #expect(try chat.count("SELECT count(*) FROM message") == 1)
    }

    /// A tracking column named on the command line that a row lacks (JSON Lines rows have their
    /// own keys) fails that row: its number would otherwise go out unverified.
    @Test(arguments: TestEngine.selected) func aRowWithoutTheNamedTrackingColumnIsInvalid(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let rows: [BulkRecord] = [.row(BulkRow(line: 1, fields: ["handle": "alice", "tracking": "1Z999AA10123456785"]))]
        let (summary, results) = try run(chat, rows, template: "num {tracking}", options: BulkSendOptions(trackingColumn: "trackng"))
        #expect(results.map(\.status) == [.invalid])
        #expect(results[0].error == "line 1: no 'trackng' (--tracking-column) in this row")
        #expect(summary.worstFailure == .invalidData)
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
        // A `null` there is the column, empty: no parcel for that row, as an empty cell.
        let noParcel: [BulkRecord] = [.row(BulkRow(line: 2, fields: ["handle": "alice"], nullKeys: ["trackng"]))]
        let (_, sent) = try run(chat, noParcel, template: "no parcel yet", options: BulkSendOptions(trackingColumn: "trackng"))
        #expect(sent.map(\.status) == [.sent])
    }

    @Test func unknownPlaceholdersAreThoseNoColumnProfileOrTrackingNumberFills() throws {
        let template = try MessageTemplate("{name} {handle} {tracking} {carrier} {tracking_url}")
        #expect(unknownPlaceholders(in: template, columns: ["handle", "parcel"]) == ["tracking", "carrier", "tracking_url"])
        #expect(unknownPlaceholders(in: template, columns: ["handle", "tracking"]) == [], "a tracking column fills {carrier} and {tracking_url}")
        #expect(unknownPlaceholders(in: template, columns: ["handle", "parcel"], trackingColumn: "parcel") == ["tracking"])
    }
}
