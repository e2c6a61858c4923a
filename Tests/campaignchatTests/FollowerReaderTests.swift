import Foundation
import Testing

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
