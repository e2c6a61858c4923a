/// The queries and writes of `ChatStore` in SQL, run inside a transaction
/// opened by `SQLiteChatStore`.
struct SQLiteChatTransaction: ChatWriting {
    let database: Database

    // MARK: - Campaigns

    private static let campaignColumns = "c.id, c.slug, c.name, c.created_at, c.archived_at"

    private func campaign(_ row: Statement) -> Campaign {
        Campaign(id: row.int64(0), slug: row.text(1), name: row.text(2),
                 createdAt: Timestamp(rfc3339: row.text(3)),
                 archivedAt: row.optionalText(4).map(Timestamp.init(rfc3339:)))
    }

    func campaign(slug: String) throws -> Campaign? {
        try database.row("SELECT \(Self.campaignColumns) FROM campaign c WHERE c.slug = ?1", [.text(slug)], campaign)
    }

    func campaigns(includeArchived: Bool, memberID: Int64?) throws -> [Campaign] {
        try database.rows("""
            SELECT \(Self.campaignColumns) FROM campaign c
            WHERE (?1 OR c.archived_at IS NULL)
              AND (?2 IS NULL OR EXISTS (SELECT 1 FROM membership ms
                   WHERE ms.campaign_id = c.id AND ms.creator_id = ?2 AND ms.status <> 'removed'))
            ORDER BY c.id
            """, [SQLValue(includeArchived), memberID.map(SQLValue.init) ?? .null], campaign)
    }

    func insertCampaign(slug: String, name: String, at time: Timestamp) throws -> Campaign {
        try database.run("INSERT INTO campaign (slug, name, created_at) VALUES (?1, ?2, ?3)",
                         [.text(slug), .text(name), .text(time.rfc3339)])
        return Campaign(id: database.lastInsertedRowID, slug: slug, name: name, createdAt: time, archivedAt: nil)
    }

    func archiveCampaign(id: Int64, at time: Timestamp) throws {
        try database.run("UPDATE campaign SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
                         [.integer(id), .text(time.rfc3339)])
    }

    func threadCount(campaignID: Int64) throws -> Int {
        Int(try database.integer("SELECT count(*) FROM thread WHERE campaign_id = ?1", [.integer(campaignID)]))
    }

    // MARK: - Groups

    func groupSummaries(campaignID: Int64) throws -> [GroupSummary] {
        try database.rows("""
            SELECT g.id, c.slug, g.name, g.created_at,
                   coalesce(sum(ms.status = 'invited'), 0), coalesce(sum(ms.status = 'accepted'), 0),
                   coalesce(sum(ms.status = 'declined'), 0), coalesce(sum(ms.status = 'removed'), 0)
            FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            LEFT JOIN membership ms ON ms.group_id = g.id
            WHERE g.campaign_id = ?1
            GROUP BY g.id ORDER BY g.id
            """, [.integer(campaignID)]) { row in
            GroupSummary(
                group: CreatorGroup(id: row.int64(0), campaignSlug: row.text(1), name: row.text(2),
                                    createdAt: Timestamp(rfc3339: row.text(3))),
                counts: StatusCounts(invited: row.int(4), accepted: row.int(5), declined: row.int(6), removed: row.int(7)))
        }
    }

    func group(campaignID: Int64, name: String) throws -> CreatorGroup? {
        try database.row("""
            SELECT g.id, c.slug, g.name, g.created_at FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            WHERE g.campaign_id = ?1 AND g.name = ?2 COLLATE NOCASE
            """, [.integer(campaignID), .text(name)]) { row in
            CreatorGroup(id: row.int64(0), campaignSlug: row.text(1), name: row.text(2), createdAt: Timestamp(rfc3339: row.text(3)))
        }
    }

    func insertGroup(campaign: Campaign, name: String, at time: Timestamp) throws -> CreatorGroup {
        try database.run("INSERT INTO creator_group (campaign_id, name, created_at) VALUES (?1, ?2, ?3)",
                         [.integer(campaign.id), .text(name), .text(time.rfc3339)])
        return CreatorGroup(id: database.lastInsertedRowID, campaignSlug: campaign.slug, name: name, createdAt: time)
    }

    // MARK: - Creators and memberships

    private func creator(_ row: Statement, from column: Int32 = 0) -> Creator {
        Creator(id: row.int64(column), handle: Handle(stored: row.text(column + 1)),
                name: row.optionalText(column + 2), createdAt: Timestamp(rfc3339: row.text(column + 3)))
    }

