extension ChatService {
    /// Sends a message in the thread of `handle` in a campaign, creating the thread with the first message.
    ///
    /// As the brand it writes to the creator; as a creator, to the brand in
    /// their own thread. With `key`, a repeated send of the same body returns
    /// the original message (`replayed`); the same key with anything else is refused.
    public func send(campaign slug: String, handle rawHandle: String, body: String, key: String? = nil) throws -> SendResult {
        let handle = try Handle(parsing: rawHandle)
        try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        try TextRules.checkMessageBody(body)
        if let key { try Self.checkKey(key) }
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            let creator = try tx.requireCreator(handle)
            if let key, let existing = try tx.message(key: key) {
                let sameRequest = existing.message.campaignSlug == campaign.slug && existing.message.creator == handle
                    && existing.message.from == actor.side && existing.message.body == body
                guard sameRequest else { throw CampaignChatError.keyConflict(key: key) }
                return SendResult(message: existing.message, replayed: true)
            }
            try AcceptanceGate.requireActive(campaign)
            let status = try tx.membership(campaignID: campaign.id, creatorID: creator.id)?.status
            try AcceptanceGate.requireAccepted(status, campaign: campaign, creator: handle)
            let now = clock()
            let thread = try tx.thread(campaignID: campaign.id, creatorID: creator.id)
                ?? tx.insertThread(campaign: campaign, creator: creator, at: now)
            return SendResult(message: try tx.insertMessage(thread: thread, from: actor.side, body: body, key: key, at: now),
                              replayed: false)
        }
    }

    /// Idempotency keys are printable ASCII-free text of at most 200 characters.
    static func checkKey(_ key: String) throws(CampaignChatError) {
        if key.isEmpty || key.count > 200 || key.unicodeScalars.contains(where: TextRules.isTerminalControl) {
            throw .invalidValue("invalid key '\(TextRules.quotedForMessage(key))': use 1 to 200 printable characters")
        }
    }
}
