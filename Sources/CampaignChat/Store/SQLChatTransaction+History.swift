/// Full-text search (in the engine's own index, `SQLDialect.search`), export and Campaign Approval feedback.
extension SQLChatTransaction {
    /// Which messages of a `MessageScope` (`parameters`, 1 to 5) a history query looks at.
    static var scopeConditions: String {
        """
        ($1::bigint IS NULL OR t.campaign_id = $1) AND ($2::bigint IS NULL OR t.creator_id = $2) AND ($3::text IS NULL OR m.sender = $3)
          AND ($4::text IS NULL OR m.sent_at >= $4)
          AND (NOT $5::boolean OR EXISTS (SELECT 1 FROM membership ms
               WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed'))
        """
    }

    /// Ranked by the engine, with the document's length counted, so that `--limit` keeps the same
    /// messages on every engine: a short match before a long one.
    public func searchMessages(_ expression: SearchExpression, in scope: MessageScope, limit: Int) throws -> [SearchHit] {
        let values = scope.parameters + [SQLValue(limit)]
        let search = dialect.search(expression, firstParameter: values.count + 1)
        return try connection.rows("""
            \(search.with)SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle, \(search.highlighted),
                   \(StoredQueries.shipmentColumns)
            FROM \(search.from)
            JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            LEFT JOIN shipment s ON s.message_id = m.id
            WHERE \(search.condition) AND \(Self.scopeConditions)
            ORDER BY \(search.ranking)
            LIMIT $6
            """, values + search.values) { row in
            let (message, shipment) = StoredModels.messageWithShipment(row)
            guard search.marksCopy else { return SearchHit(message: message, highlighted: row.text(7), shipment: shipment) }
            let highlighted = SearchHit.placingMarks(of: row.text(7), on: message.body, start: String(SearchHit.matchStart),
                                                     end: String(SearchHit.matchEnd)) ?? message.body
            return SearchHit(message: message, highlighted: highlighted, shipment: shipment)
        }
    }

    public func forEachMessage(in scope: MessageScope, _ body: (ExportedMessage) throws -> Void) throws {
        try connection.forEachRow("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   CASE m.sender WHEN 'brand' THEN m.sender_seq <= t.creator_read ELSE m.sender_seq <= t.brand_read END,
                   \(StoredQueries.shipmentColumns)
            FROM message m JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            LEFT JOIN shipment s ON s.message_id = m.id
            WHERE \(Self.scopeConditions)
            ORDER BY m.id
            """, scope.parameters) { row in
            let (message, shipment) = StoredModels.messageWithShipment(row)
            try body(ExportedMessage(message: message, read: row.bool(7), shipment: shipment))
        }
    }

    public func feedback(campaignID: Int64, creatorID: Int64?) throws -> [Feedback] {
        try connection.rows("""
            SELECT f.id, c.slug, cr.handle, f.body, f.created_at FROM feedback f
            JOIN campaign c ON c.id = f.campaign_id JOIN creator cr ON cr.id = f.creator_id
            WHERE f.campaign_id = $1 AND ($2::bigint IS NULL OR f.creator_id = $2) ORDER BY f.id
            """, [.integer(campaignID), SQLValue(creatorID)], StoredModels.feedback)
    }

    public func insertFeedback(campaign: Campaign, creator: Creator, body: String, at time: Timestamp) throws -> Feedback {
        let id = try insertReturningID("INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES ($1, $2, $3, $4)",
                                       [.integer(campaign.id), .integer(creator.id), .text(body), .text(time.rfc3339)])
        return Feedback(id: id, campaignSlug: campaign.slug, creator: creator.handle, body: body, createdAt: time)
    }
}
