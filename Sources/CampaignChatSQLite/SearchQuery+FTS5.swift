import CampaignChat

extension SearchExpression {
    /// The search in FTS5's syntax, every operator and grouping explicit, so that FTS5's own
    /// precedence rules never decide what a search means (the tree does, on every engine).
    /// FTS5 barewords hold only letters, digits, `_` and non-ASCII characters: any other word
    /// (`@alice`, `1Z999-AA`) is searched as a phrase of its tokens.
    /// See https://www.sqlite.org/fts5.html#full_text_query_syntax
    var fts5: String {
        switch self {
        case .word(let word):
            // AND, OR, NOT and NEAR searched as words (`AND` alone) are keywords to FTS5: quoted, each is the word it is.
            let isBareword = !["AND", "OR", "NOT", "NEAR"].contains(word)
                && word.unicodeScalars.allSatisfy { SearchQuery.isWordCharacter($0) || $0.value > 0x7F }
            return isBareword ? word : Self.fts5Phrase(word)
        case .prefix(let stem):
            return stem + "*"
        case .phrase(let text):
            return Self.fts5Phrase(text)
        case .and:
            return "(" + andOperands.map(\.fts5).joined(separator: " AND ") + ")"
        case .or:
            return "(" + orOperands.map(\.fts5).joined(separator: " OR ") + ")"
        case .not(let left, let right):
            return "(" + left.fts5 + " NOT " + right.fts5 + ")"
        }
    }

    private static func fts5Phrase(_ text: String) -> String {
        "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
