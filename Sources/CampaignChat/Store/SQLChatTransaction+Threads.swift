/// Threads, their read positions and their messages.
extension SQLChatTransaction {
    public func thread(campaignID: Int64, creatorID: Int64) throws -> ChatThread? {
        try connection.row(StoredQueries.threads + "\nWHERE t.campaign_id = $1 AND t.creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)]) { StoredModels.thread($0) }
    }

    public func threadID(campaignID: Int64, creatorID: Int64) throws -> Int64? {
        try connection.row("SELECT id FROM thread WHERE campaign_id = $1 AND creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)]) { $0.int64(0) }
    }

    public func threads(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?) throws -> [ChatThread] {
        let (filter, values) = StoredQueries.threadFilter(campaignID: campaignID, creatorID: creatorID, unreadFor: side)
        return try connection.rows(StoredQueries.threads + filter + "\nORDER BY t.last_message_id DESC NULLS LAST", values.map(SQLValue.integer),
                                   { StoredModels.thread($0) })
    }

    public func insertThread(campaign: Campaign, creator: Creator, at time: Timestamp) throws -> ChatThread {
        let id = try insertReturningID("INSERT INTO thread (campaign_id, creator_id, created_at) VALUES ($1, $2, $3)",
                                       [.integer(campaign.id), .integer(creator.id), .text(time.rfc3339)])
        return ChatThread(id: id, campaignSlug: campaign.slug, creator: creator.handle, createdAt: time,
                          sentByBrand: 0, sentByCreator: 0, readByBrand: 0, readByCreator: 0, lastMessage: nil)
    }

    public func setReadPosition(threadID: Int64, side: Side, read: Int) throws {
        let column = side == .brand ? "brand_read" : "creator_read"
        try connection.run("UPDATE thread SET \(column) = $2 WHERE id = $1", [.integer(threadID), SQLValue(read)])
    }

    public func forEachMessage(in thread: ChatThread, limit: Int?, _ body: (Message) throws -> Void) throws {
        let each: (any StoredRow) throws -> Void = { row in
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

    public func threadPage(campaignID: Int64, creatorID: Int64, after id: Int64, limit: Int) throws -> ThreadPage {
        try StoredModels.threadPage(connection.rows(StoredQueries.threadPage, [.integer(campaignID), .integer(creatorID), .integer(id), SQLValue(limit)],
                                                    StoredModels.threadPageRow))
    }

    public func message(key: String, campaignID: Int64, creatorID: Int64, from side: Side) throws -> Message? {
        try connection.row("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle
            FROM thread t JOIN message m ON m.thread_id = t.id AND m.sender = $4 AND m.idempotency_key = $1
            JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE t.campaign_id = $2 AND t.creator_id = $3
            """, [.text(key), .integer(campaignID), .integer(creatorID), .text(side.rawValue)], StoredModels.messageWithThread)
    }

    /// The message (nothing when this side already used the key in the thread: the unique index
    /// settles it, even in a race), its thread's counters and (`marksRead`) the sender's read
    /// position, and its notification, due at once by the store's clock, which delivery leases
    /// are measured by. One statement where the engine chains writes (one round trip to a
    /// server), else three, each bound to only its own parameters (a bulk send binds millions).
    public func insertMessage(threadID: Int64, campaign: Campaign, creator: Creator, from side: Side, body: String, key: String?,
                              marksRead: Bool, notification: NotificationDraft?, at time: Timestamp) throws -> Message? {
        guard let pending else { throw StoreError.internalError("a message inserted outside a write") }
        let statements = pending.messageStatements(dialect)
        let (thread, sender, sentAt) = (SQLValue.integer(threadID), SQLValue.text(side.rawValue), SQLValue.text(time.rfc3339))
        let id: Int64
        if dialect.chainsWrites {
            guard let sent = try connection.row(statements.insert, [
                thread, sender, .text(body), sentAt, SQLValue(key), .bool(marksRead), SQLValue(notification?.campaignID),
                SQLValue(notification?.creatorID), SQLValue(notification?.preview), SQLValue(notification?.state.rawValue),
            ], { $0.int64(0) }) else { return nil }
            id = sent
        } else {
            guard let sent = try connection.insert(StoredQueries.insertMessage, [thread, sender, .text(body), sentAt, SQLValue(key)]) else { return nil }
            id = sent
            try connection.run(statements.count, [thread, sender, sentAt, .bool(marksRead), .integer(id)])
            if let notification {
                try connection.run(statements.notify, [.integer(id), .integer(notification.campaignID), .integer(notification.creatorID),
                                                       .text(notification.preview), .text(notification.state.rawValue), sentAt])
            }
        }
        if pending.firstNewMessage == nil { pending.firstNewMessage = id }
        return Message(id: id, campaignSlug: campaign.slug, creator: creator.handle, from: side, body: body, sentAt: time, key: key)
    }
}

/// `insertMessage`'s statements in a dialect, built once per write: a bulk chunk sends a thousand
/// messages. `StoredQueries.insertMessage`'s parameters (thread 1, side 2, body 3, time 4, key 5)
/// and after them, in `insert`, whether the sender read the thread (6) and the notification's
/// campaign, creator, preview and state (7 to 10, NULL for none).
struct MessageStatements {
    /// The message, its counters and its notification in one statement, returning the message's id.
    let insert: String
    /// The thread's counters (thread 1, side 2, time 3, read 4, message 5), after the message went in alone.
    let count: String
    /// The notification (message 1, campaign 2, creator 3, preview 4, state 5, time 6), after the message went in alone.
    let notify: String

    init(_ dialect: any SQLDialect) {
        func counting(thread: String, side: String, time: String, read: String, message: String) -> String {
            """
            UPDATE thread SET brand_sent = brand_sent + CASE \(side) WHEN 'brand' THEN 1 ELSE 0 END,
                              creator_sent = creator_sent + CASE \(side) WHEN 'creator' THEN 1 ELSE 0 END,
                              brand_read = CASE WHEN \(read) AND \(side) = 'brand' THEN creator_sent ELSE brand_read END,
                              creator_read = CASE WHEN \(read) AND \(side) = 'creator' THEN brand_sent ELSE creator_read END,
                              last_message_id = \(message), last_message_at = \(time)
            """
        }
        let notification = "INSERT INTO notification (message_id, campaign_id, creator_id, preview, state, next_attempt_at, created_at)"
        func notified(_ message: String, _ campaign: String, _ creator: String, _ preview: String, _ state: String, _ time: String) -> String {
            "\(message), \(campaign), \(creator), \(preview), \(state), CASE \(state) WHEN 'pending' THEN \(dialect.clock ?? time) END, \(time)"
        }
        insert = """
            WITH sent AS (\(StoredQueries.insertMessage)
                RETURNING id
            ), counted AS (\(counting(thread: "$1", side: "$2", time: "$4", read: "$6", message: "sent.id")) FROM sent WHERE thread.id = $1
            ), notified AS (\(notification) SELECT \(notified("sent.id", "$7", "$8", "$9", "$10::text", "$4")) FROM sent WHERE $10::text IS NOT NULL
            )
            SELECT id FROM sent
            """
        count = counting(thread: "$1", side: "$2", time: "$3", read: "$4", message: "$5") + " WHERE id = $1"
        // VALUES: an INSERT of one row needs no statement journal, one from a SELECT does.
        notify = "\(notification) VALUES (\(notified("$1", "$2", "$3", "$4", "$5", "$6")))"
    }
}

extension PendingWrites {
    func messageStatements(_ dialect: any SQLDialect) -> MessageStatements {
        if let messageStatements { return messageStatements }
        let built = MessageStatements(dialect)
        messageStatements = built
        return built
    }
}
