/// A bulk message with `{column}` placeholders, checked once and filled per row.
///
/// `{{` and `}}` are literal braces. Anything else unbalanced is refused up front,
/// so a typo cannot reach thousands of creators as `{tracking` text.
public struct MessageTemplate: Sendable {
    /// The placeholder names (trimmed), each once, in order of first use.
    public let placeholders: [String]
    private let pieces: [Piece]

    private enum Piece: Sendable {
        case text(String)
        case placeholder(String)
    }

    /// Parses `text`; error positions count Unicode scalars from 1.
    public init(_ text: String) throws(CampaignChatError) {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var names: [String] = []
        var seen: Set<String> = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let following = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "{" where following == "{":
                literal.append("{")
                index += 2
            case "}" where following == "}":
                literal.append("}")
                index += 2
            case "}":
                throw .invalidValue("template: '}' at position \(index + 1) has no matching '{' (write '}}' for a literal brace)")
            case "{":
                let opening = index
                var name = String.UnicodeScalarView()
                index += 1
                while true {
                    guard index < scalars.count else {
                        throw .invalidValue("template: '{' at position \(opening + 1) is never closed (write '{{' for a literal brace)")
                    }
                    let inner = scalars[index]
                    if inner == "}" { break }
                    if inner == "{" {
                        throw .invalidValue("template: '{' at position \(index + 1) is inside the placeholder opened at position \(opening + 1)")
                    }
                    name.append(inner)
                    index += 1
                }
                index += 1  // }
                let column = TextRules.trimmed(String(name))
                if column.isEmpty {
                    throw .invalidValue("template: the placeholder at position \(opening + 1) has no column name")
                }
                if !literal.isEmpty {
                    pieces.append(.text(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                pieces.append(.placeholder(column))
                if seen.insert(column).inserted { names.append(column) }
            default:
                literal.append(scalar)
                index += 1
            }
        }
        if !literal.isEmpty { pieces.append(.text(String(literal))) }
        self.pieces = pieces
        placeholders = names
    }

    /// The message with each placeholder replaced by `value(name)`, or by
    /// nothing when that is `nil`: checking for missing columns is the caller's job.
    public func render(_ value: (String) -> String?) -> String {
        var message = ""
        for piece in pieces {
            switch piece {
            case .text(let text): message += text
            case .placeholder(let name): message += value(name) ?? ""
            }
        }
        return message
    }
}
