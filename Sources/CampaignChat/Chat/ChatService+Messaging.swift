extension ChatService {
    /// Sends a message in the thread of `handle` in a campaign, creating the thread with the first message.
    ///
    /// As the brand it writes to the creator; as a creator, to the brand in
    /// their own thread. With `key`, a repeated send of the same body returns
    /// the original message (`replayed`); the same key with another body is refused.
    /// Keys are scoped to one side of one thread. Sending marks the thread read for
    /// the sender's side, in the same transaction: a reply clears the sender's red dot.
    public func send(campaign slug: String, handle rawHandle: String, body: String, key: String? = nil) throws -> SendResult {
        let handle = try Handle(parsing: rawHandle)
        try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        try TextRules.checkMessageBody(body)
        if let key { try TextRules.checkKey(key) }
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            return try send(in: tx, campaign: campaign, creator: tx.requireCreator(handle), body: body, key: key)
        }
    }

    /// The writes of one send, inside the caller's write transaction, after `checkSend`.
    func send(in tx: any ChatWriting, campaign: Campaign, creator: Creator, body: String, key: String?) throws -> SendResult {
        if let replay = try checkSend(in: tx, campaign: campaign, creator: creator, body: body, key: key) { return replay }
        let now = clock()
        let threadID = try tx.threadID(campaignID: campaign.id, creatorID: creator.id)
            ?? tx.insertThread(campaign: campaign, creator: creator, at: now).id
        let message = try tx.insertMessage(threadID: threadID, campaign: campaign, creator: creator, from: actor.side,
                                           body: body, key: key, at: now)
        if actor.side == .brand {
            // The push notification is part of the send: both commit, or neither.
            try tx.insertNotification(message: message, campaignID: campaign.id, creatorID: creator.id,
                                      preview: PushRules.preview(of: body), state: creator.pushToken == nil ? .noDevice : .pending, at: now)
        }
        return SendResult(message: message, replayed: false)
    }

    /// Every rule of a send, checked before anything is written: returns the
    /// original message for a replayed key, `nil` when the message may be sent.
    func checkSend(in tx: any ChatReading, campaign: Campaign, creator: Creator, body: String, key: String?) throws -> SendResult? {
        if let key, let existing = try tx.message(key: key, campaignID: campaign.id, creatorID: creator.id, from: actor.side) {
            guard existing.body == body else { throw CampaignChatError.keyConflict(key: key) }
            return SendResult(message: existing, replayed: true)
        }
        try AcceptanceGate.requireActive(campaign)
        let status = try tx.membershipStatus(campaignID: campaign.id, creatorID: creator.id)
        try AcceptanceGate.requireAccepted(status, campaign: campaign, creator: creator.handle)
        return nil
    }
}
