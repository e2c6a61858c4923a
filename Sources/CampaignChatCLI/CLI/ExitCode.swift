import CampaignChat
import CampaignChatSystem
import Glibc

/// The documented exit codes (BSD sysexits): a contract with scripts. Each one's `summary`
/// is what the man page's EXIT STATUS and the "Exit codes" table of docs/json-and-exit-codes.md say about it.
package enum ExitCode: Int32, CaseIterable {
    case ok = 0
    case usage = 64
    case dataError = 65
    case notFound = 66
    case unavailable = 69
    case `internal` = 70
    case cannotCreate = 73
    case ioError = 74
    case busy = 75
    case notPermitted = 77
    case notCampaignChatDatabase = 78
    case interrupted = 130
    case brokenPipe = 141

    /// What the code means, as the docs' table row says it: lower case, no final period,
    /// `code` spans for what a user types (the man page turns them into mdoc macros).
    package var summary: String {
        switch self {
        case .ok:
            return "success"
        case .usage:
            return "usage error: unknown command or option, missing or extra argument, a missing required option "
                + "(`push deliver --exec`, `thread export --format`), bad option value (an empty, over-long or "
                + "control-character `--key` or `--key-prefix`, a blank `--template`, an empty `--as`, a `--db` that is "
                + "not a file path, an impossible date; the message is followed by the usage line and a pointer to "
                + "`--help`), an empty search, or one of over 256 words or with parentheses nested over 32 deep, "
                + "`shipment update --signature` with a source that signs nothing campaignchat can check, "
                + "`db backup` of a PostgreSQL database (`pg_dump` is the tool)"
        case .dataError:
            return "bad data: invalid text or input file (empty, too long, not UTF-8, NUL, control or invisible "
                + "formatting characters in a name, a blank template file), an argument that is not UTF-8, invalid "
                + "handle or slug, a name that already exists, an idempotency key reused with another message, a bad "
                + "key in a bulk file's `key` column, a tracking number with a wrong check digit (`tracking check`, `--tracking`), "
                + "a database in which `db check` found problems (one line each on stdout), a `shipment update` body that cannot "
                + "be read or names no tracking number (the others are still recorded)"
        case .notFound:
            return "not found: campaign, group, creator, thread, notification, input file (or the database, for what only reads it: "
                + "`--dry-run`, `db info`, `db check`, `db migrate --dry-run`, `db backup`), "
                + "an `events --after` cursor older than what `db prune-events` deleted (or past the newest event: another log), a shipment to mark"
        case .unavailable:
            return "the PostgreSQL server cannot be used: down or unreachable, a wrong password, an unknown "
                + "database, a connection string libpq cannot read, the connection lost mid-command (or while a "
                + "`--follow` command waits), or libpq missing; "
                + "the error names the server (never the password) and the open transaction was rolled back"
        case .internal:
            return "internal error (a bug: please report it)"
        case .cannotCreate:
            return "the database (or its folder) cannot be created, for example a symbolic link to a file that does not exist, "
                + "or the FILE of `db backup` exists already; the target of `db copy` is not empty, or is the database being copied"
        case .ioError:
            return "I/O error: the database is read-only, damaged or unreadable, or was removed or replaced while a "
                + "`--follow` command waited on it; `push deliver` cannot run `/bin/sh`; a standard stream (0, 1 or 2) is closed "
                + "and `/dev/null` cannot be opened in its place"
        case .busy:
            return "the database stayed busy (locked by another writer) past the wait: nothing was written, try again"
        case .notPermitted:
            return "not permitted: creator not accepted (invited, declined, removed, not in the campaign), another "
                + "creator's thread, a brand-only action, an archived campaign, a `shipment update --signature` that does not sign "
                + "its input, or without `CAMPAIGNCHAT_WEBHOOK_SECRET` (nothing is written)"
        case .notCampaignChatDatabase:
            return "the file is not a campaignchat database (not SQLite, or another application's), a PostgreSQL "
                + "database holds another application's tables, indexes, sequences, views, types, domains or functions with campaignchat's names or is not encoded in UTF8 (SQL_ASCII included), or "
                + "the database was written by a newer campaignchat (`db info` still describes it); it is left untouched"
        case .interrupted:
            return "interrupted (SIGINT, Ctrl-C) during a bulk send, a `shipment update`, a one-shot `push deliver` or a `db copy`: the open "
                + "transaction is rolled back; the rows (bodies) reported before were sent (recorded), and `push deliver` prints its summary of what it did "
                + "(a `--follow` command ends with 0)"
        case .brokenPipe:
            return "the reader of a `--follow` command's output went away (its pipe or socket closed, as when `head -1` has read its line): "
                + "it ends at once, without waiting for its next line, killed by SIGPIPE as a write to the closed pipe "
                + "would be (a shell shows 141); `push deliver --follow` first finishes and records the attempt under way"
        }
    }

    init(_ category: CampaignChatError.Category) {
        switch category {
        case .usage: self = .usage
        case .notFound: self = .notFound
        case .notPermitted: self = .notPermitted
        case .invalidData: self = .dataError
        }
    }

    /// The exit code for anything a command threw.
    package init(for error: any Error) {
        switch error {
        case is UsageError:
            self = .usage
        case let error as CampaignChatError:
            self = ExitCode(error.category)
        case let error as StoreError:
            switch error {
            case .busy: self = .busy
            case .missing: self = .notFound
            case .cannotCreate: self = .cannotCreate
            case .io: self = .ioError
            case .unavailable: self = .unavailable
            case .notCampaignChat, .newerVersion: self = .notCampaignChatDatabase
            case .internalError: self = .internal
            }
        case is OperationInterrupted:
            self = .interrupted
        case is OutputClosed:
            self = .brokenPipe
        case is CopyRefusal:
            self = .cannotCreate
        case is SystemError:
            self = .ioError
        case let error as InputError:
            self = error.code
        case is ArgumentNotUTF8, is DatabaseUnsound:
            self = .dataError
        case let error as BulkIncomplete:
            self = ExitCode(error.failure)
        default:
            self = .internal
        }
    }
}

/// A problem with input the command reads itself (stdin, a file), with its exit code.
struct InputError: Error, CustomStringConvertible {
    let code: ExitCode
    let description: String
}
