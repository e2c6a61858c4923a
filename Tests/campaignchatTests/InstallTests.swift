import Foundation
import Testing

/// `bash scripts/install`: the binary, the man page, the completions and the docs in the places
/// Linux tools look for them, found there by man and by each real shell.
@Suite struct Install {
    /// Installs the built binary with `--prefix /usr --destdir DEST` and returns DEST/usr.
    func install(in cli: Sandbox) throws -> URL {
        let destination = cli.folder.appendingPathComponent("dest")
        let bash = try requiredProgram("bash", package: "bash")
        var environment = cli.environment
        environment["CAMPAIGNCHAT_BIN"] = Sandbox.binary.path
        let result = try Sandbox.execute(bash, [repositoryRoot.appendingPathComponent("scripts/install").path,
                                                "--prefix", "/usr", "--destdir", destination.path],
                                         stdin: nil, environment: environment, in: cli.folder)
        #expect(result.status == 0, "\(result.stderr)")
        return destination.appendingPathComponent("usr")
    }

    /// The environment of a person whose system has `prefix` as its own: its bin first on PATH and
    /// its share among XDG_DATA_DIRS, where bash-completion and fish look for completions.
    func environment(of cli: Sandbox, prefix: URL) -> [String: String] {
        var environment = cli.environment
        environment["PATH"] = prefix.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["XDG_DATA_DIRS"] = prefix.appendingPathComponent("share").path + ":/usr/share"
        environment["XDG_CONFIG_HOME"] = cli.path("config")
        return environment
    }

