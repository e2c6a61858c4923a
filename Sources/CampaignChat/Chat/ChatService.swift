/// Everything campaignchat can do, on behalf of one actor, over any `ChatStore`.
///
/// Each operation runs in one store transaction and applies the rules inside
/// it, so no caller can skip them and concurrent runs cannot race past them.
public struct ChatService {
    public let store: any ChatStore
    public let actor: Actor
    let clock: () -> Timestamp

    public init(store: any ChatStore, actor: Actor, clock: @escaping () -> Timestamp = Timestamp.now) {
        self.store = store
        self.actor = actor
        self.clock = clock
    }
}

// MARK: - Looking things up inside a transaction

extension ChatReading {
    /// Red dots of `side`, newest first, without scanning messages: the threads with unread
    /// messages for that side, each with its last message.
    func unreadEntries(for side: Side, campaignID: Int64?, creatorID: Int64?) throws -> [UnreadEntry] {
        try threads(campaignID: campaignID, creatorID: creatorID, unreadFor: side).compactMap { thread in
            thread.lastMessage.map { UnreadEntry(campaignSlug: thread.campaignSlug, creator: thread.creator, unread: thread.unread(for: side), lastMessage: $0) }
        }
    }

    func requireCampaign(_ slug: String) throws -> Campaign {
        guard let campaign = try campaign(slug: slug.lowercased()) else { throw CampaignChatError.campaignNotFound(slug) }
        return campaign
    }

    func requireCreator(_ handle: Handle) throws -> Creator {
        guard let creator = try creator(handle: handle) else { throw CampaignChatError.creatorNotFound(handle) }
        return creator
    }

    /// What a send needs about `handle` in `campaign`; an unknown handle is not found.
    func requireSendContext(campaign: Campaign, handle: Handle) throws -> SendContext {
        guard let context = try sendContext(campaignID: campaign.id, handle: handle) else { throw CampaignChatError.creatorNotFound(handle) }
        return context
    }

    func requireGroup(_ name: String, in campaign: Campaign) throws -> CreatorGroup {
        guard let group = try group(campaignID: campaign.id, name: name) else {
            throw CampaignChatError.groupNotFound(campaign: campaign.slug, group: name)
        }
        return group
    }

    /// The creator record of a creator actor (`nil` for the brand); an unknown handle is not found.
    func actingCreator(_ actor: Actor) throws -> Creator? {
        guard case .creator(let handle) = actor else { return nil }
        return try requireCreator(handle)
    }
}
