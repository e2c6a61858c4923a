import CampaignChat
import Glibc

/// The environment variables campaignchat reads, and what each means. The code reads them only
/// by these names (`environment[.database]`), and the man page's ENVIRONMENT and the table of
/// docs/commands.md are generated from `meaning`, so a new variable is documented where it is added.
package enum EnvironmentVariable: String, CaseIterable, Sendable {
    case database = "CAMPAIGNCHAT_DB"
    case actor = "CAMPAIGNCHAT_AS"
    case dataHome = "XDG_DATA_HOME"
    case home = "HOME"
    case busyTimeout = "CAMPAIGNCHAT_BUSY_TIMEOUT"
    case webhookSecret = "CAMPAIGNCHAT_WEBHOOK_SECRET"
    /// libpq's, not read here: listed for the default campaignchat gives it.
    case connectTimeout = "PGCONNECT_TIMEOUT"
    /// Never read: listed because people who set it to turn colour off look for it.
    case noColor = "NO_COLOR"

    package var name: String { rawValue }

    /// The milliseconds `CAMPAIGNCHAT_BUSY_TIMEOUT` may give: up to an hour.
    static let busyTimeoutRange = 0...3_600_000

    /// What the variable does, in sentences; `code` spans for what a user types (the man page
    /// turns them into mdoc macros).
    package var meaning: String {
        switch self {
        case .database:
            return "The database, when `--db` is not given: a file path, or a `postgresql://` URL or libpq `key=value` "
                + "string for a shared PostgreSQL database."
        case .actor:
            return "Who acts, when `--as` is not given: `brand` (the default) or a creator's handle."
        case .dataHome:
            return "When neither `--db` nor `\(EnvironmentVariable.database.name)` is set, the database is "
                + "`$\(name)/\(DatabaseLocation.pathInDataHome)` (only when it is an absolute path)."
        case .home:
            return "Otherwise the database is `~/\(DatabaseLocation.pathInHome)`."
        case .busyTimeout:
            let range = EnvironmentVariable.busyTimeoutRange
            return "Milliseconds a write waits for another writer's lock before giving up with exit status "
                + "\(ExitCode.busy.rawValue): \(range.lowerBound) to \(range.upperBound), "
                + "default \(StoreOptions.defaultBusyTimeout)."
        case .webhookSecret:
            return "The secret shared with AfterShip or EasyPost, which `shipment update --signature` checks the input's signature "
                + "under; without it, `--signature` refuses the input with exit status \(ExitCode.notPermitted.rawValue). Kept out of "
                + "the command line, where other users of the machine could read it."
        case .connectTimeout:
            return "libpq's: seconds connecting to a PostgreSQL server may take before giving up with exit status "
                + "\(ExitCode.unavailable.rawValue). When it is not set, campaignchat sets it to "
                + "\(StoreOptions.defaultConnectTimeout); `connect_timeout` in the connection string wins over both."
        case .noColor:
            return "Not needed: `campaignchat` never prints colour, with or without it."
        }
    }
}

/// The process environment, read variable by variable when asked (copying all
/// of it into a dictionary at start-up cost more than the rest of `--version`).
package struct Environment: Sendable {
    package static func current() -> Environment { Environment() }

    /// A variable's value; one that is not UTF-8 is refused (65) rather than silently repaired
    /// into another path or handle.
    subscript(variable: EnvironmentVariable) -> String? {
        get throws {
            guard let value = getenv(variable.name) else { return nil }
            let bytes = UnsafeRawBufferPointer(start: value, count: strlen(value))
            guard let text = String(validating: bytes, as: UTF8.self) else { throw ArgumentNotUTF8(variable: variable.name) }
            return text
        }
    }
}
