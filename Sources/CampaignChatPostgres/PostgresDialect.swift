import CampaignChat

/// What PostgreSQL says differently in the chat's SQL (`SQLChatTransaction`).
struct PostgresDialect: SQLDialect {
    /// The channel followers listen on; the payload is the schema that changed.
    static let eventChannel = "campaignchat_events"

    // Not lower(): the database's locale would fold more than ASCII (migration 1 defines it).
    func equalIgnoringCase(_ left: String, _ right: String) -> String { "campaignchat_ascii_lower(\(left)) = campaignchat_ascii_lower(\(right))" }
    let byteOrder = " COLLATE \"C\""
    // The server's clock now, in the text form every timestamp is stored in (`clock_timestamp()`,
    // not `now()`: a write's transaction starts before it waits for the lock).
    // See https://www.postgresql.org/docs/current/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT
    let clock: String? = #"to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#
    // A round trip to the server costs far more than a statement.
    let chainsWrites = true
    let bindsLists = true
    // 12 parameters each, well under the protocol's 65,535.
    let eventsPerInsert = 1_000
    // The stored tsvector is computed with the row (migration 5).
    let indexMessages: String? = nil
    // Delivered when the write commits, to every follower that LISTENs, with the schema's name.
    let notifyFollowers: String? = "SELECT pg_notify('\(eventChannel)', current_schema())"
    let skipLocked = " FOR UPDATE SKIP LOCKED"

    func search(_ expression: SearchExpression, firstParameter: Int) -> SQLSearch {
        let search = TextSearchQuery(expression, firstParameter: firstParameter)
        // Matches are marked in a copy split at punctuation (`asciiPunctuationCharacter`), then put back
        // onto the body. Ranked with the document's length counted (normalization 1: divided by 1 + its
        // log), as FTS5's bm25 does. See https://www.postgresql.org/docs/current/textsearch-controls.html
        return SQLSearch(
            with: "WITH q AS (SELECT \(search.termsSQL))\n", from: "q, message m", condition: search.condition,
            highlighted: """
                ts_headline('simple', regexp_replace(m.body, '\(TextSearchQuery.asciiPunctuationCharacter)', ' ', 'g'), \(search.ranking),
                            'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', HighlightAll=true')
                """,
            ranking: "ts_rank(m.body_search, \(search.ranking), 1) DESC, m.id", values: search.values, marksCopy: true)
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
