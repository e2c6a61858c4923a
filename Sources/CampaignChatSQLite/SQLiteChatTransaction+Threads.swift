import CampaignChat

/// Threads, their read positions and their messages.
extension SQLiteChatTransaction {
    // MARK: - Threads

    func thread(campaignID: Int64, creatorID: Int64) throws -> ChatThread? {
        try database.row(StoredQueries.threads + "\nWHERE t.campaign_id = ?1 AND t.creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)], StoredModels.thread)
    }

    func threadID(campaignID: Int64, creatorID: Int64) throws -> Int64? {
        try database.row("SELECT id FROM thread WHERE campaign_id = ?1 AND creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)]) { $0.int64(0) }
    }

    func threads(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?) throws -> [ChatThread] {
        let (filter, values) = StoredQueries.threadFilter(campaignID: campaignID, creatorID: creatorID, unreadFor: side) { "?\($0)" }
        return try database.rows(StoredQueries.threads + filter + "\nORDER BY t.last_message_id DESC", values.map(SQLValue.integer), StoredModels.thread)
    }

    func insertThread(campaign: Campaign, creator: Creator, at time: Timestamp) throws -> ChatThread {
        try database.run("INSERT INTO thread (campaign_id, creator_id, created_at) VALUES (?1, ?2, ?3)",
                         [.integer(campaign.id), .integer(creator.id), .text(time.rfc3339)])
        return ChatThread(id: database.lastInsertedRowID, campaignSlug: campaign.slug, creator: creator.handle, createdAt: time,
                          sentByBrand: 0, sentByCreator: 0, readByBrand: 0, readByCreator: 0, lastMessage: nil)
    }

    func setReadPosition(threadID: Int64, side: Side, read: Int) throws {
        let column = side == .brand ? "brand_read" : "creator_read"
        try database.run("UPDATE thread SET \(column) = ?2 WHERE id = ?1", [.integer(threadID), SQLValue(read)])
    }

    // MARK: - Messages

    func forEachMessage(in thread: ChatThread, limit: Int?, _ body: (Message) throws -> Void) throws {
        let statement: Statement
        if let limit {
            statement = try database.statement("""
                SELECT * FROM (SELECT id, sender, body, sent_at, idempotency_key FROM message
                               WHERE thread_id = ?1 ORDER BY id DESC LIMIT ?2)
                ORDER BY id
                """, [.integer(thread.id), SQLValue(limit)])
        } else {
            statement = try database.statement(
                "SELECT id, sender, body, sent_at, idempotency_key FROM message WHERE thread_id = ?1 ORDER BY id",
                [.integer(thread.id)])
        }
        while try statement.step() {
            try body(StoredModels.message(statement, from: 0, campaignSlug: thread.campaignSlug, creator: thread.creator))
        }
    }

    private static let threadPageQuery = StoredQueries.threadPage { "?\($0)" }

    func threadPage(campaignID: Int64, creatorID: Int64, after id: Int64, limit: Int) throws -> ThreadPage {
        try StoredModels.threadPage(database.rows(Self.threadPageQuery, [.integer(campaignID), .integer(creatorID), .integer(id), SQLValue(limit)],
                                                  StoredModels.threadPageRow))
    }

    func message(key: String, campaignID: Int64, creatorID: Int64, from side: Side) throws -> Message? {
        try database.row("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle
            FROM thread t JOIN message m ON m.thread_id = t.id AND m.sender = ?4 AND m.idempotency_key = ?1
            JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE t.campaign_id = ?2 AND t.creator_id = ?3
            """, [.text(key), .integer(campaignID), .integer(creatorID), .text(side.rawValue)], StoredModels.messageWithThread)
    }

    // MARK: - Messages (writes)

    func insertMessage(threadID: Int64, campaign: Campaign, creator: Creator, from side: Side, body: String, key: String?,
                       marksRead: Bool, notification: NotificationDraft?, at time: Timestamp) throws -> Message? {
        // A key this side already used in the thread inserts nothing (the unique index settles it).
        try database.run("""
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at, idempotency_key)
            SELECT id, ?2, CASE ?2 WHEN 'brand' THEN brand_sent ELSE creator_sent END + 1, ?3, ?4, ?5
            FROM thread WHERE id = ?1
            ON CONFLICT (thread_id, sender, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            """, [.integer(threadID), .text(side.rawValue), .text(body), .text(time.rfc3339), SQLValue(key)])
        guard database.changedRows > 0 else { return nil }
        let id = database.lastInsertedRowID
        guard let unindexed else { throw StoreError.internalError("a message inserted outside a write") }
        unindexed.note(id)
        try database.run("""
            UPDATE thread SET brand_sent = brand_sent + (?2 = 'brand'), creator_sent = creator_sent + (?2 = 'creator'),
                              brand_read = CASE WHEN ?5 AND ?2 = 'brand' THEN creator_sent ELSE brand_read END,
                              creator_read = CASE WHEN ?5 AND ?2 = 'creator' THEN brand_sent ELSE creator_read END,
                              last_message_id = ?3, last_message_at = ?4
            WHERE id = ?1
            """, [.integer(threadID), .text(side.rawValue), .integer(id), .text(time.rfc3339), .integer(marksRead ? 1 : 0)])
        if let notification {
            try database.run("""
                INSERT INTO notification (message_id, campaign_id, creator_id, preview, state, next_attempt_at, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, CASE ?5 WHEN 'pending' THEN ?6 END, ?6)
                """, [.integer(id), .integer(notification.campaignID), .integer(notification.creatorID), .text(notification.preview),
                      .text(notification.state.rawValue), .text(time.rfc3339)])
        }
        return Message(id: id, campaignSlug: campaign.slug, creator: creator.handle, from: side, body: body, sentAt: time, key: key)
    }
}
