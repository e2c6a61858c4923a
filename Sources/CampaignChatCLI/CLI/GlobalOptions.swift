/// Options that every command takes, before or after the command words.
package struct GlobalOptions: Sendable {
    var database: String?
    var actor: String?
    package var json = false
    package var quiet = false

    package static let specs: [OptionSpec] = [
        OptionSpec(long: "db", valueName: "PATH|URL", kind: .path,
                   abstract: "The database: a file, or a postgresql:// URL (default: $CAMPAIGNCHAT_DB, else campaignchat/campaignchat.db "
                       + "in $XDG_DATA_HOME or ~/.local/share)."),
        OptionSpec(long: "as", valueName: "ACTOR", kind: .actor,
                   abstract: "Act as 'brand' (default) or a creator handle (default: $CAMPAIGNCHAT_AS)."),
        OptionSpec(long: "json", abstract: "Print machine-readable JSON on stdout."),
        OptionSpec(long: "quiet", short: "q", abstract: "Print only data, no confirmations."),
        OptionSpec(long: "help", short: "h", abstract: "Show help for the command."),
        OptionSpec(long: "version", abstract: "Show the version."),
    ]

    /// Applies a global option; `false` when `name` is not one.
    mutating func apply(_ name: String, value: String?) -> Bool {
        switch name {
        case "db": database = value
        case "as": actor = value
        case "json": json = true
        case "quiet": quiet = true
        default: return false
        }
        return true
    }
}
