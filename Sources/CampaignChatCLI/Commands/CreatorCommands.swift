import CampaignChat

/// `creator add | list | invite | accept | decline | remove | favorite`
enum CreatorCommands {
    static let all = [add, update, list, invite, statusChange(.accept), statusChange(.decline), statusChange(.remove), favorite]

    static let add = CommandSpec(
        path: ["creator", "add"],
        abstract: "Register a creator by handle.",
        discussion: "Handles are case-insensitive, 1 to 64 of a-z 0-9 . _ -; the @ is optional. No creator may take brand (--as brand is the brand).",
        arguments: [ArgumentSpec(name: "HANDLE", kind: .text, abstract: "The new creator's handle (@alice or alice).")],
        options: [OptionSpec(long: "name", valueName: "NAME", kind: .name, abstract: "The creator's display name."),
                  OptionSpec(long: "push-token", valueName: "TOKEN", kind: .text, abstract: "The device token their push notifications go to.")]
    ) { invocation in
        let creator = try invocation.service().addCreator(handle: invocation.argument("HANDLE"), name: invocation.arguments.value("name"),
                                                          pushToken: invocation.arguments.value("push-token"))
        if invocation.output.json { return invocation.output.json(creator.json) }
        invocation.output.confirm("Added creator \(creator.handle).")
    }

    static let update = CommandSpec(
        path: ["creator", "update"],
        abstract: "Change a creator's name or push token.",
        arguments: [ArgumentSpec(name: "HANDLE", kind: .creator, abstract: "The creator's handle (@alice or alice).")],
        options: [OptionSpec(long: "name", valueName: "NAME", kind: .name, abstract: "The new display name."),
                  OptionSpec(long: "push-token", valueName: "TOKEN", kind: .text, abstract: "The device token their push notifications go to."),
                  OptionSpec(long: "no-push-token", abstract: "Forget the device token: notifications are then recorded as no_device.")]
    ) { invocation in
        let arguments = invocation.arguments
        if arguments.value("push-token") != nil && arguments.flag("no-push-token") {
            throw UsageError(message: "Give --push-token or --no-push-token, not both", path: invocation.command.path)
        }
        let token: String?? = arguments.flag("no-push-token") ? .some(nil) : arguments.value("push-token").map { .some($0) }
        if arguments.value("name") == nil && token == nil {
            throw UsageError(message: "Nothing to change: give --name, --push-token or --no-push-token", path: invocation.command.path)
        }
        let creator = try invocation.service().updateCreator(handle: invocation.argument("HANDLE"), name: arguments.value("name"), pushToken: token)
        if invocation.output.json { return invocation.output.json(creator.json) }
        invocation.output.confirm("Updated creator \(creator.handle).")
    }

    static let list = CommandSpec(
        path: ["creator", "list"],
        abstract: "List registered creators, or the creators of a campaign.",
        arguments: [Arguments.optionalCampaign],
        options: [
            OptionSpec(long: "group", valueName: "GROUP", kind: .group, abstract: "Only creators in this group."),
            OptionSpec(long: "status", valueName: "STATUS", kind: .status, choices: MembershipStatus.allCases.map { $0.rawValue },
                       abstract: "Only creators with this status: invited, accepted, declined or removed."),
            OptionSpec(long: "favorite", abstract: "Only favorites."),
        ]
    ) { invocation in
        let arguments = invocation.arguments
        let output = invocation.output
        guard let campaign = arguments.argument("CAMPAIGN") else {
            if arguments.value("group") != nil || arguments.value("status") != nil || arguments.flag("favorite") {
                throw UsageError(message: "--group, --status and --favorite need a CAMPAIGN", path: invocation.command.path)
            }
            let creators = try invocation.service().creators()
            if output.json { return output.json(.array(creators.map(\.json))) }
            if creators.isEmpty { return output.hint("No creators. Add one with: campaignchat creator add HANDLE") }
            return output.table(["HANDLE", "NAME"], creators.map { [$0.handle.description, $0.name ?? ""] })
        }
        let filter = MemberFilter(groupName: arguments.value("group"), status: arguments.value("status").flatMap(MembershipStatus.init),
                                  favoritesOnly: arguments.flag("favorite"))
        let members = try invocation.service().members(campaign: campaign, filter: filter)
        if output.json { return output.json(.array(members.map(\.json))) }
        if members.isEmpty { return output.hint("No creators match.") }
        printMembers(members, to: output, showGroup: true)
    }

