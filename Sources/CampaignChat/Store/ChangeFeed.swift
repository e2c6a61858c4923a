/// How a process that follows the store learns that another one committed, without polling:
/// inotify on an SQLite file, LISTEN/NOTIFY on PostgreSQL. Subscribe before the first read,
/// then read, then wait: nothing committed in between is missed.
public protocol ChangeFeed: AnyObject {
    /// Blocks until the store may have changed, `stop` (a descriptor) becomes readable, or
    /// `deadline` (milliseconds since 1970) passes. A store that went away (the file removed
    /// or replaced, the server gone) throws.
    func wait(stop: Int32?, until deadline: Int64?) throws -> ChangeWait
}

public enum ChangeWait: Hashable, Sendable {
    /// Someone may have committed: read again.
    case changed
    /// `stop` became readable (a signal to end).
    case stopped
    case timedOut
}

extension ChangeFeed {
    /// poll() on `descriptors` plus `stop`, up to `deadline`: whether `stop` was the one, the
    /// indexes of the others that are readable, or none at the deadline. EINTR is a wake-up
    /// with nothing readable: the caller looks again.
    public func poll(_ descriptors: [Int32], stop: Int32?, until deadline: Int64?) -> (stopped: Bool, readable: [Int]) {
        var waitingOn = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if let stop { waitingOn.append(pollfd(fd: stop, events: Int16(POLLIN), revents: 0)) }
        let timeout: Int32 = deadline.map { Int32(clamping: max(0, $0 - Timestamp.currentMilliseconds())) } ?? -1
        guard Glibc.poll(&waitingOn, nfds_t(waitingOn.count), timeout) > 0 else { return (false, []) }
        if stop != nil, waitingOn.last!.revents != 0 { return (true, []) }
        return (false, descriptors.indices.filter { waitingOn[$0].revents != 0 })
    }
}
