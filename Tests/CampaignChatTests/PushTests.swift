import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite
import CampaignChatSystem
import Glibc

@Suite struct PushOutbox {
    func fixtureWithTokens(_ engine: TestEngine) throws -> ChatFixture {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.updateCreator(handle: "alice", pushToken: .some("token-alice"))
        return chat
    }

    @Test(arguments: TestEngine.selected) func aBrandMessageWritesExactlyOnePendingNotification(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        let sent = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel:\n1Z999", key: "k1")
        let notifications = try chat.brand.pushNotifications()
        #expect(notifications.count == 1)
        #expect(notifications[0].messageID == sent.message.id)
        #expect(notifications[0].state == .pending)
        #expect(notifications[0].preview == "Your parcel: 1Z999")
        #expect(notifications[0].token == "token-alice")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel:\n1Z999", key: "k1")
        #expect(try chat.brand.pushNotifications().count == 1, "a replayed send writes no notification")
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "thanks")
        #expect(try chat.brand.pushNotifications().count == 1, "creator messages write none")
    }

    @Test(arguments: TestEngine.selected) func aCreatorWithoutTokenGetsANoDeviceRow(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        #expect(try chat.brand.pushNotifications().map(\.state) == [.noDevice])
        var attempts = 0
        let summary = try chat.brand.deliverPushes(options: PushDeliveryOptions(), attempt: { _, _ in
            attempts += 1
            return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { _, _ in })
        #expect(attempts == 0)
        #expect(summary == PushDeliverySummary())
    }

    /// "Invited, declined and removed creators can neither send nor receive": a notification
    /// still pending when its creator is removed is not handed to the command, now or after `push retry`.
    @Test(arguments: TestEngine.selected) func aCreatorRemovedBeforeDeliveryIsSentNothing(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        _ = try chat.brand.updateCreator(handle: "bob", pushToken: .some("token-bob"))
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "private plan for alice")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "for bob")
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "alice")
        var handedOver: [String] = []
        let deliver = { () throws -> PushDeliverySummary in
            try chat.brand.deliverPushes(options: PushDeliveryOptions(), attempt: { notification, _ in
                handedOver.append(notification.creator.description)
                return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
            }, report: { _, _ in })
        }
        let summary = try deliver()
        #expect(handedOver == ["@bob"])
        #expect(summary.delivered == 1 && summary.failed == 1)
        let alice = try #require(try chat.brand.pushNotifications().first { $0.creator.description == "@alice" })
        #expect(alice.state == .failed && alice.attempts == 0 && alice.lastExitCode == nil)
        #expect(alice.lastError == "@alice is removed in summer-launch: not sent")
        #expect(try chat.brand.events(after: 0).contains { $0.kind == .notificationFailed && $0.creator?.description == "@alice" })

        _ = try chat.brand.retryPushes(ids: [alice.id])
        _ = try deliver()
        #expect(handedOver == ["@bob"], "push retry does not get it out either")
    }

    @Test(arguments: TestEngine.selected) func bulkSendsWriteOneNotificationPerSentRow(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        var records: [BulkRecord] = [.row(BulkRow(line: 2, fields: ["handle": "alice", "tracking": "A"])),
                                     .row(BulkRow(line: 3, fields: ["handle": "bob", "tracking": "B"]))][...].reversed()
        _ = try chat.brand.bulkSend(campaign: "summer-launch", template: try MessageTemplate("{tracking}"), options: BulkSendOptions(),
                                    next: { records.popLast() }, report: { _ in })
        #expect(try chat.count("SELECT count(*) FROM notification") == 1)
        #expect(try chat.count("SELECT count(*) FROM message m LEFT JOIN notification n ON n.message_id = m.id WHERE n.id IS NULL") == 0)
    }

    @Test(arguments: TestEngine.selected) func deliveryRetriesWithBackoffThenFails(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        let failing: (PushNotification, Int) throws -> ShellCommand.Outcome = { _, _ in
            ShellCommand.Outcome(exitCode: 3, lastErrorLine: "gateway down", timedOut: false)
        }
        let options = PushDeliveryOptions(maxAttempts: 2, backoffMilliseconds: 60_000)
        let first = try chat.brand.deliverPushes(options: options, attempt: failing, report: { _, _ in })
        #expect(first.retried == 1)
        let waiting = try #require(try chat.brand.pushNotifications().first)
        #expect(waiting.state == .pending && waiting.attempts == 1 && waiting.lastExitCode == 3 && waiting.lastError == "gateway down")
        #expect(try chat.brand.deliverPushes(options: options, attempt: failing, report: { _, _ in }) == PushDeliverySummary(),
                "not due again before the backoff")
        try chat.database.execute("UPDATE notification SET next_attempt_at = '2000-01-01T00:00:00.000Z'")
        #expect(try chat.brand.deliverPushes(options: options, attempt: failing, report: { _, _ in }).failed == 1)
        #expect(try chat.brand.pushNotifications(state: .failed).count == 1)
        _ = try chat.brand.retryPushes(ids: [waiting.id])
        var delivered = 0
        _ = try chat.brand.deliverPushes(options: options, attempt: { _, attempt in
            #expect(attempt == 1, "retry starts the count again")
            delivered += 1
            return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { _, _ in })
        #expect(delivered == 1)
        #expect(try chat.brand.pushNotifications().map(\.state) == [.delivered])
    }

    @Test(arguments: TestEngine.selected) func aLeasedNotificationIsNotClaimedTwice(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        let other = ChatService(store: try chat.database.openStore(), actor: .brand)
        var claimedByOther = 0
        _ = try chat.brand.deliverPushes(options: PushDeliveryOptions(), attempt: { _, _ in
            // While this run holds the lease, a second run finds nothing to do.
            _ = try other.deliverPushes(options: PushDeliveryOptions(), attempt: { _, _ in
                claimedByOther += 1
                return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
            }, report: { _, _ in })
            return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { _, _ in })
        #expect(claimedByOther == 0)
    }

    @Test(arguments: TestEngine.selected) func aResultThatOutlivesItsLeaseIsNotRecordedOverAnotherRun(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        let other = ChatService(store: try chat.database.openStore(), actor: .brand)
        var results: [PushAttemptResult] = []
        var otherResults: [PushAttemptResult] = []
        _ = try chat.brand.deliverPushes(options: PushDeliveryOptions(leaseMilliseconds: 50), attempt: { _, _ in
            usleep(150_000)
            // Our lease has run out: another run claims the notification and fails it.
            _ = try other.deliverPushes(options: PushDeliveryOptions(backoffMilliseconds: 60_000), attempt: { _, _ in
                ShellCommand.Outcome(exitCode: 9, lastErrorLine: "other run", timedOut: false)
            }, report: { otherResults.append($1) })
            return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { results.append($1) })
        #expect(results == [.leaseExpired])
        #expect(otherResults == [.retried(exitCode: 9, error: "other run")])
        let stored = try #require(try chat.brand.pushNotifications().first)
        #expect(stored.state == .pending && stored.lastExitCode == 9, "the late result did not overwrite the other run's")
    }

    @Test(arguments: TestEngine.selected) func retryLeavesANotificationBeingDeliveredAlone(engine: TestEngine) throws {
        let chat = try fixtureWithTokens(engine)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hi")
        _ = try chat.brand.deliverPushes(options: PushDeliveryOptions(), attempt: { notification, _ in
            #expect(chatError { _ = try chat.brand.retryPushes(ids: [notification.id]) }?.category == .invalidData)
            return ShellCommand.Outcome(exitCode: 0, lastErrorLine: nil, timedOut: false)
        }, report: { _, _ in })
        #expect(try chat.brand.pushNotifications().map(\.state) == [.delivered])
    }

    @Test func retryDelayDoublesAndIsCapped() {
        #expect(PushRules.retryDelay(afterAttempts: 1, baseMilliseconds: 30_000) == 30_000)
        #expect(PushRules.retryDelay(afterAttempts: 3, baseMilliseconds: 30_000) == 120_000)
        #expect(PushRules.retryDelay(afterAttempts: 40, baseMilliseconds: 30_000) == 3_600_000)
        #expect(PushRules.retryDelay(afterAttempts: 2, baseMilliseconds: 0) == 0)
    }

    /// A command given no time is killed at once and spends its attempts: refused, as is a
    /// lease the command could outlast.
    @Test func aDeliveryGivesEachCommandASecondOrMoreWithinItsLease() throws {
        let zero = chatError { try PushRules.requireDeliveryTimes(timeoutSeconds: 0, leaseSeconds: 60) }
        #expect(zero?.category == .usage && zero?.description.hasPrefix("--timeout 0 ") == true, "\(String(describing: zero))")
        #expect(chatError { try PushRules.requireDeliveryTimes(timeoutSeconds: 10, leaseSeconds: 10) }?.category == .usage)
        #expect(chatError { try PushRules.requireDeliveryTimes(timeoutSeconds: 1, leaseSeconds: 2) } == nil)
    }

    @Test func shellCommandReportsExitCodeLastErrorLineAndTimeOut() throws {
        let ok = try ShellCommand("read line; [ \"$line\" = payload ] && [ \"$X\" = 1 ]", timeoutMilliseconds: 5_000)
            .run(input: Array("payload\n".utf8), environment: [("X", "1")])
        #expect(ok.exitCode == 0)
        let failed = try ShellCommand("echo first >&2; echo last >&2; exit 7", timeoutMilliseconds: 5_000).run(input: [], environment: [])
        #expect(failed.exitCode == 7)
        #expect(failed.lastErrorLine == "last")
        let nul = try ShellCommand(#"printf 'a\000b\n' >&2; exit 2"#, timeoutMilliseconds: 5_000).run(input: [], environment: [])
        #expect(nul.lastErrorLine == "a\u{FFFD}b", "a NUL would cut the stored error short on PostgreSQL")
        let slow = try ShellCommand("sleep 5", timeoutMilliseconds: 200).run(input: [], environment: [])
        #expect(slow.timedOut)
        #expect(slow.exitCode != 0)
        // Closing stderr early does not escape the deadline.
        let started = Timestamp.currentMilliseconds()
        let sneaky = try ShellCommand("exec 2>/dev/null; sleep 5", timeoutMilliseconds: 300).run(input: [], environment: [])
        #expect(sneaky.timedOut && sneaky.exitCode != 0)
        #expect(Timestamp.currentMilliseconds() - started < 3_000)
    }

    @Test func tokensAreValidated() {
        #expect(throws: CampaignChatError.self) { try PushRules.token("has space") }
        #expect(throws: CampaignChatError.self) { try PushRules.token("") }
        #expect(PushRules.preview(of: String(repeating: "x", count: 300)).count == 100)
        let hundred = String(repeating: "y", count: 100)
        #expect(PushRules.preview(of: hundred) == hundred, "a body of exactly the limit is not cut")
        #expect(PushRules.preview(of: hundred + "z") == String(repeating: "y", count: 99) + "…")
        // A space before the last place: the preview still ends at the limit (it went on past it).
        for x in ["x", "é"] {
            let preview = PushRules.preview(of: String(repeating: x, count: 99) + " yy zz")
            #expect(preview == String(repeating: x, count: 99) + "…", "\(preview)")
        }
        // ASCII bodies take a byte path: it says exactly what the character path says.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab \t\n\r\u{0B}\u{0C}.-").map(String.init)
        for _ in 0..<2_000 {
            let body = (0..<Int.random(in: 0...230, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(PushRules.asciiPreview(of: body) == PushRules.unicodePreview(of: body), "\(body.debugDescription)")
        }
    }
}
