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

extension ChangeFeed {
    /// poll() on `descriptors` plus what `stop` watches, up to `deadline`: whether a stop was
    /// requested, the indexes of the descriptors that are readable, or none at the deadline; throws
    /// `OutputClosed` when the follower's reader went away. EINTR is a wake-up with nothing
    /// readable: the caller looks again.
    public func poll(_ descriptors: [Int32], stop: FollowerStop?, until deadline: Int64?) throws(OutputClosed)
        -> (stopped: Bool, readable: [Int]) {
        var waitingOn = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) } + (stop?.pollSet ?? [])
        let timeout: Int32 = deadline.map { Int32(clamping: max(0, $0 - Timestamp.currentMilliseconds())) } ?? -1
        guard Glibc.poll(&waitingOn, nfds_t(waitingOn.count), timeout) > 0 else { return (false, []) }
        if let stop, try stop.requested(waitingOn[descriptors.count...]) { return (true, []) }
        return (false, descriptors.indices.filter { waitingOn[$0].revents != 0 })
    }
}
