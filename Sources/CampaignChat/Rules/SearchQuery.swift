/// Turns what a person types into an FTS5 query.
///
/// FTS5 barewords allow only letters, digits and `_`; people search for
/// `@alice`, `1Z999-AA` or `ship-date`. Such words are quoted (a phrase of their
/// tokens), while quoted phrases, `AND`/`OR`/`NOT`, parentheses and `prefix*`
/// pass through. See https://www.sqlite.org/fts5.html#full_text_query_syntax
public enum SearchQuery {
    public static func fts5(_ text: String) throws(CampaignChatError) -> String {
        var parts: [String] = []
        var word = ""
        var inQuote = false
        func finishWord() {
            guard !word.isEmpty else { return }
            parts.append(bareword(word))
            word = ""
        }
        for character in text {
            if inQuote {
                word.append(character)
                if character == "\"" {
                    parts.append(word)
                    word = ""
                    inQuote = false
                }
            } else if character == "\"" {
                finishWord()
                word = "\""
                inQuote = true
            } else if character.isWhitespace {
                finishWord()
            } else if character == "(" || character == ")" {
                finishWord()
                parts.append(String(character))
            } else {
                word.append(character)
            }
        }
        if inQuote { throw .invalidSearch("unterminated quote in the search") }
        finishWord()
        guard !parts.isEmpty else { throw .invalidSearch("the search is empty") }
        return parts.joined(separator: " ")
    }

    private static func bareword(_ word: String) -> String {
        if ["AND", "OR", "NOT"].contains(word) { return word }
        let isPlain = word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0.value > 0x7F }
        if isPlain { return word }
        if word.count > 1, word.hasSuffix("*"), word.dropLast().unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }) {
            return word
        }
        return "\"" + word.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Every `target` replaced (without Foundation).
    public func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
