import CampaignChat

/// Threads, their read positions and their messages.
extension PostgresChatTransaction {
    func thread(campaignID: Int64, creatorID: Int64) throws -> ChatThread? {
        try connection.row(StoredQueries.threads + "\nWHERE t.campaign_id = $1 AND t.creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)], StoredModels.thread)
    }

    func threadID(campaignID: Int64, creatorID: Int64) throws -> Int64? {
        try connection.row("SELECT id FROM thread WHERE campaign_id = $1 AND creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)]) { $0.int64(0) }
    }

    func threads(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?) throws -> [ChatThread] {
        let (filter, values) = StoredQueries.threadFilter(campaignID: campaignID, creatorID: creatorID, unreadFor: side) { "$\($0)" }
        return try connection.rows(StoredQueries.threads + filter + "\nORDER BY t.last_message_id DESC NULLS LAST", values.map(SQLValue.integer), StoredModels.thread)
    }

    func insertThread(campaign: Campaign, creator: Creator, at time: Timestamp) throws -> ChatThread {
        let id = try connection.integer("INSERT INTO thread (campaign_id, creator_id, created_at) VALUES ($1, $2, $3) RETURNING id",
                                        [.integer(campaign.id), .integer(creator.id), .text(time.rfc3339)])
        return ChatThread(id: id, campaignSlug: campaign.slug, creator: creator.handle, createdAt: time,
                          sentByBrand: 0, sentByCreator: 0, readByBrand: 0, readByCreator: 0, lastMessage: nil)
    }

    func setReadPosition(threadID: Int64, side: Side, read: Int) throws {
        let column = side == .brand ? "brand_read" : "creator_read"
        try connection.query("UPDATE thread SET \(column) = $2 WHERE id = $1", [.integer(threadID), SQLValue(read)])
    }

    func forEachMessage(in thread: ChatThread, limit: Int?, _ body: (Message) throws -> Void) throws {
        let each: (PostgresRow) throws -> Void = { row in
            try body(StoredModels.message(row, from: 0, campaignSlug: thread.campaignSlug, creator: thread.creator))
        }
        if let limit {
            try connection.forEachRow("""
                SELECT * FROM (SELECT id, sender, body, sent_at, idempotency_key FROM message
                               WHERE thread_id = $1 ORDER BY id DESC LIMIT $2) AS newest
                ORDER BY id
                """, [.integer(thread.id), SQLValue(limit)], each)
        } else {
            try connection.forEachRow("SELECT id, sender, body, sent_at, idempotency_key FROM message WHERE thread_id = $1 ORDER BY id",
                                      [.integer(thread.id)], each)
        }
    }

    private static let threadPageQuery = StoredQueries.threadPage { "$\($0)::bigint" }

    func threadPage(campaignID: Int64, creatorID: Int64, after id: Int64, limit: Int) throws -> ThreadPage {
        try StoredModels.threadPage(connection.rows(Self.threadPageQuery, [.integer(campaignID), .integer(creatorID), .integer(id), SQLValue(limit)],
                                                    StoredModels.threadPageRow))
    }

    func message(key: String, campaignID: Int64, creatorID: Int64, from side: Side) throws -> Message? {
        try connection.row("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle
            FROM thread t JOIN message m ON m.thread_id = t.id AND m.sender = $4 AND m.idempotency_key = $1
            JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE t.campaign_id = $2 AND t.creator_id = $3
            """, [.text(key), .integer(campaignID), .integer(creatorID), .text(side.rawValue)], StoredModels.messageWithThread)
    }

    /// One statement, one round trip: the message (nothing when the key is taken: the unique
    /// index settles it), its thread's counters and (`marksRead`) the sender's read position, its notification
    /// (due at once by the server's clock, which delivery leases are measured by).
    func insertMessage(threadID: Int64, campaign: Campaign, creator: Creator, from side: Side, body: String, key: String?,
                       marksRead: Bool, notification: NotificationDraft?, at time: Timestamp) throws -> Message? {
        guard let id = try connection.row("""
            WITH sent AS (
                INSERT INTO message (thread_id, sender, sender_seq, body, sent_at, idempotency_key)
                SELECT id, $2, CASE $2 WHEN 'brand' THEN brand_sent ELSE creator_sent END + 1, $3, $4, $5
                FROM thread WHERE id = $1
                ON CONFLICT (thread_id, sender, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id
            ), counted AS (
                UPDATE thread SET brand_sent = brand_sent + CASE $2 WHEN 'brand' THEN 1 ELSE 0 END,
                                  creator_sent = creator_sent + CASE $2 WHEN 'creator' THEN 1 ELSE 0 END,
                                  brand_read = CASE WHEN $10 AND $2 = 'brand' THEN creator_sent ELSE brand_read END,
                                  creator_read = CASE WHEN $10 AND $2 = 'creator' THEN brand_sent ELSE creator_read END,
                                  last_message_id = sent.id, last_message_at = $4
                FROM sent WHERE thread.id = $1
            ), notified AS (
                INSERT INTO notification (message_id, campaign_id, creator_id, preview, state, next_attempt_at, created_at)
                SELECT sent.id, $6, $7, $8, $9, CASE $9 WHEN 'pending' THEN \(Self.serverNow) END, $4
                FROM sent WHERE $9::text IS NOT NULL
            )
            SELECT id FROM sent
            """, [.integer(threadID), .text(side.rawValue), .text(body), .text(time.rfc3339), SQLValue(key),
                  SQLValue(notification?.campaignID), SQLValue(notification?.creatorID), SQLValue(notification?.preview),
                  SQLValue(notification?.state.rawValue), SQLValue(marksRead)], { $0.int64(0) })
        else { return nil }
        return Message(id: id, campaignSlug: campaign.slug, creator: creator.handle, from: side, body: body, sentAt: time, key: key)
    }
}
