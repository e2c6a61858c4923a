import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

/// `thread read --follow` and `unread list --follow` work out once what cannot change while they
/// follow (the campaign's and the creator's ids) and read each wake-up in one statement, which
/// also reads what can (the creator's access, the thread once it starts, its counts).
@Suite struct FollowerReads {
    static let alice = try! Handle(parsing: "alice")

    /// The seeded campaign, and a store of its own for a follower, whose statements are logged.
    func measured() throws -> (ChatFixture, SQLiteChatStore, StatementLog) {
        let chat = try ChatFixture()
        try chat.seedCampaign()
        let store = try #require(chat.database as? SQLiteTestDatabase).openSQLiteStore()
        return (chat, store, StatementLog(store.database))
    }

    /// `followThread` of alice's thread on a thread of its own, handing each message over.
    func threadFollower(_ service: ChatService, markRead: Bool = true) throws -> BackgroundFollower<Message> {
        nonisolated(unsafe) let service = service
        return try BackgroundFollower { stop, handOver in
            try service.followThread(campaign: "summer-launch", handle: Self.alice, markRead: markRead, stop: stop, each: handOver)
            return 0
        }
    }

    /// `followUnread` of a campaign on a thread of its own, handing over `initial` once and then
    /// each change: the creator's handle and the dot's count, 0 when it went out.
    func unreadFollower(_ service: ChatService) throws -> BackgroundFollower<String> {
        nonisolated(unsafe) let service = service
        return try BackgroundFollower { stop, handOver in
            try service.followUnread(campaign: "summer-launch", stop: stop, initial: { _ in handOver("initial") },
                                     changed: { key, now in handOver("\(key.creator) \(now?.unread ?? 0)") })
            return 0
        }
    }

    /// Measured with SQLite's statement trace on the follower's own connection; marking read is
    /// a write of its own, after the read, and not counted. A creator follows (the most a read
    /// checks), starting before the thread does: waiting for it costs one statement a wake-up too.
    @Test func aThreadFollowerReadsEachWakeUpInOneStatement() throws {
        let (chat, store, statements) = try measured()
        let follower = try threadFollower(chat.service(as: .creator(Self.alice), on: store))
        for number in 1...3 {
            _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m\(number)")
            #expect(follower.received.wait(forCount: number), "message \(number) did not wake the follower")
        }
        let (finished, _, failure) = follower.stop()
        #expect(finished && failure == nil)
        #expect(follower.received.items.map(\.body) == ["m1", "m2", "m3"])
        statements.expectFollowerReads(atLeast: 3, first: 3)
    }

    @Test func anUnreadFollowerReadsEachWakeUpInOneStatement() throws {
        let (chat, store, statements) = try measured()
        let follower = try unreadFollower(chat.service(as: .creator(Self.alice), on: store))
        #expect(follower.received.wait(forCount: 1))
        for number in 1...3 {
            _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m\(number)")
            #expect(follower.received.wait(forCount: number + 1), "message \(number) did not wake the follower")
        }
        let (finished, _, failure) = follower.stop()
        #expect(finished && failure == nil)
        #expect(follower.received.items == ["initial", "@alice 1", "@alice 2", "@alice 3"])
        statements.expectFollowerReads(atLeast: 4, first: 3)
    }

    /// What a wake-up's one statement must still catch: a removal ends a creator's thread
    /// follower (77 on the command line), and puts out their red dot (which the thread follower,
    /// not marking read, leaves alone before).
    @Test(arguments: TestEngine.selected) func aCreatorRemovedWhileFollowingLosesTheirThreadAndItsDot(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m1")
        let thread = try threadFollower(chat.service(as: .creator(Self.alice), on: try chat.database.openStore()), markRead: false)
        let dots = try unreadFollower(chat.service(as: .creator(Self.alice), on: try chat.database.openStore()))
        #expect(thread.received.wait(forCount: 1) && dots.received.wait(forCount: 1))
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m2")
        #expect(thread.received.wait(forCount: 2) && dots.received.wait(forCount: 2))
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "alice")
        let (finished, _, failure) = thread.waitToEnd()
        #expect(finished, "the removal did not end the thread follower")
        guard case .notAccepted(_, _, .removed?)? = failure as? CampaignChatError else {
            Issue.record("not refused as removed: \(String(describing: failure))")
            return
        }
        #expect(dots.received.wait(forCount: 3))
        #expect(dots.stop().finished)
        #expect(thread.received.items.map(\.body) == ["m1", "m2"])
        #expect(dots.received.items == ["initial", "@alice 2", "@alice 0"])
    }
}
