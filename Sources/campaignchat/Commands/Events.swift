import CampaignChat
import CampaignChatSystem
import Glibc

/// `events [--follow] [--campaign C] [--after CURSOR|now]`: the event log as JSON Lines.
enum Events {
    /// How every --follow command waits, for its help: the promise of no busy polling, and where it is not kept.
    static let howFollowersWait = """
        Following waits for changes without polling: inotify on an SQLite file and its -wal, LISTEN on
        PostgreSQL. Where inotify is not available (some network file systems, a full inotify limit) it
        looks once a second instead. It reads in short transactions and prints after each ended, so a
        reader that stops reading holds nothing open. It stops with exit 74 if the SQLite file is removed
        or replaced (or its path comes to lead to another file), and 69 if the PostgreSQL connection is
        lost. When its output is a pipe or socket whose reader goes away (| head -1), it ends at once,
        killed by SIGPIPE as its next write would be (exit 141).
        """

    static let spec = CommandSpec(
        path: ["events"],
        abstract: "Print the changes you may see as JSON Lines, from a cursor on; --follow keeps printing them as they happen.",
        discussion: """
            One JSON object a line per change: message_sent, thread_read and thread_unread (a red dot going
            out or coming back, for one side), membership_changed, campaign_archived, and, for the brand,
            notification_delivered and notification_failed. Each has a "cursor"; --after CURSOR starts right
            after it, so a consumer that restarts with its last cursor loses nothing and sees nothing twice
            (--after now: only what comes next). A --after cursor whose events were pruned (db prune-events),
            or one past the newest event (from another log: a database restored from a backup), is refused with
            exit 66. A creator acting with --as sees only their own threads and memberships, and of a campaign
            they were removed from only their own membership changes (the removal, a new invitation): their
            stream goes on, with --campaign too. With --follow, it prints each change as soon as it is
            committed, one flushed line at a time, until Ctrl-C or SIGTERM (exit 0).

            \(Events.howFollowersWait)
            """,
        options: [
            OptionSpec(long: "follow", short: "f", abstract: "Keep printing changes as they happen, until Ctrl-C or SIGTERM."),
            OptionSpec(long: "campaign", valueName: "CAMPAIGN", kind: .campaign, abstract: "Only this campaign's changes."),
            OptionSpec(long: "after", valueName: "CURSOR", kind: .number, abstract: "Start after this cursor, or 'now' (default: the oldest event kept)."),
        ]
    ) { invocation in
        let follow = invocation.arguments.flag("follow")
        let stop = follow ? try FollowerStop.install() : nil
        let service = try invocation.service()
        let after = switch try start(invocation) {
        case .oldest: try service.firstEventCursor()
        case .now: try service.latestEventCursor()
        case .after(let cursor): cursor
        }
        let output = invocation.output
        try service.followEvents(after: after,
                                 campaign: invocation.arguments.value("campaign"), follow: follow, stop: stop) { event in
            output.json(event.json)
            if follow { output.flush() }
        }
    }

    /// Where `--after` starts the stream.
    enum Start: Equatable {
        /// No `--after`: before the oldest event kept.
        case oldest
        /// `--after now`: after the newest event.
        case now
        /// `--after CURSOR` (any number, even the largest: a cursor past the newest event is refused).
        case after(Int64)
    }

    static func start(_ invocation: Invocation) throws -> Start {
        guard let text = invocation.arguments.value("after") else { return .oldest }
        if text == "now" { return .now }
        guard let cursor = Int64(text), cursor >= 0 else {
            throw UsageError(message: "Invalid value '\(TextRules.quotedForMessage(text))' for '--after': use a cursor (0 or more) or now",
                             path: invocation.command.path)
        }
        return .after(cursor)
    }
}

extension ChatEvent {
    var json: JSON {
        var fields: [(String, JSON)] = [
            ("cursor", .int(cursor)), ("event", .string(kind.rawValue)), ("at", .string(at.rfc3339)),
            ("campaign", .string(campaignSlug)), ("creator", .optional(creator?.description)),
        ]
        switch kind {
        case .messageSent:
            fields += [("message", message?.json ?? .null), ("marked_read", .bool(markedRead ?? false))]
        case .threadRead, .threadUnread:
            fields += [("side", .optional(side?.rawValue)), ("unread", unread.map(JSON.int) ?? .null), ("red_dot", .bool((unread ?? 0) > 0))]
        case .membershipChanged:
            fields += [("status", .optional(status?.rawValue)), ("previous_status", .optional(previousStatus?.rawValue))]
        case .campaignArchived:
            break
        case .notificationDelivered, .notificationFailed:
            fields += [("notification_id", notificationID.map(JSON.int) ?? .null), ("message_id", messageID.map(JSON.int) ?? .null),
                       ("attempts", attempts.map(JSON.int) ?? .null)]
        }
        return .object(fields)
    }
}
