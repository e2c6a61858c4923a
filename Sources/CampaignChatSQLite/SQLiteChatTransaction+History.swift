import CampaignChat

/// Full-text search, export and Campaign Approval feedback.
extension SQLiteChatTransaction {
    // MARK: - History

    static let scopeConditions = """
        (?1 IS NULL OR t.campaign_id = ?1) AND (?2 IS NULL OR t.creator_id = ?2) AND (?3 IS NULL OR m.sender = ?3)
          AND (?4 IS NULL OR m.sent_at >= ?4)
          AND (NOT ?5 OR EXISTS (SELECT 1 FROM membership ms
               WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed'))
        """

    func searchMessages(_ expression: SearchExpression, in scope: MessageScope, limit: Int) throws -> [SearchHit] {
        // The FTS5 query is ours too (`SearchExpression.fts5`): an error in it is a bug, not the user's.
        try database.rows("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   highlight(message_fts, 0, char(57344), char(57345)), \(StoredQueries.shipmentColumns)
            FROM message_fts JOIN message m ON m.id = message_fts.rowid
            JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            LEFT JOIN shipment s ON s.message_id = m.id
            WHERE message_fts MATCH ?6 AND \(Self.scopeConditions)
            ORDER BY rank LIMIT ?7
            """, scope.parameters + [.text(expression.fts5), SQLValue(limit)]) { row in
            let (message, shipment) = StoredModels.messageWithShipment(row)
            return SearchHit(message: message, highlighted: row.text(7), shipment: shipment)
        }
    }

    func forEachMessage(in scope: MessageScope, _ body: (ExportedMessage) throws -> Void) throws {
        let statement = try database.statement("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   CASE m.sender WHEN 'brand' THEN m.sender_seq <= t.creator_read ELSE m.sender_seq <= t.brand_read END,
                   \(StoredQueries.shipmentColumns)
            FROM message m JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            LEFT JOIN shipment s ON s.message_id = m.id
            WHERE \(Self.scopeConditions)
            ORDER BY m.id
            """, scope.parameters)
        while try statement.step() {
            let (message, shipment) = StoredModels.messageWithShipment(statement)
            try body(ExportedMessage(message: message, read: statement.bool(7), shipment: shipment))
        }
    }

    func feedback(campaignID: Int64, creatorID: Int64?) throws -> [Feedback] {
        try database.rows("""
            SELECT f.id, c.slug, cr.handle, f.body, f.created_at FROM feedback f
            JOIN campaign c ON c.id = f.campaign_id JOIN creator cr ON cr.id = f.creator_id
            WHERE f.campaign_id = ?1 AND (?2 IS NULL OR f.creator_id = ?2) ORDER BY f.id
            """, [.integer(campaignID), SQLValue(creatorID)], StoredModels.feedback)
    }

    func insertFeedback(campaign: Campaign, creator: Creator, body: String, at time: Timestamp) throws -> Feedback {
        try database.run("INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES (?1, ?2, ?3, ?4)",
                         [.integer(campaign.id), .integer(creator.id), .text(body), .text(time.rfc3339)])
        return Feedback(id: database.lastInsertedRowID, campaignSlug: campaign.slug, creator: creator.handle, body: body, createdAt: time)
    }
}

/// The messages a write inserted, indexed for search in one statement as it ends. FTS5 writes
/// its pending index to disk at every statement savepoint once it has been written in the
/// transaction; indexing last keeps that to one flush per write instead of one per message.
final class UnindexedMessages {
    /// Message ids only grow, so the write's new messages are those from the first one on.
    private(set) var first: Int64?

    func note(_ id: Int64) {
        if first == nil { first = id }
    }
}

extension SQLiteChatTransaction {
    /// Indexes the messages this write inserted; called by the write just before it commits.
    func indexNewMessages() throws {
        guard let first = unindexed?.first else { return }
        try database.run("INSERT INTO message_fts (rowid, body) SELECT id, body FROM message WHERE id >= ?1 ORDER BY id", [.integer(first)])
    }
}