    static let invite = CommandSpec(
        path: ["creator", "invite"],
        abstract: "Invite creators into a group of a campaign (status: invited).",
        discussion: "A creator sits in at most one group per campaign. All or nothing: if one handle cannot be invited, nobody is.",
        arguments: [Arguments.campaign, Arguments.group,
                    ArgumentSpec(name: "HANDLE", kind: .creator, abstract: "Handles of registered creators.", repeating: true, anyCreator: true)]
    ) { invocation in
        let changes = try invocation.service().invite(campaign: invocation.argument("CAMPAIGN"), group: invocation.argument("GROUP"),
                                                      handles: invocation.arguments.arguments("HANDLE"))
        if invocation.output.json { return invocation.output.json(.array(changes.map(\.json))) }
        for change in changes {
            let member = change.member
            invocation.output.confirm(change.changed
                ? "Invited \(member.creator.handle) to \(member.campaignSlug) / \(member.groupName)."
                : "\(member.creator.handle) is already \(member.status.rawValue) in \(member.campaignSlug) / \(member.groupName).")
        }
    }

    static func statusChange(_ action: MembershipAction) -> CommandSpec {
        let abstract = switch action {
        case .accept: "Mark a creator as accepted: they can now chat (the brand or the creator)."
        case .decline: "Mark a creator as declined (the brand or the creator)."
        case .remove: "Remove a creator from the campaign's group; the history stays readable for the brand."
        case .invite: ""
        }
        return CommandSpec(path: ["creator", action.rawValue], abstract: abstract, arguments: [Arguments.campaign, Arguments.handle]) { invocation in
            let change = try invocation.service().changeStatus(action, campaign: invocation.argument("CAMPAIGN"), handle: invocation.argument("HANDLE"))
            if invocation.output.json { return invocation.output.json(change.json) }
            let member = change.member
            invocation.output.confirm(change.changed
                ? "\(member.creator.handle) is now \(member.status.rawValue) in \(member.campaignSlug)."
                : "\(member.creator.handle) was already \(member.status.rawValue) in \(member.campaignSlug).")
        }
    }

    static let favorite = CommandSpec(
        path: ["creator", "favorite"],
        abstract: "Mark an accepted creator as a favorite (or clear it with --off).",
        arguments: [Arguments.campaign, Arguments.handle],
        options: [OptionSpec(long: "off", abstract: "Clear the Favorite mark.")]
    ) { invocation in
        let on = !invocation.arguments.flag("off")
        let member = try invocation.service().setFavorite(campaign: invocation.argument("CAMPAIGN"), handle: invocation.argument("HANDLE"), on)
        if invocation.output.json { return invocation.output.json(member.json) }
        invocation.output.confirm(on ? "\(member.creator.handle) is a favorite in \(member.campaignSlug)."
                                     : "\(member.creator.handle) is no longer a favorite in \(member.campaignSlug).")
    }

    static func printMembers(_ members: [Member], to output: Output, showGroup: Bool) {
        let header = ["HANDLE", "NAME"] + (showGroup ? ["GROUP"] : []) + ["STATUS", "FAVORITE", "UNREAD"]
        output.table(header, members.map { member in
            [member.creator.handle.description, member.creator.name ?? ""] + (showGroup ? [member.groupName] : [])
                + [member.status.rawValue, member.favorite ? "★" : "", member.hasRedDot ? "● \(member.unreadByBrand)" : ""]
        })
    }
}
