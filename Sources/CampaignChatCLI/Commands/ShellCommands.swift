import CampaignChat

/// `completions bash|zsh|fish`, and the hidden command behind the scripts: `__complete KIND [CAMPAIGN]`.
/// (The man page and the docs' tables come from the development tool `campaignchat-docs`.)
enum ShellCommands {
    static let completions: CommandSpec = CommandSpec(
        path: ["completions"],
        abstract: "Print the completion script for bash, zsh or fish.",
        discussion: """
            The script completes command words, options and their values, and reads campaign slugs,
            group names and creator handles from the database (the --db on the line, else the default)
            when you press Tab. Install it once:
              bash: campaignchat completions bash > ~/.local/share/bash-completion/completions/campaignchat
              zsh:  campaignchat completions zsh > ~/.zfunc/_campaignchat  (~/.zfunc on $fpath before compinit)
              fish: campaignchat completions fish > ~/.config/fish/completions/campaignchat.fish
            """,
        arguments: [Self.shell.spec]
    ) { invocation in
        invocation.output.write(CompletionScripts.script(for: invocation[Self.shell], table: CommandTable.main))
    }

    static let shell = Argument("SHELL", Parse.choice(CompletionScripts.Shell.self, "SHELL", .shell), abstract: "bash, zsh or fish.")

    /// What the scripts call at Tab time. Read-only, silent and always exit 0: a missing or foreign
    /// database, an unknown campaign or a refused read just completes nothing.
    static let complete: CommandSpec = CommandSpec(
        path: ["__complete"],
        abstract: "Print completion values, one per line: campaign, group CAMPAIGN, creator [CAMPAIGN].",
        arguments: [Self.kind.spec, Self.campaign.spec],
        hidden: true
    ) { invocation in
        let kind = invocation[Self.kind] ?? ""
        let campaign = invocation[Self.campaign].first
        guard let values = try? completionValues(kind, campaign: campaign, service: { try invocation.service(readOnly: true) }) else { return }
        for value in values where !value.unicodeScalars.contains(where: TextRules.isTerminalControl) {
            invocation.output.line(value)
        }
    }

    static let kind = OptionalArgument("KIND", Parse.text("KIND"), abstract: "campaign, group or creator.")
    static let campaign = RepeatingArgument("CAMPAIGN", Parse.campaign, optional: true, abstract: "The campaign the values belong to.")

    /// Campaign slugs (archived ones too), the groups of a campaign, or creator handles (of a
    /// campaign, else every registered one), as the acting side may see them.
    static func completionValues(_ kind: String, campaign: String?, service: () throws -> ChatService) throws -> [String] {
        // A creator's only handle to give is their own, in the campaigns they may see.
        if kind == "creator", case .creator(let handle) = try service().actor {
            let visible = try campaign.map { slug in try service().campaigns(includeArchived: true).contains { $0.slug == slug } } ?? true
            return visible ? [handle.description] : []
        }
        switch (kind, campaign) {
        case ("campaign", nil):
            return try service().campaigns(includeArchived: true).map(\.slug)
        case ("group", let campaign?):
            return try service().groups(campaign: campaign).map(\.group.name)
        case ("creator", let campaign?):
            return try service().members(campaign: campaign).map(\.creator.handle.description)
        case ("creator", nil):
            return try service().creators().map(\.handle.description)
        default:
            return []
        }
    }
}
