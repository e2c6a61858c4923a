import CampaignChat
import CampaignChatSystem

/// `unread list [CAMPAIGN]`
enum UnreadList {
    static let spec: CommandSpec = CommandSpec(
        path: ["unread", "list"],
        abstract: "Show your red dots: conversations with messages you have not read.",
        discussion: """
            As the brand: threads with creator messages the brand has not read. As a creator: their threads with unread brand messages.

            With --follow it stays, and prints a line each time a red dot lights up, changes or goes out, until Ctrl-C or SIGTERM (exit 0).
            \(Events.howFollowersWait)
            """,
        arguments: [Arguments.optionalCampaign.spec],
        options: [Self.follow.spec]
    ) { invocation in
        if invocation[Self.follow] { return try follow(invocation) }
        let entries = try invocation.service().unread(campaign: invocation[Arguments.optionalCampaign])
        let output = invocation.output
        if output.json { return output.json(.array(entries.map(\.json))) }
        if entries.isEmpty { return output.hint("Nothing unread.") }
        table(entries, to: output)
    }

    static let follow = Flag("follow", short: "f",
                             abstract: "Then print a line each time a red dot lights up, changes or goes out, until Ctrl-C or SIGTERM.")

    static func table(_ entries: [UnreadEntry], to output: Output) {
        output.table(["CAMPAIGN", "CREATOR", "UNREAD", "LAST", "MESSAGE"], entries.map { entry in
            [entry.campaignSlug, entry.creator.description, String(entry.unread),
             Terminal.shortTime(entry.lastMessage.sentAt), Terminal.preview(entry.lastMessage.body)]
        })
    }

    /// `unread list --follow`: the dots, then one flushed line per change. With --json, JSON Lines:
    /// an unread entry with `"red_dot": true` for each dot, then for each change, `"red_dot": false`
    /// (and `"unread": 0`, no last message) for a dot that went out.
    static func follow(_ invocation: Invocation) throws {
        let stop = try invocation.followerStop()
        let output = invocation.output
        try invocation.service().followUnread(campaign: invocation[Arguments.optionalCampaign], stop: stop, initial: { entries in
            if output.json {
                for entry in entries { output.json(entry.json.adding([("red_dot", .bool(true))])) }
            } else if entries.isEmpty {
                output.hint("Nothing unread. Waiting for changes (Ctrl-C to stop).")
            } else {
                table(entries, to: output)
            }
            try output.flushFollowing()
        }, changed: { key, entry in
            if output.json {
                output.json(entry.map { $0.json.adding([("red_dot", .bool(true))]) } ?? .object([
                    ("campaign", .string(key.campaignSlug)), ("creator", .string(key.creator.description)), ("unread", .int(0)),
                    ("last_message", .null), ("red_dot", .bool(false)),
                ]))
            } else if let entry {
                output.line(Terminal.safe("\(Terminal.shortTime(entry.lastMessage.sentAt))  \(entry.campaignSlug)  \(entry.creator)  "
                    + "red dot on, \(entry.unread) unread: ", keepNewlines: false) + Terminal.preview(entry.lastMessage.body))
            } else {
                output.line(Terminal.safe("\(Terminal.shortTime(Timestamp.now()))  \(key.campaignSlug)  \(key.creator)  red dot off",
                                          keepNewlines: false))
            }
            try output.flushFollowing()
        })
    }
}
