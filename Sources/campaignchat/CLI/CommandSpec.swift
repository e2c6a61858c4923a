/// What kind of value an argument or option takes: drives help text and,
/// for campaign, group and creator, completion from the database.
enum ValueKind: String, Sendable {
    case campaign, group, creator, actor, text, name, slug, key, number, path, status, shell
}

/// A positional argument of a command.
struct ArgumentSpec: Sendable {
    let name: String
    let kind: ValueKind
    let abstract: String
    var optional = false
    var repeating = false
    /// The values the command accepts, when the set is fixed (`completions bash|zsh|fish`):
    /// offered by the completions and listed in the man page.
    var choices: [String] = []
    /// For a `.creator` argument: complete every registered creator, not only the campaign's
    /// (`creator invite`, whose creators are not in the campaign yet).
    var anyCreator = false
    /// Needed unless this option is given (`HANDLE`, unless `--bulk` names the creators).
    var requiredUnless: String? = nil
    /// Never given with this option (`HANDLE` and `TEXT` with `--bulk`, whose file has them).
    var notWith: String? = nil

    /// `CAMPAIGN`, `[TEXT]`, `HANDLE...`
    var usage: String {
        let base = name + (repeating ? "..." : "")
        return optional ? "[\(base)]" : base
    }
}

/// An option of a command: a flag (`valueName == nil`) or an option with a value.
struct OptionSpec: Sendable {
    let long: String
    var short: Character? = nil
    var valueName: String? = nil
    var kind: ValueKind? = nil
    var choices: [String] = []
    /// The command cannot run without it (and its value may not be empty): usage shows it without brackets.
    var required = false
    /// It only makes sense with this other option (`--template` with `--bulk`).
    var onlyWith: String? = nil
    /// It cannot go with this other option (`--key` names one message, `--bulk` sends many).
    var notWith: String? = nil
    let abstract: String

    var takesValue: Bool { valueName != nil }

    /// `--key KEY` or `-q, --quiet`
    var label: String {
        let names = (short.map { "-\($0), " } ?? "") + "--" + long
        return valueName.map { names + " " + $0 } ?? names
    }
}

/// One command of the table: its words, arguments, options and the code that runs it.
struct CommandSpec: Sendable {
    let path: [String]
    let abstract: String
    var discussion: String? = nil
    var arguments: [ArgumentSpec] = []
    var options: [OptionSpec] = []
    /// Shown in `help` and completions unless hidden.
    var hidden = false
    let run: @Sendable (Invocation) throws -> Void

    var name: String { path.joined(separator: " ") }

    func option(named long: String) -> OptionSpec? { options.first { $0.long == long } }

    func option(short: Character) -> OptionSpec? { options.first { $0.short == short } }
}

/// A word that groups commands (`campaign`, `message`, ...).
struct CommandGroupSpec: Sendable {
    let name: String
    let abstract: String
}
