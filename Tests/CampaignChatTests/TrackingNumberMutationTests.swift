import Testing
@testable import CampaignChat

/// Every single-digit substitution of every valid example, against what each published algorithm guarantees.
///
/// A mutation counts as caught unless it comes back valid with the same carrier and service: it may still be
/// valid in another format of the same shape (a FedEx Express typo can be a valid GLS number, a USPS 20-digit
/// typo a valid IMpb with 91 left off), which is the ambiguity the carrier column of a bulk file settles.
///
/// What the algorithms cannot guarantee, stated from their definitions (not from our code):
/// - UPS weights even positions by 2, so a change of 5 there (0↔5, 1↔6, ...) keeps the sum mod 10.
/// - DHL Express mod 7 cannot see a change of 7 in the first nine digits (7 x 10^k ≡ 0 mod 7).
/// - FedEx Express maps remainders 0 and 10 both to check digit 0: numbers ending 0 are only guaranteed to
///   catch a changed check digit.
/// - UPU S10 maps remainders 0 and 6 both to check digit 5: numbers with check digit 5 likewise.
/// - Digits outside the check digit: the routing ZIP of a `420` USPS barcode, the `96` + SCNC + service code of
///   a FedEx Ground 96 barcode.
/// GS1 mod 10 (USPS, FedEx Ground), GLS's mod 10, ISO 7064 MOD 37,36 (DPD) and the other cases above catch every
/// single substitution.
@Suite struct TrackingNumberMutationTests {
    enum Expectation { case caught, missed, notGuaranteed }

    @Test(arguments: TrackingExamples.valid)
    func everySingleDigitSubstitutionIsCaughtWhereTheAlgorithmGuaranteesIt(_ example: TrackingExample) {
        let original = TrackingNumber.recognize(example.text)
        let digits = Array(original.normalized.utf8)
        for position in digits.indices where isDigit(digits[position]) {
            for replacement in UInt8(ascii: "0")...UInt8(ascii: "9") where replacement != digits[position] {
                var mutated = digits
                mutated[position] = replacement
                let text = String(decoding: mutated, as: UTF8.self)
                let result = TrackingNumber.recognize(text)
                let accepted = result.validity == .valid && result.carrier == original.carrier
                    && result.service == original.service
                switch expectation(original, digits, position, replacement) {
                case .caught: #expect(!accepted, "\(example.text) → \(text) passes as \(result.service ?? "?")")
                case .missed: #expect(accepted, "\(example.text) → \(text): the documented blind spot moved")
                case .notGuaranteed: break
                }
            }
        }
    }

    /// With the carrier stated, as a bulk file's carrier column does, a caught mutation never passes
    /// silently as another carrier's number of the same shape (a FedEx Express typo that GLS's check lets
    /// through): it is refused, or goes out with a warning that names the other carrier (a USPS `93` typed as
    /// `96` is FedEx Ground's shape, whose check does not cover its start).
    @Test(arguments: TrackingExamples.valid)
    func withTheCarrierStatedACaughtMutationNeverPassesSilentlyAsAnotherCarrier(_ example: TrackingExample) throws {
        let original = TrackingNumber.recognize(example.text)
        let carrier = try #require(original.carrier)
        let digits = Array(original.normalized.utf8)
        for position in digits.indices where isDigit(digits[position]) {
            for replacement in UInt8(ascii: "0")...UInt8(ascii: "9") where replacement != digits[position] {
                var mutated = digits
                mutated[position] = replacement
                guard expectation(original, digits, position, replacement) == .caught else { continue }
                let text = String(decoding: mutated, as: UTF8.self)
                let result = TrackingNumber.recognize(text, as: .carrier(carrier))
                // Another carrier only where no format of the stated one has this shape, and never without a warning.
                let symbols = mutated.map { isDigit($0) ? $0 - UInt8(ascii: "0") : $0 - UInt8(ascii: "A") + 10 }
                let statedShape = TrackingFormat.table.contains { format in
                    if case .carrier(let issuer) = format.issuer, issuer == carrier { return format.pattern.matches(symbols) }
                    return false
                }
                let flagged = result.carrier != carrier && !statedShape
                    && (try? TrackingRules.check(text, stated: carrier.id))?.warning?.contains("not \(carrier.id)") == true
                #expect(result.validity != .valid || result.carrier == carrier && result.service != original.service || flagged,
                        "\(example.text) → \(text) passes as \(result.service ?? "?") though \(carrier.name) was stated")
            }
        }
    }

    @Test(arguments: TrackingExamples.valid)
    func changingTheCheckCharacterIsAlwaysCaught(_ example: TrackingExample) {
        let original = TrackingNumber.recognize(example.text)
        var characters = Array(original.normalized.utf8)
        let checkPosition = original.service?.hasPrefix("UPU S10") == true ? 10 : characters.count - 1
        let check = characters[checkPosition]
        for replacement in Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        where replacement != check {
            characters[checkPosition] = replacement
            let result = TrackingNumber.recognize(String(decoding: characters, as: UTF8.self))
            #expect(!(result.validity == .valid && result.service == original.service && result.carrier == original.carrier))
        }
    }

    // MARK: - The blind spots, from the algorithms' definitions

    private func expectation(_ original: TrackingNumber, _ digits: [UInt8], _ position: Int,
                             _ replacement: UInt8) -> Expectation {
        let change = abs(Int(replacement) - Int(digits[position]))
        let last = digits.count - 1
        switch original.service {
        case "UPS 1Z":
            // The 15 characters after 1Z: the 2nd, 4th, ... (offsets 1, 3, ... from position 2) weigh 2.
            let doubled = (2..<17).contains(position) && (position - 2) % 2 == 1
            return doubled && change == 5 ? .missed : .caught
        case "DHL Express waybill":
            return position < 9 && change == 7 ? .missed : .caught
        case "FedEx Express":
            return digits[last] == UInt8(ascii: "0") && position != last ? .notGuaranteed : .caught
        case "FedEx Ground 96":
            return position < 7 ? .notGuaranteed : .caught
        case "USPS IMpb with ZIP routing":
            return (3..<(digits.count - 22)).contains(position) ? .notGuaranteed : .caught
        case let service? where service.hasPrefix("UPU S10"):
            return digits[10] == UInt8(ascii: "5") && position != 10 ? .notGuaranteed : .caught
        default:
            return .caught
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
