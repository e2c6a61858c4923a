/// Campaign slugs: `[a-z0-9][a-z0-9-]{0,63}`, derived from the name when not given.
public enum Slug {
    public static let maximumLength = 64

    /// `Summer Launch 2026!` becomes `summer-launch-2026`; a name with no ASCII letters or digits becomes `campaign`.
    public static func derive(from name: String) -> String {
        var slug = ""
        var pendingDash = false
        for byte in name.lowercased().utf8 {
            let isAlphanumeric = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            if isAlphanumeric {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(Unicode.Scalar(byte))
                if slug.utf8.count >= maximumLength - 4 { break }
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "campaign" : slug
    }

    /// The first of `base`, `base-2`, `base-3`, ... that `isTaken` refuses.
    public static func unique(_ base: String, isTaken: (String) throws -> Bool) rethrows -> String {
        if try !isTaken(base) { return base }
        var suffix = 2
        while try isTaken("\(base)-\(suffix)") { suffix += 1 }
        return "\(base)-\(suffix)"
    }

    /// Validates a slug given by the user and returns it lowercased.
    public static func parse(_ text: String) throws(CampaignChatError) -> String {
        let slug = text.lowercased()
        let bytes = Array(slug.utf8)
        let valid = (1...maximumLength).contains(bytes.count)
            && bytes.first != UInt8(ascii: "-")
            && bytes.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-")
            }
        guard valid else {
            throw .invalidValue("invalid slug '\(TextRules.quotedForMessage(text))': use 1 to 64 of a-z 0-9 and -, not starting with -")
        }
        return slug
    }
}
