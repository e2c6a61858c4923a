import CampaignChat
import CampaignChatSystem
import CampaignChatStorage
import Glibc

/// One run of a command: its parsed arguments, the output, and the service
/// for the database and actor chosen by the global options or environment.
package struct Invocation {
    let command: CommandSpec
    let arguments: ParsedArguments
    let globals: GlobalOptions
    let output: Output
    let environment: Environment

    package init(command: CommandSpec, arguments: ParsedArguments, globals: GlobalOptions, output: Output, environment: Environment) {
        self.command = command
        self.arguments = arguments
        self.globals = globals
        self.output = output
        self.environment = environment
    }

    /// Opens the database and returns the service acting for `--as`; `readOnly` leaves the file untouched.
    func service(readOnly: Bool = false) throws -> ChatService {
        let location = try databaseLocation()
        let actor = try actingAs()
        let options = StoreOptions(busyTimeout: try busyTimeout(), readOnly: readOnly)
        return ChatService(store: try openChatStore(at: location, options: options), actor: actor)
    }

    /// For a `--follow` command: Ctrl-C and SIGTERM become a request to stop (see `FollowerStop`),
    /// which the output's writes wait for too, so that a reader that stops reading cannot keep
    /// the follower from stopping.
    func followerStop() throws -> FollowerStop {
        let stop = try FollowerStop.install()
        output.stop = stop
        return stop
    }

    /// Opens the database for `db info`, `db check` or `db migrate` (the brand's), at the schema
    /// version it has: only `migrate()` upgrades it.
    func administration(readOnly: Bool) throws -> any DatabaseAdministration {
        try ThreadAccess.requireBrand(try actingAs(), to: "administer the database")
        let options = StoreOptions(busyTimeout: try busyTimeout(), readOnly: readOnly)
        return try openDatabaseAdministration(at: try databaseLocation(), options: options)
    }

    /// `--db`, else `$CAMPAIGNCHAT_DB`, else the default file.
    func databaseLocation() throws -> StoreLocation {
        try DatabaseLocation.resolve(option: globals.database, environment: environment, command: command.path)
    }

    /// How long a write waits for other writers: `$CAMPAIGNCHAT_BUSY_TIMEOUT` milliseconds, else 5 seconds.
    func busyTimeout() throws -> Int {
        guard let text = try environment[.busyTimeout], !text.isEmpty else { return StoreOptions.defaultBusyTimeout }
        let range = EnvironmentVariable.busyTimeoutRange
        guard let milliseconds = Int(text), range.contains(milliseconds) else {
            throw UsageError(message: "Invalid \(EnvironmentVariable.busyTimeout.name) '\(TextRules.quotedForMessage(text))': "
                                 + "use milliseconds from \(range.lowerBound) to \(range.upperBound)",
                             path: command.path)
        }
        return milliseconds
    }

    /// `--as`, else `$CAMPAIGNCHAT_AS`, else the brand. An empty value is a mistake, never
    /// the brand: `--as "$CREATOR"` with an unset variable must not gain the brand's rights.
    func actingAs() throws -> Actor {
        let source = globals.actor == nil ? EnvironmentVariable.actor.name : "'--as'"
        guard let text = try globals.actor ?? environment[.actor] else { return .brand }
        guard !text.isEmpty else {
            throw UsageError(message: "Invalid value '' for \(source): give 'brand' or a creator handle", path: command.path)
        }
        do {
            return try Actor(parsing: text)
        } catch {
            throw UsageError(message: "Invalid value for \(source): \(error.description)", path: command.path)
        }
    }

}

/// Where the database lives: `--db`, else `$CAMPAIGNCHAT_DB`, else under
/// `$XDG_DATA_HOME`, else under `~/.local/share`.
package enum DatabaseLocation {
    /// The default database, under `$XDG_DATA_HOME`.
    package static let pathInDataHome = "campaignchat/campaignchat.db"
    /// The default database, under the home folder when `XDG_DATA_HOME` is not set.
    package static let pathInHome = ".local/share/" + pathInDataHome

    static func resolve(option: String?, environment: Environment, command: [String] = []) throws -> StoreLocation {
        if let option { return try location(option, from: "'--db'", command: command) }
        if let value = try environment[.database] { return try location(value, from: EnvironmentVariable.database.name, command: command) }
        if let data = try environment[.dataHome], data.hasPrefix("/") {
            return .sqliteFile(path: data + "/" + pathInDataHome)
        }
        guard let home = try environment[.home] ?? homeFromPasswd(), !home.isEmpty else {
            throw StoreError.cannotCreate(path: "~/" + pathInHome,
                                          reason: "no home folder: set \(EnvironmentVariable.home.name), \(EnvironmentVariable.dataHome.name) "
                                              + "or \(EnvironmentVariable.database.name), or pass --db")
        }
        return .sqliteFile(path: home + "/" + pathInHome)
    }

    /// A PostgreSQL URL or connection string, else a value that names a database file. Empty
    /// (an unset variable in a script) and SQLite's special `:memory:` are refused: neither is
    /// a file, and a write there would vanish.
    static func location(_ value: String, from source: String, command: [String] = []) throws -> StoreLocation {
        do {
            return try parser.parse(value)
        } catch let invalid as InvalidValue {
            throw UsageError(message: invalid.message(text: value, for: source), path: command)
        }
    }

    /// A database given to an option (`--to`).
    static let parser = ValueParser<StoreLocation>(valueName: "URL|PATH", kind: .path) { value in
        let location = StoreLocation(value)
        guard case .sqliteFile = location else { return location }
        let last = value.split(separator: "/", omittingEmptySubsequences: false).last
        guard !value.isEmpty, value != ":memory:", last != "", last != ".", last != ".." else {
            throw InvalidValue.expected("give the path of a database file")
        }
        return location
    }

    /// A new SQLite file (`db backup FILE`).
    static let newFile = ValueParser<String>(valueName: "FILE", kind: .path) { value in
        guard case .sqliteFile(let path) = try parser.parse(value) else { throw InvalidValue.expected("give the path of a new file") }
        return path
    }

    private static func homeFromPasswd() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
