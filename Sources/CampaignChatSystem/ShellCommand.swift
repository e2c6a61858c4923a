import CSystem
import Glibc

/// Runs `/bin/sh -c COMMAND` with bytes on its stdin, its stdout passed to our
/// stderr (or handed to `relay`), and its stderr captured, within a time limit.
///
/// The command runs in its own process group so that a time-out stops
/// everything it started.
public struct ShellCommand: Sendable {
    public let command: String
    public let timeoutMilliseconds: Int

    public init(_ command: String, timeoutMilliseconds: Int) {
        self.command = command
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// How a run ended.
    public struct Outcome: Hashable, Sendable {
        /// The exit status, or 128 + the signal number when it was killed.
        public let exitCode: Int
        /// The last non-empty line the command wrote to stderr (or why it did not run).
        public let lastErrorLine: String?
        public let timedOut: Bool

        public init(exitCode: Int, lastErrorLine: String?, timedOut: Bool) {
            self.exitCode = exitCode
            self.lastErrorLine = lastErrorLine
            self.timedOut = timedOut
        }
    }

    /// Runs the command once; throws only when it could not be started at all. Without `relay`,
    /// its stdout is our stderr; with it, what it writes there is handed to `relay` as it comes
    /// (for a terminal, which must not receive another program's escape sequences raw).
    public func run(input: [UInt8], environment extra: [(String, String)], relay: ((ArraySlice<UInt8>) -> Void)? = nil) throws -> Outcome {
        // Close-on-exec from the start: only the child's copies (made by dup2 below) survive exec.
        var stdinPipe: [Int32] = [0, 0], stderrPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [-1, -1]
        guard campaignchat_pipe_cloexec(&stdinPipe) == 0, campaignchat_pipe_cloexec(&stderrPipe) == 0,
              relay == nil || campaignchat_pipe_cloexec(&stdoutPipe) == 0 else {
            throw SystemError(doing: "cannot create pipes", code: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, relay == nil ? 2 : stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        // Nothing else we hold goes to the command: a descriptor our own parent leaked to us
        // (a pipe it waits on) would otherwise be held by whatever the command leaves running.
        Self.closeOnExecAboveStandardStreams()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, default SIGPIPE, and no signal blocked (a follower blocks SIGINT and SIGTERM).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let arguments = ["/bin/sh", "-c", command]
        let variables = Self.currentEnvironment(adding: extra)
        var pid = pid_t()
        let spawned = withCStrings(arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp) }
        }
        close(stdinPipe[0])
        close(stderrPipe[1])
        if relay != nil { close(stdoutPipe[1]) }
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stderrPipe[0])
            if relay != nil { close(stdoutPipe[0]) }
            throw SystemError(doing: "cannot run /bin/sh", code: spawned)
        }

        // The payload is small; a command that exits without reading it gets EPIPE, not us killed.
        input.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(stdinPipe[1], bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        close(stdinPipe[1])

        // One deadline for everything. Delivery is decided by the command's exit status: once
        // /bin/sh has exited, what it left in the pipe is read and the pipe let go, even if a
        // child it started in the background (`notify & exit 0`) still holds the pipe open.
        // A pidfd turns the exit into one more descriptor to poll: no signal handler, no timer.
        let deadline = WallClock.milliseconds() + Int64(timeoutMilliseconds)
        let exitDescriptor = campaignchat_pidfd_open(pid)
        defer { if exitDescriptor >= 0 { close(exitDescriptor) } }
        var errors = TailBuffer(limit: 8_192)
        var stderrOpen = true
        var stdoutOpen = relay != nil
        /// Hands what the command wrote to stdout to `relay`; false when it closed its end.
        func relayOutput() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(stdoutPipe[0], $0.baseAddress, $0.count) }
            if count < 0 { return errno == EINTR || errno == EAGAIN }
            if count > 0 { relay?(chunk[..<count]) }
            return count > 0
        }
        var status: Int32 = 0
        var timedOut = false
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited < 0 && errno != EINTR) { break }
            let remaining = deadline - WallClock.milliseconds()
            if remaining <= 0 {
                timedOut = true
                break
            }
            var waitingOn = [pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0),
                             pollfd(fd: stderrOpen ? stderrPipe[0] : -1, events: Int16(POLLIN), revents: 0),
                             pollfd(fd: stdoutOpen ? stdoutPipe[0] : -1, events: Int16(POLLIN), revents: 0)]
            // Without a pidfd (a kernel before 5.3), look at the child again every 10 ms.
            let wait = exitDescriptor >= 0 ? remaining : min(remaining, 10)
            if poll(&waitingOn, 3, Int32(min(wait, 60_000))) > 0 {
                if waitingOn[1].revents != 0 { stderrOpen = errors.read(from: stderrPipe[0]) }
                if waitingOn[2].revents != 0 { stdoutOpen = relayOutput() }
            }
        }
        // What the command wrote before it exited is already in the pipe: take it without waiting,
        // and no more than a pipe holds (a background child may still be writing).
        var drained = 0
        while stderrOpen && drained < 1 << 16 {
            var probe = pollfd(fd: stderrPipe[0], events: Int16(POLLIN), revents: 0)
            guard poll(&probe, 1, 0) > 0 else { break }
            let before = errors.total
            stderrOpen = errors.read(from: stderrPipe[0])
            drained += max(1, errors.total - before)
        }
        close(stderrPipe[0])
        drained = 0
        while stdoutOpen && drained < 1 << 16 {
            var probe = pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0)
            guard poll(&probe, 1, 0) > 0 else { break }
            stdoutOpen = relayOutput()
            drained += 4_096
        }
        if relay != nil { close(stdoutPipe[0]) }
        if timedOut {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let signal = status & 0x7F
        let exitCode = signal == 0 ? Int((status >> 8) & 0xFF) : 128 + Int(signal)
        // A NUL would cut the text short where a store passes C strings (libpq): shown as U+FFFD, as bad UTF-8 is.
        let lastLine = String(decoding: errors.bytes, as: UTF8.self)
            .split(whereSeparator: \.isNewline).last.map { String(String.UnicodeScalarView($0.prefix(500).unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 })) }
        return Outcome(exitCode: timedOut ? 124 : exitCode, lastErrorLine: timedOut ? "timed out after \(timeoutMilliseconds) ms" : lastLine,
                       timedOut: timedOut)
    }

    /// Marks every open descriptor above stderr close-on-exec (`dup2` gives the child its own 0, 1 and 2).
    private static func closeOnExecAboveStandardStreams() {
        guard let folder = opendir("/proc/self/fd") else {
            for descriptor in 3..<1_024 { _ = fcntl(Int32(descriptor), F_SETFD, FD_CLOEXEC) }
            return
        }
        defer { closedir(folder) }
        let own = dirfd(folder)
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor > 2, descriptor != own {
                _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
            }
        }
    }

    private static func currentEnvironment(adding extra: [(String, String)]) -> [String] {
        let names = Set(extra.map(\.0))
        var result: [String] = []
        var pointer = Glibc.environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            let name = text.prefix { $0 != "=" }
            if !names.contains(String(name)) { result.append(text) }
            pointer += 1
        }
        return result + extra.map { "\($0.0)=\($0.1)" }
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}

/// The last bytes of a stream, up to `limit`.
private struct TailBuffer {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    /// Every byte read so far, kept or not.
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    /// Reads what is there; `false` when the writer has closed its end.
    mutating func read(from descriptor: Int32) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4_096)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN }
        if count == 0 { return false }
        total += count
        bytes.append(contentsOf: chunk[..<count])
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
        return true
    }
}
