import Foundation
@testable import CampaignChat
@testable import CampaignChatPostgres
@testable import CampaignChatSQLite

/// A fresh folder with a database path in it, removed when the test ends.
final class TestFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("campaignchat-lib-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    var databasePath: String { path("chat.db") }
}

/// A fresh, empty database of one engine for one test, removed when the test ends, with
/// the direct SQL access a test needs to arrange or check what the store's contract does
/// not express. Behaviour tests see only this and `ChatStore`, so they can run on every engine.
protocol TestDatabase: AnyObject {
    /// A new connection to this database, as another process would open it.
    func openStore() throws -> any ChatStore
    /// Runs SQL that returns no rows.
    func execute(_ sql: String) throws
    /// The integer in the first column of the first row.
    func integer(_ sql: String) throws -> Int64
    /// The database opened for administration, at the schema version it has.
    func openAdministration(readOnly: Bool) throws -> any DatabaseAdministration
    /// Creates the schema of `version` as that campaignchat made it, by its first migrations.
    func createSchema(version: Int) throws
    /// The schema version the database holds now.
    func schemaVersion() throws -> Int
    /// The first column of every row, as text.
    func texts(_ sql: String) throws -> [String]
}

/// The embedded engine: one SQLite file in a temporary folder.
final class SQLiteTestDatabase: TestDatabase {
    let folder = TestFolder()
    private lazy var connection = Result { try Database(path: folder.databasePath, busyTimeout: 5_000) }

    var path: String { folder.databasePath }

    func openStore() throws -> any ChatStore { try openSQLiteStore() }

    func openSQLiteStore() throws -> SQLiteChatStore { try SQLiteChatStore(path: path) }

    func execute(_ sql: String) throws { try connection.get().execute(sql) }

    func integer(_ sql: String) throws -> Int64 { try connection.get().integer(sql) }

    func openAdministration(readOnly: Bool) throws -> any DatabaseAdministration {
        try SQLiteChatStore(path: path, readOnly: readOnly, schemaAsFound: true)
    }

    func createSchema(version: Int) throws {
        try execute("PRAGMA journal_mode = WAL;" + Migrations.all.prefix(version).map(\.sql).joined(separator: "\n")
                    + "\nPRAGMA application_id = \(Migrations.applicationID); PRAGMA user_version = \(version);")
    }

    func schemaVersion() throws -> Int { Int(try integer("PRAGMA user_version")) }
    func texts(_ sql: String) throws -> [String] { try connection.get().rows(sql) { $0.text(0) } }
}

/// A PostgreSQL database of its own for one test: a fresh schema on the server that
/// `CAMPAIGNCHAT_TEST_DB` names, dropped when the test ends, so tests run side by side.
final class PostgresTestDatabase: TestDatabase {
    let schema = "campaignchat_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let server: String
    private let connection: PostgresConnection

    init(server: String) throws {
        self.server = server
        connection = try PostgresConnection(connection: server, server: "the test server")
        try connection.execute("CREATE SCHEMA \(schema); SET search_path = \(schema)")
    }

    deinit { _ = try? connection.execute("DROP SCHEMA \(schema) CASCADE") }

    /// The server's connection string with this schema first on the search path.
    var connectionString: String { Self.connectionString(server, schema: schema) }

