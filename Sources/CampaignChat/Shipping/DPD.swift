// DPD: the 14-digit parcel number (4-digit depot + 10-digit serial) followed by its check character, and the
// 28-character label barcode (7-digit destination postcode + 14-digit parcel number + 3-digit service +
// 3-digit ISO 3166 numeric country + check character over the 27 digits).
//
// Sources: "DPD Parcel Label Specification" 2.4.1
// (https://esolutions.dpd.com/dokumente/DPD_Parcel_Label_Specification_2.4.1_EN.pdf): check characters are
// ISO/IEC 7064 MOD 37,36. Test numbers: 01905002345615 → Y in the Business::DPD test suite
// (metacpan distros/B/Business-DPD/t/Label/calc_tracking_number.t), 01015026003653c in
// https://www.paketda.de/firmenkunden/paket-pruefziffern.html, 15502370264989N (a DPD UK parcel in
// Markinhos/aftership-challenge test data) and the 28-character barcodes in
// https://github.com/jkeen/tracking_number_data couriers/dpd.json.
//
// A bare 14-digit number (without its check character) is left unknown: Hermes and others use 14 digits too.

extension TrackingFormat {
    static let dpd: [TrackingFormat] = [
        TrackingFormat(.carrier(.dpd), "DPD parcel number", pattern: "#{14}*", check: .iso7064Mod37_36,
                       trackedPart: 0..<14),
        TrackingFormat(.carrier(.dpd), "DPD label barcode", pattern: "#{27}*", check: .iso7064Mod37_36,
                       trackedPart: 7..<21),
    ]
}

extension CheckAlgorithm {
    /// ISO/IEC 7064 MOD 37,36 (hybrid, M = 36) over the symbols 0-9 A-Z (values 0-35): start with P = 36; for
    /// each character S = (P + value) mod 36, 36 if that is 0, then P = 2S mod 37; the check character's value
    /// makes (P + value) mod 36 = 1. Detects every single substitution and adjacent transposition.
    static func iso7064Mod37_36(_ symbols: ArraySlice<UInt8>) -> Int {
        let modulus = 36
        var product = modulus
        for symbol in symbols {
            var sum = (product + Int(symbol)) % modulus
            if sum == 0 { sum = modulus }
            product = (2 * sum) % (modulus + 1)
        }
        return (modulus + 1 - product) % modulus
    }
}
