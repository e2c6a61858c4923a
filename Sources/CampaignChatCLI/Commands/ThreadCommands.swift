import CampaignChat
import CampaignChatSystem

/// `thread list | read | mark-unread`
enum ThreadCommands {
    static let all = [list, read, markUnread, ThreadExport.spec]

    static let list = CommandSpec(
        path: ["thread", "list"],
        abstract: "List conversations, most recent first (a creator sees their own).",
        arguments: [Arguments.optionalCampaign.spec],
        options: [Self.unreadOnly.spec]
    ) { invocation in
        let service = try invocation.service()
        let threads = try service.threads(campaign: invocation[Arguments.optionalCampaign], unreadOnly: invocation[Self.unreadOnly])
        let side = service.actor.side
        let output = invocation.output
        if output.json { return output.json(.array(threads.map { $0.json(for: side) })) }
        if threads.isEmpty { return output.hint("No conversations.") }
        output.table(["CAMPAIGN", "CREATOR", "MESSAGES", "UNREAD", "LAST", "PREVIEW"], threads.map { thread in
            let unread = thread.unread(for: side)
            return [thread.campaignSlug, thread.creator.description, String(thread.messageCount), unread > 0 ? "● \(unread)" : "",
                    thread.lastMessage.map { Terminal.shortTime($0.sentAt) } ?? "",
                    thread.lastMessage.map { "\($0.from == .brand ? "brand" : $0.creator.description): " + Terminal.preview($0.body) } ?? ""]
        })
    }

    static let read: CommandSpec = CommandSpec(
        path: ["thread", "read"],
        abstract: "Print a conversation oldest first and mark it read for you.",
        discussion: """
            With --follow it stays, and prints each new message as soon as it is committed (one flushed line, or
            one JSON object a line with --json), until Ctrl-C or SIGTERM (exit 0). It marks read up to the newest
            message it has shown, when it shows the conversation and each time it shows a message from the other
            side: a thread mark-unread on your side stands until then. A conversation that has not started yet
            is waited for.

            \(Events.howFollowersWait)
            """,
        arguments: [Arguments.campaign.spec, Arguments.handle.spec],
        options: [Self.limit.spec, Self.noMarkRead.spec, Self.follow.spec]
    ) { invocation in
        let limit = invocation[Self.limit]
        let output = invocation.output
        if invocation[Self.follow] { return try follow(invocation, limit: limit) }
        // Nothing is written until the access checks passed and the first message arrived.
        let service = try invocation.service()
        var first = true
        let thread = try service.readThread(campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle],
                                            limit: limit, markRead: false) { message in
            if output.json {
                output.write(first ? "[" : ",")
                output.jsonFragment(message.json)
            } else {
                printMessage(message, to: output)
            }
            first = false
        }
        // The output is complete (valid JSON) before marking read, which may fail on a read-only database.
        if output.json { output.line(first ? "[]" : "]") }
        output.flush()
        if !invocation[Self.noMarkRead] { try service.markRead(thread) }
    }

    /// `thread read --follow`: the thread, then each message as it is committed, each flushed as
    /// it is printed, and marked read up to what was shown (JSON Lines with --json).
    static func follow(_ invocation: Invocation, limit: Int?) throws {
        let stop = try invocation.followerStop()
        let output = invocation.output
        try invocation.service().followThread(campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle],
                                              limit: limit, markRead: !invocation[Self.noMarkRead], stop: stop) { message in
            if output.json { output.json(message.json) } else { printMessage(message, to: output) }
            try output.flushFollowing()
        }
    }

    static let markUnread = CommandSpec(
        path: ["thread", "mark-unread"],
        abstract: "Bring the red dot back: the newest message from the other side becomes unread.",
        arguments: [Arguments.campaign.spec, Arguments.handle.spec]
    ) { invocation in
        let service = try invocation.service()
        let thread = try service.markUnread(campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle])
        if invocation.output.json { return invocation.output.json(thread.json(for: service.actor.side)) }
        invocation.output.confirm("Conversation with \(thread.creator) in \(thread.campaignSlug): \(thread.unread(for: service.actor.side)) unread.")
    }

    static let unreadOnly = Flag("unread", abstract: "Only conversations with messages you have not read.")
    static let limit = Option("limit", Parse.positiveNumber, abstract: "Only the last N messages.")
    static let noMarkRead = Flag("no-mark-read", abstract: "Leave the red dot as it is.")
    static let follow = Flag("follow", short: "f",
                             abstract: "Then print each new message as it arrives (JSON Lines with --json), until Ctrl-C or SIGTERM.")

    /// `2026-11-24 22:30  brand    Your parcel ships today`, continuation lines indented.
    static func printMessage(_ message: Message, to output: Output) {
        let sender = message.from == .brand ? "brand" : message.creator.description
        let prefix = "\(Terminal.shortTime(message.sentAt))  \(sender)"
        let indent = String(repeating: " ", count: 4)
        let lines = Terminal.safe(message.body).split(separator: "\n", omittingEmptySubsequences: false)
        output.line(prefix)
        for line in lines { output.line(indent + line) }
    }
}
