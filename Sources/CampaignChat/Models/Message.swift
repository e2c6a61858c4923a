/// One chat message in a thread.
public struct Message: Hashable, Sendable {
    public let id: Int64
    public let campaignSlug: String
    public let creator: Handle
    public let from: Side
    public let body: String
    public let sentAt: Timestamp
    /// The idempotency key it was sent with, if any.
    public let key: String?

    public init(id: Int64, campaignSlug: String, creator: Handle, from: Side, body: String, sentAt: Timestamp, key: String?) {
        self.id = id
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.from = from
        self.body = body
        self.sentAt = sentAt
        self.key = key
    }
}

/// What `message send` did: a new message, or the original one returned again for a repeated key.
public struct SendResult: Hashable, Sendable {
    public let message: Message
    public let replayed: Bool

    public init(message: Message, replayed: Bool) {
        self.message = message
        self.replayed = replayed
    }
}

/// What a send needs to know about its creator, read in one query: the creator (their name
/// fills templates, their token the notification), their status in the campaign, and the id
/// of their thread there, when it exists.
public struct SendContext: Hashable, Sendable {
    public let creator: Creator
    public let status: MembershipStatus?
    public var threadID: Int64?

    public init(creator: Creator, status: MembershipStatus?, threadID: Int64?) {
        self.creator = creator
        self.status = status
        self.threadID = threadID
    }
}

/// The push notification written in the same statement as a brand message.
public struct NotificationDraft: Hashable, Sendable {
    public let campaignID: Int64
    public let creatorID: Int64
    public let preview: String
    public let state: NotificationState

    public init(campaignID: Int64, creatorID: Int64, preview: String, state: NotificationState) {
        self.campaignID = campaignID
        self.creatorID = creatorID
        self.preview = preview
        self.state = state
    }
}
