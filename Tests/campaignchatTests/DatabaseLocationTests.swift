import Foundation
import Testing

/// What `--db` and `--as` accept: a database is a file path, an actor is never an empty string.
@Suite struct DatabaseLocation {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func aFileURIIsAPlainFileNeverAMemoryDatabase() throws {
        let cli = Sandbox()
        let name = "file:x.db?mode=memory"
        try cli.ok("--db", name, "campaign", "create", "Kept")
        #expect(try jq("[.[].slug]", cli.ok("--db", name, "campaign", "list", "--json")) == #"["kept"]"#, "the write was kept")
        #expect(try mode(cli.path(name)) == 0o600)
    }

    @Test func aFileColonPathIsTheFileOpenedAndPrivate() throws {
        let cli = Sandbox()
        let elsewhere = cli.path("real.db")
        try cli.ok("--db", "file:" + elsewhere, "campaign", "create", "Here")
        // The file opened is ./file:/.../real.db, and every file and folder made for it is private.
        let opened = cli.folder.path + "/file:" + elsewhere
        #expect(try mode(opened) == 0o600)
        #expect(try mode(cli.path("file:")) == 0o700)
        #expect(!FileManager.default.fileExists(atPath: elsewhere), "nothing is created at the path inside the URI")
        #expect(try jq("[.[].slug]", cli.ok("--db", opened, "campaign", "list", "--json")) == #"["here"]"#)
    }

    @Test(arguments: [["--db", ":memory:"], ["--db", ""], ["--db", "folder/"], ["--db", "new/."], ["--db", "new/x/.."]])
    func aValueThatIsNotAFilePathIs64(option: [String]) throws {
        let cli = Sandbox()
        let result = try cli.run(option + ["campaign", "create", "Gone"])
        #expect(result.status == 64, "\(option): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: Invalid value '\(option[1])' for '--db': give the path of a database file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).isEmpty, "nothing was created")
    }

    @Test(arguments: [":memory:", ""])
    func anEnvironmentDatabaseThatIsNotAFilePathIs64(value: String) throws {
        let cli = Sandbox()
        let result = try cli.run(["campaign", "create", "Gone"], environment: ["CAMPAIGNCHAT_DB": value])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: Invalid value '\(value)' for CAMPAIGNCHAT_DB"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("home/.local/share/campaignchat/campaignchat.db")))
    }

    @Test func aDanglingSymbolicLinkCannotBeCreatedIs73() throws {
        let cli = Sandbox()
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.db"), withDestinationPath: cli.path("missing/target.db"))
        let result = try cli.run("--db", cli.path("link.db"), "campaign", "create", "X")
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr == "Error: cannot create the database at '\(cli.path("link.db"))': it is a symbolic link to '\(cli.path("missing/target.db"))', which does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: cli.path("missing")))
    }

    @Test func aDryRunThroughADanglingSymbolicLinkIsAlso73() throws {
        let cli = Sandbox()
        try FileManager.default.createSymbolicLink(atPath: cli.path("link.db"), withDestinationPath: cli.path("missing.db"))
        let result = try cli.run(["--db", cli.path("link.db"), "message", "send", "x", "--bulk", "-", "--template", "t", "--dry-run"],
                                 stdin: Data("handle\nalice\n".utf8))
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("it is a symbolic link to '\(cli.path("missing.db"))', which does not exist"))
    }

    @Test(arguments: ["CAMPAIGNCHAT_DB", "HOME", "XDG_DATA_HOME", "CAMPAIGNCHAT_AS"])
    func anEnvironmentVariableThatIsNotUTF8Is65AndCreatesNothing(name: String) throws {
        let cli = Sandbox()
        cli.environment["CAMPAIGNCHAT_DB"] = nil
        let value = name == "CAMPAIGNCHAT_AS" ? #"'al\351ce'"# : #"'%s/caf\351' "$PWD""#
        let result = try cli.shell(#"export \#(name)="$(printf \#(value))"; "$BIN" campaign create X"#)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr == "Error: the environment variable \(name) is not valid UTF-8\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).isEmpty, "nothing was created")
    }

    @Test func anEmptyActorIsAUsageErrorNotTheBrand() throws {
        let cli = Sandbox()
        try cli.seed()
        let flag = try cli.run("--as", "", "campaign", "create", "Mine")
        #expect(flag.status == 64)
        #expect(flag.stderr.hasPrefix("Error: Invalid value '' for '--as': give 'brand' or a creator handle"))
        let variable = try cli.run(["campaign", "create", "Mine"], environment: ["CAMPAIGNCHAT_AS": ""])
        #expect(variable.status == 64)
        #expect(variable.stderr.hasPrefix("Error: Invalid value '' for CAMPAIGNCHAT_AS"))
        let script = try cli.shell(#"CREATOR=""; "$BIN" --as "$CREATOR" message send summer-launch @alice "as whom?""#)
        #expect(script.status == 64)
        #expect(try cli.query("SELECT count(*) FROM campaign") == "1")
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }
}
