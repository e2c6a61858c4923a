import Testing
@testable import CampaignChat

/// What a shipment records: the number its carrier tracks, the carrier as named, and what a notice leaves.
extension Shipments {
    /// What is no tracking number: a placeholder cell is an empty one (no shipment, and
    /// `{tracking_number}` has no value), and text that is not letters and digits, or is endless,
    /// is refused whether or not numbers are verified - and is what `tracking check` reports
    /// invalid, by the same reading.
    @Test(arguments: TestEngine.selected) func placeholdersRecordNoShipmentAndNonNumbersAreRefused(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (_, placeholders) = try bulk(chat, [["handle": "alice", "tracking": " - - "], ["handle": "bob", "tracking": "n/a", "carrier": "DPD"]],
                                         template: "Hi {name}, your parcel {tracking}")
        #expect(placeholders.map(\.status) == [.sent, .sent] && placeholders.allSatisfy { $0.warning == nil })
        #expect(try chat.brand.shipments().isEmpty)
        let (_, needed) = try bulk(chat, [["handle": "alice", "tracking": "-"]], template: "Track {tracking_number}")
        #expect(needed.map(\.status) == [.invalid])

        for verify in [true, false] {
            let hostile = ["=HYPERLINK(\"http://x\")", "1Z999\u{1B}[2J", String(repeating: "7", count: TrackingRules.maximumLength + 1), "ab\u{202E}cd",
                           "!!!", "=HYPERLINK(1)", String(repeating: "A", count: TrackingRules.maximumLength + 1), "\u{200B}" + Self.ups]
            let (_, refused) = try bulk(chat, hostile.map { ["handle": "alice", "tracking": $0] }, template: "{tracking}",
                                        options: BulkSendOptions(verifyTracking: verify))
            #expect(refused.map(\.status) == Array(repeating: .invalid, count: hostile.count), "verify: \(verify)")
            #expect(refused.allSatisfy { $0.error?.contains("in column 'tracking' is not a tracking number") == true }, "\(refused.map(\.error))")
            for text in hostile {
                guard case .invalid(let reason) = TrackingRules.report(text).validity else { Issue.record("\(text.debugDescription) passes tracking check"); continue }
                #expect(reason.hasPrefix("not a tracking number: "), "\(reason)")
            }
        }
        #expect(try chat.brand.shipments().isEmpty)
        #expect(TrackingRules.namesNoNumber("N/A") && TrackingRules.namesNoNumber("") && !TrackingRules.namesNoNumber(Self.ups))
        #expect(TrackingRules.namesNoNumber(" \u{2013} ") && !TrackingRules.namesNoNumber("!!!"), "spaces and dashes are empty; other marks are text")
        for none in ["", " - - ", "n/a"] {
            #expect(TrackingRules.read(none) == .noNumber)
            #expect(TrackingRules.report(none).validity == .invalid(reason: "no tracking number: empty, or a placeholder for none (-, n/a, none)"))
        }
        #expect(TrackingRules.report("PARCEL-42").validity == .unknown && TrackingRules.report(Self.ups).validity == .valid)
        #expect(throws: CampaignChatError.self) { try TrackingRules.check(String(repeating: "A", count: 120_000), verify: false) }
        #expect(throws: CampaignChatError.self, "a UPS prefix does not make it one") {
            try TrackingRules.check("1Z" + String(repeating: "9", count: 120_000), verify: false)
        }
    }

    /// A barcode that holds more than the number the carrier tracks (USPS `420` + ZIP + IMpb, a
    /// DPD label) goes out whole, as before, and is recorded as that number, so a carrier's
    /// event about it finds the shipment; the whole barcode finds it too.
    @Test(arguments: TestEngine.selected) func aBarcodeIsRecordedAsTheNumberItsCarrierTracks(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (impb, label) = ("9101026837331000039521", "008182709980000020033350276C")
        let (_, results) = try bulk(chat, [["handle": "alice", "tracking": "420 22153 " + impb], ["handle": "bob", "tracking": label]],
                                    template: "{tracking_number}")
        #expect(results.map(\.status) == [.sent, .sent])
        #expect(try exported(chat).map(\.message.body) == ["42022153" + impb, label])
        #expect(try chat.brand.shipments().map(\.number) == [impb, "09980000020033"])
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: impb, status: .inTransit).changed)
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: "42022153" + impb, status: .delivered).changed)
        #expect(try chat.brand.markShipment(campaign: "summer-launch", handle: "bob", number: "09980000020033", status: .delivered).changed)
    }

    /// A send recorded before campaignchat kept only the tracked part (its shipment holds the whole
    /// barcode) replays when the same file runs again, keyed by a prefix or by its text.
    @Test(arguments: TestEngine.selected) func aSendRecordedWithTheWholeBarcodeStillReplays(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let barcode = "420221539101026837331000039521"
        let rows = [["handle": "alice", "tracking": barcode], ["handle": "bob", "tracking": "AB#1234"]]
        for options in [BulkSendOptions(keyPrefix: "ship-"), BulkSendOptions()] {
            _ = try bulk(chat, rows, template: "Parcel {tracking_number}", options: options)
            _ = try chat.database.execute("UPDATE shipment SET number = '\(barcode)' WHERE number = '9101026837331000039521'")
            let (_, again) = try bulk(chat, rows, template: "Parcel {tracking_number}", options: options)
            #expect(again.map(\.status) == [.replayed, .replayed], "\(again.map(\.error))")
            _ = try chat.database.execute("DELETE FROM shipment")
        }
        // A new message about the parcel recorded whole is about the same parcel: no second shipment.
        _ = try bulk(chat, [["handle": "alice", "tracking": barcode]], template: "Shipped {tracking_number}")
        _ = try chat.database.execute("UPDATE shipment SET number = '\(barcode)'")
        let rows2 = [["handle": "alice", "tracking": barcode], ["handle": "alice", "tracking": barcode]]
        let (_, dry) = try bulk(chat, rows2, template: "Reminder {tracking_number}", options: BulkSendOptions(dryRun: true))
        let (_, real) = try bulk(chat, rows2, template: "Reminder {tracking_number}")
        #expect(dry.map(\.status) == [.wouldSend, .replayed] && real.map(\.status) == [.sent, .replayed])
        #expect(try chat.brand.shipments().map(\.number) == [barcode])
    }

    /// A row that names a carrier campaignchat knows records it with the shipment even when the
    /// number's format is not one campaignchat knows for it.
    @Test(arguments: TestEngine.selected) func aKnownCarrierNamedForAnUnknownNumberIsTheShipmentsCarrier(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (_, results) = try bulk(chat, [["handle": "alice", "tracking": "986578788855", "carrier": "UPS"]], template: "{carrier} {tracking_number}")
        #expect(results.map(\.status) == [.sent] && results[0].warning != nil)
        #expect(try chat.brand.shipments().map(\.carrierID) == ["ups"])
        #expect(try chat.brand.shipments(carrier: .ups).count == 1)
    }

    /// A notice is the carrier's news, not the brand replying: what the creator wrote before it
    /// stays unread for the brand (a complaint is not cleared by a webhook).
    @Test(arguments: TestEngine.selected) func aShipmentNoticeLeavesTheCreatorsMessagesUnreadForTheBrand(engine: TestEngine) throws {
        let chat = try fixture(engine)
        _ = try bulk(chat, [["handle": "alice", "tracking": Self.ups]])
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "It never arrived!")
        #expect(try chat.brand.unread().map(\.unread) == [1])
        let marked = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: Self.ups, status: .delivered, notify: true)
        #expect(marked.notice?.replayed == false)
        #expect(try chat.brand.unread().map(\.unread) == [1], "the brand still has the complaint to read")
        #expect(try chat.creator("alice").unread().map(\.unread) == [1], "and the creator the notice")
    }

    /// A carrier campaignchat does not know is kept as the row named it: listed with the shipment
    /// and named in its notice. Text unfit for a name (controls) is not kept.
    @Test(arguments: TestEngine.selected) func aCarrierCampaignchatDoesNotKnowIsKeptAsTheRowNamedIt(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let (_, results) = try bulk(chat, [["handle": "alice", "tracking": "PARCEL-7", "carrier": " DHL Paket "],
                                           ["handle": "bob", "tracking": "PARCEL-8", "carrier": "Evri\u{1B}[2J"]],
                                    template: "Your {carrier} parcel: {tracking_number}")
        #expect(results.map(\.status) == [.sent, .sent])
        let shipments = try chat.brand.shipments()
        #expect(shipments.map(\.carrierID) == [nil, nil])
        #expect(shipments.map(\.statedCarrier) == ["DHL Paket", nil])
        #expect(shipments.map(\.carrierName) == ["DHL Paket", nil])
        let notice = try chat.brand.markShipment(campaign: "summer-launch", handle: "alice", number: "PARCEL7", status: .delivered, notify: true).notice
        #expect(notice?.message.body == "Shipment update: your DHL Paket parcel PARCEL7 was delivered.")
        #expect(try exported(chat).compactMap(\.shipment?.carrierName) == ["DHL Paket"])
    }

    @Test func carriersAreFoundByTheNamesPeopleWrite() {
        #expect(TrackingRules.carrier(named: "UPS") == .ups)
        #expect(TrackingRules.carrier(named: "dhl") == .dhlExpress)
        #expect(TrackingRules.carrier(named: "DHL Express") == .dhlExpress)
        #expect(TrackingRules.carrier(named: "dhl-express") == .dhlExpress)
        #expect(TrackingRules.carrier(named: "Royal Mail") == .royalMail)
        #expect(TrackingRules.carrier(named: "Local Courier") == nil)
        #expect(TrackingRules.carrier(named: "") == nil)
        #expect(TrackingRules.carrier(named: "d") == nil, "too short to mean one carrier")
        #expect(TrackingRules.carrier(named: "FedEx Ground") == .fedex, "a carrier's name followed by its service")
        #expect(TrackingRules.carrier(named: "USPS Priority Mail") == .usps)
        #expect(TrackingRules.carrier(named: "Royal Mail Tracked 24") == .royalMail)
        #expect(TrackingRules.carrier(named: "royal") == .royalMail)
        #expect(TrackingRules.carrier(named: "Post") == nil, "not the start of PostNL: whole words only")
        #expect(TrackingRules.carrier(named: "DHL Paket") == nil)
        #expect(TrackingRules.carrier(named: "Evri") == nil)
        // Outside ASCII the words are found scalar by scalar, as inside.
        #expect(TrackingRules.carrier(named: "Royal\u{00A0}Mail") == .royalMail, "a no-break space separates words")
        #expect(TrackingRules.carrier(named: "ROYAL–MAIL") == .royalMail, "so does an en dash")
        #expect(TrackingRules.carrier(named: "Dé") == nil, "two letters, however many bytes, are too short")
        #expect(TrackingRules.carrier(named: "Royalé Mail") == nil, "an accented letter belongs to its word")
    }

    @Test func aCarrierColumnThatNamesNoCarrierIsIgnoredInAnyScript() throws {
        for placeholder in ["-", "N/A", "none", " n/a ", "\u{2014}"] {
            let checked = try TrackingRules.check(Self.ups, stated: placeholder)
            #expect(checked.carrierName == "UPS" && checked.warning == nil, "\(placeholder)")
        }
    }
}
