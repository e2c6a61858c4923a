/// The statements of `SQLChatTransaction` that more than one of its queries builds on: the
/// SELECTs whose columns `StoredModels` decodes, so a column added is added for every query and
/// engine. Parameters are spelt as `SQLConnection` says (`$1`, `$2::bigint`).
public enum StoredQueries {
    /// `StoredModels.campaign` of the campaign `c`.
    public static let campaignColumns = "c.id, c.slug, c.name, c.created_at, c.archived_at"

    /// `StoredModels.thread`'s columns: a thread `t` with its campaign `c`, creator `cr` and last message `m`.
    static let threadColumns = """
        t.id, c.slug, cr.handle, t.created_at, t.brand_sent, t.creator_sent, t.brand_read, t.creator_read,
               m.id, m.sender, m.body, m.sent_at, m.idempotency_key
        """

    /// Threads `t` with their campaign, creator and last message, for `StoredModels.thread`.
    public static let threads = """
        SELECT \(threadColumns)
        FROM thread t
        JOIN campaign c ON c.id = t.campaign_id
        JOIN creator cr ON cr.id = t.creator_id
        LEFT JOIN message m ON m.id = t.last_message_id
        """

    /// Memberships `ms` with their creator, campaign, group and the brand's unread count, for `StoredModels.member`.
    public static let members = """
        SELECT cr.id, cr.handle, cr.name, cr.created_at, c.slug,
               ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite,
               coalesce(t.creator_sent - t.brand_read, 0)
        FROM membership ms
        JOIN campaign c ON c.id = ms.campaign_id
        JOIN creator cr ON cr.id = ms.creator_id
        JOIN creator_group g ON g.id = ms.group_id
        LEFT JOIN thread t ON t.campaign_id = ms.campaign_id AND t.creator_id = ms.creator_id
        """

    /// Notifications `n` with their campaign and creator, for `StoredModels.notification`.
    public static let notifications = """
        SELECT n.id, c.slug, cr.handle, n.message_id, n.preview, n.state, n.attempts, n.next_attempt_at,
               n.last_exit_code, n.last_error, n.created_at, n.delivered_at, cr.push_token, n.lease_until,
               ms.status, n.campaign_id, n.creator_id
        FROM notification n JOIN campaign c ON c.id = n.campaign_id JOIN creator cr ON cr.id = n.creator_id
        LEFT JOIN membership ms ON ms.campaign_id = n.campaign_id AND ms.creator_id = n.creator_id
        """

    /// The creator of a handle (parameter 2) with their status and thread in a campaign
    /// (parameter 1), for `StoredModels.sendContext`.
    static let sendContext = sendContext(handles: "= $2")
    /// `sendContext` for a list of handles (parameter 2), where the engine binds lists.
    static let sendContexts = sendContext(handles: "= ANY ($2::text[])")

    private static func sendContext(handles: String) -> String {
        """
        SELECT cr.id, cr.handle, cr.name, cr.created_at, cr.push_token, ms.status, t.id
        FROM creator cr
        LEFT JOIN membership ms ON ms.campaign_id = $1 AND ms.creator_id = cr.id
        LEFT JOIN thread t ON t.campaign_id = $1 AND t.creator_id = cr.id
        WHERE cr.handle \(handles)
        """
    }

    /// The edges of the event log, for `StoredModels.eventHorizon`: `pruned_before`, the newest id (NULL for none).
    public static let eventHorizon = "SELECT \(horizonColumns) FROM event_horizon h"
    static let horizonColumns = "h.pruned_before, (SELECT max(id) FROM event)"

