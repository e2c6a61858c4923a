import Foundation
import Testing

/// The issue's walk-through, through the real binary.
@Suite struct ChatFlow {
    @Test func wholeBrandCreatorConversation() throws {
        let cli = Sandbox()
        #expect(try cli.ok("campaign", "create", "Summer Launch") == "summer-launch\n")
        try cli.ok("group", "create", "summer-launch", "Group A")
        try cli.ok("creator", "add", "@alice", "--name", "Alice")
        try cli.ok("creator", "add", "bob")
        try cli.ok("creator", "invite", "summer-launch", "Group A", "@alice", "@bob")
        try cli.ok("creator", "accept", "summer-launch", "alice")

        // Invited bob cannot be messaged: 77, a clear reason, nothing written.
        let refused = try cli.run("message", "send", "summer-launch", "@bob", "Your tracking number: 1Z999")
        #expect(refused.status == 77)
        #expect(refused.stderr == "Error: @bob is invited in 'summer-launch', not accepted: only accepted creators can chat\n")
        #expect(refused.stdout.isEmpty)
        #expect(try cli.query("SELECT count(*) FROM message") == "0")

        // Accepted alice can.
        let sent = try cli.run("message", "send", "summer-launch", "@alice", "Your tracking number: 1Z999AA10123456784", "--json")
        #expect(sent.status == 0)
        #expect(try jq("[.campaign, .creator, .from, .body, .replayed]", sent.stdout)
                == #"["summer-launch","@alice","brand","Your tracking number: 1Z999AA10123456784",false]"#)

        // She replies as herself, from stdin.
        try cli.ok("--as", "@alice", "message", "send", "summer-launch", "alice", stdin: "Got it, thanks!\n")

        // The brand's red dot shows it.
        let unread = try cli.run("unread", "list", "--json")
        #expect(try jq("[.[] | [.campaign, .creator, .unread, .last_message.body, .last_message.from]]", unread.stdout)
                == #"[["summer-launch","@alice",1,"Got it, thanks!","creator"]]"#)
        #expect(try cli.ok("unread", "list").contains("@alice"))

        // Reading the thread prints it oldest first and clears the dot.
        let transcript = try cli.ok("thread", "read", "summer-launch", "@alice")
        let tracking = try #require(transcript.range(of: "1Z999AA10123456784"))
        let reply = try #require(transcript.range(of: "Got it, thanks!"))
        #expect(tracking.lowerBound < reply.lowerBound)
        #expect(try jq("length", cli.ok("unread", "list", "--json")) == "0")

        // Her reply read the brand's message: no dot for her. The brand's next one lights it until she reads it.
        #expect(try jq("length", cli.ok("--as", "alice", "unread", "list", "--json")) == "0")
        try cli.ok("message", "send", "summer-launch", "@alice", "Please post on Friday")
        #expect(try jq("[.[] | .unread]", cli.ok("--as", "alice", "unread", "list", "--json")) == "[1]")
        let hers = try cli.run(["thread", "read", "summer-launch", "alice", "--json"], environment: ["CAMPAIGNCHAT_AS": "@alice"])
        #expect(hers.status == 0)
        #expect(try jq("[.[] | .from]", hers.stdout) == #"["brand","creator","brand"]"#)
        #expect(try jq("length", cli.ok("--as", "alice", "unread", "list", "--json")) == "0")

        // Another creator is refused with no byte of the thread.
        try cli.ok("creator", "accept", "summer-launch", "bob")
        let snooping = try cli.run("--as", "@bob", "thread", "read", "summer-launch", "@alice")
        #expect(snooping.status == 77)
        #expect(snooping.stdout.isEmpty)
        #expect(!snooping.stderr.contains("1Z999"))
        #expect(!snooping.stderr.contains("thanks"))
    }

