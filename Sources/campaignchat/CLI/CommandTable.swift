/// Every command of campaignchat, in the order help lists them. The parser,
/// `--help` and (later) completions and the man page all read this table.
struct CommandTable: Sendable {
    let groups: [CommandGroupSpec]
    let commands: [CommandSpec]

    static let main = CommandTable(
        groups: [
            CommandGroupSpec(name: "campaign", abstract: "Create, list, show and archive campaigns."),
            CommandGroupSpec(name: "group", abstract: "Create and inspect the Creator Groups of a campaign."),
            CommandGroupSpec(name: "creator", abstract: "Register creators, invite them and manage their status."),
            CommandGroupSpec(name: "message", abstract: "Send messages to accepted creators (or, as a creator, to the brand)."),
            CommandGroupSpec(name: "thread", abstract: "List and read conversations, and mark them unread."),
            CommandGroupSpec(name: "unread", abstract: "Show the red dots: conversations with unread messages."),
            CommandGroupSpec(name: "push", abstract: "The push notifications for creators: list, deliver through your command, retry."),
            CommandGroupSpec(name: "feedback", abstract: "Campaign Approval feedback on creators' content, kept apart from chat."),
            CommandGroupSpec(name: "tracking", abstract: "Courier tracking numbers: recognise the carrier, verify the check digit."),
            CommandGroupSpec(name: "shipment", abstract: "The parcels whose tracking numbers went out in messages, and their status."),
            CommandGroupSpec(name: "db", abstract: "The database itself: inspect, check, back up, migrate and copy it, prune the event log."),
        ],
        commands: CampaignCommands.all + GroupCommands.all + CreatorCommands.all
            + [MessageSend.spec, MessageSearch.spec] + ThreadCommands.all + [UnreadList.spec]
            + FeedbackCommands.all
            + PushCommands.all
            + [TrackingCheck.spec] + ShipmentCommands.all
            + [Events.spec]
            + DatabaseCommands.all
            + [Demo.spec]
            + ShellCommands.all
    )

    func command(_ path: [String]) -> CommandSpec? {
        commands.first { $0.path == path }
    }

    /// Whether `path` names a group of commands (or the root, for an empty path).
    func isGroup(_ path: [String]) -> Bool {
        path.isEmpty || (command(path) == nil && commands.contains { $0.path.starts(with: path) && $0.path.count > path.count })
    }

    /// The next words after `path`, with their abstracts, in table order.
    func subcommands(of path: [String]) -> [(word: String, abstract: String)] {
        var seen: Set<String> = []
        var result: [(word: String, abstract: String)] = []
        for command in commands where !command.hidden && command.path.count > path.count && command.path.starts(with: path) {
            let word = command.path[path.count]
            guard seen.insert(word).inserted else { continue }
            let next = path + [word]
            let abstract = self.command(next)?.abstract ?? groups.first { [$0.name] == next }?.abstract ?? ""
            result.append((word, abstract))
        }
        return result
    }
}
