/// Every command of campaignchat, in the order help lists them. The parser,
/// `--help`, completions and the man page all read this table.
package struct CommandTable: Sendable {
    let groups: [CommandGroupSpec]
    let sections: [CommandSection]

    package static let main = CommandTable(
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
        sections: [
            CommandSection(word: "campaign") { CampaignCommands.all },
            CommandSection(word: "group") { GroupCommands.all },
            CommandSection(word: "creator") { CreatorCommands.all },
            CommandSection(word: "message") { [MessageSend.spec, MessageSearch.spec] },
            CommandSection(word: "thread") { ThreadCommands.all },
            CommandSection(word: "unread") { [UnreadList.spec] },
            CommandSection(word: "feedback") { FeedbackCommands.all },
            CommandSection(word: "push") { PushCommands.all },
            CommandSection(word: "tracking") { [TrackingCheck.spec] },
            CommandSection(word: "shipment") { ShipmentCommands.all },
            CommandSection(word: "events") { [Events.spec] },
            CommandSection(word: "db") { DatabaseCommands.all },
            CommandSection(word: "demo") { [Demo.spec] },
            CommandSection(word: "completions") { [ShellCommands.completions] },
            CommandSection(word: "__complete") { [ShellCommands.complete] },
        ]
    )

    /// Every command, in table order (builds every section).
    package var commands: [CommandSpec] { sections.flatMap { $0.specs } }

    func command(_ path: [String]) -> CommandSpec? {
        section(path)?.specs.first { $0.path == path }
    }

    /// Whether `path` names a group of commands (or the root, for an empty path).
    package func isGroup(_ path: [String]) -> Bool {
        guard let section = section(path) else { return path.isEmpty }
        let specs = section.specs
        return !specs.contains { $0.path == path } && specs.contains { $0.path.starts(with: path) && $0.path.count > path.count }
    }

    private func section(_ path: [String]) -> CommandSection? {
        guard let word = path.first else { return nil }
        return sections.first { $0.word == word }
    }

    /// The next words after `path`, with their abstracts, in table order.
    package func subcommands(of path: [String]) -> [(word: String, abstract: String)] {
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

/// The commands whose first word is `word`, built only when asked for: a run builds the specs
/// of its own first word, where building all of them cost every run of every command about
/// 300,000 instructions (10% of a `message send`); help, completions and the man page build all.
struct CommandSection: Sendable {
    let word: String
    let build: @Sendable () -> [CommandSpec]

    init(word: String, _ build: @escaping @Sendable () -> [CommandSpec]) {
        self.word = word
        self.build = build
    }

    var specs: [CommandSpec] {
        let specs = build()
        precondition(specs.allSatisfy { $0.path.first == word }, "a command outside its section '\(word)'")
        return specs
    }
}
