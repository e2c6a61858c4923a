extension ChatService {
    /// Threads newest first: all of them for the brand, their own for a creator.
    public func threads(campaign slug: String? = nil, unreadOnly: Bool = false) throws -> [ChatThread] {
        try store.read { tx in
            let campaign = try slug.map { try tx.requireCampaign($0) }
            let creator = try tx.actingCreator(actor)
            return try tx.threads(campaignID: campaign?.id, creatorID: creator?.id, unreadFor: unreadOnly ? actor.side : nil)
        }
    }

    /// Hands the conversation to `each`, oldest first (the last `limit` messages
    /// when given), then marks it read for the acting side unless `markRead` is off.
    ///
    /// Messages are streamed from a read transaction, so a long thread costs no
    /// memory and does not hold the write lock; marking read takes a short write
    /// afterwards and never moves a read position backwards.
    @discardableResult
    public func readThread(campaign slug: String, handle: Handle, limit: Int? = nil, markRead: Bool = true,
                           each: (Message) throws -> Void) throws -> ChatThread {
        try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        let thread = try store.read { tx in
            let thread = try visibleThread(tx, campaign: slug, handle: handle)
            try tx.forEachMessage(in: thread, limit: limit, each)
            return thread
        }
        return markRead ? try self.markRead(thread) : thread
    }

    /// Marks read, for the acting side, what `seen` (a thread as it was when it
    /// was read) held; a read position never moves backwards.
    @discardableResult
    public func markRead(_ seen: ChatThread) throws -> ChatThread {
        guard seen.unread(for: actor.side) > 0 else { return seen }
        return try store.write { tx in
            let side = actor.side
            let (current, campaign, creator) = try visibleThreadAndOwners(tx, campaign: seen.campaignSlug, handle: seen.creator)
            let read = seen.sent(by: side.other)
            let position = side == .brand ? current.readByBrand : current.readByCreator
            guard read > position else { return current }
            try tx.setReadPosition(threadID: current.id, side: side, read: read)
            try tx.appendEvent(EventRecord(kind: .threadRead, campaignID: campaign.id, creatorID: creator.id, side: side,
                                           unread: current.sent(by: side.other) - read), at: clock())
            return try visibleThread(tx, campaign: seen.campaignSlug, handle: seen.creator)
        }
    }

    /// Brings the red dot back for the acting side: its newest message from the other side becomes unread.
    public func markUnread(campaign slug: String, handle: Handle) throws -> ChatThread {
        try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        return try store.write { tx in
            let (thread, campaign, creator) = try visibleThreadAndOwners(tx, campaign: slug, handle: handle)
            let side = actor.side
            let sentByOther = thread.sent(by: side.other)
            guard sentByOther > 0 && thread.unread(for: side) == 0 else { return thread }
            try tx.setReadPosition(threadID: thread.id, side: side, read: sentByOther - 1)
            try tx.appendEvent(EventRecord(kind: .threadUnread, campaignID: campaign.id, creatorID: creator.id, side: side, unread: 1),
                               at: clock())
            return try visibleThread(tx, campaign: slug, handle: handle)
        }
    }

    /// The acting side's red dots, newest first.
    public func unread(campaign slug: String? = nil) throws -> [UnreadEntry] {
        try store.read { tx in
            let scope = try unreadScope(tx, campaign: slug)
            return try tx.unreadEntries(for: actor.side, campaignID: scope.campaignID, creatorID: scope.creatorID)
        }
    }

    /// Whose red dots the actor sees: the campaign's id (all campaigns when `nil`) and the acting
    /// creator's (the brand's: `nil`). Ids never change, so a follower works this out once.
    typealias UnreadScope = (campaignID: Int64?, creatorID: Int64?)

    func unreadScope(_ tx: any ChatReading, campaign slug: String?) throws -> UnreadScope {
        UnreadScope(campaignID: try slug.map { try tx.requireCampaign($0).id }, creatorID: try tx.actingCreator(actor)?.id)
    }

    /// The thread of `handle` in a campaign, after the access rules for the actor.
    func visibleThread(_ tx: any ChatReading, campaign slug: String, handle: Handle) throws -> ChatThread {
        try visibleThreadAndOwners(tx, campaign: slug, handle: handle).thread
    }

    /// The thread with its campaign and creator, after the access rules for the actor.
    func visibleThreadAndOwners(_ tx: any ChatReading, campaign slug: String, handle: Handle) throws
        -> (thread: ChatThread, campaign: Campaign, creator: Creator) {
        let campaign = try tx.requireCampaign(slug)
        let creator = try tx.requireCreator(handle)
        if case .creator = actor {
            let status = try tx.membership(campaignID: campaign.id, creatorID: creator.id)?.status
            try ThreadAccess.requireVisible(actor: actor, status: status, campaign: campaign, creator: handle)
        }
        guard let thread = try tx.thread(campaignID: campaign.id, creatorID: creator.id) else {
            throw CampaignChatError.threadNotFound(campaign: campaign.slug, creator: handle)
        }
        return (thread, campaign, creator)
    }
}
