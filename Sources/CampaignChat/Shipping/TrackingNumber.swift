/// A courier tracking number as campaignchat understands it: which carrier and service issued it, and whether
/// its check digit is right, so a typo'd or truncated number is caught before it is sent to a creator.
///
/// Recognition is offline and pure; see `recognize(_:as:)`. The formats and their sources are in the
/// other files of this folder, one per carrier family, and `TrackingFormat.table` orders them.
public struct TrackingNumber: Sendable, Hashable {
    /// Whether the number's own check digit confirms it.
    public enum Validity: Sendable, Hashable {
        /// The check digit matches.
        case valid
        /// The number has a known carrier's shape but its check digit does not match: most likely a typo.
        case invalid(reason: String)
        /// Nothing to check: no known format matches, or the format has no check digit (PostNL 3S).
        case unknown
    }

    /// What was given, with spaces and dashes removed and ASCII letters upper-cased.
    public let normalized: String
    /// The part of `normalized` the carrier tracks: the whole number, but for a barcode that holds
    /// more (USPS `420` + ZIP + IMpb: the IMpb; a DPD label: its 14-digit parcel number). What a
    /// shipment records and the tracking page is asked for; a message carries `normalized`.
    public let tracked: String
    /// Who issued the number; nil when no known format matches.
    public let carrier: Carrier?
    /// The format within the carrier, e.g. `FedEx Ground 96` or `UPU S10 (registered, RR)`; nil when unknown.
    public let service: String?
    /// ISO 3166 alpha-2 country of the issuing operator where the number tells it (S10 suffix, `US` for USPS).
    public let country: String?
    public let validity: Validity
    /// The carrier's public tracking page for this number (https), also when its check digit fails (the carrier
    /// has the last word); nil when unknown, of the wrong length, or the operator has no page.
    public let trackingURL: String?
    /// Other carriers this number is equally valid for: a 12-digit number can pass both FedEx's and GLS's check.
    /// Empty for almost every number; the table's order (or a stated carrier) decides between them.
    public let alsoValidFor: [Carrier]

    /// Whether some known format matched (valid or not).
    public var isRecognized: Bool { carrier != nil }

    /// The numbers a shipment of this parcel may be recorded under: `tracked`, then `normalized`
    /// when it differs (as campaignchat recorded a number before it kept the tracked part).
    public var recordedNumbers: [String] { tracked == normalized ? [tracked] : [tracked, normalized] }

    /// Recognises `text` as a tracking number. Never fails: a number matching no known format comes back with
    /// `carrier == nil` and `.unknown` validity.
    ///
    /// When the number fits several formats, a format whose check digit validates wins over one without a
    /// check digit, which wins over one whose check digit fails; among equals, the order of
    /// `TrackingFormat.table`. A carrier the sender named (`stated`) narrows the formats first: see `StatedCarrier`.
    public static func recognize(_ text: String, as stated: StatedCarrier = .unstated) -> TrackingNumber {
        TrackingRecognizer.recognize(text, as: stated)
    }

    /// `text` with spaces and dashes (any Unicode whitespace or dash punctuation) removed and a-z upper-cased.
    public static func normalize(_ text: String) -> String {
        TrackingRecognizer.normalize(text).text
    }

    init(normalized: String, tracked: String? = nil, carrier: Carrier?, service: String?, country: String?, validity: Validity,
         trackingURL: String?, alsoValidFor: [Carrier] = []) {
        self.normalized = normalized
        self.tracked = tracked ?? normalized
        self.carrier = carrier
        self.service = service
        self.country = country
        self.validity = validity
        self.trackingURL = trackingURL
        self.alsoValidFor = alsoValidFor
    }

    static func unknown(_ normalized: String) -> TrackingNumber {
        TrackingNumber(normalized: normalized, carrier: nil, service: nil, country: nil, validity: .unknown, trackingURL: nil)
    }

    /// Text that is no tracking number, reported as an invalid one of no carrier (see `TrackingRules.report`).
    static func notANumber(_ normalized: String, reason: String) -> TrackingNumber {
        TrackingNumber(normalized: normalized, carrier: nil, service: nil, country: nil, validity: .invalid(reason: reason), trackingURL: nil)
    }
}

/// The carrier a sender named for a number (the carrier column of a bulk file), which decides what
/// formats the number is judged by.
public enum StatedCarrier: Hashable, Sendable {
    /// None named: every format of the number's shape.
    case unstated
    /// A carrier campaignchat knows: its own formats when it has one of the number's shape (a mistyped
    /// number of it is invalid, even if another carrier's check passes), else only the distinctive formats.
    case carrier(Carrier)
    /// A carrier campaignchat does not know (`DHL Paket`, `Evri`): only the distinctive formats (UPS `1Z`,
    /// UPU S10, ...), so that bare digits of that carrier are unknown rather than judged as another's.
    case unlisted
}
