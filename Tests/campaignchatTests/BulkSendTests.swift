import Foundation
import Testing

/// A database with campaign `summer-launch` and 490 creators: c001-c450 accepted,
/// c451-c465 invited, c466-c480 declined, c481-c490 removed. c491-c500 do not exist.
/// On SQLite, built once through the real binary, then copied into each test's sandbox;
/// on PostgreSQL, the campaign through the binary and the creators by SQL, in each sandbox.
enum CourierFixture {
    static let template: Data = {
        let cli = Sandbox(engine: .sqlite)
        try! cli.ok("campaign", "create", "Summer Launch")
        try! cli.ok("group", "create", "summer-launch", "Shipping")
        let handles = (1...490).map(handle)
        let script = handles.map { "\"$BIN\" creator add \($0) --name \"Creator \($0)\" -q || exit 1" }.joined(separator: "\n")
        let added = try! Sandbox.execute(URL(fileURLWithPath: "/bin/sh"), ["-c", script], stdin: nil,
                                         environment: cli.environment.merging(["BIN": Sandbox.binary.path]) { $1 }, in: cli.folder)
        precondition(added.status == 0, added.stderr)
        try! cli.run(["creator", "invite", "summer-launch", "Shipping"] + handles)
        let accept = (1...450).map { "\"$BIN\" creator accept summer-launch \(handle($0)) -q" }
            + (466...480).map { "\"$BIN\" creator decline summer-launch \(handle($0)) -q" }
            + (481...490).map { "\"$BIN\" creator remove summer-launch \(handle($0)) -q" }
        let changed = try! Sandbox.execute(URL(fileURLWithPath: "/bin/sh"), ["-c", accept.joined(separator: " && ")], stdin: nil,
                                           environment: cli.environment.merging(["BIN": Sandbox.binary.path]) { $1 }, in: cli.folder)
        precondition(changed.status == 0, changed.stderr)
        _ = try! cli.query("PRAGMA wal_checkpoint(TRUNCATE)")
        return try! Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
    }()

    static func handle(_ number: Int) -> String { "@c" + String(format: "%03d", number) }

    /// A sandbox holding the fixture database.
    static func sandbox(engine: Sandbox.Engine = Sandbox.selectedEngine) throws -> Sandbox {
        let cli = Sandbox(engine: engine)
        if engine == .sqlite {
            try template.write(to: URL(fileURLWithPath: cli.databasePath))
            return cli
        }
        try cli.ok("campaign", "create", "Summer Launch")
        try cli.ok("group", "create", "summer-launch", "Shipping")
        _ = try cli.query("""
            INSERT INTO creator (handle, name, created_at)
              SELECT 'c' || lpad(i::text, 3, '0'), 'Creator @c' || lpad(i::text, 3, '0'), '2026-01-01T00:00:00.000Z'
              FROM generate_series(1, 490) AS i ORDER BY i;
            INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at)
              SELECT 1, id, 1, CASE WHEN id <= 450 THEN 'accepted' WHEN id <= 465 THEN 'invited'
                                    WHEN id <= 480 THEN 'declined' ELSE 'removed' END, '2026-01-01T00:00:00.000Z'
              FROM creator;
            """)
        return cli
    }

    /// 500 rows with a BOM, CRLF line ends, and quoted fields holding commas, quotes and newlines.
    static func csv(changing changed: Int? = nil) -> String {
        var text = "\u{FEFF}handle,parcel,carrier,note\r\n"
        for number in 1...500 {
            let parcel = "1Z\(String(format: "%06d", number))" + (number == changed ? "-NEW" : "")
            let note = number % 7 == 0 ? "\"Fragile, \"\"handle\"\" with care\nRing twice\"" : "\"Thanks, \(number)\""
            text += "\(handle(number)),\(parcel),\"UPS, Ground\",\(note)\r\n"
        }
        return text
    }

    static let templateText = "Hi {name}, your {carrier} tracking number is {parcel}. {note}"
}

