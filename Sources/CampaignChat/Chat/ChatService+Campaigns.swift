extension ChatService {
    /// Creates a campaign; without `slug` one is derived from the name and made unique.
    public func createCampaign(name rawName: String, slug requestedSlug: String? = nil) throws -> Campaign {
        try ThreadAccess.requireBrand(actor, to: "create campaigns")
        let name = try TextRules.name(rawName, of: "campaign")
        let explicitSlug = try requestedSlug.map(Slug.parse)
        return try store.write { tx in
            let slug: String
            if let explicitSlug {
                if try tx.campaign(slug: explicitSlug) != nil {
                    throw CampaignChatError.alreadyExists("campaign '\(explicitSlug)'")
                }
                slug = explicitSlug
            } else {
                slug = try Slug.unique(Slug.derive(from: name)) { try tx.campaign(slug: $0) != nil }
            }
            return try tx.insertCampaign(slug: slug, name: name, at: clock())
        }
    }

    /// Active campaigns (all with `includeArchived`); a creator sees only their own.
    public func campaigns(includeArchived: Bool = false) throws -> [Campaign] {
        try store.read { tx in
            let member = try tx.actingCreator(actor)
            return try tx.campaigns(includeArchived: includeArchived, memberID: member?.id)
        }
    }

    /// A campaign with its groups and counts. A creator sees only campaigns they are
    /// in, and nothing of the other creators: no groups, only their own thread.
    public func campaignDetail(_ slug: String) throws -> CampaignDetail {
        try store.read { tx in
            let campaign = try tx.requireCampaign(slug)
            if let member = try tx.actingCreator(actor) {
                let status = try tx.membershipStatus(campaignID: campaign.id, creatorID: member.id)
                try ThreadAccess.requireVisible(actor: actor, status: status, campaign: campaign, creator: member.handle)
                let ownThreads = try tx.threadID(campaignID: campaign.id, creatorID: member.id) == nil ? 0 : 1
                return CampaignDetail(campaign: campaign, groups: [], threadCount: ownThreads)
            }
            return CampaignDetail(campaign: campaign, groups: try tx.groupSummaries(campaignID: campaign.id),
                                  threadCount: try tx.threadCount(campaignID: campaign.id))
        }
    }

    /// Archives a campaign: still readable, no new messages or invitations. Archiving twice changes nothing.
    /// The campaign, and whether this call archived it (archiving twice changes nothing).
    @discardableResult
    public func archiveCampaign(_ slug: String) throws -> (campaign: Campaign, archivedNow: Bool) {
        try ThreadAccess.requireBrand(actor, to: "archive campaigns")
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            if campaign.isArchived { return (campaign, false) }
            try tx.archiveCampaign(id: campaign.id, at: clock())
            try tx.appendEvent(EventRecord(kind: .campaignArchived, campaignID: campaign.id, creatorID: nil), at: clock())
            return (try tx.requireCampaign(slug), true)
        }
    }
}