    @Test func putsEachFileInItsStandardPlace() throws {
        let cli = Sandbox()
        let prefix = try install(in: cli)
        let files: [(String, Int)] = [
            ("bin/campaignchat", 0o755), ("share/man/man1/campaignchat.1", 0o644),
            ("share/bash-completion/completions/campaignchat", 0o644), ("share/zsh/site-functions/_campaignchat", 0o644),
            ("share/fish/vendor_completions.d/campaignchat.fish", 0o644), ("share/doc/campaignchat/README.md", 0o644),
        ]
        for (file, mode) in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: prefix.appendingPathComponent(file).path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode, "\(file)")
        }
        let installed = try Sandbox.execute(prefix.appendingPathComponent("bin/campaignchat"), ["--version"], stdin: nil,
                                            environment: cli.environment, in: cli.folder)
        #expect(installed.stdout.hasPrefix("campaignchat "))
        #expect(try Data(contentsOf: prefix.appendingPathComponent("share/man/man1/campaignchat.1"))
                == Data(contentsOf: repositoryRoot.appendingPathComponent("man/campaignchat.1")))
    }

    /// What the man page's SEE ALSO names in share/doc/campaignchat/ is there: README.md, CHANGELOG.md, every page of docs/.
    @Test func installsTheDocumentationTheManPageNames() throws {
        let cli = Sandbox()
        let prefix = try install(in: cli)
        let seeAlso = try #require(try String(contentsOf: ManPage.file, encoding: .utf8).components(separatedBy: ".Sh SEE ALSO\n").last)
        let named = seeAlso.split(separator: "\n").filter { $0.hasPrefix(".It Pa ") }.map { String($0.dropFirst(7)) }
        #expect(named.contains("README.md") && named.contains("CHANGELOG.md") && named.contains("docs/commands.md"), "\(named)")
        for file in named {
            let installed = prefix.appendingPathComponent("share/doc/campaignchat").appendingPathComponent(file)
            #expect(try Data(contentsOf: installed) == Data(contentsOf: repositoryRoot.appendingPathComponent(file)), "\(file)")
        }
    }

    @Test func manFindsTheInstalledPage() throws {
        let man = try requiredProgram("man", package: "man-db")
        let cli = Sandbox()
        let prefix = try install(in: cli)
        let manuals = prefix.appendingPathComponent("share/man").path
        var environment = environment(of: cli, prefix: prefix)
        environment.merge(["MANPAGER": "cat", "MANWIDTH": "80", "LC_ALL": "C.UTF-8"]) { $1 }
        let found = try Sandbox.execute(man, ["-M", manuals, "-w", "campaignchat"], stdin: nil, environment: environment, in: cli.folder)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout == manuals + "/man1/campaignchat.1\n")
        let page = try Sandbox.execute(man, ["-M", manuals, "campaignchat"], stdin: nil, environment: environment, in: cli.folder)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("\nNAME\n") && page.stdout.contains("campaignchat message send"))
    }

    @Test func bashCompletionLoadsTheInstalledScriptOnFirstUse() throws {
        let bash = try requiredProgram("bash", package: "bash")
        let cli = Sandbox()
        try cli.seedForCompletion()
        let prefix = try install(in: cli)
        // No script named: bash-completion's loader finds it, as a person's first Tab does, in XDG_DATA_DIRS.
        func complete(_ words: String...) throws -> [String] {
            let result = try Sandbox.execute(bash, ["--norc", "--noprofile", "-c", bashDriver, "bash", ""] + words, stdin: nil,
                                             environment: environment(of: cli, prefix: prefix), in: cli.folder)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(words): exit \(result.status) \(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete("campaignchat", "mes") == ["message"])
        #expect(try complete("campaignchat", "message", "send", "") == ["summer-launch", "winter-sale"])
    }

    @Test func zshFindsTheInstalledFunctionOnItsFpath() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        let prefix = try install(in: cli)
        let offers = try ZshCompletion().complete(["campaignchat mes", "campaignchat message send "], in: cli,
                                                  functions: prefix.appendingPathComponent("share/zsh/site-functions").path)
        #expect(offers["campaignchat mes"]?.buffer == "campaignchat message ")
        #expect(offers["campaignchat message send "]?.matches == ["summer-launch", "winter-sale"])
    }

    @Test func fishLoadsTheInstalledVendorCompletions() throws {
        let fish = try requiredProgram("fish", package: "fish")
        let cli = Sandbox()
        try cli.seedForCompletion()
        let prefix = try install(in: cli)
        // No --no-config: fish's own startup is what adds XDG_DATA_DIRS/fish/vendor_completions.d.
        func complete(_ line: String) throws -> [String] {
            let result = try Sandbox.execute(fish, ["-c", "complete -C $argv[1]", line], stdin: nil,
                                             environment: environment(of: cli, prefix: prefix), in: cli.folder)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(line): exit \(result.status) \(result.stderr)")
            return result.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
        }
        #expect(try complete("campaignchat mes") == ["message"])
        #expect(try complete("campaignchat message send ") == ["summer-launch", "winter-sale"])
    }

    /// Run from another folder by a relative path (`bash checkout/scripts/install`), as a packager
    /// does: a relative `--destdir` and `CAMPAIGNCHAT_BIN` are the caller's, not the checkout's,
    /// and `--help` still reads the script.
    @Test func relativePathsAreTheCallersNotTheCheckouts() throws {
        let bash = try requiredProgram("bash", package: "bash")
        let cli = Sandbox()
        try FileManager.default.createSymbolicLink(at: cli.folder.appendingPathComponent("checkout"), withDestinationURL: repositoryRoot)
        try FileManager.default.copyItem(at: Sandbox.binary, to: cli.folder.appendingPathComponent("campaignchat"))
        let destination = "dest-\(UUID().uuidString)"
        // Where the files landed before, when the script read them from the checkout.
        defer { try? FileManager.default.removeItem(at: repositoryRoot.appendingPathComponent(destination)) }
        var environment = cli.environment
        environment["CAMPAIGNCHAT_BIN"] = "campaignchat"
        let result = try Sandbox.execute(bash, ["checkout/scripts/install", "--prefix", "/usr", "--destdir", destination],
                                         stdin: nil, environment: environment, in: cli.folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: cli.path("\(destination)/usr/bin/campaignchat")))
        #expect(!FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent(destination).path))
        let help = try Sandbox.execute(bash, ["checkout/scripts/install", "--help"], stdin: nil, environment: cli.environment, in: cli.folder)
        #expect(help.status == 0 && help.stderr.isEmpty, "\(help.stderr)")
        #expect(help.stdout.hasPrefix("Installs campaignchat as a Linux command-line tool"), "\(help.stdout)")
    }

    @Test func aRelativePrefixOrAnUnknownOptionIsAUsageError() throws {
        let bash = try requiredProgram("bash", package: "bash")
        let cli = Sandbox()
        for arguments in [["--prefix", "usr"], ["--bogus"], ["--destdir"]] {
            var environment = cli.environment
            environment["CAMPAIGNCHAT_BIN"] = Sandbox.binary.path
            let result = try Sandbox.execute(bash, [repositoryRoot.appendingPathComponent("scripts/install").path] + arguments,
                                             stdin: nil, environment: environment, in: cli.folder)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("Error: ") && result.stderr.split(separator: "\n").count == 2, "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.path("usr")))
    }
}
