import CampaignChat

/// The result of reading the command line.
package enum ParsedCommandLine {
    case run(CommandSpec, ParsedArguments, GlobalOptions)
    case help(path: [String], GlobalOptions)
    case version
}

/// A command's arguments and options, by name.
///
/// A command has a handful of each, so they are kept in order and searched: a `Dictionary`
/// keyed by `String` would make every run scan all of the binary's protocol conformances
/// once (about 100,000 instructions) to find `String: Hashable` for its storage type.
package struct ParsedArguments: Sendable {
    private var positionals: [Named<[String]>] = []
    private var values: [Named<String>] = []
    private var flags: [String] = []
    /// The values of the options and arguments given, of their types (see `Option`, `Argument`).
    private var parsedOptions: [Named<any Sendable>] = []
    private var parsedPositionals: [Named<[any Sendable]>] = []

    private struct Named<Value: Sendable>: Sendable {
        let name: String
        var value: Value
    }

    func argument(_ name: String) -> String? { arguments(name).first }
    func arguments(_ name: String) -> [String] { positionals.first { $0.name == name }?.value ?? [] }
    func value(_ option: String) -> String? { values.last { $0.name == option }?.value }
    func flag(_ option: String) -> Bool { flags.contains(option) }
    /// Whether the option was given, with a value or as a flag.
    func given(_ option: String) -> Bool { value(option) != nil || flag(option) }

    /// The words of an argument; a later call for the same argument replaces them.
    mutating func setArguments(_ words: [String], for name: String) {
        positionals.removeAll { $0.name == name }
        positionals.append(Named(name: name, value: words))
    }

    /// An option's value; the last one given wins.
    mutating func setValue(_ value: String, for option: String) { values.append(Named(name: option, value: value)) }

    mutating func setFlag(_ option: String) { if !flags.contains(option) { flags.append(option) } }

    func parsedValue(_ option: String) -> (any Sendable)? { parsedOptions.first { $0.name == option }?.value }
    func parsedArguments(_ name: String) -> [any Sendable] { parsedPositionals.first { $0.name == name }?.value ?? [] }

    /// Turns the text of every option (the last one given, which wins) and argument into its
    /// value, options first, each in the table's order; a text that is not one is a usage error
    /// naming it, or the error its type gives (an invalid handle is bad data).
    mutating func parseValues(of command: CommandSpec) throws {
        func parsed(_ text: String, _ parse: (@Sendable (String) throws -> any Sendable)?, label: String) throws -> any Sendable {
            guard let parse else { return text }
            do {
                return try parse(text)
            } catch let invalid as InvalidValue {
                throw UsageError(message: invalid.message(text: text, for: label), path: command.path)
            }
        }
        for option in command.options where option.takesValue {
            guard let text = value(option.long) else { continue }
            parsedOptions.append(Named(name: option.long, value: try parsed(text, option.parse, label: "'--\(option.long)'")))
        }
        for argument in command.arguments {
            let words = arguments(argument.name)
            guard !words.isEmpty else { continue }
            parsedPositionals.append(Named(name: argument.name, value: try words.map { try parsed($0, argument.parse, label: "'\(argument.name)'") }))
        }
    }
}

