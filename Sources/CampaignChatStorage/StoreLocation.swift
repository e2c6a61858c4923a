import CampaignChat
import CampaignChatPostgres
import CampaignChatSQLite

/// Where the conversation history lives: one SQLite file (the default), or a shared
/// PostgreSQL database named by a `postgresql://` URL or libpq's `key=value` form.
public enum StoreLocation: Hashable, Sendable {
    case sqliteFile(path: String)
    case postgres(connection: String)

    /// Reads what `--db` or `CAMPAIGNCHAT_DB` gave: a URL with the `postgresql:` or `postgres:`
    /// scheme, or text that starts with a libpq keyword and `=` (`host=db1 dbname=chat`),
    /// is PostgreSQL; anything else is a file path.
    public init(_ text: String) {
        if PostgresConnectionString.isURL(text) || Self.startsWithConnectionKeyword(text) {
            self = .postgres(connection: text)
        } else {
            self = .sqliteFile(path: text)
        }
    }

    /// The libpq connection keywords: see https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS
    static let connectionKeywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "require_auth", "channel_binding",
        "connect_timeout", "client_encoding", "options", "application_name", "fallback_application_name",
        "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "replication", "gssencmode", "sslmode", "requiressl", "sslcompression", "sslcert", "sslkey", "sslpassword",
        "sslcertmode", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
        "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service", "target_session_attrs",
        "load_balance_hosts",
    ]

    /// Whether `text` begins `keyword =` with a libpq keyword, whatever follows: a string whose
    /// value libpq cannot read (an unterminated quote) is still a PostgreSQL location, refused
    /// as one, never a file path to write to.
    private static func startsWithConnectionKeyword(_ text: String) -> Bool {
        let rest = text.drop { $0.isWhitespace }
        let keyword = rest.prefix { $0 != "=" && !$0.isWhitespace }
        return connectionKeywords.contains(String(keyword)) && rest.dropFirst(keyword.count).drop { $0.isWhitespace }.first == "="
    }

    /// For messages: the file's path, or the server and database without any password
    /// (see `PostgresConnectionString`).
    public var displayName: String {
        switch self {
        case .sqliteFile(let path): path
        case .postgres(let connection): PostgresConnectionString.displayName(connection)
        }
    }
}

/// Opens the store at `location`: the one place that knows which engines exist.
public func openChatStore(at location: StoreLocation, options: StoreOptions = StoreOptions()) throws -> any ChatStore {
    try openStore(at: location, options: options)
}

/// Opens the database at `location` for administration (`db info`, `db check`, `db migrate`):
/// at the schema version it has, which only `migrate()` changes.
public func openDatabaseAdministration(at location: StoreLocation, options: StoreOptions = StoreOptions()) throws
    -> any DatabaseAdministration {
    var options = options
    options.schemaAsFound = true
    return try openStore(at: location, options: options)
}

/// Throws `StoreError.missing` unless `location` holds a campaignchat database, of any schema version:
/// for a command that must not take a mistyped location for an empty history (`db copy`'s source).
/// Creates and changes nothing.
public func requireExistingDatabase(at location: StoreLocation, busyTimeout: Int = StoreOptions.defaultBusyTimeout) throws {
    let found = try openDatabaseAdministration(at: location, options: StoreOptions(busyTimeout: busyTimeout, readOnly: true))
    if try found.pendingMigrations().from == 0 { throw StoreError.noTablesYet(at: location.displayName) }
}

/// `db backup`: a consistent copy of the SQLite file at `location` into the new file `file`,
/// taken while other processes keep writing. A PostgreSQL database has its own tool for that.
public func backUpDatabase(at location: StoreLocation, to file: String, busyTimeout: Int = StoreOptions.defaultBusyTimeout) throws
    -> DatabaseBackup {
    switch location {
    case .sqliteFile(let path):
        return try SQLiteChatStore(path: path, busyTimeout: busyTimeout, readOnly: true, schemaAsFound: true).backUp(to: file)
    case .postgres:
        throw CampaignChatError.unsupported("db backup copies an SQLite file; back up a PostgreSQL database with pg_dump "
                                            + "(for example: pg_dump --format=custom --file=FILE DBNAME)")
    }
}

private func openStore(at location: StoreLocation, options: StoreOptions) throws -> any ChatStore & DatabaseAdministration {
    switch location {
    case .sqliteFile(let path):
        return try SQLiteChatStore(path: path, busyTimeout: options.busyTimeout, readOnly: options.readOnly, schemaAsFound: options.schemaAsFound)
    case .postgres(let connection):
        return try PostgresChatStore(connection: connection, server: location.displayName,
                                     hidden: PostgresConnectionString.hiddenParts(connection), options: options)
    }
}
