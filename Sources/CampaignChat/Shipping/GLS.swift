// GLS: the 12-digit parcel number, 2-digit depot + 2-digit product (10-68 standard, 71-72 cash service,
// 85 express) + 7-digit serial + check digit.
//
// Sources: "GLS Uni-Box Technische Dokumentation 2D" V0110 (2012), chapter 3.2.1
// (gls-group.eu/DE/media/downloads/GLS_Uni-Box_TechDoku_2D_V0110_01-10-2012_DE-download-4424.pdf), as
// implemented and cited in public GLS tracking clients; the layout at https://www.paketda.de/gls/gls-paketlabel.php
// and GLS Ireland's labelling guideline ("number range xx71 yyyyyyyp"). Test number: 993990103198 from Swiss
// Post's GLS guide (https://www.post.ch/-/media/post/gk/dokumente/anleitung-pakete-gls.pdf).
// The 8-character GLS Track ID has no check character and is not distinctive; it comes back unknown.

extension TrackingFormat {
    static let gls: [TrackingFormat] = [
        TrackingFormat(.carrier(.gls), "GLS parcel number", pattern: "#{12}", check: .glsMod10),
    ]
}

extension CheckAlgorithm {
    /// The 11 digits weighted 3, 1, 3, ... from the left (so 3 on the rightmost too), summed, plus 1; the check
    /// digit brings that to a multiple of 10. Detects every single substitution (3 and 1 are prime to 10).
    static func glsMod10(_ digits: ArraySlice<UInt8>) -> Int {
        var sum = 1
        for (offset, digit) in digits.enumerated() {
            sum += Int(digit) * (offset % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }
}
