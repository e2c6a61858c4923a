/// A row a store read, column by column: what every engine's result looks like to the
/// decoders below, so the models are built from rows in one place for all engines.
public protocol StoredRow {
    func isNull(_ column: Int32) -> Bool
    func text(_ column: Int32) -> String
    func int64(_ column: Int32) -> Int64
    func bool(_ column: Int32) -> Bool
}

extension StoredRow {
    @inlinable public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    @inlinable public func int(_ column: Int32) -> Int { Int(int64(column)) }
    @inlinable public func optionalTimestamp(_ column: Int32) -> Timestamp? { isNull(column) ? nil : Timestamp(rfc3339: text(column)) }
}

/// The models, decoded from rows whose columns come in the order each decoder names. Every
/// engine selects its columns in these orders.
public enum StoredModels {
    /// `id, slug, name, created_at, archived_at` from `column` on.
    @inlinable public static func campaign(_ row: any StoredRow, from column: Int32 = 0) -> Campaign {
        Campaign(id: row.int64(column), slug: row.text(column + 1), name: row.text(column + 2), createdAt: Timestamp(rfc3339: row.text(column + 3)),
                 archivedAt: row.optionalTimestamp(column + 4))
    }

    /// `id, campaign slug, name, created_at`
    @inlinable public static func group(_ row: any StoredRow) -> CreatorGroup {
        CreatorGroup(id: row.int64(0), campaignSlug: row.text(1), name: row.text(2), createdAt: Timestamp(rfc3339: row.text(3)))
    }

    /// A group, then its members' counts: `invited, accepted, declined, removed`.
    @inlinable public static func groupSummary(_ row: any StoredRow) -> GroupSummary {
        GroupSummary(group: group(row), counts: StatusCounts(invited: row.int(4), accepted: row.int(5), declined: row.int(6), removed: row.int(7)))
    }

    /// `id, handle, name, created_at` from `column` on, then `push_token` when `withToken`.
    @inlinable public static func creator(_ row: any StoredRow, from column: Int32 = 0, withToken: Bool = false) -> Creator {
        Creator(id: row.int64(column), handle: Handle(stored: row.text(column + 1)), name: row.optionalText(column + 2),
                createdAt: Timestamp(rfc3339: row.text(column + 3)), pushToken: withToken ? row.optionalText(column + 4) : nil)
    }

    /// `campaign_id, creator_id, group_id, group name, status, favorite` from `column` on.
    @inlinable public static func membership(_ row: any StoredRow, from column: Int32 = 0) -> Membership {
        Membership(campaignID: row.int64(column), creatorID: row.int64(column + 1), groupID: row.int64(column + 2),
                   groupName: row.text(column + 3), status: MembershipStatus(rawValue: row.text(column + 4)) ?? .removed,
                   favorite: row.bool(column + 5))
    }

    /// A creator (0-3), the campaign slug (4), the membership (5-10), the brand's unread count (11).
    @inlinable public static func member(_ row: any StoredRow) -> Member {
        Member(creator: creator(row), campaignSlug: row.text(4), membership: membership(row, from: 5), unreadByBrand: max(0, row.int(11)))
    }

    /// `id, sender, body, sent_at, idempotency_key` from `column` on.
    @inlinable public static func message(_ row: any StoredRow, from column: Int32, campaignSlug: String, creator: Handle) -> Message {
        Message(id: row.int64(column), campaignSlug: campaignSlug, creator: creator, from: Side(rawValue: row.text(column + 1)) ?? .brand,
                body: row.text(column + 2), sentAt: Timestamp(rfc3339: row.text(column + 3)), key: row.optionalText(column + 4))
    }

    /// `StoredQueries.shipmentColumns` from `column` on: id, carrier, number, message id, status,
    /// status time, creation time, carrier name, last event time (all NULL from a LEFT JOIN that found none: `nil`).
    @inlinable public static func shipment(_ row: any StoredRow, from column: Int32, campaignSlug: String, creator: Handle) -> Shipment? {
        guard !row.isNull(column) else { return nil }
        return Shipment(id: row.int64(column), campaignSlug: campaignSlug, creator: creator, carrierID: row.optionalText(column + 1),
                        number: row.text(column + 2), messageID: row.isNull(column + 3) ? nil : row.int64(column + 3),
                        status: ShipmentStatus(rawValue: row.text(column + 4)) ?? .shipped, statusAt: row.optionalTimestamp(column + 5),
                        createdAt: Timestamp(rfc3339: row.text(column + 6)), statedCarrier: row.optionalText(column + 7),
                        eventAt: row.optionalTimestamp(column + 8))
    }

