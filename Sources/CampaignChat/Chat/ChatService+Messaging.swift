extension ChatService {
    /// Sends a message in the thread of `handle` in a campaign, creating the thread with the first message.
    ///
    /// As the brand it writes to the creator; as a creator, to the brand in
    /// their own thread. With `key`, a repeated send of the same body returns
    /// the original message (`replayed`); the same key with another body is refused.
    /// Keys are scoped to one side of one thread. With `marksRead` (a reply: whoever writes has
    /// read what the other side wrote before), sending marks the thread read for the sender's
    /// side in the same transaction, clearing the sender's red dot.
    /// With `shipment` (the brand only), the message carries a parcel's tracking number, and
    /// the shipment is recorded with it.
    public func send(campaign slug: String, handle: Handle, body: String, key: IdempotencyKey? = nil,
                     shipment: ShipmentDraft? = nil, marksRead: Bool = true) throws -> SendResult {
        try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        if shipment != nil { try ThreadAccess.requireBrand(actor, to: "send a tracking number") }
        try TextRules.checkMessageBody(body)
        return try store.write { tx in
            let campaign = try tx.requireCampaign(slug)
            var context = try tx.requireSendContext(campaign: campaign, handle: handle)
            return try send(in: tx, campaign: campaign, context: &context, body: body, key: key?.value, shipment: shipment,
                            marksRead: marksRead)
        }
    }

    /// The writes of one send, inside the caller's write transaction: the acceptance gate, the
    /// thread on the first message (its id then goes into `context`), the message with its
    /// notification and shipment, or the replay of a key (which records nothing again). Only a
    /// send that `marksRead` moves the sender's read position: a bulk send or a notice read nothing.
    func send(in tx: any ChatWriting, campaign: Campaign, context: inout SendContext, body: String, key: String?,
              shipment: ShipmentDraft? = nil, marksRead: Bool) throws -> SendResult {
        if let refusal = gateRefusal(campaign: campaign, context: context) {
            // A keyed send that already went out replays, even after the creator left or the campaign was archived;
            // but a creator removed from the campaign no longer sees it, their own messages included.
            let removedCreator = actor.side == .creator && (context.status == nil || context.status == .removed)
            if let key, !removedCreator,
               let replay = try replay(in: tx, campaign: campaign, context: context, body: body, key: key, shipment: shipment) {
                return replay
            }
            throw refusal
        }
        let creator = context.creator
        let now = clock()
        let threadID = try context.threadID ?? tx.insertThread(campaign: campaign, creator: creator, at: now).id
        context.threadID = threadID
        // The push notification is part of the send: both commit, or neither.
        let notification = actor.side == .brand
            ? NotificationDraft(campaignID: campaign.id, creatorID: creator.id, preview: PushRules.preview(of: body),
                                state: creator.pushToken == nil ? .noDevice : .pending)
            : nil
        if let message = try tx.insertMessage(threadID: threadID, campaign: campaign, creator: creator, from: actor.side,
                                              body: body, key: key, marksRead: marksRead, notification: notification, at: now) {
            try tx.appendEvent(EventRecord(kind: .messageSent, campaignID: campaign.id, creatorID: creator.id, messageID: message.id,
                                           side: actor.side, markedRead: marksRead), at: now)
            // A parcel recorded whole (its barcode) before campaignchat kept the tracked part is the same parcel.
            if let shipment {
                let recordedWhole = try shipment.barcode != shipment.number
                    && tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: shipment.barcode) != nil
                if !recordedWhole { try tx.insertShipment(shipment, campaignID: campaign.id, creatorID: creator.id, messageID: message.id, at: now) }
            }
            return SendResult(message: message, replayed: false)
        }
        // The store found the key taken in this thread: the message it names is the send, if its body is this one.
        guard let key, let replay = try replay(in: tx, campaign: campaign, context: context, body: body, key: key, shipment: shipment) else {
            throw StoreError.internalError("the store refused a message without a key that was taken")
        }
        return replay
    }

    /// Every rule of a send, checked without writing (a dry run): the original message for a
    /// replayed key, `nil` when the message may be sent.
    func checkSend(in tx: any ChatReading, campaign: Campaign, context: SendContext, body: String, key: String?,
                   shipment: ShipmentDraft? = nil) throws -> SendResult? {
        if let key, let replay = try replay(in: tx, campaign: campaign, context: context, body: body, key: key, shipment: shipment) {
            return replay
        }
        if let refusal = gateRefusal(campaign: campaign, context: context) { throw refusal }
        return nil
    }

    /// The message `key` already names, as a replay when its body is `body`; another body is a key
    /// conflict, and so is another tracking number than the one the message carried (it would
    /// otherwise be dropped without a word).
    private func replay(in tx: any ChatReading, campaign: Campaign, context: SendContext, body: String, key: String,
                        shipment: ShipmentDraft?) throws -> SendResult? {
        guard let existing = try tx.message(key: key, campaignID: campaign.id, creatorID: context.creator.id, from: actor.side) else { return nil }
        guard existing.body == body else { throw CampaignChatError.keyConflict(key: key) }
        if let shipment, let carried = try tx.shipment(messageID: existing.id), carried.number != shipment.number, carried.number != shipment.barcode {
            throw CampaignChatError.keyConflict(key: key)
        }
        return SendResult(message: existing, replayed: true)
    }

    /// Why the acceptance gate closes for this send (an archived campaign, a creator who is not accepted), if it does.
    private func gateRefusal(campaign: Campaign, context: SendContext) -> CampaignChatError? {
        do throws(CampaignChatError) {
            try AcceptanceGate.requireActive(campaign)
            try AcceptanceGate.requireAccepted(context.status, campaign: campaign, creator: context.creator.handle)
            return nil
        } catch {
            return error
        }
    }
}
