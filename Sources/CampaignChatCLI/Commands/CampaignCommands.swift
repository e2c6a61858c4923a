import CampaignChat

/// `campaign create | list | show | archive`
enum CampaignCommands {
    static let all = [create, list, show, archive]

    static let create = CommandSpec(
        path: ["campaign", "create"],
        abstract: "Create a campaign and print its slug.",
        discussion: "Without --slug, the slug is derived from the name (\"Summer Launch\" becomes summer-launch) and made unique.",
        arguments: [Self.name.spec],
        options: [Self.slug.spec]
    ) { invocation in
        let campaign = try invocation.service().createCampaign(name: invocation[Self.name], slug: invocation[Self.slug])
        if invocation.output.json { invocation.output.json(campaign.json) } else { invocation.output.line(campaign.slug) }
    }

    static let list = CommandSpec(
        path: ["campaign", "list"],
        abstract: "List active campaigns (a creator sees their own).",
        options: [Self.includeArchived.spec]
    ) { invocation in
        let service = try invocation.service()
        let campaigns = try service.campaigns(includeArchived: invocation[Self.includeArchived])
        let output = invocation.output
        if output.json { return output.json(.array(campaigns.map(\.json))) }
        if campaigns.isEmpty {
            // Only the brand creates campaigns; a creator waits to be invited.
            return output.hint(service.actor == .brand ? "No campaigns. Create one with: campaignchat campaign create NAME"
                                                       : "No campaigns: \(service.actor) is in none.")
        }
        output.table(["SLUG", "NAME", "STATE", "CREATED"], campaigns.map { campaign in
            [campaign.slug, campaign.name, campaign.isArchived ? "archived" : "active", Terminal.shortTime(campaign.createdAt)]
        })
    }

    static let show = CommandSpec(
        path: ["campaign", "show"],
        abstract: "Show a campaign with its groups and member counts.",
        arguments: [Arguments.campaign.spec]
    ) { invocation in
        let service = try invocation.service()
        let detail = try service.campaignDetail(invocation[Arguments.campaign])
        let output = invocation.output
        let campaign = detail.campaign
        if output.json {
            return output.json(campaign.json.adding([("groups", .array(detail.groups.map(\.json))), ("counts", detail.counts.json),
                                                     ("threads", .int(detail.threadCount))]))
        }
        output.line(Terminal.safe("\(campaign.name) (\(campaign.slug))", keepNewlines: false))
        output.line("State:    " + (campaign.archivedAt.map { "archived \(Terminal.shortTime($0))" } ?? "active"))
        output.line("Created:  \(Terminal.shortTime(campaign.createdAt))")
        // A creator is not shown the others (their counts come back as zeros): no line for them.
        if service.actor == .brand { output.line("Creators: \(describe(detail.counts))") }
        output.line("Threads:  \(detail.threadCount)")
        if !detail.groups.isEmpty {
            output.line("")
            GroupCommands.printSummaries(detail.groups, to: output)
        }
    }

    static let archive = CommandSpec(
        path: ["campaign", "archive"],
        abstract: "Archive a campaign: readable, but no new messages or invitations.",
        arguments: [Arguments.campaign.spec]
    ) { invocation in
        let (campaign, archivedNow) = try invocation.service().archiveCampaign(invocation[Arguments.campaign])
        if invocation.output.json { return invocation.output.json(campaign.json) }
        invocation.output.confirm(archivedNow ? "Archived campaign \(campaign.slug)."
                                              : "Campaign \(campaign.slug) was already archived; nothing changed.")
    }

    static let name = Argument("NAME", Parse.text("NAME", .name), abstract: "The campaign's name.")
    static let slug = Option("slug", Parse.text("SLUG", .slug), abstract: "Use this slug (a-z, 0-9 and -).")
    static let includeArchived = Flag("all", abstract: "Include archived campaigns.")

    static func describe(_ counts: StatusCounts) -> String {
        MembershipStatus.allCases.map { "\(counts[$0]) \($0.rawValue)" }.joined(separator: ", ")
    }
}
