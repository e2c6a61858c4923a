import CampaignChat

extension SearchQuery {
    /// The query in FTS5's syntax. FTS5 barewords hold only letters, digits, `_` and non-ASCII
    /// characters: any other word (`@alice`, `1Z999-AA`) is searched as a phrase of its tokens.
    /// See https://www.sqlite.org/fts5.html#full_text_query_syntax
    var fts5: String {
        parts.map { part in
            switch part {
            case .word(let word):
                // NEAR is a keyword to FTS5 alone: quoted, it is the word it is on every engine.
                let isBareword = word != "NEAR" && word.unicodeScalars.allSatisfy { Self.isWordCharacter($0) || $0.value > 0x7F }
                return isBareword ? word : Self.fts5Phrase(word)
            case .prefix(let stem): return stem + "*"
            case .phrase(let text): return Self.fts5Phrase(text)
            case .and: return "AND"
            case .or: return "OR"
            case .not: return "NOT"
            case .open: return "("
            case .close: return ")"
            }
        }.joined(separator: " ")
    }

    private static func fts5Phrase(_ text: String) -> String {
        "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
