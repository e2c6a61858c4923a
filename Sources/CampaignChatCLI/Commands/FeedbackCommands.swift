import CampaignChat

/// `feedback add | list`: Campaign Approval feedback, kept apart from chat.
enum FeedbackCommands {
    static let all = [add, list]

    static let add = CommandSpec(
        path: ["feedback", "add"],
        abstract: "Give Campaign Approval feedback on an accepted creator's content (not a chat message).",
        discussion: "Feedback never appears in threads, red dots, message search or push notifications.",
        arguments: [Arguments.campaign.spec, Arguments.handle.spec, Self.text.spec]
    ) { invocation in
        let feedback = try invocation.service().addFeedback(campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle],
                                                            text: invocation[Self.text])
        if invocation.output.json { return invocation.output.json(feedback.json) }
        invocation.output.confirm("Recorded feedback \(feedback.id) for \(feedback.creator) in \(feedback.campaignSlug).")
    }

    static let list = CommandSpec(
        path: ["feedback", "list"],
        abstract: "List a campaign's feedback, oldest first (a creator sees their own).",
        arguments: [Arguments.campaign.spec, Self.onlyCreator.spec]
    ) { invocation in
        let items = try invocation.service().feedback(campaign: invocation[Arguments.campaign], handle: invocation[Self.onlyCreator])
        let output = invocation.output
        if output.json { return output.json(.array(items.map(\.json))) }
        if items.isEmpty { return output.hint("No feedback.") }
        for item in items {
            output.line("#\(item.id)  \(Terminal.shortTime(item.createdAt))  \(item.creator)")
            for line in Terminal.safe(item.body).split(separator: "\n", omittingEmptySubsequences: false) { output.line("    " + line) }
        }
    }

    static let text = Argument("TEXT", Parse.text("TEXT"), abstract: "The feedback.")
    static let onlyCreator = OptionalArgument("HANDLE", Parse.handle, abstract: "Only this creator's feedback.")
}

extension Feedback {
    var json: JSON {
        .object([("id", .int(id)), ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
                 ("body", .string(body)), ("created_at", .string(createdAt.rfc3339))])
    }
}
