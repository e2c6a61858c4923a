import CampaignChat
import Glibc

/// Ctrl-C for the long commands (bulk sends, push delivery): the first SIGINT
/// asks them to stop at the next row, so the open transaction is rolled back
/// cleanly and the command exits 130. Other commands keep the default (their
/// one transaction is atomic anyway).
enum Interrupt {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0

    /// Starts catching SIGINT; returns the check the library calls between rows.
    static func catchSIGINT() -> @Sendable () -> Bool {
        signal(SIGINT) { _ in Interrupt.requested = 1 }
        // A parent may have started us with SIGINT blocked (threads of many runtimes block it).
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)
        return { Interrupt.requested != 0 }
    }
}
