import Foundation
import Testing

/// A `--follow` command running as its own process, its stdout read line by line as it comes.
final class Follower: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var buffer = Data()
    private var received: [String] = []
    private let errors = Pipe()
    private let output = Pipe()

    /// `readsOutput: false` gives a reader that stops reading (a stuck pager): see `awaitFirstByte`.
    init(_ cli: Sandbox, _ arguments: [String], environment extra: [String: String] = [:], readsOutput: Bool = true) throws {
        process.executableURL = Sandbox.binary
        process.arguments = arguments
        process.environment = cli.environment.merging(extra) { $1 }
        process.currentDirectoryURL = cli.folder
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        if !readsOutput {
            try process.run()
            return
        }
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.buffer.append(data)
            while let newline = self.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                self.received.append(String(decoding: self.buffer[..<newline], as: UTF8.self))
                self.buffer.removeSubrange(...newline)
            }
            self.lock.unlock()
        }
        try process.run()
    }

    /// For a follower that does not read its output: waits for its first byte (whether it came),
    /// then reads no more, so that the pipe fills and the follower's writes block.
    func awaitFirstByte() -> Bool {
        (try? output.fileHandleForReading.read(upToCount: 1))?.isEmpty == false
    }

    /// For a follower that does not read its output, once it ended: what it wrote that was not read.
    func unreadOutput() -> String {
        String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Waits until at least `count` complete lines arrived (or the process ended, or `seconds` passed).
    @discardableResult
    func waitForLines(_ count: Int, seconds: Double = 30) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while lines.count < count && process.isRunning && Date() < deadline { usleep(2_000) }
        return lines
    }

    /// Sends `signal` (none: waits for the process to end by itself, at most 30 s), waits for the
    /// exit; the exit status and what was left of stderr.
    func stop(_ signal: Int32? = SIGTERM) -> (status: Int32, stderr: String) {
        if let signal, process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        usleep(20_000)
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// The JSON objects of the lines, for `jq`.
    var jsonLines: String { lines.joined(separator: "\n") }
}

/// The live commands, with real processes: a follower and the writers around it.
@Suite struct Following {
    @Test func aFollowerGetsEveryChangeOnceInOrderWhileOtherProcessesWrite() throws {
        let cli = try acceptedCreators(4)
        let follower = try Follower(cli, ["events", "--follow", "--after", "now"])
        usleep(300_000)
        // Four writers at once, 25 messages each.
        let script = """
            for i in $(seq 1 25); do "$BIN" message send summer-launch c0$W "writer $W message $i" -q || exit 1; done
            """
        let writers = try (1...4).map { number in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = cli.environment.merging(["BIN": Sandbox.binary.path, "W": "\(number)"]) { $1 }
            try process.run()
            return process
        }
        for writer in writers { writer.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        let lines = follower.waitForLines(100)
        let (status, stderr) = follower.stop()
        #expect(status == 0, "SIGTERM ends a follower cleanly: \(stderr)")
        #expect(lines.count == 100)
        #expect(try jq("[inputs | .cursor] | (. == (sort | unique)) and length == 100", "null\n" + follower.jsonLines) == "true",
                "each cursor once, in order")
        #expect(try jq("[inputs | .message.id] | unique | length", "null\n" + follower.jsonLines) == "100")
        for number in 1...4 {
            let bodies = try jq("[inputs | select(.creator == \"@c0\(number)\") | .message.body]", "null\n" + follower.jsonLines)
            #expect(bodies == "[" + (1...25).map { "\"writer \(number) message \($0)\"" }.joined(separator: ",") + "]", "writer \(number)'s order")
        }
    }

