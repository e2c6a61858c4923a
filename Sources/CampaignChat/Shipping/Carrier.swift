/// A courier or postal operator whose tracking numbers campaignchat recognises.
///
/// The `id` is stable (it is what scripts, `--json` output and completions use); the `name` is for people.
public struct Carrier: Sendable, Hashable, CustomStringConvertible {
    /// Stable lowercase identifier, e.g. `ups`, `dhl-express`, `royal-mail`, `upu-s10`.
    public let id: String
    /// Display name, e.g. `DHL Express`.
    public let name: String
    /// ISO 3166 alpha-2 country of a national operator (`US` for USPS); nil for international couriers.
    let country: String?
    /// The public tracking page up to the number, which ends every one of them; nil when the operator has none we can link to.
    let trackingURLPrefix: String?

    init(id: String, name: String, country: String? = nil, trackingURL prefix: String?) {
        self.id = id
        self.name = name
        self.country = country
        self.trackingURLPrefix = prefix
    }

    public var description: String { name }

    public static func == (lhs: Carrier, rhs: Carrier) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The carrier with this id (any case), for `--carrier` options and carrier columns of bulk files.
    public static func withID(_ id: String) -> Carrier? {
        let wanted = id.lowercased()
        return all.first { $0.id == wanted }
    }

    /// The public tracking page for `number`, which is percent-encoded; nil when the carrier has none.
    func trackingURL(for number: Substring) -> String? {
        trackingURLPrefix.map { $0 + Self.percentEncoded(number) }
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters, so a number can go into a path or query.
    static func percentEncoded(_ text: Substring) -> String {
        // A recognised number is letters and digits: nothing to encode.
        if text.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            return String(text)
        }
        var encoded = ""
        for byte in text.utf8 {
            let unreserved = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            if unreserved {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }
}

// MARK: - The carriers

extension Carrier {
    public static let ups = Carrier(id: "ups", name: "UPS", trackingURL: "https://www.ups.com/track?tracknum=")
    public static let fedex = Carrier(id: "fedex", name: "FedEx", trackingURL: "https://www.fedex.com/fedextrack/?trknbr=")
    public static let usps = Carrier(id: "usps", name: "USPS", country: "US",
                                     trackingURL: "https://tools.usps.com/go/TrackConfirmAction?tLabels=")
    public static let dhlExpress = Carrier(id: "dhl-express", name: "DHL Express",
                                           trackingURL: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=")
    public static let dpd = Carrier(id: "dpd", name: "DPD", trackingURL: "https://tracking.dpd.de/status/en_US/parcel/")
    public static let gls = Carrier(id: "gls", name: "GLS", trackingURL: "https://gls-group.eu/EU/en/parcel-tracking?match=")
    public static let postNL = Carrier(id: "postnl", name: "PostNL", country: "NL",
                                       trackingURL: "https://jouw.postnl.nl/track-and-trace/")

    // Postal operators named by the country suffix of a UPU S10 number (see UPUS10.swift).
    public static let royalMail = Carrier(id: "royal-mail", name: "Royal Mail", country: "GB",
                                          trackingURL: "https://www.royalmail.com/track-your-item#/tracking-results/")
    public static let laPoste = Carrier(id: "la-poste", name: "La Poste", country: "FR",
                                        trackingURL: "https://www.laposte.fr/outils/suivre-vos-envois?code=")
    public static let deutschePost = Carrier(id: "deutsche-post", name: "Deutsche Post", country: "DE",
                                             trackingURL: "https://www.deutschepost.de/de/s/sendungsverfolgung/verfolgen.html?piececode=")
    public static let chinaPost = Carrier(id: "china-post", name: "China Post", country: "CN", trackingURL: nil)
    public static let canadaPost = Carrier(id: "canada-post", name: "Canada Post", country: "CA",
                                           trackingURL: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=")
    public static let australiaPost = Carrier(id: "australia-post", name: "Australia Post", country: "AU",
                                              trackingURL: "https://auspost.com.au/mypost/track/details/")
    public static let swissPost = Carrier(id: "swiss-post", name: "Swiss Post", country: "CH",
                                          trackingURL: "https://service.post.ch/ekp-web/ui/entry/search/")
    public static let japanPost = Carrier(id: "japan-post", name: "Japan Post", country: "JP",
                                          trackingURL: "https://trackings.post.japanpost.jp/services/srv/search/direct?locale=en&reqCodeNo1=")
    /// Any other postal operator issuing UPU S10 numbers; the country comes from the number's suffix.
    public static let upuPostalOperator = Carrier(id: "upu-s10", name: "Postal operator (UPU S10)", trackingURL: nil)

    /// Every carrier, for `--carrier` options, completions and the manual. (Which wins when a number is valid
    /// for several is decided by the order of `TrackingFormat.table`, not by this list.)
    public static let all: [Carrier] = [
        .ups, .usps, .fedex, .dhlExpress, .royalMail, .laPoste, .deutschePost, .postNL, .chinaPost, .canadaPost,
        .australiaPost, .swissPost, .japanPost, .upuPostalOperator, .dpd, .gls,
    ]
}
