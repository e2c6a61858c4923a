import Foundation
import Testing

/// `push deliver` with real delivery commands and real concurrent processes.
@Suite struct PushDelivery {
    /// A campaign where @alice (accepted, with a device token) has `count` brand messages waiting.
    func sandbox(notifications count: Int) throws -> Sandbox {
        let cli = Sandbox()
        try cli.ok("campaign", "create", "Summer Launch")
        try cli.ok("group", "create", "summer-launch", "A")
        try cli.ok("creator", "add", "alice", "--push-token", "device-alice")
        try cli.ok("creator", "invite", "summer-launch", "A", "alice")
        try cli.ok("creator", "accept", "summer-launch", "alice")
        let rows = "handle,parcel\n" + (1...count).map { "alice,1Z\($0)" }.joined(separator: "\n") + "\n"
        let sent = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Parcel {parcel}", "-q"], stdin: Data(rows.utf8))
        #expect(sent.status == 0, "\(sent.stderr)")
        return cli
    }

    func sinkIDs(_ cli: Sandbox) throws -> [Int] {
        let text = (try? String(contentsOfFile: cli.path("sink"), encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return object["id"] as! Int
        }
    }

    @Test func eachMessageHasOnePendingNotificationAndDeliveryIsExactlyOnce() throws {
        let cli = try sandbox(notifications: 3)
        #expect(try jq("[.[] | .state]", cli.ok("push", "list", "--json")) == #"["pending","pending","pending"]"#)
        let run = try cli.run("push", "deliver", "--exec",
                              "cat >> sink; echo \"$CAMPAIGNCHAT_PUSH_TOKEN $CAMPAIGNCHAT_PUSH_CREATOR $CAMPAIGNCHAT_PUSH_CAMPAIGN $CAMPAIGNCHAT_PUSH_ID $CAMPAIGNCHAT_PUSH_MESSAGE_ID $CAMPAIGNCHAT_PUSH_ATTEMPT\" >> env")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdoutLines.last == "delivered 3, retried 0, failed 0")
        #expect(try sinkIDs(cli) == [1, 2, 3])
        let first = try #require(try String(contentsOfFile: cli.path("sink"), encoding: .utf8).split(separator: "\n").first)
        #expect(try jq("[.creator, .campaign, .token, .attempt, .preview]", String(first)) == #"["@alice","summer-launch","device-alice",1,"Parcel 1Z1"]"#)
        #expect(try String(contentsOfFile: cli.path("env"), encoding: .utf8).hasPrefix("device-alice @alice summer-launch 1 1 1\n"))
        // Nothing is delivered twice.
        #expect(try cli.ok("push", "deliver", "--exec", "cat >> sink").hasSuffix("delivered 0, retried 0, failed 0\n"))
        #expect(try sinkIDs(cli) == [1, 2, 3])
        #expect(try jq("[.[] | .state] | unique", cli.ok("push", "list", "--json")) == #"["delivered"]"#)
    }

    @Test func aFailingCommandIsRetriedThenFailsAndCanBeRetried() throws {
        let cli = try sandbox(notifications: 1)
        for attempt in 1...3 {
            let run = try cli.run("push", "deliver", "--exec", "echo 'gateway said no' >&2; exit 4", "--backoff", "0", "--max-attempts", "3")
            #expect(run.status == 0)
            #expect(run.stdoutLines.last == (attempt < 3 ? "delivered 0, retried 1, failed 0" : "delivered 0, retried 0, failed 1"))
        }
        let failed = try cli.ok("push", "list", "--state", "failed", "--json")
        #expect(try jq("[.[] | [.attempts, .last_exit_code, .last_error]]", failed) == #"[[3,4,"gateway said no"]]"#)
        try cli.ok("push", "retry", "1")
        #expect(try cli.ok("push", "deliver", "--exec", "cat >> sink").hasSuffix("delivered 1, retried 0, failed 0\n"))
    }

    @Test func twoConcurrentRunsDeliverEachNotificationExactlyOnce() throws {
        let cli = try sandbox(notifications: 200)
        let runs = (1...2).map { _ in
            let process = Process()
            process.executableURL = Sandbox.binary
            process.arguments = ["push", "deliver", "--exec", "cat >> sink", "-q"]
            process.environment = cli.environment
            process.currentDirectoryURL = cli.folder
            process.standardOutput = FileHandle.nullDevice
            return process
        }
        for run in runs { try run.run() }
        for run in runs { run.waitUntilExit() }
        #expect(runs.map(\.terminationStatus) == [0, 0])
        let ids = try sinkIDs(cli)
        #expect(ids.count == 200)
        #expect(Set(ids).count == 200)
        #expect(try cli.query("SELECT count(*) FROM notification WHERE state = 'delivered'") == "200")
    }