    static func connectionString(_ server: String, schema: String) -> String {
        if server.contains("://") {
            return server + (server.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        }
        return server + " options='-csearch_path=\(schema)'"
    }

    func openStore() throws -> any ChatStore {
        try PostgresChatStore(connection: connectionString, server: "the test server")
    }

    func execute(_ sql: String) throws { try connection.execute(sql) }

    func integer(_ sql: String) throws -> Int64 { try connection.integer(sql) }

    func openAdministration(readOnly: Bool) throws -> any DatabaseAdministration {
        try PostgresChatStore(connection: connectionString, server: "the test server", options: StoreOptions(readOnly: readOnly, schemaAsFound: true))
    }

    func createSchema(version: Int) throws {
        // One migration a line: a migration may end in a comment (-- Nothing to change on PostgreSQL.).
        try execute(PostgresMigrations.all.prefix(version).map(\.sql).joined(separator: "\n") + "\nUPDATE campaignchat_schema SET version = \(version);")
    }

    func schemaVersion() throws -> Int { Int(try integer("SELECT version FROM campaignchat_schema")) }
    func texts(_ sql: String) throws -> [String] { try connection.rows(sql) { $0.text(0) } }
}

/// The engines the behaviour tests run on: SQLite, or the PostgreSQL server that the one
/// switch `CAMPAIGNCHAT_TEST_DB=postgresql://...` names (`.ci/run` runs the suite both ways).
enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    static let server = ProcessInfo.processInfo.environment["CAMPAIGNCHAT_TEST_DB"].flatMap { $0.isEmpty ? nil : $0 }

    /// What `@Test(arguments:)` runs a behaviour test on.
    static let selected: [TestEngine] = server == nil ? [.sqlite] : [.postgres]

    func makeDatabase() throws -> any TestDatabase {
        switch self {
        case .sqlite: SQLiteTestDatabase()
        case .postgres: try PostgresTestDatabase(server: TestEngine.server ?? "")
        }
    }

    var description: String { rawValue }
}

/// A store on a fresh database (SQLite unless told otherwise), services for the brand and
/// creators, and a clock that moves one second per call so that order is visible.
final class ChatFixture {
    let database: any TestDatabase
    let store: any ChatStore
    private let ticks = Counter()

    init(_ database: any TestDatabase = SQLiteTestDatabase()) throws {
        self.database = database
        store = try database.openStore()
    }

    convenience init(_ engine: TestEngine) throws {
        try self.init(try engine.makeDatabase())
    }

    func service(as actor: Actor = .brand) -> ChatService {
        service(as: actor, on: store)
    }

    /// A service on `store` (another connection, as another process) sharing this fixture's clock.
    func service(as actor: Actor = .brand, on store: any ChatStore) -> ChatService {
        let ticks = self.ticks
        return ChatService(store: store, actor: actor) { Timestamp(secondsSinceEpoch: 1_790_000_000 + ticks.next()) }
    }

    var brand: ChatService { service() }

    func creator(_ handle: String) throws -> ChatService { service(as: .creator(try Handle(parsing: handle))) }

    /// A campaign `summer-launch` with group `Group A`, creators alice (accepted),
    /// bob (invited), carol (declined) and dave (removed), and erin registered but never invited.
    func seedCampaign() throws {
        let brand = self.brand
        _ = try brand.createCampaign(name: "Summer Launch")
        _ = try brand.createGroup(campaign: "summer-launch", name: "Group A")
        for handle in ["alice", "bob", "carol", "dave", "erin"] { _ = try brand.addCreator(handle: try Handle(parsing: handle), name: handle.capitalized) }
        _ = try brand.invite(campaign: "summer-launch", group: "Group A", handles: ["alice", "bob", "carol", "dave"])
        _ = try brand.changeStatus(.accept, campaign: "summer-launch", handle: "alice")
        _ = try brand.changeStatus(.decline, campaign: "summer-launch", handle: "carol")
        _ = try brand.changeStatus(.remove, campaign: "summer-launch", handle: "dave")
    }

    /// A number from the database, for checking what was (not) written.
    func count(_ sql: String) throws -> Int {
        Int(try database.integer(sql))
    }
}

final class Counter: @unchecked Sendable {
    private var value = 0
    func next() -> Int { value += 1; return value }
}

/// Runs `body` and returns the `CampaignChatError` it threw, if any.
func chatError(_ body: () throws -> Void) -> CampaignChatError? {
    do {
        try body()
        return nil
    } catch let error as CampaignChatError {
        return error
    } catch {
        return nil
    }
}

/// A handle or key written in a test is a valid one: the literal is parsed, as a caller parses
/// what it was given before handing it to the service (a bad literal stops the test at once).
extension Handle: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) { try! self.init(parsing: text) }
}

extension IdempotencyKey: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) { try! self.init(text) }
}
