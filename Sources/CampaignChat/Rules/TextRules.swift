/// What text campaignchat accepts: message bodies, names and slugs.
///
/// Bodies are stored exactly as given (control characters included: output
/// escapes them); names must be plain printable text.
public enum TextRules {
    /// Longest message body, in Unicode scalars: not in characters, since one character
    /// (`a` and any number of combining accents) can hold a megabyte.
    public static let maximumBodyLength = 10_000
    /// Longest message body in UTF-8 bytes (every scalar within the limit above fits).
    public static let maximumBodyBytes = 40_000
    /// Longest campaign, group or creator name, in characters.
    public static let maximumNameLength = 200

    /// Checks raw bytes (from stdin or a file) and returns them as a body.
    public static func messageBody(bytes: [UInt8]) throws(CampaignChatError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidText("message is not valid UTF-8")
        }
        try checkMessageBody(text)
        return text
    }

    /// Refuses empty, over-long and NUL-containing bodies.
    public static func checkMessageBody(_ text: String) throws(CampaignChatError) {
        if text.unicodeScalars.contains("\0") {
            throw .invalidText("message contains a NUL character")
        }
        if text.allSatisfy(\.isWhitespace) {
            throw .invalidText("message is empty")
        }
        let bytes = text.utf8.count
        let length = bytes > maximumBodyLength ? text.unicodeScalars.count : bytes
        if length > maximumBodyLength || bytes > maximumBodyBytes {
            throw .invalidText("message is \(length) characters (Unicode scalars) long; the limit is \(maximumBodyLength)")
        }
    }

    /// The first `limit` Unicode scalars of `text`, and whether that cut anything off:
    /// previews are bounded in scalars, because a single character is not.
    public static func leadingScalars(of text: String, limit: Int) -> (text: String, cut: Bool) {
        var kept = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return (String(kept), true) }
            kept.append(scalar)
            count += 1
        }
        return (text, false)
    }

    /// Idempotency keys (and bulk key prefixes): 1 to 200 characters without control characters.
    public static func checkKey(_ key: String) throws(CampaignChatError) {
        // At most 200 bytes are at most 200 characters and scalars, without counting them (a bulk row's key is 69).
        let tooLong = key.utf8.count > 200 && (key.count > 200 || key.unicodeScalars.count > 800)
        if key.isEmpty || tooLong || key.unicodeScalars.contains(where: isTerminalControl) {
            throw .invalidValue("invalid key '\(quotedForMessage(key))': use 1 to 200 printable characters")
        }
    }

    /// Checks a campaign, group or creator name and returns it trimmed.
    public static func name(_ text: String, of what: String) throws(CampaignChatError) -> String {
        let trimmed = trimmed(text)
        if trimmed.isEmpty {
            throw .invalidValue("\(what) name is empty")
        }
        if hasInvisibleCharacter(trimmed) {
            throw .invalidValue("\(what) name contains control, bidi or invisible formatting characters")
        }
        if trimmed.count > maximumNameLength {
            throw .invalidValue("\(what) name is longer than \(maximumNameLength) characters")
        }
        return trimmed
    }

    /// The UTF-8 byte order mark that editors and spreadsheet exports put in front of a file: not
    /// part of its text (a bulk file's first column name, a template, the first number on stdin).
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` without a byte order mark in front.
    public static func withoutByteOrderMark(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes
    }

    /// Text without leading and trailing white space.
    public static func trimmed(_ text: String) -> String {
        // Most text starts and ends with a printable ASCII character: nothing to trim, no characters to form.
        if let first = text.utf8.first, let last = text.utf8.last, isPrintableASCII(first), isPrintableASCII(last) { return text }
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    private static func isPrintableASCII(_ byte: UInt8) -> Bool { (0x21...0x7E).contains(byte) }

    /// `parts` with `separator` between them, as `joined(separator:)`, which is generic in the
    /// standard library: its first call in a process searches all of the binary's protocol
    /// conformances (about 100,000 instructions, 3% of a `message send`), so paths every run
    /// takes, and bulk rows, join with this.
    public static func joined(_ parts: [String], separator: String = "") -> String {
        var result = ""
        for index in parts.indices {
            if index > parts.startIndex { result += separator }
            result += parts[index]
        }
        return result
    }

    /// Whether `text` has an ASCII digit, read in place as `isASCII` is (every row of a bulk send asks it).
    public static func containsASCIIDigit(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { $0 >= 0x30 && $0 <= 0x39 } }
            ?? text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether every byte of `text` is ASCII, read in place (a generic `allSatisfy` over the
    /// `UTF8View` cost every row of a bulk send 30 instructions a byte).
    public static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 < 0x80 } }
            ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// C0/C1 controls, DEL, and the bidi embedding, override and isolate characters:
    /// the scalars that can rewrite or reorder a terminal line.
    public static func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x061C: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2028, 0x2029: true
        default: false
        }
    }

    /// Terminal controls, and every invisible formatting character (Unicode's `Cf` category:
    /// U+200B zero width space, U+FEFF, U+00AD soft hyphen, the tag characters, ...), with
    /// which `alice` and `al\u{200B}ice` would be two names that look the same.
    private static func isUnsafeForNames(_ scalar: Unicode.Scalar) -> Bool {
        isTerminalControl(scalar) || scalar.properties.generalCategory == .format || (0xE0000...0xE007F).contains(scalar.value)
    }

    /// Whether `text` holds a character no one sees: those of `isUnsafeForNames`, and every other
    /// default-ignorable code point (Hangul fillers U+3164 and U+FFA0, the combining grapheme
    /// joiner U+034F, ...), which render as nothing. A variation selector is kept where it
    /// chooses how the visible character before it looks (the emoji of `❤️`).
    /// See https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point
    static func hasInvisibleCharacter(_ text: String) -> Bool {
        var afterVisible = false
        for scalar in text.unicodeScalars {
            if (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value) {
                if !afterVisible { return true }
                afterVisible = false
                continue
            }
            if isUnsafeForNames(scalar) || scalar.properties.isDefaultIgnorableCodePoint { return true }
            afterVisible = !scalar.properties.isWhitespace
        }
        return false
    }

    /// User input quoted inside an error message: escaped and cut short.
    public static func quotedForMessage(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 64 { result += "..."; break }
            if isTerminalControl(scalar) || scalar == "\\" {
                result += scalar.escapedForTerminal
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }
}

extension Unicode.Scalar {
    /// `\x1b` for controls below 0x100, `\u{202e}` for the rest.
    public var escapedForTerminal: String {
        switch value {
        case 0x5C: return "\\\\"
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0..<0x100:
            let hex = String(value, radix: 16)
            return "\\x" + (hex.count == 1 ? "0" + hex : hex)
        default:
            return "\\u{" + String(value, radix: 16) + "}"
        }
    }
}
