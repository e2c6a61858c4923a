/// Everything a caller can get wrong, as values with meaning.
///
/// The CLI turns `category` into an exit code and `description` into the
/// one-line `Error: ...`; neither depends on how the store is built.
public enum CampaignChatError: Error, Hashable, Sendable, CustomStringConvertible {
    case campaignNotFound(String)
    case groupNotFound(campaign: String, group: String)
    case creatorNotFound(Handle)
    case threadNotFound(campaign: String, creator: Handle)
    case notificationNotFound(Int64)
    /// The creator's status in the campaign does not allow chat (`nil`: never invited).
    case notAccepted(campaign: String, creator: Handle, status: MembershipStatus?)
    case campaignArchived(String)
    /// A creator tried to reach a thread that is not theirs.
    case notYourThread(actor: Handle)
    /// A creator tried something only the brand may do.
    case brandOnly(action: String)
    /// A membership change that the creator's current status does not allow.
    case statusConflict(campaign: String, creator: Handle, status: MembershipStatus, action: String)
    /// Accepting, declining or removing a creator who was never invited to the campaign.
    case notInvited(campaign: String, creator: Handle, action: String)
    case alreadyExists(String)
    case invalidText(String)
    case invalidValue(String)
    case keyConflict(key: String)
    /// A search the full-text engine cannot read: a usage error.
    case invalidSearch(String)
    /// The events after `cursor` were pruned: a follower that far behind must start again.
    case cursorTooOld(cursor: Int64, prunedBefore: Int64)
    /// A cursor past the newest event is not from this log (a restored backup, another database):
    /// reading on from it would skip what the log holds under its number, silently.
    case cursorAhead(cursor: Int64, latest: Int64)
    /// Pruning before a cursor no event has reached yet would hide the events still to come: a usage error.
    case cursorBeyondLatest(cursor: Int64, latest: Int64)
    /// An option's value that cannot be right whatever the data (an event dated days ahead): a usage error.
    case invalidOption(String)
    /// A tracking number whose check digit (or length) is wrong; `column` names where it came from.
    case invalidTrackingNumber(number: String, reason: String, column: String?)
    case shipmentNotFound(campaign: String, creator: Handle, number: String)
    /// What the command does cannot be done on this engine; the reason says what to use instead.
    case unsupported(String)
    /// A webhook body whose signature could not be checked, or did not match: it may be forged.
    case unverifiedBody(String)

    public enum Category: Sendable {
        case usage
        case notFound
        case notPermitted
        case invalidData
    }

    public var category: Category {
        switch self {
        case .campaignNotFound, .groupNotFound, .creatorNotFound, .threadNotFound, .notificationNotFound, .cursorTooOld, .cursorAhead, .shipmentNotFound:
            .notFound
        case .notAccepted, .campaignArchived, .notYourThread, .brandOnly, .statusConflict, .notInvited, .unverifiedBody:
            .notPermitted
        case .alreadyExists, .invalidText, .invalidValue, .keyConflict, .invalidTrackingNumber:
            .invalidData
        case .invalidSearch, .unsupported, .cursorBeyondLatest, .invalidOption:
            .usage
        }
    }