    /// One page of a stream of events, for `StoredModels.eventPage`, in one statement: the log's
    /// edges (`eventHorizon`'s columns), then the events after a cursor (parameter 1), of a
    /// campaign (2, or NULL) and as a creator may see them (3, or NULL for the brand), at most
    /// parameter 4 of them, oldest first, from column 2 on (all NULL in the one row there is when
    /// there are none). A creator sees their own threads and memberships, and the campaign-wide
    /// events of the campaigns they are in, never another creator's nor the push notifications.
    /// Removed from a campaign, they no longer see it: only their own membership changes (that
    /// they were removed, invited again). What can change while a follower waits (the edges, the
    /// creator's membership) is read here, so that a wake-up costs this one statement.
    static let events = { () -> String in
        let (after, campaign, creator, limit) = ("$1::bigint", "$2::bigint", "$3::bigint", "$4::bigint")
        return """
            SELECT \(horizonColumns), page.*
            FROM event_horizon h
            LEFT JOIN (
                SELECT e.id AS event_id, e.kind, e.created_at, c.slug, cr.handle, e.side, e.unread, e.status, e.previous_status,
                       e.notification_id, e.message_id, e.attempts, m.id AS sent_id, m.sender, m.body, m.sent_at, m.idempotency_key,
                       e.marked_read, s.number, s.carrier, s.carrier_name, e.status_at
                FROM event e
                JOIN campaign c ON c.id = e.campaign_id
                LEFT JOIN creator cr ON cr.id = e.creator_id
                LEFT JOIN message m ON m.id = e.message_id AND e.kind = 'message_sent'
                LEFT JOIN shipment s ON s.id = e.shipment_id
                WHERE e.id > \(after) AND (\(campaign) IS NULL OR e.campaign_id = \(campaign))
                  AND (\(creator) IS NULL
                       OR (e.creator_id = \(creator) AND e.kind = 'membership_changed')
                       OR ((e.creator_id IS NULL OR (e.creator_id = \(creator) AND e.kind NOT IN ('notification_delivered', 'notification_failed')))
                           AND EXISTS (SELECT 1 FROM membership ms WHERE ms.campaign_id = e.campaign_id
                                       AND ms.creator_id = \(creator) AND ms.status <> 'removed')))
                ORDER BY e.id
                LIMIT \(limit)
            ) page ON 1 = 1
            ORDER BY page.event_id
            """
    }()

    /// What a follower of a thread reads, for `StoredModels.threadPage`, in one statement: the
    /// status in the campaign (parameter 1) of the creator (2), NULL when never invited; their
    /// thread there (`threadColumns`, all NULL until it starts); then its messages after message
    /// 3, at most 4 of them, oldest first (all NULL in the one row there is when there are none).
    /// What can change while a follower waits (a removal, the thread starting, its counts) is read
    /// here, so that a wake-up costs this one statement.
    static let threadPage = { () -> String in
        let (campaign, creator, after, limit) = ("$1::bigint", "$2::bigint", "$3::bigint", "$4::bigint")
        return """
            SELECT ms.status, \(threadColumns), p.id, p.sender, p.body, p.sent_at, p.idempotency_key
            FROM campaign c
            JOIN creator cr ON cr.id = \(creator)
            LEFT JOIN membership ms ON ms.campaign_id = c.id AND ms.creator_id = cr.id
            LEFT JOIN thread t ON t.campaign_id = c.id AND t.creator_id = cr.id
            LEFT JOIN message m ON m.id = t.last_message_id
            LEFT JOIN message p ON p.thread_id = t.id AND p.id > \(after)
            WHERE c.id = \(campaign)
            ORDER BY p.id
            LIMIT \(limit)
            """
    }()

    /// A shipment's columns for `StoredModels.shipment`, from the alias `s`.
    public static let shipmentColumns = "s.id, s.carrier, s.number, s.message_id, s.status, s.status_at, s.created_at, s.carrier_name, s.event_at"

    /// Shipments of a campaign (parameter 1, or NULL), of a creator (2, or NULL: everyone's;
    /// a creator sees only campaigns they were not removed from), last heard of at or before 3
    /// (or NULL), of the carrier 4 (or NULL) and, given `statuses` > 0, in one of the statuses in
    /// the parameters from 5 on, oldest first, for `StoredModels.shipmentWithOwner`.
    static func shipments(statuses: Int) -> String {
        let inStatus = statuses == 0 ? "" : "\n  AND s.status IN (\(TextRules.joined((5..<5 + statuses).map { "$\($0)" }, separator: ", ")))"
        return shipment + """

            WHERE ($1::bigint IS NULL OR s.campaign_id = $1)
              AND ($2::bigint IS NULL OR (s.creator_id = $2 AND EXISTS (SELECT 1 FROM membership ms
                   WHERE ms.campaign_id = s.campaign_id AND ms.creator_id = s.creator_id AND ms.status <> 'removed')))
              AND ($3::text IS NULL OR \(lastNewsAt) <= $3) AND ($4::text IS NULL OR s.carrier = $4)\(inStatus)
            ORDER BY s.id
            """
    }

