/// What may go out as a courier tracking number: a number of a known format must have a right
/// check digit (unless the sender says to send it unverified); a number of no known format, or
/// of a format without a check digit, goes out with a warning that it was not verified.
public enum TrackingRules {
    /// A tracking number as it goes out: what it was recognised as, the shipment to record, and
    /// a warning when it could not be verified (or was sent unverified).
    public struct Checked: Hashable, Sendable {
        public let tracking: TrackingNumber
        public let warning: String?
        /// The carrier as a message names it (`{carrier}`): as the sender wrote it, else the one recognised.
        public let carrierName: String?
        /// The carrier the sender named, when campaignchat knows it: the shipment's carrier when
        /// the number's format is not one campaignchat knows.
        public var statedCarrier: Carrier? = nil
        public var shipment: ShipmentDraft {
            ShipmentDraft(carrierID: (tracking.carrier ?? statedCarrier)?.id, number: tracking.tracked, barcode: tracking.normalized,
                          statedCarrier: carrierName)
        }
    }

    /// The longest text taken for a tracking number, in bytes, spaces and dashes aside: the
    /// longest known format (USPS `420` + ZIP+4 + a 26-digit IMpb) has 38 characters.
    public static let maximumLength = 64

    /// What text offered as a tracking number is: one reading for a bulk cell, `--tracking` and
    /// `tracking check`, so that what one accepts the others do.
    public enum Reading: Hashable, Sendable {
        /// Nothing, nothing but spaces and dashes, or a placeholder (`n/a`, `none`, `-`): no
        /// number, as an empty cell (see `namesNoNumber`).
        case noNumber
        /// Text that is no tracking number, as recognised (`normalized`), and why: see `whyNotANumber`.
        case notANumber(normalized: String, reason: String)
        /// A tracking number, recognised: valid, invalid (a wrong check digit or length) or unknown.
        case number(TrackingNumber)
    }

    /// Reads `text` as a tracking number; `stated` is the carrier the sender named (see `check`).
    public static func read(_ text: String, as stated: StatedCarrier = .unstated) -> Reading {
        if namesNoNumber(text) { return .noNumber }
        let tracking = TrackingNumber.recognize(text, as: stated)
        if let reason = whyNotANumber(tracking) { return .notANumber(normalized: tracking.normalized, reason: reason) }
        return .number(tracking)
    }

    /// What `tracking check` reports for `text`: the number as recognised, or, for text that is
    /// no tracking number (empty, a placeholder, or see `whyNotANumber`), an invalid one that says why.
    public static func report(_ text: String) -> TrackingNumber {
        switch read(text) {
        case .number(let tracking):
            return tracking
        case .notANumber(let normalized, let reason):
            return .notANumber(normalized, reason: "not a tracking number: \(reason)")
        case .noNumber:
            return .notANumber(TrackingNumber.normalize(text), reason: noNumberReason)
        }
    }

    private static let noNumberReason = "no tracking number: empty, or a placeholder for none (-, n/a, none)"

