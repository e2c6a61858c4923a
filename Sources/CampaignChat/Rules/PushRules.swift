/// What push notifications carry and how their retries are spaced.
public enum PushRules {
    /// Longest preview, in characters.
    public static let previewLength = 100

    /// The start of a message body on one line, for the notification's text.
    public static func preview(of body: String) -> String {
        // White space runs become one space; at most `previewLength` characters, and at most four
        // times as many scalars kept (a character with endless combining marks stays small); the
        // last one "…" when cut.
        TextRules.isASCII(body) ? asciiPreview(of: body) : unicodePreview(of: body)
    }

    /// `preview(of:)` character by character, for any text.
    static func unicodePreview(of body: String) -> String {
        let scalarLimit = previewLength * 4 - 1
        var characters: [Character] = []
        var scalars = 0
        var pendingSpace = false
        var cut = false
        for character in body {
            if character.isWhitespace {
                pendingSpace = !characters.isEmpty
                continue
            }
            let size = character.unicodeScalars.count + (pendingSpace ? 1 : 0)
            if characters.count + (pendingSpace ? 1 : 0) >= previewLength || scalars + size > scalarLimit {
                cut = true
                break
            }
            if pendingSpace { characters.append(" "); pendingSpace = false }
            characters.append(character)
            scalars += size
        }
        if cut { characters = characters.prefix(previewLength - 1) + ["…"] }
        return String(characters)
    }

    /// `preview(of:)` of an ASCII body, byte by byte: a Character's Unicode properties cost a
    /// bulk send 6% when every body was walked that way. Each byte is one character and one
    /// scalar, so only the character limit applies.
    static func asciiPreview(of body: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(body.utf8.count, previewLength))
        var pendingSpace = false
        for byte in body.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if bytes.count + (pendingSpace ? 1 : 0) >= previewLength {
                return String(decoding: bytes.prefix(previewLength - 1), as: UTF8.self) + "…"
            }
            if pendingSpace { bytes.append(0x20); pendingSpace = false }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Device tokens are opaque to us: 1 to 4096 printable ASCII characters.
    public static func token(_ text: String) throws(CampaignChatError) -> String {
        guard (1...4096).contains(text.utf8.count), text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidValue("invalid push token: use 1 to 4096 printable ASCII characters without spaces")
        }
        return text
    }

    /// The least time a delivery gives each command: with 0 every command would be killed at
    /// once and its attempts spent for nothing.
    public static let minimumTimeoutSeconds: Int64 = 1

    /// Checks the times a delivery run gives each command: at least ``minimumTimeoutSeconds`` to
    /// run, and a claim (`lease`) longer than that, or another run could deliver the same
    /// notification meanwhile.
    public static func requireDeliveryTimes(timeoutSeconds: Int64, leaseSeconds: Int64) throws(CampaignChatError) {
        guard timeoutSeconds >= minimumTimeoutSeconds else {
            throw .invalidOption("--timeout 0 would kill every command at once and spend its attempts: give it 1 second or more")
        }
        guard leaseSeconds > timeoutSeconds else {
            throw .invalidOption("--lease (\(leaseSeconds) s) must be longer than --timeout (\(timeoutSeconds) s)")
        }
    }

    /// Milliseconds to wait before attempt `attempts + 1`: `base` doubled for each
    /// failed attempt so far, at most an hour.
    public static func retryDelay(afterAttempts attempts: Int, baseMilliseconds base: Int64) -> Int64 {
        let doublings = Int64(1) << Int64(min(max(attempts - 1, 0), 20))
        return min(base.multipliedReportingOverflow(by: doublings).overflow ? Int64.max : base * doublings, 3_600_000)
    }
}
