import CampaignChat

/// The schema on SQLite: `SchemaHistory`'s versions, the version kept in `PRAGMA user_version`.
/// See https://www.sqlite.org/pragma.html#pragma_user_version
enum Migrations {
    /// `PRAGMA application_id` of every campaignchat database: "CCHT".
    static let applicationID: Int32 = 0x4343_4854

    static var latestVersion: Int { SchemaHistory.latestVersion }

    static let all = SchemaHistory.migrations(in: .sqlite)
}
