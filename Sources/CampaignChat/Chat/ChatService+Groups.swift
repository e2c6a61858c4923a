extension ChatService {
    /// Creates a Creator Group in an active campaign; names are unique per campaign, ignoring case.
    public func createGroup(campaign slug: String, name rawName: String) throws -> CreatorGroup {
        try ThreadAccess.requireBrand(actor, to: "create groups")
        let name = try TextRules.name(rawName, of: "group")
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            try AcceptanceGate.requireActive(campaign)
            if let existing = try tx.group(campaignID: campaign.id, name: name) {
                throw CampaignChatError.alreadyExists("group '\(existing.name)' in '\(campaign.slug)'")
            }
            return try tx.insertGroup(campaign: campaign, name: name, at: clock())
        }
    }

    /// The campaign's groups with member counts by status.
    public func groups(campaign slug: String) throws -> [GroupSummary] {
        try ThreadAccess.requireBrand(actor, to: "list groups")
        return try store.read { tx in try tx.groupSummaries(campaignID: tx.requireCampaign(slug).id) }
    }

    /// A group and its creators, with status, Favorite and red dot.
    public func groupMembers(campaign slug: String, group name: String) throws -> (group: CreatorGroup, members: [Member]) {
        try ThreadAccess.requireBrand(actor, to: "show groups")
        return try store.read { tx in
            let campaign = try tx.requireCampaign(slug)
            let group = try tx.requireGroup(name, in: campaign)
            return (group, try tx.members(campaignID: campaign.id, filter: MemberFilter(groupName: group.name)))
        }
    }
}
