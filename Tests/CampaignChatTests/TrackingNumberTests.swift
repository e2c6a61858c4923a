import Testing
@testable import CampaignChat

@Suite struct TrackingNumberTests {
    @Test func theExampleTableCoversEveryCarrierFamilyWithSixtyNumbersOrMore() {
        #expect(TrackingExamples.all.count >= 60)
        let carriers = Set(TrackingExamples.valid.compactMap(\.carrier))
        for family in ["ups", "fedex", "usps", "dhl-express", "royal-mail", "la-poste", "dpd", "gls"] {
            #expect(carriers.contains(family), "no valid example for \(family)")
        }
    }

    @Test(arguments: TrackingExamples.all)
    func recognisesEachExampleWithItsCarrierAndValidity(_ example: TrackingExample) {
        let number = TrackingNumber.recognize(example.text)
        #expect(number.carrier?.id == example.carrier)
        switch (example.expected, number.validity) {
        case (.valid, .valid), (.invalid, .invalid), (.unknown, .unknown): break
        default: Issue.record("\(example.text): expected \(example.expected), got \(number.validity)")
        }
        if let service = example.service { #expect(number.service == service) }
    }

    // MARK: - Normalisation

    @Test func ignoresSpacesAndDashesAndUpperCases() {
        for pasted in ["1z 999 aa1 01 2345 6784", "1Z-999-AA1-01-2345-6784", " 1Z999AA10123456784\n", "1z999aa1\t0123456784"] {
            let number = TrackingNumber.recognize(pasted)
            #expect(number.normalized == "1Z999AA10123456784")
            #expect(number.carrier == .ups)
            #expect(number.validity == .valid)
        }
    }

    @Test func ignoresUnicodeSpacesAndDashesPastedFromDocuments() {
        let pasted = "9400\u{00A0}1112\u{2009}0108\u{2013}0805\u{202F}4830\u{2014}16"
        let number = TrackingNumber.recognize(pasted)
        #expect(number.normalized == "9400111201080805483016")
        #expect(number.carrier == .usps)
        #expect(number.validity == .valid)
    }

    @Test func normalizeAloneGivesTheSameText() {
        #expect(TrackingNumber.normalize("rb 123-456-785 gb") == "RB123456785GB")
        #expect(TrackingNumber.normalize("") == "")
    }

    // MARK: - Unknown and hostile input

    @Test func emptyAndBlankInputIsUnknown() {
        for text in ["", "   ", "\t\n", "---"] {
            let number = TrackingNumber.recognize(text)
            #expect(number.normalized == "")
            #expect(!number.isRecognized)
            #expect(number.validity == .unknown)
            #expect(number.trackingURL == nil)
        }
    }

    @Test func nonASCIIInputIsUnknownAndKeptAsGiven() {
        let fullWidth = TrackingNumber.recognize("1Z999AA1０123456784")  // a full-width zero
        #expect(!fullWidth.isRecognized)
        #expect(fullWidth.normalized == "1Z999AA1０123456784")
        for text in ["📦 1Z999AA10123456784", "Ünïcödé", "\u{0301}", "RB123456785GB\u{0000}", "١٢٣٤٥٦٧٨٩٠١٢", "\u{FEFF}"] {
            let number = TrackingNumber.recognize(text)
            #expect(!number.isRecognized, "\(text)")
            #expect(number.validity == .unknown)
        }
        #expect(TrackingNumber.recognize("ünïcode").normalized == "üNïCODE")
    }

    @Test func veryLongInputIsUnknownNotACrash() {
        let long = String(repeating: "1234567890", count: 100_000)
        let number = TrackingNumber.recognize(long)
        #expect(!number.isRecognized)
        #expect(number.normalized.utf8.count == 1_000_000)
        #expect(TrackingNumber.recognize(String(repeating: "Z", count: 50_000)).validity == .unknown)
    }

    @Test func aUPSPrefixWithTheWrongLengthIsInvalidNotUnknown() {
        for text in ["1Z999AA1012345678", "1Z999AA101234567844", "1Z"] {
            let number = TrackingNumber.recognize(text)
            #expect(number.carrier == .ups)
            guard case .invalid(let reason) = number.validity else {
                Issue.record("\(text) should be invalid")
                continue
            }
            #expect(reason.contains("18 characters"))
            #expect(number.trackingURL == nil)
        }
        let padded = TrackingNumber.recognize("1Z" + String(repeating: "9", count: 100_000))
        #expect(padded.carrier == .ups)
    }

    // MARK: - What a recognised number tells

    @Test func takesTheCountryFromTheS10SuffixAndNamesItsOperator() {
        let hongKong = TrackingNumber.recognize("EB000717618HK")
        #expect(hongKong.country == "HK")
        #expect(hongKong.carrier == .upuPostalOperator)
        #expect(hongKong.trackingURL == nil)
        let britain = TrackingNumber.recognize("RB123456785GB")
        #expect(britain.country == "GB")
        #expect(britain.carrier?.name == "Royal Mail")
        #expect(TrackingNumber.recognize("RB123456785US").carrier == .usps)
    }

    @Test func knowsTheCountryOfNationalCarriersOnly() {
        #expect(TrackingNumber.recognize("9400111201080805483016").country == "US")
        #expect(TrackingNumber.recognize("3SDEVC123456789").country == "NL")
        #expect(TrackingNumber.recognize("1Z999AA10123456784").country == nil)
        #expect(TrackingNumber.recognize("3318810025").country == nil)
    }

    @Test func linksToTheCarriersPageOverHTTPS() {
        for example in TrackingExamples.valid where example.carrier != "upu-s10" && example.carrier != "china-post" {
            let url = TrackingNumber.recognize(example.text).trackingURL
            #expect(url?.hasPrefix("https://") == true, "\(example.text)")
        }
        #expect(TrackingNumber.recognize("1Z999AA10123456784").trackingURL == "https://www.ups.com/track?tracknum=1Z999AA10123456784")
    }

    @Test func linksWithTheTrackedPartOfALongerBarcode() {
        let routed = TrackingNumber.recognize("420 22153 9101026837331000039521")
        #expect(routed.normalized == "420221539101026837331000039521")
        #expect(routed.trackingURL?.hasSuffix("=9101026837331000039521") == true)
        let dpdLabel = TrackingNumber.recognize("008182709980000020033350276C")
        #expect(dpdLabel.trackingURL?.hasSuffix("/09980000020033") == true)
    }

    @Test func percentEncodesWhatIsNotUnreserved() {
        #expect(Carrier.percentEncoded("AZaz09-._~") == "AZaz09-._~")
        #expect(Carrier.percentEncoded("A B/é?&#") == "A%20B%2F%C3%A9%3F%26%23")
    }

    @Test func invalidNumbersSayWhatIsWrong() {
        guard case .invalid(let reason) = TrackingNumber.recognize("201012345671").validity else {
            Issue.record("expected invalid")
            return
        }
        #expect(reason.contains("FedEx Express"))
        #expect(reason.contains("GLS"))
    }

    // MARK: - Ambiguity

    /// Swiss Post's GLS example passes FedEx Express's check too: the table's order picks FedEx, says GLS
    /// is possible, and a carrier column settles it.
    @Test func aNumberValidForTwoCarriersFollowsTheTableOrderUnlessACarrierIsStated() {
        let plain = TrackingNumber.recognize("993990103198")
        #expect(plain.carrier == .fedex)
        #expect(plain.validity == .valid)
        #expect(plain.alsoValidFor == [.gls])
        let preferringGLS = TrackingNumber.recognize("993990103198", as: .carrier(.gls))
        #expect(preferringGLS.carrier == .gls)
        #expect(preferringGLS.service == "GLS parcel number")
        #expect(preferringGLS.alsoValidFor == [.fedex])
        // A right number of another carrier than the one stated is still refused, but the reason says whose it would be.
        let smartPostAsUSPS = TrackingNumber.recognize("61299998820821171811", as: .carrier(.usps))
        guard case .invalid(let reason) = smartPostAsUSPS.validity else { Issue.record("\(smartPostAsUSPS.validity)"); return }
        #expect(reason.hasSuffix("; or it is a FedEx Ground Economy (SmartPost) number, which it is valid as: then name FedEx as its carrier"), "\(reason)")
        let mistypedGLS = TrackingNumber.recognize("993990103199", as: .carrier(.gls))
        #expect(mistypedGLS.validity == .invalid(reason: "wrong check digit for a GLS parcel number: a character is mistyped, missing or extra"))
    }

    /// A FedEx Express number mistyped into one that passes GLS's check is still a mistyped FedEx number
    /// when the sender says FedEx; unstated, the passing reading wins.
    @Test func aStatedCarrierJudgesTheNumberByItsOwnFormatsAlone() {
        let plain = TrackingNumber.recognize("201012345670")
        #expect(plain.carrier == .gls)
        #expect(plain.validity == .valid)
        let statedFedEx = TrackingNumber.recognize("201012345670", as: .carrier(.fedex))
        #expect(statedFedEx.carrier == .fedex)
        #expect(statedFedEx.service == "FedEx Express")
        guard case .invalid = statedFedEx.validity else { Issue.record("\(statedFedEx.validity)"); return }
        #expect(statedFedEx.trackingURL?.hasPrefix("https://www.fedex.com/") == true)
        #expect(TrackingNumber.recognize("201012345671", as: .carrier(.gls)).carrier == .gls)
    }

    /// Bare digits of a carrier campaignchat does not know (a DHL Paket number of 12 digits) are
    /// unknown, never judged or linked as FedEx's; a distinctive number is still what it is.
    @Test func aCarrierNobodyKnowsLeavesBareDigitsUnknown() {
        for digits in ["340434188194", "340434188193", "0034043418819", "12345678901234567890"] {
            for stated in [StatedCarrier.unlisted, .carrier(.dhlExpress)] {
                let number = TrackingNumber.recognize(digits, as: stated)
                #expect(number.carrier == nil && number.validity == .unknown && number.trackingURL == nil, "\(digits) \(stated): \(number)")
            }
        }
        #expect(TrackingNumber.recognize("340434188194").validity != .unknown, "unstated, twelve digits are judged as FedEx Express or GLS")
        let ups = TrackingNumber.recognize("1Z999AA10123456784", as: .unlisted)
        #expect(ups.carrier == .ups && ups.validity == .valid)
        let mistypedUPS = TrackingNumber.recognize("1Z999AA10123456785", as: .unlisted)
        #expect(mistypedUPS.carrier == .ups && mistypedUPS.validity != .valid)
    }

    @Test func theThreeTwentyDigitReadingsNeverAllValidate() {
        for example in TrackingExamples.valid where example.text.count == 20 {
            #expect(TrackingNumber.recognize(example.text).alsoValidFor.isEmpty, "\(example.text)")
        }
    }

    @Test func carriersAreFoundByTheirStableID() {
        #expect(Carrier.withID("DHL-Express") == .dhlExpress)
        #expect(Carrier.withID("nope") == nil)
        #expect(Set(Carrier.all.map(\.id)).count == Carrier.all.count)
        for carrier in Carrier.all {
            #expect(carrier.id == carrier.id.lowercased() && !carrier.id.contains(" "))
        }
    }
}
