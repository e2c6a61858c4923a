import CampaignChat
import CampaignChatCLI

/// The docs' tables that come from code, in markdown: printed by `campaignchat-docs table NAME`,
/// and checked against docs/*.md by the tests the way the committed man page is checked
/// against `campaignchat-docs man`.
enum DocsTable: String, CaseIterable, Sendable {
    /// docs/json-and-exit-codes.md, "Exit codes": every `ExitCode` with its summary.
    case exitCodes = "exit-codes"
    /// docs/commands.md, "Global options": every `EnvironmentVariable` with its meaning.
    case environment
    /// docs/administration.md: every kind of problem `db check` reports, with its meaning.
    case problems = "db-check-problems"
    /// docs/tracking-and-shipments.md, "Statuses": each status with the services' words for it (`CarrierStatusTable`).
    case carrierStatuses = "carrier-statuses"

    var markdown: String {
        switch self {
        case .exitCodes:
            return Self.table(header: ["code", "meaning"], rows: ExitCode.allCases.map { [String($0.rawValue), $0.summary] })
        case .environment:
            return Self.table(header: ["variable", "meaning"], rows: EnvironmentVariable.allCases.map { ["`\($0.name)`", $0.meaning] })
        case .problems:
            return Self.table(header: ["problem", "meaning"], rows: DatabaseProblem.Kind.allCases.map { ["`\($0.rawValue)`", $0.meaning] })
        case .carrierStatuses:
            let words: ([String]) -> String = { $0.isEmpty ? "–" : $0.map { "`\($0)`" }.joined(separator: ", ") }
            return Self.table(
                header: ["campaignchat", "AfterShip `tag`", "EasyPost `status`", "Shippo `status`", "Shippo `substatus.code`", "ShipEngine `status_code`"],
                rows: CarrierStatusTable.rows.map { row in
                    [row.status.map { "`\($0.rawValue)`" } ?? "(ignored: no status to record)",
                     words(row.aftership), words(row.easypost), words(row.shippo), words(row.shippoSubstatus), words(row.shipengine)]
                })
        }
    }

    /// A markdown table, with any `|` in a cell escaped so that it stays one cell.
    private static func table(header: [String], rows: [[String]]) -> String {
        ([header, header.map { _ in "---" }] + rows)
            .map { cells in "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            .joined()
    }
}
