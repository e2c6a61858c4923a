import Foundation
import Testing

/// Each documented exit code, caused the way a user would cause it.
@Suite struct ExitCodes {
    @Test func notFoundIs66() throws {
        let cli = Sandbox()
        try cli.seed()
        for arguments in [["campaign", "show", "nope"], ["group", "show", "summer-launch", "Nope"],
                          ["message", "send", "summer-launch", "zed", "hi"], ["thread", "read", "summer-launch", "alice"],
                          ["--as", "zed", "unread", "list"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: "))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func badDataIs65AndWritesNothing() throws {
        let cli = Sandbox()
        try cli.seed()
        let tooLong = String(repeating: "x", count: 10_001)
        let long = try cli.run("message", "send", "summer-launch", "alice", tooLong)
        #expect(long.status == 65)
        #expect(long.stderr.contains("10000"))
        let blank = try cli.run("message", "send", "summer-launch", "alice", "   ")
        #expect(blank.status == 65)
        let invalid = try cli.run(["message", "send", "summer-launch", "alice", "-"], stdin: Data([0x68, 0xC3, 0x28]))
        #expect(invalid.status == 65)
        #expect(invalid.stderr == "Error: message is not valid UTF-8\n")
        let nul = try cli.run(["message", "send", "summer-launch", "alice"], stdin: Data([0x68, 0x00, 0x69]))
        #expect(nul.status == 65)
        #expect(try cli.run("creator", "add", "bad handle!").status == 65)
        #expect(try cli.run("creator", "add", "alice").status == 65)
        #expect(try cli.run("campaign", "create", "Evil\u{1B}[2J").status == 65)
        for invisible in ["\u{200B}", "\u{FEFF}", "\u{00AD}", "\u{E0041}"] {
            let lookalike = try cli.run("creator", "update", "alice", "--name", "Al" + invisible + "ice")
            #expect(lookalike.status == 65, "U+\(String(invisible.unicodeScalars.first!.value, radix: 16))")
            #expect(lookalike.stderr == "Error: creator name contains control, bidi or invisible formatting characters\n")
            #expect(try cli.run("group", "create", "summer-launch", "Group" + invisible + " B").status == 65)
        }
        #expect(try cli.query("SELECT count(*) FROM creator_group") == "1")
        #expect(try cli.query("SELECT name FROM creator WHERE handle = 'alice'") == "Alice")
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }

    @Test func notPermittedIs77() throws {
        let cli = Sandbox()
        try cli.seed()
        for handle in ["bob", "carol", "dave", "erin"] {
            #expect(try cli.run("message", "send", "summer-launch", handle, "hi").status == 77, "\(handle)")
            #expect(try cli.run("--as", handle, "message", "send", "summer-launch", handle, "hi").status == 77, "\(handle)")
        }
        #expect(try cli.run("--as", "bob", "campaign", "create", "Mine").status == 77)
        #expect(try cli.run("--as", "bob", "creator", "accept", "summer-launch", "alice").status == 77)
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }

    @Test func cannotCreateTheDatabaseIs73() throws {
        let cli = Sandbox()
        _ = FileManager.default.createFile(atPath: cli.path("plainfile"), contents: Data("x".utf8))
        let result = try cli.run("--db", cli.path("plainfile/chat.db"), "campaign", "list")
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("Error: cannot create the database"))
    }

    @Test func corruptDatabaseIs74() throws {
        let cli = Sandbox(engine: .sqlite)
        try cli.seed()
        _ = try cli.query("PRAGMA wal_checkpoint(TRUNCATE)")
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: cli.databasePath))
        try handle.seek(toOffset: 100)
        handle.write(Data(repeating: 0xA5, count: 3_996))
        try handle.close()
        let result = try cli.run("campaign", "list")
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "))
    }

    @Test func busyPastTheWaitIs75AndWritesNothing() throws {
        let cli = Sandbox(engine: .sqlite)
        try cli.seed()
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(float(sys.argv[2]))
            db.execute('COMMIT')
            """, cli.databasePath, "3"]
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        _ = ready.fileHandleForReading.availableData
        let busy = try cli.run(["message", "send", "summer-launch", "alice", "hi"], environment: ["CAMPAIGNCHAT_BUSY_TIMEOUT": "200"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("busy"))
        // With the default wait, the send waits for the lock and succeeds.
        let waited = try cli.run("message", "send", "summer-launch", "alice", "hi")
        #expect(waited.status == 0, "\(waited.stderr)")
        holder.waitUntilExit()
        #expect(try cli.query("SELECT count(*) FROM message") == "1")
    }

    @Test func foreignFilesAre78AndUntouched() throws {
        let cli = Sandbox(engine: .sqlite)
        let text = cli.path("notes.txt")
        let contents = Data(String(repeating: "plain text, not SQLite\n", count: 300).utf8)
        _ = FileManager.default.createFile(atPath: text, contents: contents)
        let notSQLite = try cli.run("--db", text, "campaign", "list")
        #expect(notSQLite.status == 78)
        #expect(try Data(contentsOf: URL(fileURLWithPath: text)) == contents)

        let other = cli.path("other.db")
        _ = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/sqlite3"), [other, "PRAGMA application_id = 7; CREATE TABLE t (x);"],
                                stdin: nil, environment: cli.environment, in: cli.folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        let foreign = try cli.run("--db", other, "campaign", "create", "X")
        #expect(foreign.status == 78)
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)

        // An untagged file holding only a view, index or trigger of one of campaignchat's names is
        // another application's too, as on PostgreSQL: refused, not migrated into.
        for (number, theirs) in ["CREATE VIEW message_by_thread AS SELECT 1",
                                 "CREATE TABLE notes (x); CREATE INDEX message_by_key ON notes (x)",
                                 "CREATE TABLE notes (x); CREATE TRIGGER message_fts_delete AFTER DELETE ON notes BEGIN SELECT 1; END"].enumerated() {
            let file = cli.path("theirs-\(number).db")
            _ = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/sqlite3"), [file, theirs], stdin: nil, environment: cli.environment, in: cli.folder)
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            let refused = try cli.run("--db", file, "campaign", "create", "X")
            #expect(refused.status == 78, "\(theirs): \(refused.stderr)")
            #expect(refused.stderr == "Error: '\(file)' is not a campaignchat database (it belongs to another application); it was left untouched\n")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        }

        try cli.ok("campaign", "list")
        _ = try cli.query("PRAGMA user_version = 999")
        let newer = try cli.run("campaign", "list")
        #expect(newer.status == 78)
        #expect(newer.stderr.contains("newer"))
    }
}

/// Text written by others never takes over the terminal.
@Suite struct HostileText {
    @Test func humanOutputEscapesControlsAndJSONKeepsThemExactly() throws {
        let cli = Sandbox()
        try cli.seed()
        let hostile = "hi\u{1B}[2J\u{1B}]0;title\u{07}\r\u{202E}gnp.exe\u{9B}"
        try cli.ok("--as", "alice", "message", "send", "summer-launch", "alice", hostile)
        for arguments in [["thread", "read", "summer-launch", "alice", "--no-mark-read"], ["unread", "list"], ["thread", "list"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let output = result.stdout
            #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) },
                    "\(arguments)")
            #expect(output.contains("\\x1b[2J"), "\(arguments): \(output)")
        }
        let json = try cli.run("thread", "read", "summer-launch", "alice", "--json")
        #expect(try jq(".[0].body", json.stdout) == (try jq(".", "\"hi\\u001b[2J\\u001b]0;title\\u0007\\r\\u202egnp.exe\\u009b\"")))
        #expect(!json.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    }
}
