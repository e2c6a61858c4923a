/// A PostgreSQL connection string as it may be shown: a URL's password (`user:secret@`,
/// `password=`) and a key=value form's `password=` are replaced by `***`.
enum PostgresConnectionString {
    static func redacted(_ connection: String) -> String {
        if let scheme = connection.firstRange(of: "://") {
            var rest = connection[scheme.upperBound...]
            var result = String(connection[..<scheme.upperBound])
            // user:password@host — the password runs from the first ':' to the last '@' of the authority.
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result += authority[..<colon] + ":***" + authority[at...]
                rest = rest[authorityEnd...]
            }
            return result + redactingPasswordParameter(String(rest), separator: "&")
        }
        return redactingPasswordParameter(connection, separator: " ")
    }

    /// `password=...` up to the next separator becomes `password=***`.
    private static func redactingPasswordParameter(_ text: String, separator: Character) -> String {
        var result = ""
        var remaining = Substring(text)
        while let range = remaining.firstRange(of: "password=") {
            let isWholeKey = range.lowerBound == remaining.startIndex
                || [separator, "?", "&", " "].contains(remaining[remaining.index(before: range.lowerBound)])
            result += remaining[..<range.upperBound]
            remaining = remaining[range.upperBound...]
            if isWholeKey {
                result += "***"
                if remaining.first == "'" {
                    // A quoted value in the key=value form: up to the closing quote.
                    var index = remaining.index(after: remaining.startIndex)
                    while index < remaining.endIndex && remaining[index] != "'" {
                        if remaining[index] == "\\" { index = remaining.index(after: index) }
                        if index < remaining.endIndex { index = remaining.index(after: index) }
                    }
                    remaining = index < remaining.endIndex ? remaining[remaining.index(after: index)...] : ""
                } else {
                    remaining = remaining.drop { $0 != separator && $0 != "&" }
                }
            }
        }
        return result + remaining
    }
}
