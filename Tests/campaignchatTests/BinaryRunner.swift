import Foundation
import Testing

/// What one run of the binary did.
struct RunResult {
    let status: Int32
    let stdout: String
    let stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// The built `campaignchat`, run as a subprocess in a temporary folder with its own database:
/// an SQLite file in that folder, or, when `CAMPAIGNCHAT_TEST_DB` names a PostgreSQL server, a
/// schema of its own on that server (dropped when the test ends).
final class Sandbox: @unchecked Sendable {
    enum Engine: Sendable { case sqlite, postgres }

    /// The server the one switch `CAMPAIGNCHAT_TEST_DB=postgresql://...` names, if any.
    static let server = ProcessInfo.processInfo.environment["CAMPAIGNCHAT_TEST_DB"].flatMap { $0.isEmpty ? nil : $0 }
    /// What a sandbox uses unless a test is about the SQLite file itself.
    static let selectedEngine: Engine = server == nil ? .sqlite : .postgres

    let folder: URL
    let engine: Engine
    var environment: [String: String]
    /// The PostgreSQL schema of this sandbox.
    private(set) var schema: String?

    /// `swift test` puts the test bundle beside the products it built; `CAMPAIGNCHAT_BIN` overrides.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["CAMPAIGNCHAT_BIN"] { return URL(fileURLWithPath: path) }
        return built("campaignchat")
    }()

    /// The development tool that prints the man page and the docs' tables (not shipped), built beside the product.
    static let docsTool = built("campaignchat-docs")

