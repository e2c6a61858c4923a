extension ChatService {
    /// Registers a creator by handle, with the device token their push notifications go to.
    public func addCreator(handle: Handle, name rawName: String? = nil, pushToken rawToken: String? = nil) throws -> Creator {
        try ThreadAccess.requireBrand(actor, to: "add creators")
        if handle.value == Actor.brandWord {
            throw CampaignChatError.invalidValue("the handle '\(Actor.brandWord)' is reserved: --as \(Actor.brandWord) acts as the brand")
        }
        let name = try rawName.map { try TextRules.name($0, of: "creator") }
        let token = try rawToken.map(PushRules.token)
        return try store.write { tx in
            if try tx.creator(handle: handle) != nil { throw CampaignChatError.alreadyExists("creator \(handle)") }
            let creator = try tx.insertCreator(handle: handle, name: name, at: clock())
            if let token { try tx.updateCreator(id: creator.id, name: nil, pushToken: .some(token)) }
            return try tx.requireCreator(handle)
        }
    }

    /// Changes a creator's name or push token; `.some(nil)` clears the token.
    public func updateCreator(handle: Handle, name rawName: String? = nil, pushToken rawToken: String?? = nil) throws -> Creator {
        try ThreadAccess.requireBrand(actor, to: "update creators")
        let name = try rawName.map { try TextRules.name($0, of: "creator") }
        let token: String?? = try rawToken.map { try $0.map(PushRules.token) }
        return try store.write { tx in
            let creator = try tx.requireCreator(handle)
            try tx.updateCreator(id: creator.id, name: name.map { .some($0) }, pushToken: token)
            return try tx.requireCreator(handle)
        }
    }

    /// Every registered creator, by handle.
    public func creators() throws -> [Creator] {
        try ThreadAccess.requireBrand(actor, to: "list creators")
        return try store.read { tx in try tx.creators() }
    }

    /// The creators of a campaign that pass `filter`.
    public func members(campaign slug: String, filter: MemberFilter = MemberFilter()) throws -> [Member] {
        try ThreadAccess.requireBrand(actor, to: "list a campaign's creators")
        return try store.read { tx in
            let campaign = try tx.requireCampaign(slug)
            if let name = filter.groupName { _ = try tx.requireGroup(name, in: campaign) }
            return try tx.members(campaignID: campaign.id, filter: filter)
        }
    }

    /// Invites creators into a group. All or none: one unknown handle or a creator
    /// already in another group of the campaign invites nobody.
    public func invite(campaign slug: String, group name: String, handles: [Handle]) throws -> [MembershipChange] {
        try ThreadAccess.requireBrand(actor, to: "invite creators")
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            try AcceptanceGate.requireActive(campaign)
            let group = try tx.requireGroup(name, in: campaign)
            var changes: [MembershipChange] = []
            for handle in handles {
                let creator = try tx.requireCreator(handle)
                let current = try tx.membership(campaignID: campaign.id, creatorID: creator.id)
                // Invited and accepted creators stay in their group; declined and removed ones may be invited anew anywhere.
                if let current, current.groupID != group.id, current.status == .invited || current.status == .accepted {
                    throw CampaignChatError.alreadyExists("\(handle) in group '\(current.groupName)' of '\(campaign.slug)'")
                }
                let status = try MembershipAction.invite.apply(to: current?.status, campaign: campaign, creator: handle)
                if status != current?.status || current?.groupID != group.id {
                    try setMembership(in: tx, campaign: campaign, creator: creator, groupID: group.id, status: status, previous: current?.status)
                }
                changes.append(MembershipChange(member: try tx.member(campaignID: campaign.id, creatorID: creator.id)!,
                                                previousStatus: current?.status))
            }
            return changes
        }
    }

    /// Accept or decline (by the brand or the creator themselves) or remove (brand only) a creator.
    public func changeStatus(_ action: MembershipAction, campaign slug: String, handle: Handle) throws -> MembershipChange {
        switch action {
        case .accept, .decline: try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        case .invite, .remove: try ThreadAccess.requireBrand(actor, to: "\(action.rawValue) creators")
        }
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            try AcceptanceGate.requireActive(campaign)
            let creator = try tx.requireCreator(handle)
            guard let current = try tx.membership(campaignID: campaign.id, creatorID: creator.id) else {
                throw CampaignChatError.notInvited(campaign: campaign.slug, creator: handle, action: action.rawValue)
            }
            let status = try action.apply(to: current.status, campaign: campaign, creator: handle)
            if status != current.status {
                try setMembership(in: tx, campaign: campaign, creator: creator, groupID: current.groupID, status: status, previous: current.status)
            }
            return MembershipChange(member: try tx.member(campaignID: campaign.id, creatorID: creator.id)!,
                                    previousStatus: current.status)
        }
    }

    /// A membership's new status (and group), with its event. Favorite is an action under
    /// accepted creators: one who leaves that status is no favorite any more.
    private func setMembership(in tx: any ChatWriting, campaign: Campaign, creator: Creator, groupID: Int64,
                               status: MembershipStatus, previous: MembershipStatus?) throws {
        try tx.setMembership(campaignID: campaign.id, creatorID: creator.id, groupID: groupID, status: status, at: clock())
        if status != .accepted { try tx.setFavorite(campaignID: campaign.id, creatorID: creator.id, favorite: false, at: clock()) }
        try tx.appendEvent(EventRecord(kind: .membershipChanged, campaignID: campaign.id, creatorID: creator.id,
                                       status: status, previousStatus: previous), at: clock())
    }

    /// Sets or clears the Favorite flag; only an accepted creator can be made a favorite.
    public func setFavorite(campaign slug: String, handle: Handle, _ favorite: Bool) throws -> Member {
        try ThreadAccess.requireBrand(actor, to: "mark favorites")
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            try AcceptanceGate.requireActive(campaign)
            let creator = try tx.requireCreator(handle)
            let status = try tx.membership(campaignID: campaign.id, creatorID: creator.id)?.status
            if favorite, let status, status != .accepted {
                // The Favorite action sits under accepted creators only.
                throw CampaignChatError.statusConflict(campaign: campaign.slug, creator: handle, status: status, action: "mark as favorite")
            } else if status == nil {
                throw CampaignChatError.notInvited(campaign: campaign.slug, creator: handle, action: favorite ? "mark as favorite" : "unmark as favorite")
            }
            try tx.setFavorite(campaignID: campaign.id, creatorID: creator.id, favorite: favorite, at: clock())
            return try tx.member(campaignID: campaign.id, creatorID: creator.id)!
        }
    }
}