    @Test func aFollowerKilledAndRestartedAfterItsLastCursorLosesAndDoublesNothing() throws {
        let cli = try acceptedCreators(2)
        var seen: [String] = []
        var cursor = "0"
        for round in 1...3 {
            let follower = try Follower(cli, ["events", "--follow", "--after", cursor])
            for i in 1...5 { try cli.ok("message", "send", "summer-launch", "c01", "round \(round) message \(i)", "-q") }
            let lines = follower.waitForLines(round == 1 ? 9 : 5)
            _ = follower.stop(SIGKILL)
            seen += lines
            cursor = try jq(".cursor", try #require(lines.last))
        }
        let messages = try jq("[inputs | select(.event == \"message_sent\") | .message.body]", "null\n" + seen.joined(separator: "\n"))
        #expect(messages == "[" + (1...3).flatMap { round in (1...5).map { "\"round \(round) message \($0)\"" } }.joined(separator: ",") + "]")
        #expect(try jq("[inputs | .cursor] | . == (sort | unique)", "null\n" + seen.joined(separator: "\n")) == "true")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aStopSignalEndsEveryFollowerWithExit0AndCompleteLines(signal: Int32) throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "hello")
        for arguments in [["events", "--follow"], ["thread", "read", "summer-launch", "c01", "--follow"], ["unread", "list", "--follow", "--json"],
                          ["push", "deliver", "--follow", "--exec", "cat > /dev/null"]] {
            let follower = try Follower(cli, arguments)
            usleep(300_000)
            let (status, stderr) = follower.stop(signal)
            #expect(status == 0, "\(arguments): \(stderr)")
            #expect(stderr.isEmpty || !stderr.contains("Error"), "\(arguments): \(stderr)")
        }
        #expect(try cli.query("SELECT count(*) FROM notification WHERE lease_owner IS NOT NULL") == "0", "no lease left behind")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aStopSignalDuringADeliveryLetsTheAttemptFinishAndRecordsIt(signal: Int32) throws {
        let cli = try acceptedCreators(1)
        let (started, sink) = (cli.path("started"), cli.path("sink"))
        let deliverer = try Follower(cli, ["push", "deliver", "--follow", "--json", "--exec", "touch \(started); sleep 1; cat >> \(sink)"])
        usleep(300_000)
        try cli.ok("message", "send", "summer-launch", "c01", "hello")
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: started) && Date() < deadline { usleep(5_000) }
        let (status, stderr) = deliverer.stop(signal)
        #expect(status == 0, "\(stderr)")
        let handed = try String(contentsOfFile: sink, encoding: .utf8).split(separator: "\n")
        #expect(handed.count == 1, "the attempt under way finished")
        #expect(try cli.query("SELECT state || ' ' || attempts || ' ' || CASE WHEN lease_owner IS NULL THEN 'free' ELSE 'held' END FROM notification")
                == "delivered 1 free",
                "and was recorded, its lease given up")
        #expect(try jq("[.delivered, .retried, .failed]", deliverer.lines.last ?? "") == "[1,0,0]", "the summary counts the pass the signal ended")
    }

    /// A one-shot `push deliver` stopped by Ctrl-C between attempts exits 130, and first says
    /// what it delivered: with --json no line per notification is printed, so the summary is all there is.
    @Test func anInterruptedOneShotDeliverySaysWhatItDeliveredAndExits130() throws {
        let cli = try acceptedCreators(2)
        for handle in ["c01", "c02"] { try cli.ok("message", "send", "summer-launch", handle, "hello") }
        let started = cli.path("started")
        let deliverer = try Follower(cli, ["push", "deliver", "--json", "--exec", "touch \(started); sleep 1"])
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: started) && Date() < deadline { usleep(5_000) }
        let (status, stderr) = deliverer.stop(SIGINT)
        #expect(status == 130, "\(stderr)")
        #expect(try jq("[.delivered, .retried, .failed]", deliverer.lines.last ?? "") == "[1,0,0]", "\(deliverer.lines)")
        #expect(try cli.joined("state", from: "notification", orderBy: "id") == "delivered,pending")
    }

    @Test func threadReadFollowShowsEachMessageAsItArrivesAndMarksItRead() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "first")
        let follower = try Follower(cli, ["thread", "read", "summer-launch", "c01", "--follow", "--json"])
        #expect(follower.waitForLines(1).count == 1)
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "second")
        try cli.ok("message", "send", "summer-launch", "c01", "from the brand")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "third")
        let lines = follower.waitForLines(4)
        // Marked read as shown: the brand has no red dot for what the follower printed.
        let deadline = Date().addingTimeInterval(10)
        while try jq("length", cli.ok("unread", "list", "--json")) != "0" && Date() < deadline { usleep(20_000) }
        #expect(try jq("length", cli.ok("unread", "list", "--json")) == "0")
        #expect(follower.stop().status == 0)
        #expect(try jq("[inputs | .body]", "null\n" + lines.joined(separator: "\n")) == #"["first","second","from the brand","third"]"#)
    }

    @Test func threadReadFollowWaitsForAConversationThatHasNotStartedYet() throws {
        let cli = try acceptedCreators(1)
        let follower = try Follower(cli, ["thread", "read", "summer-launch", "c01", "--follow", "--json"])
        usleep(300_000)
        #expect(follower.process.isRunning && follower.lines.isEmpty, "no thread yet: it waits, printing nothing")
        try cli.ok("message", "send", "summer-launch", "c01", "the first message")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "a reply")
        let lines = follower.waitForLines(2)
        #expect(follower.stop().status == 0)
        #expect(try jq("[inputs | .body]", "null\n" + lines.joined(separator: "\n")) == #"["the first message","a reply"]"#)
    }

    @Test func unreadListFollowReportsEachDotLightingUpAndGoingOut() throws {
        let cli = try acceptedCreators(2)
        let follower = try Follower(cli, ["unread", "list", "--follow", "--json"])
        usleep(300_000)
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "question")
        #expect(follower.waitForLines(1).count == 1)
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "another")
        #expect(follower.waitForLines(2).count == 2)
        try cli.ok("thread", "read", "summer-launch", "c01")
        let lines = follower.waitForLines(3)
        #expect(follower.stop().status == 0)
        #expect(try jq("[inputs | [.creator, .red_dot, .unread]]", "null\n" + lines.joined(separator: "\n"))
                == #"[["@c01",true,1],["@c02",true,1],["@c01",false,0]]"#)
    }

    @Test func twoFollowingDeliverersDeliverEachNotificationExactlyOnce() throws {
        let cli = try acceptedCreators(5)
        let sink = cli.path("sink")
        let deliverers = try (1...2).map { _ in try Follower(cli, ["push", "deliver", "--follow", "--exec", "cat >> \(sink)"]) }
        usleep(300_000)
        let rows = "handle,parcel\n" + (1...40).map { "c0\(($0 % 5) + 1),1Z\($0)" }.joined(separator: "\n") + "\n"
        let sent = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "-q"], stdin: Data(rows.utf8))
        #expect(sent.status == 0)
        let deadline = Date().addingTimeInterval(30)
        while try cli.query("SELECT count(*) FROM notification WHERE state = 'delivered'") != "40" && Date() < deadline { usleep(20_000) }
        for deliverer in deliverers { #expect(deliverer.stop().status == 0) }
        let ids = try String(contentsOfFile: sink, encoding: .utf8).split(separator: "\n").map { try jq(".id", String($0)) }
        #expect(ids.count == 40, "each notification handed over once")
        #expect(Set(ids).count == 40)
        #expect(try cli.query("SELECT count(*) FROM notification WHERE state = 'delivered' AND attempts = 1") == "40")
    }

    @Test func aCreatorsStreamsNeverShowAnotherCreatorsThread() throws {
        let cli = try acceptedCreators(2)
        let events = try Follower(cli, ["--as", "c01", "events", "--follow"])
        let dots = try Follower(cli, ["--as", "c01", "unread", "list", "--follow", "--json"])
        usleep(300_000)
        try cli.ok("message", "send", "summer-launch", "c02", "for c02 only: secret")
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "c02 writes")
        try cli.ok("creator", "remove", "summer-launch", "c02")
        try cli.ok("message", "send", "summer-launch", "c01", "for c01")
        let lines = events.waitForLines(3)   // c01's invite, accept, then the message for c01
        let dotLines = dots.waitForLines(1)
        usleep(300_000)
        #expect(events.stop().status == 0)
        #expect(dots.stop().status == 0)
        let all = (events.lines + dots.lines).joined(separator: "\n")
        #expect(!all.contains("c02"), "\(all)")
        #expect(!all.contains("secret"))
        #expect(try jq("[inputs | .event]", "null\n" + lines.joined(separator: "\n")) == #"["membership_changed","membership_changed","message_sent"]"#)
        #expect(dotLines.count == 1)
        let other = try cli.run("--as", "c01", "thread", "read", "summer-launch", "c02", "--follow")
        #expect(other.status == 77)
        #expect(other.stdout.isEmpty)
    }

    @Test func aCursorBelowWhatWasPrunedIsRefusedNeverAGap() throws {
        let cli = try acceptedCreators(1)
        for i in 1...5 { try cli.ok("message", "send", "summer-launch", "c01", "m\(i)", "-q") }
        let cursors = try jq("[inputs | .cursor]", "null\n" + cli.ok("events"))
        #expect(try jq("length", cursors) == "7", "the invitation, the acceptance, five messages")
        #expect(try cli.ok("db", "prune-events", "--before", "6") == "Pruned 5 events before cursor 6.\n")
        let old = try cli.run("events", "--after", "2")
        #expect(old.status == 66)
        #expect(old.stderr == "Error: cursor 2 is too old: the events before 6 were pruned; read the state again and follow from --after now\n")
        #expect(old.stdout.isEmpty)
        #expect(try jq("[inputs | .cursor]", "null\n" + cli.ok("events", "--after", "5")) == "[6,7]")
        #expect(try jq("[inputs | .cursor]", "null\n" + cli.ok("events")) == "[6,7]", "no cursor: from the oldest event kept")
        #expect(try jq(".pruned", cli.ok("db", "prune-events", "--before", "3", "--json")) == "0")
        #expect(try cli.run("events", "--after", "4").status == 66, "pruning never moves the edge back")
        #expect(try cli.run("--as", "c01", "db", "prune-events", "--before", "9").status == 77)
        #expect(try cli.run("events", "--after", "soon").status == 64)
    }

    @Test func aFollowerStopsWithAClearErrorWhenItsDatabaseFileIsRemovedOrReplaced() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        let removed = try Follower(cli, ["events", "--follow", "--after", "now"])
        usleep(300_000)
        try FileManager.default.removeItem(atPath: cli.databasePath)
        let gone = removed.stop(nil)
        #expect(gone.status == 74)
        #expect(gone.stderr == "Error: the database '\(cli.databasePath)' was removed while following it\n")

        try cli.ok("campaign", "create", "Again")
        let replaced = try Follower(cli, ["unread", "list", "--follow"])
        usleep(300_000)
        let other = cli.path("other.db")
        try cli.ok("--db", other, "campaign", "create", "Elsewhere")
        _ = try cli.shell(#"mv "$OTHER" "$CAMPAIGNCHAT_DB""#.replacingOccurrences(of: "$OTHER", with: other))
        let swapped = replaced.stop(nil)
        #expect(swapped.status == 74)
        #expect(swapped.stderr.hasSuffix("was replaced by another file while following it\n"), "\(swapped.stderr)")
    }

    /// The others write where the path leads: a follower whose path comes to lead to another file
    /// (a symbolic link pointed elsewhere, its folder swapped for another) would follow a file no
    /// one writes any more. Neither makes an event in the folder it watches, and other files of
    /// that folder changing all the time must not put the look off.
    @Test func aFollowerStopsWhenItsPathComesToLeadToAnotherFile() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        let (first, second) = (cli.path("first/chat.db"), cli.path("second/chat.db"))
        for database in [first, second] {
            try cli.ok("--db", database, "campaign", "create", "Somewhere")
            try cli.ok("--db", database, "group", "create", "somewhere", "G")
            try cli.ok("--db", database, "creator", "add", "c01")
        }
        // Following for sure before the path moves: a change written through it reaches the follower.
        _ = try cli.shell("ln -s first/chat.db link.db")
        // From a cursor, not `now`: a change made before the follower has looked is still its to print.
        let linked = try Follower(cli, ["--db", cli.path("link.db"), "events", "--follow", "--after", "0"])
        try cli.ok("--db", cli.path("link.db"), "creator", "invite", "somewhere", "G", "c01")
        #expect(linked.waitForLines(1).count == 1)
        let noise = Process()
        noise.executableURL = URL(fileURLWithPath: "/bin/sh")
        noise.arguments = ["-c", "while :; do echo x >> \(cli.path("first/noise.log")); sleep 0.2; done"]
        try noise.run()
        defer { noise.terminate() }
        // Past the moments after a change when a follower looks again anyway (its settling time).
        usleep(600_000)
        _ = try cli.shell("ln -sfn second/chat.db link.db")
        let repointed = linked.stop(nil)
        #expect(repointed.status == 74)
        #expect(repointed.stderr == "Error: the database '\(cli.path("link.db"))' no longer leads to the file it followed "
                + "(a folder on the way was moved, or a link points elsewhere)\n")

        let inFolder = try Follower(cli, ["--db", first, "events", "--follow", "--after", "1"])
        try cli.ok("--db", first, "creator", "accept", "somewhere", "c01")
        #expect(inFolder.waitForLines(1).count == 1)
        _ = try cli.shell("mv first first.old && mv second first")
        let swapped = inFolder.stop(nil)
        #expect(swapped.status == 74)
        // Between the two moves the path leads nowhere: a look then finds the file removed, a look after, replaced.
        #expect(["removed while following it", "replaced by another file while following it"].contains { reason in
            swapped.stderr.hasSuffix("Error: the database '\(first)' was \(reason)\n")
        }, "\(swapped.stderr)")
    }

    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB"))
    func aFollowerWhoseServerConnectionEndsStopsWith69() throws {
        let cli = try acceptedCreators(1, engine: .postgres)
        let follower = try Follower(cli, ["--db", cli.database + "&application_name=campaignchat_follower", "events", "--follow"])
        follower.waitForLines(2)
        _ = try cli.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'campaignchat_follower'")
        let (status, stderr) = follower.stop(nil)
        #expect(status == 69, "\(stderr)")
        #expect(stderr.hasPrefix("Error: lost the connection to PostgreSQL at "), "\(stderr)")
        #expect(!stderr.contains("password"))
    }
}

