import Foundation
import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite
import CampaignChatSystem

/// The event log: written by each change in its own transaction, read after a cursor, as the
/// reader may see it, and pruned without ever leaving a silent gap.
@Suite struct EventLog {
    func kinds(_ events: [ChatEvent]) -> [String] {
        events.map { "\($0.kind.rawValue) \($0.creator?.description ?? "-")" }
    }

    @Test(arguments: TestEngine.selected) func eachChangeAppendsItsEventsInCommitOrder(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let start = try chat.brand.latestEventCursor()
        let sent = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel: 1Z999", key: "k1")
        _ = try chat.creator("alice").readThread(campaign: "summer-launch", handle: "alice") { _ in }
        _ = try chat.creator("alice").markUnread(campaign: "summer-launch", handle: "alice")
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.archiveCampaign("summer-launch")
        let events = try chat.brand.events(after: start)
        #expect(kinds(events) == ["message_sent @alice", "thread_read @alice", "thread_unread @alice",
                                  "membership_changed @bob", "campaign_archived -"])
        #expect(events.map(\.cursor) == events.map(\.cursor).sorted() && Set(events.map(\.cursor)).count == events.count)
        #expect(events[0].message == sent.message && events[0].message?.key == "k1")
        #expect(events[1].side == .creator && events[1].unread == 0)
        #expect(events[2].side == .creator && events[2].unread == 1)
        #expect(events[3].status == .accepted && events[3].previousStatus == .invited)
        #expect(try chat.brand.latestEventCursor() == events.last?.cursor)
        #expect(try chat.brand.events(after: events[2].cursor).map(\.cursor) == events[3...].map(\.cursor), "resumes exactly after")
    }

    @Test(arguments: TestEngine.selected) func aRefusedReplayedOrNoOpWriteAppendsNothing(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi", key: "k1")
        let start = try chat.brand.latestEventCursor()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi", key: "k1")
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "hi") } != nil)
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "alice")
        #expect(try chat.brand.events(after: start).isEmpty)
        #expect(try chat.brand.latestEventCursor() == start)
    }

    @Test(arguments: TestEngine.selected) func anEventIsRolledBackWithTheTransactionThatWroteIt(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let start = try chat.brand.latestEventCursor()
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try chat.store.write { tx in
                try tx.appendEvent(EventRecord(kind: .campaignArchived, campaignID: 1, creatorID: nil), at: Timestamp(secondsSinceEpoch: 1))
                throw Abandon()
            }
        }
        #expect(try chat.brand.events(after: start).isEmpty)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        #expect(try chat.brand.events(after: start).count == 1, "the next write still gets the next cursor")
    }

    @Test(arguments: TestEngine.selected) func aCreatorSeesOnlyTheirOwnThreadsAndNoNotifications(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.updateCreator(handle: "alice", pushToken: .some("token-alice"))
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.createCampaign(name: "Winter Drop")
        _ = try chat.brand.createGroup(campaign: "winter-drop", name: "Group W")
        _ = try chat.brand.invite(campaign: "winter-drop", group: "Group W", handles: ["bob"])
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "for alice")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "for bob")
        _ = try chat.brand.deliverPushes(options: PushDeliveryOptions(), attempt: { _, _ in
            ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { _, _ in })
        _ = try chat.brand.archiveCampaign("winter-drop")

        let alice = try chat.creator("alice").events(after: 0)
        #expect(alice.allSatisfy { $0.creator == nil || $0.creator?.description == "@alice" }, "\(kinds(alice))")
        #expect(!alice.contains { $0.kind == .notificationDelivered })
        #expect(alice.contains { $0.message?.body == "for alice" } && !alice.contains { $0.message?.body == "for bob" })
        #expect(!alice.contains { $0.kind == .campaignArchived }, "not a campaign alice is in")
        #expect(chatError { _ = try chat.creator("alice").events(after: 0, campaign: "winter-drop") } != nil)

        let brand = try chat.brand.events(after: 0)
        #expect(brand.contains { $0.kind == .notificationDelivered } && brand.contains { $0.kind == .campaignArchived })
        #expect(try chat.brand.events(after: 0, campaign: "winter-drop").allSatisfy { $0.campaignSlug == "winter-drop" })
        #expect(try chat.creator("bob").events(after: 0).contains { $0.kind == .campaignArchived })
    }

    /// "A removed creator no longer sees the campaign": not its messages, not the brand reading
    /// their thread after the removal; only that they were removed, and invited again.
    @Test(arguments: TestEngine.selected) func aRemovedCreatorNoLongerSeesTheCampaignInTheirEvents(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "my home address")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "thanks")
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "alice")
        _ = try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in }
        _ = try chat.brand.markUnread(campaign: "summer-launch", handle: "alice")
        #expect(try chat.brand.events(after: 0).contains { $0.kind == .threadUnread }, "the brand sees it all")

        let removed = try chat.creator("alice").events(after: 0)
        #expect(removed.map(\.kind) == [.membershipChanged, .membershipChanged, .membershipChanged], "\(kinds(removed))")
        #expect(removed.last?.status == .removed)

        _ = try chat.brand.invite(campaign: "summer-launch", group: "Group A", handles: ["alice"])
        let invitedAgain = try chat.creator("alice").events(after: 0)
        #expect(invitedAgain.contains { $0.message?.body == "my home address" }, "invited again, the thread is theirs to see again")
        #expect(invitedAgain.contains { $0.kind == .threadUnread })
    }

    /// An edge past the newest event would put every event still to come below it: hidden from
    /// `events`, refused to their consumers, and damage to `db check`.
    @Test(arguments: TestEngine.selected) func pruningPastTheNewestEventIsRefusedAndPruningAllKeepsWhatComes(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let latest = try chat.brand.latestEventCursor()
        let before = try chat.brand.events(after: 0)
        guard case .cursorBeyondLatest(let cursor, let newest)? = chatError({ _ = try chat.brand.pruneEvents(before: latest + 2) }) else {
            Issue.record("pruning past the newest event was not refused")
            return
        }
        #expect(cursor == latest + 2 && newest == latest)
        #expect(CampaignChatError.cursorBeyondLatest(cursor: cursor, latest: newest).category == .usage)
        #expect(try chat.brand.events(after: 0) == before, "nothing pruned")

        #expect(try chat.brand.pruneEvents(before: latest + 1) == before.count)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "after the prune")
        let after = try chat.brand.events(after: chat.brand.firstEventCursor())
        #expect(after.map { $0.message?.body } == ["after the prune"])
        #expect(try chat.brand.events(after: latest).count == 1, "a consumer at the old newest cursor goes on")
    }

    /// A consumer's cursor from another log (the database restored from a backup taken before
    /// it) would skip, silently, what this log holds under those numbers: refused.
    @Test(arguments: TestEngine.selected) func aCursorPastTheNewestEventIsRefused(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let latest = try chat.brand.latestEventCursor()
        #expect(try chat.brand.events(after: latest).isEmpty)
        #expect(chatError { _ = try chat.brand.events(after: latest + 5) } == .cursorAhead(cursor: latest + 5, latest: latest))
        #expect(CampaignChatError.cursorAhead(cursor: 1, latest: 0).category == .notFound)
        #expect(chatError { _ = try chat.creator("alice").followEvents(after: latest + 1, follow: false) { _ in } } != nil,
                "a creator, whose stream skips others' numbers, is held to the same log")
    }

    @Test(arguments: TestEngine.selected) func aCursorBelowWhatWasPrunedIsRefused(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        for number in 1...4 { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m\(number)") }
        let all = try chat.brand.events(after: 0)
        let keep = all[all.count - 2].cursor
        #expect(chatError { _ = try chat.creator("alice").pruneEvents(before: keep) } != nil, "brand only")
        #expect(try chat.brand.pruneEvents(before: keep) == all.count - 2)
        #expect(try chat.brand.events(after: keep - 1).map(\.cursor) == all.suffix(2).map(\.cursor), "exactly at the edge is fine")
        guard case .cursorTooOld(let cursor, let prunedBefore)? = chatError({ _ = try chat.brand.events(after: 0) }) else {
            Issue.record("a cursor below the pruned ones was not refused")
            return
        }
        #expect(cursor == 0 && prunedBefore == keep)
        #expect(try chat.brand.pruneEvents(before: 1) == 0, "pruning never moves the edge back")
        #expect(chatError { _ = try chat.brand.events(after: keep - 2) } != nil)
    }

    @Test(arguments: TestEngine.selected) func aFollowerIsWokenByAnotherConnectionsCommitAndStopsOnItsSignal(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let start = try chat.brand.latestEventCursor()
        let follower = try BackgroundFollower(chat.service(on: try chat.database.openStore()), after: start)
        let writer = chat.service(on: try chat.database.openStore())
        for number in 1...3 {
            _ = try writer.send(campaign: "summer-launch", handle: "alice", body: "m\(number)")
            #expect(follower.received.wait(forCount: number), "message \(number) did not wake the follower")
        }
        let (finished, last, failure) = follower.stop()
        #expect(finished, "the stop signal did not end the follow")
        #expect(failure == nil)
        #expect(follower.received.items.map { $0.message?.body } == ["m1", "m2", "m3"])
        #expect(last == follower.received.items.last?.cursor)
    }

    /// A follower works out once what cannot change while it follows (the campaign's id, its own
    /// id, its access as it started) and reads each wake-up in one statement that also reads what
    /// can (the prune horizon, a removal: the tests above and FollowTests prove those still count).
    @Test func aFollowerReadsEachWakeUpInOneStatement() throws {
        let chat = try ChatFixture()
        try chat.seedCampaign()
        let start = try chat.brand.latestEventCursor()
        let store = try #require(chat.database as? SQLiteTestDatabase).openSQLiteStore()
        let statements = StatementLog(store.database)
        // A creator's stream narrowed to a campaign: the most a scope can hold.
        let follower = try BackgroundFollower(chat.service(as: .creator(try Handle(parsing: "alice")), on: store), after: start,
                                              campaign: "summer-launch")
        for number in 1...3 {
            _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m\(number)")
            #expect(follower.received.wait(forCount: number), "message \(number) did not wake the follower")
        }
        let (finished, _, failure) = follower.stop()
        #expect(finished && failure == nil)
        // The first read (with m1, when it came first) works out the scope.
        statements.expectFollowerReads(atLeast: 3, first: 5)
    }

    @Test(arguments: TestEngine.selected) func aFollowerThatFallsBehindAPruneIsRefusedOnItsNextRead(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let start = try chat.brand.latestEventCursor()
        // The follower is held as it hands over its first event, until the events after it are pruned.
        let pruned = DispatchSemaphore(value: 0)
        let follower = try BackgroundFollower(chat.service(on: try chat.database.openStore()), after: start) { _ in pruned.wait() }
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m1")
        #expect(follower.received.wait(forCount: 1))
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m2")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "m3")
        _ = try chat.brand.pruneEvents(before: try chat.brand.latestEventCursor())
        pruned.signal()
        let (finished, _, failure) = follower.waitToEnd()
        #expect(finished, "the follower did not end")
        #expect(follower.received.items.compactMap { $0.message?.body } == ["m1"], "never m3 after a gap")
        guard case .cursorTooOld? = failure as? CampaignChatError else {
            Issue.record("not refused as too old: \(String(describing: failure))")
            return
        }
    }
}
