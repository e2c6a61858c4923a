import CampaignChat

/// Full-text search (PostgreSQL's own, over a stored tsvector), export and Campaign Approval feedback.
extension PostgresChatTransaction {
    static let scopeConditions = """
        ($1::bigint IS NULL OR t.campaign_id = $1) AND ($2::bigint IS NULL OR t.creator_id = $2) AND ($3::text IS NULL OR m.sender = $3)
          AND ($4::text IS NULL OR m.sent_at >= $4)
          AND (NOT $5::boolean OR EXISTS (SELECT 1 FROM membership ms
               WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed'))
        """

    func scopeValues(_ scope: MessageScope) -> [PostgresValue] {
        [PostgresValue(scope.campaignID), PostgresValue(scope.creatorID), PostgresValue(scope.from?.rawValue),
         PostgresValue(scope.since?.rfc3339), .bool(scope.onlyVisibleToCreator)]
    }

    func searchMessages(_ query: SearchQuery, in scope: MessageScope, limit: Int) throws -> [SearchHit] {
        var values = scopeValues(scope) + [PostgresValue(limit)]
        let tsquery = TextSearchQuery.sql(for: try query.expression(), binding: &values)
        // Matches are marked with U+E000 and U+E001, as on SQLite, for the CLI to show.
        return try connection.rows("""
            WITH q AS (SELECT \(tsquery) AS query)
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   ts_headline('simple', m.body, q.query, 'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', HighlightAll=true')
            FROM q, message m
            JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE m.body_search @@ q.query AND \(Self.scopeConditions)
            ORDER BY ts_rank(m.body_search, q.query) DESC, m.id
            LIMIT $6
            """, values) { row in
            SearchHit(message: StoredModels.messageWithThread(row), highlighted: row.text(7))
        }
    }

    func forEachMessage(in scope: MessageScope, _ body: (ExportedMessage) throws -> Void) throws {
        try connection.forEachRow("""
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   CASE m.sender WHEN 'brand' THEN m.sender_seq <= t.creator_read ELSE m.sender_seq <= t.brand_read END
            FROM message m JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            WHERE \(Self.scopeConditions)
            ORDER BY m.id
            """, scopeValues(scope)) { row in
            try body(ExportedMessage(message: StoredModels.messageWithThread(row), read: row.bool(7)))
        }
    }

    func feedback(campaignID: Int64, creatorID: Int64?) throws -> [Feedback] {
        try connection.rows("""
            SELECT f.id, c.slug, cr.handle, f.body, f.created_at FROM feedback f
            JOIN campaign c ON c.id = f.campaign_id JOIN creator cr ON cr.id = f.creator_id
            WHERE f.campaign_id = $1 AND ($2::bigint IS NULL OR f.creator_id = $2) ORDER BY f.id
            """, [.integer(campaignID), PostgresValue(creatorID)], StoredModels.feedback)
    }

    func insertFeedback(campaign: Campaign, creator: Creator, body: String, at time: Timestamp) throws -> Feedback {
        let id = try connection.integer("INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                                        [.integer(campaign.id), .integer(creator.id), .text(body), .text(time.rfc3339)])
        return Feedback(id: id, campaignSlug: campaign.slug, creator: creator.handle, body: body, createdAt: time)
    }
}

/// A search as a `tsquery` expression: its words bound as parameters, never spliced in.
/// Words and phrases go through `phraseto_tsquery` (the words of `1Z999-AA` in order), a prefix
/// through `to_tsquery` with `:*`; `NOT` becomes `&& !!`. The 'simple' configuration lowercases
/// and keeps every word, as SQLite's unicode61 tokenizer does (without removing accents).
/// See https://www.postgresql.org/docs/current/textsearch-controls.html
enum TextSearchQuery {
    static func sql(for expression: SearchExpression, binding values: inout [PostgresValue]) -> String {
        func bind(_ text: String) -> String {
            values.append(.text(text))
            return "$\(values.count)::text"
        }
        switch expression {
        case .word(let text), .phrase(let text):
            return "phraseto_tsquery('simple', \(bind(text)))"
        case .prefix(let stem):
            return "to_tsquery('simple', quote_literal(\(bind(stem))) || ':*')"
        case .and(let left, let right):
            return "(" + sql(for: left, binding: &values) + " && " + sql(for: right, binding: &values) + ")"
        case .or(let left, let right):
            return "(" + sql(for: left, binding: &values) + " || " + sql(for: right, binding: &values) + ")"
        case .not(let left, let right):
            return "(" + sql(for: left, binding: &values) + " && !!" + sql(for: right, binding: &values) + ")"
        }
    }
}
