/// What a person typed into `message search`, read into its parts: words, `"phrases"`,
/// `prefix*`, `AND`/`OR`/`NOT` and parentheses. Each store renders it in its own engine's
/// full-text syntax (FTS5 on SQLite), so no engine syntax lives in the rules.
///
/// A word is whatever stands between spaces: `@alice`, `1Z999-AA` and `ship-date` are words
/// like any other, and it is for the engine to search them as it tokenizes them.
public struct SearchQuery: Hashable, Sendable {
    public enum Part: Hashable, Sendable {
        /// A word as typed.
        case word(String)
        /// A word's beginning (`track*`): letters, digits and `_` before the `*`.
        case prefix(String)
        /// The text between double quotes, to match as a phrase.
        case phrase(String)
        case and, or, not
        case open, close
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Reads a search; an empty one or an unterminated quote is a usage error.
    public init(parsing text: String) throws(CampaignChatError) {
        var parts: [Part] = []
        var word = ""
        var phrase: String?
        func finishWord() {
            guard !word.isEmpty else { return }
            parts.append(Self.part(forWord: word))
            word = ""
        }
        for character in text {
            if var open = phrase {
                if character == "\"" {
                    parts.append(.phrase(open))
                    phrase = nil
                } else {
                    open.append(character)
                    phrase = open
                }
            } else if character == "\"" {
                finishWord()
                phrase = ""
            } else if character.isWhitespace {
                finishWord()
            } else if character == "(" || character == ")" {
                finishWord()
                parts.append(character == "(" ? .open : .close)
            } else {
                word.append(character)
            }
        }
        if phrase != nil { throw .invalidSearch("unterminated quote in the search") }
        finishWord()
        guard !parts.isEmpty else { throw .invalidSearch("the search is empty") }
        self.parts = parts
    }

    private static func part(forWord word: String) -> Part {
        switch word {
        case "AND": return .and
        case "OR": return .or
        case "NOT": return .not
        default:
            let stem = word.dropLast()
            if word.count > 1, word.hasSuffix("*"), stem.unicodeScalars.allSatisfy(isWordCharacter) { return .prefix(String(stem)) }
            return .word(word)
        }
    }

    /// Letters, digits and `_`: what a prefix may be made of.
    public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
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

/// A search as a tree, read by one grammar for every engine (FTS5's: `NOT` binds tighter than
/// `AND`, `AND` than `OR`, and terms side by side are `AND`ed), so a query one engine accepts
/// the other accepts too, and means the same.
public indirect enum SearchExpression: Hashable, Sendable {
    case word(String)
    case prefix(String)
    case phrase(String)
    case and(SearchExpression, SearchExpression)
    case or(SearchExpression, SearchExpression)
    /// Matches the left side and not the right.
    case not(SearchExpression, SearchExpression)
}

extension SearchQuery {
    /// The query's tree; a lone operator or an unbalanced parenthesis is a usage error.
    public func expression() throws(CampaignChatError) -> SearchExpression {
        var reader = SearchExpressionReader(parts: parts)
        let expression = try reader.readOr()
        if let extra = reader.peek { throw .invalidSearch("unexpected \(SearchExpressionReader.describe(extra))") }
        return expression
    }
}

private struct SearchExpressionReader {
    let parts: [SearchQuery.Part]
    var index = 0

    init(parts: [SearchQuery.Part]) { self.parts = parts }

    var peek: SearchQuery.Part? { index < parts.count ? parts[index] : nil }

    static func describe(_ part: SearchQuery.Part) -> String {
        switch part {
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .open: "'('"
        case .close: "')'"
        case .word(let text), .prefix(let text), .phrase(let text): "'\(TextRules.quotedForMessage(text))'"
        }
    }

    mutating func readOr() throws(CampaignChatError) -> SearchExpression {
        var left = try readAnd()
        while peek == .or {
            index += 1
            left = .or(left, try readAnd())
        }
        return left
    }

    mutating func readAnd() throws(CampaignChatError) -> SearchExpression {
        var left = try readNot()
        while let next = peek {
            switch next {
            case .and:
                index += 1
                left = .and(left, try readNot())
            case .word, .prefix, .phrase, .open:
                left = .and(left, try readNot())
            default:
                return left
            }
        }
        return left
    }

    mutating func readNot() throws(CampaignChatError) -> SearchExpression {
        var left = try readTerm()
        while peek == .not {
            index += 1
            left = .not(left, try readTerm())
        }
        return left
    }

    mutating func readTerm() throws(CampaignChatError) -> SearchExpression {
        guard let part = peek else { throw .invalidSearch("the search ends where a word was expected") }
        index += 1
        switch part {
        case .word(let text): return .word(text)
        case .prefix(let stem): return .prefix(stem)
        case .phrase(let text): return .phrase(text)
        case .open:
            let inner = try readOr()
            guard peek == .close else { throw .invalidSearch("'(' is never closed") }
            index += 1
            return inner
        case .and, .or, .not, .close:
            throw .invalidSearch("unexpected \(Self.describe(part)) where a word was expected")
        }
    }
}
