import CampaignChat

/// `group create | list | show`
enum GroupCommands {
    static let all = [create, list, show]

    static let create = CommandSpec(
        path: ["group", "create"],
        abstract: "Create a Creator Group in a campaign.",
        arguments: [Arguments.campaign.spec, Self.name.spec]
    ) { invocation in
        let group = try invocation.service().createGroup(campaign: invocation[Arguments.campaign], name: invocation[Self.name])
        if invocation.output.json { return invocation.output.json(group.json) }
        invocation.output.confirm("Created group '\(group.name)' in \(group.campaignSlug).")
    }

    static let list = CommandSpec(
        path: ["group", "list"],
        abstract: "List a campaign's groups with member counts by status.",
        arguments: [Arguments.campaign.spec]
    ) { invocation in
        let groups = try invocation.service().groups(campaign: invocation[Arguments.campaign])
        let output = invocation.output
        if output.json { return output.json(.array(groups.map(\.json))) }
        if groups.isEmpty { return output.hint("No groups. Create one with: campaignchat group create CAMPAIGN GROUP") }
        printSummaries(groups, to: output)
    }

    static let show = CommandSpec(
        path: ["group", "show"],
        abstract: "Show a group's creators: handle, name, status, favorite and red dot.",
        arguments: [Arguments.campaign.spec, Arguments.group.spec]
    ) { invocation in
        let (group, members) = try invocation.service().groupMembers(campaign: invocation[Arguments.campaign], group: invocation[Arguments.group])
        let output = invocation.output
        if output.json {
            return output.json(group.json.adding([("creators", .array(members.map(\.json)))]))
        }
        output.line(Terminal.safe("\(group.name) (\(group.campaignSlug))", keepNewlines: false))
        if members.isEmpty { return output.hint("No creators. Invite some with: campaignchat creator invite CAMPAIGN GROUP HANDLE...") }
        CreatorCommands.printMembers(members, to: output, showGroup: false)
    }

    static let name = Argument("GROUP", Parse.text("NAME", .name), abstract: "The new group's name.")

    static func printSummaries(_ groups: [GroupSummary], to output: Output) {
        output.table(["GROUP", "INVITED", "ACCEPTED", "DECLINED", "REMOVED"], groups.map { summary in
            [summary.group.name] + MembershipStatus.allCases.map { String(summary.counts[$0]) }
        })
    }
}