    /// The executable `name` that `swift test` built, in the build folder above the test bundle.
    static func built(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(name).path) && folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent(name)
    }

    /// `engine` is the selected one unless the test is about something only one engine has.
    init(engine: Engine = Sandbox.selectedEngine) {
        self.engine = engine
        let id = UUID().uuidString
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaignchat-e2e-\(id)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": folder.appendingPathComponent("home").path,
            "CAMPAIGNCHAT_DB": folder.appendingPathComponent("chat.db").path,
        ]
        if engine == .postgres, let server = Sandbox.server {
            let schema = "campaignchat_e2e_" + id.lowercased().replacingOccurrences(of: "-", with: "")
            let created = try! Sandbox.psql(server, "CREATE SCHEMA \(schema)")
            precondition(created.status == 0, "cannot create a test schema on \(server): \(created.stderr)")
            self.schema = schema
            environment["CAMPAIGNCHAT_DB"] = Sandbox.connectionString(server, schema: schema)
        }
    }

    deinit {
        if let schema, let server = Sandbox.server { _ = try? Sandbox.psql(server, "DROP SCHEMA \(schema) CASCADE") }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The SQLite file: only for tests about the file itself, which use `Sandbox(engine: .sqlite)`.
    var databasePath: String {
        precondition(engine == .sqlite, "this test is about the SQLite file: give it Sandbox(engine: .sqlite)")
        return environment["CAMPAIGNCHAT_DB"]!
    }

    /// Whether anything of the database exists yet: the SQLite file, or tables in the PostgreSQL schema.
    var databaseCreated: Bool {
        get throws {
            if engine == .sqlite { return FileManager.default.fileExists(atPath: databasePath) }
            return try query("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()") != "0"
        }
    }

    /// `column` of every row of `table` (that meets `condition`), in `order`, joined by `separator`:
    /// SQLite's `group_concat`, PostgreSQL's `string_agg`.
    func joined(_ column: String, from table: String, where condition: String = "true", orderBy order: String,
                separator: String = ",") throws -> String {
        try query(sql(sqlite: "SELECT group_concat(\(column), '\(separator)') FROM (SELECT \(column) FROM \(table) WHERE \(condition) ORDER BY \(order))",
                      postgres: "SELECT string_agg(\(column), '\(separator)' ORDER BY \(order)) FROM \(table) WHERE \(condition)"))
    }

    /// The SQL of the engine in use: the two differ in a few functions (`printf`, `hex`, `char`).
    func sql(sqlite: String, postgres: String) -> String { engine == .sqlite ? sqlite : postgres }

    /// What `--db` or `CAMPAIGNCHAT_DB` gives for this sandbox's database, whatever the engine.
    var database: String { environment["CAMPAIGNCHAT_DB"]! }

    /// The server's connection string with `schema` first on the search path.
    static func connectionString(_ server: String, schema: String) -> String {
        if server.contains("://") {
            return server + (server.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        }
        return server + " options='-csearch_path=\(schema)'"
    }

    /// `psql` on `connection`, unaligned and quiet: what scripts read.
    static func psql(_ connection: String, _ sql: String) throws -> RunResult {
        try execute(URL(fileURLWithPath: "/usr/bin/env"), ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-c", sql],
                    stdin: nil, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                    in: FileManager.default.temporaryDirectory)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs the binary with `arguments`, feeding `stdin`, draining stdout and stderr while it runs.
    @discardableResult
    func run(_ arguments: [String], stdin: Data? = nil, environment extra: [String: String] = [:]) throws -> RunResult {
        try Sandbox.execute(Sandbox.binary, arguments, stdin: stdin, environment: environment.merging(extra) { $1 }, in: folder)
    }

    @discardableResult
    func run(_ arguments: String..., stdin: String? = nil) throws -> RunResult {
        try run(arguments, stdin: stdin.map { Data($0.utf8) })
    }

    /// Runs `/bin/sh -c SCRIPT` in the sandbox with `$BIN` set to the binary: for arguments
    /// a `[String]` cannot carry, such as bytes that are not UTF-8 (`"$(printf '\\377')"`).
    @discardableResult
    func shell(_ script: String, stdin: Data? = nil) throws -> RunResult {
        try Sandbox.execute(URL(fileURLWithPath: "/bin/sh"), ["-c", script], stdin: stdin,
                            environment: environment.merging(["BIN": Sandbox.binary.path]) { $1 }, in: folder)
    }

    /// Runs and requires exit 0, returning stdout.
    @discardableResult
    func ok(_ arguments: String..., stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, stdin: stdin.map { Data($0.utf8) })
        #expect(result.status == 0, "campaignchat \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs the development tool `campaignchat-docs` (`man`, `table NAME`) in the sandbox.
    @discardableResult
    func runDocsTool(_ arguments: [String]) throws -> RunResult {
        try Sandbox.execute(Sandbox.docsTool, arguments, stdin: nil, environment: environment, in: folder)
    }

    /// Runs `campaignchat-docs` and requires exit 0, returning stdout.
    func docs(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try runDocsTool(arguments)
        #expect(result.status == 0, "campaignchat-docs \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Parses stdout as JSON (through Foundation, independent of our writer).
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let result = try run(arguments + ["--json"], stdin: nil)
        #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    /// Runs to the end; a run still going after `timeout` seconds is killed and reported as exit 124.
    static func execute(_ executable: URL, _ arguments: [String], stdin: Data?, environment: [String: String], in folder: URL,
                        timeout: TimeInterval = 300) throws -> RunResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = folder
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        _ = Sandbox.ignoreBrokenPipes
        try process.run()
        // Drain both pipes while the process runs, so a full pipe never blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = errors.fileHandleForReading.readDataToEndOfFile() }
        // A process that exits without reading its input (a refused command, a missing tool) is not an error here.
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        let hung = process.isRunning
        if hung { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        group.wait()
        let crashed = process.terminationReason == .uncaughtSignal && !hung
        return RunResult(status: hung ? 124 : crashed ? 128 + process.terminationStatus : process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writing to a child that has exited must fail with EPIPE, not kill the test process with SIGPIPE.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The database's answer to `sql`, from the engine's own shell (`sqlite3`, `psql`): values
    /// separated by `|`, one row a line, as both print them.
    func query(_ sql: String) throws -> String {
        let result = engine == .postgres
            ? try Sandbox.psql(database, sql)
            // A busy timeout: the shell otherwise fails at once ("database is locked") while a writer holds the WAL index.
            : try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["-cmd", ".timeout 5000", databasePath, sql], stdin: nil,
                                  environment: environment, in: folder)
        #expect(result.status == 0, "\(sql): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The campaign of the issue's walk-through: alice accepted, bob invited, carol declined, dave removed, erin never invited.
    func seed() throws {
        try ok("campaign", "create", "Summer Launch")
        try ok("group", "create", "summer-launch", "Group A")
        for handle in ["alice", "bob", "carol", "dave", "erin"] { try ok("creator", "add", "@\(handle)", "--name", handle.capitalized) }
        try ok("creator", "invite", "summer-launch", "Group A", "@alice", "@bob", "@carol", "@dave")
        try ok("creator", "accept", "summer-launch", "@alice")
        try ok("creator", "decline", "summer-launch", "@carol")
        try ok("creator", "remove", "summer-launch", "@dave")
    }
}

/// `jq FILTER` over `json`, for checking JSON the way scripts read it.
func jq(_ filter: String, _ json: String) throws -> String {
    let result = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["jq", "-c", filter], stdin: Data(json.utf8),
                                     environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                                     in: FileManager.default.temporaryDirectory)
    #expect(result.status == 0, "jq \(filter): \(result.stderr)")
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
