import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

@Suite struct HandleRules {
    @Test func acceptsAtSignAndFoldsCase() throws {
        #expect(try Handle(parsing: "@Alice.B_c-1").value == "alice.b_c-1")
        #expect(try Handle(parsing: "alice").description == "@alice")
    }

    @Test(arguments: ["", "@", "al ice", "alice!", "ålice", String(repeating: "a", count: 65), "@@alice"])
    func refusesHandlesOutsideTheAlphabet(_ text: String) {
        #expect(throws: CampaignChatError.self) { try Handle(parsing: text) }
    }

    @Test func acceptsSixtyFourCharacters() throws {
        #expect(try Handle(parsing: String(repeating: "a", count: 64)).value.count == 64)
    }
}

@Suite struct SlugRules {
    @Test func derivesFromName() {
        #expect(Slug.derive(from: "Summer Launch 2026!") == "summer-launch-2026")
        #expect(Slug.derive(from: "  --Été  Fest-- ") == "t-fest")
        #expect(Slug.derive(from: "日本") == "campaign")
    }

    @Test func makesUniqueWithSuffix() {
        let taken: Set = ["launch", "launch-2"]
        #expect(Slug.unique("launch") { taken.contains($0) } == "launch-3")
        #expect(Slug.unique("other") { taken.contains($0) } == "other")
    }

    @Test func validatesExplicitSlugs() throws {
        #expect(try Slug.parse("Summer-2026") == "summer-2026")
        #expect(throws: CampaignChatError.self) { try Slug.parse("-bad") }
        #expect(throws: CampaignChatError.self) { try Slug.parse("with space") }
        #expect(throws: CampaignChatError.self) { try Slug.parse("") }
    }
}

@Suite struct BodyRules {
    @Test func refusesEmptyAndWhitespaceBodies() {
        #expect(throws: CampaignChatError.invalidText("message is empty")) { try TextRules.checkMessageBody("") }
        #expect(throws: CampaignChatError.invalidText("message is empty")) { try TextRules.checkMessageBody(" \n\t ") }
    }

    @Test func namesTheLimitWhenTooLong() throws {
        try TextRules.checkMessageBody(String(repeating: "x", count: 10_000))
        let error = chatError { try TextRules.checkMessageBody(String(repeating: "x", count: 10_001)) }
        #expect(error?.description.contains("10000") == true)
        #expect(error?.category == .invalidData)
    }

    @Test func countsCharactersNotBytes() throws {
        try TextRules.checkMessageBody(String(repeating: "é", count: 10_000))
    }

    @Test func countsUnicodeScalarsSoOneCharacterCannotHoldAMegabyte() throws {
        let zalgo = "a" + String(repeating: "\u{301}", count: 500_000)
        #expect(zalgo.count == 1, "one character")
        let error = chatError { try TextRules.checkMessageBody(zalgo) }
        #expect(error?.description == "message is 500001 characters (Unicode scalars) long; the limit is 10000")
        try TextRules.checkMessageBody(String(repeating: "\u{1F4E6}", count: 10_000))
        #expect(chatError { try TextRules.checkMessageBody(String(repeating: "\u{1F4E6}", count: 10_001)) } != nil)
        #expect(chatError { try TextRules.checkMessageBody("e" + String(repeating: "\u{301}", count: 10_000)) } != nil)
    }

