/// Runs `/bin/sh -c COMMAND` with bytes on its stdin, its stdout passed to our
/// stderr, and its stderr captured, within a time limit.
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
    }

    /// Runs the command once; throws only when it could not be started at all.
    public func run(input: [UInt8], environment extra: [(String, String)]) throws -> Outcome {
        var stdinPipe: [Int32] = [0, 0], stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stderrPipe) == 0 else {
            throw PushDeliveryError.cannotRun("cannot create pipes: \(String(cString: strerror(errno)))")
        }
        // Only the child's copies (made by dup2 below) survive exec.
        for descriptor in stdinPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
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
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stderrPipe[0])
            throw PushDeliveryError.cannotRun("cannot run /bin/sh: \(String(cString: strerror(spawned)))")
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

        // One deadline for everything: a command that closes its stderr early and
        // keeps running is stopped just the same.
        let deadline = Timestamp.currentMilliseconds() + Int64(timeoutMilliseconds)
        var (errors, timedOut) = readUntilClosed(stderrPipe[0], deadline: deadline)
        close(stderrPipe[0])
        var status: Int32 = 0
        while !timedOut {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { break }
            if Timestamp.currentMilliseconds() >= deadline { timedOut = true } else { usleep(5_000) }
        }
        if timedOut {
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let signal = status & 0x7F
        let exitCode = signal == 0 ? Int((status >> 8) & 0xFF) : 128 + Int(signal)
        let lastLine = String(decoding: errors, as: UTF8.self)
            .split(whereSeparator: \.isNewline).last.map { String($0.prefix(500)) }
        return Outcome(exitCode: timedOut ? 124 : exitCode, lastErrorLine: timedOut ? "timed out after \(timeoutMilliseconds) ms" : lastLine,
                       timedOut: timedOut)
    }

    /// Collects the tail of a pipe until the writer closes it or the deadline passes.
    private func readUntilClosed(_ descriptor: Int32, deadline: Int64) -> (bytes: [UInt8], timedOut: Bool) {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let remaining = deadline - Timestamp.currentMilliseconds()
            if remaining <= 0 { return (collected, true) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, 1_000)))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return (collected, false) }
            collected.append(contentsOf: buffer[..<count])
            if collected.count > 8_192 { collected.removeFirst(collected.count - 8_192) }
        }
    }

    private static func currentEnvironment(adding extra: [(String, String)]) -> [String] {
        let names = Set(extra.map(\.0))
        var result: [String] = []
        var pointer = environ
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
