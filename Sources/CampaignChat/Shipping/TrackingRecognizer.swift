/// Turns text into a `TrackingNumber` by trying the rows of `TrackingFormat.table` of the right length.
/// Byte scanning over a handful of rows, no regular expressions: it runs on every row of a bulk send, in about a
/// microsecond per number in a release build.
enum TrackingRecognizer {
    static func recognize(_ text: String, as stated: StatedCarrier) -> TrackingNumber {
        let (normalized, symbols) = normalize(text)
        guard let symbols else { return .unknown(normalized) }

        // The formats of this length whose shape fits, by their place in the table: a candidate holds no copy of its format.
        var fitting: [Candidate] = []
        if symbols.count < TrackingFormat.rowsByLength.count {
            let rows = TrackingFormat.rowsByLength[symbols.count]
            fitting.reserveCapacity(rows.count)
            for row in rows where TrackingFormat.table[row].pattern.matches(symbols) {
                if let candidate = Candidate(row: row, symbols) { fitting.append(candidate) }
            }
        }
        var candidates = fitting
        // A carrier the sender named judges the number by its own formats alone, so that a mistyped number of
        // that carrier is not taken for another carrier's that happens to pass. A carrier with no format of this
        // shape (or one campaignchat does not know) leaves only the formats no other carrier's number can fit:
        // twelve bare digits may be anyone's.
        switch stated {
        case .unstated:
            break
        case .carrier(let carrier) where candidates.contains(where: { $0.carrier == carrier }):
            candidates = candidates.filter { $0.carrier == carrier }
        case .carrier, .unlisted:
            candidates = candidates.filter { $0.format.isDistinctive }
        }

        var best: Candidate?
        var failed: [String] = []
        for candidate in candidates {
            if candidate.outcome == .invalid && !failed.contains(candidate.service) { failed.append(candidate.service) }
            // The check's outcome decides; among equals the first row of the table stays.
            if best.map({ candidate.outcome.rawValue < $0.outcome.rawValue }) ?? true { best = candidate }
        }
        guard let best else { return wrongLength(normalized, symbols.count) ?? .unknown(normalized) }
        // What else the number would be valid as, whatever was stated: for people to see (nearly always nothing).
        var alsoValidFor: [Carrier] = []
        if best.outcome == .valid {
            for candidate in fitting where candidate.outcome == .valid && candidate.carrier != best.carrier && !alsoValidFor.contains(candidate.carrier) {
                alsoValidFor.append(candidate.carrier)
            }
        }

        let validity: TrackingNumber.Validity
        switch best.outcome {
        case .valid: validity = .valid
        case .unchecked: validity = .unknown
        case .invalid:
            let others = failed.filter { $0 != best.service }
            // Judged by the stated carrier's formats alone, it may still be a right number of another's
            // (a FedEx SmartPost number in a row that says USPS, which delivers it): say so, the sender decides.
            let elsewhere = fitting.first { $0.outcome == .valid }
            validity = .invalid(reason: "wrong check digit for a \(numberName(best.service))"
                + (others.isEmpty ? "" : " (nor valid as a \(others.joined(separator: " or a ")))")
                + ": a character is mistyped, missing or extra"
                + (elsewhere.map { "; or it is a \(numberName($0.service)), which it is valid as: then name \($0.carrier.name) as its carrier" } ?? ""))
        }
        // Recognised numbers are ASCII, so characters are bytes.
        let tracked = TrackingFormat.table[best.row].trackedPart.map { part in
            let start = normalized.index(normalized.startIndex, offsetBy: part.lowerBound)
            return normalized[start..<normalized.index(start, offsetBy: part.count)]
        }
        return TrackingNumber(
            normalized: normalized, tracked: tracked.map(String.init), carrier: best.carrier, service: best.service, country: best.country,
            validity: validity, trackingURL: best.carrier.trackingURL(for: tracked ?? normalized[...]), alsoValidFor: alsoValidFor)
    }