/// A follower and what is around it: a reader that stops reading or goes away, a red dot brought
/// back on the follower's side, a removal from the campaign followed.
@Suite struct FollowersAndTheirReaders {
    /// A reader that stops reading (a pager, a stuck pipe) blocks the follower's writes. It must
    /// hold no read transaction meanwhile, or SQLite cannot checkpoint (the -wal grows without
    /// bound) and PostgreSQL keeps its snapshot (`idle in transaction`, holding `backend_xmin`).
    @Test func aFollowerWhoseReaderStopsReadingHoldsNoTransactionOpen() throws {
        let cli = try acceptedCreators(1)
        try Self.sendMoreThanAPipeHolds(cli)
        let name = "campaignchat_stuck_\(UInt32.random(in: 0...UInt32.max))"
        let location = cli.engine == .postgres ? cli.database + "&application_name=\(name)" : cli.database
        let follower = try Follower(cli, ["--db", location, "thread", "read", "summer-launch", "c01", "--follow"], readsOutput: false)
        defer { _ = follower.stop(SIGKILL) }
        // It has begun printing, and has more to print than the pipe holds: it blocks, and no one reads on.
        #expect(follower.awaitFirstByte())
        let sent = try cli.shell(#"for i in $(seq 1 30); do "$BIN" message send summer-launch c01 "more $i" -q || exit 1; done"#)
        #expect(sent.status == 0, "\(sent.stderr)")
        if cli.engine == .sqlite {
            #expect(try cli.query("PRAGMA wal_checkpoint(TRUNCATE)").hasPrefix("0|"), "the checkpoint was not kept busy by a reader")
            let wal = try FileManager.default.attributesOfItem(atPath: cli.databasePath + "-wal")[.size] as? Int
            #expect(wal == 0, "the -wal was truncated")
        } else {
            #expect(try cli.query("SELECT state || ' ' || (backend_xmin IS NULL)::text FROM pg_stat_activity WHERE application_name = '\(name)'")
                    == "idle true", "its session is idle, holding no snapshot")
        }
        #expect(follower.process.isRunning, "still following, blocked on its output")
    }

