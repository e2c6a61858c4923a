import CampaignChat
import CampaignChatStorage
import Glibc

/// `db copy --to URL|PATH`: the whole database into an empty other one, of either engine.
enum DatabaseCopy {
    static let spec = CommandSpec(
        path: ["db", "copy"],
        abstract: "Copy the whole database into an empty one, SQLite or PostgreSQL, with the same ids.",
        discussion: """
            Copies the database of --db (or CAMPAIGNCHAT_DB), which must exist (else exit status 66), into the
            database --to names, which is created when missing and must be empty: campaigns, groups, creators, memberships, threads with their read
            positions, messages with their ids, times and keys, feedback, the push outbox, shipments and the
            event log. The source is read in one snapshot (writes committed meanwhile are not in the copy) and
            the target written in one transaction: an interrupted copy leaves it empty. A target that is not
            empty, or is the source itself, is refused with exit status 73. Progress goes to stderr when it is
            a terminal.
            """,
        options: [Self.target.spec]
    ) { invocation in
        let target = invocation[Self.target]
        let source = try invocation.databaseLocation()
        let busyTimeout = try invocation.busyTimeout()
        // A mistyped --db is not an empty history to copy: 66, with nothing created. (An older schema is
        // still upgraded when the copy opens it.)
        try ThreadAccess.requireBrand(try invocation.actingAs(), to: "copy the database")
        try requireExistingDatabase(at: source, busyTimeout: busyTimeout)
        let progress = ProgressLine(enabled: isatty(2) != 0 && !invocation.output.quiet)
        defer { progress.clear() }
        let options = CopyOptions(sourceName: source.displayName, targetName: target.displayName,
                                  progress: progress.show, isInterrupted: Interrupt.catchSIGINT())
        let summary = try invocation.service().copy(into: { try openChatStore(at: target, options: StoreOptions(busyTimeout: busyTimeout)) },
                                                    options: options)
        progress.clear()
        if invocation.output.json {
            return invocation.output.json(.object([
                ("from", .string(source.displayName)), ("to", .string(target.displayName)),
                ("counts", .object(summary.counts.map { ($0.label, .int($0.count)) })),
                ("events_pruned_before", .int(summary.eventsPrunedBefore)),
            ]))
        }
        let counts = summary.counts.map { "\($0.label): \(ProgressLine.grouped($0.count))" }.joined(separator: ", ")
        invocation.output.confirm("Copied '\(source.displayName)' into '\(target.displayName)' (\(counts)).")
    }

    static let target = RequiredOption("to", DatabaseLocation.parser,
                                       abstract: "The empty database to copy into: a file path, or a postgresql:// URL or key=value string.")
}

/// One line on stderr, rewritten in place (`copying messages: 450,000 of 1,000,000`), for a
/// person watching a terminal; nothing at all when stderr is not one.
final class ProgressLine {
    let enabled: Bool
    private var shown = false
    private var lastShown: UInt64 = 0

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Shows where the copy is, at most ten times a second, and always at a table's end.
    func show(_ progress: CopyProgress) {
        guard enabled else { return }
        let now = Self.milliseconds()
        guard progress.copied == progress.total || now >= lastShown + 100 else { return }
        lastShown = now
        shown = true
        let text = "copying \(progress.label): \(Self.grouped(progress.copied)) of \(Self.grouped(progress.total))"
        Self.write("\r" + text + "\u{1B}[K")
    }

    /// Removes the line, before a summary or an error takes its place.
    func clear() {
        guard shown else { return }
        shown = false
        Self.write("\r\u{1B}[K")
    }

    /// `1000000` as `1,000,000`.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number.magnitude))
        var text = number < 0 ? "-" : ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    private static func milliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000 + UInt64(time.tv_nsec) / 1_000_000
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}
