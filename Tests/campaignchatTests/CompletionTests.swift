import Foundation
import Testing

// The shell completions, run in the real shells against the built binary and a test database,
// and the committed generated files. Tests that need a shell fail (they never skip) when it is
// missing: `.ci/run` installs bash-completion, zsh, fish, mandoc and man-db.

/// The repository's root folder, where the committed completions and man page live.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A program on PATH that the tests need, or a failure that says which package to install.
func requiredProgram(_ name: String, package: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    let found = folders.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    return try #require(found, "\(name) is not installed: install the Debian package '\(package)' (.ci/run does)",
                        sourceLocation: sourceLocation)
}

extension Sandbox {
    /// Runs `program` with the built campaignchat first on PATH, as an installed one would be.
    func runProgram(_ program: URL, _ arguments: [String]) throws -> RunResult {
        var environment = self.environment
        environment["PATH"] = Sandbox.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try Sandbox.execute(program, arguments, stdin: nil, environment: environment, in: folder)
    }

    /// The walk-through campaign, plus an archived campaign and a second, empty group.
    func seedForCompletion() throws {
        try seed()
        try ok("group", "create", "summer-launch", "Group B")
        try ok("campaign", "create", "Winter Sale")
        try ok("campaign", "archive", "winter-sale")
    }

    /// Every command path that `help` lists (hidden ones are not listed), walking from the root.
    func helpCommandPaths() throws -> [[String]] {
        var paths: [[String]] = []
        var pending: [[String]] = [[]]
        while let path = pending.popLast() {
            let help = try run(["help"] + path)
            #expect(help.status == 0, "help \(path): \(help.stderr)")
            let words = Self.subcommands(in: help.stdout).filter { !(path.isEmpty && $0 == "help") }
            if words.isEmpty { paths.append(path) } else { pending += words.map { path + [$0] } }
        }
        #expect(paths.contains(["campaign", "create"]) && paths.contains(["completions"]), "the help walk found \(paths)")
        return paths.sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }
    }

    /// The words of a help text's SUBCOMMANDS section.
    static func subcommands(in help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { String($0.dropFirst(2).prefix { $0 != " " }) }
    }
}

let summerHandles = ["@alice", "@bob", "@carol", "@dave"]

// MARK: - The committed files

@Suite struct GeneratedFiles {
    /// Each file with the command that prints it: the product's `completions SHELL`, or the
    /// development tool's `campaignchat-docs man`.
    static let files = [
        ("completions/campaignchat.bash", ["campaignchat", "completions", "bash"]),
        ("completions/_campaignchat", ["campaignchat", "completions", "zsh"]),
        ("completions/campaignchat.fish", ["campaignchat", "completions", "fish"]),
        ("man/campaignchat.1", ["campaignchat-docs", "man"]),
    ]

    /// Runs `command` (its first word names the program) in `cli`.
    static func generate(_ command: [String], in cli: Sandbox) throws -> RunResult {
        let arguments = Array(command.dropFirst())
        return command[0] == "campaignchat-docs" ? try cli.runDocsTool(arguments) : try cli.run(arguments)
    }