    /// More than a pipe holds (64 KiB), to c01: `count` messages of 1,500 characters, each shorter than
    /// PIPE_BUF (4 KiB) as a line of output.
    static func sendMoreThanAPipeHolds(_ cli: Sandbox, count: Int = 100) throws {
        let rows = "handle,body\n" + (1...count).map { "c01,\($0) " + String(repeating: "x", count: 1_500) }.joined(separator: "\n") + "\n"
        #expect(try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{body}", "-q"], stdin: Data(rows.utf8)).status == 0)
    }

    /// A reader that stops reading does not keep a follower from stopping: its writes wait for the
    /// output together with Ctrl-C and SIGTERM, which end it with exit 0 while a write waits, after
    /// the last line its output took (here every line fits in one write, so the last is complete).
    @Test(arguments: ["events --follow", "thread read summer-launch c01 --follow"])
    func aStopSignalEndsAFollowerWhoseReaderStoppedReading(arguments: String) throws {
        let cli = try acceptedCreators(1)
        try Self.sendMoreThanAPipeHolds(cli, count: 150)
        let follower = try Follower(cli, arguments.split(separator: " ").map(String.init), readsOutput: false)
        defer { _ = follower.stop(SIGKILL) }
        // It has begun printing what there is, more than the pipe holds, and no one reads on: from
        // now on it has a write that cannot go through, whenever the signal comes.
        #expect(follower.awaitFirstByte())
        let (status, stderr) = follower.stop(SIGTERM)
        #expect(status == 0 && follower.process.terminationReason == .exit, "still blocked on its output after 30 s: killed")
        #expect(stderr.isEmpty, "\(stderr)")
        let unread = follower.unreadOutput()
        #expect(unread.count > 4_096 && unread.hasSuffix("\n"), "it wrote until the pipe was full, whole lines: \(unread.suffix(80))")
    }

