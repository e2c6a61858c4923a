import Foundation
import Testing

/// `shipment update` through the binary: every result kind, exit codes, signatures, re-runs, a creator refused.
@Suite struct ShipmentUpdateCommands {
    static let ups = "1Z999AA10123456784"
    static let usps = "9400111899223197428497"

    /// An AfterShip `tracking_update` as AfterShip posts it (shaped like its documented example, with fields campaignchat does not use).
    static func afterShip(_ number: String, _ tag: String, at time: String, checkpoint: String? = nil) -> String {
        let checkpoints = checkpoint.map { #"[{"slug":"ups","city":"Brooklyn","message":"Scan","tag":"\#(tag)","subtag":"\#(tag)_001","checkpoint_time":"\#($0)","coordinates":[]}]"# } ?? "[]"
        return #"{"ts":1796137331,"event":"tracking_update","event_id":"6a6f6c2e","is_tracking_first_tag":false,"msg":{"id":"k5lh7dy7","tracking_number":"\#(number)","slug":"ups","active":true,"custom_fields":null,"updated_at":"\#(time)","tag":"\#(tag)","subtag":"\#(tag)_001","checkpoints":\#(checkpoints)}}"#
    }

    /// c01 has the UPS parcel, c02 the USPS one.
    static func shipped() throws -> Sandbox {
        let cli = try acceptedCreators(2)
        try cli.ok("message", "send", "summer-launch", "c01", "Your parcel", "--tracking", Self.ups, "-q")
        try cli.ok("message", "send", "summer-launch", "c02", "Your parcel", "--tracking", Self.usps, "-q")
        return cli
    }

    @Test func eachResultKindInInputOrderWithItsExitCode() throws {
        let cli = try Self.shipped()
        let input = [
            Self.afterShip("1z 999 aa1 0123 4567 84", "InTransit", at: "2026-12-01T10:00:00+00:00"),
            Self.afterShip(Self.ups, "OutForDelivery", at: "2026-12-01T16:00:00+00:00", checkpoint: "2026-12-01T09:58:00-05:00"),
            Self.afterShip(Self.ups, "InTransit", at: "2026-12-01T09:00:00+00:00"),
            Self.afterShip(Self.ups, "OutForDelivery", at: "2026-12-01T17:00:00+00:00"),
            Self.afterShip("UNKNOWN123", "Delivered", at: "2026-12-01T17:00:00+00:00"),
            Self.afterShip(Self.usps, "Pending", at: "2026-12-01T17:00:00+00:00"),
            #"{"event":"tracking_update","msg":{"tag":"Delivered"}}"#,
            #"{"event":"tracking_update","msg":{"tracking_number":"#,
        ].joined(separator: "\n") + "\n"
        let run = try cli.run(["shipment", "update", "--source", "aftership", "--notify-on", "out-for-delivery", "--json", "-"], stdin: Data(input.utf8))
        #expect(run.status == 65, "\(run.stderr)")
        #expect(try jq("[inputs | [.line, .result, .exit_code]]", "null\n" + run.stdout) == #"[[1,"applied",0],[2,"applied",0],[3,"superseded",0],[4,"unchanged",0],[5,"unknown",0],[6,"ignored",0],[7,"invalid",65],[8,"invalid",65]]"#)
        #expect(try jq("[inputs | select(.line == 2) | [.tracking_number, .carrier, .campaign, .creator, .status, .previous_status, .status_at, .notified]]",
                       "null\n" + run.stdout) == #"[["1Z999AA10123456784","UPS","summer-launch","@c01","out-for-delivery","in-transit","2026-12-01T14:58:00.000Z",true]]"#)
        #expect(try jq("[inputs | select(.result == \"superseded\" or .result == \"unchanged\") | .notified] | unique", "null\n" + run.stdout) == "[false]")
        #expect(run.stderr == "Error: 2 bodies could not be read or name no tracking number; the others were recorded\n")
        #expect(try jq("[.[] | .status]", cli.ok("shipment", "list", "--json")) == #"["out-for-delivery","shipped"]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "3", "one notice")

        // Only an unknown number: a warning, exit 0; the human table is a bulk send's.
        let unknown = try cli.run(["shipment", "update", "--source", "aftership"], stdin: Data(Self.afterShip("UNKNOWN123", "Delivered", at: "2026-12-01T17:00:00Z").utf8))
        #expect(unknown.status == 0)
        #expect(unknown.stderr.hasPrefix("Warning: "))
        #expect(unknown.stdoutLines.first?.hasPrefix("LINE   CAMPAIGN") == true && unknown.stdoutLines.count == 3)
        #expect(unknown.stdoutLines.last == "applied 0, unchanged 0, superseded 0, ignored 0, archived 0, unknown 1, invalid 0; notified 0")
    }

