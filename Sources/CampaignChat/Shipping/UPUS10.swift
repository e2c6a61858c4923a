// UPU S10: the 13-character international postal item identifier `AA123456789CC` shared by postal operators
// (Royal Mail, La Poste, Deutsche Post, China Post, USPS international, PostNL international, ...):
// 2-letter service indicator + 8-digit serial + check digit + ISO 3166 alpha-2 country of the issuing operator.
//
// Sources: UPU standard S10, "Identification of postal items - 13-character identifier"
// (https://www.upu.int/en/postal-solutions/programmes-services/standards), summarised with the weights and the
// service indicator ranges at https://en.wikipedia.org/wiki/S10_(UPU_standard); test numbers from
// https://github.com/bwipp/postscriptbarcode/wiki/UPU-S10 (EE471108151FR), https://www.npmjs.com/package/s10
// (EB000717618HK) and https://github.com/jkeen/tracking_number_data couriers/s10.json (RB123456785GB).

extension TrackingFormat {
    static let upuS10: [TrackingFormat] = [
        TrackingFormat(.s10PostalOperator, "UPU S10", pattern: "@@#{9}@@", check: .s10Mod11,
                       checked: 2..<10, checkPosition: 10),
    ]
}

/// Who issued an S10 number and what kind of item it is, from its letters.
enum UPUS10 {
    /// The operator, service and country of `symbols` (13 S10 symbols), or nil when the suffix is not an
    /// ISO 3166 country: then it is not an S10 number at all (unknown rather than invalid, since the letters
    /// are outside the check digit and private schemes imitate the shape).
    static func identify(_ symbols: [UInt8]) -> (carrier: Carrier, service: String, country: String)? {
        let country = String(decoding: [letter(symbols[11]), letter(symbols[12])], as: UTF8.self)
        guard countries.contains(country) else { return nil }
        let indicator = String(decoding: [letter(symbols[0]), letter(symbols[1])], as: UTF8.self)
        return (operators[country] ?? .upuPostalOperator, "UPU S10 (\(category(symbols[0])), \(indicator))", country)
    }

    private static func letter(_ symbol: UInt8) -> UInt8 { UInt8(ascii: "A") + symbol - 10 }

    /// The item category the first letter of the service indicator stands for (S10 Annex A ranges).
    private static func category(_ first: UInt8) -> String {
        switch letter(first) {
        case UInt8(ascii: "E"): "EMS"
        case UInt8(ascii: "R"): "registered"
        case UInt8(ascii: "C"): "parcel"
        case UInt8(ascii: "V"): "insured"
        case UInt8(ascii: "L"): "letter, tracked"
        case UInt8(ascii: "U"): "letter"
        case UInt8(ascii: "H"): "e-commerce parcel"
        case UInt8(ascii: "M"): "M-bag"
        case UInt8(ascii: "Q"): "business reply"
        default: "domestic or bilateral"
        }
    }

    /// Operators with their own carrier entry (a tracking page); every other country is `.upuPostalOperator`.
    private static let operators: [String: Carrier] = [
        "US": .usps, "GB": .royalMail, "FR": .laPoste, "DE": .deutschePost, "NL": .postNL, "CN": .chinaPost,
        "CA": .canadaPost, "AU": .australiaPost, "CH": .swissPost, "JP": .japanPost,
    ]

    /// ISO 3166-1 alpha-2, the 249 officially assigned codes (Debian iso-codes 4.15, iso_3166-1.json).
    private static let countries: Set<String> = Set("""
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY \
        BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK \
        FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR \
        IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK \
        ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM \
        PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF \
        TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """.split(separator: " ").map(String.init))
}

extension CheckAlgorithm {
    /// The 8 serial digits weighted 8 6 4 2 3 5 9 7, summed; check = 11 - (sum mod 11), with 10 → 0 and 11 → 5.
    ///
    /// A substitution always changes the remainder (11 is prime), but remainders 0 and 6 both give check digit
    /// 5: a number whose check digit is 5 can hide a substitution that moves its remainder between them
    /// (RB123456785GB → RB323456785GB passes). Check digits other than 5 detect every substitution.
    static func s10Mod11(_ digits: ArraySlice<UInt8>) -> Int {
        let weights = [8, 6, 4, 2, 3, 5, 9, 7]
        var sum = 0
        for (weight, digit) in zip(weights, digits) { sum += weight * Int(digit) }
        switch 11 - sum % 11 {
        case 10: return 0
        case 11: return 5
        case let check: return check
        }
    }
}