    /// `Shipment.lastNewsAt` of the shipment `s`, in SQL: its newest event, else its status's start,
    /// else its record (times compare as their text, as `Timestamp`s do). The Swift property is the
    /// rule; `ShipmentStaleness` holds this to it.
    static let lastNewsAt = """
        CASE WHEN s.event_at IS NULL THEN coalesce(s.status_at, s.created_at)
             WHEN s.status_at IS NULL OR s.event_at >= s.status_at THEN s.event_at ELSE s.status_at END
        """

    /// Shipments with their campaign and creator, for `StoredModels.shipmentWithOwner`.
    static let shipment = shipment(with: "")

    /// The shipments of a number (parameter 1), oldest first, for `StoredModels.matchedShipment`.
    static let shipmentsByNumber = shipment(with: ", \(campaignColumns), s.creator_id") + "\nWHERE s.number = $1\nORDER BY s.id"
    /// The shipments of a list of numbers (parameter 1), where the engine binds lists.
    static let shipmentsByNumbers = shipment(with: ", \(campaignColumns), s.creator_id") + "\nWHERE s.number = ANY ($1::text[])\nORDER BY s.id"

    /// `shipment` with more columns after the shipment's.
    private static func shipment(with columns: String) -> String {
        """
        SELECT c.slug, cr.handle, \(shipmentColumns)\(columns)
        FROM shipment s JOIN campaign c ON c.id = s.campaign_id JOIN creator cr ON cr.id = s.creator_id
        """
    }

    /// The notices that told shipments' creators of a status, for `StoredModels.shipmentNotice`:
    /// of the shipments whose id is `shipments` (`= $1`, or a list where the engine binds lists).
    static func shipmentNotices(shipments: String) -> String {
        """
        SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle, n.shipment_id, n.status
        FROM shipment_notice n JOIN message m ON m.id = n.message_id JOIN thread t ON t.id = m.thread_id
        JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
        WHERE n.shipment_id \(shipments)
        """
    }

    /// A message (thread 1, side 2, body 3, time 4, key 5), numbered after the side's last; nothing
    /// when the side already used the key in the thread.
    static let insertMessage = """
        INSERT INTO message (thread_id, sender, sender_seq, body, sent_at, idempotency_key)
        SELECT id, $2, CASE $2 WHEN 'brand' THEN brand_sent ELSE creator_sent END + 1, $3, $4, $5
        FROM thread WHERE id = $1
        ON CONFLICT (thread_id, sender, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        """

    /// A new event's columns, parameters 1 to 14, for `appendEvent`.
    static let insertEvent = insertEvents(count: 1)

    /// `count` new events, in order, 14 parameters each (as `insertEvent`'s).
    static func insertEvents(count: Int) -> String {
        """
        INSERT INTO event (kind, campaign_id, creator_id, message_id, side, unread, status, previous_status,
                           notification_id, attempts, created_at, marked_read, shipment_id, status_at)
        VALUES \(parameterRows(count: count, width: 14))
        """
    }

    /// `count` rows of `width` parameters, numbered on from row to row: `($1, $2), ($3, $4)`.
    public static func parameterRows(count: Int, width: Int) -> String {
        TextRules.joined((0..<count).map { row in
            "(" + TextRules.joined((row * width + 1...row * width + width).map { "$\($0)" }, separator: ", ") + ")"
        }, separator: ", ")
    }

    /// The WHERE of a thread listing with only the conditions that apply, written so that the
    /// engines can use their indexes (the partial unread ones, the creator's): one statement per
    /// shape.
    static func threadFilter(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?) -> (sql: String, values: [Int64]) {
        var conditions: [String] = []
        var values: [Int64] = []
        if let campaignID {
            values.append(campaignID)
            conditions.append("t.campaign_id = $\(values.count)")
        }
        if let creatorID {
            values.append(creatorID)
            conditions.append("""
                t.creator_id = $\(values.count) AND EXISTS (SELECT 1 FROM membership ms
                    WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed')
                """)
        }
        switch side {
        case .brand?: conditions.append("t.creator_sent > t.brand_read")
        case .creator?: conditions.append("t.brand_sent > t.creator_read")
        case nil: break
        }
        return (conditions.isEmpty ? "" : "\nWHERE " + TextRules.joined(conditions, separator: " AND "), values)
    }
}