    private func creatorWithToken(_ row: Statement) -> Creator {
        Creator(id: row.int64(0), handle: Handle(stored: row.text(1)), name: row.optionalText(2),
                createdAt: Timestamp(rfc3339: row.text(3)), pushToken: row.optionalText(4))
    }

    func creator(handle: Handle) throws -> Creator? {
        try database.row("SELECT id, handle, name, created_at, push_token FROM creator WHERE handle = ?1", [.text(handle.value)],
                         creatorWithToken)
    }

    func creators() throws -> [Creator] {
        try database.rows("SELECT id, handle, name, created_at, push_token FROM creator ORDER BY handle", [], creatorWithToken)
    }

    func updateCreator(id: Int64, name: String??, pushToken: String??) throws {
        if let name {
            try database.run("UPDATE creator SET name = ?2 WHERE id = ?1", [.integer(id), SQLValue(name)])
        }
        if let pushToken {
            try database.run("UPDATE creator SET push_token = ?2 WHERE id = ?1", [.integer(id), SQLValue(pushToken)])
        }
    }

    func insertCreator(handle: Handle, name: String?, at time: Timestamp) throws -> Creator {
        try database.run("INSERT INTO creator (handle, name, created_at) VALUES (?1, ?2, ?3)",
                         [.text(handle.value), SQLValue(name), .text(time.rfc3339)])
        return Creator(id: database.lastInsertedRowID, handle: handle, name: name, createdAt: time)
    }

    /// `ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite` from `column` on.
    private func membership(_ row: Statement, from column: Int32 = 0) -> Membership {
        Membership(campaignID: row.int64(column), creatorID: row.int64(column + 1), groupID: row.int64(column + 2),
                   groupName: row.text(column + 3), status: MembershipStatus(rawValue: row.text(column + 4)) ?? .removed,
                   favorite: row.bool(column + 5))
    }

    func membership(campaignID: Int64, creatorID: Int64) throws -> Membership? {
        try database.row("""
            SELECT ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite
            FROM membership ms JOIN creator_group g ON g.id = ms.group_id
            WHERE ms.campaign_id = ?1 AND ms.creator_id = ?2
            """, [.integer(campaignID), .integer(creatorID)]) { membership($0) }
    }

