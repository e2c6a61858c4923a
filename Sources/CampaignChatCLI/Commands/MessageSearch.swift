import CampaignChat

/// `message search QUERY... [--campaign C] [--creator H] [--from brand|creator] [--limit N]`
enum MessageSearch {
    static let spec = CommandSpec(
        path: ["message", "search"],
        abstract: "Search every conversation's messages, best match first.",
        discussion: """
            Full-text search (SQLite FTS5, or PostgreSQL's). Words match whole words, all of them (several QUERY
            arguments are one search, joined by spaces: parcel waiting finds both words); "a phrase" in quotes
            matches it as a phrase; AND, OR, NOT, parentheses and prefix* work; tracking numbers and @handles are
            found as typed, and a tracking number pasted in groups or with dashes (1Z 999 AA1 ...) is also searched
            as one word. Any text is a search: a quote or parenthesis that does not pair is a character, a lone AND,
            OR or NOT is a word, and punctuation or emoji alone find nothing.
            A creator acting with --as searches only their own threads. Campaign Approval feedback is not searched.
            """,
        arguments: [ArgumentSpec(name: "QUERY", kind: .text, abstract: "What to look for: several words are one search.", repeating: true)],
        options: [
            OptionSpec(long: "campaign", valueName: "CAMPAIGN", kind: .campaign, abstract: "Only this campaign."),
            OptionSpec(long: "creator", valueName: "HANDLE", kind: .creator, abstract: "Only the thread of this creator."),
            OptionSpec(long: "from", valueName: "SIDE", kind: .text, choices: Side.allCases.map { $0.rawValue }, abstract: "Only messages from brand or creator."),
            OptionSpec(long: "limit", valueName: "N", kind: .number, abstract: "At most N messages (default 20)."),
        ]
    ) { invocation in
        let arguments = invocation.arguments
        let filter = MessageFilter(campaign: arguments.value("campaign"), creator: arguments.value("creator"),
                                   from: arguments.value("from").flatMap(Side.init))
        let hits = try invocation.service().search(arguments.arguments("QUERY").joined(separator: " "), filter: filter,
                                                   limit: try invocation.positiveNumber("limit") ?? 20)
        let output = invocation.output
        if output.json { return output.json(.array(hits.map { $0.message.json.adding([("shipment", $0.shipment?.json ?? .null)]) })) }
        if hits.isEmpty { return output.hint("No messages match.") }
        for hit in hits {
            let message = hit.message
            let sender = message.from == .brand ? "brand" : message.creator.description
            output.line("#\(message.id)  \(Terminal.shortTime(message.sentAt))  \(message.campaignSlug)  \(message.creator)  from \(sender)")
            let marked = Terminal.safe(hit.marked(start: "«", end: "»"))
            for line in marked.split(separator: "\n", omittingEmptySubsequences: false) { output.line("    " + line) }
        }
    }
}
