/// What kind of value an argument or option takes: drives help text and,
/// for campaign, group and creator, completion from the database.
enum ValueKind: String, Sendable {
    case campaign, group, creator, actor, text, name, slug, key, number, path, status, shell
}

/// A positional argument of a command.
package struct ArgumentSpec: Sendable {
    package let name: String
    let kind: ValueKind
    package let abstract: String
    package var optional = false
    package var repeating = false
    /// The values the command accepts, when the set is fixed (`completions bash|zsh|fish`):
    /// offered by the completions and listed in the man page.
    package var choices: [String] = []
    /// For a `.creator` argument: complete every registered creator, not only the campaign's
    /// (`creator invite`, whose creators are not in the campaign yet).
    var anyCreator = false
    /// Needed unless this option is given (`HANDLE`, unless `--bulk` names the creators).
    var requiredUnless: String? = nil
    /// Never given with this option (`HANDLE` and `TEXT` with `--bulk`, whose file has them).
    var notWith: String? = nil
    /// Turns a word into the argument's value (see `Argument`); nil keeps the word as it is.
    var parse: (@Sendable (String) throws -> any Sendable)? = nil

    /// `CAMPAIGN`, `[TEXT]`, `HANDLE...`
    var usage: String {
        let base = name + (repeating ? "..." : "")
        return optional ? "[\(base)]" : base
    }
}

/// An option of a command: a flag (`valueName == nil`) or an option with a value.
package struct OptionSpec: Sendable {
    package let long: String
    package var short: Character? = nil
    package var valueName: String? = nil
    var kind: ValueKind? = nil
    package var choices: [String] = []
    /// Whether the value is a list of choices separated by commas (`--status delivered,returned`).
    package var isList = false
    /// The command cannot run without it (and its value may not be empty): usage shows it without brackets.
    package var required = false
    /// It only makes sense with this other option (`--template` with `--bulk`).
    var onlyWith: String? = nil
    /// It cannot go with this other option (`--key` names one message, `--bulk` sends many).
    var notWith: String? = nil
    /// It or this other option, exactly one, is needed (where it goes at all): `--template TEXT` or
    /// `--template-file PATH`. Usage shows the pair as `(--template TEXT | --template-file PATH)`.
    var orElse: String? = nil
    package let abstract: String
    /// Turns the text given into the option's value (see `Option`); nil keeps the text as it is.
    var parse: (@Sendable (String) throws -> any Sendable)? = nil

    var takesValue: Bool { valueName != nil }

    /// `--key KEY` or `-q, --quiet`
    var label: String {
        let names = (short.map { "-\($0), " } ?? "") + "--" + long
        return valueName.map { names + " " + $0 } ?? names
    }

    /// `--follow`, `--exec COMMAND`: a required option in a usage line, by its long name.
    var usageLabel: String { "--" + long + (valueName.map { " " + $0 } ?? "") }
}

/// One command of the table: its words, arguments, options and the code that runs it.
package struct CommandSpec: Sendable {
    package let path: [String]
    package let abstract: String
    package var discussion: String? = nil
    package var arguments: [ArgumentSpec] = []
    package var options: [OptionSpec] = []
    /// Shown in `help` and completions unless hidden.
    package var hidden = false
    package let run: @Sendable (Invocation) throws -> Void

    var name: String { path.joined(separator: " ") }

    func option(named long: String) -> OptionSpec? { options.first { $0.long == long } }

    func option(short: Character) -> OptionSpec? { options.first { $0.short == short } }

    /// The option that switches the command to a second form (`--bulk`: a file instead of HANDLE and TEXT),
    /// named by the `requiredUnless`, `notWith` and `onlyWith` of its arguments and options; nil for a
    /// command of one form. Usage, the man page and the completions show each form from it.
    var mode: OptionSpec? {
        let names = arguments.flatMap { [$0.requiredUnless, $0.notWith] } + options.flatMap { [$0.onlyWith, $0.notWith] }
        var modes: [String] = []
        for case let name? in names where !modes.contains(name) { modes.append(name) }
        precondition(modes.count <= 1, "\(name): one mode option at most, not \(modes)")
        return modes.first.map { name in
            guard let option = option(named: name) else { preconditionFailure("\(self.name): no option --\(name)") }
            return option
        }
    }

    /// What can be given together: without the mode option, then with it (one form when there is none).
    /// An argument `requiredUnless` the mode is required in the first form.
    package var forms: [CommandForm] {
        guard let mode = mode?.long else { return [CommandForm(arguments: arguments, options: options)] }
        var plain = CommandForm(arguments: arguments, options: options.filter { $0.long != mode && $0.onlyWith != mode })
        for index in plain.arguments.indices where plain.arguments[index].requiredUnless == mode { plain.arguments[index].optional = false }
        var moded = CommandForm(arguments: arguments.filter { $0.notWith != mode }, options: options.filter { $0.notWith != mode })
        for index in moded.options.indices where moded.options[index].long == mode { moded.options[index].required = true }
        return [plain, moded]
    }
}

/// One way to call a command: the arguments and options that go together, as usage shows them.
package struct CommandForm {
    package var arguments: [ArgumentSpec]
    package var options: [OptionSpec]

    /// An option of a usage line, or a pair of which exactly one is needed (`orElse`).
    package enum OptionItem {
        case single(OptionSpec)
        case either(OptionSpec, OptionSpec)
    }

    /// The options in usage order, a pair as one item where the first of the two stands:
    /// `(--template TEXT | --template-file PATH)` in help, `Po ... | ... Pc` in the man page.
    package var optionItems: [OptionItem] {
        var items: [OptionItem] = []
        var paired: [String] = []
        for option in options where !paired.contains(option.long) {
            if let other = option.orElse.flatMap({ name in options.first { $0.long == name } }) {
                items.append(.either(option, other))
                paired.append(other.long)
            } else {
                items.append(.single(option))
            }
        }
        return items
    }
}

/// A word that groups commands (`campaign`, `message`, ...).
struct CommandGroupSpec: Sendable {
    let name: String
    let abstract: String
}