    func membershipStatus(campaignID: Int64, creatorID: Int64) throws -> MembershipStatus? {
        try database.row("SELECT status FROM membership WHERE campaign_id = ?1 AND creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)]) { MembershipStatus(rawValue: $0.text(0)) ?? .removed }
    }

    private static let memberQuery = """
        SELECT cr.id, cr.handle, cr.name, cr.created_at, c.slug,
               ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite,
               coalesce(t.creator_sent - t.brand_read, 0)
        FROM membership ms
        JOIN campaign c ON c.id = ms.campaign_id
        JOIN creator cr ON cr.id = ms.creator_id
        JOIN creator_group g ON g.id = ms.group_id
        LEFT JOIN thread t ON t.campaign_id = ms.campaign_id AND t.creator_id = ms.creator_id
        """

    private func member(_ row: Statement) -> Member {
        Member(creator: creator(row), campaignSlug: row.text(4), membership: membership(row, from: 5), unreadByBrand: max(0, row.int(11)))
    }

    func members(campaignID: Int64, filter: MemberFilter) throws -> [Member] {
        try database.rows(Self.memberQuery + """

            WHERE ms.campaign_id = ?1 AND (?2 IS NULL OR g.name = ?2 COLLATE NOCASE)
              AND (?3 IS NULL OR ms.status = ?3) AND (NOT ?4 OR ms.favorite)
            ORDER BY cr.handle
            """, [.integer(campaignID), SQLValue(filter.groupName), SQLValue(filter.status?.rawValue), SQLValue(filter.favoritesOnly)],
            member)
    }

    func member(campaignID: Int64, creatorID: Int64) throws -> Member? {
        try database.row(Self.memberQuery + "\nWHERE ms.campaign_id = ?1 AND ms.creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)], member)
    }

    func setMembership(campaignID: Int64, creatorID: Int64, groupID: Int64, status: MembershipStatus, at time: Timestamp) throws {
        try database.run("""
            INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (campaign_id, creator_id) DO UPDATE SET group_id = ?3, status = ?4, updated_at = ?5
            """, [.integer(campaignID), .integer(creatorID), .integer(groupID), .text(status.rawValue), .text(time.rfc3339)])
    }

    func setFavorite(campaignID: Int64, creatorID: Int64, favorite: Bool, at time: Timestamp) throws {
        try database.run("UPDATE membership SET favorite = ?3, updated_at = ?4 WHERE campaign_id = ?1 AND creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID), SQLValue(favorite), .text(time.rfc3339)])
    }

    // MARK: - Threads

    private static let threadQuery = """
        SELECT t.id, c.slug, cr.handle, t.created_at, t.brand_sent, t.creator_sent, t.brand_read, t.creator_read,
               m.id, m.sender, m.body, m.sent_at, m.idempotency_key
        FROM thread t
        JOIN campaign c ON c.id = t.campaign_id
        JOIN creator cr ON cr.id = t.creator_id
        LEFT JOIN message m ON m.id = t.last_message_id
        """

    private func thread(_ row: Statement) -> ChatThread {
        let slug = row.text(1)
        let handle = Handle(stored: row.text(2))
        return ChatThread(
            id: row.int64(0), campaignSlug: slug, creator: handle, createdAt: Timestamp(rfc3339: row.text(3)),
            sentByBrand: row.int(4), sentByCreator: row.int(5), readByBrand: row.int(6), readByCreator: row.int(7),
            lastMessage: row.isNull(8) ? nil : message(row, from: 8, campaignSlug: slug, creator: handle))
    }

    func thread(campaignID: Int64, creatorID: Int64) throws -> ChatThread? {
        try database.row(Self.threadQuery + "\nWHERE t.campaign_id = ?1 AND t.creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)], thread)
    }

    func threadID(campaignID: Int64, creatorID: Int64) throws -> Int64? {
        try database.row("SELECT id FROM thread WHERE campaign_id = ?1 AND creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)]) { $0.int64(0) }
    }

    func threads(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?) throws -> [ChatThread] {
        // Only the conditions that apply, written so that SQLite can use the indexes
        // (the partial unread indexes, thread_by_creator): one cached statement per shape.
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let campaignID {
            values.append(.integer(campaignID))
            conditions.append("t.campaign_id = ?\(values.count)")
        }
        if let creatorID {
            values.append(.integer(creatorID))
            conditions.append("""
                t.creator_id = ?\(values.count) AND EXISTS (SELECT 1 FROM membership ms
                    WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed')
                """)
        }
        switch side {
        case .brand?: conditions.append("t.creator_sent > t.brand_read")
        case .creator?: conditions.append("t.brand_sent > t.creator_read")
        case nil: break
        }
        let filter = conditions.isEmpty ? "" : "\nWHERE " + conditions.joined(separator: " AND ")
        return try database.rows(Self.threadQuery + filter + "\nORDER BY t.last_message_id DESC", values, thread)
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

    func unreadEntries(for side: Side, campaignID: Int64?, creatorID: Int64?) throws -> [UnreadEntry] {
        try threads(campaignID: campaignID, creatorID: creatorID, unreadFor: side).compactMap { thread in
            thread.lastMessage.map { UnreadEntry(campaignSlug: thread.campaignSlug, creator: thread.creator, unread: thread.unread(for: side), lastMessage: $0) }
        }
    }

    // MARK: - Messages

    private func message(_ row: Statement, from column: Int32, campaignSlug: String, creator: Handle) -> Message {
        Message(id: row.int64(column), campaignSlug: campaignSlug, creator: creator,
                from: Side(rawValue: row.text(column + 1)) ?? .brand, body: row.text(column + 2),
                sentAt: Timestamp(rfc3339: row.text(column + 3)), key: row.optionalText(column + 4))
    }

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
            try body(message(statement, from: 0, campaignSlug: thread.campaignSlug, creator: thread.creator))
        }
    }

    func message(key: String, campaignID: Int64, creatorID: Int64, from side: Side) throws -> Message? {
        try database.row("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle
            FROM thread t JOIN message m ON m.thread_id = t.id AND m.sender = ?4 AND m.idempotency_key = ?1
            JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE t.campaign_id = ?2 AND t.creator_id = ?3
            """, [.text(key), .integer(campaignID), .integer(creatorID), .text(side.rawValue)]) { row in
            message(row, from: 0, campaignSlug: row.text(5), creator: Handle(stored: row.text(6)))
        }
    }

    // MARK: - Push notifications

    private static let notificationQuery = """
        SELECT n.id, c.slug, cr.handle, n.message_id, n.preview, n.state, n.attempts, n.next_attempt_at,
               n.last_exit_code, n.last_error, n.created_at, n.delivered_at, cr.push_token, n.lease_until
        FROM notification n JOIN campaign c ON c.id = n.campaign_id JOIN creator cr ON cr.id = n.creator_id
        """

    private func notification(_ row: Statement) -> PushNotification {
        PushNotification(
            id: row.int64(0), campaignSlug: row.text(1), creator: Handle(stored: row.text(2)), messageID: row.int64(3),
            preview: row.text(4), state: NotificationState(rawValue: row.text(5)) ?? .failed, attempts: row.int(6),
            nextAttemptAt: row.optionalText(7).map(Timestamp.init(rfc3339:)), lastExitCode: row.isNull(8) ? nil : row.int(8),
            lastError: row.optionalText(9), createdAt: Timestamp(rfc3339: row.text(10)),
            deliveredAt: row.optionalText(11).map(Timestamp.init(rfc3339:)), token: row.optionalText(12),
            leaseUntil: row.optionalText(13).map(Timestamp.init(rfc3339:)))
    }

    func notifications(state: NotificationState?, limit: Int?) throws -> [PushNotification] {
        try database.rows(Self.notificationQuery + "\nWHERE (?1 IS NULL OR n.state = ?1) ORDER BY n.id LIMIT ?2",
                          [SQLValue(state?.rawValue), .integer(Int64(limit ?? -1))], notification)
    }

    func notification(id: Int64) throws -> PushNotification? {
        try database.row(Self.notificationQuery + "\nWHERE n.id = ?1", [.integer(id)], notification)
    }

    func insertNotification(message: Message, campaignID: Int64, creatorID: Int64, preview: String,
                            state: NotificationState, at time: Timestamp) throws {
        try database.run("""
            INSERT INTO notification (message_id, campaign_id, creator_id, preview, state, next_attempt_at, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, CASE ?5 WHEN 'pending' THEN ?6 END, ?6)
            """, [.integer(message.id), .integer(campaignID), .integer(creatorID), .text(preview), .text(state.rawValue),
                  .text(time.rfc3339)])
    }

    func claimNotification(afterID: Int64, now: Timestamp, leaseUntil: Timestamp, owner: String) throws -> PushNotification? {
        guard let id = try database.row("""
            SELECT id FROM notification
            WHERE state = 'pending' AND id > ?1 AND next_attempt_at <= ?2 AND (lease_until IS NULL OR lease_until <= ?2)
            ORDER BY id LIMIT 1
            """, [.integer(afterID), .text(now.rfc3339)], { $0.int64(0) })
        else { return nil }
        try database.run("UPDATE notification SET lease_until = ?2, lease_owner = ?3 WHERE id = ?1",
                         [.integer(id), .text(leaseUntil.rfc3339), .text(owner)])
        return try notification(id: id)
    }

    func finishNotification(id: Int64, owner: String?, state: NotificationState, attempts: Int, nextAttemptAt: Timestamp?,
                            exitCode: Int?, error: String?, at time: Timestamp) throws -> Bool {
        try database.run("""
            UPDATE notification SET state = ?2, attempts = ?3, next_attempt_at = ?4, last_exit_code = ?5, last_error = ?6,
                   delivered_at = CASE ?2 WHEN 'delivered' THEN ?7 END, lease_until = NULL, lease_owner = NULL
            WHERE id = ?1 AND (?8 IS NULL OR lease_owner = ?8)
            """, [.integer(id), .text(state.rawValue), SQLValue(attempts), SQLValue(nextAttemptAt?.rfc3339),
                  exitCode.map(SQLValue.init) ?? .null, SQLValue(error), .text(time.rfc3339), SQLValue(owner)])
        return database.changedRows > 0
    }

    // MARK: - History

    private static let scopeConditions = """
        (?1 IS NULL OR t.campaign_id = ?1) AND (?2 IS NULL OR t.creator_id = ?2) AND (?3 IS NULL OR m.sender = ?3)
          AND (?4 IS NULL OR m.sent_at >= ?4)
          AND (NOT ?5 OR EXISTS (SELECT 1 FROM membership ms
               WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed'))
        """

    private func scopeValues(_ scope: MessageScope) -> [SQLValue] {
        [scope.campaignID.map(SQLValue.init) ?? .null, scope.creatorID.map(SQLValue.init) ?? .null,
         SQLValue(scope.from?.rawValue), SQLValue(scope.since?.rfc3339), SQLValue(scope.onlyVisibleToCreator)]
    }

    func searchMessages(_ query: SearchQuery, in scope: MessageScope, limit: Int) throws -> [SearchHit] {
        do {
            return try database.rows("""
                SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                       highlight(message_fts, 0, char(57344), char(57345))
                FROM message_fts JOIN message m ON m.id = message_fts.rowid
                JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
                WHERE message_fts MATCH ?6 AND \(Self.scopeConditions)
                ORDER BY rank LIMIT ?7
                """, scopeValues(scope) + [.text(query.fts5), SQLValue(limit)]) { row in
                SearchHit(message: message(row, from: 0, campaignSlug: row.text(5), creator: Handle(stored: row.text(6))),
                          highlighted: row.text(7))
            }
        } catch let error as SQLiteError where error.isStatementError {
            // The SQL is ours and fixed: what SQLite could not read is the user's query.
            throw CampaignChatError.invalidSearch(error.message)
        }
    }

    func forEachMessage(in scope: MessageScope, _ body: (ExportedMessage) throws -> Void) throws {
        let statement = try database.statement("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   CASE m.sender WHEN 'brand' THEN m.sender_seq <= t.creator_read ELSE m.sender_seq <= t.brand_read END
            FROM message m JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE \(Self.scopeConditions)
            ORDER BY m.id
            """, scopeValues(scope))
        while try statement.step() {
            try body(ExportedMessage(message: message(statement, from: 0, campaignSlug: statement.text(5), creator: Handle(stored: statement.text(6))),
                                     read: statement.bool(7)))
        }
    }

    func feedback(campaignID: Int64, creatorID: Int64?) throws -> [Feedback] {
        try database.rows("""
            SELECT f.id, c.slug, cr.handle, f.body, f.created_at FROM feedback f
            JOIN campaign c ON c.id = f.campaign_id JOIN creator cr ON cr.id = f.creator_id
            WHERE f.campaign_id = ?1 AND (?2 IS NULL OR f.creator_id = ?2) ORDER BY f.id
            """, [.integer(campaignID), creatorID.map(SQLValue.init) ?? .null]) { row in
            Feedback(id: row.int64(0), campaignSlug: row.text(1), creator: Handle(stored: row.text(2)), body: row.text(3),
                     createdAt: Timestamp(rfc3339: row.text(4)))
        }
    }

    func insertFeedback(campaign: Campaign, creator: Creator, body: String, at time: Timestamp) throws -> Feedback {
        try database.run("INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES (?1, ?2, ?3, ?4)",
                         [.integer(campaign.id), .integer(creator.id), .text(body), .text(time.rfc3339)])
        return Feedback(id: database.lastInsertedRowID, campaignSlug: campaign.slug, creator: creator.handle, body: body, createdAt: time)
    }

    // MARK: - Messages (writes)

    func insertMessage(threadID: Int64, campaign: Campaign, creator: Creator, from side: Side, body: String, key: String?, at time: Timestamp) throws -> Message {
        try database.run("""
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at, idempotency_key)
            SELECT id, ?2, CASE ?2 WHEN 'brand' THEN brand_sent ELSE creator_sent END + 1, ?3, ?4, ?5
            FROM thread WHERE id = ?1
            """, [.integer(threadID), .text(side.rawValue), .text(body), .text(time.rfc3339), SQLValue(key)])
        let id = database.lastInsertedRowID
        try database.run("""
            UPDATE thread SET brand_sent = brand_sent + (?2 = 'brand'), creator_sent = creator_sent + (?2 = 'creator'),
                              brand_read = CASE ?2 WHEN 'brand' THEN creator_sent ELSE brand_read END,
                              creator_read = CASE ?2 WHEN 'creator' THEN brand_sent ELSE creator_read END,
                              last_message_id = ?3, last_message_at = ?4
            WHERE id = ?1
            """, [.integer(threadID), .text(side.rawValue), .integer(id), .text(time.rfc3339)])
        return Message(id: id, campaignSlug: campaign.slug, creator: creator.handle, from: side, body: body, sentAt: time, key: key)
    }
}