    /// `events --follow | head -1`: the reader is gone after one line. The follower learns it at
    /// once, not at its next write (which may never come), and ends as that write would have
    /// ended it: SIGPIPE, 141 in a shell.
    @Test(arguments: ["events", "thread read", "unread list", "push deliver"])
    func aFollowerWhoseReaderIsGoneEndsAtOnceWith141(command: String) throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "your brief")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "a question")
        let newest = try #require(Int(try jq("[inputs | .cursor] | last", "null\n" + cli.ok("events"))))
        // Each prints one line, then has nothing more to print.
        let arguments = switch command {
        case "events": "events --follow --after \(newest - 1)"
        case "thread read": "thread read summer-launch c01 --follow --limit 1 --json"
        case "unread list": "unread list --follow --json"
        default: "push deliver --follow --exec 'cat > /dev/null'"
        }
        let result = try cli.shell(#"{ timeout 20 "$BIN" "# + arguments + #"; echo $? > status; } | head -n 1"#)
        #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
        #expect(try String(contentsOfFile: cli.path("status"), encoding: .utf8) == "141\n", "124: still waiting after 20 s")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    /// `thread mark-unread` on the follower's side stands: a follower marks read only up to the
    /// newest message it printed, when it prints one from the other side.
    @Test func aFollowerLeavesAMarkUnreadOnItsSideAloneWhileItShowsNothingNewFromTheOtherSide() throws {
        let cli = try acceptedCreators(1)
        let ups = "1Z999AA10123456784"
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel \(ups)", "--tracking", ups)
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "thanks!")
        let follower = try Follower(cli, ["thread", "read", "summer-launch", "c01", "--follow", "--json"])
        #expect(follower.waitForLines(2).count == 2)
        // Shown, so marked read (the red dot goes out).
        let deadline = Date().addingTimeInterval(10)
        while try jq("length", cli.ok("unread", "list", "--json")) != "0" && Date() < deadline { usleep(20_000) }
        let before = try jq("[inputs | .cursor] | last", "null\n" + cli.ok("events"))
        try cli.ok("thread", "mark-unread", "summer-launch", "c01")
        // A notice from the brand's side (no reply: it leaves the brand's red dot as it was), which the follower shows.
        try cli.ok("shipment", "mark", "summer-launch", "c01", ups, "delivered", "--notify")
        #expect(follower.waitForLines(3).count == 3)
        // A stop is taken only while waiting: whatever the follower did after showing the notice is done.
        let (status, stderr) = follower.stop()
        #expect(status == 0, "\(stderr)")
        #expect(try jq("[.[] | [.creator, .unread]]", cli.ok("unread", "list", "--json")) == #"[["@c01",1]]"#, "the red dot is still on")
        #expect(try jq("[inputs | .event]", "null\n" + cli.ok("events", "--after", before)) == #"["thread_unread","shipment_status_changed","message_sent"]"#,
                "no thread_read after it")
    }

    /// A creator removed from a campaign still sees their own membership changes in it: a stream
    /// narrowed to it shows the removal and goes on (a new invitation shows too), never 77.
    @Test func aCreatorRemovedFromACampaignStillSeesTheirOwnMembershipChangesInIt() throws {
        let cli = try acceptedCreators(2)
        try cli.ok("creator", "add", "c09")
        let follower = try Follower(cli, ["--as", "c01", "events", "--follow", "--campaign", "summer-launch"])
        #expect(follower.waitForLines(2).count == 2, "invited, accepted")
        try cli.ok("creator", "remove", "summer-launch", "c01")
        try cli.ok("message", "send", "summer-launch", "c02", "not for c01")
        try cli.ok("creator", "invite", "summer-launch", "A", "c01")
        let lines = follower.waitForLines(4)
        let (status, stderr) = follower.stop()
        #expect(status == 0, "\(stderr)")
        #expect(try jq("[inputs | [.creator, .status]]", "null\n" + lines.joined(separator: "\n"))
                == #"[["@c01","invited"],["@c01","accepted"],["@c01","removed"],["@c01","invited"]]"#)

        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "my reply")
        try cli.ok("creator", "remove", "summer-launch", "c02")
        let removed = try cli.run("--as", "c02", "events", "--campaign", "summer-launch")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try jq("[inputs | [.event, .status]]", "null\n" + removed.stdout)
                == #"[["membership_changed","invited"],["membership_changed","accepted"],["membership_changed","removed"]]"#,
                "nothing more of the campaign, old messages included")
        let stranger = try cli.run("--as", "c09", "events", "--campaign", "summer-launch")
        #expect(stranger.status == 77, "never invited: not in the campaign")
    }

    /// The largest number is a cursor like any other, past the newest event: refused, never taken as `now`.
    @Test func theLargestCursorIsRefusedAsPastTheNewestEventNotTakenAsNow() throws {
        let cli = try acceptedCreators(1)
        for arguments in ["events", "events --follow"] {
            let result = try cli.shell(#"timeout 20 "$BIN" "# + arguments + " --after \(Int64.max)")
            #expect(result.status == 66, "\(arguments): 124 is still following after 20 s")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("Error: cursor \(Int64.max) is past the newest event (2)"), "\(result.stderr)")
        }
    }
}
