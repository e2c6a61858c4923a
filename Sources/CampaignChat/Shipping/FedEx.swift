// FedEx: Express (12 digits, mod 11) and Ground / Ground Economy (SmartPost): 15 digits, the 22-digit `96`
// barcode, and 20-digit SmartPost numbers, all GS1-style mod 10 (CheckAlgorithm.gs1Mod10).
//
// Sources:
// - Express: FedEx's Web API department as quoted in http://answers.google.com/answers/threadview/id/207899.html
//   ("starting with the 11th position, take the digits 1, 3, and 7 ... divide the sum by 11 ... if the
//   remainder is 10, the check digit is 0"), worked example 012345678983.
// - Ground: "FedEx Ground Label Layout Specification", section "Check Digit Calculation Algorithms"
//   (grd.fedex.com/online/mcode/fedex_ground_label_layout_specification.pdf, cited in the same thread): the
//   15-digit tracking number is mod 10 with weights 3 and 1 from the right; in the 22-digit `96` barcode
//   (96 + 2-digit SCNC + 3-digit service + 15-digit tracking number) only that last 15-digit number is checked.
// - SmartPost: "FedEx SmartPost Job Aid v2600"
//   (images.fedex.com/us/software/pdf/FedEx_SmartPost_Job_Aid_v2600_06222012.pdf): the number is a USPS IMpb
//   whose 20-digit human-readable form leaves off the application identifier `92`; the check digit is
//   computed with it.
// - Test numbers: https://github.com/jkeen/tracking_number_data couriers/fedex.json.

extension TrackingFormat {
    static let fedex: [TrackingFormat] = [
        TrackingFormat(.carrier(.fedex), "FedEx Express", pattern: "#{12}", check: .fedexExpressMod11),
        TrackingFormat(.carrier(.fedex), "FedEx Ground", pattern: "#{15}", check: .gs1Mod10),
        TrackingFormat(.carrier(.fedex), "FedEx Ground 96", pattern: "96#{20}", check: .gs1Mod10, checked: 7..<21),
    ] + twentyDigits(.fedex, "FedEx Ground Economy (SmartPost)", impliedPrefix: "92")
}

extension CheckAlgorithm {
    /// The 11 digits before the check digit, weighted 1, 3, 7, 1, 3, 7, ... from the right (the digit next to
    /// the check digit has weight 1), summed, mod 11; a remainder of 10 gives check digit 0.
    ///
    /// Any single substitution changes the remainder (11 is prime, weights and changes are below 11), but
    /// remainders 0 and 10 both give check digit 0: a number whose check digit is 0 can hide a substitution
    /// that moves its remainder between them. Numbers with check digits 1-9 detect every substitution.
    static func fedexExpressMod11(_ digits: ArraySlice<UInt8>) -> Int {
        let weights = [1, 3, 7]
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            sum += Int(digit) * weights[offset % 3]
        }
        return sum % 11 % 10
    }
}
