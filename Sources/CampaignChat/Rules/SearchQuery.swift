/// What a person typed into `message search`, read into its parts: words, `"phrases"`,
/// `prefix*`, `AND`/`OR`/`NOT` and parentheses. Each store renders it in its own engine's
/// full-text syntax (FTS5 on SQLite), so no engine syntax lives in the rules.
///
/// A word is whatever stands between spaces: `@alice`, `1Z999-AA` and `ship-date` are words
/// like any other, and it is for the engine to search them as it tokenizes them.
///
/// Whatever a person can type is a search, as in the search boxes of GitHub or Gmail: a quote
/// or parenthesis that does not pair is a character of its word, an `AND`, `OR` or `NOT`
/// without a term on each side is the word it spells, and `()` is nothing. Only an empty
/// search and one past the limits are refused.
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

        /// Whether this part can end a term (`alpha`, `"a b"`, `)`), or begin one.
        var endsTerm: Bool {
            switch self {
            case .word, .prefix, .phrase, .close: true
            case .and, .or, .not, .open: false
            }
        }

        var beginsTerm: Bool {
            switch self {
            case .word, .prefix, .phrase, .open: true
            case .and, .or, .not, .close: false
            }
        }
    }

    public let parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// The most words, phrases and operators a search may hold, and the deepest its parentheses
    /// may nest: far beyond what a person types, and low enough that no engine's parser runs
    /// out of stack on what we hand it.
    public static let maximumParts = 256
    public static let maximumDepth = 32

    /// Reads a search; an empty one, or one past the limits, is a usage error.
    public init(parsing text: String) throws(CampaignChatError) {
        let characters = Array(text)
        let delimiters = Self.pairedDelimiters(in: characters)
        var parts: [Part] = []
        var word = ""
        var phrase: String?
        func finishWord() {
            guard !word.isEmpty else { return }
            parts.append(Self.part(forWord: word))
            word = ""
        }
        for (index, character) in characters.enumerated() {
            if var open = phrase {
                if delimiters.contains(index) {
                    parts.append(.phrase(open))
                    phrase = nil
                } else {
                    open.append(character)
                    phrase = open
                }
            } else if delimiters.contains(index) {
                finishWord()
                switch character {
                case "\"": phrase = ""
                case "(": parts.append(.open)
                default: parts.append(.close)
                }
            } else if character.isWhitespace {
                finishWord()
            } else {
                word.append(character)
            }
        }
        finishWord()
        guard !parts.isEmpty else { throw .invalidSearch("the search is empty") }
        guard parts.count <= Self.maximumParts else {
            throw .invalidSearch("the search has \(parts.count) words and operators; at most \(Self.maximumParts)")
        }
        var depth = 0
        for part in parts {
            depth += part == .open ? 1 : part == .close ? -1 : 0
            if depth > Self.maximumDepth { throw .invalidSearch("parentheses nest deeper than \(Self.maximumDepth)") }
        }
        // The limits hold for what was typed; joining adds one level of parentheses at most.
        self.parts = Self.joiningTrackingNumbers(Self.operatorsAsWords(Self.withoutEmptyGroups(parts)))
    }

    /// The places in `characters` of the quotes and parentheses that pair: quotes two by two
    /// from the left (a last one alone is a character), then, outside the phrases they make,
    /// each `)` with the nearest open `(` before it. The others are characters of words.
    static func pairedDelimiters(in characters: [Character]) -> Set<Int> {
        var paired: Set<Int> = []
        let quotes = characters.indices.filter { characters[$0] == "\"" }
        let pairedQuotes = quotes.prefix(quotes.count - quotes.count % 2)
        paired.formUnion(pairedQuotes)
        var inPhrase = false
        var opened: [Int] = []
        for (index, character) in characters.enumerated() {
            if paired.contains(index) {
                inPhrase.toggle()
            } else if inPhrase {
                continue
            } else if character == "(" {
                opened.append(index)
            } else if character == ")", let open = opened.popLast() {
                paired.formUnion([open, index])
            }
        }
        return paired
    }

    /// `parts` without groups of nothing: `()`, `(())`.
    static func withoutEmptyGroups(_ parts: [Part]) -> [Part] {
        var kept: [Part] = []
        for part in parts {
            if part == .close && kept.last == .open { kept.removeLast() } else { kept.append(part) }
        }
        return kept
    }

    /// `parts` with each `AND`, `OR` and `NOT` that does not stand between two terms (`AND`
    /// alone, `NOT alpha`, `alpha OR`, `(AND)`) read as the word it spells.
    static func operatorsAsWords(_ parts: [Part]) -> [Part] {
        var read: [Part] = []
        for (index, part) in parts.enumerated() {
            let word: String? = switch part {
            case .and: "AND"
            case .or: "OR"
            case .not: "NOT"
            default: nil
            }
            if let word, !(read.last?.endsTerm == true && index + 1 < parts.count && parts[index + 1].beginsTerm) {
                read.append(.word(word))
            } else {
                read.append(part)
            }
        }
        return read
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

    /// A tracking number pasted as carriers print it, in groups (`1Z 999 AA1 0123 4567 84`) or with
    /// dashes (`1Z-999-AA1-0123-4567-84`), is one word to the engines' tokenizers only when written
    /// as messages carry it: such a run of words also matches the number as one word,
    /// `(1Z 999 AA1 0123 4567 84 OR 1Z999AA10123456784)`. The words keep their meaning (all of them,
    /// anywhere), so a search only ever finds more than before. Only runs that make a right number of a
    /// known format join (see `TrackingNumber`); a number typed as one word is left as it is.
    static func joiningTrackingNumbers(_ parts: [Part]) -> [Part] {
        var joined: [Part] = []
        var index = 0
        while index < parts.count {
            if let (count, number) = trackingNumber(startingAt: index, in: parts) {
                joined += [.open] + parts[index..<index + count] + [.or, .word(number), .close]
                index += count
            } else {
                joined.append(parts[index])
                index += 1
            }
        }
        return joined
    }

    /// The longest run of plain words (ASCII letters, digits and dashes) from `start` that makes a right
    /// tracking number of a known format, when it is more than one word or has a dash: how many words, and the number.
    private static func trackingNumber(startingAt start: Int, in parts: [Part]) -> (count: Int, number: String)? {
        var text = ""
        var found: (count: Int, number: String)?
        // The longest known format has 38 characters: no number is spread over more groups than that.
        for index in start..<min(parts.count, start + 12) {
            guard case .word(let word) = parts[index],
                  word.utf8.allSatisfy({ $0 < 0x80 && (isWordCharacter(Unicode.Scalar($0)) || $0 == UInt8(ascii: "-")) }) else { break }
            text += word
            guard text.utf8.count <= TrackingRules.maximumLength else { break }
            let tracking = TrackingNumber.recognize(text)
            // A right number only (or one of a known format that has no check digit): `1Z999AA10123456784 SOON`
            // is a UPS number of the wrong length, not a number to join.
            let known = tracking.validity == .valid || tracking.validity == .unknown && tracking.service != nil
            if known && (index > start || word.contains("-")) { found = (index - start + 1, tracking.normalized) }
        }
        return found
    }

    /// Letters and digits: what a prefix may be made of, as both engines' tokenizers keep
    /// only letters and digits in a token (`_`, like other punctuation, separates words).
    public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// Whether an engine finds a word in `text`: it holds a letter or a number. Both engines'
    /// tokenizers split text at everything else (punctuation, symbols such as emoji, spaces,
    /// format characters such as U+200B and U+200F), so `"`, `-` or `🎉` hold no word to search.
    static func holdsWords(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
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

    /// The operands of a chain of the same operator (`a AND b AND c`), left to right, so that
    /// engines can be handed flat lists rather than one nested parenthesis per operand.
    public var andOperands: [SearchExpression] {
        if case .and(let left, let right) = self { return left.andOperands + right.andOperands }
        return [self]
    }

    public var orOperands: [SearchExpression] {
        if case .or(let left, let right) = self { return left.orOperands + right.orOperands }
        return [self]
    }
}

extension SearchQuery {
    /// The query's tree, without the terms that hold no word (see `SearchExpression.searchable`):
    /// nil when nothing is left to search for, which finds nothing.
    public func expression() throws(CampaignChatError) -> SearchExpression? {
        if parts.isEmpty { return nil }  // `()`
        var reader = SearchExpressionReader(parts: parts)
        let expression = try reader.readOr()
        // Parsing made every part fit the grammar: this is only a guard.
        if let extra = reader.peek { throw .invalidSearch("unexpected \(SearchExpressionReader.describe(extra))") }
        return expression.searchable
    }
}

extension SearchExpression {
    /// This expression without its terms that hold no letter or number (`"`, `-`, `🎉`, `""`),
    /// which no engine finds a word in: left out as a search box leaves out punctuation, so
    /// `Tom & Jerry` finds both names. `a NOT ""` is `a`; `"" NOT a`, or nothing left, is nil.
    public var searchable: SearchExpression? {
        switch self {
        case .word(let text), .phrase(let text):
            return SearchQuery.holdsWords(text) ? self : nil
        case .prefix:
            return self
        case .and(let left, let right):
            return Self.combining(left.searchable, right.searchable, with: SearchExpression.and)
        case .or(let left, let right):
            return Self.combining(left.searchable, right.searchable, with: SearchExpression.or)
        case .not(let left, let right):
            guard let kept = left.searchable else { return nil }
            return right.searchable.map { .not(kept, $0) } ?? kept
        }
    }

    /// `combined(left, right)` when both are there, else the one that is.
    private static func combining(_ left: SearchExpression?, _ right: SearchExpression?,
                                  with combined: (SearchExpression, SearchExpression) -> SearchExpression) -> SearchExpression? {
        guard let left else { return right }
        guard let right else { return left }
        return combined(left, right)
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
