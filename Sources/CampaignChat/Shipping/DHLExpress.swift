// DHL Express: the 10-digit air waybill number, 9 digits + a mod 7 check digit.
//
// Sources: "Prüfziffer DHL Express 10-stellig" in https://www.paketda.de/firmenkunden/paket-pruefziffern.html
// and the `mod7` rule with test numbers in https://github.com/jkeen/tracking_number_data (couriers/dhl.json,
// CHECKSUM_ALGORITHMS.md). DHL's other numbers (JJD..., JVGL..., GM... eCommerce) carry no check digit and
// are not distinctive enough to claim; they come back unknown.

extension TrackingFormat {
    static let dhlExpress: [TrackingFormat] = [
        TrackingFormat(.carrier(.dhlExpress), "DHL Express waybill", pattern: "#{10}", check: .dhlExpressMod7),
    ]
}

extension CheckAlgorithm {
    /// The first 9 digits read as one number, mod 7; the check digit is that remainder (so 7, 8 and 9 never are).
    ///
    /// A substitution changes the number by d x 10^k, which 7 divides only when d is ±7: changing a digit by 7
    /// (0↔7, 1↔8, 2↔9) in the first 9 digits goes undetected. Every other substitution is caught.
    static func dhlExpressMod7(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { remainder, digit in (remainder * 10 + Int(digit)) % 7 }
    }
}
