/// How a store is opened, whatever its engine.
public struct StoreOptions: Hashable, Sendable {
    /// How long a write waits for other writers by default, in milliseconds.
    public static let defaultBusyTimeout = 5_000
    /// How long connecting to a database server may take, in seconds, unless the user says
    /// otherwise (libpq's `PGCONNECT_TIMEOUT`, or `connect_timeout` in the connection string).
    public static let defaultConnectTimeout = 10

    /// How long a write waits for other writers before it fails with `StoreError.busy`, in milliseconds.
    public var busyTimeout: Int
    /// Creates, migrates and writes nothing: for completions and dry runs.
    public var readOnly: Bool
    /// Opens the schema at the version it has, neither upgrading an older one nor refusing a
    /// newer one (another application's database is still refused): for administration, which
    /// reports the version and migrates only when told to (`DatabaseAdministration`).
    public var schemaAsFound: Bool

    public init(busyTimeout: Int = StoreOptions.defaultBusyTimeout, readOnly: Bool = false, schemaAsFound: Bool = false) {
        self.busyTimeout = busyTimeout
        self.readOnly = readOnly
        self.schemaAsFound = schemaAsFound
    }
}
