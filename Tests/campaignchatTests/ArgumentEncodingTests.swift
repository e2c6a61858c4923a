import Foundation
import Testing

/// Arguments that are not UTF-8 are refused (65) before anything is written, naming
/// the argument; the kernel's bytes are read, not the repaired `CommandLine.arguments`.
@Suite struct ArgumentEncoding {
    /// `$BAD` in a script is `bad` followed by the bytes 0xFF 0xFE.
    static let bad = #"BAD="$(printf 'bad\377\376')"; "#

    /// Every table of the database, counted: a refused command must leave each as it was.
    func counts(_ cli: Sandbox) throws -> String {
        try cli.query("""
            SELECT (SELECT count(*) FROM campaign) || ',' || (SELECT count(*) FROM creator_group) || ',' ||
                   (SELECT count(*) FROM creator) || ',' || (SELECT count(*) FROM message) || ',' ||
                   (SELECT count(*) FROM creator WHERE name LIKE '%\u{FFFD}%')
            """)
    }

    @Test(arguments: [
        (#""$BIN" message send summer-launch @alice "$BAD""#, "argument 5 (TEXT)"),
        (#""$BIN" message send summer-launch "@ali$BAD" hello"#, "argument 4 (HANDLE)"),
        (#""$BIN" message send summer-launch @alice hello --key "$BAD""#, "argument 7 (the value of '--key')"),
        (#""$BIN" message send summer-launch @alice hello --key="k$BAD""#, "argument 6 (the value of '--key')"),
        (#""$BIN" campaign create "Launch $BAD""#, "argument 3 (NAME)"),
        (#""$BIN" group create summer-launch "$BAD""#, "argument 4 (GROUP)"),
        (#""$BIN" creator add @zed --name "$BAD""#, "argument 5 (the value of '--name')"),
        (#""$BIN" creator update @alice --name "$BAD""#, "argument 5 (the value of '--name')"),
        (#"printf 'handle\n@alice\n' | "$BIN" message send summer-launch --bulk - --template "Hi $BAD""#, "argument 7 (the value of '--template')"),
        (#""$BIN" --as "$BAD" unread list"#, "argument 2 (the value of '--as')"),
        (#""$BIN" "$BAD" list"#, "argument 1"),
    ])
    func anArgumentThatIsNotUTF8Is65AndWritesNothing(script: String, named: String) throws {
        let cli = Sandbox()
        try cli.seed()
        let before = try counts(cli)
        let result = try cli.shell(Self.bad + script)
        #expect(result.status == 65, "\(script): \(result.stderr)")
        #expect(result.stderr == "Error: \(named) is not valid UTF-8\n", "\(script)")
        #expect(result.stdout.isEmpty)
        #expect(try counts(cli) == before, "\(script)")
    }

    @Test func aBulkRowWithAFieldThatIsNotUTF8NamesItsCreator() throws {
        let cli = Sandbox()
        try cli.seed()
        let csv = Data("handle,tracking\n@alice,".utf8) + Data([0xFF, 0xFE]) + Data("\n".utf8)
        let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "{tracking}", "--json"], stdin: csv)
        #expect(result.status == 65)
        #expect(try jq("[.creator, .status, .error]", result.stdout) == #"["@alice","invalid","line 2: column 'tracking' is not valid UTF-8"]"#)
        let jsonl = Data(#"{"handle":"Alice","tracking":""#.utf8) + Data([0xE2, 0x82]) + Data("\"}\n".utf8)
        let lines = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--format", "jsonl", "--template", "{tracking}", "--json"],
                                stdin: jsonl)
        #expect(lines.status == 65)
        #expect(try jq("[.creator, .status]", lines.stdout) == #"["@alice","invalid"]"#)
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }
}
