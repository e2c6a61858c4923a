import CampaignChat
import CampaignChatCLI

/// campaignchat(1) in mdoc: the synopsis, global options and COMMANDS come from the command
/// table, ENVIRONMENT and EXIT STATUS from `EnvironmentVariable` and `ExitCode`, the kinds of
/// problem `db check` reports from `DatabaseProblem.Kind`; the other
/// sections are written by hand in `ManPage+Description.swift` and `ManPage+Reference.swift`,
/// from README.md and docs/, and
/// `ManPage+Roff.swift` escapes and lays out the text.
enum ManPage {
    /// The page's date. Change it by hand when the page changes, so that regenerating an
    /// unchanged page gives the same file.
    static let date = "November 26, 2026"

    static func text(for table: CommandTable) -> String {
        var page = #"""
            .\" campaignchat(1), generated from its command table: do not edit.
            .\" Regenerate with `bash completions/generate.sh`; prose: Sources/campaignchat-docs/ManPage+Description.swift and ManPage+Reference.swift.
            .Dd \#(date)
            .Dt CAMPAIGNCHAT 1
            .Os
            .Sh NAME
            .Nm campaignchat
            .Nd chat between a brand and the creators of its influencer campaigns, over one SQLite file or a shared PostgreSQL database
            .Sh SYNOPSIS
            .Nm
            .Op Ar global-options
            .Ar command
            .Op Ar arguments
            .Nm
            .Cm help
            .Op Ar command ...
            .Nm
            .Fl -version

            """#
        page += description
        page += globalOptions()
        page += rules
        page += administration + problemKinds()
        page += commands(in: table)
        page += environment()
        page += files
        page += exitStatus()
        page += jsonOutputAndExamples
        return reflowed(page)
    }

    // MARK: - From the command table

    /// The global options, in DESCRIPTION.
    static func globalOptions() -> String {
        var text = """
            .Ss Global options
            Accepted before or after the command words.
            Options take their value as
            .Fl -key Ar VALUE
            or
            .Fl -key Ns = Ns Ar VALUE .
            .Bl -tag -width Ds

            """
        for option in GlobalOptions.specs {
            text += ".It \(head(of: option))\n" + lines(option.abstract)
        }
        text += """
            .It Fl -
            Ends the options: everything after it is an argument (for text that starts with
            .Ql - ) .
            .El

            """
        return text
    }

    /// COMMANDS: each top-level word in table order, with every command under it that is not hidden.
    static func commands(in table: CommandTable) -> String {
        var text = ".Sh COMMANDS\n"
        text += lines("Every command also prints its help with --help, as does campaignchat help COMMAND.")
        for (word, abstract) in table.subcommands(of: []) {
            text += ".Ss \(argument(word))\n"
            if table.isGroup([word]) && !abstract.isEmpty { text += lines(abstract) }
            text += ".Bl -tag -width Ds\n"
            for command in table.commands where !command.hidden && command.path.first == word {
                text += item(for: command)
            }
            text += ".El\n"
        }
        return text
    }

    /// One command: its usage as the item's head, its abstract and discussion, its arguments and options.
    static func item(for command: CommandSpec) -> String {
        // Oo/Oc rather than Op: an Op runs to the end of the line, so Ops on one line would nest.
        // A command with a mode option (`--bulk`) has one head per form.
        var text = ""
        for form in command.forms {
            var head = "Cm " + command.path.map(argument).joined(separator: " ")
            for spec in form.arguments {
                let words = "Ar \(argument(spec.name))" + (spec.repeating ? " ..." : "")
                head += spec.optional ? " Oo \(words) Oc" : " " + words
            }
            for item in form.optionItems {
                switch item {
                case .single(let option): head += option.required ? " " + self.head(of: option) : " Oo \(self.head(of: option)) Oc"
                case .either(let first, let second): head += " Po \(self.head(of: first)) | \(self.head(of: second)) Pc"
                }
            }
            text += ".It \(head)\n"
        }
        text += lines(command.abstract)
        if let discussion = command.discussion { text += paragraphs(discussion) }
        if !command.arguments.isEmpty || !command.options.isEmpty {
            text += ".Bl -tag -width Ds\n"
            for spec in command.arguments {
                text += ".It Ar \(argument(spec.name))\n" + lines(spec.abstract) + choices(spec.choices, unlessIn: spec.abstract)
            }
            for option in command.options {
                text += ".It \(self.head(of: option))\n" + lines(option.abstract) + choices(option.choices, unlessIn: option.abstract)
            }
            text += ".El\n"
        }
        return text
    }

    /// "One of: a, b, c." when the abstract does not already name every choice.
    static func choices(_ choices: [String], unlessIn abstract: String) -> String {
        if choices.isEmpty || choices.allSatisfy(abstract.contains) { return "" }
        return lines("One of: \(choices.joined(separator: ", ")).")
    }

    /// `Fl -key Ar KEY`, `Fl q , Fl -quiet`
    static func head(of option: OptionSpec) -> String {
        var words = option.short.map { "Fl \(argument(String($0))) , " } ?? ""
        words += "Fl -" + argument(option.long)
        if let value = option.valueName { words += " Ar " + argument(value) }
        return words
    }

    // MARK: - From the tables of environment variables and exit codes

    /// ENVIRONMENT: every variable campaignchat reads, with its meaning.
    static func environment() -> String {
        var text = ".Sh ENVIRONMENT\n.Bl -tag -width Ds\n"
        for variable in EnvironmentVariable.allCases {
            text += ".It Ev \(argument(variable.name))\n" + lines(markdown: variable.meaning)
        }
        return text + ".El\n"
    }

    /// The kinds of problem `db check` reports, after the prose on administration.
    static func problemKinds() -> String {
        var text = ".Bl -tag -width Ds\n"
        for kind in DatabaseProblem.Kind.allCases {
            text += ".It Cm \(argument(kind.rawValue))\n" + lines(markdown: kind.meaning.prefix(1).uppercased() + kind.meaning.dropFirst() + ".")
        }
        return text + ".El\n"
    }

    /// EXIT STATUS: every exit code with its summary, as a sentence.
    static func exitStatus() -> String {
        var text = ".Sh EXIT STATUS\n.Bl -tag -width Ds\n"
        for code in ExitCode.allCases {
            text += ".It \(code.rawValue)\n" + lines(markdown: code.summary.prefix(1).uppercased() + code.summary.dropFirst() + ".")
        }
        return text + ".El\n"
    }
}
