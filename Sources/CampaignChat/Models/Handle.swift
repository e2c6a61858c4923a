/// A creator's handle: case-insensitive `[a-z0-9._-]{1,64}`, kept lowercase
/// without the `@`, printed with it.
public struct Handle: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The lowercase handle without `@`, as stored.
    public let value: String

    /// Accepts `@Alice` or `alice`; refuses anything outside the handle alphabet.
    public init(parsing text: String) throws(CampaignChatError) {
        var body = Substring(text)
        if body.hasPrefix("@") { body = body.dropFirst() }
        let lowered = body.lowercased()
        guard (1...64).contains(lowered.utf8.count),
              lowered.utf8.allSatisfy(Handle.isAllowed)
        else {
            throw .invalidValue("invalid handle '\(TextRules.quotedForMessage(text))': use 1 to 64 of a-z 0-9 . _ -")
        }
        value = lowered
    }

    /// For values read back from the store, which only ever holds valid handles.
    public init(stored: String) { value = stored }

    public var description: String { "@" + value }

    public static func < (lhs: Handle, rhs: Handle) -> Bool { lhs.value < rhs.value }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
