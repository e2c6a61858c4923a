/// The SQL every engine runs as it is: the SELECTs whose columns `StoredModels` decodes, in
/// standard SQL without placeholders, so a column added for one engine is added for all.
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
    /// (parameter 1), for `StoredModels.sendContext`; `placeholder(n)` spells parameter n.
    public static func sendContext(placeholder: (Int) -> String) -> String {
        """
        SELECT cr.id, cr.handle, cr.name, cr.created_at, cr.push_token, ms.status, t.id
        FROM creator cr
        LEFT JOIN membership ms ON ms.campaign_id = \(placeholder(1)) AND ms.creator_id = cr.id
        LEFT JOIN thread t ON t.campaign_id = \(placeholder(1)) AND t.creator_id = cr.id
        WHERE cr.handle = \(placeholder(2))
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
    public static func events(placeholder: (Int) -> String) -> String {
        let (after, campaign, creator, limit) = (placeholder(1), placeholder(2), placeholder(3), placeholder(4))
        return """
            SELECT \(horizonColumns), page.*
            FROM event_horizon h
            LEFT JOIN (
                SELECT e.id AS event_id, e.kind, e.created_at, c.slug, cr.handle, e.side, e.unread, e.status, e.previous_status,
                       e.notification_id, e.message_id, e.attempts, m.id AS sent_id, m.sender, m.body, m.sent_at, m.idempotency_key,
                       e.marked_read
                FROM event e
                JOIN campaign c ON c.id = e.campaign_id
                LEFT JOIN creator cr ON cr.id = e.creator_id
                LEFT JOIN message m ON m.id = e.message_id AND e.kind = 'message_sent'
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
    }

    /// What a follower of a thread reads, for `StoredModels.threadPage`, in one statement: the
    /// status in the campaign (parameter 1) of the creator (2), NULL when never invited; their
    /// thread there (`threadColumns`, all NULL until it starts); then its messages after message
    /// 3, at most 4 of them, oldest first (all NULL in the one row there is when there are none).
    /// What can change while a follower waits (a removal, the thread starting, its counts) is read
    /// here, so that a wake-up costs this one statement.
    public static func threadPage(placeholder: (Int) -> String) -> String {
        let (campaign, creator, after, limit) = (placeholder(1), placeholder(2), placeholder(3), placeholder(4))
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
    }

    /// A shipment's columns for `StoredModels.shipment`, from the alias `s`.
    public static let shipmentColumns = "s.id, s.carrier, s.number, s.message_id, s.status, s.status_at, s.created_at, s.carrier_name"

    /// Shipments of a campaign (parameter 1, or NULL), of a creator (2, or NULL: everyone's;
    /// a creator sees only campaigns they were not removed from) and in a status (3, or NULL),
    /// oldest first, for `StoredModels.shipmentWithOwner`. `placeholder(n, type)` is the engine's
    /// spelling of parameter n of a PostgreSQL type.
    public static func shipments(placeholder: (Int, String) -> String) -> String {
        let (campaign, creator, status) = (placeholder(1, "bigint"), placeholder(2, "bigint"), placeholder(3, "text"))
        return """
            SELECT c.slug, cr.handle, \(shipmentColumns)
            FROM shipment s JOIN campaign c ON c.id = s.campaign_id JOIN creator cr ON cr.id = s.creator_id
            WHERE (\(campaign) IS NULL OR s.campaign_id = \(campaign))
              AND (\(creator) IS NULL OR (s.creator_id = \(creator) AND EXISTS (SELECT 1 FROM membership ms
                   WHERE ms.campaign_id = s.campaign_id AND ms.creator_id = s.creator_id AND ms.status <> 'removed')))
              AND (\(status) IS NULL OR s.status = \(status))
            ORDER BY s.id
            """
    }

    /// One shipment by campaign (1), creator (2) and number (3).
    public static func shipment(placeholder: (Int) -> String) -> String {
        """
        SELECT c.slug, cr.handle, \(shipmentColumns)
        FROM shipment s JOIN campaign c ON c.id = s.campaign_id JOIN creator cr ON cr.id = s.creator_id
        WHERE s.campaign_id = \(placeholder(1)) AND s.creator_id = \(placeholder(2)) AND s.number = \(placeholder(3))
        """
    }

    /// The shipment message 1 carried, in the columns of `shipment`.
    public static func shipmentOfMessage(placeholder: (Int) -> String) -> String {
        """
        SELECT c.slug, cr.handle, \(shipmentColumns)
        FROM shipment s JOIN campaign c ON c.id = s.campaign_id JOIN creator cr ON cr.id = s.creator_id
        WHERE s.message_id = \(placeholder(1))
        """
    }

    /// A new shipment (campaign 1, creator 2, carrier 3, number 4, message 5, time 6, carrier
    /// name 7); nothing when the campaign's creator already has that number.
    public static func insertShipment(placeholder: (Int) -> String) -> String {
        """
        INSERT INTO shipment (campaign_id, creator_id, carrier, number, message_id, created_at, carrier_name)
        VALUES \(parameterRow(1...7, placeholder))
        ON CONFLICT (campaign_id, creator_id, number) DO NOTHING
        """
    }

    /// A new event's columns, parameters 1 to 12, for `appendEvent`.
    public static func insertEvent(placeholder: (Int) -> String) -> String {
        insertEvents(count: 1, placeholder: placeholder)
    }

    /// `count` new events, in order, 12 parameters each (as `insertEvent`'s).
    public static func insertEvents(count: Int, placeholder: (Int) -> String) -> String {
        """
        INSERT INTO event (kind, campaign_id, creator_id, message_id, side, unread, status, previous_status,
                           notification_id, attempts, created_at, marked_read)
        VALUES \(parameterRows(count: count, width: 12, placeholder))
        """
    }

    /// `(?1, ?2, ?3)` for `1...3`.
    static func parameterRow(_ numbers: ClosedRange<Int>, _ placeholder: (Int) -> String) -> String {
        "(" + TextRules.joined(numbers.map(placeholder), separator: ", ") + ")"
    }

    /// `count` rows of `width` parameters, numbered on from row to row: `(?1, ?2), (?3, ?4)`.
    static func parameterRows(count: Int, width: Int, _ placeholder: (Int) -> String) -> String {
        TextRules.joined((0..<count).map { parameterRow($0 * width + 1...$0 * width + width, placeholder) }, separator: ", ")
    }

    /// The WHERE of a thread listing with only the conditions that apply, written so that the
    /// engines can use their indexes (the partial unread ones, the creator's): one statement per
    /// shape. `placeholder(n)` is the engine's spelling of parameter n (`?1`, `$1`).
    public static func threadFilter(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?,
                                    placeholder: (Int) -> String) -> (sql: String, values: [Int64]) {
        var conditions: [String] = []
        var values: [Int64] = []
        if let campaignID {
            values.append(campaignID)
            conditions.append("t.campaign_id = \(placeholder(values.count))")
        }
        if let creatorID {
            values.append(creatorID)
            conditions.append("""
                t.creator_id = \(placeholder(values.count)) AND EXISTS (SELECT 1 FROM membership ms
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
