/// What push notifications carry and how their retries are spaced.
public enum PushRules {
    /// Longest preview, in characters.
    public static let previewLength = 100

    /// The start of a message body on one line, for the notification's text.
    public static func preview(of body: String) -> String {
        var preview = ""
        var count = 0
        var pendingSpace = false
        for character in body {
            if character.isWhitespace {
                pendingSpace = !preview.isEmpty
                continue
            }
            if pendingSpace { preview.append(" "); count += 1; pendingSpace = false }
            if count >= previewLength - 1 { preview.append("…"); break }
            preview.append(character)
            count += 1
        }
        return preview
    }

    /// Device tokens are opaque to us: 1 to 4096 printable ASCII characters.
    public static func token(_ text: String) throws(CampaignChatError) -> String {
        guard (1...4096).contains(text.utf8.count), text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidValue("invalid push token: use 1 to 4096 printable ASCII characters without spaces")
        }
        return text
    }

    /// Milliseconds to wait before attempt `attempts + 1`: `base` doubled for each
    /// failed attempt so far, at most an hour.
    public static func retryDelay(afterAttempts attempts: Int, baseMilliseconds base: Int64) -> Int64 {
        let doublings = Int64(1) << Int64(min(max(attempts - 1, 0), 20))
        return min(base.multipliedReportingOverflow(by: doublings).overflow ? Int64.max : base * doublings, 3_600_000)
    }
}
