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
        arguments: [Self.query.spec],
        options: [Self.campaign.spec, Self.creator.spec, Options.from.spec, Self.limit.spec]
    ) { invocation in
        let filter = MessageFilter(campaign: invocation[Self.campaign], creator: invocation[Self.creator], from: invocation[Options.from])
        let hits = try invocation.service().search(invocation[Self.query].joined(separator: " "), filter: filter,
                                                   limit: invocation[Self.limit] ?? 20)
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

    static let query = RepeatingArgument("QUERY", Parse.text("QUERY"), abstract: "What to look for: several words are one search.")
    static let campaign = Option("campaign", Parse.campaign, abstract: "Only this campaign.")
    static let creator = Option("creator", Parse.handle, abstract: "Only the thread of this creator.")
    static let limit = Option("limit", Parse.positiveNumber, abstract: "At most N messages (default 20).")
}
