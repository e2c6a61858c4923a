import Foundation
import Testing

/// The command line as an API: help, usage errors and their wording.
@Suite struct Usage {
    @Test func unknownCommandSuggestsTheClosestAndExits64() throws {
        let result = try Sandbox().run("mesage", "send")
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            Error: Unknown command 'mesage' for 'campaignchat'. Did you mean 'message'?
            Usage: campaignchat <subcommand>
              See 'campaignchat --help' for more information.

            """)
    }

    /// A word that begins a command or option is suggested before one a letter or two away, and a
    /// command word after `--` is said to be an argument, not suggested as itself.
    @Test(arguments: [
        (["message", "send", "c", "h", "hi", "--dry"], "Error: Unknown option '--dry'. Did you mean '--dry-run'?"),
        (["message", "send", "c", "h", "hi", "--keyy"], "Error: Unknown option '--keyy'. Did you mean '--key'?"),
        (["th"], "Error: Unknown command 'th' for 'campaignchat'. Did you mean 'thread'?"),
        (["--", "message", "send", "c", "h", "hi"], "Error: 'message' after '--' is an argument, not a command: write the command words first, then '--'"),
        (["help", "message", "sned"], "Error: Unknown command 'sned' for 'campaignchat message'. Did you mean 'send'?"),
        (["help", "message", "send", "extra"], "Error: Unknown command 'extra' for 'campaignchat message send'"),
    ])
    func suggestionsPreferAWordTheTypedOneBegins(arguments: [String], firstLine: String) throws {
        let result = try Sandbox().run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == firstLine)
    }

    @Test func unknownOptionNamesItAndPointsToTheCommandsHelp() throws {
        let result = try Sandbox().run("message", "send", "c", "h", "hi", "--bogus")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("""
            Error: Unknown option '--bogus'
            Usage: campaignchat message send CAMPAIGN HANDLE [TEXT] [--key KEY] [--no-mark-read] [--tracking NUMBER] [--no-verify-tracking]
                   campaignchat message send CAMPAIGN --bulk FILE|- (--template TEXT | --template-file PATH)
            """), "\(result.stderr)")
        #expect(result.stderr.contains("See 'campaignchat message send --help' for more information."))
    }

    @Test(arguments: [
        (["campaign", "create"], "Missing expected argument 'NAME'"),
        (["creator", "invite", "c", "g"], "Missing expected argument 'HANDLE...'"),
        (["campaign", "show", "a", "b"], "Unexpected argument 'b'"),
        (["thread", "read", "c", "h", "--limit", "0"], "Invalid value '0' for '--limit'"),
        (["thread", "read", "c", "h", "--limit"], "Missing value for option '--limit'"),
        (["--json=yes", "campaign", "list"], "Option '--json' takes no value"),
        (["campaign", "list", "--as", "not a handle"], "Invalid value for '--as'"),
        (["campaign", "list", "--db", ""], "Invalid value '' for '--db'"),
        (["creator", "list", "--status", "accepted"], "need a CAMPAIGN"),
        (["thread", "export", "--format", "jsonl", "--since", "2026-11-31"], "Invalid value '2026-11-31' for '--since'"),
        (["thread", "export", "--format", "jsonl", "--since", "2026-02-30T09:00:00Z"], "Invalid value '2026-02-30T09:00:00Z' for '--since'"),
    ])
    func usageErrorsExit64WithAMessage(arguments: [String], message: String) throws {
        let result = try Sandbox().run(arguments)
        #expect(result.status == 64, "\(arguments)")
        #expect(result.stderr.hasPrefix("Error: "), "\(arguments)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// A bad global option's value is followed by the usage of the command it was given to, as any other's.
    @Test func aBadDatabaseValueShowsTheCommandsUsage() throws {
        let result = try Sandbox().run("campaign", "list", "--db", "")
        #expect(result.status == 64)
        #expect(result.stderr.contains("\nUsage: campaignchat campaign list [--all]\n"), "\(result.stderr)")
    }

    /// Every value is turned into its type by the parser, before the command opens the database: a
    /// bad one leaves nothing behind, with its exit code of before (an invalid handle is bad data, 65).
    @Test(arguments: [
        (["message", "send", "summer-launch", "not a handle", "hi"], 65),
        (["creator", "add", "not a handle"], 65),
        (["thread", "read", "summer-launch", "@@"], 65),
        (["message", "search", "parcel", "--creator", "not a handle"], 65),
        (["events", "--after", "soon"], 64),
    ] as [([String], Int32)])
    func badValuesAreRefusedBeforeTheDatabaseIsOpened(arguments: [String], status: Int32) throws {
        let cli = Sandbox()
        let result = try cli.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
        #expect(try !cli.databaseCreated, "\(arguments)")
    }

    @Test func usageErrorsDoNotCreateTheDatabase() throws {
        let cli = Sandbox()
        _ = try cli.run("campaign", "create")
        #expect(try !cli.databaseCreated)
    }

    @Test func helpAtEveryLevelGoesToStdoutWithExit0() throws {
        let cli = Sandbox()
        for arguments in [["--help"], ["-h"], [], ["help"], ["message"], ["message", "--help"], ["help", "message", "send"],
                          ["message", "send", "--help"], ["thread", "read", "-h"], ["campaign", "create", "--bogus", "--help"],
                          ["campaign", "list", "-qh"], ["campaign", "create", "-hq"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.hasPrefix("OVERVIEW: "), "\(arguments)")
            #expect(result.stdout.contains("USAGE: campaignchat"), "\(arguments)")
            #expect(result.stderr.isEmpty, "\(arguments)")
        }
        let send = try cli.run("message", "send", "--help").stdout
        #expect(send == (try cli.run("help", "message", "send").stdout))
        #expect(send.contains("ARGUMENTS:\n  CAMPAIGN"))
        #expect(send.contains("OPTIONS:\n  --key KEY"))
        #expect(send.contains("GLOBAL OPTIONS:"))
        let root = try cli.run("--help").stdout
        for group in ["campaign", "group", "creator", "message", "thread", "unread"] {
            #expect(root.contains("\n  \(group) "), "\(group)")
        }
    }

    @Test(arguments: [["help", "help"], ["help", "-h"], ["--help", "help"], ["help", "--help"]])
    func helpHelpExplainsHelp(arguments: [String]) throws {
        let result = try Sandbox().run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("OVERVIEW: Show help for a command.\n\nUSAGE: campaignchat help [COMMAND...]\n"), "\(arguments)")
        #expect(result.stderr.isEmpty)
    }

    @Test func aRequiredOptionIsShownWithoutBracketsAndCannotBeEmpty() throws {
        let cli = Sandbox()
        let help = try cli.run("push", "deliver", "--help").stdout
        #expect(help.contains("USAGE: campaignchat push deliver --exec COMMAND [--limit N]"), "\(help)")
        let missing = try cli.run("push", "deliver")
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: Missing option '--exec COMMAND'\nUsage: campaignchat push deliver --exec COMMAND [--limit N]"))
        let empty = try cli.run("push", "deliver", "--exec", "")
        #expect(empty.status == 64)
        #expect(empty.stderr.hasPrefix("Error: Invalid value '' for '--exec': it cannot be empty\n"))
        let format = try cli.run("thread", "export")
        #expect(format.status == 64)
        #expect(format.stderr.hasPrefix("Error: Missing option '--format FORMAT'\nUsage: campaignchat thread export [CAMPAIGN] [HANDLE] --format FORMAT"))
        #expect(try !cli.databaseCreated)
    }

    @Test func badKeyOptionsAreUsageErrorsAndWriteNothing() throws {
        let cli = Sandbox()
        try cli.seed()
        for (option, value) in [("--key", ""), ("--key", String(repeating: "k", count: 201)), ("--key", "tab\there")] {
            let result = try cli.run("message", "send", "summer-launch", "alice", "hi", option, value)
            #expect(result.status == 64, "\(option) \(value.prefix(10)): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: Invalid value for '--key': invalid key"), "\(result.stderr)")
        }
        // A bad --key is reported before the body is read from stdin.
        let piped = try cli.run(["message", "send", "summer-launch", "alice", "--key", ""], stdin: Data())
        #expect(piped.status == 64)
        #expect(piped.stderr.hasPrefix("Error: Invalid value for '--key'"))
        for value in ["", String(repeating: "p", count: 201)] {
            let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", "x", "--key-prefix", value],
                                     stdin: Data("handle\nalice\n".utf8))
            #expect(result.status == 64, "\(result.stderr)")
        }
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }

    @Test func aBlankTemplateIsRefusedOnceBeforeAnyRow() throws {
        let cli = Sandbox()
        try cli.seed()
        let rows = Data("handle\nalice\nalice\nalice\n".utf8)
        for blank in ["", "  "] {
            let result = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template", blank], stdin: rows)
            #expect(result.status == 64)
            #expect(result.stdout.isEmpty, "no row results")
            #expect(result.stderr.hasPrefix("Error: Invalid value '\(blank)' for '--template': every message would be empty\n"))
        }
        _ = FileManager.default.createFile(atPath: cli.path("empty.txt"), contents: Data("\n".utf8))
        let file = try cli.run(["message", "send", "summer-launch", "--bulk", "-", "--template-file", "empty.txt"], stdin: rows)
        #expect(file.status == 65)
        #expect(file.stderr == "Error: the template file is empty: every message would be empty\n")
        #expect(try cli.query("SELECT count(*) FROM message") == "0")
    }

    @Test(arguments: [
        (["message", "send", "summer-launch", "--bulk", "-", "--template", "x", "alice"], "Unexpected argument 'alice': with --bulk, HANDLE is not given"),
        (["message", "send", "summer-launch", "alice", "hi", "--template", "x"], "'--template' goes with --bulk"),
        (["message", "send", "summer-launch", "alice", "hi", "--dry-run"], "'--dry-run' goes with --bulk"),
        (["message", "send", "summer-launch", "--bulk", "-", "--template", "x", "--key", "k"], "'--key' does not go with --bulk"),
        (["message", "send", "summer-launch"], "Missing expected argument 'HANDLE'"),
        (["message", "send", "summer-launch", "--bulk", "-"], "Missing option '--template TEXT' or '--template-file PATH'"),
        (["message", "send", "summer-launch", "--bulk", "-", "--template", "x", "--template-file", "t.txt"],
         "Give --template or --template-file, not both"),
        (["message", "send", "summer-launch", "--bulk", "-", "--template-file", "-"],
         "--bulk - and --template-file - would both read stdin: give one of them a file"),
    ])
    func theCommandTableKeepsSingleAndBulkSendsApart(arguments: [String], message: String) throws {
        let cli = Sandbox()
        let result = try cli.run(arguments, stdin: Data("handle\nalice\n".utf8))
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: \(message)\nUsage: campaignchat message send"), "\(result.stderr)")
        #expect(try !cli.databaseCreated, "refused before the database is opened")
    }

    /// The table's rule (HANDLE and TEXT, or --bulk FILE) makes two usage lines in help and two heads in the man page.
    @Test func helpAndManPageShowTheTwoFormsOfAMessageSend() throws {
        let cli = Sandbox()
        let help = try cli.ok("help", "message", "send")
        #expect(help.contains("""
            USAGE: campaignchat message send CAMPAIGN HANDLE [TEXT] [--key KEY] [--no-mark-read] [--tracking NUMBER] [--no-verify-tracking]
                   campaignchat message send CAMPAIGN --bulk FILE|- (--template TEXT | --template-file PATH) [--format FORMAT] \
            [--key-prefix P] [--dry-run] [--atomic] [--mark-read] [--tracking-column COLUMN] [--no-verify-tracking]

            """), "\(help)")
        let deliver = try cli.ok("help", "push", "deliver")
        #expect(deliver.contains("[--timeout SECONDS]\n       campaignchat push deliver --exec COMMAND [--max-attempts N]"), "\(deliver)")
        #expect(deliver.contains("[--timeout SECONDS] --follow\n"), "\(deliver)")
        let man = try cli.docs("man")
        #expect(man.contains("""
            .It Cm message send Ar CAMPAIGN Ar HANDLE Oo Ar TEXT Oc Oo Fl -key Ar KEY Oc Oo Fl -no-mark-read Oc Oo Fl -tracking Ar NUMBER Oc Oo Fl -no-verify-tracking Oc
            .It Cm message send Ar CAMPAIGN Fl -bulk Ar FILE|\\- Po Fl -template Ar TEXT | Fl -template-file Ar PATH Pc Oo Fl -format
            """), "the man page's heads of message send")
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let result = try Sandbox().run("help", "nothing")
        #expect(result.status == 64)
    }

    @Test func versionPrintsOneLine() throws {
        let result = try Sandbox().run("--version")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("campaignchat "))
        #expect(result.stdoutLines.count == 1)
    }

    @Test func globalOptionsWorkBeforeAndAfterTheCommandWords() throws {
        let cli = Sandbox()
        let other = cli.path("other.db")
        try cli.ok("--db", other, "campaign", "create", "Before")
        try cli.ok("campaign", "create", "After", "--db=\(other)")
        #expect(try jq("[.[].slug]", cli.ok("campaign", "list", "--json", "--db", other)) == #"["before","after"]"#)
        #expect(try jq("length", cli.ok("--json", "campaign", "list")) == "0")
    }

    @Test func doubleDashEndsOptionsSoTextMayStartWithADash() throws {
        let cli = Sandbox()
        try cli.seed()
        let sent = try cli.run("message", "send", "--json", "summer-launch", "alice", "--", "--not-an-option")
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try jq(".body", sent.stdout) == #""--not-an-option""#)
    }

    @Test func quietSilencesConfirmationsButNotData() throws {
        let cli = Sandbox()
        #expect(try cli.ok("-q", "campaign", "create", "Quiet") == "quiet\n")
        #expect(try cli.ok("group", "create", "quiet", "G", "--quiet").isEmpty)
        #expect(try cli.ok("group", "create", "quiet", "H").contains("Created group"))
    }
}
