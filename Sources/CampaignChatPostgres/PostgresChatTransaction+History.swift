import CampaignChat

/// Full-text search (PostgreSQL's own, over a stored tsvector), export and Campaign Approval feedback.
extension PostgresChatTransaction {
    static let scopeConditions = """
        ($1::bigint IS NULL OR t.campaign_id = $1) AND ($2::bigint IS NULL OR t.creator_id = $2) AND ($3::text IS NULL OR m.sender = $3)
          AND ($4::text IS NULL OR m.sent_at >= $4)
          AND (NOT $5::boolean OR EXISTS (SELECT 1 FROM membership ms
               WHERE ms.campaign_id = t.campaign_id AND ms.creator_id = t.creator_id AND ms.status <> 'removed'))
        """

    func searchMessages(_ expression: SearchExpression, in scope: MessageScope, limit: Int) throws -> [SearchHit] {
        var values = scope.parameters + [SQLValue(limit)]
        let search = TextSearchQuery(expression, firstParameter: values.count + 1)
        values += search.values
        // Matches are marked with U+E000 and U+E001, as on SQLite, for the CLI to show. Ranked with the
        // document's length counted (normalization 1: divided by 1 + its log), as FTS5's bm25 does, so
        // that `--limit` keeps the same messages on both engines: a short match before a long one.
        // See https://www.postgresql.org/docs/current/textsearch-controls.html#TEXTSEARCH-RANKING
        return try connection.rows("""
            WITH q AS (SELECT \(search.termsSQL))
            SELECT m.id, m.sender, m.body, m.sent_at, m.idempotency_key, c.slug, cr.handle,
                   ts_headline('simple', regexp_replace(m.body, '\(TextSearchQuery.asciiPunctuationCharacter)', ' ', 'g'), \(search.ranking),
                               'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', HighlightAll=true'),
                   \(StoredQueries.shipmentColumns)
            FROM q, message m
            JOIN thread t ON t.id = m.thread_id JOIN campaign c ON c.id = t.campaign_id JOIN creator cr ON cr.id = t.creator_id
            LEFT JOIN shipment s ON s.message_id = m.id
            WHERE \(search.condition) AND \(Self.scopeConditions)
            ORDER BY ts_rank(m.body_search, \(search.ranking), 1) DESC, m.id
            LIMIT $6
            """, values) { row in
            let (message, shipment) = StoredModels.messageWithShipment(row)
            // The marks were put into a copy split at punctuation (see `asciiPunctuationCharacter`): back onto the body.
            let highlighted = SearchHit.placingMarks(of: row.text(7), on: message.body, start: String(SearchHit.matchStart),
                                                     end: String(SearchHit.matchEnd)) ?? message.body
            return SearchHit(message: message, highlighted: highlighted, shipment: shipment)
        }
    }

    func forEachMessage(in scope: MessageScope, _ body: (ExportedMessage) throws -> Void) throws {
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

    func feedback(campaignID: Int64, creatorID: Int64?) throws -> [Feedback] {
        try connection.rows("""
            SELECT f.id, c.slug, cr.handle, f.body, f.created_at FROM feedback f
            JOIN campaign c ON c.id = f.campaign_id JOIN creator cr ON cr.id = f.creator_id
            WHERE f.campaign_id = $1 AND ($2::bigint IS NULL OR f.creator_id = $2) ORDER BY f.id
            """, [.integer(campaignID), SQLValue(creatorID)], StoredModels.feedback)
    }

    func insertFeedback(campaign: Campaign, creator: Creator, body: String, at time: Timestamp) throws -> Feedback {
        let id = try connection.integer("INSERT INTO feedback (campaign_id, creator_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                                        [.integer(campaign.id), .integer(creator.id), .text(body), .text(time.rfc3339)])
        return Feedback(id: id, campaignSlug: campaign.slug, creator: creator.handle, body: body, createdAt: time)
    }
}

/// A search in PostgreSQL's terms. Each word, phrase and prefix becomes one `tsquery` (its
/// text bound as a parameter, never spliced in), computed once in a CTE; the search itself is a
/// boolean condition over `body_search @@` those, so that a term with no words in it (`""`)
/// matches nothing, as in FTS5, instead of vanishing from a combined `tsquery`. Words and
/// phrases go through `phraseto_tsquery` (the words of `1Z999-AA` in order), a prefix through
/// `to_tsquery` with `:*`. Text is split at ASCII punctuation first, as the stored vector is
/// (migration 5), and the 'simple' configuration lowercases and keeps every word, as SQLite's
/// unicode61 tokenizer does (without removing accents).
/// See https://www.postgresql.org/docs/current/textsearch-controls.html
struct TextSearchQuery {
    /// ASCII punctuation as a regular-expression class (`!` to `/`, `:` to `@`, `[` to `` ` ``,
    /// `{` to `~`): spelled as ranges, so it does not depend on the database's locale.
    static let asciiPunctuation = #"[!-/:-@\[-`{-~]+"#
    /// One ASCII punctuation character: replaced one for one by a space, the text keeps its
    /// length, so the marks `ts_headline` puts into it (split as the stored vector is: matches
    /// inside URLs and e-mail addresses too) go back onto the body (`SearchHit.placingMarks`).
    static let asciiPunctuationCharacter = #"[!-/:-@\[-`{-~]"#

    /// The CTE's columns (`q1`, `q2`, ...), one per term.
    private(set) var terms: [String] = []
    /// The terms' texts, parameters from `firstParameter` on.
    private(set) var values: [SQLValue] = []
    /// Whether a message matches: `m.body_search @@ q.qN`, combined with AND, OR and AND NOT.
    private(set) var condition = ""
    /// One `tsquery` of the terms a match may contain (not the excluded ones), for ranking and highlighting.
    private(set) var ranking = ""
    private let firstParameter: Int

    init(_ expression: SearchExpression, firstParameter: Int) {
        self.firstParameter = firstParameter
        (condition, ranking) = render(expression)
    }

    var termsSQL: String { terms.joined(separator: ", ") }

    private mutating func term(_ sql: (String) -> String, _ text: String) -> String {
        values.append(.text(text))
        let column = "q\(terms.count + 1)"
        terms.append(sql("$\(firstParameter + values.count - 1)::text") + " AS " + column)
        return "q." + column
    }

    /// The condition and the ranking query of `expression`.
    private mutating func render(_ expression: SearchExpression) -> (condition: String, ranking: String) {
        switch expression {
        case .word(let text), .phrase(let text):
            let column = term({ "phraseto_tsquery('simple', regexp_replace(\($0), '\(Self.asciiPunctuation)', ' ', 'g'))" }, text)
            return ("m.body_search @@ " + column, column)
        case .prefix(let stem):
            let column = term({ "to_tsquery('simple', quote_literal(\($0)) || ':*')" }, stem)
            return ("m.body_search @@ " + column, column)
        case .and:
            let parts = expression.andOperands.map { render($0) }
            return ("(" + parts.map(\.condition).joined(separator: " AND ") + ")", "(" + parts.map(\.ranking).joined(separator: " && ") + ")")
        case .or:
            let parts = expression.orOperands.map { render($0) }
            return ("(" + parts.map(\.condition).joined(separator: " OR ") + ")", "(" + parts.map(\.ranking).joined(separator: " || ") + ")")
        case .not(let left, let right):
            let kept = render(left)
            let excluded = render(right)
            return ("(" + kept.condition + " AND NOT " + excluded.condition + ")", kept.ranking)
        }
    }
}