@Suite struct BulkSend {
    @Test func sendsToAcceptedCreatorsReportsEveryRowAndExitsWithTheWorstRow() throws {
        let cli = try CourierFixture.sandbox()
        try CourierFixture.csv().write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "ship.csv", "--template", CourierFixture.templateText, "--json"])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr == "Error: 50 of 500 rows could not be sent\n")
        let records = result.stdoutLines
        #expect(records.count == 500)
        let statuses = try jq("[inputs | .status] | group_by(.) | map({(.[0]): length}) | add", "null\n" + result.stdout)
        #expect(statuses == #"{"refused":50,"sent":450}"#)
        #expect(try jq("[inputs | .row] == [range(1; 501)]", "null\n" + result.stdout) == "true")
        #expect(try jq("select(.row == 451) | .error", records[450]).contains("is invited"))
        #expect(try jq("select(.row == 470) | .error", records[469]).contains("is declined"))
        #expect(try jq("select(.row == 485) | .error", records[484]).contains("is removed"))
        #expect(try jq("select(.row == 495) | .error", records[494]).contains("no creator @c495"))
        #expect(try cli.query("SELECT count(*) FROM message") == "450")
        // Quoted fields arrive whole, BOM and CRLF gone.
        let seventh = try cli.query("SELECT body FROM message m JOIN thread t ON t.id = m.thread_id JOIN creator c ON c.id = t.creator_id WHERE c.handle = 'c007'")
        #expect(seventh == "Hi Creator @c007, your UPS, Ground tracking number is 1Z000007. Fragile, \"handle\" with care\nRing twice")

        // A second run sends nothing and reports every sent row as replayed.
        let again = try cli.run(["message", "send", "summer-launch", "--bulk", "ship.csv", "--template", CourierFixture.templateText, "--json"])
        #expect(try jq("[inputs | .status] | group_by(.) | map({(.[0]): length}) | add", "null\n" + again.stdout) == #"{"refused":50,"replayed":450}"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "450")

        // One changed tracking number: only that row is sent.
        try CourierFixture.csv(changing: 12).write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        let fixed = try cli.run(["message", "send", "summer-launch", "--bulk", "ship.csv", "--template", CourierFixture.templateText, "--json"])
        #expect(try jq("[inputs | select(.status == \"sent\") | .creator]", "null\n" + fixed.stdout) == #"["@c012"]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "451")
    }

    @Test func humanOutputIsATableAndASummary() throws {
        let cli = try CourierFixture.sandbox()
        let rows = "handle,parcel\n@c001,1Z1\n@c451,1Z2\n"
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Tracking {parcel}"], stdin: Data(rows.utf8))
        #expect(result.status == 77)
        let lines = result.stdoutLines
        #expect(lines.first?.hasPrefix("ROW") == true)
        #expect(lines.contains { $0.contains("@c001") && $0.contains("sent") })
        #expect(lines.contains { $0.contains("@c451") && $0.contains("refused") && $0.contains("invited") })
        #expect(lines.last == "sent 1, replayed 0, refused 1, invalid 0")
        // --quiet keeps the rows that need attention and the summary.
        let quiet = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Tracking {parcel}", "-q"], stdin: Data(rows.utf8))
        #expect(quiet.stdoutLines.count == 2)
        #expect(quiet.stdoutLines.first?.contains("@c451") == true)
        #expect(quiet.stdoutLines.last == "sent 0, replayed 1, refused 1, invalid 0")
    }

    @Test func keyPrefixMakesAChangedBodyThatRowsDataError() throws {
        let cli = try CourierFixture.sandbox()
        let first = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--key-prefix", "nov-shipment:"],
                                stdin: Data("handle,parcel\nc001,A\nc002,B\n".utf8))
        #expect(first.status == 0, "\(first.stderr)")
        let changed = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--key-prefix", "nov-shipment:", "--json"],
                                  stdin: Data("handle,parcel\nc001,A\nc002,CHANGED\n".utf8))
        #expect(changed.status == 65)
        #expect(try jq("[inputs | [.creator, .status]]", "null\n" + changed.stdout) == #"[["@c001","replayed"],["@c002","invalid"]]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "2")
    }

    @Test func keyColumnKeysEachRow() throws {
        let cli = try CourierFixture.sandbox()
        let input = "handle,parcel,key\nc001,A,order-1\nc002,B,order-2\n"
        #expect(try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}"], stdin: Data(input.utf8)).status == 0)
        #expect(try cli.joined("idempotency_key", from: "message", orderBy: "id") == "order-1,order-2")
    }

    @Test func dryRunReportsWouldSendAndLeavesTheFileByteIdentical() throws {
        let cli = try CourierFixture.sandbox(engine: .sqlite)
        try CourierFixture.csv().write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "ship.csv", "--template", CourierFixture.templateText, "--dry-run", "--json"])
        #expect(result.status == 77)
        #expect(try jq("[inputs | .status] | group_by(.) | map({(.[0]): length}) | add", "null\n" + result.stdout) == #"{"refused":50,"would_send":450}"#)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == before)
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath + "-wal"), "no -wal file is left behind")
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath + "-shm"), "no -shm file is left behind")
    }

    /// Each row's JSON result says its own exit code, the same as the command's when that row is the worst.
    @Test func eachRowResultCarriesItsOwnExitCode() throws {
        let cli = try CourierFixture.sandbox()
        let input = "handle,parcel,key\nc001,A,k1\nc001,B,k1\nc451,C,\nc499,D,\nc002,E,\n"
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--json"],
                                 stdin: Data(input.utf8))
        #expect(result.status == 77, "\(result.stderr)")
        #expect(try jq("[inputs | [.status, .exit_code]]", "null\n" + result.stdout)
                == #"[["sent",0],["invalid",65],["refused",77],["refused",66],["sent",0]]"#)
        let dry = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--json", "--dry-run"],
                              stdin: Data(input.utf8))
        #expect(try jq("[inputs | [.status, .exit_code]]", "null\n" + dry.stdout)
                == #"[["replayed",0],["invalid",65],["refused",77],["refused",66],["replayed",0]]"#)
    }

    @Test func dryRunPredictsExactlyWhatTheRealRunReportsRowsWithinTheFileIncluded() throws {
        let cli = try CourierFixture.sandbox()
        let input = """
            handle,parcel,key
            c001,A,order-1
            c001,B,order-1
            c002,C,
            c002,C,
            c003,D,
            c451,E,
            c003,D,order-9
            c003,D,order-9

            """
        func statuses(_ extra: [String]) throws -> (Int32, String) {
            let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--json"] + extra,
                                     stdin: Data(input.utf8))
            return (result.status, try jq("[inputs | .status]", "null\n" + result.stdout))
        }
        let (dryStatus, dry) = try statuses(["--dry-run"])
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
        let (realStatus, real) = try statuses([])
        #expect(real == #"["sent","invalid","sent","replayed","sent","refused","sent","replayed"]"#)
        #expect(dry == real.replacingOccurrences(of: "\"sent\"", with: "\"would_send\""))
        #expect(dryStatus == realStatus)
        // Run again: every row that was sent is now in the database, and the dry run says so too.
        let (_, dryAgain) = try statuses(["--dry-run"])
        let (_, realAgain) = try statuses([])
        #expect(dryAgain == realAgain)
    }

    @Test func dryRunWhereNoDatabaseExistsYetIs66AndCreatesNothing() throws {
        let cli = Sandbox()
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{tracking}", "--dry-run"],
                                 stdin: Data("handle,tracking\nc001,1Z1\n".utf8))
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: no database at "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try !cli.databaseCreated)
    }

    @Test func dryRunBesideAWALWithFramesLeavesBothFilesByteIdentical() throws {
        let cli = try CourierFixture.sandbox(engine: .sqlite)
        // A writer killed mid-way leaves committed frames in the -wal (python exits without closing).
        let killed = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import os, sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("PRAGMA wal_autocheckpoint = 0")
            db.execute("UPDATE creator SET name = 'Renamed' WHERE handle = 'c001'")
            os._exit(0)
            """, cli.databasePath], stdin: nil, environment: cli.environment, in: cli.folder)
        #expect(killed.status == 0, "\(killed.stderr)")
        let database = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
        let wal = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath + "-wal"))
        #expect(!wal.isEmpty)
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{name}: {parcel}", "--dry-run", "--json"],
                                 stdin: Data("handle,parcel\nc001,1Z1\n".utf8))
        #expect(try jq("[.status, .creator]", result.stdout) == #"["would_send","@c001"]"#)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == database, "no checkpoint into the database file")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath + "-wal")) == wal)
    }

    @Test func anAtomicRollbackLeavesNoIdOfAMessageThatWasRolledBack() throws {
        let cli = try CourierFixture.sandbox()
        let input = Data("handle,parcel,key\nc001,1Z1,z1\nc001,1Z1,z1\nc499,1Z2,\n".utf8)
        func results(_ extra: [String]) throws -> String {
            let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--atomic", "--json"] + extra,
                                     stdin: input)
            #expect(result.status == 66)
            return try jq("[inputs | [.status, .message_id]]", "null\n" + result.stdout)
        }
        #expect(try results([]) == #"[["would_send",null],["replayed",null],["refused",null]]"#)
        #expect(try results(["--dry-run"]) == #"[["would_send",null],["replayed",null],["refused",null]]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }

    @Test func atomicWithOneBadRowWritesNothing() throws {
        let cli = try CourierFixture.sandbox()
        let input = "handle,parcel\nc001,A\nc002,B\nc451,C\nc003,D\n"
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--atomic", "--json"], stdin: Data(input.utf8))
        #expect(result.status == 77)
        #expect(try jq("[inputs | .status]", "null\n" + result.stdout) == #"["would_send","would_send","refused","would_send"]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
        let good = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--atomic"], stdin: Data("handle,parcel\nc001,A\nc002,B\n".utf8))
        #expect(good.status == 0)
        #expect(try cli.query("SELECT count(*) FROM message") == "2")
    }

    @Test func tsvAndJSONLines() throws {
        let cli = try CourierFixture.sandbox()
        try "handle\tparcel\n@c001\t1Z-TSV\n".write(toFile: cli.path("ship.tsv"), atomically: true, encoding: .utf8)
        #expect(try cli.run("message", "send", "summer-launch", "--bulk", "ship.tsv", "--template", "T {parcel}").status == 0)
        let jsonl = """
            {"handle": "@c002", "parcel": "1Z-\\u00e9", "carrier": "DHL"}

            {"handle": "c003", "parcel": 12345, "carrier": null}
            {"handle": "c004", "parcel": ["nested"]}
            not json
            """
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--format", "jsonl", "--template", "{parcel} via {carrier}", "--json"],
                                 stdin: Data(jsonl.utf8))
        #expect(result.status == 65)
        #expect(try jq("[inputs | [.line, .status]]", "null\n" + result.stdout) == #"[[1,"sent"],[3,"invalid"],[4,"invalid"],[5,"invalid"]]"#)
        #expect(try cli.joined("body", from: "message", orderBy: "id", separator: "|") == "T 1Z-TSV|1Z-é via DHL")
    }

    @Test func unknownPlaceholderIsRefusedBeforeAnySend() throws {
        let cli = try CourierFixture.sandbox()
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Your {trackign}"],
                                 stdin: Data("handle,parcel\nc001,A\n".utf8))
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: Unknown placeholder '{trackign}' in the template: the input's columns are handle, parcel; "
                                        + "{name} and {handle} always work\n"), "\(result.stderr)")
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
        // A creator who is in no campaign is not told to create one: only the brand can.
        try cli.ok("creator", "add", "newcomer")
        let empty = try cli.run("--as", "newcomer", "campaign", "list")
        #expect(empty.status == 0 && empty.stdout.isEmpty)
        #expect(empty.stderr == "No campaigns: @newcomer is in none.\n")
    }

    @Test func inputProblemsNameTheLine() throws {
        let cli = try CourierFixture.sandbox()
        let unterminated = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}"],
                                       stdin: Data("handle,parcel\nc001,A\nc002,\"open\nc003,C\n".utf8))
        #expect(unterminated.status == 65)
        #expect(unterminated.stderr.contains("line 3"))
        let noHandle = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}"], stdin: Data("who,parcel\nc001,A\n".utf8))
        #expect(noHandle.status == 65)
        #expect(noHandle.stderr.contains("'handle'"))
        let missing = try cli.run("message", "send", "summer-launch", "--bulk", "nope.csv", "--template", "x")
        #expect(missing.status == 66)
        let mixed = try cli.run("message", "send", "summer-launch", "c001", "--bulk", "-", "--template", "x")
        #expect(mixed.status == 64)
        let templateFile = cli.path("template.txt")
        try "Parcel {parcel}\n".write(toFile: templateFile, atomically: true, encoding: .utf8)
        let fromFile = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template-file", templateFile], stdin: Data("handle,parcel\nc001,A\n".utf8))
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(try cli.query("SELECT body FROM message") == "Parcel A")
        // As a Windows editor saves it: a byte order mark in front, CRLF at every line end; the message's lines end in LF.
        try Data([0xEF, 0xBB, 0xBF] + Array("Box {parcel}\r\nline2\r\n".utf8)).write(to: URL(fileURLWithPath: templateFile))
        let windows = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template-file", templateFile], stdin: Data("handle,parcel\nc001,B\n".utf8))
        #expect(windows.status == 0, "\(windows.stderr)")
        #expect(try cli.query(cli.sql(sqlite: "SELECT hex(body) FROM message ORDER BY id DESC LIMIT 1",
                                      postgres: "SELECT upper(encode(convert_to(body, 'UTF8'), 'hex')) FROM message ORDER BY id DESC LIMIT 1"))
                == "426F7820420A6C696E6532")
    }
}