    /// A message with its campaign and creator (0-6, `messageWithThread`), column 7 for the
    /// caller, then the shipment it carried (8-16, `shipmentColumns` of a LEFT JOIN).
    @inlinable public static func messageWithShipment(_ row: any StoredRow) -> (Message, Shipment?) {
        let message = messageWithThread(row)
        return (message, shipment(row, from: 8, campaignSlug: message.campaignSlug, creator: message.creator))
    }

    /// A campaign slug (0) and creator handle (1), then the shipment's columns.
    @inlinable public static func shipmentWithOwner(_ row: any StoredRow) -> Shipment {
        shipment(row, from: 2, campaignSlug: row.text(0), creator: Handle(stored: row.text(1)))!
    }

    /// A shipment with its owner (0-10, `shipmentWithOwner`), its campaign (11-15, `campaignColumns`), its creator's id (16).
    @inlinable public static func matchedShipment(_ row: any StoredRow) -> MatchedShipment {
        MatchedShipment(shipment: shipmentWithOwner(row), campaign: campaign(row, from: 11), creatorID: row.int64(16))
    }

    /// A message (0-4), then its campaign slug (5) and creator handle (6).
    @inlinable public static func messageWithThread(_ row: any StoredRow) -> Message {
        message(row, from: 0, campaignSlug: row.text(5), creator: Handle(stored: row.text(6)))
    }

    /// A shipment notice: its message (0-6, `messageWithThread`), the shipment's id (7) and the status it told of (8).
    @inlinable public static func shipmentNotice(_ row: any StoredRow) -> (shipmentID: Int64, status: ShipmentStatus, message: Message) {
        (row.int64(7), ShipmentStatus(rawValue: row.text(8)) ?? .shipped, messageWithThread(row))
    }

    /// `id, campaign slug, handle, created_at, brand_sent, creator_sent, brand_read, creator_read`,
    /// then the last message (8-12, all NULL when there is none), from `column` on.
    @inlinable public static func thread(_ row: any StoredRow, from column: Int32 = 0) -> ChatThread {
        let slug = row.text(column + 1)
        let handle = Handle(stored: row.text(column + 2))
        return ChatThread(id: row.int64(column), campaignSlug: slug, creator: handle, createdAt: Timestamp(rfc3339: row.text(column + 3)),
                          sentByBrand: row.int(column + 4), sentByCreator: row.int(column + 5), readByBrand: row.int(column + 6),
                          readByCreator: row.int(column + 7),
                          lastMessage: row.isNull(column + 8) ? nil : message(row, from: column + 8, campaignSlug: slug, creator: handle))
    }

    /// A row of `StoredQueries.threadPage`: the creator's status (0), their thread (1-13) unless
    /// it has not started, a message after the cursor (14-18) unless there is none.
    @inlinable public static func threadPageRow(_ row: any StoredRow) -> (MembershipStatus?, ChatThread?, Message?) {
        let status = row.optionalText(0).map { MembershipStatus(rawValue: $0) ?? .removed }
        guard !row.isNull(1) else { return (status, nil, nil) }
        let thread = thread(row, from: 1)
        return (status, thread, row.isNull(14) ? nil : message(row, from: 14, campaignSlug: thread.campaignSlug, creator: thread.creator))
    }

    /// The page `StoredQueries.threadPage` returned, from its rows (`threadPageRow`): there is
    /// always one, as campaigns and creators are never deleted.
    public static func threadPage(_ rows: [(MembershipStatus?, ChatThread?, Message?)]) throws -> ThreadPage {
        guard let first = rows.first else { throw StoreError.internalError("a followed thread's campaign or creator is gone") }
        return ThreadPage(status: first.0, thread: first.1, messages: rows.compactMap(\.2))
    }

    /// `id, campaign slug, handle, message_id, preview, state, attempts, next_attempt_at, last_exit_code,
    /// last_error, created_at, delivered_at, push_token, lease_until`
    @inlinable public static func notification(_ row: any StoredRow) -> PushNotification {
        PushNotification(
            id: row.int64(0), campaignSlug: row.text(1), creator: Handle(stored: row.text(2)), messageID: row.int64(3),
            preview: row.text(4), state: NotificationState(rawValue: row.text(5)) ?? .failed, attempts: row.int(6),
            nextAttemptAt: row.optionalTimestamp(7), lastExitCode: row.isNull(8) ? nil : row.int(8), lastError: row.optionalText(9),
            createdAt: Timestamp(rfc3339: row.text(10)), deliveredAt: row.optionalTimestamp(11), token: row.optionalText(12),
            leaseUntil: row.optionalTimestamp(13), recipientStatus: row.optionalText(14).map { MembershipStatus(rawValue: $0) ?? .removed },
            campaignID: row.int64(15), creatorID: row.int64(16))
    }

