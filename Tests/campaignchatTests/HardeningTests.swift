import Foundation
import Testing

/// How much longer the storms run: `CAMPAIGNCHAT_STORM_SCALE=10 swift test` for a long soak.
let stormScale = max(1, Int(ProcessInfo.processInfo.environment["CAMPAIGNCHAT_STORM_SCALE"] ?? "") ?? 1)

/// Starts the binary without waiting, stdout and stderr to files in the sandbox; stdin is `stdin`'s
/// text, or `pipe` for input written while it runs, or nothing.
func launch(_ cli: Sandbox, _ arguments: [String], stdin: String? = nil, pipe: Pipe? = nil, name: String) throws -> Process {
    let process = Process()
    process.executableURL = Sandbox.binary
    process.arguments = arguments
    process.environment = cli.environment
    process.currentDirectoryURL = cli.folder
    _ = FileManager.default.createFile(atPath: cli.path("\(name).out"), contents: nil)
    _ = FileManager.default.createFile(atPath: cli.path("\(name).err"), contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.path("\(name).out")))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.path("\(name).err")))
    if let stdin {
        let input = cli.path("\(name).in")
        try stdin.write(toFile: input, atomically: true, encoding: .utf8)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    } else if let pipe {
        process.standardInput = pipe
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    return process
}

/// Starts writer `number` of a storm: `/bin/sh -c SCRIPT` in the sandbox with `$BIN` the binary
/// and `$W` the number, stdout discarded, stderr to `errors`.
func launchWriter(_ cli: Sandbox, _ script: String, number: Int, errors: Any = FileHandle.nullDevice) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.environment = cli.environment.merging(["BIN": Sandbox.binary.path, "W": "\(number)"]) { $1 }
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
}

/// Runs writers 1...`count` of a storm at once and waits for them all: their exit statuses, in
/// order, and what they wrote to stderr together (each pipe drained while it runs).
func runWriters(_ cli: Sandbox, _ script: String, count: Int) throws -> (statuses: [Int32], stderr: String) {
    let writers = try (1...count).map { number in
        let errors = Pipe()
        return (try launchWriter(cli, script, number: number, errors: errors), errors)
    }
    var stderr = ""
    for (process, errors) in writers {
        stderr += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
    }
    return (writers.map(\.0.terminationStatus), stderr)
}

/// A campaign with `count` accepted creators c01, c02, ... that have device tokens.
func acceptedCreators(_ count: Int, engine: Sandbox.Engine = Sandbox.selectedEngine) throws -> Sandbox {
    let cli = Sandbox(engine: engine)
    try cli.ok("campaign", "create", "Summer Launch")
    try cli.ok("group", "create", "summer-launch", "A")
    let handles = (1...count).map { String(format: "c%02d", $0) }
    let script = handles.map { "\"$BIN\" creator add \($0) --push-token tok-\($0) -q && \"$BIN\" creator invite summer-launch A \($0) -q && \"$BIN\" creator accept summer-launch \($0) -q" }
        .joined(separator: " && ")
    let result = try Sandbox.execute(URL(fileURLWithPath: "/bin/sh"), ["-c", script], stdin: nil,
                                     environment: cli.environment.merging(["BIN": Sandbox.binary.path]) { $1 }, in: cli.folder)
    #expect(result.status == 0, "\(result.stderr)")
    return cli
}

