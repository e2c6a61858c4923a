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
        killed by SIGPIPE as its next write would be (exit 141). A reader that stops reading does not
        keep Ctrl-C or SIGTERM from ending it (exit 0): it then writes only what its output takes at
        once, each line of up to 4 KiB in one write, so only a longer line can be cut.
        """

    static let spec = CommandSpec(
        path: ["events"],
        abstract: "Print the changes you may see as JSON Lines, from a cursor on; --follow keeps printing them as they happen.",
        discussion: """
            One JSON object a line per change: message_sent, thread_read and thread_unread (a red dot going
            out or coming back, for one side), membership_changed, campaign_archived, shipment_status_changed
            (shipment update, shipment mark), and, for the brand, notification_delivered and notification_failed. Each has a "cursor"; --after CURSOR starts right
            after it, so a consumer that restarts with its last cursor loses nothing and sees nothing twice
            (--after now: only what comes next). A --after cursor whose events were pruned (db prune-events),
            or one past the newest event (from another log: a database restored from a backup), is refused with
            exit 66. A creator acting with --as sees only their own threads and memberships, and of a campaign
            they were removed from only their own membership changes (the removal, a new invitation): their
            stream goes on, with --campaign too. With --follow, it prints each change as soon as it is
            committed, one flushed line at a time, until Ctrl-C or SIGTERM (exit 0).

            \(Events.howFollowersWait)
            """,
        options: [Self.follow.spec, Self.campaign.spec, Self.after.spec]
    ) { invocation in
        let follow = invocation[Self.follow]
        let stop = follow ? try invocation.followerStop() : nil
        let service = try invocation.service()
        let after = switch invocation[Self.after] {
        case nil: try service.firstEventCursor()
        case .now?: try service.latestEventCursor()
        case .after(let cursor)?: cursor
        }
        let output = invocation.output
        try service.followEvents(after: after,
                                 campaign: invocation[Self.campaign], follow: follow, stop: stop) { event in
            output.json(event.json)
            if follow { try output.flushFollowing() }
        }
    }

    /// Where `--after` starts the stream (without it: before the oldest event kept).
    enum Start: Equatable {
        /// `--after now`: after the newest event.
        case now
        /// `--after CURSOR` (any number, even the largest: a cursor past the newest event is refused).
        case after(Int64)
    }

    static let follow = Flag("follow", short: "f", abstract: "Keep printing changes as they happen, until Ctrl-C or SIGTERM.")
    static let campaign = Option("campaign", Parse.campaign, abstract: "Only this campaign's changes.")
    static let after = Option("after", ValueParser<Start>(valueName: "CURSOR", kind: .number) { text in
        if text == "now" { return .now }
        guard let cursor = Int64(text), cursor >= 0 else { throw InvalidValue.expected("use a cursor (0 or more) or now") }
        return .after(cursor)
    }, abstract: "Start after this cursor, or 'now' (default: the oldest event kept).")
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
        case .shipmentStatusChanged:
            fields += [("tracking_number", .optional(shipment?.number)), ("carrier", .optional(shipment?.carrierID)),
                       ("carrier_name", .optional(shipment?.carrierName)), ("status", .optional(shipment?.status.rawValue)),
                       ("previous_status", .optional(shipment?.previousStatus.rawValue)), ("status_at", .optional(shipment?.statusAt.rfc3339))]
        }
        return .object(fields)
    }
}
