/// What an administrator does with a database itself, whatever its engine: `db info`, `db check`
/// and `db migrate`. A store opened for administration (`StoreOptions.schemaAsFound`) keeps the
/// schema version it was found at: nothing upgrades it but `migrate()`, and only `info()` works
/// on a newer campaignchat's schema (the others refuse it with `StoreError.newerVersion`).
public protocol DatabaseAdministration: AnyObject {
    /// Engine, location, schema versions, counts and size, read in one snapshot; writes nothing.
    func info() throws -> DatabaseInfo
    /// Checks every invariant the docs promise in one read snapshot, handing each problem to
    /// `report` as it is found, and repairs nothing; the number of checks that ran (a check
    /// whose tables an older schema does not have is skipped).
    func check(_ report: (DatabaseProblem) throws -> Void) throws -> Int
    /// The migrations the schema has not had yet; writes nothing.
    func pendingMigrations() throws -> MigrationPlan
    /// Applies the pending migrations, each in its own write transaction with the version bump
    /// (as an automatic upgrade does); what this call applied (nothing when another process
    /// got there first).
    func migrate() throws -> MigrationPlan
}