    @Test func aKilledRunLosesNothing() throws {
        let cli = try sandbox(notifications: 5)
        // The first attempt at notification 1 hangs; the run is killed with SIGKILL while it does.
        let command = "if [ \"$CAMPAIGNCHAT_PUSH_ID\" = 1 ] && [ ! -e hung ]; then touch hung; sleep 3; exit 1; fi; cat >> sink"
        let run = Process()
        run.executableURL = Sandbox.binary
        run.arguments = ["push", "deliver", "--exec", command, "--lease", "2", "--timeout", "1", "-q"]
        run.environment = cli.environment
        run.currentDirectoryURL = cli.folder
        try run.run()
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: cli.path("hung")) && Date() < deadline { usleep(10_000) }
        let killedAt = Date()
        kill(run.processIdentifier, SIGKILL)
        #expect(try cli.query("SELECT count(*) FROM notification WHERE state = 'pending' AND lease_until IS NOT NULL") == "1")
        // A run now skips the claimed notification; after its lease, a later run delivers it.
        try cli.ok("push", "deliver", "--exec", command)
        #expect(try sinkIDs(cli).sorted() == [2, 3, 4, 5], "within the lease (\(Date().timeIntervalSince(killedAt)) s after the kill)")
        run.waitUntilExit()
        usleep(UInt32(max(0, 2.1 - Date().timeIntervalSince(killedAt)) * 1_000_000))
        try cli.ok("push", "deliver", "--exec", command)
        #expect(try sinkIDs(cli).sorted() == [1, 2, 3, 4, 5])
        #expect(try cli.query("SELECT count(*) FROM notification WHERE state = 'delivered'") == "5")
    }

    @Test func aCommandThatLeavesABackgroundChildIsDecidedByItsExitStatus() throws {
        let cli = try sandbox(notifications: 1)
        // The background sleep keeps the command's stderr pipe open long after /bin/sh exited 0.
        let run = try cli.shell(#""$BIN" push deliver --exec 'sleep 8 & exit 0' --timeout 2 --lease 3 >deliver.out 2>deliver.err"#)
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: cli.path("deliver.out"), encoding: .utf8).hasSuffix("delivered 1, retried 0, failed 0\n"))
        #expect(try jq("[.[] | [.state, .attempts]]", cli.ok("push", "list", "--json")) == #"[["delivered",1]]"#)
    }

    /// `--timeout 0` would kill every command at once and spend the notifications' attempts:
    /// refused before anything is claimed.
    @Test func aTimeoutOfZeroIsRefusedAndSpendsNoAttempt() throws {
        let cli = try sandbox(notifications: 1)
        for timeout in ["0", "-1", "0.5"] {
            let refused = try cli.run("push", "deliver", "--exec", "true", "--timeout", timeout, "--max-attempts", "1")
            #expect(refused.status == 64)
            #expect(refused.stderr.hasPrefix("Error: Invalid value '\(timeout)' for '--timeout': use seconds from 1 to 86400\n"), "\(refused.stderr)")
        }
        #expect(try jq("[.[] | [.state, .attempts]]", cli.ok("push", "list", "--json")) == #"[["pending",0]]"#)
    }

    @Test func usageAndPermissions() throws {
        let cli = try sandbox(notifications: 1)
        #expect(try cli.run("push", "deliver").status == 64)
        #expect(try cli.run("push", "deliver", "--exec", "true", "--lease", "10", "--timeout", "10").status == 64, "a lease must outlast the command")
        #expect(try cli.run("push", "retry", "abc").status == 64)
        #expect(try cli.run("push", "retry", "99").status == 66)
        try cli.ok("push", "deliver", "--exec", "cat > /dev/null")
        #expect(try cli.run("push", "retry", "1").status == 65, "a delivered notification is not failed")
        #expect(try cli.run("--as", "alice", "push", "list").status == 77)
        #expect(try cli.run("creator", "update", "alice").status == 64)
        try cli.ok("creator", "update", "alice", "--no-push-token")
        try cli.ok("message", "send", "summer-launch", "alice", "no device now")
        #expect(try jq("[.[] | .state]", cli.ok("push", "list", "--json")) == #"["delivered","no_device"]"#)
        #expect(try jq(".has_push_token", cli.ok("creator", "update", "alice", "--push-token", "new-device", "--json")) == "true")
    }
}