/// The invariants a crash must never break, by hand and as `db check` sees them.
func checkInvariants(_ cli: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if cli.engine == .sqlite {
        // PostgreSQL checks its foreign keys on every write and keeps its own files sound.
        #expect(try cli.query("PRAGMA integrity_check") == "ok", sourceLocation: sourceLocation)
        #expect(try cli.query("PRAGMA foreign_key_check") == "", sourceLocation: sourceLocation)
    }
    #expect(try cli.query("SELECT count(*) FROM thread t WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.thread_id = t.id)") == "0",
            "no thread without its first message", sourceLocation: sourceLocation)
    #expect(try cli.query("""
        SELECT count(*) FROM message m WHERE m.sender = 'brand' AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.message_id = m.id)
        """) == "0", "no brand message without its notification", sourceLocation: sourceLocation)
    #expect(try cli.query("""
        SELECT count(*) FROM thread t WHERE brand_sent <> (SELECT count(*) FROM message m WHERE m.thread_id = t.id AND m.sender = 'brand')
        """) == "0", "thread counters match the messages", sourceLocation: sourceLocation)
    let check = try cli.run("db", "check")
    #expect(check.status == 0, "db check: \(check.stdout)\(check.stderr)", sourceLocation: sourceLocation)
}

@Suite(.serialized) struct Hardening {
    // MARK: 1. Concurrent writers

    @Test func eightConcurrentWritersLoseAndDoubleNothing() throws {
        let cli = try acceptedCreators(4)
        let perWriter = 200 * stormScale
        let script = """
            i=1
            while [ $i -le \(perWriter) ]; do
              to=c0$(( (i % 4) + 1 ))
              if [ $(( i % 2 )) -eq 0 ]; then
                "$BIN" message send summer-launch $to "writer $W message $i" --key "w$W-$i" -q || exit 1
              else
                "$BIN" message send summer-launch $to "writer $W message $i" -q || exit 1
              fi
              i=$(( i + 1 ))
            done
            """
        let (statuses, stderr) = try runWriters(cli, script, count: 8)
        #expect(statuses == Array(repeating: 0, count: 8))
        #expect(stderr == "", "no errors, no SQLITE_BUSY")
        #expect(try cli.query("SELECT count(*) FROM message") == "\(8 * perWriter)")
        #expect(try cli.query("SELECT count(DISTINCT body) FROM message") == "\(8 * perWriter)")
        try checkInvariants(cli)
    }

    @Test func eightWritersWithTheSameKeySendOneMessage() throws {
        let cli = try acceptedCreators(1)
        let writers = try (1...8).map { try launch(cli, ["message", "send", "summer-launch", "c01", "Tracking 1Z999", "--key", "same", "--json"], name: "w\($0)") }
        for writer in writers { writer.waitUntilExit() }
        #expect(writers.map(\.terminationStatus) == Array(repeating: 0, count: 8))
        let ids = try (1...8).map { try jq(".id", String(contentsOfFile: cli.path("w\($0).out"), encoding: .utf8)) }
        #expect(Set(ids).count == 1)
        let replayed = try (1...8).map { try jq(".replayed", String(contentsOfFile: cli.path("w\($0).out"), encoding: .utf8)) }
        #expect(replayed.filter { $0 == "false" }.count == 1)
        #expect(try cli.query("SELECT count(*) FROM message") == "1")
        #expect(try cli.query("SELECT count(*) FROM notification") == "1")
    }

    // MARK: 2. Crash safety

    @Test func bulkSendKilledAtRandomPointsLeavesAConsistentDatabase() throws {
        let cli = try acceptedCreators(50)
        let rows = "handle,parcel\n" + (1...5_000).map { String(format: "c%02d,1Z%06d", ($0 % 50) + 1, $0) }.joined(separator: "\n") + "\n"
        try rows.write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        let arguments = ["message", "send", "summer-launch", "--bulk", "ship.csv", "--template", "Parcel {parcel}", "-q"]
        var generator = SystemRandomNumberGenerator()
        var killedMidWay = 0
        for round in 1...(6 * stormScale) {
            let run = try launch(cli, arguments, name: "round\(round)")
            // The first kill lands early, so that at least one surely hits a running send
            // (later rounds mostly replay, and may finish before a long wait is over).
            usleep(UInt32.random(in: round == 1 ? 5_000...50_000 : 5_000...400_000, using: &generator))
            if run.isRunning { killedMidWay += 1 }
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            try checkInvariants(cli)
        }
        #expect(killedMidWay > 0, "at least one kill landed while the send was running")
        let finish = try cli.run(arguments)
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(try cli.query("SELECT count(*) FROM message") == "5000")
        #expect(try cli.query("SELECT count(DISTINCT body) FROM message") == "5000")
        #expect(try cli.query("SELECT count(*) FROM notification") == "5000")
        try checkInvariants(cli)
    }

    // MARK: 3. Busy database and SIGINT

    @Test func sigintDuringABulkSendRollsBackTheOpenChunkAndExits130() throws {
        let cli = try acceptedCreators(4)
        let rows = "handle,parcel\n" + (1...40_000).map { String(format: "c%02d,1Z%06d", ($0 % 4) + 1, $0) }.joined(separator: "\n") + "\n"
        try rows.write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        let run = try launch(cli, ["message", "send", "summer-launch", "--bulk", "ship.csv", "--template", "Parcel {parcel}", "--json"], name: "bulk")
        // Wait for the first committed chunk to be reported, then interrupt.
        let deadline = Date().addingTimeInterval(30)
        while run.isRunning && Date() < deadline,
              ((try? Data(contentsOf: URL(fileURLWithPath: cli.path("bulk.out"))))?.count ?? 0) == 0 {
            usleep(5_000)
        }
        kill(run.processIdentifier, SIGINT)
        run.waitUntilExit()
        #expect(run.terminationReason == .exit)
        #expect(run.terminationStatus == 130)
        let reported = try String(contentsOfFile: cli.path("bulk.out"), encoding: .utf8).split(separator: "\n").count
        let sent = Int(try cli.query("SELECT count(*) FROM message")) ?? -1
        #expect(sent == reported, "exactly the reported rows were sent")
        #expect(sent % 1_000 == 0 && sent > 0 && sent < 40_000, "whole chunks only: \(sent)")
        #expect(try String(contentsOfFile: cli.path("bulk.err"), encoding: .utf8).hasPrefix("Error: interrupted"))
        try checkInvariants(cli)
    }

    // MARK: 4. Hostile text

    @Test func hostileTextIsStoredExactlyButNeverReachesTheTerminalRaw() throws {
        let cli = try acceptedCreators(1)
        let hostile = "clear\u{1B}[2J title\u{1B}]0;pwned\u{07} link\u{1B}]8;;http://evil\u{1B}\\\\click\u{1B}]8;;\u{1B}\\\\ cr\rdone "
            + "c1\u{9B}31m bell\u{07} bs\u{08} del\u{7F} bidi\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069} end"
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", hostile)
        try cli.ok("message", "send", "summer-launch", "c01", hostile)
        #expect(try jq(".[0].body", cli.ok("thread", "read", "summer-launch", "c01", "--json", "--no-mark-read"))
                == (try jq(".", JSONSerialization.data(withJSONObject: [hostile]).utf8String.dropFirst().dropLast().description)))
        let stored = try cli.query(cli.sql(sqlite: "SELECT hex(body) FROM message ORDER BY id LIMIT 1",
                                           postgres: "SELECT upper(encode(convert_to(body, 'UTF8'), 'hex')) FROM message ORDER BY id LIMIT 1"))
        #expect(stored.trimmingCharacters(in: .whitespacesAndNewlines) == Data(hostile.utf8).map { String(format: "%02X", $0) }.joined(),
                "stored byte for byte")
        let rows = "handle,parcel\nc01,\"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        let humanCommands: [([String], String?)] = [
            (["thread", "read", "summer-launch", "c01", "--no-mark-read"], nil), (["thread", "list"], nil), (["unread", "list"], nil),
            (["push", "list"], nil), (["--as", "c01", "unread", "list"], nil),
            (["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--dry-run"], rows),
        ]
        for (arguments, stdin) in humanCommands {
            let result = try cli.run(arguments, stdin: stdin.map { Data($0.utf8) })
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let raw = (result.stdout + result.stderr).unicodeScalars.filter { scalar in
                (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
                    || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            }
            #expect(raw.isEmpty, "\(arguments) wrote raw control characters: \(raw.map { String($0.value, radix: 16) })")
        }
        for arguments in [["thread", "read", "summer-launch", "c01"], ["thread", "list"], ["unread", "list"], ["push", "list"]] {
            let json = try cli.run(arguments + ["--json", "--no-mark-read"].filter { $0 != "--no-mark-read" || arguments[1] == "read" })
            #expect(json.status == 0)
            #expect(try jq("type", json.stdout) == #""array""#, "\(arguments) is valid JSON")
        }
        // Errors quoting user input escape it too, usage errors included.
        let error = try cli.run("campaign", "show", "\u{1B}[2Jnope")
        #expect(error.status == 66)
        #expect(!error.stderr.contains("\u{1B}"))
        #expect(error.stderr.contains("\\x1b[2J"))
        for arguments in [["campaign", "list", "--x\u{1B}[31mRED"], ["campaign", "list", "-\u{1B}"], ["\u{1B}]0;title\u{07}"]] {
            let usage = try cli.run(arguments)
            #expect(usage.status == 64)
            #expect(!usage.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments)")
        }
        // Search highlights and feedback are escaped like everything else.
        try cli.ok("feedback", "add", "summer-launch", "c01", hostile)
        for arguments in [["message", "search", "bidi"], ["feedback", "list", "summer-launch"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x9B }, "\(arguments)")
            #expect(result.stdout.contains("\\x1b"), "\(arguments)")
        }
        // Names and handles are checked on the way in.
        #expect(try cli.run("creator", "add", "evil\u{1B}").status == 65)
        #expect(try cli.run("creator", "add", "ok-name", "--name", "Evil\u{202E}Name").status == 65)
        #expect(try cli.run("group", "create", "summer-launch", "G\rX").status == 65)
    }

    // MARK: 5. Authorization matrix

    @Test func textRoundTripsByteForByteOnEveryEngine() throws {
        let cli = try acceptedCreators(1)
        let samples = [
            "Emoji 📦🚚👩‍💻🏳️‍🌈 and flags 🇩🇪🇯🇵",
            "RTL: שלום עולם — مرحبا بالعالم, mixed with 1Z999AA10123456784",
            "Controls \u{1B}[31m red \u{7} bell \t tab \r return \u{202E}reversed",
            "Long: " + String(repeating: "é📦a", count: 3_330),
            "  leading and trailing spaces, 'quotes' \"double\" \\backslash\\ and %s %d $1 ?1  ",
        ]
        for (number, body) in samples.enumerated() {
            let sent = try cli.run(["message", "send", "summer-launch", "c01", "--json", "-"], stdin: Data(body.utf8))
            #expect(sent.status == 0, "sample \(number): \(sent.stderr)")
        }
        let bodies = try JSONSerialization.jsonObject(with: Data(cli.ok("thread", "read", "summer-launch", "c01", "--json").utf8)) as! [[String: Any]]
        #expect(bodies.map { $0["body"] as! String } == samples)
        let exported = try cli.ok("thread", "export", "--format", "jsonl").split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["body"] as! String
        }
        #expect(exported == samples)
        #expect(try jq("length", cli.ok("message", "search", "שלום", "--json")) == "1")
    }

    @Test func anotherCreatorIsRefusedByEveryThreadCommandAndSeesNothing() throws {
        let cli = try acceptedCreators(2)
        try cli.ok("message", "send", "summer-launch", "c01", "secret tracking 1Z-PRIVATE")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "private reply 555")
        let asOther = ["--as", "@c02"]
        let commands: [[String]] = [
            ["message", "send", "summer-launch", "c01", "hi"], ["message", "send", "summer-launch", "c01", "hi", "--key", "k"],
            ["thread", "read", "summer-launch", "c01"], ["thread", "read", "summer-launch", "c01", "--json"],
            ["thread", "read", "summer-launch", "c01", "--no-mark-read", "--limit", "1"],
            ["thread", "mark-unread", "summer-launch", "c01"], ["creator", "accept", "summer-launch", "c01"],
            ["creator", "decline", "summer-launch", "c01"], ["creator", "remove", "summer-launch", "c01"],
            ["creator", "favorite", "summer-launch", "c01"], ["group", "show", "summer-launch", "A"], ["creator", "list", "summer-launch"],
            ["push", "list"], ["campaign", "archive", "summer-launch"],
            ["message", "send", "summer-launch", "--bulk", "-", "--template", "x"],
        ]
        for arguments in commands {
            let result = try cli.run(asOther + arguments, stdin: Data("handle\nc01\n".utf8))
            #expect(result.status == 77, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(!result.stderr.contains("PRIVATE") && !result.stderr.contains("555"), "\(arguments)")
        }
        // Their own listings show nothing of c01's thread.
        for arguments in [["thread", "list", "--json"], ["unread", "list", "--json"]] {
            let own = try cli.run(asOther + arguments)
            #expect(own.status == 0)
            #expect(!own.stdout.contains("c01"), "\(arguments)")
        }
        #expect(try cli.query("SELECT count(*) FROM message") == "2")
        #expect(try cli.joined("status", from: "membership", orderBy: "creator_id") == "accepted,accepted")
    }

    @Test func archivedCampaignsRefuseEveryWrite() throws {
        let cli = try acceptedCreators(2)
        try cli.ok("creator", "add", "new")
        try cli.ok("campaign", "archive", "summer-launch")
        let writes: [[String]] = [
            ["message", "send", "summer-launch", "c01", "hi"], ["--as", "c01", "message", "send", "summer-launch", "c01", "hi"],
            ["message", "send", "summer-launch", "--bulk", "-", "--template", "x"], ["group", "create", "summer-launch", "B"],
            ["creator", "invite", "summer-launch", "A", "new"], ["creator", "accept", "summer-launch", "c01"],
            ["creator", "decline", "summer-launch", "c01"], ["creator", "remove", "summer-launch", "c01"],
            ["creator", "favorite", "summer-launch", "c01"],
        ]
        for arguments in writes {
            let result = try cli.run(arguments, stdin: Data("handle\nc01\n".utf8))
            #expect(result.status == 77, "\(arguments): \(result.stderr)")
            // A bulk send says it row by row (a row that went out before replays).
            #expect((arguments.contains("--bulk") ? result.stdout : result.stderr).contains("archived"), "\(arguments)")
        }
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
        #expect(try cli.query("SELECT count(*) FROM creator_group") == "1")
    }

    // MARK: 6. Bad files

    @Test func aReadOnlyDatabaseCanBeReadButNotWritten() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        try cli.ok("message", "send", "summer-launch", "c01", "hello")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "unread reply")
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
        // Root ignores file modes, so as root the binary runs as nobody on a file nobody may write.
        let asNobody = getuid() == 0
        try FileManager.default.setAttributes([.posixPermissions: asNobody ? 0o644 : 0o444], ofItemAtPath: cli.databasePath)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path)
        func run(_ arguments: [String]) throws -> RunResult {
            if asNobody {
                return try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                           ["--reuid=nobody", "--regid=nogroup", "--clear-groups", Sandbox.binary.path] + arguments,
                                           stdin: nil, environment: cli.environment, in: URL(fileURLWithPath: "/"))
            }
            return try cli.run(arguments)
        }
        let read = try run(["thread", "read", "summer-launch", "c01", "--no-mark-read", "--json"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try jq(".[0].body", read.stdout) == #""hello""#)
        #expect(try run(["unread", "list"]).status == 0)
        // Reading and marking read: the thread is printed whole (valid JSON), then marking read fails.
        let marking = try run(["thread", "read", "summer-launch", "c01", "--json"])
        #expect(marking.status == 74, "\(marking.stderr)")
        #expect(try jq("length", marking.stdout) == "2")
        let write = try run(["message", "send", "summer-launch", "c01", "more"])
        #expect(write.status == 74, "\(write.stderr)")
        #expect(write.stderr.contains("read-only"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == before)
    }
}

extension Data {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