    /// A creator with their token (0-4), their status in the campaign (5) and their thread's id (6).
    @inlinable public static func sendContext(_ row: any StoredRow) -> SendContext {
        SendContext(creator: creator(row, withToken: true), status: row.optionalText(5).map { MembershipStatus(rawValue: $0) ?? .removed },
                    threadID: row.isNull(6) ? nil : row.int64(6))
    }

    /// An event in the columns of `StoredQueries.events`' page, from `column` on.
    @inlinable public static func event(_ row: any StoredRow, from column: Int32) -> ChatEvent {
        let slug = row.text(column + 3)
        let handle = row.optionalText(column + 4).map(Handle.init(stored:))
        let kind = EventKind(rawValue: row.text(column + 1)) ?? .messageSent
        // The status columns hold a membership's statuses, or, for a shipment's event, the shipment's.
        let ofMembership = kind != .shipmentStatusChanged
        return ChatEvent(
            cursor: row.int64(column), kind: kind, at: Timestamp(rfc3339: row.text(column + 2)), campaignSlug: slug, creator: handle,
            message: row.isNull(column + 12) ? nil : message(row, from: column + 12, campaignSlug: slug, creator: handle ?? Handle(stored: "")),
            side: row.optionalText(column + 5).flatMap(Side.init(rawValue:)), unread: row.isNull(column + 6) ? nil : row.int(column + 6),
            status: ofMembership ? row.optionalText(column + 7).flatMap(MembershipStatus.init(rawValue:)) : nil,
            previousStatus: ofMembership ? row.optionalText(column + 8).flatMap(MembershipStatus.init(rawValue:)) : nil,
            notificationID: row.isNull(column + 9) ? nil : row.int64(column + 9), messageID: row.isNull(column + 10) ? nil : row.int64(column + 10),
            attempts: row.isNull(column + 11) ? nil : row.int(column + 11), markedRead: row.isNull(column + 17) ? nil : row.int(column + 17) != 0,
            shipment: ofMembership ? nil : shipmentChange(row, event: column))
    }

    /// What a shipment's event, in the columns of `event` from `column` on, says of the parcel: its
    /// statuses (7, 8), then, after the rest, the shipment's number, carrier id and stated carrier and the time (18-21).
    @inlinable static func shipmentChange(_ row: any StoredRow, event column: Int32) -> ShipmentChange? {
        guard !row.isNull(column + 18), let status = row.optionalText(column + 7).flatMap(ShipmentStatus.init(rawValue:)),
              let previous = row.optionalText(column + 8).flatMap(ShipmentStatus.init(rawValue:)), let at = row.optionalTimestamp(column + 21)
        else { return nil }
        let carrierID = row.optionalText(column + 19)
        return ShipmentChange(number: row.text(column + 18), carrierID: carrierID,
                              carrierName: carrierID.flatMap(Carrier.withID)?.name ?? row.optionalText(column + 20),
                              status: status, previousStatus: previous, statusAt: at)
    }

    /// `StoredQueries.eventHorizon`'s columns: `pruned_before`, the newest id (NULL for none).
    @inlinable public static func eventHorizon(_ row: any StoredRow) -> EventHorizon {
        EventHorizon(prunedBefore: row.int64(0), newest: row.isNull(1) ? nil : row.int64(1))
    }

    /// A row of `StoredQueries.events`: the log's edges, then an event unless there is none.
    @inlinable public static func eventPageRow(_ row: any StoredRow) -> (EventHorizon, ChatEvent?) {
        (eventHorizon(row), row.isNull(2) ? nil : event(row, from: 2))
    }

    /// The page `StoredQueries.events` returned, from its rows (`eventPageRow`): there is always
    /// one, the log's edges in it.
    public static func eventPage(_ rows: [(EventHorizon, ChatEvent?)]) throws -> EventPage {
        EventPage(horizon: try requireHorizon(rows.first?.0), events: rows.compactMap(\.1))
    }

    /// The log's edges a read found: `event_horizon` always holds its one row.
    public static func requireHorizon(_ horizon: EventHorizon?) throws -> EventHorizon {
        guard let horizon else { throw StoreError.internalError("the event log has lost its horizon row") }
        return horizon
    }

    /// `id, campaign slug, handle, body, created_at`
    @inlinable public static func feedback(_ row: any StoredRow) -> Feedback {
        Feedback(id: row.int64(0), campaignSlug: row.text(1), creator: Handle(stored: row.text(2)), body: row.text(3),
                 createdAt: Timestamp(rfc3339: row.text(4)))
    }
}
