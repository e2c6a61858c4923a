import Foundation
import Testing

/// `tracking check`, tracking numbers in `message send`, and `shipment list` / `shipment mark`, through the binary.
@Suite struct ShipmentCommands {
    static let ups = "1Z999AA10123456784"
    static let upsTypo = "1Z999AA10123456785"
    static let usps = "9400111899223197428497"

    @Test func trackingCheckNamesTheCarrierAndExits65OnlyForAWrongNumber() throws {
        let cli = Sandbox(engine: .sqlite)
        let json = try cli.run("tracking", "check", "--json", "1z 999 aa1 0123 4567 84", "RB123456785GB", "PARCEL-42")
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try jq("[inputs | [.number, .carrier, .country, .validity]]", "null\n" + json.stdout)
                == #"[["1Z999AA10123456784","ups",null,"valid"],["RB123456785GB","royal-mail","GB","valid"],["PARCEL42",null,null,"unknown"]]"#)
        #expect(try jq("[inputs | .tracking_url][0]", "null\n" + json.stdout) == #""https://www.ups.com/track?tracknum=1Z999AA10123456784""#)
        let typo = try cli.run("tracking", "check", Self.ups, Self.upsTypo)
        #expect(typo.status == 65)
        #expect(typo.stderr == "Error: 1 of 2 tracking numbers are not valid\n")
        #expect(typo.stdoutLines.count == 3)
        #expect(typo.stdoutLines[2].contains("INVALID") && typo.stdoutLines[2].contains("wrong check digit for a UPS 1Z number"))
        let piped = try cli.run(["tracking", "check", "--json", "-"], stdin: Data("\(Self.usps)\n\n  \(Self.ups)  \n".utf8))
        #expect(try jq("[inputs | .carrier]", "null\n" + piped.stdout) == #"["usps","ups"]"#)
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath), "an offline check opens no database")
        #expect(try cli.run(["tracking", "check"], stdin: Data()).status == 65)
        #expect(try cli.run("tracking", "check", "-", Self.ups).status == 64)
    }

    /// `tracking check` and a bulk send read a cell the same way: what makes a row invalid (65) is
    /// invalid in `tracking check` too, with why; an empty number is no number (65), and a byte
    /// order mark in front of stdin is not part of the first number, as in a bulk file.
    @Test func trackingCheckAndBulkSendsAgreeOnWhatIsNoTrackingNumber() throws {
        let cli = try acceptedCreators(1)
        let hostile = ["=HYPERLINK(1)", "!!!", String(repeating: "A", count: 65), "\u{200B}\(Self.ups)"]
        for text in hostile {
            let checked = try cli.run("tracking", "check", "--json", text)
            #expect(checked.status == 65, "\(text.debugDescription): \(checked.stdout)")
            #expect(try jq("[.validity, .carrier, (.reason | startswith(\"not a tracking number: \"))]", checked.stdout) == #"["invalid",null,true]"#)
            #expect(checked.stderr == "Error: 1 of 1 tracking numbers are not valid\n")
        }
        let csv = "handle,tracking\n" + hostile.map { "c01,\"\($0)\"\n" }.joined()
        let sent = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "Your parcel {tracking}", "--json"], stdin: Data(csv.utf8))
        #expect(sent.status == 65)
        #expect(try jq("[inputs | [.status, (.error | contains(\"is not a tracking number: \"))]] | unique", "null\n" + sent.stdout) == #"[["invalid",true]]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "0")

        let empty = try cli.run("tracking", "check", "--json", "")
        #expect(empty.status == 65)
        #expect(try jq(".reason", empty.stdout) == #""no tracking number: empty, or a placeholder for none (-, n/a, none)""#)
        let marked = try cli.run(["tracking", "check", "--json", "-"], stdin: Data([0xEF, 0xBB, 0xBF] + Array("\(Self.ups)\n\(Self.usps)\n".utf8)))
        #expect(marked.status == 0, "\(marked.stdout)")
        #expect(try jq("[inputs | [.number, .validity]]", "null\n" + marked.stdout) == #"[["\#(Self.ups)","valid"],["\#(Self.usps)","valid"]]"#)
        // The bulk readers drop one in front of every format: the first column is 'handle', the number is valid.
        let jsonl = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--format", "jsonl", "--template", "{tracking}", "--json"],
                                stdin: Data([0xEF, 0xBB, 0xBF] + Array("{\"handle\":\"c01\",\"tracking\":\"\(Self.ups)\"}\n".utf8)))
        #expect(jsonl.status == 0, "\(jsonl.stdout)\(jsonl.stderr)")
        #expect(try jq("[.status, .warning]", jsonl.stdout) == #"["sent",null]"#)
    }

    @Test func aBulkSendVerifiesEachRowRecordsShipmentsAndMarkingNotifies() throws {
        let cli = try acceptedCreators(3)
        let rows = "handle,tracking,carrier\nc01,\(Self.ups),UPS\nc02,\(Self.upsTypo),UPS\nc03,PARCEL-42,Local Courier\n"
        let template = "Hi {name}, your {carrier} parcel {tracking_number} is on its way."
        let sent = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", template, "--json"], stdin: Data(rows.utf8))
        #expect(sent.status == 65, "a row with a wrong check digit fails with 65")
        #expect(try jq("[inputs | [.status, .warning != null, .exit_code]]", "null\n" + sent.stdout) == #"[["sent",false,0],["invalid",false,65],["sent",true,0]]"#)
        #expect(try jq("[inputs | .error][1]", "null\n" + sent.stdout).contains("in column 'tracking' is not valid"))
        #expect(try cli.query("SELECT count(*) FROM message") == "2")

        let list = try cli.ok("shipment", "list", "--json")
        #expect(try jq("[.[] | [.creator, .carrier, .number, .status]]", list)
                == #"[["@c01","ups","1Z999AA10123456784","shipped"],["@c03",null,"PARCEL42","shipped"]]"#)
        #expect(try jq("[.[] | .creator]", cli.ok("--as", "c03", "shipment", "list", "--json")) == #"["@c03"]"#)
        #expect(try jq("[.[] | .creator]", cli.ok("shipment", "list", "--carrier", "ups", "--json")) == #"["@c01"]"#)
        #expect(try cli.run("shipment", "list", "--carrier", "pigeon").status == 64)
        #expect(try jq("length", cli.ok("--as", "c02", "shipment", "list", "--json")) == "0")

        let marked = try cli.ok("shipment", "mark", "summer-launch", "@c01", "1Z 999 AA1 0123 4567 84", "delivered", "--notify", "--json")
        #expect(try jq("[.status, .changed, (.notice.body | startswith(\"Shipment update: your UPS parcel\"))]", marked) == "[\"delivered\",true,true]")
        #expect(try cli.ok("shipment", "mark", "summer-launch", "c01", Self.ups, "delivered", "--notify")
                == "Shipment \(Self.ups) to @c01 was already delivered; nothing changed.\nThe creator was already told (message 3).\n")
        #expect(try cli.query("SELECT count(*) FROM message") == "3")
        #expect(try cli.run("shipment", "mark", "summer-launch", "c01", Self.ups, "shipped").status == 64)
        #expect(try cli.run("shipment", "mark", "summer-launch", "c01", Self.ups, "lost", "--at", "tomorrow").status == 64)
        #expect(try cli.run("shipment", "mark", "summer-launch", "c02", Self.upsTypo, "lost").status == 66)
        #expect(try cli.run("--as", "c01", "shipment", "mark", "summer-launch", "c01", Self.ups, "lost").status == 77)

        let export = try cli.ok("thread", "export", "--format", "jsonl")
        #expect(try jq("[inputs | .shipment.number]", "null\n" + export) == #"["1Z999AA10123456784","PARCEL42",null]"#)
        let csv = try cli.ok("thread", "export", "--format", "csv").split(separator: "\n")
        #expect(csv[0].hasSuffix(",carrier,tracking_number,shipment_status"))
        #expect(csv[1].hasSuffix(",ups,1Z999AA10123456784,delivered"))

        let again = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", template, "--json"], stdin: Data(rows.utf8))
        #expect(try jq("[inputs | .status]", "null\n" + again.stdout) == #"["replayed","invalid","replayed"]"#)
        #expect(try cli.query("SELECT count(*) FROM shipment") == "2", "a re-run records each shipment once")
    }

    /// A shipment notice is recorded apart from idempotency keys: a user's key of any form, even
    /// shipment:ID:STATUS (refused before schema version 10), never stops a notice; and every
    /// carrier status can be marked (out-for-delivery failed the shipment's CHECK before).
    @Test func noUserKeyStopsAShipmentNotice() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", Self.ups, "-q")
        let id = try jq(".[0].id", cli.ok("shipment", "list", "--json"))
        try cli.ok("message", "send", "summer-launch", "c01", "prank", "--key", "shipment:\(id):out-for-delivery", "-q")
        let bulk = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "prank 2", "--json"],
                               stdin: Data("handle,key\nc01,shipment:\(id):lost\n".utf8))
        #expect(bulk.status == 0, "\(bulk.stdout)")
        try cli.ok("message", "send", "summer-launch", "c01", "Your order", "--key", "shipment:ORDER-7", "-q")
        let marked = try cli.run("shipment", "mark", "summer-launch", "c01", Self.ups, "out-for-delivery", "--notify", "--json")
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(try jq("[.status, .changed, .notice.replayed, .notice.key]", marked.stdout) == #"["out-for-delivery",true,false,null]"#)
        let again = try cli.run("shipment", "mark", "summer-launch", "c01", Self.ups, "out-for-delivery", "--notify", "--json")
        #expect(try jq("[.changed, .notice.replayed]", again.stdout) == "[false,true]")
        #expect(try cli.query("SELECT count(*) FROM message") == "5")
    }

    @Test func theTrackingColumnAndVerificationCanBeChosen() throws {
        let cli = try acceptedCreators(2)
        let rows = "handle,parcel\nc01,\(Self.upsTypo)\n"
        let missing = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{parcel}", "--tracking-column", "nope"],
                                  stdin: Data(rows.utf8))
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: No column 'nope' for '--tracking-column': the input's columns are handle, parcel\n"))
        let refused = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{tracking_number}", "--tracking-column", "parcel"],
                                  stdin: Data(rows.utf8))
        #expect(refused.status == 65)
        let unverified = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{tracking_number}", "--tracking-column", "parcel",
                                      "--no-verify-tracking"], stdin: Data(rows.utf8))
        #expect(unverified.status == 0)
        #expect(unverified.stdoutLines.contains { $0.contains("sent") && $0.contains("warning: '\(Self.upsTypo)' is not valid") })
        #expect(try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{tracking_url}"], stdin: Data(rows.utf8)).status == 64,
                "without a tracking column, {tracking_url} is an unknown placeholder")
    }

    @Test func aSingleMessageCarriesATrackingNumberWithTracking() throws {
        let cli = try acceptedCreators(1)
        let wrong = try cli.run("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", Self.upsTypo)
        #expect(wrong.status == 65)
        #expect(wrong.stderr.hasPrefix("Error: tracking number '\(Self.upsTypo)' is not valid: wrong check digit"))
        #expect(try cli.query("SELECT count(*) FROM message") == "0", "nothing was sent")
        try cli.ok("message", "send", "summer-launch", "c01", "Your USPS parcel \(Self.usps)", "--tracking", Self.usps)
        let unknown = try cli.run("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", "PARCEL-42")
        #expect(unknown.status == 0)
        #expect(unknown.stderr == "Warning: 'PARCEL42' matches no known carrier format: not verified\n")
        #expect(try jq("[.[] | .number]", cli.ok("shipment", "list", "--json")) == #"["9400111899223197428497","PARCEL42"]"#)
        #expect(try cli.run("--as", "c01", "message", "send", "summer-launch", "c01", "return", "--tracking", Self.ups).status == 77)
        #expect(try cli.run("message", "send", "summer-launch", "--bulk", "-", "--template", "x", "--tracking", Self.ups).status == 64)
        #expect(try cli.run("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", "n/a").status == 64)
    }

    /// A webhook that sends 0 for a missing time must not flip a status and tell the creator:
    /// a --at before 2000 is refused (64) with one line saying why, and nothing changes.
    @Test func aMarkDatedBefore2000IsRefusedAndTellsNoOne() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", Self.usps)
        let epoch = try cli.run("shipment", "mark", "summer-launch", "c01", Self.usps, "delivered", "--at", "1970-01-01T00:00:00Z", "--notify")
        #expect(epoch.status == 64)
        #expect(epoch.stderr == "Error: --at 1970-01-01T00:00:00.000Z is before 2000-01-01T00:00:00.000Z: no carrier's event is that old (a missing time sent as 0?)\n")
        #expect(try cli.query("SELECT status FROM shipment") == "shipped")
        #expect(try cli.query("SELECT count(*) FROM message") == "1", "the creator was told nothing")
        #expect(try cli.run("shipment", "mark", "summer-launch", "c01", Self.usps, "delivered", "--at", "1999-12-31T23:59:59.999Z").status == 64)
        #expect(try jq(".status", cli.ok("shipment", "mark", "summer-launch", "c01", Self.usps, "in-transit", "--at", "2000-01-01T00:00:00Z", "--json"))
                == #""in-transit""#, "2000-01-01 itself is allowed: a carrier's scan may precede the shipment's record")
    }

    /// A mark without --at is dated now and can be superseded too: it says so, not "already".
    @Test func aMarkSupersededWithoutAtSaysWhy() throws {
        let cli = try acceptedCreators(1)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", Self.usps)
        let soon = try jq(".status_at", cli.ok("shipment", "mark", "summer-launch", "c01", Self.usps, "in-transit", "--json",
                                                "--at", ISO8601DateFormatter().string(from: Date().addingTimeInterval(2 * 3_600))))
        let undated = try cli.ok("shipment", "mark", "summer-launch", "c01", Self.usps, "delivered")
        #expect(undated.hasPrefix("Shipment \(Self.usps) to @c01 has been in-transit since \(soon.dropFirst().dropLast()); this delivered is dated "),
                "\(undated)")
        #expect(undated.hasSuffix(" (now), before that: nothing changed.\n"), "\(undated)")
    }
}
