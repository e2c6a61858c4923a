import Foundation
import Testing

/// campaignchat started with stdin, stdout or stderr closed (`2>&-`): what it opens later never
/// takes their numbers, so no database file, libpq socket or signalfd is read as its input,
/// written to as its output, or handed to a delivery command as the command's stdout.
@Suite struct ClosedStandardDescriptors {
    static let closings = ["0<&-", "1>&-", "2>&-"]

    /// A PostgreSQL simple-query message, as `printf` writes it: what a gateway's stdout would
    /// make the server run if that stdout were campaignchat's connection.
    static let queryMessage: String = {
        let sql = "CREATE TABLE pwned AS SELECT current_user"
        let octal = String(sql.utf8.count + 5, radix: 8)
        return #"Q\000\000\000\"# + String(repeating: "0", count: 3 - octal.count) + octal + sql + #"\000"#
    }()

    /// A delivery command (`--exec "$GATEWAY"`) that lists the descriptors it was given (its
    /// shell's, `$$`, by a `find` that opens its own output file, so that the shell redirects
    /// nothing), then prints a query message on its stdout.
    func sandbox() throws -> Sandbox {
        let cli = try PushDelivery().sandbox(notifications: 1)
        cli.environment["GATEWAY"] = #"find /proc/$$/fd/ -mindepth 1 -fprintf fds.$CAMPAIGNCHAT_PUSH_ID.$CAMPAIGNCHAT_PUSH_ATTEMPT '%f -> %l\n'; "#
            + "printf '\(Self.queryMessage)'; touch delivered"
        return cli
    }

    /// The descriptors a delivery command was given, by number: what each one leads to.
    func descriptors(_ cli: Sandbox, listing name: String) throws -> [String: String] {
        let listing = try String(contentsOfFile: cli.path(name), encoding: .utf8)
        var found: [String: String] = [:]
        for line in listing.split(separator: "\n") {
            guard let arrow = line.range(of: " -> ") else { continue }
            found[line[..<arrow.lowerBound].split(separator: " ").last.map(String.init) ?? ""] = String(line[arrow.upperBound...])
        }
        return found
    }

    /// The command got its stdin and stderr pipes and our stderr (a pipe of the test, or
    /// /dev/null in place of a closed one): no socket, signalfd, inotify or database file. It
    /// ran once, was recorded as delivered, and what it printed reached no database.
    func expectDeliveredOnceAndCleanly(_ cli: Sandbox, _ run: RunResult, _ closing: String,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(run.status == 0, "\(closing): \(run.stderr)", sourceLocation: sourceLocation)
        let given = try descriptors(cli, listing: "fds.1.1")
        #expect(given.keys.sorted() == ["0", "1", "2"], "\(closing): \(given)", sourceLocation: sourceLocation)
        #expect(given.values.allSatisfy { $0.hasPrefix("pipe:") || $0 == "/dev/null" }, "\(closing): \(given)",
                sourceLocation: sourceLocation)
        #expect(try jq("[.[] | [.state, .attempts]]", cli.ok("push", "list", "--json")) == #"[["delivered",1]]"#,
                "\(closing)", sourceLocation: sourceLocation)
        #expect(try cli.query(cli.sql(sqlite: "SELECT count(*) FROM sqlite_master WHERE name = 'pwned'",
                                      postgres: "SELECT count(*) FROM pg_class WHERE relname = 'pwned'")) == "0",
                "\(closing): the command's output was run as SQL", sourceLocation: sourceLocation)
    }

    @Test(arguments: closings)
    func aDeliveryCommandIsGivenNothingOfOurs(closing: String) throws {
        let cli = try sandbox()
        let run = try cli.shell(#"exec "$BIN" push deliver --exec "$GATEWAY" "# + closing)
        try expectDeliveredOnceAndCleanly(cli, run, closing)
    }

    /// A follower holds a signalfd (and on SQLite an inotify descriptor) besides its database.
    @Test(arguments: closings)
    func aFollowingDeliveryCommandIsGivenNothingOfOurs(closing: String) throws {
        let cli = try sandbox()
        let run = try cli.shell(#""$BIN" push deliver --follow --exec "$GATEWAY" "# + closing + """
             &
            deliverer=$!
            tries=0
            while [ ! -e delivered ] && [ $tries -lt 3000 ]; do sleep 0.01; tries=$((tries + 1)); done
            kill -TERM $deliverer
            wait $deliverer
            """)
        try expectDeliveredOnceAndCleanly(cli, run, closing)
    }

    /// With stdout closed, what `thread read` prints goes nowhere (as into /dev/null), not into
    /// the database connection: the command then marks the thread read on that connection and exits 0.
    @Test func aClosedStdoutTakesTheOutputAndTheConnectionStaysSound() throws {
        let cli = Sandbox()
        try cli.seed()
        try cli.ok("--as", "alice", "message", "send", "summer-launch", "alice", "the parcel came")
        #expect(try jq("[.[] | .unread]", cli.ok("unread", "list", "--json")) == "[1]")
        for options in ["--no-mark-read", "--json --no-mark-read", "", "--json"] {
            let run = try cli.shell(#""$BIN" thread read summer-launch @alice "# + options + " 1>&-")
            #expect(run.status == 0, "thread read \(options): \(run.stderr)")
            #expect(run.stderr.isEmpty, "thread read \(options): \(run.stderr)")
        }
        #expect(try jq("length", cli.ok("unread", "list", "--json")) == "0", "marked read on a sound connection")
    }

    /// A closed stdin reads as an empty one, whatever the command opened before reading it.
    @Test func aClosedStdinIsEmpty() throws {
        let cli = Sandbox()
        try cli.seed()
        let closed = try cli.shell(#""$BIN" message send summer-launch --bulk - --template 'Hi {handle}' 0<&-"#)
        let empty = try cli.shell(#""$BIN" message send summer-launch --bulk - --template 'Hi {handle}' </dev/null"#)
        #expect(closed.status == empty.status && closed.status == 65, "\(closed.stderr)")
        #expect(closed.stderr == empty.stderr)
    }
}
