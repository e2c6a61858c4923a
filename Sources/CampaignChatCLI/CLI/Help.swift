/// `--help` text in the sections users know from swift-argument-parser.
package enum Help {
    package static let version = "0.1.0"
    static let overview = "Chat between a brand and the creators of its influencer campaigns, over one SQLite file or a shared PostgreSQL database."

    /// What `help` does, wherever it is listed.
    static let helpAbstract = "Show help for a command."

    package static func text(for path: [String], in table: CommandTable) -> String {
        if let command = table.command(path) { return text(for: command) }
        if path == ["help"] { return helpText }
        let title = path.isEmpty ? overview : table.groups.first { [$0.name] == path }?.abstract ?? ""
        var text = "OVERVIEW: \(title)\n\n"
        text += "USAGE: \((["campaignchat"] + path).joined(separator: " ")) <subcommand>\n\n"
        text += "SUBCOMMANDS:\n"
        for (word, abstract) in table.subcommands(of: path) { text += row(word, abstract) }
        if path.isEmpty { text += row("help", helpAbstract) }
        text += "\nGLOBAL OPTIONS:\n"
        for option in GlobalOptions.specs { text += row(option.label, option.abstract) }
        let example = path.isEmpty ? "<subcommand>" : path.joined(separator: " ") + " <subcommand>"
        text += "\nSee 'campaignchat help \(example)' for detailed help.\n"
        return text
    }

    static func text(for command: CommandSpec) -> String {
        var text = "OVERVIEW: \(command.abstract)\n\n"
        if let discussion = command.discussion { text += discussion + "\n\n" }
        text += "USAGE: \(usage(of: command))\n"
        if !command.arguments.isEmpty {
            text += "\nARGUMENTS:\n"
            for argument in command.arguments { text += row(argument.usage, argument.abstract) }
        }
        if !command.options.isEmpty {
            text += "\nOPTIONS:\n"
            for option in command.options { text += row(option.label, option.abstract) }
        }
        text += "\nGLOBAL OPTIONS:\n"
        for option in GlobalOptions.specs { text += row(option.label, option.abstract) }
        return text
    }

    /// `campaignchat help help`: the one word that is not in the command table.
    static var helpText: String {
        var text = "OVERVIEW: \(helpAbstract)\n\n"
        text += "USAGE: campaignchat help [COMMAND...]\n\n"
        text += "ARGUMENTS:\n" + row("COMMAND...", "The command or group, e.g. 'message send'; none for the overview.")
        text += "\nGLOBAL OPTIONS:\n"
        for option in GlobalOptions.specs { text += row(option.label, option.abstract) }
        return text
    }

    /// `campaignchat message send CAMPAIGN HANDLE [TEXT] [--key KEY]`, and below it the form with the
    /// command's mode option (`... CAMPAIGN --bulk FILE [--template TEXT] ...`), lined up under the first.
    static func usage(of command: CommandSpec) -> String {
        command.forms.map { form in
            var words = ["campaignchat"] + command.path + form.arguments.map(\.usage)
            for item in form.optionItems {
                switch item {
                case .single(let option): words.append(option.required ? option.usageLabel : "[\(option.label)]")
                case .either(let first, let second): words.append("(\(first.usageLabel) | \(second.usageLabel))")
                }
            }
            return words.joined(separator: " ")
        }.joined(separator: "\n       ")
    }

    package static func usage(of path: [String], in table: CommandTable) -> String {
        if let command = table.command(path) { return usage(of: command) }
        return (["campaignchat"] + path).joined(separator: " ") + " <subcommand>"
    }

    private static func row(_ label: String, _ abstract: String) -> String {
        let indent = "  " + label
        if indent.count < 26 {
            return indent + String(repeating: " ", count: 26 - indent.count) + abstract + "\n"
        }
        return indent + "\n" + String(repeating: " ", count: 26) + abstract + "\n"
    }
}