    /// A re-run, after everything or after part of the input (as a run interrupted after its first chunks
    /// committed), applies each change once and tells each creator once; `shipment mark --notify` counts.
    @Test func aReRunAppliesEachChangeOnce() throws {
        let cli = try Self.shipped()
        try cli.ok("shipment", "mark", "summer-launch", "c02", Self.usps, "delivered", "--at", "2026-12-01T08:00:00Z", "--notify", "-q")
        let bodies = [Self.afterShip(Self.ups, "InTransit", at: "2026-12-01T10:00:00Z"), Self.afterShip(Self.ups, "Delivered", at: "2026-12-02T10:00:00Z"),
                      Self.afterShip(Self.usps, "Delivered", at: "2026-12-01T09:00:00Z")]
        try (bodies[0] + "\n").write(toFile: cli.path("first.jsonl"), atomically: true, encoding: .utf8)
        try (bodies.joined(separator: "\n") + "\n").write(toFile: cli.path("all.jsonl"), atomically: true, encoding: .utf8)
        let arguments = ["shipment", "update", "--source", "aftership", "--notify-on", "delivered", "--json"]
        let first = try cli.run(arguments + ["first.jsonl"])
        #expect(try jq("[inputs | .result]", "null\n" + first.stdout) == #"["applied"]"#)
        #expect(try jq("[.[] | .status]", cli.ok("shipment", "list", "--status", "delivered,in-transit", "--json")) == #"["in-transit","delivered"]"#,
                "each status of the list")
        let all = try cli.run(arguments + ["all.jsonl"])
        #expect(try jq("[inputs | [.result, .notified]]", "null\n" + all.stdout) == #"[["unchanged",false],["applied",true],["unchanged",false]]"#)
        let again = try cli.run(arguments + ["all.jsonl"])
        #expect(try jq("[inputs | [.result, .notified]]", "null\n" + again.stdout) == #"[["superseded",false],["unchanged",false],["unchanged",false]]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "4", "two shipments' messages, the mark's notice, one update notice")
        let events = try cli.ok("events")
        #expect(try jq(#"[inputs | select(.event == "shipment_status_changed") | [.tracking_number, .previous_status, .status]]"#, "null\n" + events)
                == #"[["9400111899223197428497","shipped","delivered"],["1Z999AA10123456784","shipped","in-transit"],["1Z999AA10123456784","in-transit","delivered"]]"#)
        // A creator sees only their own parcel's changes.
        #expect(try jq(#"[inputs | select(.event == "shipment_status_changed") | .tracking_number] | unique"#, "null\n" + cli.ok("--as", "c02", "events"))
                == #"["9400111899223197428497"]"#)
        #expect(try jq("[.[] | .status]", cli.ok("shipment", "list", "--status", "delivered,in-transit", "--json")) == #"["delivered","delivered"]"#)
    }

    /// A run killed (SIGKILL) after its first chunk committed, then run again on the whole input:
    /// each change is applied once and the creator told once, as one run that was never killed.
    @Test func aRunKilledAfterItsFirstChunkThenRunAgainAppliesEachChangeOnce() throws {
        // 1,500 changes of one parcel, each newer than the last: a chunk is 1,000 bodies.
        let tags = ["InTransit", "OutForDelivery", "AvailableForPickup"]
        let lines: [String] = (0..<1_500).map { (i: Int) -> String in
            let time = String(format: "2026-12-01T%02d:%02d:%02dZ", i / 3600, i / 60 % 60, i % 60)
            return Self.afterShip(Self.ups, tags[i % 3], at: time)
        }
        let whole = lines.joined(separator: "\n") + "\n"
        let arguments = ["shipment", "update", "-", "--source", "aftership", "--notify-on", "out-for-delivery", "--json"]
        func changes(_ cli: Sandbox) throws -> String {
            try cli.query("SELECT count(*) FROM event WHERE kind = 'shipment_status_changed'")
        }

        let killed = try Self.shipped()
        let (process, input) = try Self.pastItsFirstChunk(killed, arguments, lines.prefix(1_200), name: "killed")
        #expect(try changes(killed) == "1000", "the first chunk, whole")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try changes(killed) == "1000", "nothing of the second chunk")

        let again = try killed.run(arguments, stdin: Data(whole.utf8))
        #expect(again.status == 0, "\(again.stderr)")
        let results = try jq("[inputs | .result] | group_by(.) | map([.[0], length])", "null\n" + again.stdout)
        // The newest body the killed run applied is the same change again; the 999 before it, older.
        #expect(results == #"[["applied",500],["superseded",999],["unchanged",1]]"#)

        let once = try Self.shipped()
        #expect(try once.run(arguments, stdin: Data(whole.utf8)).status == 0)
        #expect(try changes(killed) == changes(once) && changes(once) == "1500")
        #expect(try killed.query("SELECT count(*) FROM message") == once.query("SELECT count(*) FROM message"))
        #expect(try killed.query("SELECT count(*) FROM message") == "3", "the two shipments' messages and one notice")
    }

    /// Ctrl-C (SIGINT) during a run: exit 130, the open chunk rolled back, the chunks before it
    /// recorded and reported.
    @Test func anInterruptedRunEndsWith130AndKeepsTheChunksBefore() throws {
        let lines = (0..<1_200).map { (i: Int) -> String in
            Self.afterShip(Self.ups, ["InTransit", "OutForDelivery"][i % 2], at: String(format: "2026-12-01T%02d:%02d:00Z", i / 60, i % 60))
        }
        let cli = try Self.shipped()
        let (process, input) = try Self.pastItsFirstChunk(cli, ["shipment", "update", "-", "--source", "aftership", "--json"], lines[...],
                                                          name: "interrupted")
        kill(process.processIdentifier, SIGINT)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        #expect(try cli.query("SELECT count(*) FROM event WHERE kind = 'shipment_status_changed'") == "1000", "the first chunk, and nothing after it")
        let reported = try String(contentsOfFile: cli.path("interrupted.out"), encoding: .utf8)
        #expect(reported.split(separator: "\n").count == 1_000, "the first chunk's results")
    }

    /// Starts `shipment update` on a pipe holding `lines` and kept open, and waits until its first
    /// chunk of 1,000 committed; the process and its input.
    static func pastItsFirstChunk(_ cli: Sandbox, _ arguments: [String], _ lines: ArraySlice<String>, name: String) throws -> (Process, Pipe) {
        let input = Pipe()
        let process = try launch(cli, arguments, pipe: input, name: name)
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        for _ in 0..<600 where try cli.query("SELECT count(*) FROM event WHERE kind = 'shipment_status_changed'") == "0" {
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (process, input)
    }

    /// A dry run says `would_apply` and writes nothing; the JSON of results, shipments and events
    /// carries every field the docs list; a body dated far ahead of the store's clock is invalid.
    @Test func aDryRunWritesNothingAndTheDocumentedFieldsAreThere() throws {
        let cli = try Self.shipped()
        let body = Self.afterShip(Self.ups, "Delivered", at: "2026-12-02T10:00:00Z")
        let arguments = ["shipment", "update", "--source", "aftership", "--notify-on", "delivered", "--json", "-"]
        let dry = try cli.run(arguments + ["--dry-run"], stdin: Data(body.utf8))
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try jq("[.result, .notified]", dry.stdout) == #"["would_apply",true]"#)
        #expect(try jq("[.[] | .status]", cli.ok("shipment", "list", "--json")) == #"["shipped","shipped"]"#, "nothing written")
        #expect(try cli.query("SELECT count(*) FROM message") == "2")

        let run = try cli.run(arguments, stdin: Data(body.utf8))
        #expect(try jq("keys", run.stdout) == #"["campaign","carrier","creator","exit_code","line","not_notified","notice_id","notified","#
                + #""previous_status","reason","result","status","status_at","tracking_number"]"#)
        #expect(try jq(".[0] | keys", cli.ok("shipment", "list", "--json")) == #"["campaign","carrier","carrier_name","created_at","creator","id","#
                + #""last_event_at","message_id","number","status","status_at","tracking_url"]"#)
        #expect(try jq(#"[inputs | select(.event == "shipment_status_changed") | keys] | first"#, "null\n" + cli.ok("events"))
                == #"["at","campaign","carrier","carrier_name","creator","cursor","event","previous_status","status","status_at","tracking_number"]"#)

        let ahead = try cli.run(arguments, stdin: Data(Self.afterShip(Self.usps, "Delivered", at: "2099-01-01T00:00:00Z").utf8))
        #expect(ahead.status == 65)
        #expect(try jq("[.result, .exit_code]", ahead.stdout) == #"["invalid",65]"#)
    }

    /// AfterShip signs the raw body (base64 HMAC-SHA256); a right signature is recorded, a wrong or
    /// missing one is 77 with nothing written, and a source that signs nothing is a usage error.
    @Test func signaturesAreCheckedBeforeAnythingIsRead() throws {
        let cli = try Self.shipped()
        let body = Self.afterShip(Self.ups, "Delivered", at: "2026-12-02T10:00:00Z")
        try body.write(toFile: cli.path("body.json"), atomically: true, encoding: .utf8)
        let signed = try cli.shell("openssl dgst -sha256 -hmac 's3cret' -binary body.json | base64")
        let signature = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(signature.count == 44, "\(signed.stderr)")
        let arguments = ["shipment", "update", "--source", "aftership", "--signature", signature, "--json", "body.json"]

        let missing = try cli.run(arguments)
        #expect(missing.status == 77)
        #expect(missing.stderr.contains("CAMPAIGNCHAT_WEBHOOK_SECRET"))
        let wrong = try cli.run(arguments, environment: ["CAMPAIGNCHAT_WEBHOOK_SECRET": "not-it"])
        #expect(wrong.status == 77)
        #expect(wrong.stderr.hasPrefix("Error: the AfterShip signature (its aftership-hmac-sha256 header) does not sign this input"))
        let tampered = try cli.run(["shipment", "update", "--source", "aftership", "--signature", signature, "-"], stdin: Data((body + " ").utf8),
                                   environment: ["CAMPAIGNCHAT_WEBHOOK_SECRET": "s3cret"])
        #expect(tampered.status == 77)
        #expect(try jq("[.[] | .status]", cli.ok("shipment", "list", "--json")) == #"["shipped","shipped"]"#, "nothing written")

        let right = try cli.run(arguments, environment: ["CAMPAIGNCHAT_WEBHOOK_SECRET": "s3cret"])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try jq(".result", right.stdout) == #""applied""#)
        let shippo = try cli.run(["shipment", "update", "--source", "shippo", "--signature", signature, "body.json"],
                                 environment: ["CAMPAIGNCHAT_WEBHOOK_SECRET": "s3cret"])
        #expect(shippo.status == 64)
    }

    @Test func aCreatorMayNotUpdateShipments() throws {
        let cli = try Self.shipped()
        let refused = try cli.run(["--as", "c01", "shipment", "update", "--source", "aftership"],
                                  stdin: Data(Self.afterShip(Self.ups, "Delivered", at: "2026-12-02T10:00:00Z").utf8))
        #expect(refused.status == 77)
        #expect(try jq("[.[] | .status]", cli.ok("shipment", "list", "--json")) == #"["shipped","shipped"]"#)
        let template = try cli.run(["shipment", "update", "--source", "csv", "--template", "{bogus}", "--notify-on", "delivered"], stdin: Data())
        #expect(template.status == 64)
    }

    @Test func aCSVOfTheBrandsOwnAndStaleParcels() throws {
        let cli = try Self.shipped()
        let csv = "tracking_number,status,at,carrier\n\(Self.ups),in-transit,2026-12-01T10:00:00Z,UPS\n\(Self.usps),delivered,2026-12-01T10:00:00Z,\n"
        let run = try cli.run(["shipment", "update", "--source", "csv", "--json"], stdin: Data(csv.utf8))
        #expect(try jq("[inputs | .result]", "null\n" + run.stdout) == #"["applied","applied"]"#)
        #expect(try jq("[.[] | .number]", cli.ok("shipment", "list", "--stale", "1", "--json")) == #"["1Z999AA10123456784"]"#,
                "in transit with no news since 2026-12-01; delivered is never stuck")
        #expect(try cli.run("shipment", "list", "--status", "delivered,bogus").status == 64)
    }
}