    public var description: String {
        switch self {
        case .campaignNotFound(let slug):
            "no campaign '\(TextRules.quotedForMessage(slug))'"
        case .groupNotFound(let campaign, let group):
            "no group '\(TextRules.quotedForMessage(group))' in campaign '\(campaign)'"
        case .creatorNotFound(let handle):
            "no creator \(handle)"
        case .threadNotFound(let campaign, let creator):
            "no conversation with \(creator) in '\(campaign)' yet"
        case .notificationNotFound(let id):
            "no push notification \(id)"
        case .notAccepted(let campaign, let creator, let status):
            if let status {
                "\(creator) is \(status.rawValue) in '\(campaign)', not accepted: only accepted creators can chat"
            } else {
                "\(creator) is not in campaign '\(campaign)': only accepted creators can chat"
            }
        case .campaignArchived(let slug):
            "campaign '\(slug)' is archived: it takes no new messages or invitations"
        case .notYourThread(let actor):
            "\(actor) may only use their own conversations"
        case .brandOnly(let action):
            "only the brand can \(action)"
        case .statusConflict(let campaign, let creator, let status, let action):
            "cannot \(action) \(creator) in '\(campaign)': the creator is \(status.rawValue)"
        case .notInvited(let campaign, let creator, let action):
            "cannot \(action) \(creator) in '\(campaign)': the creator was never invited (creator invite first)"
        case .alreadyExists(let what):
            "\(what) already exists"
        case .invalidText(let reason), .invalidValue(let reason), .unsupported(let reason), .invalidOption(let reason):
            reason
        case .invalidSearch(let reason):
            "invalid search: \(reason)"
        case .cursorTooOld(let cursor, let prunedBefore):
            "cursor \(cursor) is too old: the events before \(prunedBefore) were pruned; read the state again and follow from --after now"
        case .cursorAhead(let cursor, let latest):
            "cursor \(cursor) is past the newest event (\(latest)): it is not from this database's log (a restored backup, "
                + "another database); read the state again and follow from --after now"
        case .cursorBeyondLatest(let cursor, let latest):
            "cursor \(cursor) is past the newest event (\(latest)): nothing pruned; --before \(latest + 1) prunes every event"
        case .invalidTrackingNumber(let number, let reason, let column):
            "tracking number '\(TextRules.quotedForMessage(number))'" + (column.map { " in column '\(TextRules.quotedForMessage($0))'" } ?? "")
                + " is not valid: \(reason) (--no-verify-tracking sends it anyway)"
        case .shipmentNotFound(let campaign, let creator, let number):
            "no shipment \(TextRules.quotedForMessage(number)) to \(creator) in '\(campaign)'"
        case .keyConflict(let key):
            "key '\(TextRules.quotedForMessage(key))' was already used for a different message; nothing was sent"
        case .unverifiedBody(let reason):
            reason + "; nothing was written"
        }
    }
}

/// Failures of the storage engine, in terms that do not depend on which engine it is.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another writer held the database past the wait limit.
    case busy(waitedMilliseconds: Int)
    /// No database exists where a read-only use expected one.
    /// `detail` says why a database that exists counts as none (a PostgreSQL database without our tables).
    case missing(path: String, detail: String? = nil)
    /// The database (or its folder) could not be created.
    case cannotCreate(path: String, reason: String)
    /// The database is read-only, full, unreadable or damaged.
    case io(String)
    /// The file is not a campaignchat database.
    case notCampaignChat(path: String, reason: String)
    /// The database was written by a newer campaignchat.
    case newerVersion(path: String, found: Int, supported: Int)
    /// The database server cannot be reached or refused the connection (down, wrong password,
    /// unknown database, connection lost): nothing was written.
    case unavailable(String)
    /// Anything else the engine reported: a bug.
    case internalError(String)

    /// A database with no campaignchat tables, which counts as none where one is expected.
    public static func noTablesYet(at path: String) -> StoreError {
        .missing(path: path, detail: "it holds no campaignchat tables yet (the first command that writes creates them)")
    }

    public var description: String {
        switch self {
        case .busy(let waited):
            "the database is busy: another campaignchat kept it locked for more than \(waited) ms; nothing was written, try again"
        case .missing(let path, let detail):
            "no database at '\(path)'" + (detail.map { ": \($0)" } ?? "")
        case .cannotCreate(let path, let reason):
            "cannot create the database at '\(path)': \(reason)"
        case .io(let reason):
            reason
        case .notCampaignChat(let path, let reason):
            "'\(path)' is not a campaignchat database (\(reason)); it was left untouched"
        case .newerVersion(let path, let found, let supported):
            "'\(path)' was written by a newer campaignchat (schema version \(found), this one knows up to \(supported)); it was left untouched"
        case .unavailable(let reason):
            reason
        case .internalError(let reason):
            reason
        }
    }
}
