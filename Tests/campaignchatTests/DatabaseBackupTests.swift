import Foundation
import Testing

/// `db backup` through the binary, and what only a PostgreSQL location shows of itself.
@Suite struct DatabaseBackup {
    @Test(.enabled(if: Sandbox.selectedEngine == .sqlite, "a file copy of the SQLite database"))
    func aBackupTakenWhileFourProcessesSendOpensCleanlyAndIsSound() throws {
        let cli = try acceptedCreators(4, engine: .sqlite)
        let perWriter = 150 * stormScale
        let script = """
            i=1
            while [ $i -le \(perWriter) ]; do
              "$BIN" message send summer-launch c0$W "writer $W message $i" -q || exit 1
              i=$(( i + 1 ))
            done
            """
        let writers = try (1...4).map { try launchWriter(cli, script, number: $0) }
        // Once the writers are well under way, copy under umask 022, as a cron job might.
        while Int(try cli.query("SELECT count(*) FROM message")) ?? 0 < 40 { usleep(20_000) }
        let backup = try cli.shell(#"umask 022; "$BIN" db backup backups/chat-copy.db --json"#)
        let writersStillRunning = writers.filter(\.isRunning).count
        for writer in writers { writer.waitUntilExit() }
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(writers.map(\.terminationStatus) == [0, 0, 0, 0], "no writer was refused or kept waiting too long")
        #expect(writersStillRunning > 0, "the copy was taken while they wrote")

        let copy = cli.path("backups/chat-copy.db")
        #expect(try jq("[.file, .schema_version]", backup.stdout) == #"["backups/chat-copy.db",10]"#)
        let attributes = try FileManager.default.attributesOfItem(atPath: copy)
        #expect((attributes[.posixPermissions] as! NSNumber).intValue & 0o777 == 0o600)
        let check = try cli.run(["--db", copy, "db", "check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let info = try cli.run(["--db", copy, "db", "info", "--json"])
        #expect(try jq("[.schema, .wal_bytes]", info.stdout) == #"["current",0]"#)
        let copied = Int(try jq(".counts.messages", info.stdout)) ?? -1
        #expect(copied >= 40 && copied < 4 * perWriter, "a snapshot from the middle of the run: \(copied)")
        let sqlite = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/sqlite3"), [copy, "PRAGMA journal_mode; PRAGMA application_id"],
                                         stdin: nil, environment: cli.environment, in: cli.folder)
        #expect(sqlite.stdout == "wal\n1128482900\n")
        // The copy is a database like any other: it takes writes, and the original goes on.
        try cli.ok("--db", copy, "message", "send", "summer-launch", "c01", "From the copy", "-q")
        #expect(try cli.query("SELECT count(*) FROM message") == "\(4 * perWriter)")
        try checkInvariants(cli)
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        try "precious".write(toFile: cli.path("taken.db"), atomically: true, encoding: .utf8)
        let result = try cli.run("db", "backup", "taken.db")
        #expect(result.status == 73)
        #expect(result.stderr == "Error: cannot create the database at 'taken.db': it exists already (db backup never overwrites a file)\n")
        #expect(try String(contentsOfFile: cli.path("taken.db"), encoding: .utf8) == "precious")
        let itself = try cli.run("db", "backup", cli.databasePath)
        #expect(itself.status == 73, "not even the database itself")
        #expect(try cli.run("db", "check").status == 0)
    }

    @Test func aCopyThatFailsHalfWayIsRemoved() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        // At most 64 KiB may be written to any file: the schema alone is larger, so the copy fails
        // while it writes (EFBIG, the signal ignored), after it created its file.
        let result = try cli.shell(#"trap '' XFSZ; ulimit -f 64; "$BIN" db backup backups/chat-copy.db"#)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: cannot back up '\(cli.databasePath)' to 'backups/chat-copy.db': "), "\(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.path("backups"))
        #expect(left.isEmpty, "no file of the copy is left: \(left)")
        #expect(try cli.run("db", "check").status == 0, "the database itself is as it was")
    }

    @Test func anOlderSchemaIsCopiedAsItIsNotUpgraded() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        _ = try cli.query("DROP TABLE shipment; PRAGMA user_version = 5")
        let backup = try cli.run("db", "backup", "old.db", "--json")
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(try jq(".schema_version", backup.stdout) == "5")
        #expect(try jq("[.schema_version, .schema]", cli.ok("--db", cli.path("old.db"), "db", "info", "--json")) == #"[5,"older"]"#)
        #expect(try jq(".schema_version", cli.ok("db", "info", "--json")) == "5", "nor is the original upgraded")
    }

    @Test func fileMustBeAPathOfANewFile() throws {
        let cli = try acceptedCreators(1, engine: .sqlite)
        for file in ["", ":memory:", "backups/", "postgresql://localhost/copy"] {
            let result = try cli.run("db", "backup", file)
            #expect(result.status == 64, "\(file): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: Invalid value '\(file)' for 'FILE'"))
        }
    }

    @Test func aPostgresDatabaseIsBackedUpWithPgDump() throws {
        let cli = Sandbox()
        let result = try cli.run(["--db", "postgresql://chat:secret@db.invalid/campaignchat", "db", "backup", "copy.db"])
        #expect(result.status == 64)
        #expect(result.stderr == "Error: db backup copies an SQLite file; back up a PostgreSQL database with pg_dump "
                + "(for example: pg_dump --format=custom --file=FILE DBNAME)\n", "one line, without connecting")
        #expect(!FileManager.default.fileExists(atPath: cli.path("copy.db")))
    }

    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB"))
    func infoShowsAPostgresLocationWithoutItsPassword() throws {
        let cli = try acceptedCreators(1, engine: .postgres)
        // The test server trusts its socket: a password in the URL is never asked for, and never shown.
        let url = cli.database.replacing("postgresql://", with: "postgresql://postgres:s3cret@", maxReplacements: 1)
        let info = try cli.run(["--db", url, "db", "info", "--json"])
        #expect(info.status == 0, "\(info.stderr)")
        let location = try jq(".location", info.stdout)
        #expect(location.hasPrefix(#""postgresql://postgres:***@"#) && !location.contains("?"), "\(location)")
        #expect(!info.stdout.contains("s3cret"))
        #expect(try jq("[.engine, .counts.creators, .wal_bytes]", info.stdout) == #"["postgresql",1,null]"#)
        #expect(Int(try jq(".size_bytes", info.stdout)) ?? 0 > 0)
    }
}
