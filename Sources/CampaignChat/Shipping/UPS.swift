// UPS: `1Z` + 6-character shipper account + 2-character service + 7-character package number + check digit.
//
// Sources: the "modified mod 10" UPS describes to developers, quoted from UPS in
// http://answers.google.com/answers/threadview/id/207899.html and worked through in
// https://www.codeproject.com/Articles/21224/Calculating-the-UPS-Tracking-Number-Check-Digit ; the same
// rule is in https://github.com/jkeen/tracking_number_data (couriers/ups.json, CHECKSUM_ALGORITHMS.md).

extension TrackingFormat {
    static let ups: [TrackingFormat] = [
        TrackingFormat(.carrier(.ups), "UPS 1Z", pattern: "1Z*{16}", check: .upsMod10, checked: 2..<17,
                       distinctivePrefix: "1Z"),
    ]
}

extension CheckAlgorithm {
    /// Over the 15 characters after `1Z`: letters become digits by (ASCII code - 3) mod 10 (A=2, B=3, ...,
    /// H=9, I=0, ...); odd positions (1st, 3rd, ... from the left) count once, even positions twice; the check
    /// digit brings the sum to a multiple of 10.
    ///
    /// Weight 2 cannot see a change of 5 (2 x 5 = 10): swapping 0↔5, 1↔6, 2↔7, 3↔8 or 4↔9 at an even
    /// position goes undetected. Every other single-character substitution is caught.
    static func upsMod10(_ symbols: ArraySlice<UInt8>) -> Int {
        var sum = 0
        for (offset, symbol) in symbols.enumerated() {
            let value = symbol < 10 ? Int(symbol) : (Int(symbol) - 10 + Int(UInt8(ascii: "A")) - 3) % 10
            sum += offset % 2 == 0 ? value : 2 * value
        }
        return (10 - sum % 10) % 10
    }
}
