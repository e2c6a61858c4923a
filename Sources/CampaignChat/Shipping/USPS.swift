// USPS: Intelligent Mail package barcode (IMpb) numbers and the legacy 20-digit numbers, all GS1 mod 10 with
// weights 3 and 1 (CheckAlgorithm.gs1Mod10).
//
// Sources: USPS Publication 199, "Intelligent Mail Package Barcode (IMpb) Implementation Guide"
// (https://postalpro.usps.com/pub199): the IMpb is a 2-digit channel application identifier (91-95) +
// service type code + mailer ID + serial number + a mod 10 check digit over everything before it, 22 digits
// with a 9-digit mailer ID or 26 with a longer serial; scanned barcodes may carry a routing prefix `420` +
// destination ZIP (5 digits) or ZIP+4 (9 digits) in front, outside the check digit. Older 20-digit numbers
// are printed without their `91` application identifier, which still counts in the check digit; some
// legacy 20-digit numbers (e.g. 0307 1790 0005 2348 3741) check over their own 19 digits.
// Test numbers: https://github.com/jkeen/tracking_number_data couriers/usps.json.

extension TrackingFormat {
    static let usps: [TrackingFormat] = [
        TrackingFormat(.carrier(.usps), "USPS IMpb", pattern: "9[1-5]#{20}", check: .gs1Mod10),
        TrackingFormat(.carrier(.usps), "USPS IMpb", pattern: "9[1-5]#{24}", check: .gs1Mod10),
        routed(zipLength: 5, impbLength: 22),
        routed(zipLength: 9, impbLength: 22),
        routed(zipLength: 5, impbLength: 26),
    ] + twentyDigits(.usps, "USPS 20-digit", impliedPrefix: "")
      + twentyDigits(.usps, "USPS IMpb (91 left off)", impliedPrefix: "91")

    /// `420` + ZIP + IMpb, as scanned from the label: only the IMpb is checked and tracked.
    private static func routed(zipLength: Int, impbLength: Int) -> TrackingFormat {
        let impb = (3 + zipLength)..<(3 + zipLength + impbLength)
        return TrackingFormat(.carrier(.usps), "USPS IMpb with ZIP routing",
                              pattern: "420#{\(zipLength)}9[1-5]#{\(impbLength - 2)}", check: .gs1Mod10,
                              checked: impb.lowerBound..<(impb.upperBound - 1), trackedPart: impb)
    }
}
