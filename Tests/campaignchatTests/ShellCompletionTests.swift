import Foundation
import Testing

// MARK: - zsh

/// Starts an interactive `zsh -f -i` in a pseudo-terminal (zpty) with the completions folder on
/// fpath and compinit, types each LINE and Tab, and writes what the completion system offered
/// (MATCH:, through a compadd wrapper) and the edited line (BUFFER:) to OUT, then END.
private let zshDriver = #"""
    # zsh -f driver FPATH OUT LINE...
    zmodload zsh/zpty || exit 3
    fdir=$1 out=$2
    shift 2
    : >$out
    wait_for() {
      integer tries=0
      local -a lines ends
      while true; do
        lines=("${(@f)$(<$out)}")
        ends=(${(M)lines:#END})
        (( $#ends >= $1 )) && return 0
        while zpty -r -m -t cc junk '?*' 2>/dev/null; do :; done
        (( ++tries > 400 )) && { print -r -- "zsh completion timed out at step $1: $(<$out)" >&2; return 1 }
        sleep 0.05
      done
    }
    zpty cc zsh -f -i || exit 4
    zpty -w cc "PS1='' RPS1='' fpath=(${(q)fdir} \$fpath); autoload -U compinit && compinit -u -D 2>>${(q)out}.errors"
    zpty -w cc 'zstyle ":completion:*" list-prompt ""; zstyle ":completion:*" menu no; LISTMAX=10000'
    zpty -w cc 'compadd() { if (( ${argv[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi; local -a __hits; builtin compadd -O __hits "$@"; print -rl -- ${__hits/#/MATCH:} >>'${(q)out}'; builtin compadd "$@"; }'
    zpty -w cc '__cc_done() { print -r -- "BUFFER:$BUFFER" >>'${(q)out}'; print -r -- END >>'${(q)out}'; BUFFER=""; zle .accept-line; }; zle -N __cc_done; bindkey -e; bindkey "^Y" __cc_done; bindkey "^I" complete-word'
    zpty -w cc "print -r -- END >>${(q)out}"
    wait_for 1 || { zpty -d cc; exit 5 }
    integer step=1
    for line in "$@"; do
      print -r -- "LINE:$line" >>$out
      zpty -w -n cc "$line"$'\t\x19'
      wait_for $(( ++step )) || { zpty -d cc; exit 5 }
    done
    zpty -d cc
    """#

@Suite struct ZshCompletion {
    struct Offer {
        var matches: [String] = []
        var buffer = ""
    }

    /// What zsh's completion system offers after typing each line and Tab, in a real interactive zsh.
    /// `functions` is the folder put first on `fpath`: the committed completions unless a test installed them elsewhere.
    func complete(_ lines: [String], in cli: Sandbox, functions: String = repositoryRoot.appendingPathComponent("completions").path,
                  sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Offer] {
        let zsh = try requiredProgram("zsh", package: "zsh", sourceLocation: sourceLocation)
        let driver = cli.path("driver.zsh"), out = cli.path("zsh.out")
        try Data(zshDriver.utf8).write(to: URL(fileURLWithPath: driver))
        let result = try cli.runProgram(zsh, ["-f", driver, functions, out] + lines)
        #expect(result.status == 0, "zsh driver: exit \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
        let errors = (try? String(contentsOfFile: out + ".errors", encoding: .utf8)) ?? ""
        #expect(errors.isEmpty, "compinit: \(errors)", sourceLocation: sourceLocation)
        var offers: [String: Offer] = [:]
        var current: String?
        for line in try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("LINE:") {
                current = String(line.dropFirst(5))
                offers[current!] = Offer()
            } else if let current, line.hasPrefix("MATCH:") {
                offers[current]!.matches.append(String(line.dropFirst(6)))
            } else if let current, line.hasPrefix("BUFFER:") {
                offers[current]!.buffer = String(line.dropFirst(7))
            }
        }
        return offers
    }

    @Test func compinitLoadsTheFunctionFromFpathWithoutErrors() throws {
        let zsh = try requiredProgram("zsh", package: "zsh")
        let folder = repositoryRoot.appendingPathComponent("completions").path
        let result = try Sandbox().runProgram(zsh, ["-f", "-c", """
            fpath=(\(folder) $fpath); autoload -U compinit && compinit -u -D && print -r -- $_comps[campaignchat]
            """])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout == "_campaignchat\n")
    }

    @Test func completesWordsOptionsAndDatabaseValuesInAnInteractiveShell() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        let other = cli.path("other.db")
        try cli.ok("--db", other, "campaign", "create", "Other Launch")
        let lines = [
            "campaignchat mes",
            "campaignchat ",
            "campaignchat message send ",
            "campaignchat creator accept summer-launch @",
            "campaignchat group show summer-launch ",
            "campaignchat creator list summer-launch --st",
            "campaignchat creator list summer-launch --status=ac",
            "campaignchat --db=\(other) thread read ",
            "campaignchat __",
        ]
        let offers = try complete(lines, in: cli)
        #expect(offers["campaignchat mes"]?.buffer == "campaignchat message ")
        let words = offers["campaignchat "]?.matches ?? []
        #expect(["campaign", "group", "creator", "message", "thread", "unread", "demo", "completions", "help"].allSatisfy(words.contains), "\(words)")
        #expect(!words.contains { $0.hasPrefix("__") })
        #expect(offers["campaignchat message send "]?.matches == ["summer-launch", "winter-sale"])
        #expect(offers["campaignchat creator accept summer-launch @"]?.matches.sorted() == summerHandles)
        #expect(offers["campaignchat group show summer-launch "]?.matches == ["Group A", "Group B"])
        #expect(offers["campaignchat group show summer-launch "]?.buffer == #"campaignchat group show summer-launch Group\ "#)
        #expect(offers["campaignchat creator list summer-launch --st"]?.buffer == "campaignchat creator list summer-launch --status ")
        #expect(offers["campaignchat creator list summer-launch --status=ac"]?.matches == ["accepted"])
        #expect(offers["campaignchat --db=\(other) thread read "]?.matches == ["other-launch"])
        #expect(offers["campaignchat __"]?.matches == [])
    }

    @Test func offersOnlyWhatGoesWithTheFormOnTheLine() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        let lines = [
            "campaignchat message send summer-launch @",
            "campaignchat message send summer-launch --bulk d.csv @",
            "campaignchat message send summer-launch --bulk d.csv --key",
            "campaignchat message send summer-launch @alice --t",
            "campaignchat push deliver --follow --l",
            "campaignchat push deliver -qf --l",
            "campaignchat push deliver --limit 3 --f",
            "campaignchat message send summer-launch --bulk d.csv --template x --tr",
        ]
        let offers = try complete(lines, in: cli)
        #expect(offers[lines[0]]?.matches.sorted() == summerHandles)
        #expect(offers[lines[1]]?.matches == [])
        #expect(offers[lines[2]]?.buffer == "campaignchat message send summer-launch --bulk d.csv --key-prefix ")
        #expect(offers[lines[3]]?.buffer == "campaignchat message send summer-launch @alice --tracking ")
        #expect(offers[lines[4]]?.buffer == "campaignchat push deliver --follow --lease ")
        #expect(offers[lines[5]]?.buffer == "campaignchat push deliver -qf --lease ")
        #expect(offers[lines[6]]?.matches == [], "no --follow after --limit")
        #expect(offers[lines[7]]?.buffer == "campaignchat message send summer-launch --bulk d.csv --template x --tracking-column ")
    }
}

// MARK: - fish

@Suite struct FishCompletion {
    /// What `complete -C LINE` offers after sourcing the script, without descriptions.
    func complete(_ line: String, in cli: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let fish = try requiredProgram("fish", package: "fish", sourceLocation: sourceLocation)
        let script = repositoryRoot.appendingPathComponent("completions/campaignchat.fish").path
        let result = try cli.runProgram(fish, ["--no-config", "-c", "source $argv[1]; and complete -C $argv[2]", script, line])
        #expect(result.status == 0, "\(line): exit \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "\(line): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
    }

    @Test func completesCommandWordsWithTheirAbstracts() throws {
        let cli = Sandbox()
        #expect(try complete("campaignchat cam", in: cli) == ["campaign"])
        #expect(try complete("campaignchat thread mark", in: cli) == ["mark-unread"])
        let words = try complete("campaignchat ", in: cli)
        #expect(words.contains("completions") && words.contains("help") && !words.contains { $0.hasPrefix("__") })
    }

    @Test func completesCampaignSlugsAndHandlesFromTheDatabase() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try complete("campaignchat message send ", in: cli) == ["summer-launch", "winter-sale"])
        #expect(try complete("campaignchat creator accept summer-launch @", in: cli).sorted() == summerHandles)
        #expect(try complete("campaignchat group show summer-launch 'Group ", in: cli).count == 2)
        let other = cli.path("other.db")
        try cli.ok("--db", other, "campaign", "create", "Other Launch")
        #expect(try complete("campaignchat --db \(other) message send ", in: cli) == ["other-launch"])
    }

    @Test func completesOptionsAndChoices() throws {
        let cli = Sandbox()
        #expect(try complete("campaignchat creator list x --sta", in: cli) == ["--status"])
        #expect(try complete("campaignchat creator list x --status=de", in: cli) == ["--status=declined"])
        #expect(try complete("campaignchat completions f", in: cli) == ["fish"])
    }

    @Test func offersOnlyWhatGoesWithTheFormOnTheLine() throws {
        let cli = Sandbox()
        try cli.seedForCompletion()
        #expect(try complete("campaignchat message send summer-launch @", in: cli).sorted() == summerHandles)
        #expect(try complete("campaignchat message send summer-launch --bulk d.csv @", in: cli).isEmpty)
        #expect(try complete("campaignchat message send summer-launch --bulk d.csv --k", in: cli) == ["--key-prefix"])
        #expect(try complete("campaignchat message send summer-launch @alice --t", in: cli) == ["--tracking"])
        #expect(try complete("campaignchat push deliver -f --l", in: cli) == ["--lease"])
        #expect(try complete("campaignchat push deliver -qf --l", in: cli) == ["--lease"])
        // (fish falls back to fuzzy matches of other options when no option starts so.)
        #expect(try !complete("campaignchat message send summer-launch --key k --b", in: cli).contains("--bulk"))
        #expect(try !complete("campaignchat push deliver --limit 3 --f", in: cli).contains("--follow"))
        #expect(try !complete("campaignchat message send summer-launch --bulk d.csv --template-file t --tem", in: cli).contains("--template"))
    }
}

// MARK: - Drift

@Suite struct CompletionDrift {
    @Test func everyCommandOfTheHelpIsInEveryScript() throws {
        let cli = Sandbox()
        let paths = try cli.helpCommandPaths()
        for shell in ["bash", "zsh", "fish"] {
            let script = try cli.ok("completions", shell)
            for path in paths {
                #expect(script.contains("'\(path.joined(separator: " "))'"), "\(shell) script lacks '\(path.joined(separator: " "))'")
            }
            #expect(!script.contains("__complete'") && !script.contains("__man"), "\(shell) script lists a hidden command")
        }
    }
}
