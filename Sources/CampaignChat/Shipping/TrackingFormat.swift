/// One shape of tracking number: what it looks like, which characters its check digit covers and how it is
/// computed, and who issued it. The carrier files (UPS.swift, FedEx.swift, ...) each contribute their rows to
/// `table`; recognition (TrackingRecognizer) reads only the table, so adding a format is adding a row.
struct TrackingFormat: Sendable {
    /// Who issued a number of this format.
    enum Issuer: Sendable {
        case carrier(Carrier)
        /// The postal operator of the S10 country suffix; the service comes from the S10 service indicator.
        case s10PostalOperator
    }

    let issuer: Issuer
    /// For people: `FedEx Ground 96`. S10 rows describe themselves per number instead.
    let service: String
    /// One allowed symbol set per position (see `Pattern`).
    let pattern: Pattern
    let check: CheckAlgorithm
    /// The positions the check digit is computed over.
    let checked: Range<Int>
    /// Where the check character is.
    let checkPosition: Int
    /// The part a carrier's tracking page wants (the IMpb inside a 420-ZIP barcode); the whole number when nil.
    let trackedPart: Range<Int>?
    /// A prefix no other format starts with (UPS `1Z`), so a number with it but of another length is this
    /// format truncated or padded: invalid, not unknown.
    let distinctivePrefix: String?

    /// Whether a number of this shape can only be of this format's kind: it has a letter where
    /// digits cannot stand (UPS `1Z`, S10, PostNL `3S`), a distinctive prefix, or starts with two
    /// narrowly fixed digits (USPS IMpb `9[1-5]`, FedEx Ground `96`, `420` routing). Bare digits are not:
    /// twelve of them fit FedEx Express and GLS, and carriers campaignchat does not know use the same lengths.
    var isDistinctive: Bool {
        distinctivePrefix != nil || pattern.allowed.contains { $0 & Pattern.digits == 0 }
            || pattern.allowed.prefix(2).allSatisfy { $0.nonzeroBitCount <= 5 }
    }

    /// A row whose check character is the last one and covers everything before it, unless told otherwise.
    init(_ issuer: Issuer, _ service: String, pattern: String, check: CheckAlgorithm,
         checked: Range<Int>? = nil, checkPosition: Int? = nil, trackedPart: Range<Int>? = nil,
         distinctivePrefix: String? = nil) {
        self.issuer = issuer
        self.service = service
        self.pattern = Pattern(pattern)
        self.check = check
        self.checkPosition = checkPosition ?? self.pattern.length - 1
        self.checked = checked ?? 0..<self.checkPosition
        self.trackedPart = trackedPart
        self.distinctivePrefix = distinctivePrefix
    }

    // MARK: - The table

    /// Every format, in priority order: when a number is equally valid in several formats, the first row wins
    /// (unless the caller prefers a carrier). Where shapes overlap, the order is deliberate:
    /// - 12 digits: FedEx Express before GLS. Both checks pass for about one number in ten (Swiss Post's GLS
    ///   example 993990103198 passes both); FedEx Express numbers are the more common worldwide.
    /// - 15 digits: FedEx Ground before DPD (14 digits + check character) when the DPD check character is a digit
    ///   and both pass.
    /// - 20 digits: USPS legacy, USPS IMpb with its `91` omitted and FedEx SmartPost with its `92` omitted use
    ///   the same mod 10 over different implied prefixes, so at most one of them validates; which one decides.
    ///   Numbers starting `00` are GS1 SSCCs (used by many carriers) and are left unknown.
    /// - 22 digits: `96` is FedEx Ground, `91`-`95` is a USPS IMpb (FedEx SmartPost numbers with their `92` are
    ///   IMpbs that USPS tracks, so they are reported as USPS).
    static let table: [TrackingFormat] = ups + usps + fedex + dhlExpress + upuS10 + dpd + gls + postNL

    /// The places in `table` of the rows of each length, in table order, so recognition looks only at formats
    /// of the input's length.
    static let rowsByLength: [[Int]] = {
        var rows = [[Int]](repeating: [], count: maximumLength + 1)
        for (row, format) in table.enumerated() { rows[format.pattern.length].append(row) }
        return rows
    }()

    static let maximumLength = table.map(\.pattern.length).max() ?? 0

    static let withDistinctivePrefix = table.filter { $0.distinctivePrefix != nil }

    /// The rows of a 20-digit GS1 mod 10 format: any 20 digits but those starting `00`, which are GS1 SSCCs
    /// (application identifier 00) that many carriers print and that would otherwise pass as USPS.
    static func twentyDigits(_ carrier: Carrier, _ service: String, impliedPrefix: String) -> [TrackingFormat] {
        ["[1-9]#{19}", "0[1-9]#{18}"].map { pattern in
            TrackingFormat(.carrier(carrier), service, pattern: pattern, check: .gs1Mod10(impliedPrefix: impliedPrefix))
        }
    }
}

// MARK: - Patterns

/// A fixed-length shape over the 36 symbols 0-9 A-Z, written compactly:
/// `#` a digit, `@` a letter, `*` either, `[1-5]` or `[AB]` a set, `{n}` repeats the previous element n times,
/// any other digit or capital letter stands for itself. `1Z*{16}` is UPS; `@@#{9}@@` is UPU S10.
struct Pattern: Sendable {
    /// Bit n of `allowed[i]` is set when symbol n may stand at position i.
    let allowed: [UInt64]
    var length: Int { allowed.count }

    init(_ text: String) {
        let characters = Array(text.unicodeScalars)
        var allowed: [UInt64] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "#": allowed.append(Self.digits)
            case "@": allowed.append(Self.letters)
            case "*": allowed.append(Self.digits | Self.letters)
            case "[":
                var set: UInt64 = 0
                while characters[index] != "]" {
                    let low = Self.symbol(characters[index])!
                    if characters[index + 1] == "-" {
                        let high = Self.symbol(characters[index + 2])!
                        for symbol in low...high { set |= 1 << symbol }
                        index += 3
                    } else {
                        set |= 1 << low
                        index += 1
                    }
                }
                index += 1
                allowed.append(set)
            case "{":
                var count = 0
                while characters[index] != "}" {
                    count = count * 10 + Int(characters[index].value - 48)
                    index += 1
                }
                index += 1
                allowed.append(contentsOf: repeatElement(allowed.last!, count: count - 1))
            default:
                guard let symbol = Self.symbol(character) else { preconditionFailure("bad tracking pattern \(text)") }
                allowed.append(1 << symbol)
            }
        }
        self.allowed = allowed
    }

    /// Whether `symbols` (values 0-35, see `symbol(_:)`) fit, position by position.
    func matches(_ symbols: [UInt8]) -> Bool {
        guard symbols.count == allowed.count else { return false }
        for (position, symbol) in symbols.enumerated() where allowed[position] & (1 << UInt64(symbol)) == 0 {
            return false
        }
        return true
    }

    static let digits: UInt64 = (1 << 10) - 1
    static let letters: UInt64 = ((1 << 36) - 1) & ~digits

    /// 0-9 for digits, 10-35 for A-Z: the alphabet of ISO 7064 MOD 37,36 (DPD) too.
    static func symbol(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar {
        case "0"..."9": UInt8(scalar.value - 48)
        case "A"..."Z": UInt8(scalar.value - 65 + 10)
        default: nil
        }
    }
}
