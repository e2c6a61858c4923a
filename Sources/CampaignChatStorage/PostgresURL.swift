/// A `postgresql://` URL read the way libpq reads it, so that what campaignchat shows of it is
/// where libpq goes: `scheme://[user[:password]@][host][:port][,...][/dbname][?key=value&...]`.
///
/// libpq's rules (`conninfo_uri_parse_options` in `fe-connect.c`), which are not RFC 3986's:
/// the user information ends at the FIRST `@`, and only if no `/` comes before it (so a
/// password may hold `?` or `:`, never an unencoded `@` or `/`); the user name ends at the first
/// `:`; a host ends at `:`, `/`, `?` or `,` (an IPv6 address is in brackets); the database name
/// runs to the first `?`; the query is `key=value` pairs joined by `&`, each key one libpq knows.
/// Every part is %-decoded; a bad %-escape or `%00` is refused.
/// See https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS
struct PostgresURL: Equatable {
    struct Host: Equatable {
        var name: String
        var port: String?
    }

    /// `postgresql` or `postgres`, in lower case.
    var scheme: String
    var user: String?
    var password: String?
    var hosts: [Host]
    var dbname: String?
    var query: [Pair]
    /// Whether an unencoded `@` is in a host, a port or the database name: the sign of a
    /// password with an `@` or a `/` in it that was not %-encoded, which libpq reads as
    /// something else. What such a URL holds in those places may be part of a password.
    var strayAt: Bool

    struct Pair: Equatable {
        var key: String
        var value: String
    }

    /// nil when libpq would refuse `url` (or it is no `postgresql://` URL at all).
    init?(_ url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "postgresql" || scheme == "postgres" else { return nil }
        self.scheme = scheme
        var rest = url[separator.upperBound...]
        strayAt = false

        // The user information: up to the first `@`, if no `/` comes first.
        user = nil
        password = nil
        if let end = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[end] == "@" {
            let credentials = rest[..<end]
            let name = credentials.prefix { $0 != ":" }
            guard let decodedUser = Self.decoded(name) else { return nil }
            user = decodedUser.isEmpty ? nil : decodedUser
            if name.endIndex < credentials.endIndex {
                guard let decodedPassword = Self.decoded(credentials[credentials.index(after: name.endIndex)...]) else { return nil }
                password = decodedPassword.isEmpty ? nil : decodedPassword
            }
            rest = rest[rest.index(after: end)...]
        }

        // The hosts, each with its port.
        hosts = []
        var terminator: Character?
        repeat {
            var name: Substring
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                name = rest[rest.index(after: rest.startIndex)..<close]
                guard !name.isEmpty else { return nil }
                rest = rest[rest.index(after: close)...]
                guard rest.first.map({ ":/?,".contains($0) }) ?? true else { return nil }
            } else {
                name = rest.prefix { !":/?,".contains($0) }
                rest = rest[name.endIndex...]
            }
            var port: Substring?
            if rest.first == ":" {
                let digits = rest.dropFirst().prefix { !"/?,".contains($0) }
                port = digits
                rest = rest[digits.endIndex...]
            }
            terminator = rest.first
            if terminator != nil { rest = rest.dropFirst() }
            strayAt = strayAt || name.contains("@") || port?.contains("@") == true
            guard let decodedName = Self.decoded(name) else { return nil }
            var decodedPort: String?
            if let port {
                guard let decoded = Self.decoded(port) else { return nil }
                decodedPort = decoded.isEmpty ? nil : decoded
            }
            hosts.append(Host(name: decodedName, port: decodedPort))
        } while terminator == ","

        // The database name, then the query.
        dbname = nil
        if terminator == "/" {
            let name = rest.prefix { $0 != "?" }
            strayAt = strayAt || name.contains("@")
            guard let decodedName = Self.decoded(name) else { return nil }
            dbname = decodedName.isEmpty ? nil : decodedName
            rest = rest[name.endIndex...]
            terminator = rest.first
            if terminator != nil { rest = rest.dropFirst() }
        }
        query = []
        if terminator == "?" && !rest.isEmpty {
            var parameters = rest.split(separator: "&", omittingEmptySubsequences: false)
            // A `&` at the very end ends the query; an empty parameter anywhere else is refused.
            if parameters.last?.isEmpty == true { parameters.removeLast() }
            for parameter in parameters {
                let halves = parameter.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false)
                guard halves.count == 2, let key = Self.decoded(halves[0]), let value = Self.decoded(halves[1]) else { return nil }
                // libpq's one alias (JDBC's `ssl=true`); any other key it does not know is refused.
                guard StoreLocation.connectionKeywords.contains(key) || key == "ssl" && value == "true" else { return nil }
                query.append(Pair(key: key, value: value))
            }
        }
    }

    /// The URL without its password and query, every part %-encoded again where it needs to be:
    /// a URL that libpq reads as going where `self` goes.
    var shown: String {
        var text = scheme + "://"
        if user != nil || password != nil {
            text += Self.encoded(user ?? "") + (password == nil ? "" : ":***") + "@"
        }
        text += hosts.map { host in
            (host.name.contains(":") ? "[" + Self.encoded(host.name, keeping: ":") + "]" : Self.encoded(host.name))
                + (host.port.map { ":" + Self.encoded($0) } ?? "")
        }.joined(separator: ",")
        if let dbname { text += "/" + Self.encoded(dbname) }
        return text
    }

    /// `text` %-decoded as libpq decodes it: nil for a `%` without two hex digits after it, or `%00`.
    static func decoded(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var rest = text.utf8[...]
        while let byte = rest.first {
            rest = rest.dropFirst()
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16), value != 0 else { return nil }
            bytes.append(value)
            rest = rest.dropFirst(2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` with every byte but letters, digits, `-._~` (and `keeping`) %-encoded.
    static func encoded(_ text: String, keeping: String = "") -> String {
        let kept = Set((keeping + "-._~").utf8)
        var result = ""
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || kept.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
