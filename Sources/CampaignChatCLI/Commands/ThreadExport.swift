import CampaignChat
import Glibc

/// `thread export [CAMPAIGN [HANDLE]] --format jsonl|csv [--since TIME] [--from SIDE]`
enum ThreadExport {
    /// The CSV header, written out: joining an array here would cost every run of every
    /// command a search of the binary's protocol conformances while the command table is built.
    static let csvHeader = "id,campaign,handle,from,body,sent_at,read,key,carrier,tracking_number,shipment_status"

    static let spec = CommandSpec(
        path: ["thread", "export"],
        abstract: "Stream messages, oldest first, as JSON Lines or CSV.",
        discussion: """
            Every message of the campaign (or of one creator's thread), with campaign, creator, sender,
            time and whether the recipient has read it. Streams: memory does not grow with the history.
            CSV columns: \(csvHeader). A body, key or tracking number that starts with =, +, -, @, a tab
            or a carriage return gets a ' in front, so a spreadsheet shows it as text instead of running it as
            a formula; --no-formula-guard writes them as they are. The CSV has a handle column, so brand
            messages can be sent again elsewhere with: message send CAMPAIGN --bulk FILE --template '{body}'
            (export with --no-formula-guard for a byte-exact copy).
            """,
        arguments: [Self.campaign.spec, Self.creator.spec],
        options: [Self.format.spec, Self.since.spec, Options.from.spec, Self.noFormulaGuard.spec]
    ) { invocation in
        let format = invocation[Self.format]
        let filter = MessageFilter(campaign: invocation[Self.campaign], creator: invocation[Self.creator],
                                   from: invocation[Options.from], since: invocation[Self.since])
        let output = invocation.output
        // CSV carries bodies byte for byte into files; on a terminal they are escaped like all human output.
        let toTerminal = isatty(1) != 0
        func field(_ text: String) -> String { csvField(toTerminal ? Terminal.safe(text, keepNewlines: false) : text) }
        // Text people wrote is guarded; ids, slugs, handles, times and flags are ours and cannot start a formula.
        let guarding = !invocation[Self.noFormulaGuard]
        func written(_ text: String) -> String { guarding ? CSVFormulaGuard.guarded(text) : text }
        var wroteHeader = false
        try invocation.service().export(filter: filter) { exported in
            let message = exported.message
            if format == .jsonl {
                return output.json(message.json.adding([("read", .bool(exported.read)), ("shipment", exported.shipment?.json ?? .null)]))
            }
            if !wroteHeader {
                output.line(csvHeader)
                wroteHeader = true
            }
            output.line([String(message.id), message.campaignSlug, message.creator.description, message.from.rawValue, written(message.body),
                          message.sentAt.rfc3339, exported.read ? "true" : "false", written(message.key ?? ""),
                          exported.shipment?.carrierID ?? "", written(exported.shipment?.number ?? ""), exported.shipment?.status.rawValue ?? ""]
                .map(field).joined(separator: ","))
        }
        if format == .csv && !wroteHeader { output.line(csvHeader) }
    }

    static let campaign = OptionalArgument("CAMPAIGN", Parse.campaign, abstract: "Only this campaign.")
    static let creator = OptionalArgument("HANDLE", Parse.handle, abstract: "Only this creator's thread.")
    /// What an export is written as.
    enum Format: String, CaseIterable { case jsonl, csv }
    static let format = RequiredOption("format", Parse.choice(Format.self, "FORMAT"), abstract: "jsonl or csv.")
    static let since = Option("since", Parse.time(example: "2026-11-01T00:00:00Z"),
                              abstract: "Only messages sent at or after TIME (RFC 3339, e.g. 2026-11-01T00:00:00Z).")
    static let noFormulaGuard = Flag("no-formula-guard",
                                     abstract: "CSV: write bodies, keys and tracking numbers that start with = + - @, tab or CR as they are (byte-exact round trips).")

    /// RFC 4180: quoted when it holds a comma, quote, line break or surrounding space.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0.isNewline } || text.first == " " || text.last == " "
        return needsQuotes ? "\"" + text.replacingAll("\"", with: "\"\"") + "\"" : text
    }
}

/// CSV injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or
/// carriage return before one) as a formula. Such cells get a `'` in front, which spreadsheets
/// read as "this is text". See https://owasp.org/www-community/attacks/CSV_Injection
enum CSVFormulaGuard {
    static func guarded(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
