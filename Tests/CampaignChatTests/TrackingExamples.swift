@testable import CampaignChat

/// A tracking number with what recognition must say about it. The valid ones are published examples (source
/// named) or numbers whose check digit was worked out by hand from the published algorithm (working shown);
/// the invalid ones are one-character changes of them.
struct TrackingExample: Sendable, CustomStringConvertible {
    enum Expected: Sendable { case valid, invalid, unknown }

    let text: String
    let carrier: String?
    let expected: Expected
    let service: String?

    var description: String { text }

    static func valid(_ text: String, _ carrier: String, service: String? = nil) -> TrackingExample {
        TrackingExample(text: text, carrier: carrier, expected: .valid, service: service)
    }
    static func invalid(_ text: String, _ carrier: String, service: String? = nil) -> TrackingExample {
        TrackingExample(text: text, carrier: carrier, expected: .invalid, service: service)
    }
    static func unchecked(_ text: String, _ carrier: String) -> TrackingExample {
        TrackingExample(text: text, carrier: carrier, expected: .unknown, service: nil)
    }
    static func unknown(_ text: String) -> TrackingExample {
        TrackingExample(text: text, carrier: nil, expected: .unknown, service: nil)
    }
}

enum TrackingExamples {
    /// Published valid numbers, one carrier family after another.
    static let valid: [TrackingExample] = [
        // UPS: jkeen/tracking_number_data couriers/ups.json; 1Z999AA10123456784 is UPS's own documentation sample.
        .valid("1Z5R89390357567127", "ups"), .valid("1Z879E930346834440", "ups"), .valid("1Z410E7W0392751591", "ups"),
        .valid("1Z8V92A70367203024", "ups"), .valid("1Z999AA10123456784", "ups"),
        // FedEx Express: couriers/fedex.json; 012345678983 is the worked example FedEx gave in
        // answers.google.com thread 207899 (weights 3 1 7 3 1 7 3 1 7 3 1: sum 179, 179 mod 11 = 3).
        .valid("986578788855", "fedex", service: "FedEx Express"), .valid("477179081230", "fedex"),
        .valid("799531274483", "fedex"), .valid("790535312317", "fedex"), .valid("974367662710", "fedex"),
        .valid("012345678983", "fedex"),
        // FedEx Ground 15, Ground 96, SmartPost 20 (92 left off): couriers/fedex.json.
        .valid("041441760228964", "fedex", service: "FedEx Ground"), .valid("568283610012000", "fedex"),
        .valid("568283610012734", "fedex"),
        .valid("9611020987654312345672", "fedex", service: "FedEx Ground 96"),
        .valid("61299998820821171811", "fedex", service: "FedEx Ground Economy (SmartPost)"),
        // USPS IMpb 22 and 26 digits, 420+ZIP forms, 20-digit forms: couriers/usps.json. 9261292700768711948021
        // is listed there as FedEx SmartPost; it is an IMpb USPS tracks, reported as USPS by design.
        .valid("9400111201080805483016", "usps", service: "USPS IMpb"), .valid("9361289878700317633795", "usps"),
        .valid("9405803699300124287899", "usps"), .valid("9505511069605048600624", "usps"),
        .valid("9101123456789000000013", "usps"), .valid("92748931507708513018050063", "usps"),
        .valid("9261292700768711948021", "usps"),
        .valid("420221539101026837331000039521", "usps", service: "USPS IMpb with ZIP routing"),
        .valid("4201002334249200190132607600833457", "usps"), .valid("4201028200009261290113185417468510", "usps"),
        .valid("03071790000523483741", "usps", service: "USPS 20-digit"), .valid("71123456789123456787", "usps"),
        .valid("71969010756003077385", "usps", service: "USPS IMpb (91 left off)"),
        // UPU S10: RB123456785GB/US (couriers/s10.json), EB000717618HK (npm s10), EE471108151FR (BWIPP wiki),
        // RM999605013CH (Aspose Swiss Post docs). Worked by hand with weights 8 6 4 2 3 5 9 7:
        // RR47312482 (BWIPP's "check digit calculated" example): 32+42+12+2+6+20+72+14 = 200, 200 mod 11 = 2, 11-2 = 9.
        // 41034224 (the worked example of ru.wikipedia "Почтовый идентификатор"): 32+6+0+6+12+10+18+28 = 112, mod 11 = 2 → 9.
        // 00000001: 1x7 = 7, 11-7 = 4.
        .valid("RB123456785GB", "royal-mail", service: "UPU S10 (registered, RB)"), .valid("RB123456785US", "usps"),
        .valid("EB000717618HK", "upu-s10", service: "UPU S10 (EMS, EB)"), .valid("EE471108151FR", "la-poste"),
        .valid("RM999605013CH", "swiss-post"), .valid("RR473124829GB", "royal-mail"),
        .valid("LZ410342249CN", "china-post"), .valid("CX123456785DE", "deutsche-post", service: "UPU S10 (parcel, CX)"),
        .valid("RR000000014NL", "postnl"),
        // DHL Express: couriers/dhl.json.
        .valid("3318810025", "dhl-express"), .valid("8487135506", "dhl-express"), .valid("1099255990", "dhl-express"),
        .valid("3821724944", "dhl-express"), .valid("3318810036", "dhl-express"), .valid("3318810014", "dhl-express"),
        // DPD: 01905002345615Y (Business::DPD tests), 01015026003653c (paketda.de, lower-case as printed there),
        // 15502370264989N (DPD UK, aftership-challenge test data), 28-character barcodes (couriers/dpd.json).
        .valid("01905002345615Y", "dpd", service: "DPD parcel number"), .valid("01015026003653c", "dpd"),
        .valid("15502370264989N", "dpd"),
        .valid("008182709980000020033350276C", "dpd", service: "DPD label barcode"),
        .valid("008182709980000020045327276N", "dpd"),
        // GLS, worked by hand (weights 3 1 3 1 ... from the left, + 1, up to a multiple of 10), each failing
        // FedEx Express's check so GLS is the only reading:
        // 20101234567: 6+0+3+0+3+2+9+4+15+6+21 = 69, +1 = 70 → 0 (FedEx would want 2).
        // 46853012345: 12+6+24+5+9+0+3+2+9+4+15 = 89, +1 = 90 → 0 (FedEx would want 3).
        // 71851234567: 21+1+24+5+3+2+9+4+15+6+21 = 111, +1 = 112 → 8 (FedEx would want 5).
        .valid("201012345670", "gls", service: "GLS parcel number"), .valid("468530123450", "gls"),
        .valid("718512345678", "gls"),
    ]

