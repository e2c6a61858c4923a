// PostNL: domestic and EU "3S" barcodes, `3S` + 4-letter customer code + 7- or 9-digit serie, 13 or 15
// characters. PostNL's international items use UPU S10 with the suffix NL (UPUS10.swift).
//
// Source: PostNL Barcode API, "Specifications barcodes"
// (https://developer.postnl.nl/browse-apis/send-and-track/barcode-webservice/): "A generated barcode of Type 3S
// is always 13 or 15 characters long"; the 3S barcode has no check character, so these numbers are
// recognised but cannot be verified (validity `.unknown`).

extension TrackingFormat {
    static let postNL: [TrackingFormat] = [
        TrackingFormat(.carrier(.postNL), "PostNL 3S", pattern: "3S@{4}#{7}", check: .none),
        TrackingFormat(.carrier(.postNL), "PostNL 3S", pattern: "3S@{4}#{9}", check: .none),
    ]
}