    @Test func aReplyClearsTheSendersRedDotButABulkSendOrANoticeReadsNothing() throws {
        let cli = Sandbox()
        try cli.seed()
        func dots(_ actor: String) throws -> String { try jq("[.[] | .unread]", cli.ok("--as", actor, "unread", "list", "--json")) }
        try cli.ok("message", "send", "summer-launch", "@alice", "Hi")
        #expect(try dots("@alice") == "[1]")
        try cli.ok("--as", "@alice", "message", "send", "summer-launch", "@alice", "Hello!")
        #expect(try dots("@alice") == "[]", "her reply read the brand's Hi")
        #expect(try dots("brand") == "[1]")
        try cli.ok("message", "send", "summer-launch", "@alice", "(automated) We got your message", "--no-mark-read")
        #expect(try dots("brand") == "[1]", "--no-mark-read leaves her Hello unread")
        try cli.ok("message", "send", "summer-launch", "@alice", "Your parcel ships Monday")
        #expect(try dots("brand") == "[]", "the brand's reply read her Hello")
        #expect(try dots("@alice") == "[2]", "messages after her reply are unread again")
        try cli.ok("thread", "mark-unread", "summer-launch", "@alice")
        #expect(try dots("brand") == "[1]", "mark-unread still works after a send")

        // The nightly script sends tracking numbers: the creator's question stays a red dot.
        try cli.ok("--as", "@alice", "message", "send", "summer-launch", "@alice", "Which courier is it?")
        let before = try dots("brand")
        let bulk = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Tracking {tracking}"],
                               stdin: Data("handle,tracking\n@alice,1Z999AA10123456784\n".utf8))
        #expect(bulk.status == 0, "\(bulk.stderr)")
        #expect(try dots("brand") == before, "a bulk send reads nothing")
        try cli.ok("shipment", "mark", "summer-launch", "@alice", "1Z999AA10123456784", "delivered", "--notify")
        #expect(try dots("brand") == before, "a shipment notice reads nothing")
        let marked = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Reminder for {handle}", "--mark-read"],
                                 stdin: Data("handle\n@alice\n".utf8))
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(try dots("brand") == "[]", "--mark-read reads each thread written to")

        let sends = try cli.ok("events", "--json")
        #expect(try jq(#"[inputs | select(.event == "message_sent") | [.message.from, .marked_read]]"#, "null\n" + sends) == """
            [["brand",true],["creator",true],["brand",false],["brand",true],["creator",true],["brand",false],["brand",false],["brand",true]]
            """)
    }

    @Test func groupShowListsCreatorsWithStatusFavoriteAndRedDot() throws {
        let cli = Sandbox()
        try cli.seed()
        try cli.ok("creator", "favorite", "summer-launch", "@alice")
        try cli.ok("--as", "alice", "message", "send", "summer-launch", "alice", "hello")
        let group = try cli.ok("group", "show", "summer-launch", "Group A", "--json")
        #expect(try jq("[.creators[] | [.handle, .status, .favorite, .red_dot]]", group)
                == #"[["@alice","accepted",true,true],["@bob","invited",false,false],["@carol","declined",false,false],["@dave","removed",false,false]]"#)
        #expect(try jq(".[0].counts", cli.ok("group", "list", "summer-launch", "--json"))
                == #"{"invited":1,"accepted":1,"declined":1,"removed":1}"#)
        let human = try cli.ok("group", "show", "summer-launch", "group a")
        #expect(human.contains("HANDLE"))
        #expect(human.contains("● 1"))
    }

    @Test func membershipChangesReportTheirPreviousStatus() throws {
        let cli = Sandbox()
        try cli.seed()
        #expect(try jq("[.status, .previous_status, .changed]", cli.ok("creator", "accept", "summer-launch", "bob", "--json")) == #"["accepted","invited",true]"#)
        #expect(try jq("[.status, .previous_status, .changed]", cli.ok("creator", "accept", "summer-launch", "bob", "--json")) == #"["accepted","accepted",false]"#)
        // A declined creator may be invited again, into another group too; an accepted one stays where they are.
        try cli.ok("group", "create", "summer-launch", "Group B")
        #expect(try jq("[.[] | [.handle, .group, .status, .previous_status]]", cli.ok("creator", "invite", "summer-launch", "Group B", "carol", "--json"))
                == #"[["@carol","Group B","invited","declined"]]"#)
        #expect(try cli.run("creator", "invite", "summer-launch", "Group B", "bob").status == 65)
    }

    @Test func aCreatorSeesTheCampaignButNotTheOtherCreators() throws {
        let cli = Sandbox()
        try cli.seed()
        try cli.ok("message", "send", "summer-launch", "alice", "hi")
        try cli.ok("creator", "accept", "summer-launch", "bob")
        let bob = try cli.ok("--as", "bob", "campaign", "show", "summer-launch", "--json")
        #expect(try jq("[.slug, (.groups | length), .threads, .counts.invited]", bob) == #"["summer-launch",0,0,0]"#)
        #expect(try jq(".threads", cli.ok("--as", "alice", "campaign", "show", "summer-launch", "--json")) == "1")
        #expect(try jq(".threads", cli.ok("campaign", "show", "summer-launch", "--json")) == "1")
        // A creator is not shown the others: no line of counts that would read all zeros.
        #expect(!(try cli.ok("--as", "alice", "campaign", "show", "summer-launch")).contains("Creators:"))
        #expect(try cli.ok("campaign", "show", "summer-launch").contains("Creators: "))
    }

    @Test func creatorListFilters() throws {
        let cli = Sandbox()
        try cli.seed()
        #expect(try jq("[.[].handle]", cli.ok("creator", "list", "--json")) == #"["@alice","@bob","@carol","@dave","@erin"]"#)
        #expect(try jq("[.[].handle]", cli.ok("creator", "list", "summer-launch", "--status", "accepted", "--json")) == #"["@alice"]"#)
        #expect(try jq("[.[].handle]", cli.ok("creator", "list", "summer-launch", "--group", "Group A", "--status=declined", "--json")) == #"["@carol"]"#)
        #expect(try jq("length", cli.ok("creator", "list", "summer-launch", "--favorite", "--json")) == "0")
        let badStatus = try cli.run("creator", "list", "summer-launch", "--status", "maybe")
        #expect(badStatus.status == 64)
    }

    @Test func campaignListShowAndArchive() throws {
        let cli = Sandbox()
        try cli.seed()
        try cli.ok("campaign", "create", "Fall Drop", "--slug", "fall")
        try cli.ok("message", "send", "summer-launch", "alice", "before archiving")
        try cli.ok("campaign", "archive", "fall")
        #expect(try jq("[.[].slug]", cli.ok("campaign", "list", "--json")) == #"["summer-launch"]"#)
        #expect(try jq("[.[] | [.slug, .archived]]", cli.ok("campaign", "list", "--all", "--json")) == #"[["summer-launch",false],["fall",true]]"#)
        #expect(try jq("[.slug, .threads, .counts.accepted, (.groups | length)]", cli.ok("campaign", "show", "summer-launch", "--json"))
                == #"["summer-launch",1,1,1]"#)
        let archivedAt = try jq(".archived_at", cli.ok("campaign", "archive", "summer-launch", "--json"))
        #expect(try jq(".archived_at", cli.ok("campaign", "archive", "summer-launch", "--json")) == archivedAt, "archiving twice changes nothing")
        #expect(try cli.ok("campaign", "archive", "summer-launch") == "Campaign summer-launch was already archived; nothing changed.\n",
                "and says so")
        let refused = try cli.run("message", "send", "summer-launch", "alice", "after")
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("archived"))
        // Still readable.
        #expect(try cli.ok("thread", "read", "summer-launch", "alice").contains("before archiving"))
    }

    @Test func idempotentSendThroughTheCLI() throws {
        let cli = Sandbox()
        try cli.seed()
        let first = try cli.run("message", "send", "summer-launch", "alice", "1Z999", "--key", "ship-alice", "--json")
        let again = try cli.run("message", "send", "summer-launch", "alice", "1Z999", "--key=ship-alice", "--json")
        #expect(try jq(".id", first.stdout) == jq(".id", again.stdout))
        #expect(try jq(".replayed", again.stdout) == "true")
        let conflict = try cli.run("message", "send", "summer-launch", "alice", "1Z000", "--key", "ship-alice")
        #expect(conflict.status == 65)
        #expect(conflict.stderr.hasPrefix("Error: key 'ship-alice' was already used"))
        #expect(try cli.query("SELECT count(*) FROM message") == "1")
    }

    @Test func threadListMarkUnreadAndLimit() throws {
        let cli = Sandbox()
        try cli.seed()
        for number in 1...3 { try cli.ok("--as", "alice", "message", "send", "summer-launch", "alice", "note \(number)") }
        #expect(try jq("[.[] | [.creator, .messages, .unread]]", cli.ok("thread", "list", "--json")) == #"[["@alice",3,3]]"#)
        #expect(try jq("[.[].body]", cli.ok("thread", "read", "summer-launch", "alice", "--limit", "2", "--no-mark-read", "--json"))
                == #"["note 2","note 3"]"#)
        #expect(try jq("length", cli.ok("thread", "list", "--unread", "--json")) == "1")
        try cli.ok("thread", "read", "summer-launch", "alice")
        #expect(try jq("length", cli.ok("thread", "list", "--unread", "--json")) == "0")
        try cli.ok("thread", "mark-unread", "summer-launch", "alice")
        #expect(try jq("[.[].unread]", cli.ok("unread", "list", "--json")) == "[1]")
    }

    @Test func defaultDatabaseIsCreatedUnderXDGDataHome() throws {
        let cli = Sandbox()
        cli.environment["CAMPAIGNCHAT_DB"] = nil
        let data = cli.path("xdg")
        let result = try cli.run(["campaign", "create", "X"], environment: ["XDG_DATA_HOME": data])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/campaignchat/campaignchat.db"))
        let home = try cli.run(["campaign", "list", "--json"])
        #expect(home.status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.path("home/.local/share/campaignchat/campaignchat.db")))
    }

    @Test func concurrentWritersAllSucceed() throws {
        let cli = Sandbox()
        try cli.seed()
        let script = """
            for i in $(seq 1 20); do
              "$BIN" message send summer-launch alice "writer $W message $i" -q || exit 1
            done
            """
        let writers = (1...4).map { number in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = cli.environment.merging(["BIN": Sandbox.binary.path, "W": "\(number)"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            return process
        }
        for writer in writers { try writer.run() }
        for writer in writers { writer.waitUntilExit() }
        #expect(writers.map(\.terminationStatus) == [0, 0, 0, 0])
        #expect(try cli.query("SELECT count(*) FROM message") == "80")
        #expect(try cli.query("SELECT brand_sent FROM thread") == "80")
    }
}

/// The README's quick start: `campaignchat demo` on the default database, twice.
@Suite struct QuickStart {
    @Test func demoRunsTheMainJobOnTheDefaultDatabaseAndIsSafeToRepeat() throws {
        let cli = Sandbox()
        cli.environment["CAMPAIGNCHAT_DB"] = nil
        let database = cli.path("home/.local/share/campaignchat/campaignchat.db")
        let first = try cli.run("demo")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("sent 3, replayed 0, refused 1, invalid 0"))
        #expect(FileManager.default.fileExists(atPath: database))
        let second = try cli.run("demo", "--json")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try jq("[inputs | .status]", "null\n" + second.stdout) == #"["replayed","replayed","replayed","refused"]"#)
        let count = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/sqlite3"), [database, "SELECT count(*) FROM message"],
                                        stdin: nil, environment: cli.environment, in: cli.folder)
        #expect(count.stdout == "4\n", "three tracking numbers and one reply, however often it runs")
        #expect(try jq("[.[] | [.creator, .unread]]", cli.ok("unread", "list", "--json")) == #"[["@ava.demo",1]]"#)
    }

    /// Tables line up on a terminal whatever script the names are in: a Hangul or Chinese
    /// character, or an emoji, takes two columns (Unicode's East Asian Width, as Python's
    /// `unicodedata` gives it), and the columns after it start where they do for ASCII names.
    @Test func tablesStayAlignedWithWideCharacters() throws {
        let cli = try acceptedCreators(3)
        try cli.ok("creator", "update", "c01", "--name", "김민수")
        try cli.ok("creator", "update", "c02", "--name", "张伟 🎉 Zoë")
        let table = try cli.ok("creator", "list", "summer-launch")
        let script = """
            import sys, unicodedata
            def width(text): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
            lines = sys.stdin.read().splitlines()
            print(sorted({width(line[:line.index(" A ") + 1]) for line in lines[1:]}))
            """
        let columns = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], stdin: Data(table.utf8),
                                          environment: cli.environment, in: cli.folder)
        #expect(columns.status == 0, "\(columns.stderr)")
        #expect(columns.stdout.split(separator: ",").count == 1, "the GROUP column starts at one column on every row: \(columns.stdout)\n\(table)")
    }
}
