import CampaignChat

/// `unread list [CAMPAIGN]`
enum UnreadList {
    static let spec = CommandSpec(
        path: ["unread", "list"],
        abstract: "Show your red dots: conversations with messages you have not read.",
        discussion: "As the brand: threads with creator messages the brand has not read. As a creator: their threads with unread brand messages.",
        arguments: [Arguments.optionalCampaign]
    ) { invocation in
        let entries = try invocation.service().unread(campaign: invocation.arguments.argument("CAMPAIGN"))
        let output = invocation.output
        if output.json { return output.json(.array(entries.map(\.json))) }
        if entries.isEmpty { return output.hint("Nothing unread.") }
        output.table(["CAMPAIGN", "CREATOR", "UNREAD", "LAST", "MESSAGE"], entries.map { entry in
            [entry.campaignSlug, entry.creator.description, String(entry.unread),
             Terminal.shortTime(entry.lastMessage.sentAt), Terminal.preview(entry.lastMessage.body)]
        })
    }
}
