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

extension DatabaseProblem {
    /// A row whose `column` (holding `value`, when it could be read) refers to no row of `parent`.
    public static func foreignKey(table: String, id: Int64?, column: String, value: String?, parent: String) -> DatabaseProblem {
        let what = value.map { "\(column) \($0)" } ?? "its \(column)"
        return DatabaseProblem(.foreignKey, table: table, id: id, detail: "\(what) refers to no row of \(parent)")
    }
}

extension SchemaObject {
    /// The problem of this object not being there.
    public var missing: DatabaseProblem {
        let kind: DatabaseProblem.Kind = switch self.kind {
        case .table: .missingTable
        case .index: .missingIndex
        case .trigger: .missingTrigger
        }
        return DatabaseProblem(kind, table: table, detail: "the \(self.kind.rawValue) \(name) is missing")
    }
}
