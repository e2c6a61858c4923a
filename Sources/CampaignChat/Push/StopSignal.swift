import CSystem

/// Ctrl-C (SIGINT) and SIGTERM for a command that follows the store: the signals are blocked
/// and become a readable descriptor (signalfd), so the follower waits for a change and for a
/// request to stop in one poll(), finishes the line or delivery under way, and exits 0. No
/// signal handler runs at all. Children started afterwards get the default signal mask back
/// (see `ShellCommand`).
public enum StopSignal {
    /// Starts turning SIGINT and SIGTERM into the returned descriptor.
    public static func install() throws -> Int32 {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        sigprocmask(SIG_BLOCK, &signals, nil)
        let descriptor = campaignchat_signalfd(&signals)
        guard descriptor >= 0 else {
            throw StoreError.io("cannot watch for SIGINT and SIGTERM: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }
}
