/// The check-digit algorithms of the formats in `TrackingFormat.table`. Each computes the check character
/// expected for the covered symbols; the carrier-specific ones live in their carrier's file with their source.
enum CheckAlgorithm: Sendable {
    /// No check character (PostNL 3S): the number cannot be verified offline.
    case none
    /// GS1 mod 10 with weights 3 and 1 (USPS IMpb, FedEx Ground, SSCC), over `impliedPrefix` + the digits.
    case gs1Mod10(impliedPrefix: String)
    /// UPS 1Z: mod 10, letters mapped to digits, even positions doubled (UPS.swift).
    case upsMod10
    /// FedEx Express 12-digit: weights 1, 3, 7 from the right, mod 11, 10 → 0 (FedEx.swift).
    case fedexExpressMod11
    /// UPU S10: weights 8 6 4 2 3 5 9 7, 11 - sum mod 11, 10 → 0, 11 → 5 (UPUS10.swift).
    case s10Mod11
    /// DHL Express waybill: the number before the check digit, mod 7 (DHLExpress.swift).
    case dhlExpressMod7
    /// ISO/IEC 7064 MOD 37,36, a digit or letter (DPD.swift).
    case iso7064Mod37_36
    /// GLS: weights 3 and 1, plus 1, mod 10 (GLS.swift).
    case glsMod10

    static let gs1Mod10: CheckAlgorithm = .gs1Mod10(impliedPrefix: "")

    /// The check character (ASCII) the `symbols` call for, or nil for `.none`. `symbols` hold 0-35 per
    /// character (`Pattern.symbol`); positions a format declares as digits always hold 0-9.
    func expectedCheck(_ symbols: ArraySlice<UInt8>) -> UInt8? {
        switch self {
        case .none: nil
        case .gs1Mod10(let prefix): Self.digitCharacter(Self.gs1Mod10(symbols, impliedPrefix: prefix))
        case .upsMod10: Self.digitCharacter(Self.upsMod10(symbols))
        case .fedexExpressMod11: Self.digitCharacter(Self.fedexExpressMod11(symbols))
        case .s10Mod11: Self.digitCharacter(Self.s10Mod11(symbols))
        case .dhlExpressMod7: Self.digitCharacter(Self.dhlExpressMod7(symbols))
        case .iso7064Mod37_36: Self.symbolCharacter(Self.iso7064Mod37_36(symbols))
        case .glsMod10: Self.digitCharacter(Self.glsMod10(symbols))
        }
    }

    static func digitCharacter(_ digit: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(digit) }

    static func symbolCharacter(_ symbol: Int) -> UInt8 {
        symbol < 10 ? UInt8(ascii: "0") + UInt8(symbol) : UInt8(ascii: "A") + UInt8(symbol - 10)
    }

    /// GS1 General Specifications §7.9 "Check digit calculation" (https://www.gs1.org/services/how-calculate-check-digit-manually):
    /// from the rightmost digit leftwards, weights 3, 1, 3, 1, ...; the check digit brings the sum to a multiple
    /// of 10. USPS Publication 199 (IMpb), Appendix "Check digit calculation" (https://postalpro.usps.com/pub199)
    /// and FedEx's Ground label specification use the same. Detects every single-digit substitution, as 1 and 3
    /// are both prime to 10. `impliedPrefix` digits count as if written before the number (an application
    /// identifier left off the human-readable form).
    static func gs1Mod10(_ digits: ArraySlice<UInt8>, impliedPrefix: String = "") -> Int {
        var sum = 0
        var weight = 3
        for digit in digits.reversed() {
            sum += Int(digit) * weight
            weight = 4 - weight
        }
        for character in impliedPrefix.utf8.reversed() {
            sum += Int(character - UInt8(ascii: "0")) * weight
            weight = 4 - weight
        }
        return (10 - sum % 10) % 10
    }
}
