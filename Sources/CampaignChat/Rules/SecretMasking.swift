/// A message from a server or library with the secrets it may repeat taken out: a password
/// never reaches a terminal or an error message, even where the library quotes it back.
public enum SecretMasking {
    /// `message` with every "quoted value" that holds one of `pieces` shown as "***".
    public static func maskingQuotedValues(_ message: String, holding pieces: [String]) -> String {
        guard !pieces.isEmpty else { return message }
        let parts = message.split(separator: "\"", omittingEmptySubsequences: false)
        // Odd parts are inside quotes.
        return parts.enumerated().map { index, part in
            index % 2 == 1 && pieces.contains(where: { part.contains($0) }) ? "***" : String(part)
        }.joined(separator: "\"")
    }

    /// `message` with every occurrence of one of `secrets` (longest first) that stands as a word
    /// of its own, no letter or digit right before or after it, shown as `***`: a password libpq
    /// repeats (a socket folder named as it is, `/tmp/hunter2/.s.PGSQL.5432`), a piece of one it
    /// read as a port, unquoted (`port 77 failed`), but not the `p` of `port` for a password `p`.
    public static func maskingWords(_ message: String, _ secrets: [String]) -> String {
        func isWordCharacter(_ character: Character?) -> Bool {
            character.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false
        }
        return secrets.reduce(message) { text, secret in
            guard !secret.isEmpty else { return text }
            var result = ""
            var copied = text.startIndex
            var searched = text.startIndex
            while let found = text[searched...].firstRange(of: secret) {
                let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : nil
                let after = found.upperBound < text.endIndex ? text[found.upperBound] : nil
                if isWordCharacter(before) || isWordCharacter(after) {
                    searched = text.index(after: found.lowerBound)
                    continue
                }
                result += text[copied..<found.lowerBound] + "***"
                copied = found.upperBound
                searched = found.upperBound
            }
            return result + text[copied...]
        }
    }

    public static func firstLine(_ message: String) -> String {
        let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        return line.hasPrefix("FATAL:  ") ? String(line.dropFirst(8)) : line.hasPrefix("ERROR:  ") ? String(line.dropFirst(8)) : line
    }
}
