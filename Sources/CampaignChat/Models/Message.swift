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
