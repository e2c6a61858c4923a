/// A PostgreSQL connection string as it may be shown: rebuilt from the parts that name the
/// server and nothing else, so no password reaches a message however it was written (special
/// characters in a URL's password, spaces around `=`, a %-encoded key, `sslpassword`).
/// - a URL shows `scheme://user:***@host:port/dbname` as libpq reads it (`PostgresURL`): the
///   query (`?...`) is left out entirely;
/// - the key=value form shows only `host`, `hostaddr`, `port`, `dbname` and `user`, and
///   `password=***` when a password is given.
/// See https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING
enum PostgresConnectionString {
    /// The URL schemes libpq knows; `StoreLocation` reads them in any case.
    static let schemes = ["postgresql://", "postgres://"]

    /// The key=value keywords shown: where the server and the database are, and who signs in.
    static let shownKeywords: Set<String> = ["host", "hostaddr", "port", "dbname", "user"]

    static func isURL(_ connection: String) -> Bool {
        let lowered = connection.lowercased()
        return schemes.contains { lowered.hasPrefix($0) }
    }

    static func displayName(_ connection: String) -> String {
        isURL(connection) ? urlDisplayName(connection) : keyValueDisplayName(connection)
    }

    // MARK: - URL

    /// The URL as libpq reads it (see `PostgresURL`), without its password and query. A URL
    /// libpq cannot read is described without its text, and so is one with an `@` that libpq
    /// reads as part of a host or database name: a password in which `@` or `/` was not
    /// %-encoded, whose pieces libpq takes for a host, a port or a database.
    private static func urlDisplayName(_ url: String) -> String {
        let scheme = url[..<url.firstRange(of: "://")!.lowerBound].lowercased()
        guard let parsed = PostgresURL(url) else { return "the \(scheme):// URL given" }
        guard !parsed.strayAt else { return "the \(scheme):// URL given (an @ in it is not %-encoded)" }
        return parsed.shown
    }

    /// What libpq may read of `connection` as something other than a password and repeat in a
    /// message, when the URL has an `@` it does not end the user information with: the password
    /// the URL would have if its last `@` ended it, and its pieces between `/`, `?`, `@`, `:`
    /// and the like (`chat:pass/word@host` is, to libpq, host `chat` and port `pass`). Longest first.
    static func hiddenParts(_ connection: String) -> [String] {
        guard isURL(connection), PostgresURL(connection)?.strayAt != false,
              let separator = connection.firstRange(of: "://") else { return [] }
        let rest = connection[separator.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return [] }
        let password = rest[rest.index(after: colon)..<at]
        let pieces = password.split(whereSeparator: { "/?@:#&=,[]".contains($0) }).map(String.init)
        return Array(Set([String(password)] + pieces)).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    // MARK: - key=value

    private static func keyValueDisplayName(_ connection: String) -> String {
        var shown: [String] = []
        for (keyword, value) in keyValuePairs(connection) {
            if shownKeywords.contains(keyword) {
                shown.append(keyword + "=" + quoted(value))
            } else if keyword == "password" && !shown.contains("password=***") {
                shown.append("password=***")
            }
        }
        // Nothing readable to show (a first value libpq cannot read): say what it is, not what it holds.
        return shown.isEmpty ? "the key=value connection string given" : shown.joined(separator: " ")
    }

    /// The pairs of libpq's key=value form, read as libpq reads them: whitespace around `=`,
    /// values in single quotes, a backslash escaping the next character. Reading stops at the
    /// first thing that is not a pair (libpq refuses such a string).
    static func keyValuePairs(_ connection: String) -> [(keyword: String, value: String)] {
        var pairs: [(String, String)] = []
        var rest = Substring(connection)
        func skipWhitespace() { rest = rest.drop { $0.isWhitespace } }
        while true {
            skipWhitespace()
            guard !rest.isEmpty else { return pairs }
            let keyword = rest.prefix { $0 != "=" && !$0.isWhitespace }
            rest = rest[keyword.endIndex...]
            skipWhitespace()
            guard rest.first == "=" else { return pairs }
            rest = rest.dropFirst()
            skipWhitespace()
            let quotedValue = rest.first == "'"
            if quotedValue { rest = rest.dropFirst() }
            var value = ""
            var closed = false
            while let character = rest.first {
                rest = rest.dropFirst()
                if character == "\\" {
                    if let escaped = rest.first { value.append(escaped); rest = rest.dropFirst() }
                } else if quotedValue ? character == "'" : character.isWhitespace {
                    closed = true
                    break
                } else {
                    value.append(character)
                }
            }
            // An unterminated quote is no pair (libpq refuses the string): what follows it may be a password.
            guard closed || !quotedValue else { return pairs }
            pairs.append((String(keyword), value))
        }
    }

    /// A value as the key=value form needs it written: in quotes when empty or holding
    /// whitespace, a quote or a backslash.
    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\\" }) else { return value }
        var result = "'"
        for character in value {
            if character == "'" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "'"
    }
}
