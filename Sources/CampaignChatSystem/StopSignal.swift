import CSystem
import Glibc

/// Ctrl-C (SIGINT) and SIGTERM for a command that follows the store: the signals are blocked
/// and become a readable descriptor (signalfd), so the follower waits for a change and for a
/// request to stop in one poll(), finishes the line or delivery under way, and exits 0. No
/// signal handler runs at all. Children started afterwards get the default signal mask back
/// (see `ShellCommand`).
public enum StopSignal {
    /// Starts turning SIGINT and SIGTERM into the returned descriptor.
    public static func install() throws(SystemError) -> Int32 {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        sigprocmask(SIG_BLOCK, &signals, nil)
        let descriptor = campaignchat_signalfd(&signals)
        guard descriptor >= 0 else {
            throw SystemError(doing: "cannot watch for SIGINT and SIGTERM", code: errno)
        }
        return descriptor
    }
}

/// What ends a follower other than an error, watched in the same poll() as the change feed: a
/// request to stop (a descriptor that becomes readable: `StopSignal`), and the reader of its
/// output going away (its stdout a pipe or socket whose other end was closed), which it learns at
/// once rather than at its next write, as `tail -f` does. A pipe's write end reports POLLERR when
/// its last reader closes, a socket POLLHUP; neither has to be asked for.
public struct FollowerStop: Sendable {
    /// Readable when the follower is asked to stop.
    public var request: Int32?
    /// The follower's output, watched for its reader hanging up; `nil` when it is not a pipe or
    /// socket (a terminal has SIGHUP; a file or /dev/null never hangs up).
    public var output: Int32?

    public init(request: Int32?, output: Int32? = nil) {
        self.request = request
        self.output = output
    }

    /// SIGINT and SIGTERM (see `StopSignal`), and stdout's reader going away.
    public static func install() throws(SystemError) -> FollowerStop {
        FollowerStop(request: try StopSignal.install(), output: watchable(STDOUT_FILENO) ? STDOUT_FILENO : nil)
    }

    /// Whether `descriptor` is a pipe or a socket: what can hang up.
    static func watchable(_ descriptor: Int32) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFSOCK
    }

    /// What to add to a poll() set: the request for POLLIN, the output for hang-up only.
    var pollSet: [pollfd] {
        (request.map { [pollfd(fd: $0, events: Int16(POLLIN), revents: 0)] } ?? [])
            + (output.map { [pollfd(fd: $0, events: 0, revents: 0)] } ?? [])
    }

    /// Reads what poll() reported for `pollSet` (in that order): throws `OutputClosed` when the
    /// reader went away; whether a stop was requested.
    func requested(_ reported: ArraySlice<pollfd>) throws(OutputClosed) -> Bool {
        var rest = reported[...]
        var stopped = false
        if request != nil, let entry = rest.popFirst() { stopped = entry.revents != 0 }
        if output != nil, let entry = rest.popFirst(), entry.revents & Int16(POLLERR | POLLHUP) != 0 { throw OutputClosed() }
        return stopped
    }

    /// Waits until `descriptor` (the follower's output) takes a write of up to PIPE_BUF bytes at
    /// once, or a stop is requested, in one poll(): a write that would block must not keep the
    /// follower from seeing a signal it has blocked. Once a stop is requested, it waits no more: a
    /// write the output takes at once still goes (a last line, a summary), one that would have to
    /// wait throws `StopRequested`. Throws `OutputClosed` when the reader went away.
    public func waitUntilWritable(_ descriptor: Int32) throws {
        var set = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)]
            + (request.map { [pollfd(fd: $0, events: Int16(POLLIN), revents: 0)] } ?? [])
        while Glibc.poll(&set, nfds_t(set.count), -1) < 0 {
            guard errno == EINTR else { return }   // cannot wait: the write says what is wrong
        }
        let reported = set[0].revents
        if descriptor == output, reported & Int16(POLLERR | POLLHUP) != 0 { throw OutputClosed() }
        if reported == 0, set.count > 1, set[1].revents != 0 { throw StopRequested() }
    }

    /// Looks without waiting: whether a stop was requested; throws `OutputClosed` when the reader went away.
    public func requestedNow() throws(OutputClosed) -> Bool {
        var set = pollSet
        guard !set.isEmpty, Glibc.poll(&set, nfds_t(set.count), 0) > 0 else { return false }
        return try requested(set[...])
    }
}

/// The reader of a follower's output went away (a closed pipe): the follower ends as a write to
/// it would have ended it, with SIGPIPE (exit status 141 in a shell).
public struct OutputClosed: Error, Hashable, Sendable {
    public init() {}
}

/// A follower was asked to stop (Ctrl-C, SIGTERM) while its output could not take its next write
/// (a reader that stopped reading): it ends as a stop ends it (exit 0), writing nothing more.
public struct StopRequested: Error, Hashable, Sendable {
    public init() {}
}
