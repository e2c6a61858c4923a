/// What may go out as a courier tracking number: a number of a known format must have a right
/// check digit (unless the sender says to send it unverified); a number of no known format, or
/// of a format without a check digit, goes out with a warning that it was not verified.
public enum TrackingRules {
    /// A tracking number as it goes out: what it was recognised as, the shipment to record, and
    /// a warning when it could not be verified (or was sent unverified).
    public struct Checked: Hashable, Sendable {
        public let tracking: TrackingNumber
        public let warning: String?
        public var shipment: ShipmentDraft { ShipmentDraft(tracking) }
    }

    /// Recognises and checks `text`. `stated` is the carrier the sender named (a bulk file's
    /// carrier column): it settles a number more than one carrier could have issued, and a
    /// number of another carrier gets a warning. Throws `invalidTrackingNumber` for a wrong
    /// check digit or length when `verify` is on.
    public static func check(_ text: String, column: String? = nil, stated: String? = nil, verify: Bool = true) throws(CampaignChatError) -> Checked {
        let statedCarrier = stated.flatMap(carrier(named:))
        let tracking = TrackingNumber.recognize(text, preferring: statedCarrier)
        let number = TextRules.quotedForMessage(tracking.normalized)
        var warnings: [String] = []
        switch tracking.validity {
        case .valid:
            break
        case .invalid(let reason):
            if verify { throw .invalidTrackingNumber(number: tracking.normalized, reason: reason, column: column) }
            warnings.append("'\(number)' is not valid (\(reason)), sent unverified (--no-verify-tracking)")
        case .unknown:
            if let service = tracking.service {
                warnings.append("'\(number)' is a \(service) number, which has no check digit: not verified")
            } else {
                warnings.append("'\(number)' matches no known carrier format: not verified")
            }
        }
        if let stated, let recognised = tracking.carrier, let statedCarrier, statedCarrier != recognised,
           !tracking.alsoValidFor.contains(statedCarrier) {
            warnings.append("'\(number)' is a \(recognised.name) number, not \(TextRules.quotedForMessage(stated))")
        }
        return Checked(tracking: tracking, warning: warnings.isEmpty ? nil : warnings.joined(separator: "; "))
    }

    /// The carrier a person means by `name`: its id or name (`dhl-express`, `DHL Express`), or
    /// the start of one (`DHL`), ignoring case, spaces and punctuation.
    public static func carrier(named name: String) -> Carrier? {
        func letters(_ text: String) -> String { String(text.lowercased().unicodeScalars.filter { SearchQuery.isWordCharacter($0) }) }
        let wanted = letters(name)
        guard !wanted.isEmpty else { return nil }
        if let exact = Carrier.all.first(where: { letters($0.id) == wanted || letters($0.name) == wanted }) { return exact }
        guard wanted.count >= 3 else { return nil }
        return Carrier.all.first { letters($0.name).hasPrefix(wanted) || letters($0.id).hasPrefix(wanted) }
    }
}
