import CampaignChatSystem

/// How a process that follows the store learns that another one committed, without polling:
/// inotify on an SQLite file, LISTEN/NOTIFY on PostgreSQL. Subscribe before the first read,
/// then read, then wait: nothing committed in between is missed.
public protocol ChangeFeed: AnyObject {
    /// Blocks until the store may have changed, a stop is requested, or `deadline` (milliseconds
    /// since 1970) passes. A store that went away (the file removed or replaced, the server gone)
    /// throws, and so does the follower's output when its reader goes away (`OutputClosed`).
    func wait(stop: FollowerStop?, until deadline: Int64?) throws -> ChangeWait
}

public enum ChangeWait: Hashable, Sendable {
    /// Someone may have committed: read again.
    case changed
    /// A stop was requested (a signal to end).
    case stopped
    case timedOut
}
