import Foundation
import Testing

/// What only the PostgreSQL engine has: how it is chosen, its schema next to other
/// applications' tables, and a server that is down, refuses or goes away. These run when
/// `CAMPAIGNCHAT_TEST_DB` names a server (`bash scripts/test` starts one).
@Suite(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB: run bash scripts/test"))
struct PostgresEngine {
    /// The test server's URL (`postgresql://u@h:5433/db`, `postgresql:///db?host=/tmp/x&user=u`) as
    /// libpq's settings: its user, password, host, port and database, then its query parameters.
    static let settings: [String: String] = {
        guard let server = Sandbox.server, let url = URLComponents(string: server) else { return [:] }
        var settings: [String: String] = [:]
        settings["user"] = url.user
        settings["password"] = url.password
        settings["host"] = url.host.flatMap { $0.isEmpty ? nil : $0 }
        settings["port"] = url.port.map(String.init)
        settings["dbname"] = url.path.isEmpty || url.path == "/" ? nil : String(url.path.dropFirst())
        for item in url.queryItems ?? [] { settings[item.name] = item.value }
        return settings
    }()

    static func setting(_ name: String) -> String? { settings[name] }

    /// The test server in libpq's key=value form, with every setting of its URL, as another `user`
    /// (without the URL's password) or to another `database` when given, and `extra` settings added.
    static func keyValueForm(_ extra: String, user: String? = nil, database: String? = nil) -> String {
        var settings = self.settings
        if let user { (settings["user"], settings["password"]) = (user, nil) }
        if let database { settings["dbname"] = database }
        let first = ["host", "port", "user", "password", "dbname"]
        let names = first.filter { settings[$0] != nil } + settings.keys.filter { !first.contains($0) }.sorted()
        return names.map { name in
            let value = settings[name]!
            // libpq's quoting, where a value needs it: single quotes, with \ and ' escaped.
            let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "'" || $0 == "\\" }
            return name + "=" + (plain ? value : "'" + value.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'")
        }.joined(separator: " ") + " " + extra
    }

    @Test func aURLAKeyValueStringAndTheVariableAllReachTheSameDatabase() throws {
        let cli = Sandbox(engine: .postgres)
        let schema = try #require(cli.schema)
        let url = cli.database
        try cli.ok("--db", url, "campaign", "create", "Via URL")
        let shortScheme = "postgres://" + url.dropFirst("postgresql://".count)
        try cli.ok("--db", shortScheme, "campaign", "create", "Via Short Scheme")
        try cli.ok("--db", Self.keyValueForm("options='-csearch_path=\(schema)'"), "campaign", "create", "Via Key Value")
        let listed = try cli.run(["campaign", "list", "--json"], environment: ["CAMPAIGNCHAT_DB": url])
        #expect(try jq("[.[].slug]", listed.stdout) == #"["via-url","via-short-scheme","via-key-value"]"#)
        #expect(try cli.query("SELECT version FROM campaignchat_schema") != "")
    }

    /// Every table any migration creates, written out here: one left out of the check would be
    /// found only half-way through the migrations, after the first ones committed.
    @Test(arguments: ["campaign", "creator_group", "creator", "membership", "thread", "message", "notification", "feedback",
                      "event", "event_horizon", "shipment"])
    func aSchemaWithAnotherTableOfOneOfOurNamesIsRefusedAndUntouched(table: String) throws {
        let cli = Sandbox(engine: .postgres)
        _ = try cli.query("CREATE TABLE \(table) (note text); INSERT INTO \(table) VALUES ('theirs')")
        let result = try cli.run("campaign", "create", "Mine")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("holds other tables named \(table)"), "\(result.stderr)")
        #expect(try cli.query("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = current_schema()")
                == table)
        #expect(try cli.query("SELECT note FROM \(table)") == "theirs")
    }

    /// Not only tables: an index, enum, domain, composite type, view, sequence or function of
    /// another application with a name campaignchat gives would stop the migrations half-way.
    @Test(arguments: [
        ("CREATE TABLE notes (x int); CREATE INDEX message_by_thread ON notes (x)", "other indexes named message_by_thread"),
        ("CREATE TYPE campaign AS ENUM ('draft', 'live')", "other enum types named campaign"),
        ("CREATE DOMAIN creator AS text", "other domains named creator"),
        ("CREATE TYPE thread AS (id int, note text)", "other composite types named thread"),
        ("CREATE VIEW feedback AS SELECT 1 AS one", "other views named feedback"),
        // Dropped by a later migration, but the earlier one creates it.
        ("CREATE SEQUENCE event_by_creator", "other sequences named event_by_creator"),
        ("CREATE FUNCTION campaignchat_ascii_lower(integer) RETURNS integer LANGUAGE sql AS 'SELECT 1'",
         "other functions named campaignchat_ascii_lower"),
        ("CREATE TYPE shipment AS ENUM ('x'); CREATE TABLE message (x int)", "other tables named message; other enum types named shipment"),
    ])
    func aSchemaWithAnotherObjectOfOneOfOurNamesIsRefusedNamingItAndUntouched(theirs: String, named: String) throws {
        let cli = Sandbox(engine: .postgres)
        _ = try cli.query(theirs)
        let objects = "SELECT string_agg(name, ',' ORDER BY name) FROM (SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            + "UNION ALL SELECT typname FROM pg_type WHERE typnamespace = current_schema()::regnamespace "
            + "UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace) AS o (name)"
        let before = try cli.query(objects)
        let result = try cli.run("campaign", "create", "Mine")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("is not a campaignchat database (it holds \(named))"), "\(result.stderr)")
        #expect(try cli.query(objects) == before, "nothing was created")
    }

    /// A schema of an older campaignchat whose next migrations would create a name another
    /// application has taken since: refused before the first of them, at the version it had.
    @Test func anOlderSchemaIsNotMigratedIntoAnotherApplicationsObject() throws {
        let cli = Sandbox(engine: .postgres)
        try cli.ok("campaign", "create", "Kept")
        // Back to version 5: shipments came with migration 6.
        _ = try cli.query(DatabaseAdminCommands.undoVersion10
                          + "DROP TABLE shipment; UPDATE campaignchat_schema SET version = 5; CREATE TABLE shipment_by_creator (note text)")
        let result = try cli.run("campaign", "create", "Refused")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("it holds other tables named shipment_by_creator"), "\(result.stderr)")
        #expect(try cli.query("SELECT version FROM campaignchat_schema") == "5")
        #expect(try cli.query("SELECT count(*) FROM pg_class WHERE relname = 'shipment' AND relnamespace = current_schema()::regnamespace") == "0")
        #expect(try cli.query("SELECT count(*) FROM campaign") == "1")
    }

    @Test func aTableOfTheSameNameThatTheRoleCannotReadIsRefusedToo() throws {
        let cli = Sandbox(engine: .postgres)
        let schema = try #require(cli.schema)
        // Another role's table, on which this one has no privilege: information_schema hides it.
        let suffix = String(schema.suffix(12))
        let (owner, user) = ("campaignchat_owner_" + suffix, "campaignchat_user_" + suffix)
        _ = try cli.query("""
            CREATE ROLE \(owner) NOLOGIN; CREATE ROLE \(user) LOGIN;
            GRANT USAGE, CREATE ON SCHEMA \(schema) TO \(user);
            CREATE TABLE message (note text); INSERT INTO message VALUES ('theirs'); ALTER TABLE message OWNER TO \(owner)
            """)
        defer { _ = try? cli.query("DROP OWNED BY \(owner), \(user) CASCADE; DROP ROLE \(owner), \(user)") }
        let location = Self.keyValueForm("options='-csearch_path=\(schema)'", user: user)
        let result = try cli.run("--db", location, "campaign", "create", "Mine")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("holds other tables named message"), "\(result.stderr)")
        #expect(try cli.query("SELECT string_agg(relname, ',') FROM pg_class WHERE relnamespace = '\(schema)'::regnamespace") == "message")
    }

    @Test func aDatabaseEncodedInSQLASCIIIsRefusedAndUntouched() throws {
        let cli = Sandbox(engine: .postgres)
        let database = "campaignchat_ascii_" + String(try #require(cli.schema).suffix(12))
        _ = try cli.query("CREATE DATABASE \(database) ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
        defer { _ = try? cli.query("DROP DATABASE \(database)") }
        let location = Self.keyValueForm("", database: database)
        let result = try cli.run("--db", location, "campaign", "create", "Mine")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: 'host="), "\(result.stderr)")
        #expect(result.stderr.contains("dbname=\(database)") && result.stderr.contains("its encoding is SQL_ASCII"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Sandbox.psql(location, "SELECT count(*) FROM pg_class WHERE relname = 'campaignchat_schema'").stdout == "0\n")
    }

    @Test func aSchemaOfANewerCampaignchatIsRefusedAndUntouched() throws {
        let cli = Sandbox(engine: .postgres)
        try cli.ok("campaign", "create", "Kept")
        _ = try cli.query("UPDATE campaignchat_schema SET version = 999")
        let result = try cli.run("campaign", "create", "Refused")
        #expect(result.status == 78)
        #expect(result.stderr.contains("newer campaignchat (schema version 999"), "\(result.stderr)")
        #expect(try cli.query("SELECT count(*) FROM campaign") == "1")
    }

    @Test(arguments: [
        "postgresql://alice:hunter2@/postgres?host=/nonexistent/campaignchat",
        "host=/nonexistent/campaignchat user=alice password=hunter2 dbname=postgres",
        "postgresql://alice:hun?ter2@/postgres?host=/nonexistent/campaignchat",
        // libpq's message names the socket, in a folder named as the password is.
        "postgresql://alice:hun%40ter2@/postgres?host=/nonexistent/hun%40ter2",
        "host=/nonexistent/campaignchat user=alice password = hunter2 dbname=postgres",
        "host=/nonexistent/campaignchat\tuser=alice\tpassword\t=\t'hunter2'",
        "postgresql:///postgres?host=/nonexistent/campaignchat&pass%77ord=hunter2",
        "postgresql:///postgres?host=/nonexistent/campaignchat&sslpassword=hunter2",
        "host=/nonexistent/campaignchat sslpassword=hunter2 sslkey=/nonexistent/key",
        "POSTGRESQL://alice:hunter2@/postgres?host=/nonexistent/campaignchat",
        "postgresql://alice:hunter2@[::1/postgres",
        "postgresql://alice:hunter2@[::1]:bad/postgres",
    ])
    func aServerThatCannotBeReachedIs69AndThePasswordIsNeverShown(location: String) throws {
        let cli = Sandbox(engine: .postgres)
        for result in [try cli.run("--db", location, "campaign", "list"),
                       try cli.run(["campaign", "list"], environment: ["CAMPAIGNCHAT_DB": location])] {
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: cannot connect to PostgreSQL at "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!["hunter2", "hun?ter2", "hun%40ter2", "hun@ter2"].contains { result.stderr.contains($0) }, "\(result.stderr)")
            if location.contains("[::1/") {
                #expect(result.stderr.contains("at the postgresql:// URL given: "), "a URL libpq cannot read is not shown: \(result.stderr)")
            } else if location.contains(":hun") || location.contains(" password") {
                #expect(result.stderr.contains("***"), "the password is shown masked: \(result.stderr)")
            }
        }
    }

    @Test func anUnknownDatabaseIs69() throws {
        let cli = Sandbox(engine: .postgres)
        let unknown = try cli.run("--db", Self.keyValueForm("", database: "campaignchat_no_such_db"), "campaign", "list")
        #expect(unknown.status == 69, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("campaignchat_no_such_db"), "\(unknown.stderr)")
    }

    /// The role that must sign in with a password (scripts/test's pg_hba.conf has
    /// `local all campaignchat_password scram-sha-256`).
    static let passwordRole = "campaignchat_password"

    /// Whether the test server asks `passwordRole` for its password: a wrong one must be refused.
    /// (A server that trusts the role, or has no such line, cannot test a wrong password.)
    static let serverChecksPasswords: Bool = {
        guard Sandbox.server != nil else { return false }
        let probe = try? Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["psql", "-X", "-w", "-d", keyValueForm("password=campaignchat-probe", user: passwordRole), "-c", "SELECT 1"],
                                         stdin: nil, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                                         in: FileManager.default.temporaryDirectory)
        return probe.map { $0.status != 0 && $0.stderr.contains("password authentication failed") } ?? false
    }()

    @Test(.enabled(if: serverChecksPasswords, "the test server does not ask campaignchat_password for a password"))
    func aWrongPasswordIs69AndIsNeverShown() throws {
        let cli = Sandbox(engine: .postgres)
        let role = Self.passwordRole
        // The role is created for this test (and dropped after it) unless it exists already.
        let existed = try cli.query("SELECT count(*) FROM pg_roles WHERE rolname = '\(role)'") != "0"
        if !existed {
            _ = try cli.query("CREATE ROLE \(role) LOGIN PASSWORD 'the-right-one'")
        }
        defer { if !existed { _ = try? cli.query("DROP ROLE IF EXISTS \(role)") } }
        let wrong = try cli.run("--db", Self.keyValueForm("password=not-it", user: role), "campaign", "list")
        #expect(wrong.status == 69, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("not-it"))
    }

    /// This sandbox's connection string with a server setting (`options`: a space in the value
    /// is escaped with a backslash).
    static func withSetting(_ cli: Sandbox, _ setting: String) -> String {
        let option = "-c" + setting.replacingOccurrences(of: " ", with: "\\ ")
        if cli.database.hasSuffix("'") {
            return String(cli.database.dropLast()) + " " + option.replacingOccurrences(of: "\\", with: "\\\\") + "'"
        }
        return cli.database + "%20" + (option.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_"])) ?? option)
    }

    @Test(arguments: ["serializable", "repeatable read"])
    func concurrentWritersSucceedWhateverTheDefaultIsolationLevel(isolation: String) throws {
        let cli = Sandbox(engine: .postgres)
        cli.environment["CAMPAIGNCHAT_DB"] = Self.withSetting(cli, "default_transaction_isolation=\(isolation)")
        #expect(try Sandbox.psql(cli.database, "SHOW default_transaction_isolation").stdout == isolation + "\n")
        try cli.seed()
        let writers = try (1...4).map { writer in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "for i in $(seq 1 10); do \"$BIN\" message send summer-launch alice \"writer \(writer) $i\" -q || exit $?; done"]
            process.environment = cli.environment.merging(["BIN": Sandbox.binary.path]) { $1 }
            _ = FileManager.default.createFile(atPath: cli.path("w\(writer).err"), contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.path("w\(writer).err")))
            try process.run()
            return process
        }
        for writer in writers { writer.waitUntilExit() }
        let errors = try (1...4).map { try String(contentsOfFile: cli.path("w\($0).err"), encoding: .utf8) }.joined()
        #expect(writers.map(\.terminationStatus) == [0, 0, 0, 0], "\(errors)")
        #expect(try cli.query("SELECT count(*) FROM message") == "40")
        #expect(try cli.query("SELECT brand_sent FROM thread") == "40")
    }

    /// `faketime`, to run campaignchat as on a machine whose clock is wrong (Debian: faketime).
    static let fakeTime = ["/usr/bin/faketime", "/bin/faketime"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: fakeTime != nil, "needs faketime: apt-get install faketime"))
    func machinesWhoseClocksDisagreeNeitherTakeEachOthersLeasesNorMissDueNotifications() throws {
        let cli = Sandbox(engine: .postgres)
        try cli.ok("campaign", "create", "Summer Launch")
        try cli.ok("group", "create", "summer-launch", "A")
        try cli.ok("creator", "add", "alice", "--push-token", "device-alice")
        try cli.ok("creator", "invite", "summer-launch", "A", "alice")
        try cli.ok("creator", "accept", "summer-launch", "alice")
        /// `campaignchat ARGUMENTS` on a machine whose clock is `minutes` off.
        func onAMachine(minutesOff minutes: Int, _ arguments: String...) throws -> RunResult {
            try Sandbox.execute(URL(fileURLWithPath: Self.fakeTime!), ["-f", (minutes < 0 ? "" : "+") + "\(minutes)m", Sandbox.binary.path] + arguments,
                                stdin: nil, environment: cli.environment, in: cli.folder)
        }
        // A machine with the right clock is delivering (its lease: 60 s); one ten minutes ahead
        // must not think that lease long over.
        try cli.ok("message", "send", "summer-launch", "alice", "Parcel 1Z1")
        let delivering = try launch(cli, ["push", "deliver", "--exec", "cat > /dev/null; touch claimed; sleep 3"], name: "right")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: cli.path("claimed")) && delivering.isRunning && Date() < deadline { usleep(20_000) }
        let ahead = try onAMachine(minutesOff: 10, "push", "deliver", "--exec", "cat > /dev/null; touch taken")
        delivering.waitUntilExit()
        #expect(ahead.status == 0, "\(ahead.stderr)")
        #expect(ahead.stdoutLines.last == "delivered 0, retried 0, failed 0")
        #expect(!FileManager.default.fileExists(atPath: cli.path("taken")), "the lease was taken from the machine delivering")
        #expect(try String(contentsOfFile: cli.path("right.out"), encoding: .utf8).hasSuffix("delivered 1, retried 0, failed 0\n"))
        // A machine ten minutes behind delivers what a machine with the right clock just sent.
        try cli.ok("message", "send", "summer-launch", "alice", "Parcel 1Z2")
        let behind = try onAMachine(minutesOff: -10, "push", "deliver", "--exec", "cat > /dev/null")
        #expect(behind.status == 0, "\(behind.stderr)")
        #expect(behind.stdoutLines.last == "delivered 1, retried 0, failed 0")
        #expect(try jq("[.[] | .state]", cli.ok("push", "list", "--json")) == #"["delivered","delivered"]"#)
    }

    @Test func aServerThatNeverAnswersIsGivenUpAfterTenSecondsOrTheUsersTimeout() throws {
        let cli = Sandbox(engine: .postgres)
        // A port that takes connections (the kernel's backlog) and never says a word.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                try #require(bind(listener, socketAddress, length) == 0 && listen(listener, 16) == 0)
                try #require(getsockname(listener, socketAddress, &length) == 0)
            }
        }
        let location = "postgresql://alice@127.0.0.1:\(UInt16(bigEndian: address.sin_port))/postgres?sslmode=disable&gssencmode=disable"
        func connect(_ environment: [String: String]) throws -> (result: RunResult, seconds: TimeInterval) {
            let started = Date()
            let result = try Sandbox.execute(Sandbox.binary, ["--db", location, "campaign", "list"], stdin: nil,
                                             environment: cli.environment.merging(environment) { $1 }, in: cli.folder, timeout: 60)
            return (result, Date().timeIntervalSince(started))
        }
        let byDefault = try connect([:])
        #expect(byDefault.result.status == 69, "\(byDefault.result.stderr)")
        #expect(byDefault.result.stderr.hasPrefix("Error: cannot connect to PostgreSQL at postgresql://alice@127.0.0.1:"), "\(byDefault.result.stderr)")
        #expect(byDefault.seconds > 8 && byDefault.seconds < 30, "\(byDefault.seconds) s")
        let usersOwn = try connect(["PGCONNECT_TIMEOUT": "2"])
        #expect(usersOwn.result.status == 69, "\(usersOwn.result.stderr)")
        #expect(usersOwn.seconds < 8, "the user's PGCONNECT_TIMEOUT is kept: \(usersOwn.seconds) s")
    }

    @Test func aConnectionLostMidBulkIs69AndLeavesOnlyWholeChunks() throws {
        let cli = try acceptedCreators(50, engine: .postgres)
        let rows = "handle,parcel\n" + (1...20_000).map { String(format: "c%02d,1Z%06d", ($0 % 50) + 1, $0) }.joined(separator: "\n") + "\n"
        try rows.write(toFile: cli.path("ship.csv"), atomically: true, encoding: .utf8)
        let victim = cli.database + "&application_name=campaignchat_victim"
        let run = try launch(cli, ["--db", victim, "message", "send", "summer-launch", "--bulk", "ship.csv", "--template", "Parcel {parcel}", "-q"],
                             name: "bulk")
        // Once the first chunk is in, the server ends the connection under the send.
        let deadline = Date().addingTimeInterval(60)
        while try cli.query("SELECT count(*) FROM message") == "0" && run.isRunning && Date() < deadline { usleep(10_000) }
        _ = try cli.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'campaignchat_victim'")
        run.waitUntilExit()
        let errors = try String(contentsOfFile: cli.path("bulk.err"), encoding: .utf8)
        #expect(run.terminationStatus == 69, "\(errors)")
        #expect(errors.hasPrefix("Error: lost the connection to PostgreSQL at "), "\(errors)")
        let sent = Int(try cli.query("SELECT count(*) FROM message")) ?? -1
        #expect(sent > 0 && sent < 20_000 && sent % 1_000 == 0, "whole chunks of 1,000 rows only: \(sent)")
        try checkInvariants(cli)
        let finish = try cli.run("message", "send", "summer-launch", "--bulk", "ship.csv", "--template", "Parcel {parcel}", "-q")
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(try cli.query("SELECT count(*) FROM message") == "20000")
    }

    @Test func aWriterWaitsForTheLockAndPastTheWaitIs75() throws {
        let cli = Sandbox(engine: .postgres)
        try cli.seed()
        // Another session holds campaignchat's write lock of this schema for three seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["psql", "-X", "-q", "-A", "-t", "-d", cli.database, "-f", "-"]
        let script = Pipe(), ready = Pipe()
        holder.standardInput = script
        holder.standardOutput = ready
        try holder.run()
        script.fileHandleForWriting.write(Data("""
            BEGIN;
            SELECT pg_advisory_xact_lock(1128482900, hashtext(current_schema()));
            \\echo locked
            SELECT pg_sleep(3);
            COMMIT;

            """.utf8))
        try script.fileHandleForWriting.close()
        var seen = ""
        while !seen.contains("locked") {
            let data = ready.fileHandleForReading.availableData
            if data.isEmpty { break }  // psql ended without taking the lock
            seen += String(decoding: data, as: UTF8.self)
        }
        try #require(seen.contains("locked"), "psql could not take the lock: \(seen)")
        let busy = try cli.run(["message", "send", "summer-launch", "alice", "hi"], environment: ["CAMPAIGNCHAT_BUSY_TIMEOUT": "200"])
        #expect(busy.status == 75, "\(busy.stderr)")
        #expect(busy.stderr.contains("busy"))
        let waited = try cli.run("message", "send", "summer-launch", "alice", "hi")
        #expect(waited.status == 0, "\(waited.stderr)")
        holder.waitUntilExit()
        #expect(try cli.query("SELECT count(*) FROM message") == "1")
    }
}
