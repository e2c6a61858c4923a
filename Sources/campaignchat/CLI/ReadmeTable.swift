import CampaignChat

/// The README's tables that come from code, in markdown: printed by the hidden
/// `campaignchat __readme TABLE`, and checked against README.md by the tests the way the
/// committed man page is checked against `__man`.
enum ReadmeTable: String, CaseIterable, Sendable {
    /// "Exit codes": every `ExitCode` with its summary.
    case exitCodes = "exit-codes"
    /// The environment list of "Global options": every `EnvironmentVariable` with its meaning.
    case environment
    /// "Database administration": every kind of problem `db check` reports, with its meaning.
    case problems = "db-check-problems"

    var markdown: String {
        switch self {
        case .exitCodes:
            return Self.table(header: ["code", "meaning"], rows: ExitCode.allCases.map { [String($0.rawValue), $0.summary] })
        case .environment:
            return Self.table(header: ["variable", "meaning"], rows: EnvironmentVariable.allCases.map { ["`\($0.name)`", $0.meaning] })
        case .problems:
            return Self.table(header: ["problem", "meaning"], rows: DatabaseProblem.Kind.allCases.map { ["`\($0.rawValue)`", $0.meaning] })
        }
    }

    /// A markdown table, with any `|` in a cell escaped so that it stays one cell.
    private static func table(header: [String], rows: [[String]]) -> String {
        ([header, header.map { _ in "---" }] + rows)
            .map { cells in "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            .joined()
    }
}
