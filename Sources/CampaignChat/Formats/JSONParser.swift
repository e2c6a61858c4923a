/// A strict JSON (RFC 8259) reader, the core's only one: a bulk file's JSON Lines record (its
/// top-level members) and a carrier's webhook body (every value, nested ones too).
struct JSONParser {
    indirect enum Value: Equatable, Sendable {
        case string(String)
        /// As written (`12.50` stays `12.50`): a bulk cell shows it, and a tracking number sent as
        /// a number keeps its digits.
        case number(String)
        case bool(Bool)
        case null
        case object([Member])
        case array([Value])
        /// A string that is not valid UTF-8 (the record is then invalid).
        case notUTF8

        /// The member `key` of an object (the last, as JavaScript reads a repeated key), else nil.
        subscript(key: String) -> Value? {
            guard case .object(let members) = self else { return nil }
            return members.last { $0.key == key }?.value
        }

        /// The value at `path` of nested objects.
        subscript(path: [String]) -> Value? {
            path.reduce(Optional(self)) { value, key in value?[key] }
        }

        /// A string, or a number as written (a tracking number some send as digits), else nil.
        var text: String? {
            switch self {
            case .string(let text), .number(let text): text
            default: nil
            }
        }

        /// "an object" or "an array", for a message that refuses one; nil for the other kinds.
        var nestedKind: String? {
            switch self {
            case .object: "an object"
            case .array: "an array"
            default: nil
            }
        }
    }

    struct Member: Equatable, Sendable {
        let key: String
        let value: Value
    }

    struct Failure: Error {
        let message: String
        /// For a line that is sound JSON but for a string that is not UTF-8: its members,
        /// that string left out.
        var members: [Member]? = nil
    }

    /// Deeper nesting is refused rather than risking the stack on a hostile line.
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    /// The first string that was not UTF-8: reported once the rest of the line was read.
    private var firstNotUTF8: Failure?

    private init(bytes: [UInt8]) { self.bytes = bytes }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The members of the object that makes up `bytes`, in order (a JSON Lines record).
    static func object(in bytes: [UInt8]) throws(Failure) -> [Member] {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.peek == UInt8(ascii: "{") else {
            throw Failure(message: "the line is not a JSON object")
        }
        let members = try parser.parseObject(depth: 1)
        try parser.requireEnd(after: "the object")
        if var failure = parser.firstNotUTF8 {
            failure.members = members.filter { $0.value != .notUTF8 }
            throw failure
        }
        return members
    }

    /// The one value that makes up `bytes` (a webhook body, which may span lines), whitespace
    /// around it allowed; a string that is not UTF-8 fails it.
    static func value(in bytes: [UInt8]) throws(Failure) -> Value {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        try parser.requireEnd(after: "the value")
        if let failure = parser.firstNotUTF8 { throw failure }
        return value
    }