    @Test func previewsAreBoundedInScalars() {
        let zalgo = "a" + String(repeating: "\u{301}", count: 500_000)
        let preview = PushRules.preview(of: zalgo)
        #expect(preview.unicodeScalars.count <= PushRules.previewLength * 4)
        #expect(preview.hasSuffix("…"))
        #expect(PushRules.preview(of: "Your  parcel\nships") == "Your parcel ships")
        #expect(PushRules.preview(of: String(repeating: "\n", count: 600) + "Your parcel ships Monday") == "Your parcel ships Monday",
                "white space does not use up the preview")
        #expect(PushRules.preview(of: String(repeating: "word ", count: 100)).count == PushRules.previewLength)
        #expect(TextRules.leadingScalars(of: zalgo, limit: 3) == ("a\u{301}\u{301}", true))
        #expect(TextRules.leadingScalars(of: "abc", limit: 3) == ("abc", false))
    }

    @Test func refusesInvalidUTF8AndNUL() {
        #expect(throws: CampaignChatError.invalidText("message is not valid UTF-8")) {
            try TextRules.messageBody(bytes: [0x68, 0xFF, 0x69])
        }
        #expect(throws: CampaignChatError.invalidText("message contains a NUL character")) {
            try TextRules.messageBody(bytes: [0x68, 0x00, 0x69])
        }
    }

    @Test func keepsControlCharactersInBodiesExactly() throws {
        let hostile = "\u{1B}[2Jgone\u{202E}txt\r"
        #expect(try TextRules.messageBody(bytes: Array(hostile.utf8)) == hostile)
    }

    @Test func refusesControlCharactersInNames() throws {
        #expect(throws: CampaignChatError.self) { try TextRules.name("Evil\u{1B}[2J", of: "creator") }
        #expect(throws: CampaignChatError.self) { try TextRules.name("a\u{202E}b", of: "group") }
        #expect(throws: CampaignChatError.self) { try TextRules.name("   ", of: "campaign") }
        #expect(try TextRules.name("  Summer Launch ", of: "campaign") == "Summer Launch")
    }

    /// Formatting characters (`Cf`), and the other default-ignorable code points, which render as
    /// nothing: Hangul fillers, the combining grapheme joiner, a variation selector that follows no
    /// visible character.
    @Test(arguments: [0x200B, 0xFEFF, 0x00AD, 0x200D, 0x2060, 0x180E, 0x061C, 0x200E, 0x2066, 0xE0001, 0xE0041, 0xE007F, 0x110BD,
                      0x3164, 0x115F, 0x1160, 0xFFA0, 0x034F, 0x17B4])
    func refusesEveryInvisibleFormattingCharacterInNames(scalar: UInt32) throws {
        let name = "al" + String(Unicode.Scalar(scalar)!) + "ice"
        #expect(chatError { _ = try TextRules.name(name, of: "creator") }
                == .invalidValue("creator name contains control, bidi or invisible formatting characters"), "U+\(String(scalar, radix: 16))")
    }

    @Test func keepsVisibleNamesInAnyScript() throws {
        for name in ["Zoë Müller", "山田 花子", "Ava Demo 📦", "O'Brien & Co.", "I \u{2764}\u{FE0F} Summer", "\u{845B}\u{E0100}"] {
            #expect(try TextRules.name(name, of: "creator") == name)
        }
        for selectorAlone in ["Ship \u{FE0F}ping", "\u{FE0F}Shipping", "Shipping\u{E0100}\u{E0101}"] {
            #expect(chatError { _ = try TextRules.name(selectorAlone, of: "group") } != nil, "\(selectorAlone.unicodeScalars.map(\.value))")
        }
    }

    @Test func escapesControlsInErrorMessages() {
        #expect(TextRules.quotedForMessage("a\u{1B}b\u{202E}") == "a\\x1bb\\u{202e}")
    }
}

@Suite struct MembershipRules {
    let campaign = Campaign(id: 1, slug: "c", name: "C", createdAt: Timestamp(rfc3339: "x"), archivedAt: nil)
    let handle = try! Handle(parsing: "alice")

    @Test func acceptanceGateLetsOnlyAcceptedThrough() throws {
        try AcceptanceGate.requireAccepted(.accepted, campaign: campaign, creator: handle)
        for status in [MembershipStatus.invited, .declined, .removed] {
            #expect(throws: CampaignChatError.notAccepted(campaign: "c", creator: handle, status: status)) {
                try AcceptanceGate.requireAccepted(status, campaign: campaign, creator: handle)
            }
        }
        #expect(throws: CampaignChatError.notAccepted(campaign: "c", creator: handle, status: nil)) {
            try AcceptanceGate.requireAccepted(nil, campaign: campaign, creator: handle)
        }
    }

    @Test func transitions() throws {
        #expect(try MembershipAction.invite.apply(to: nil, campaign: campaign, creator: handle) == .invited)
        #expect(try MembershipAction.invite.apply(to: .removed, campaign: campaign, creator: handle) == .invited)
        #expect(try MembershipAction.invite.apply(to: .accepted, campaign: campaign, creator: handle) == .accepted)
        #expect(try MembershipAction.accept.apply(to: .invited, campaign: campaign, creator: handle) == .accepted)
        #expect(try MembershipAction.accept.apply(to: .declined, campaign: campaign, creator: handle) == .accepted)
        #expect(try MembershipAction.decline.apply(to: .accepted, campaign: campaign, creator: handle) == .declined)
        #expect(try MembershipAction.remove.apply(to: .accepted, campaign: campaign, creator: handle) == .removed)
        #expect(throws: CampaignChatError.self) { try MembershipAction.accept.apply(to: .removed, campaign: campaign, creator: handle) }
        #expect(throws: CampaignChatError.self) { try MembershipAction.accept.apply(to: nil, campaign: campaign, creator: handle) }
    }

    @Test func creatorsReachOnlyTheirOwnThread() throws {
        try ThreadAccess.requireOwnThread(actor: .brand, threadCreator: handle)
        try ThreadAccess.requireOwnThread(actor: .creator(handle), threadCreator: handle)
        let bob = try Handle(parsing: "bob")
        #expect(throws: CampaignChatError.notYourThread(actor: bob)) {
            try ThreadAccess.requireOwnThread(actor: .creator(bob), threadCreator: handle)
        }
        #expect(throws: CampaignChatError.brandOnly(action: "invite creators")) {
            try ThreadAccess.requireBrand(.creator(bob), to: "invite creators")
        }
    }
}

