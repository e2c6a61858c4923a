import Glibc

/// Waiting for descriptors to become readable (poll(2)), together with what ends a follower
/// (`FollowerStop`): how a change feed sleeps until something happens, with no timer and no
/// signal handler.
public enum ReadinessWait {
    /// poll() on `descriptors` plus what `stop` watches, up to `deadline` (milliseconds since
    /// 1970 on the `WallClock`, `nil` for none): whether a stop was requested, the indexes of
    /// the descriptors that are readable, or none at the deadline; throws `OutputClosed` when
    /// the follower's reader went away. EINTR is a wake-up with nothing readable: the caller
    /// looks again.
    public static func poll(_ descriptors: [Int32], stop: FollowerStop?, until deadline: Int64?) throws(OutputClosed)
        -> (stopped: Bool, readable: [Int]) {
        var waitingOn = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) } + (stop?.pollSet ?? [])
        let timeout: Int32 = deadline.map { Int32(clamping: max(0, $0 - WallClock.milliseconds())) } ?? -1
        guard Glibc.poll(&waitingOn, nfds_t(waitingOn.count), timeout) > 0 else { return (false, []) }
        if let stop, try stop.requested(waitingOn[descriptors.count...]) { return (true, []) }
        return (false, descriptors.indices.filter { waitingOn[$0].revents != 0 })
    }
}
