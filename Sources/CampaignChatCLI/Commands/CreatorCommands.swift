import CampaignChat

/// `creator add | list | invite | accept | decline | remove | favorite`
enum CreatorCommands {
    static let all = [add, update, list, invite, statusChange(.accept), statusChange(.decline), statusChange(.remove), favorite]

    static let add = CommandSpec(
        path: ["creator", "add"],
        abstract: "Register a creator by handle.",
        discussion: "Handles are case-insensitive, 1 to 64 of a-z 0-9 . _ -; the @ is optional. No creator may take brand (--as brand is the brand).",
        arguments: [Self.newHandle.spec],
        options: [Self.name.spec, Self.pushToken.spec]
    ) { invocation in
        let creator = try invocation.service().addCreator(handle: invocation[Self.newHandle], name: invocation[Self.name],
                                                          pushToken: invocation[Self.pushToken])
        if invocation.output.json { return invocation.output.json(creator.json) }
        invocation.output.confirm("Added creator \(creator.handle).")
    }

    static let update = CommandSpec(
        path: ["creator", "update"],
        abstract: "Change a creator's name or push token.",
        arguments: [Arguments.handle.spec],
        options: [Self.newName.spec, Self.pushToken.spec, Self.noPushToken.spec]
    ) { invocation in
        let name = invocation[Self.newName]
        if invocation[Self.pushToken] != nil && invocation[Self.noPushToken] {
            throw UsageError(message: "Give --push-token or --no-push-token, not both", path: invocation.command.path)
        }
        let token: String?? = invocation[Self.noPushToken] ? .some(nil) : invocation[Self.pushToken].map { .some($0) }
        if name == nil && token == nil {
            throw UsageError(message: "Nothing to change: give --name, --push-token or --no-push-token", path: invocation.command.path)
        }
        let creator = try invocation.service().updateCreator(handle: invocation[Arguments.handle], name: name, pushToken: token)
        if invocation.output.json { return invocation.output.json(creator.json) }
        invocation.output.confirm("Updated creator \(creator.handle).")
    }

    static let list = CommandSpec(
        path: ["creator", "list"],
        abstract: "List registered creators, or the creators of a campaign.",
        arguments: [Arguments.optionalCampaign.spec],
        options: [Self.group.spec, Self.status.spec, Self.favoritesOnly.spec]
    ) { invocation in
        let output = invocation.output
        guard let campaign = invocation[Arguments.optionalCampaign] else {
            if invocation[Self.group] != nil || invocation[Self.status] != nil || invocation[Self.favoritesOnly] {
                throw UsageError(message: "--group, --status and --favorite need a CAMPAIGN", path: invocation.command.path)
            }
            let creators = try invocation.service().creators()
            if output.json { return output.json(.array(creators.map(\.json))) }
            if creators.isEmpty { return output.hint("No creators. Add one with: campaignchat creator add HANDLE") }
            return output.table(["HANDLE", "NAME"], creators.map { [$0.handle.description, $0.name ?? ""] })
        }
        let filter = MemberFilter(groupName: invocation[Self.group], status: invocation[Self.status], favoritesOnly: invocation[Self.favoritesOnly])
        let members = try invocation.service().members(campaign: campaign, filter: filter)
        if output.json { return output.json(.array(members.map(\.json))) }
        if members.isEmpty { return output.hint("No creators match.") }
        printMembers(members, to: output, showGroup: true)
    }

    static let invite = CommandSpec(
        path: ["creator", "invite"],
        abstract: "Invite creators into a group of a campaign (status: invited).",
        discussion: "A creator sits in at most one group per campaign. All or nothing: if one handle cannot be invited, nobody is.",
        arguments: [Arguments.campaign.spec, Arguments.group.spec, Self.handles.spec]
    ) { invocation in
        let changes = try invocation.service().invite(campaign: invocation[Arguments.campaign], group: invocation[Arguments.group],
                                                      handles: invocation[Self.handles])
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
        return CommandSpec(path: ["creator", action.rawValue], abstract: abstract, arguments: [Arguments.campaign.spec, Arguments.handle.spec]) { invocation in
            let change = try invocation.service().changeStatus(action, campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle])
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
        arguments: [Arguments.campaign.spec, Arguments.handle.spec],
        options: [Self.off.spec]
    ) { invocation in
        let on = !invocation[Self.off]
        let member = try invocation.service().setFavorite(campaign: invocation[Arguments.campaign], handle: invocation[Arguments.handle], on)
        if invocation.output.json { return invocation.output.json(member.json) }
        invocation.output.confirm(on ? "\(member.creator.handle) is a favorite in \(member.campaignSlug)."
                                     : "\(member.creator.handle) is no longer a favorite in \(member.campaignSlug).")
    }

    static let newHandle = Argument("HANDLE", Parse.newHandle, abstract: "The new creator's handle (@alice or alice).")
    static let name = Option("name", Parse.text("NAME", .name), abstract: "The creator's display name.")
    static let newName = Option("name", Parse.text("NAME", .name), abstract: "The new display name.")
    static let pushToken = Option("push-token", Parse.text("TOKEN"), abstract: "The device token their push notifications go to.")
    static let noPushToken = Flag("no-push-token", abstract: "Forget the device token: notifications are then recorded as no_device.")
    static let group = Option("group", Parse.text("GROUP", .group), abstract: "Only creators in this group.")
    static let status = Option("status", Parse.choice(MembershipStatus.self, "STATUS", .status),
                               abstract: "Only creators with this status: invited, accepted, declined or removed.")
    static let favoritesOnly = Flag("favorite", abstract: "Only favorites.")
    static let handles = RepeatingArgument("HANDLE", Parse.handle, anyCreator: true, abstract: "Handles of registered creators.")
    static let off = Flag("off", abstract: "Clear the Favorite mark.")

    static func printMembers(_ members: [Member], to output: Output, showGroup: Bool) {
        let header = ["HANDLE", "NAME"] + (showGroup ? ["GROUP"] : []) + ["STATUS", "FAVORITE", "UNREAD"]
        output.table(header, members.map { member in
            [member.creator.handle.description, member.creator.name ?? ""] + (showGroup ? [member.groupName] : [])
                + [member.status.rawValue, member.favorite ? "★" : "", member.hasRedDot ? "● \(member.unreadByBrand)" : ""]
        })
    }
}