    /// Why the text recognised as `tracking` is no tracking number, or nil when it may be one: it
    /// is at most `maximumLength` characters, and text of no known format has a letter or digit, no
    /// control or invisible character (it is shown to people), and does not start as a spreadsheet
    /// formula. Looser than letters and digits alone: carriers campaignchat does not know print
    /// other characters, and a number sent before this rule must still replay. A known format is
    /// letters and digits already.
    private static func whyNotANumber(_ tracking: TrackingNumber) -> String? {
        let normalized = tracking.normalized
        if normalized.utf8.count > maximumLength { return "it has more than \(maximumLength) characters" }
        guard tracking.carrier == nil else { return nil }
        guard let first = normalized.unicodeScalars.first else { return noNumberReason }
        if "=+@".unicodeScalars.contains(first) { return "it starts with \(first), as a spreadsheet formula does" }
        if !normalized.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
            return "it has no letter or digit"
        }
        if TextRules.hasInvisibleCharacter(normalized) { return "it has a control or invisible character" }
        return nil
    }

    /// Whether a tracking cell or `--tracking` value stands for no number: nothing but spaces and
    /// dashes, or a placeholder (`n/a`, `none`, `-`), as an empty cell. Other text without a letter
    /// or digit (`!!!`) is text, and no tracking number (see `read`).
    public static func namesNoNumber(_ text: String) -> Bool {
        // No placeholder has a digit, and nearly every number has one: judged without splitting it into words.
        guard !TextRules.containsASCIIDigit(text) else { return false }
        let words = words(of: text)
        return words.isEmpty ? TrackingNumber.normalize(text).isEmpty : namesNoCarrier(words)
    }

    /// Recognises and checks `text`. `stated` is the carrier the sender named (a bulk file's
    /// carrier column): a carrier campaignchat knows judges the number by its own formats (a
    /// mistyped number of it is invalid even where another carrier's check passes), one it does
    /// not know leaves bare digits unknown, and a number of another carrier gets a warning (see
    /// `StatedCarrier`). Throws `invalidTrackingNumber` for a wrong check digit or length when
    /// `verify` is on.
    public static func check(_ text: String, column: String? = nil, stated: String? = nil, verify: Bool = true) throws(CampaignChatError) -> Checked {
        // A carrier column that names no carrier (`-`, `N/A`, `none`) is as if empty: the number is judged by every format.
        let statedWords = stated.map(words(of:)) ?? []
        let stated = stated.flatMap { namesNoCarrier(statedWords) ? nil : $0 }
        let statedCarrier = stated == nil ? nil : carrier(words: statedWords)
        // Text that is no tracking number is refused, verified or not (see `whyNotANumber`).
        let tracking: TrackingNumber
        switch read(text, as: statedCarrier.map { .carrier($0) } ?? (stated == nil ? .unstated : .unlisted)) {
        case .number(let number):
            tracking = number
        case .notANumber(let normalized, let reason):
            throw notANumber(normalized, column: column, reason: reason)
        case .noNumber:
            throw notANumber(TrackingNumber.normalize(text), column: column, reason: noNumberReason)
        }
        // Only for a warning: quoting every number of a bulk send cost a fifth of its checking.
        var number: String { TextRules.quotedForMessage(tracking.normalized) }
        var warnings: [String] = []
        switch tracking.validity {
        case .valid:
            break
        case .invalid(let reason):
            if verify { throw .invalidTrackingNumber(number: tracking.normalized, reason: reason, column: column) }
            warnings.append("'\(number)' is not valid (\(reason)), sent unverified (--no-verify-tracking)")
        case .unknown:
            if let service = tracking.service {
                warnings.append("'\(number)' is a \(TrackingRecognizer.numberName(service)), which has no check digit: not verified")
            } else if let stated, TrackingNumber.recognize(text).isRecognized {
                warnings.append("'\(number)' matches no format campaignchat knows for '\(TextRules.quotedForMessage(stated))': not verified")
            } else {
                warnings.append("'\(number)' matches no known carrier format: not verified")
            }
        }
        // `upu-s10` stands for every postal operator of an S10 number: Royal Mail's is one of them.
        let anyPostalOperator = statedCarrier == .upuPostalOperator && tracking.service?.hasPrefix("UPU S10") == true
        if let stated, let recognised = tracking.carrier, let statedCarrier, statedCarrier != recognised,
           !tracking.alsoValidFor.contains(statedCarrier), !anyPostalOperator {
            warnings.append("'\(number)' is a \(recognised.name) number, not \(TextRules.quotedForMessage(stated))")
        }
        return Checked(tracking: tracking, warning: warnings.isEmpty ? nil : warnings.joined(separator: "; "),
                       carrierName: stated ?? tracking.carrier?.name, statedCarrier: statedCarrier)
    }

    private static func notANumber(_ normalized: String, column: String?, reason: String) -> CampaignChatError {
        .invalidValue("'\(TextRules.quotedForMessage(normalized))'" + (column.map { " in column '\(TextRules.quotedForMessage($0))'" } ?? "")
                      + " is not a tracking number: \(reason)")
    }

    /// The carrier a person means by `name`, ignoring case and punctuation: its id or name
    /// (`dhl-express`, `DHL Express`), its first words (`DHL`, `Royal`), or its name followed by
    /// a service (`FedEx Ground`, `Royal Mail Tracked 24`). Whole words only: `Post` is not
    /// PostNL, and `DHL Paket` is no carrier campaignchat knows.
    public static func carrier(named name: String) -> Carrier? {
        carrier(words: words(of: name))
    }

    private static func carrier(words wanted: [String]) -> Carrier? {
        guard !wanted.isEmpty else { return nil }
        // Written as one word (`RoyalMail`, `DHLExpress`) too.
        let joined = TextRules.joined(wanted)
        if let exact = carrierNames.first(where: { $0.names.contains(wanted) || $0.joinedNames.contains(joined) }) {
            return exact.carrier
        }
        if let service = carrierNames.first(where: { $0.names.contains { wanted.starts(with: $0) } }) { return service.carrier }
        guard joined.count >= 3 else { return nil }
        return carrierNames.first { $0.names.contains { $0.starts(with: wanted) } }?.carrier
    }

    /// Whether a carrier column's value is a placeholder for no carrier: no letters or digits, or `n/a`, `none`, ...
    /// (for a tracking number, the words of text that has some: see `namesNoNumber`)
    private static func namesNoCarrier(_ words: [String]) -> Bool {
        ["", "na", "none", "unknown", "tbd", "null", "nil"].contains(TextRules.joined(words))
    }

    /// Each carrier's id and name as words, and each written as one word, worked out once: a
    /// bulk send asks for every row.
    private static let carrierNames = Carrier.all.map { carrier in
        let names = [words(of: carrier.id), words(of: carrier.name)]
        return (carrier: carrier, names: names, joinedNames: names.map { TextRules.joined($0) })
    }

    /// The lower-cased words of `text`: its runs of letters and digits.
    private static func words(of text: String) -> [String] {
        if let words = asciiWords(of: text) { return words }
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if SearchQuery.isWordCharacter(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word.lowercased())
                word = ""
            }
        }
        if !word.isEmpty { words.append(word.lowercased()) }
        return words
    }

    /// `words(of:)` for ASCII text (a carrier column's `UPS` on every row), byte by byte; nil for any other text.
    private static func asciiWords(of text: String) -> [String]? {
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case 0x80...: return nil
            default:
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }
}
