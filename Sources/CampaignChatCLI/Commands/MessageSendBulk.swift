import CampaignChat
import Glibc

/// `message send CAMPAIGN --bulk FILE|- --template TEXT ...`: one message per row.
enum MessageSendBulk {
    /// Runs `message send --bulk`; the command table has already kept HANDLE, TEXT and --key out.
    static func run(_ invocation: Invocation) throws {
        let path = invocation.command.path
        guard let input = invocation[MessageSend.bulk] else { preconditionFailure("run only with --bulk") }
        guard let template = try InputFile.readTemplate(inline: invocation[MessageSend.template], file: invocation[MessageSend.templateFile],
                                                        beside: input, named: "--bulk -", path: path) else {
            preconditionFailure("the command table's orElse lets exactly one of --template and --template-file through")
        }
        let format = invocation[MessageSend.format] ?? (input == "-" ? .csv : BulkFormat.inferred(fromPath: input))
        let options = BulkSendOptions(keyPrefix: invocation[MessageSend.keyPrefix], dryRun: invocation[MessageSend.dryRun],
                                      atomic: invocation[MessageSend.atomic], trackingColumn: invocation[MessageSend.trackingColumn],
                                      verifyTracking: !invocation[MessageSend.noVerifyTracking],
                                      markRead: invocation[MessageSend.markRead], isInterrupted: Interrupt.catchSIGINT())

        let descriptor = try InputFile.open(input)
        defer { if descriptor != 0 { close(descriptor) } }
        let reader = try InputFile.reading { () throws(BulkInputError) in try BulkRowReader(fileDescriptor: descriptor, format: format) }
        if format != .jsonl {
            guard reader.columns.contains("handle") else {
                throw InputError(code: .dataError, description: "line 1: the input has no 'handle' column (columns: \(reader.columns.joined(separator: ", ")))")
            }
            if let column = options.trackingColumn, !reader.columns.contains(column) {
                throw UsageError(message: "No column '\(TextRules.quotedForMessage(column))' for '--tracking-column': the input's columns are \(reader.columns.joined(separator: ", "))", path: path)
            }
            if let unknown = unknownPlaceholders(in: template, columns: reader.columns, trackingColumn: options.trackingColumn).first {
                throw UsageError(message: "Unknown placeholder '{\(TextRules.quotedForMessage(unknown))}' in the template: the input's columns are \(reader.columns.joined(separator: ", ")); {name} and {handle} always work", path: path)
            }
        }

        let service = try invocation.service(readOnly: options.dryRun)
        let output = invocation.output
        var printedHeader = false
        let summary = try service.bulkSend(
            campaign: invocation[Arguments.campaign], template: template, options: options,
            next: { try InputFile.reading { () throws(BulkInputError) in try reader.next() } },
            report: { result in
                if output.json {
                    output.json(result.json)
                } else if !output.quiet || result.failure != nil {
                    if !printedHeader && !output.quiet { output.line(BulkRowLine.header) }
                    printedHeader = true
                    output.line(BulkRowLine.text(for: result))
                }
            })
        if !output.json { output.line(describe(summary)) }
        if let failure = summary.worstFailure { throw BulkIncomplete(summary: summary, failure: failure) }
    }

    static func describe(_ summary: BulkSummary) -> String {
        var parts = ["sent \(summary[.sent])", "replayed \(summary[.replayed])"]
        if summary[.wouldSend] > 0 || summary.rolledBack { parts.insert("would send \(summary[.wouldSend])", at: 0) }
        parts += ["refused \(summary[.refused])", "invalid \(summary[.invalid])"]
        return parts.joined(separator: ", ") + (summary.rolledBack ? " (--atomic: nothing was sent)" : "")
    }
}

/// Rows that were refused or invalid: the command ends with the exit code of the worst one.
struct BulkIncomplete: Error, CustomStringConvertible {
    let summary: BulkSummary
    let failure: CampaignChatError.Category

    var description: String {
        let failed = summary[.refused] + summary[.invalid]
        let total = BulkRowStatus.allCases.reduce(0) { $0 + summary[$1] }
        return "\(failed) of \(total) rows could not be sent" + (summary.rolledBack ? "; with --atomic nothing was sent" : "")
    }
}

/// The human table of a bulk send, streamed row by row with fixed columns.
enum BulkRowLine {
    static let header = text(row: "ROW", creator: "CREATOR", status: "STATUS", detail: "DETAIL")

    static func text(for result: BulkRowResult) -> String {
        let detail = result.error ?? [result.messageID.map { "message \($0)" }, result.warning.map { "warning: " + $0 }]
            .compactMap { $0 }.joined(separator: "; ")
        return text(row: String(result.row), creator: result.creator ?? "-", status: result.status.rawValue, detail: detail)
    }

    private static func text(row: String, creator: String, status: String, detail: String) -> String {
        fixed([(row, 7), (creator, 22), (status, 12)], detail: detail)
    }

    /// A line of a table streamed row by row: each cell padded to its width (one space at least), then the detail.
    static func fixed(_ cells: [(text: String, width: Int)], detail: String) -> String {
        cells.map { cell in
            let safe = Terminal.safe(cell.text, keepNewlines: false)
            return safe + String(repeating: " ", count: max(1, cell.width - Terminal.width(safe)))
        }.joined() + Terminal.safe(detail, keepNewlines: false)
    }
}

extension BulkRowResult {
    var json: JSON {
        .object([
            ("row", .int(row)), ("line", .int(line)), ("creator", .optional(creator)), ("status", .string(status.rawValue)),
            ("message_id", messageID.map(JSON.int) ?? .null), ("error", .optional(error)), ("warning", .optional(warning)),
            ("exit_code", .int(failure.map { Int(ExitCode($0).rawValue) } ?? 0)),
        ])
    }
}
