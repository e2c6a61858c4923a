import Foundation
import Testing

/// Hardening of the database file and of the input: permissions, foreign and truncated files,
/// links, huge and hostile input.
extension Hardening {
    @Test func newFilesArePrivateEvenUnderUmask022() throws {
        let cli = Sandbox()
        let database = cli.path("new/folder/chat.db")
        let result = try Sandbox.execute(URL(fileURLWithPath: "/bin/sh"),
                                         ["-c", "umask 022; \"$BIN\" --db \"$DB\" demo -q"],
                                         stdin: nil, environment: cli.environment.merging(["BIN": Sandbox.binary.path, "DB": database]) { $1 },
                                         in: cli.folder)
        #expect(result.status == 0, "\(result.stderr)")
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
        }
        #expect(try mode(database) == 0o600)
        #expect(try mode(cli.path("new/folder")) == 0o700)
        #expect(try mode(cli.path("new")) == 0o700)
        // The -wal and -shm files exist while a connection is open: hold one open with a reader.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "umask 022; (echo 'BEGIN; SELECT count(*) FROM message;'; sleep 2) | sqlite3 \"$DB\" >\"$HELD\""]
        holder.environment = cli.environment.merging(["DB": database, "HELD": cli.path("held")]) { $1 }
        try holder.run()
        // Only once the reader has printed its count is its connection surely open: a writer that
        // finished before would be the last to close, and remove the files this test looks at.
        let deadline = Date().addingTimeInterval(10)
        while ((try? Data(contentsOf: URL(fileURLWithPath: cli.path("held")))) ?? Data()).isEmpty && Date() < deadline { usleep(5_000) }
        let writer = try Sandbox.execute(Sandbox.binary, ["--db", database, "message", "send", "demo-launch", "ava.demo", "x"], stdin: nil,
                                         environment: cli.environment, in: cli.folder)
        #expect(writer.status == 0)
        #expect(try mode(database + "-wal") == 0o600)
        #expect(try mode(database + "-shm") == 0o600)
        holder.waitUntilExit()
    }

    @Test func truncatedAndForeignFilesAreRefusedWithoutACrash() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        try cli.ok("message", "send", "summer-launch", "c01", "hello")
        _ = try cli.query("PRAGMA wal_checkpoint(TRUNCATE)")
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: cli.databasePath))
        try handle.truncate(atOffset: 6_000)
        try handle.close()
        let truncated = try cli.run("thread", "read", "summer-launch", "c01")
        #expect(truncated.status == 74, "\(truncated.status) \(truncated.stderr)")
        #expect(truncated.stderr.hasPrefix("Error: "))
        let empty = cli.path("empty.db")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try cli.run("--db", empty, "campaign", "list").status == 0, "an empty file is a new database")
    }

    @Test func aSymlinkedDatabasePathIsFollowed() throws {
        let cli = Sandbox()
        try FileManager.default.createDirectory(atPath: cli.path("real"), withIntermediateDirectories: true)
        try cli.run(["--db", cli.path("real/chat.db"), "campaign", "create", "X"])
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.db"), withDestinationPath: cli.path("real/chat.db"))
        let viaLink = try cli.run("--db", cli.path("link.db"), "campaign", "create", "Y")
        #expect(viaLink.status == 0)
        #expect(try jq("[.[].slug]", cli.ok("--db", cli.path("real/chat.db"), "campaign", "list", "--json")) == #"["x","y"]"#)
        #expect(!FileManager.default.fileExists(atPath: cli.path("link.db-wal")), "journal files live beside the real file")
    }

    // MARK: 8. Input limits

    @Test func hugeInputsFailWithLineNumbersInBoundedMemory() throws {
        let cli = try acceptedCreators(1)
        // A 50 MB line.
        let path = cli.path("huge.csv")
        _ = FileManager.default.createFile(atPath: path, contents: Data("handle,parcel\nc01,".utf8))
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try file.seekToEnd()
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<50 { file.write(block) }
        file.write(Data("\n".utf8))
        try file.close()
        let (huge, hugeMemory) = try measured(cli, ["message", "send", "summer-launch", "--bulk", "huge.csv", "--template", "{parcel}"])
        #expect(huge.status == 65)
        #expect(huge.stderr.contains("line 2"), "\(huge.stderr)")
        #expect(hugeMemory < 40 * 1024, "peak memory \(hugeMemory) KiB")
        // 100,000 columns.
        let wide = (0..<100_000).map { "c\($0)" }.joined(separator: ",")
        try ("handle," + wide + "\n").write(toFile: cli.path("wide.csv"), atomically: true, encoding: .utf8)
        let (columns, _) = try measured(cli, ["message", "send", "summer-launch", "--bulk", "wide.csv", "--template", "x"])
        #expect(columns.status == 65)
        #expect(columns.stderr.contains("line 1"), "\(columns.stderr)")
        // An unterminated quote.
        try "handle,parcel\nc01,\"never closed\nc01,x\n".write(toFile: cli.path("open.csv"), atomically: true, encoding: .utf8)
        let (open, _) = try measured(cli, ["message", "send", "summer-launch", "--bulk", "open.csv", "--template", "{parcel}"])
        #expect(open.status == 65)
        #expect(open.stderr.contains("line 2"))
        // A body over the limit, on stdin.
        let long = try cli.run(["message", "send", "summer-launch", "c01"], stdin: Data(String(repeating: "é", count: 10_001).utf8))
        #expect(long.status == 65)
        #expect(long.stderr.contains("10000"))
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }

    @Test func aCharacterWithEndlessCombiningMarksIsRefusedAndNoPreviewPrintsItWhole() throws {
        let cli = try acceptedCreators(1)
        let zalgo = Data(("a" + String(repeating: "\u{301}", count: 500_000)).utf8)
        let refused = try cli.run(["message", "send", "summer-launch", "c01"], stdin: zalgo)
        #expect(refused.status == 65)
        #expect(refused.stderr == "Error: message is 500001 characters (Unicode scalars) long; the limit is 10000\n")
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
        // A database written before the limit counted scalars may still hold one: every listing stays short.
        try cli.ok("message", "send", "summer-launch", "c01", "placeholder")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "placeholder")
        #expect(try cli.query("""
            \(cli.sql(sqlite: "UPDATE message SET body = 'a' || replace(hex(zeroblob(200000)), '00', char(769));",
                      postgres: "UPDATE message SET body = 'a' || repeat(chr(769), 200000);"))
            UPDATE notification SET preview = (SELECT body FROM message WHERE id = 1);
            SELECT count(*) FROM message WHERE length(body) > 100000;
            """) == "2")
        for arguments in [["thread", "list"], ["unread", "list"], ["--as", "c01", "unread", "list"], ["push", "list"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.utf8.count < 2_000, "\(arguments) printed \(result.stdout.utf8.count) bytes")
        }
    }

    @Test func aDryRunKeepsOnlyASmallDigestPerRow() throws {
        let cli = try acceptedCreators(1)
        let rows = "handle,parcel\n" + (1...50_000).map { "c01,1Z\($0)" }.joined(separator: "\n") + "\n"
        try rows.write(toFile: cli.path("many.csv"), atomically: true, encoding: .utf8)
        let (dry, dryMemory) = try measured(cli, ["message", "send", "summer-launch", "--bulk", "many.csv", "--template", "{parcel}", "--dry-run", "-q"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasSuffix("would send 50000, sent 0, replayed 0, refused 0, invalid 0\n"))
        // The plan that predicts repeated keys holds about 100 bytes per row: 50,000 rows stay well under 8 MiB of it.
        let (empty, baseMemory) = try measured(cli, ["message", "send", "summer-launch", "--bulk", "many.csv", "--template", "{parcel}", "--dry-run",
                                                     "--key-prefix", "same:", "-q"])
        #expect(empty.status == 65, "one key for all rows: every row after the first repeats it with other text")
        #expect(dryMemory - baseMemory < 8 * 1024, "the plan took \(dryMemory - baseMemory) KiB")
    }

    /// Runs the binary under python's resource accounting: (result, peak RSS in KiB).
    private func measured(_ cli: Sandbox, _ arguments: [String]) throws -> (RunResult, Int) {
        let script = """
            import resource, subprocess, sys
            p = subprocess.run(sys.argv[1:], capture_output=True)
            sys.stdout.buffer.write(p.stdout); sys.stderr.buffer.write(p.stderr)
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
            sys.exit(p.returncode)
            """
        let result = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, Sandbox.binary.path] + arguments,
                                         stdin: nil, environment: cli.environment, in: cli.folder)
        var lines = result.stderr.split(separator: "\n").map(String.init)
        let memory = Int(lines.popLast() ?? "") ?? Int.max
        return (RunResult(status: result.status, stdout: result.stdout, stderr: lines.joined(separator: "\n")), memory)
    }
}