/// The hand-written parser: command words first, then arguments and options in
/// any order; global options anywhere; `--opt value`, `--opt=value`, `-q`, and `--`
/// to end options.
package struct CommandLineParser {
    let table: CommandTable

    package init(table: CommandTable) { self.table = table }

    /// Reads `arguments`; `notUTF8` holds the indexes of those that were not valid UTF-8,
    /// which are refused (naming what they were for) before any command runs.
    package func parse(_ arguments: [String], notUTF8: Set<Int> = []) throws -> ParsedCommandLine {
        let beforeDoubleDash = arguments.prefix { $0 != "--" }
        let asksForHelp = beforeDoubleDash.contains { argument in
            argument == "--help" || (argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.dropFirst().contains("h"))
        }
        if asksForHelp {
            return .help(path: commandWords(in: arguments), GlobalOptions())
        }

        var globals = GlobalOptions()
        var path: [String] = []
        var command: CommandSpec?
        var helpWords: [String]?
        var positionals: [String] = []
        var positionalIndexes: [Int] = []
        var parsed = ParsedArguments()
        var wantsVersion = false
        var optionsEnded = false
        var index = arguments.startIndex

        func nextValue(for option: String, inline: String?) throws -> String {
            if let inline { return inline }
            guard index < arguments.endIndex else {
                throw UsageError(message: "Missing value for option '\(option)'", path: path)
            }
            if notUTF8.contains(index) { throw ArgumentNotUTF8(position: index + 1, role: "the value of '\(option)'") }
            defer { index += 1 }
            return arguments[index]
        }

        func takeOption(named name: String, inline: String?, spelled: String) throws {
            if let global = GlobalOptions.specs.first(where: { $0.long == name }) {
                guard global.takesValue || inline == nil else {
                    throw UsageError(message: "Option '\(spelled)' takes no value", path: path)
                }
                let value = global.takesValue ? try nextValue(for: spelled, inline: inline) : nil
                if name == "version" { wantsVersion = true } else { _ = globals.apply(name, value: value) }
                return
            }
            guard let command, let option = command.option(named: name) else {
                let known = (command?.options ?? []).map { "--" + $0.long } + GlobalOptions.specs.map { "--" + $0.long }
                throw UsageError(message: "Unknown option '\(spelled)'" + Suggestion.didYouMean(spelled, among: known), path: path)
            }
            try store(option, inline: inline, spelled: spelled)
        }

        func store(_ option: OptionSpec, inline: String?, spelled: String) throws {
            if option.takesValue {
                let value = try nextValue(for: spelled, inline: inline)
                // A list (`--status a,b`) takes choices separated by commas.
                let words = option.isList ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
                if !option.choices.isEmpty, let wrong = words.first(where: { !option.choices.contains($0) }) {
                    let list = option.isList ? " (separated by commas)" : ""
                    throw UsageError(message: "Invalid value '\(TextRules.quotedForMessage(wrong))' for '\(spelled)': use one of \(option.choices.joined(separator: ", "))\(list)", path: path)
                }
                parsed.setValue(value, for: option.long)
            } else {
                guard inline == nil else { throw UsageError(message: "Option '\(spelled)' takes no value", path: path) }
                parsed.setFlag(option.long)
            }
        }

        while index < arguments.endIndex {
            let argument = arguments[index]
            let position = index
            index += 1
            if notUTF8.contains(position) && (command == nil || (!optionsEnded && argument.hasPrefix("-"))) {
                // Only `--option=VALUE` with a readable name can say whose value it is.
                let name = argument.hasPrefix("--") ? argument.dropFirst(2).prefix { $0 != "=" } : ""
                let readable = argument.dropFirst(2).contains("=") && !name.isEmpty && !name.contains("\u{FFFD}")
                throw ArgumentNotUTF8(position: position + 1, role: readable ? "the value of '--\(name)'" : nil)
            }
            if !optionsEnded && argument == "--" {
                optionsEnded = true
            } else if !optionsEnded && argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    try takeOption(named: String(body[..<equals]), inline: String(body[body.index(after: equals)...]),
                                   spelled: "--" + body[..<equals])
                } else {
                    try takeOption(named: String(body), inline: nil, spelled: argument)
                }
            } else if !optionsEnded && argument.hasPrefix("-") && argument.count > 1 {
                for letter in argument.dropFirst() {
                    if let global = GlobalOptions.specs.first(where: { $0.short == letter }) {
                        try takeOption(named: global.long, inline: nil, spelled: "-\(letter)")
                    } else if let option = command?.option(short: letter) {
                        try store(option, inline: nil, spelled: "-\(letter)")
                    } else {
                        throw UsageError(message: "Unknown option '-\(letter)'", path: path)
                    }
                }
            } else if helpWords != nil {
                helpWords!.append(argument)
            } else if command == nil && !optionsEnded {
                if path.isEmpty && argument == "help" {
                    helpWords = []
                    continue
                }
                let candidate = path + [argument]
                if let spec = table.command(candidate) {
                    command = spec
                    path = candidate
                } else if table.isGroup(candidate) {
                    path = candidate
                } else {
                    throw UsageError(message: unknownCommand(argument, under: path), path: path)
                }
            } else {
                positionals.append(argument)
                positionalIndexes.append(position)
            }
        }

        if wantsVersion { return .version }
        if let helpWords {
            if helpWords == ["help"] { return .help(path: helpWords, globals) }
            // The first word that leads nowhere is named under the words before it, which do.
            for (count, word) in helpWords.enumerated() {
                let known = Array(helpWords[..<count])
                guard table.command(known + [word]) != nil || table.isGroup(known + [word]) else {
                    throw UsageError(message: unknownCommand(word, under: known), path: known)
                }
            }
            return .help(path: helpWords, globals)
        }
        guard let command else {
            if !positionals.isEmpty {
                throw UsageError(message: unknownCommand(positionals[0], under: path), path: path)
            }
            return .help(path: path, globals)
        }
        try assign(positionals, at: positionalIndexes, to: command, notUTF8: notUTF8, into: &parsed)
        try checkRules(of: command, parsed)
        try parsed.parseValues(of: command)
        return .run(command, parsed, globals)
    }

    /// The rules the table states between options and arguments: required options, options
    /// that go only with (or never with) another, arguments another option supplies.
    private func checkRules(of command: CommandSpec, _ parsed: ParsedArguments) throws(UsageError) {
        func given(_ option: String) -> Bool { parsed.given(option) }
        for argument in command.arguments {
            if let rival = argument.notWith, given(rival), let word = parsed.argument(argument.name) {
                throw UsageError(message: "Unexpected argument '\(TextRules.quotedForMessage(word))': with --\(rival), \(argument.name) is not given",
                                 path: command.path)
            }
            if let option = argument.requiredUnless, !given(option), parsed.arguments(argument.name).isEmpty {
                throw UsageError(message: "Missing expected argument '\(argument.name)'", path: command.path)
            }
        }
        for option in command.options where given(option.long) {
            if let partner = option.onlyWith, !given(partner) {
                throw UsageError(message: "'--\(option.long)' goes with --\(partner)", path: command.path)
            }
            if let rival = option.notWith, given(rival) {
                throw UsageError(message: "'--\(option.long)' does not go with --\(rival)", path: command.path)
            }
            if let other = option.orElse, given(other) {
                throw UsageError(message: "Give --\(option.long) or --\(other), not both", path: command.path)
            }
        }
        for option in command.options where option.orElse != nil && (option.onlyWith.map(given) ?? true) {
            if let other = option.orElse.flatMap(command.option(named:)), !given(option.long), !given(other.long) {
                throw UsageError(message: "Missing option '\(option.label)' or '\(other.label)'", path: command.path)
            }
        }
        for option in command.options where option.required {
            guard let value = parsed.value(option.long) else {
                throw UsageError(message: "Missing option '\(option.label)'", path: command.path)
            }
            if value.isEmpty {
                throw UsageError(message: "Invalid value '' for '--\(option.long)': it cannot be empty", path: command.path)
            }
        }
    }

    /// Matches positional words to the command's arguments, in order; `indexes` are
    /// the words' places on the command line.
    private func assign(_ words: [String], at indexes: [Int], to command: CommandSpec, notUTF8: Set<Int>,
                        into result: inout ParsedArguments) throws {
        var remaining = words[...]
        func checkEncoding(_ taken: Range<Int>, of argument: ArgumentSpec) throws {
            if let bad = indexes[taken].first(where: notUTF8.contains) {
                throw ArgumentNotUTF8(position: bad + 1, role: argument.name)
            }
        }
        for argument in command.arguments {
            let first = remaining.startIndex
            if argument.repeating {
                if remaining.isEmpty && !argument.optional {
                    throw UsageError(message: "Missing expected argument '\(argument.usage)'", path: command.path)
                }
                try checkEncoding(first..<remaining.endIndex, of: argument)
                result.setArguments(Array(remaining), for: argument.name)
                remaining = []
            } else if let word = remaining.popFirst() {
                try checkEncoding(first..<first + 1, of: argument)
                if !argument.choices.isEmpty && !argument.choices.contains(word) {
                    throw UsageError(message: "Invalid value '\(TextRules.quotedForMessage(word))' for '\(argument.name)': use one of \(argument.choices.joined(separator: ", "))",
                                     path: command.path)
                }
                result.setArguments([word], for: argument.name)
            } else if !argument.optional {
                throw UsageError(message: "Missing expected argument '\(argument.name)'", path: command.path)
            }
        }
        if let extra = remaining.first {
            if let bad = indexes[remaining.startIndex...].first(where: notUTF8.contains) {
                throw ArgumentNotUTF8(position: bad + 1, role: nil)
            }
            throw UsageError(message: "Unexpected argument '\(TextRules.quotedForMessage(extra))'", path: command.path)
        }
    }

    /// The command words of an argument list, as far as the table knows them (for `--help`).
    private func commandWords(in arguments: [String]) -> [String] {
        var path: [String] = []
        var sawHelp = false
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            if argument.hasPrefix("-") {
                let name = String(argument.drop { $0 == "-" })
                if GlobalOptions.specs.contains(where: { $0.long == name && $0.takesValue }) { index += 1 }
                continue
            }
            if path.isEmpty && argument == "help" && !sawHelp {
                sawHelp = true
                continue
            }
            let candidate = path + [argument]
            guard table.command(candidate) != nil || table.isGroup(candidate) else { break }
            path = candidate
        }
        // `help --help` and `--help help` ask about help itself.
        return path.isEmpty && sawHelp ? ["help"] : path
    }

    private func unknownCommand(_ word: String, under path: [String]) -> String {
        let place = (["campaignchat"] + path).joined(separator: " ")
        let words = table.subcommands(of: path).map(\.word)
        if words.contains(word) {
            // Only a word after `--` is taken as an argument although it names a command.
            return "'\(word)' after '--' is an argument, not a command: write the command words first, then '--'"
        }
        return "Unknown command '\(TextRules.quotedForMessage(word))' for '\(place)'" + Suggestion.didYouMean(word, among: words)
    }
}

/// "Did you mean ...?" for a mistyped word: a word it begins (`--dry` for `--dry-run`) first,
/// else the closest within an edit distance of 2.
enum Suggestion {
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        let stem = word.drop { $0 == "-" }
        let prefixed = stem.count >= 2 ? candidates.filter { $0 != word && $0.hasPrefix(word) } : []
        let scored = prefixed.isEmpty
            ? candidates.filter { $0 != word }.map { ($0, distance(word, $0)) }.filter { $0.1 <= 2 }
            : prefixed.map { ($0, $0.count - word.count) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return "" }
        return ". Did you mean '\(best.0)'?"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
