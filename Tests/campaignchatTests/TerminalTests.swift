import Foundation
import Testing

/// What a person watching a terminal sees: a real terminal (tmux), keys sent to it and its
/// screen read back, while other processes write.
@Suite(.serialized) struct LiveTerminal {
    /// A tmux server of its own (its socket in the sandbox) with one window running `command`.
    final class Terminal {
        let cli: Sandbox
        let socket: String

        init(_ cli: Sandbox, command: String) throws {
            self.cli = cli
            socket = cli.path("tmux.sock")
            let environment = cli.environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            let start = ["tmux", "-S", socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", "live",
                         "env \(environment) BIN='\(Sandbox.binary.path)' bash -c 'trap : INT; \(command); echo exited with $?; sleep 60'"]
            #expect(try Terminal.spawnDetached(start) == 0, "tmux did not start")
        }

        /// Runs `arguments` to the end as a clean parent would: no signal blocked (a test thread
        /// blocks most, and a tmux server that inherits that mask never sees its panes exit) and
        /// none of our descriptors open (the server outlives the call and must not hold pipes or
        /// the socket Foundation watches to see a child exit). Returns the exit status.
        static func spawnDetached(_ arguments: [String]) throws -> Int32 {
            let argv = ["/bin/bash", "-c", detached, "bash"] + arguments
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var nothing = sigset_t()
            sigemptyset(&nothing)
            posix_spawnattr_setsigmask(&attributes, &nothing)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            let cArguments = argv.map { strdup($0) } + [nil]
            let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (cArguments + cEnvironment).forEach { free($0) } }
            var pid = pid_t()
            let spawned = posix_spawn(&pid, "/bin/bash", nil, &attributes, cArguments, cEnvironment)
            guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return (status >> 8) & 0xFF
        }

        /// Runs "$@" with no descriptor of ours open: stdio to /dev/null, every other one closed.
        static let detached = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@" </dev/null >/dev/null 2>&1"#

        static let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TERM": "xterm"]

        deinit {
            _ = try? Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["tmux", "-S", socket, "kill-server"], stdin: nil,
                                     environment: Terminal.environment, in: cli.folder, timeout: 10)
        }

        @discardableResult
        func tmux(_ arguments: [String]) throws -> RunResult {
            let result = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["tmux", "-S", socket] + arguments, stdin: nil,
                                             environment: Terminal.environment, in: cli.folder, timeout: 30)
            #expect(result.status == 0, "tmux \(arguments): \(result.stderr)")
            return result
        }

        var screen: String { (try? tmux(["capture-pane", "-p", "-t", "live"]).stdout) ?? "" }

        /// Waits until the screen shows `text` (at most 10 s); the screen.
        @discardableResult
        func waitFor(_ text: String) -> String {
            let deadline = Date().addingTimeInterval(10)
            while !screen.contains(text) && Date() < deadline { usleep(20_000) }
            return screen
        }
    }

    @Test func aPersonWatchingAThreadSeesEachReplyArriveAndCtrlCEndsIt() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel ships Monday")
        let terminal = try Terminal(cli, command: #""$BIN" thread read summer-launch c01 --follow"#)
        #expect(terminal.waitFor("Your parcel ships Monday").contains("brand"))
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "Thanks! Posting Friday")
        let screen = terminal.waitFor("Thanks! Posting Friday")
        #expect(screen.contains("@c01"), "\(screen)")
        // Text written by others never takes over the screen, live either.
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "clear\u{1B}[2J and red \u{1B}[31mtext")
        let escaped = terminal.waitFor("clear\\x1b[2J")
        #expect(escaped.contains("Your parcel ships Monday"), "the screen was not cleared: \(escaped)")
        try terminal.tmux(["send-keys", "-t", "live", "C-c"])
        #expect(terminal.waitFor("exited with").contains("exited with 0"))
        #expect(try jq("length", cli.ok("unread", "list", "--json")) == "0", "what the screen showed was marked read")
    }

    /// A delivery command's stdout (a gateway's reply: another program's text) reaches a terminal
    /// escaped, so it can neither clear the screen nor fake campaignchat's own lines; into a pipe
    /// it goes as it is.
    @Test func aDeliveryCommandsOutputCannotTakeOverTheScreen() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("creator", "update", "c01", "--push-token", "token-1")
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel ships Monday")
        try cli.ok("message", "send", "summer-launch", "c01", "It shipped")
        let gateway = cli.path("gateway.sh")
        try #"printf 'gateway says\n\033[2J\033[Hgateway: ok\033[31m red\n'"#.write(toFile: gateway, atomically: true, encoding: .utf8)
        let hostile = "sh \(gateway)"
        let terminal = try Terminal(cli, command: "echo keep me; \"$BIN\" push deliver --limit 1 --exec \"\(hostile)\"")
        let screen = terminal.waitFor("exited with")
        #expect(screen.contains("exited with 0"), "\(screen)")
        #expect(screen.contains("\\x1b[2J\\x1b[Hgateway: ok\\x1b[31m red"), "\(screen)")
        #expect(screen.hasPrefix("keep me"), "the screen was cleared: \(screen)")
        let piped = try cli.run("push", "deliver", "--exec", hostile)
        #expect(piped.stderr.contains("\u{1B}[2J\u{1B}[Hgateway: ok"), "into a pipe it goes as it is: \(piped.stderr)")
    }

    @Test func aPersonWatchingTheRedDotsSeesThemLightUpAndGoOut() throws {
        let cli = try acceptedCreators(2)
        let terminal = try Terminal(cli, command: #""$BIN" unread list --follow"#)
        usleep(300_000)
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "Where is my parcel?")
        #expect(terminal.waitFor("red dot on, 1 unread: Where is my parcel?").contains("@c02"))
        try cli.ok("thread", "read", "summer-launch", "c02")
        #expect(terminal.waitFor("red dot off").contains("@c02  red dot off"))
        try terminal.tmux(["send-keys", "-t", "live", "C-c"])
        #expect(terminal.waitFor("exited with").contains("exited with 0"))
    }
}
