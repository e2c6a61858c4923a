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
    /// A shipment's status changed (`shipment update`, `shipment mark`): the creator's own, and the brand's.
    case shipmentStatusChanged = "shipment_status_changed"
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
    /// `shipmentStatusChanged`: the parcel, its status after and before, and the carrier's time of the change.
    public let shipment: ShipmentChange?

    public init(cursor: Int64, kind: EventKind, at: Timestamp, campaignSlug: String, creator: Handle?, message: Message? = nil,
                side: Side? = nil, unread: Int? = nil, status: MembershipStatus? = nil, previousStatus: MembershipStatus? = nil,
                notificationID: Int64? = nil, messageID: Int64? = nil, attempts: Int? = nil, markedRead: Bool? = nil,
                shipment: ShipmentChange? = nil) {
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
        self.shipment = shipment
    }
}

/// What a `shipment_status_changed` event says of the parcel.
public struct ShipmentChange: Hashable, Sendable {
    /// The number as the shipment recorded it, and its carrier (an id, and the name for people).
    public let number: String
    public let carrierID: String?
    public let carrierName: String?
    public let status: ShipmentStatus
    public let previousStatus: ShipmentStatus
    /// The carrier's time of the new status (the mark's `--at`, or the time it was recorded).
    public let statusAt: Timestamp

    public init(number: String, carrierID: String?, carrierName: String?, status: ShipmentStatus, previousStatus: ShipmentStatus,
                statusAt: Timestamp) {
        (self.number, self.carrierID, self.carrierName) = (number, carrierID, carrierName)
        (self.status, self.previousStatus, self.statusAt) = (status, previousStatus, statusAt)
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
    /// `shipmentStatusChanged`: the shipment, its statuses after and before, the carrier's time.
    public var shipmentID: Int64?
    public var shipmentStatus: ShipmentStatus?
    public var previousShipmentStatus: ShipmentStatus?
    public var statusAt: Timestamp?

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

    /// A shipment's status change, by the carrier's time `at`.
    public static func shipmentStatusChanged(_ shipment: Shipment, campaignID: Int64, creatorID: Int64, to status: ShipmentStatus,
                                             at time: Timestamp) -> EventRecord {
        var record = EventRecord(kind: .shipmentStatusChanged, campaignID: campaignID, creatorID: creatorID)
        (record.shipmentID, record.shipmentStatus, record.previousShipmentStatus, record.statusAt) = (shipment.id, status, shipment.status, time)
        return record
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
