extension ChatService {
    /// Full-text search over message bodies, best match first. A creator searches only their own threads.
    public func search(_ text: String, filter: MessageFilter = MessageFilter(), limit: Int = 20) throws -> [SearchHit] {
        // One grammar for every engine, read here: the stores only render the tree.
        let expression = try SearchQuery(parsing: text).expression()
        return try store.read { tx in
            let scope = try scope(for: filter, in: tx)
            guard let expression else { return [] }  // no word to search for (`"`, `-`): nothing matches
            return try tx.searchMessages(expression, in: scope, limit: limit)
        }
    }

    /// Every message of the scope in id order, with its read state, one at a time:
    /// memory stays flat however long the history.
    public func export(filter: MessageFilter = MessageFilter(), each: (ExportedMessage) throws -> Void) throws {
        try store.read { tx in try tx.forEachMessage(in: try scope(for: filter, in: tx), each) }
    }

    /// Campaign Approval feedback on an accepted creator's content. Not chat: no thread,
    /// no red dot, no push notification.
    public func addFeedback(campaign slug: String, handle: Handle, text: String) throws -> Feedback {
        try ThreadAccess.requireBrand(actor, to: "give feedback")
        try TextRules.checkMessageBody(text)
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            try AcceptanceGate.requireActive(campaign)
            let creator = try tx.requireCreator(handle)
            try AcceptanceGate.requireAccepted(try tx.membershipStatus(campaignID: campaign.id, creatorID: creator.id),
                                               campaign: campaign, creator: handle)
            return try tx.insertFeedback(campaign: campaign, creator: creator, body: text, at: clock())
        }
    }

    /// A campaign's feedback, for one creator or all; a creator sees only their own.
    public func feedback(campaign slug: String, handle: Handle? = nil) throws -> [Feedback] {
        if let handle { try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle) }
        return try store.read { tx in
            let campaign = try tx.requireCampaign(slug)
            var creator = try handle.map { try tx.requireCreator($0) }
            if let actingCreator = try tx.actingCreator(actor) {
                let status = try tx.membershipStatus(campaignID: campaign.id, creatorID: actingCreator.id)
                try ThreadAccess.requireVisible(actor: actor, status: status, campaign: campaign, creator: actingCreator.handle)
                creator = actingCreator
            }
            return try tx.feedback(campaignID: campaign.id, creatorID: creator?.id)
        }
    }

    /// Resolves names to ids and narrows a creator actor to their own visible threads.
    private func scope(for filter: MessageFilter, in tx: any ChatReading) throws -> MessageScope {
        let handle = filter.creator
        if let handle { try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle) }
        let campaign = try filter.campaign.map { try tx.requireCampaign($0) }
        var scope = MessageScope(campaignID: campaign?.id, creatorID: try handle.map { try tx.requireCreator($0).id },
                                 from: filter.from, since: filter.since)
        if let actingCreator = try tx.actingCreator(actor) {
            scope.creatorID = actingCreator.id
            scope.onlyVisibleToCreator = true
        }
        return scope
    }
}