    private mutating func requireEnd(after what: String) throws(Failure) {
        skipWhitespace()
        if index < bytes.count {
            throw failure("unexpected \(describeCurrent) after \(what)")
        }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    /// Where `index` is: its column on the first line (a JSON Lines record has no other), else
    /// its line within the value too (a pretty-printed body).
    private func failure(_ what: String) -> Failure {
        let end = min(index, bytes.count)
        let lineFeeds = bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = (bytes[..<end].lastIndex(of: 0x0A) ?? -1) + 1
        let place = lineFeeds == 0 ? "column \(end + 1)" : "line \(lineFeeds + 1) column \(end - lineStart + 1) of the value"
        return Failure(message: "invalid JSON at \(place): \(what)")
    }

    /// The byte at `index`, for an error message.
    private var describeCurrent: String {
        guard let byte = peek else { return "end of input" }
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> [Member] {
        if depth > Self.maximumDepth { throw failure("nested more than \(Self.maximumDepth) levels deep") }
        index += 1  // {
        var members: [Member] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw failure("expected a key in double quotes, found \(describeCurrent)") }
            guard case .string(let key) = try parseString() else {
                throw firstNotUTF8 ?? failure("a key is not valid UTF-8")
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw failure("expected ':', found \(describeCurrent)") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(Member(key: key, value: value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return members
            default: throw failure("expected ',' or '}', found \(describeCurrent)")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> [Value] {
        if depth > Self.maximumDepth { throw failure("nested more than \(Self.maximumDepth) levels deep") }
        index += 1  // [
        var elements: [Value] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return elements
            default: throw failure("expected ',' or ']', found \(describeCurrent)")
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> Value {
        guard let byte = peek else { throw failure("expected a value, found end of input") }
        switch byte {
        case UInt8(ascii: "\""):
            return try parseString()
        case UInt8(ascii: "{"):
            return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["):
            return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw failure("expected a value, found \(describeCurrent)")
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws(Failure) {
        let length = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        guard index + length <= bytes.count, bytes[index..<index + length].elementsEqual(expected) else {
            throw failure("expected a value, found \(describeCurrent)")
        }
        index += length
        if let next = peek, Self.isLetterOrDigit(next) {
            throw failure("unexpected \(describeCurrent)")
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
    private mutating func parseNumber() throws(Failure) -> String {
        let first = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let leading = peek, Self.isDigit(leading) else { throw failure("expected a digit, found \(describeCurrent)") }
        index += 1
        if leading != UInt8(ascii: "0") {
            while let byte = peek, Self.isDigit(byte) { index += 1 }
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let byte = peek, Self.isDigit(byte) else { throw failure("expected a digit after '.', found \(describeCurrent)") }
            while let byte = peek, Self.isDigit(byte) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let byte = peek, Self.isDigit(byte) else { throw failure("expected a digit in the exponent, found \(describeCurrent)") }
            while let byte = peek, Self.isDigit(byte) { index += 1 }
        }
        if let byte = peek, Self.isLetterOrDigit(byte) || byte == UInt8(ascii: ".") {
            throw failure("unexpected \(describeCurrent) in a number")
        }
        return String(decoding: bytes[first..<index], as: UTF8.self)
    }

    /// A string's text, or `.notUTF8` (remembered in `firstNotUTF8`) when its bytes are not UTF-8.
    private mutating func parseString() throws(Failure) -> Value {
        let opening = index
        index += 1  // "
        // Most strings have no escape: taken from the input as they are, without a copy to grow.
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\""), bytes[index..<end].allSatisfy({ $0 < 0x80 }) {
            let string = String(decoding: bytes[index..<end], as: UTF8.self)
            index = end + 1
            return .string(string)
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek else {
                index = opening
                throw failure("the string that starts here is never closed")
            }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                // Escapes only add whole scalars, so this checks the raw bytes. ASCII (nearly every string of a
                // webhook body) is UTF-8 already: `String(validating:)` looked up its generic types at run
                // time for every string, a tenth of a `shipment update`.
                let ascii = text.allSatisfy { $0 < 0x80 }
                guard let string = ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self) else {
                    if firstNotUTF8 == nil {
                        let end = index
                        index = opening
                        firstNotUTF8 = failure("the string that starts here is not valid UTF-8")
                        index = end
                    }
                    return .notUTF8
                }
                return .string(string)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &text)
            case 0x00..<0x20:
                throw failure("control character \(describeCurrent) in a string must be escaped")
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into text: inout [UInt8]) throws(Failure) {
        index += 1  // backslash
        guard let byte = peek else { throw failure("the string is never closed") }
        let simple: UInt8? = switch byte {
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): UInt8(ascii: "\\")
        case UInt8(ascii: "/"): UInt8(ascii: "/")
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            text.append(simple)
            index += 1
            return
        }
        guard byte == UInt8(ascii: "u") else { throw failure("unknown escape: backslash then \(describeCurrent)") }
        let escapeStart = index - 1
        index += 1
        var value = try parseHexUnit()
        switch value {
        case 0xD800...0xDBFF:
            guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                index = escapeStart
                throw failure("unpaired surrogate \\u\(String(value, radix: 16, uppercase: true))")
            }
            index += 2
            let low = try parseHexUnit()
            guard (0xDC00...0xDFFF).contains(low) else {
                index = escapeStart
                throw failure("unpaired surrogate \\u\(String(value, radix: 16, uppercase: true))")
            }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            index = escapeStart
            throw failure("unpaired surrogate \\u\(String(value, radix: 16, uppercase: true))")
        default:
            break
        }
        // Surrogates were handled above, so every value left is a scalar.
        UTF8.encode(Unicode.Scalar(value)!) { text.append($0) }
    }

    /// The four hex digits of a `\u` escape.
    private mutating func parseHexUnit() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek else { throw failure("expected four hex digits after \\u") }
            guard let digit = Hex.value(of: byte) else { throw failure("expected four hex digits after \\u, found \(describeCurrent)") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
