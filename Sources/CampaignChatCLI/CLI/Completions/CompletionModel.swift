/// The command table as the scripts see it: every command path that is not hidden, each
/// either a group (the words that may follow it) or a command (its options and arguments).
struct CompletionModel {
    struct Word {
        let word: String
        let abstract: String
    }

    /// One option name (`--slug`, `-q`) and how its value is completed (nil for a flag).
    struct Option {
        let name: String
        let value: String?
        let abstract: String

        /// `--slug=slug`, `--status=choices:invited,accepted`, `--json`
        var token: String { value.map { name + "=" + $0 } ?? name }

        static func from(_ spec: OptionSpec) -> [Option] {
            let value = spec.takesValue ? CompletionModel.valueToken(kind: spec.kind, choices: spec.choices) : nil
            return (spec.short.map { ["-\($0)"] } ?? []).map { Option(name: $0, value: value, abstract: spec.abstract) }
                + [Option(name: "--" + spec.long, value: value, abstract: spec.abstract)]
        }
    }

    struct Node {
        let path: [String]
        var words: [Word] = []
        var options: [Option] = []
        /// How each argument is completed, in order; the last ends in `...` when it repeats.
        var arguments: [String] = []
        /// The names of the command's mode option (`--bulk`, see `CommandSpec.mode`), if any. Without it on the line,
        /// `modeOnly` is not offered, nor the mode itself once more arguments are given than `modeArguments`
        /// holds; with it, `modeNot` is not offered and the arguments are `modeArguments`.
        var mode: [String] = []
        var modeOnly: [String] = []
        var modeNot: [String] = []
        var modeArguments: [String] = []
        /// The names of a pair of options of which one is given (`--template`, `--template-file`; see
        /// `OptionSpec.orElse`): once either is on the line, neither is offered.
        var either: [String] = []
        let isCommand: Bool

        var key: String { path.joined(separator: " ") }
    }

    /// The root, then every group and command in table order.
    let nodes: [Node]
    let globalOptions: [Option]

    init(table: CommandTable) {
        var nodes: [Node] = []
        var seen: Set<[String]> = []
        func addGroup(_ path: [String]) {
            guard seen.insert(path).inserted else { return }
            var words = table.subcommands(of: path).map { Word(word: $0.word, abstract: $0.abstract) }
            if path.isEmpty { words.append(Word(word: "help", abstract: Help.helpAbstract)) }
            nodes.append(Node(path: path, words: words, isCommand: false))
        }
        addGroup([])
        for command in table.commands where !command.hidden {
            for length in 1..<command.path.count { addGroup(Array(command.path.prefix(length))) }
            guard seen.insert(command.path).inserted else { continue }
            let tokens = { (arguments: [ArgumentSpec]) in
                arguments.map { argument in
                    CompletionModel.valueToken(kind: argument.kind, choices: argument.choices, anyCreator: argument.anyCreator)
                        + (argument.repeating ? "..." : "")
                }
            }
            var node = Node(path: command.path, options: command.options.flatMap(Option.from), arguments: tokens(command.arguments),
                            isCommand: true)
            if let mode = command.mode {
                let names = { (options: [OptionSpec]) in options.flatMap(Option.from).map(\.name) }
                node.mode = names([mode])
                node.modeOnly = names(command.options.filter { $0.onlyWith == mode.long })
                node.modeNot = names(command.options.filter { $0.notWith == mode.long })
                node.modeArguments = tokens(command.arguments.filter { $0.notWith != mode.long })
            }
            let pair = command.options.filter { $0.orElse != nil }
            precondition(pair.count == 0 || pair.count == 2, "\(command.name): one pair of orElse options at most")
            node.either = pair.flatMap(Option.from).map(\.name)
            nodes.append(node)
        }
        self.nodes = nodes
        globalOptions = GlobalOptions.specs.flatMap(Option.from)
    }

    /// How a value is completed, in the scripts' words: `choices:a,b,c`, `campaign`, `group` (of the
    /// campaign on the line), `creator` (the campaign's handles, else all), `any-creator` (every
    /// registered handle), `actor` (brand and every handle), `path` (files); other kinds (text,
    /// name, number, ...) are spelled as they are and not completed.
    static func valueToken(kind: ValueKind?, choices: [String], anyCreator: Bool = false) -> String {
        if !choices.isEmpty {
            precondition(choices.allSatisfy { choice in choice.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } },
                         "completion choices must be plain words: \(choices)")
            return "choices:" + choices.joined(separator: ",")
        }
        switch kind {
        case .creator?: return anyCreator ? "any-creator" : "creator"
        case let kind?: return kind.rawValue
        case nil: return "text"
        }
    }
}
