/// What changed, as a follower sees it.
public enum EventKind: String, Hashable, Sendable, CaseIterable {
    /// A message was sent (and, when `markedRead`, the sender's red dot in that thread went out).
    case messageSent = "message_sent"
    /// A side read its thread: its red dot there went out (or shrank).
    case threadRead = "thread_read"
    /// A side marked its thread unread: its red dot there came back.
    case threadUnread = "thread_unread"
    /// A creator was invited, accepted, declined or removed.
    case membershipChanged = "membership_changed"
    case campaignArchived = "campaign_archived"
    /// A push notification reached the delivery command (exit 0): brand only.
    case notificationDelivered = "notification_delivered"
    /// A push notification was given up after its last attempt: brand only.
    case notificationFailed = "notification_failed"
}

/// One entry of the event log: a change, written in the same transaction as the change
/// itself, at a cursor that only grows. Writes are serialised, so cursors are also the
/// order in which changes were committed: a follower that resumes after a cursor misses
/// nothing and sees nothing twice.
public struct ChatEvent: Hashable, Sendable {
    public let cursor: Int64
    public let kind: EventKind
    public let at: Timestamp
    public let campaignSlug: String
    /// The creator whose thread or membership changed (`nil` for a campaign-wide change).
    public let creator: Handle?
    /// `messageSent`: the message.
    public let message: Message?
    /// `threadRead`, `threadUnread`: the side whose red dot changed, and its unread count after.
    public let side: Side?
    public let unread: Int?
    /// `membershipChanged`: the status after and before.
    public let status: MembershipStatus?
    public let previousStatus: MembershipStatus?
    /// `notificationDelivered`, `notificationFailed`: the notification, its message, its attempts.
    public let notificationID: Int64?
    public let messageID: Int64?
    public let attempts: Int?
    /// `messageSent`: whether the send also marked the thread read for the sender (a reply
    /// does; a bulk send and a shipment notice do not), so a consumer need not assume it.
    public let markedRead: Bool?

    public init(cursor: Int64, kind: EventKind, at: Timestamp, campaignSlug: String, creator: Handle?, message: Message? = nil,
                side: Side? = nil, unread: Int? = nil, status: MembershipStatus? = nil, previousStatus: MembershipStatus? = nil,
                notificationID: Int64? = nil, messageID: Int64? = nil, attempts: Int? = nil, markedRead: Bool? = nil) {
        self.cursor = cursor
        self.kind = kind
        self.at = at
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.message = message
        self.side = side
        self.unread = unread
        self.status = status
        self.previousStatus = previousStatus
        self.notificationID = notificationID
        self.messageID = messageID
        self.attempts = attempts
        self.markedRead = markedRead
    }
}

/// An event as it is written: ids, not names; the store resolves them when it is read.
public struct EventRecord: Hashable, Sendable {
    public var kind: EventKind
    public var campaignID: Int64
    public var creatorID: Int64?
    public var messageID: Int64?
    public var side: Side?
    public var unread: Int?
    public var status: MembershipStatus?
    public var previousStatus: MembershipStatus?
    public var notificationID: Int64?
    public var attempts: Int?
    public var markedRead: Bool?

    public init(kind: EventKind, campaignID: Int64, creatorID: Int64?, messageID: Int64? = nil, side: Side? = nil, unread: Int? = nil,
                status: MembershipStatus? = nil, previousStatus: MembershipStatus? = nil, notificationID: Int64? = nil, attempts: Int? = nil,
                markedRead: Bool? = nil) {
        self.kind = kind
        self.campaignID = campaignID
        self.creatorID = creatorID
        self.messageID = messageID
        self.side = side
        self.unread = unread
        self.status = status
        self.previousStatus = previousStatus
        self.notificationID = notificationID
        self.attempts = attempts
        self.markedRead = markedRead
    }
}

/// Which events a reader may see and wants, with names already resolved to ids.
public struct EventScope: Hashable, Sendable {
    /// The cursor read up to: a stream moves it on as it hands events over.
    public var after: Int64
    public var campaignID: Int64?
    /// For a creator acting as themselves: only their own threads and memberships, and the
    /// campaign-wide events of campaigns they are in; never another creator's, nor notifications.
    public var creatorID: Int64?

    public init(after: Int64, campaignID: Int64? = nil, creatorID: Int64? = nil) {
        self.after = after
        self.campaignID = campaignID
        self.creatorID = creatorID
    }
}

/// The edges of the event log, as one statement read them: a cursor below what was pruned, or
/// past the newest event (it came from another log), is refused, never answered with a gap.
public struct EventHorizon: Hashable, Sendable {
    /// The cursor below which events were pruned (0 when none were).
    public let prunedBefore: Int64
    /// The newest event's cursor, `nil` when the log holds none.
    public let newest: Int64?

    public init(prunedBefore: Int64, newest: Int64?) {
        self.prunedBefore = prunedBefore
        self.newest = newest
    }

    /// The newest event's cursor, or the last one pruned (0 when there never was one).
    public var latest: Int64 { max(newest ?? 0, prunedBefore - 1) }

    /// Refuses to read after `cursor` when events after it were pruned, or when it is past the newest event.
    public func requireReadable(after cursor: Int64) throws(CampaignChatError) {
        if cursor < prunedBefore - 1 { throw .cursorTooOld(cursor: cursor, prunedBefore: prunedBefore) }
        if cursor > latest { throw .cursorAhead(cursor: cursor, latest: latest) }
    }
}

/// What one read of the event log returns: the events after a cursor, with the log's edges as
/// that same statement saw them, so a follower learns that it fell behind a prune from the read itself.
public struct EventPage: Hashable, Sendable {
    public let horizon: EventHorizon
    public let events: [ChatEvent]

    public init(horizon: EventHorizon, events: [ChatEvent]) {
        self.horizon = horizon
        self.events = events
    }
}