@Suite struct TextFastPaths {
    @Test func trimmingKeepsPrintableEndsAndRemovesAnyWhitespace() {
        #expect(TextRules.trimmed("UPS") == "UPS")
        #expect(TextRules.trimmed(" UPS\t") == "UPS")
        #expect(TextRules.trimmed("\u{3000}Royal Mail\u{00A0}") == "Royal Mail", "Unicode spaces at either end")
        #expect(TextRules.trimmed("a\u{0301}") == "a\u{0301}", "a combining accent ends the text")
        #expect(TextRules.trimmed("\u{00A0}") == "")
    }

    @Test func keysAreMeasuredInCharactersAndScalarsWhateverTheirBytes() throws {
        try TextRules.checkKey(String(repeating: "k", count: 200))
        #expect(throws: CampaignChatError.self) { try TextRules.checkKey(String(repeating: "k", count: 201)) }
        try TextRules.checkKey(String(repeating: "é", count: 200))
        #expect(throws: CampaignChatError.self) { try TextRules.checkKey(String(repeating: "é", count: 201)) }
        #expect(throws: CampaignChatError.self) { try TextRules.checkKey("key\u{1B}[2J") }
        // Shipment notices are recorded apart from keys (schema version 10): every key of their old form is the user's again.
        for free in ["shipment:3:lost", "shipment:12:in-transit", "shipment:ORDER-7", "shipment:3", "shipment::lost", "Shipment:3:lost"] {
            try TextRules.checkKey(free)
        }
        #expect(throws: CampaignChatError.self) { try TextRules.checkKey("") }
    }

    /// The service takes keys only as `IdempotencyKey`s, which cannot hold a bad one.
    @Test func anIdempotencyKeyIsCheckedWhenItIsMade() throws {
        #expect(try IdempotencyKey(String(repeating: "k", count: 200)).value.count == 200)
        for bad in ["", String(repeating: "k", count: 201), "key\u{1B}[2J"] {
            #expect((try? IdempotencyKey(bad)) == nil, "\(bad.prefix(10))")
            #expect(throws: CampaignChatError.self) { try IdempotencyKey(bad) }
        }
    }

    @Test func asciiIsEveryByteBelow128() {
        #expect(TextRules.isASCII("Your parcel ships today"))
        #expect(TextRules.isASCII(""))
        #expect(!TextRules.isASCII("Votre colis part aujourd'hui, é"))
    }
}

@Suite struct TimestampFormat {
    @Test func formatsRFC3339UTCWithMilliseconds() {
        #expect(Timestamp(secondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(secondsSinceEpoch: 1_790_000_000, milliseconds: 7).rfc3339 == "2026-09-21T14:13:20.007Z")
    }
}

/// Timestamps are written by the core's own calendar arithmetic (no C library): each one reads
/// back as the moment it was made from, across leap days, centuries and the years' ends.
@Suite struct TimestampCalendar {
    @Test func writesTheGregorianDateOfEachMoment() {
        #expect(Timestamp(secondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 951_782_400_123).rfc3339 == "2000-02-29T00:00:00.123Z")
        #expect(Timestamp(secondsSinceEpoch: 4_107_542_399).rfc3339 == "2100-02-28T23:59:59.000Z")
        #expect(Timestamp(secondsSinceEpoch: 4_107_542_400).rfc3339 == "2100-03-01T00:00:00.000Z")
        #expect(Timestamp(secondsSinceEpoch: 1_798_761_599).rfc3339 == "2026-12-31T23:59:59.000Z")
        // Every 7 hours and 13 seconds from 1970 to past 2400: written, then read back to the same moment.
        var mismatches: [String] = []
        for seconds in stride(from: 0, to: 13_800_000_000, by: 25_213) {
            let stamp = Timestamp(millisecondsSinceEpoch: Int64(seconds) * 1_000 + 7)
            if stamp.millisecondsSinceEpoch != Int64(seconds) * 1_000 + 7 { mismatches.append("\(seconds): \(stamp)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