    @Test(arguments: GeneratedFiles.files)
    func committedFileIsWhatTheBinaryGeneratesNow(file: String, command: [String]) throws {
        let generated = try GeneratedFiles.generate(command, in: Sandbox())
        #expect(generated.status == 0, "\(command): \(generated.stderr)")
        let committed = (try? String(contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8)) ?? "(missing)"
        let upToDate = committed == generated.stdout
        #expect(upToDate, """
            \(file) is not what `\(command.joined(separator: " "))` prints now: run `bash completions/generate.sh`
            \(GeneratedFiles.firstDifference(committed, generated.stdout))
            """)
    }

    /// Where two texts first differ, as a line number and both lines.
    static func firstDifference(_ committed: String, _ generated: String) -> String {
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) where old.indices.contains(index) != new.indices.contains(index)
            || (old.indices.contains(index) && old[index] != new[index]) {
            let line = { (lines: [Substring]) in lines.indices.contains(index) ? String(lines[index]) : "(end of file)" }
            return "first difference at line \(index + 1):\n  committed: \(line(old))\n  generated: \(line(new))"
        }
        return "they differ"
    }

    @Test func generatingTwiceGivesTheSameBytes() throws {
        let cli = Sandbox()
        for (_, command) in GeneratedFiles.files {
            #expect(try GeneratedFiles.generate(command, in: cli).stdout == GeneratedFiles.generate(command, in: cli).stdout, "\(command)")
        }
    }
}

// MARK: - The commands behind the scripts

@Suite struct CompletionCommands {
    @Test func completionsPrintsEachShellsScript() throws {
        let cli = Sandbox()
        #expect(try cli.ok("completions", "bash").contains("complete -F _campaignchat campaignchat"))
        #expect(try cli.ok("completions", "zsh").hasPrefix("#compdef campaignchat\n"))
        #expect(try cli.ok("completions", "fish").contains("complete -c campaignchat "))
    }

    @Test(arguments: [["completions", "tcsh"], ["completions"], ["completions", "bash", "zsh"]])
    func completionsWithoutOneKnownShellIsAUsageError(arguments: [String]) throws {
        let result = try Sandbox().run(arguments)
        #expect(result.status == 64, "\(arguments)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("Usage: campaignchat completions SHELL"))
    }

    @Test func completeListsCampaignsGroupsAndHandles() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try cli.ok("__complete", "campaign").split(separator: "\n") == ["summer-launch", "winter-sale"])
        #expect(try cli.ok("__complete", "group", "summer-launch").split(separator: "\n") == ["Group A", "Group B"])
        #expect(try cli.ok("__complete", "creator", "summer-launch").split(separator: "\n").map(String.init).sorted() == summerHandles)
        #expect(try cli.ok("__complete", "creator").split(separator: "\n").map(String.init).sorted() == summerHandles + ["@erin"])
        // Acting as a creator, the one handle to give is their own, where they may see the campaign.
        #expect(try cli.ok("--as", "alice", "__complete", "creator", "summer-launch") == "@alice\n")
        #expect(try cli.ok("--as", "dave", "__complete", "creator", "summer-launch") == "", "removed: not theirs to see")
    }

    @Test(arguments: [["group", "no-such-campaign"], ["creator", "no-such-campaign"], ["group"], ["nothing"], []])
    func completeOfNothingKnownPrintsNothingAndExits0(arguments: [String]) throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        let result = try cli.run(["__complete"] + arguments)
        #expect(result.status == 0, "\(arguments)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(arguments): \(result.stdout) \(result.stderr)")
    }

    @Test func completeOnAMissingDatabasePrintsNothingAndCreatesNothing() throws {
        let cli = Sandbox(engine: .sqlite)
        let missing = cli.path("nested/folder/chat.db")
        for arguments in [["__complete", "campaign"], ["--db", missing, "__complete", "campaign"], ["__complete", "creator"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath))
        #expect(!FileManager.default.fileExists(atPath: cli.databasePath + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("nested")))
    }

    @Test func completeOnAForeignFilePrintsNothingAndLeavesItAlone() throws {
        let cli = Sandbox(engine: .sqlite)
        let text = Data("not a database\n".utf8)
        try text.write(to: URL(fileURLWithPath: cli.databasePath))
        let result = try cli.run("__complete", "campaign")
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == text)
    }

    @Test func completeLeavesTheDatabaseFileUnchanged() throws {
        let cli = Sandbox(engine: .sqlite)
        try cli.seedForCompletion()
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
        try cli.ok("__complete", "campaign")
        try cli.ok("__complete", "creator", "summer-launch")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.databasePath)) == before)
    }

    @Test func completeSeesWhatTheActingCreatorMaySee() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try cli.ok("--as", "@alice", "__complete", "campaign") == "summer-launch\n")
        #expect(try cli.ok("--as", "@alice", "__complete", "creator") == "@alice\n", "the one handle a creator may give: their own")
        #expect(try cli.ok("--as", "not a handle", "__complete", "campaign").isEmpty)
    }

    @Test func hiddenCommandsStayOutOfHelp() throws {
        let cli = Sandbox()
        let root = try cli.ok("--help")
        #expect(root.contains("\n  completions "))
        #expect(!root.contains("__complete") && !root.contains("__man"))
        #expect(try cli.helpCommandPaths().allSatisfy { !$0[0].hasPrefix("__") })
    }
}

// MARK: - bash

/// Loads bash-completion and the script, finds the function `complete -p` registered, and calls it
/// the way bash does: COMP_WORDS (as bash splits the line: `--db=x` is `--db` `=` `x`), COMP_CWORD,
/// COMP_LINE, COMP_POINT; then prints COMPREPLY.
/// bash DRIVER SCRIPT WORD...: what bash offers for the WORDs, with the completion script SCRIPT
/// sourced, or, when SCRIPT is empty, found by bash-completion's own loader as a first Tab does.
let bashDriver = #"""
    source /usr/share/bash-completion/bash_completion || exit 90
    if [ -n "$1" ]; then source "$1" || exit 91; else __load_completion campaignchat || exit 91; fi
    spec=$(complete -p campaignchat) || exit 92
    handler=${spec##*-F }
    handler=${handler%% *}
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    "$handler" campaignchat "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}"
    """#

@Suite struct BashCompletion {
    /// What bash offers for `words` (the last one is the word being completed).
    func complete(_ words: [String], in cli: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let bash = try requiredProgram("bash", package: "bash", sourceLocation: sourceLocation)
        try #require(FileManager.default.fileExists(atPath: "/usr/share/bash-completion/bash_completion"),
                     "bash-completion is not installed: install the Debian package 'bash-completion' (.ci/run does)",
                     sourceLocation: sourceLocation)
        let script = repositoryRoot.appendingPathComponent("completions/campaignchat.bash").path
        let result = try cli.runProgram(bash, ["--norc", "--noprofile", "-c", bashDriver, "bash", script] + words)
        #expect(result.status == 0, "\(words): exit \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(words): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func completesCommandWordsAtEachLevel() throws {
        let cli = Sandbox()
        #expect(try complete(["campaignchat", "mes"], in: cli) == ["message"])
        #expect(try complete(["campaignchat", "message", "s"], in: cli).contains("send"))
        #expect(try complete(["campaignchat", "--json", "cre"], in: cli) == ["creator"])
        #expect(try complete(["campaignchat", "help", "thr"], in: cli) == ["thread"])
        #expect(try complete(["campaignchat", "__"], in: cli).isEmpty)
    }

    @Test func completesCampaignSlugsFromTheDatabase() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try complete(["campaignchat", "message", "send", ""], in: cli) == ["summer-launch", "winter-sale"])
        #expect(try complete(["campaignchat", "thread", "read", "w"], in: cli) == ["winter-sale"])
    }

    @Test func completesTheHandlesOfTheCampaignOnTheLine() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try complete(["campaignchat", "creator", "accept", "summer-launch", "@"], in: cli).sorted() == summerHandles)
        #expect(try complete(["campaignchat", "--as", "brand", "creator", "remove", "summer-launch", "@a"], in: cli) == ["@alice"])
        #expect(try complete(["campaignchat", "--as", ""], in: cli).sorted() == ["@alice", "@bob", "@carol", "@dave", "@erin", "brand"])
    }

    @Test func completesGroupsOfTheCampaignQuotedForTheLine() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try complete(["campaignchat", "group", "show", "summer-launch", ""], in: cli) == [#"Group\ A"#, #"Group\ B"#])
        #expect(try complete(["campaignchat", "group", "show", "summer-launch", #"Group\ B"#], in: cli) == [#"Group\ B"#])
        #expect(try complete(["campaignchat", "creator", "list", "summer-launch", "--group", ""], in: cli).count == 2)
        #expect(try complete(["campaignchat", "group", "show", "nope", ""], in: cli).isEmpty)
    }

    @Test func completesOptionsAndTheirChoices() throws {
        let cli = Sandbox()
        let options = try complete(["campaignchat", "creator", "list", "--"], in: cli)
        #expect(Set(["--group", "--status", "--favorite", "--db", "--as", "--json", "--quiet", "--help", "--version"]).isSubset(of: options))
        #expect(try complete(["campaignchat", "creator", "list", "x", "--status", ""], in: cli) == ["invited", "accepted", "declined", "removed"])
        #expect(try complete(["campaignchat", "creator", "list", "x", "--status", "=", "ac"], in: cli) == ["accepted"])
        #expect(try complete(["campaignchat", "completions", ""], in: cli) == ["bash", "zsh", "fish"])
    }

    @Test func passesTheDatabaseOnTheLineToComplete() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        let other = cli.path("other folder/other.db")
        try cli.ok("--db", other, "campaign", "create", "Other Launch")
        let quoted = #"other\ folder/other.db"#
        #expect(try complete(["campaignchat", "--db", other, "message", "send", ""], in: cli) == ["other-launch"])
        #expect(try complete(["campaignchat", "--db", "=", other, "message", "send", ""], in: cli) == ["other-launch"])
        #expect(try complete(["campaignchat", "message", "send", "--db", cli.folder.path + "/" + quoted, ""], in: cli) == ["other-launch"])
        #expect(try complete(["campaignchat", "--db", cli.path("missing.db"), "message", "send", ""], in: cli).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.path("missing.db")))
    }

    /// `message send` is HANDLE and TEXT, or --bulk FILE: once the line has taken one form, the other's
    /// arguments and options are not offered (the command table's requiredUnless, notWith and onlyWith).
    @Test func offersOnlyWhatGoesWithTheFormOnTheLine() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", ""], in: cli).sorted() == summerHandles)
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--bulk", "d.csv", ""], in: cli).isEmpty)
        #expect(try complete(["campaignchat", "message", "send", "--bulk=d.csv", "summer-launch", ""], in: cli).isEmpty)
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--bulk", "d.csv", "--k"], in: cli) == ["--key-prefix"])
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--t"], in: cli) == ["--tracking"])
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "@alice", "--b"], in: cli).isEmpty)
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--b"], in: cli) == ["--bulk"])
        #expect(try complete(["campaignchat", "push", "deliver", "--l"], in: cli) == ["--limit", "--lease"])
        #expect(try complete(["campaignchat", "push", "deliver", "-f", "--l"], in: cli) == ["--lease"])
        // An option of one form on the line rules out the other; -qf is -q -f.
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--key", "k", "--b"], in: cli).isEmpty)
        #expect(try !complete(["campaignchat", "push", "deliver", "--limit", "3", "-"], in: cli).contains { $0 == "-f" || $0 == "--follow" })
        #expect(try complete(["campaignchat", "push", "deliver", "-qf", "--l"], in: cli) == ["--lease"])
        // One of --template and --template-file: once either is given, neither is offered again.
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--bulk", "d.csv", "--t"], in: cli)
                == ["--template", "--template-file", "--tracking-column"])
        #expect(try complete(["campaignchat", "message", "send", "summer-launch", "--bulk", "d.csv", "--template", "x", "--t"], in: cli)
                == ["--tracking-column"])
    }

    @Test func completesFilesForPaths() throws {
        let cli = Sandbox()
        try Data("handle\n".utf8).write(to: URL(fileURLWithPath: cli.path("shipments.csv")))
        #expect(try complete(["campaignchat", "message", "send", "c", "--bulk", cli.path("ship")], in: cli) == [cli.path("shipments.csv")])
    }
}