    /// One-character changes of the numbers above, and numbers with a known shape but a wrong check digit.
    static let invalid: [TrackingExample] = [
        .invalid("1Z5R89390357567128", "ups"), .invalid("1Z879E930346834441", "ups"),
        .invalid("1Z999AA10123456785", "ups"),  // the demo campaign's deliberately bad number
        .invalid("1Z999AA1012345678", "ups"),   // truncated: one character short
        .invalid("986578788854", "fedex"), .invalid("012345678993", "fedex"),
        .invalid("041441760228965", "fedex"), .invalid("9611020987654312345673", "fedex"),
        .invalid("9400111201080805483017", "usps"), .invalid("92748931507708513018050064", "usps"),
        .invalid("420221539101026837331000039522", "usps"),
        .invalid("9400111899223197428490", "usps"),  // the demo campaign's USPS number: its check digit should be 7
        .invalid("61299998820821171813", "usps"),    // fails all three 20-digit readings; USPS 20-digit comes first
        .invalid("RB123456786GB", "royal-mail"), .invalid("EE471108152FR", "la-poste"),
        .invalid("EB000717628HK", "upu-s10"),
        .invalid("3318810010", "dhl-express"), .invalid("3318810034", "dhl-express"),
        .invalid("01905002345615Z", "dpd"), .invalid("008182709980000020033350276A", "dpd"),
        .invalid("201012345671", "fedex"),  // a GLS typo fails both 12-digit checks; FedEx Express comes first
    ]

    /// Shapes we recognise without a check digit, and things that are no known format.
    static let other: [TrackingExample] = [
        // PostNL 3S (developer.postnl.nl barcode API: 13 or 15 characters; DEVC is its sandbox customer code).
        .unchecked("3SDEVC123456789", "postnl"), .unchecked("3SDEVC1234567", "postnl"),
        .unknown(""), .unknown("hello"), .unknown("12345"),
        .unknown("JD014600006281234567"),  // DHL eCommerce (demo campaign): no check digit, not claimed
        .unknown("00340433836442636597"),  // DHL Paket SSCC (paketda.de): AI 00 + SSCC, left unknown
        .unknown("RB123456785XX"),         // S10 shape, but XX is no country
        .unknown("01905002345615"),        // bare 14 digits: DPD and Hermes both use them
    ]

    static let all = valid + invalid + other
}