    /// How a message names a number of `service`: `UPS 1Z number`, but `GLS parcel number` (not `... number number`).
    static func numberName(_ service: String) -> String {
        service.hasSuffix(" number") ? service : service + " number"
    }

    /// A number with a format's distinctive prefix (`1Z`) but not its length: truncated or padded.
    private static func wrongLength(_ normalized: String, _ length: Int) -> TrackingNumber? {
        for format in TrackingFormat.withDistinctivePrefix {
            guard let prefix = format.distinctivePrefix, normalized.hasPrefix(prefix),
                  case .carrier(let carrier) = format.issuer else { continue }
            let reason = "a \(numberName(format.service)) has \(format.pattern.length) characters, not \(length): some are missing or extra"
            return TrackingNumber(normalized: normalized, carrier: carrier, service: format.service, country: carrier.country,
                                  validity: .invalid(reason: reason), trackingURL: nil)
        }
        return nil
    }

    /// One format that fits the input's shape, with what it says about the number.
    private struct Candidate {
        enum Outcome: Int { case valid, unchecked, invalid }  // best first

        /// The format's place in `TrackingFormat.table`.
        let row: Int
        let carrier: Carrier
        let service: String
        let country: String?
        let outcome: Outcome

        var format: TrackingFormat { TrackingFormat.table[row] }

        /// Nil when the format's letters name nothing (an S10 suffix that is no country).
        init?(row: Int, _ symbols: [UInt8]) {
            self.row = row
            let format = TrackingFormat.table[row]
            switch format.issuer {
            case .carrier(let carrier):
                (self.carrier, service, country) = (carrier, format.service, carrier.country)
            case .s10PostalOperator:
                guard let issuer = UPUS10.identify(symbols) else { return nil }
                (carrier, service, country) = issuer
            }
            if let expected = format.check.expectedCheck(symbols[format.checked]) {
                let actual = CheckAlgorithm.symbolCharacter(Int(symbols[format.checkPosition]))
                outcome = actual == expected ? .valid : .invalid
            } else {
                outcome = .unchecked
            }
        }
    }

    // MARK: - Normalisation

    /// The text without whitespace and dashes, a-z upper-cased, and its symbols (0-35, see `Pattern.symbol`)
    /// when every remaining character is an ASCII letter or digit.
    static func normalize(_ text: String) -> (text: String, symbols: [UInt8]?) {
        // One pass over the bytes writes the text and its symbols; the first non-ASCII byte hands over to the slow path.
        var symbols: [UInt8] = []
        symbols.reserveCapacity(text.utf8.count)
        var alphanumeric = true
        var ascii = true
        let normalized = String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
            var count = 0
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "-"), 0x0B, 0x0C:
                    continue
                case 0x80...:
                    ascii = false
                    return 0
                default:
                    let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
                    buffer[count] = upper
                    count += 1
                    switch upper {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): symbols.append(upper - UInt8(ascii: "0"))
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): symbols.append(upper - UInt8(ascii: "A") + 10)
                    default: alphanumeric = false
                    }
                }
            }
            return count
        }
        guard ascii else { return normalizeUnicode(text) }
        return (normalized, alphanumeric ? symbols : nil)
    }

    /// The slow path for text with non-ASCII characters: Unicode spaces (no-break, thin, ...) and dashes
    /// (en dash, em dash, ...) are separators too; any other non-ASCII character makes the number unknown.
    private static func normalizeUnicode(_ text: String) -> (text: String, symbols: [UInt8]?) {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .dashPunctuation { continue }
            if ("a"..."z").contains(scalar) {
                result.append(Unicode.Scalar(UInt8(scalar.value) - 32))
            } else {
                result.append(scalar)
            }
        }
        let normalized = String(result)
        return (normalized, symbols(of: Array(normalized.utf8)))
    }

    private static func symbols(of bytes: [UInt8]) -> [UInt8]? {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): symbols.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): symbols.append(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return symbols
    }
}
