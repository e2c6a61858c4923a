/// Where a push notification stands.
public enum NotificationState: String, Hashable, Sendable, CaseIterable {
    /// Waiting for `push deliver` (now, or at its next attempt).
    case pending
    case delivered
    /// Gave up after the maximum number of attempts; `push retry` puts it back.
    case failed
    /// The creator had no device token when the message was sent: kept visible, never delivered.
    case noDevice = "no_device"
}

/// The record that a brand message should reach the creator's phone, written
/// in the same transaction as the message (a transactional outbox).
public struct PushNotification: Hashable, Sendable {
    public let id: Int64
    public let campaignSlug: String
    public let creator: Handle
    public let messageID: Int64
    /// The start of the message, for the notification's text.
    public let preview: String
    public let state: NotificationState
    public let attempts: Int
    public let nextAttemptAt: Timestamp?
    public let lastExitCode: Int?
    public let lastError: String?
    public let createdAt: Timestamp
    public let deliveredAt: Timestamp?
    /// The creator's device token now (tokens may change after the message was sent).
    public let token: String?
    /// While a delivery run holds it: until when.
    public let leaseUntil: Timestamp?
    /// The creator's status in the campaign now: one who may no longer be messaged (removed,
    /// say, after the message was sent) gets nothing more delivered.
    public let recipientStatus: MembershipStatus?
    /// The store's ids of the campaign and the creator, for the events of a delivery.
    public let campaignID: Int64
    public let creatorID: Int64

    public init(id: Int64, campaignSlug: String, creator: Handle, messageID: Int64, preview: String, state: NotificationState,
                attempts: Int, nextAttemptAt: Timestamp?, lastExitCode: Int?, lastError: String?, createdAt: Timestamp,
                deliveredAt: Timestamp?, token: String?, leaseUntil: Timestamp?, recipientStatus: MembershipStatus?,
                campaignID: Int64, creatorID: Int64) {
        self.id = id
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.messageID = messageID
        self.preview = preview
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastExitCode = lastExitCode
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.token = token
        self.leaseUntil = leaseUntil
        self.recipientStatus = recipientStatus
        self.campaignID = campaignID
        self.creatorID = creatorID
    }
}
