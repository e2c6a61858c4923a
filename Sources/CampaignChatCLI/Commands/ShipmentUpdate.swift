import CampaignChat
import Glibc

/// `shipment update [FILE|-] --source SERVICE [--notify-on STATUS,...] [--template TEXT | --template-file PATH] [--signature VALUE] [--dry-run]`
enum ShipmentUpdate {
    static let spec = CommandSpec(
        path: ["shipment", "update"],
        abstract: "Record parcels' progress from a tracking service's webhook bodies (or a CSV); --notify-on tells creators.",
        discussion: """
            FILE (or stdin, with - or nothing) holds one webhook body as SERVICE posts it, or JSON Lines of
            them; for csv, a header row with tracking_number,status,at (and carrier). Each body's number is
            matched as tracking check normalises it, in every campaign: each shipment of it takes the status at
            the carrier's time, never backwards (an older body is superseded, the same status is unchanged).
            One result per body and shipment, in input order: applied, unchanged, superseded, ignored,
            archived (the campaign is), unknown (no shipment has the number: a warning) or invalid (exit 65).
            Bodies are committed in chunks; a re-run applies nothing twice. --notify-on tells the creator in
            their thread, once per shipment and status (shipment mark --notify counts), never for a
            superseded or unchanged body, never to a creator who may not be messaged (the status is still
            recorded). --template may use {tracking_number} {carrier} {status} {status_text} {tracking_url}
            {name} {handle}. --signature checks the whole input against the header AfterShip or EasyPost sent,
            under the secret in CAMPAIGNCHAT_WEBHOOK_SECRET, before anything is read: a mismatch or a
            missing secret is 77, and nothing is written. Brand only.
            """,
        arguments: [Self.input.spec],
        options: [Self.source.spec, Self.notifyOn.spec, Self.template.spec, Self.templateFile.spec, Self.signature.spec, Self.dryRun.spec]
    ) { invocation in
        let path = invocation.command.path
        let source = invocation[Self.source]
        let input = invocation[Self.input] ?? "-"
        let notifyOn = invocation[Self.notifyOn] ?? []
        if notifyOn.isEmpty && (invocation[Self.template] != nil || invocation[Self.templateFile] != nil) {
            throw UsageError(message: "--template and --template-file word the notices of --notify-on: give --notify-on", path: path)
        }
        let template = try InputFile.readTemplate(inline: invocation[Self.template], file: invocation[Self.templateFile],
                                                  beside: input, named: "the input -", path: path)
        if let unknown = template.flatMap({ ShipmentUpdates.unknownPlaceholders(in: $0).first }) {
            throw UsageError(message: "Unknown placeholder '{\(TextRules.quotedForMessage(unknown))}' in the template: use "
                             + ShipmentUpdates.templateFields.map { "{\($0)}" }.joined(separator: " "), path: path)
        }
        let signature = try invocation[Self.signature].map { signature in
            guard let checker = WebhookSignature(source: source) else {
                throw UsageError(message: "--signature checks AfterShip's and EasyPost's signatures; \(source.name) signs nothing campaignchat "
                                 + "can check (protect its endpoint as docs/tracking-and-shipments.md says)", path: path)
            }
            guard let secret = try invocation.environment[.webhookSecret], !secret.isEmpty else {
                throw InputError(code: .notPermitted, description: "--signature needs the secret shared with \(source.name) in "
                                 + "\(EnvironmentVariable.webhookSecret.name), which is not set; nothing was written")
            }
            return (checker, signature, secret)
        }
        let options = ShipmentUpdateOptions(notifyOn: Set(notifyOn), template: template, dryRun: invocation[Self.dryRun],
                                            isInterrupted: Interrupt.catchSIGINT())

        let descriptor = try InputFile.open(input)
        defer { if descriptor != 0 { close(descriptor) } }
        let reader: CarrierUpdateReader
        if let (checker, value, secret) = signature {
            // A signed body is checked whole before any of it is read as data.
            let bytes = try InputFile.readAll(descriptor, limit: BulkRowReader.maximumRecordBytes, what: "signed input")
            try checker.requireSigned(bytes, signature: value, secret: secret)
            reader = try InputFile.reading { () throws(BulkInputError) in try CarrierUpdateReader(bytes: bytes, source: source) }
        } else {
            reader = try InputFile.reading { () throws(BulkInputError) in try CarrierUpdateReader(fileDescriptor: descriptor, source: source) }
        }

        let output = invocation.output
        var printedHeader = false
        let summary = try invocation.service(readOnly: options.dryRun).updateShipments(
            options: options, next: { try InputFile.reading { () throws(BulkInputError) in try reader.next() } },
            report: { result in
                if output.json { return output.json(result.json) }
                guard !output.quiet || result.outcome == .invalid else { return }
                if !printedHeader && !output.quiet { output.line(Self.header) }
                printedHeader = true
                output.line(Self.line(for: result))
            })
        if !output.json { output.line(Self.describe(summary)) }
        if summary[.unknown] > 0 && !output.json {
            Output.standardError("Warning: a number no shipment has, in \(summary[.unknown]) of the bodies (see their results)")
        }
        if let failure = summary.failure {
            throw InputError(code: ExitCode(failure), description: "\(summary[.invalid]) bodies could not be read or name no tracking number; the others were recorded")
        }
    }

    static let header = BulkRowLine.fixed([("LINE", 7), ("CAMPAIGN", 18), ("CREATOR", 16), ("NUMBER", 24), ("STATUS", 22), ("RESULT", 12)],
                                          detail: "DETAIL")

    static func line(for result: ShipmentUpdateResult) -> String {
        let detail = [result.reason, result.notified ? "notified" + (result.noticeID.map { " (message \($0))" } ?? "") : nil,
                      result.notNotified.map { "not notified: " + $0 }].compactMap { $0 }.joined(separator: "; ")
        return BulkRowLine.fixed([(String(result.line), 7), (result.campaign ?? "-", 18), (result.creator?.description ?? "-", 16),
                                  (result.trackingNumber ?? "-", 24), (result.status?.rawValue ?? "-", 22), (result.outcome.rawValue, 12)],
                                 detail: detail)
    }

    static func describe(_ summary: ShipmentUpdateSummary) -> String {
        ShipmentUpdateOutcome.allCases.filter { $0 != .wouldApply || summary[$0] > 0 }
            .map { "\($0.rawValue.replacingAll("_", with: " ")) \(summary[$0])" }.joined(separator: ", ") + "; notified \(summary.notified)"
    }

    static let input = OptionalArgument("FILE", Parse.text("FILE", .path), abstract: "The bodies (default: stdin, as with -).")
    static let source = RequiredOption("source", Parse.choice(CarrierSource.self, "SERVICE"),
                                       abstract: "Who wrote the input: " + CarrierSource.allCases.map(\.rawValue).joined(separator: ", ") + ".")
    static let notifyOn = Option("notify-on", Parse.choices(ShipmentStatus.self, "STATUS[,STATUS...]"),
                                 abstract: "Tell the creator when a body applies one of these statuses.")
    static let template = Option("template", Parse.text("TEXT"), abstract: "The notice's words, with {placeholders} (default: campaignchat's).")
    static let templateFile = Option("template-file", Parse.text("PATH", .path), abstract: "The notice's words from a file.")
    static let signature = Option("signature", Parse.text("VALUE"),
                                  abstract: "The webhook's signature header (aftership, easypost), checked under CAMPAIGNCHAT_WEBHOOK_SECRET.")
    static let dryRun = Flag("dry-run", abstract: "Report what would be recorded and told; write nothing.")
}

extension ShipmentUpdateResult {
    /// `notified` says whether a notice went; `not_notified` why none did when one was due.
    var json: JSON {
        .object([
            ("line", .int(line)), ("tracking_number", .optional(trackingNumber)), ("carrier", .optional(carrier)),
            ("campaign", .optional(campaign)), ("creator", .optional(creator?.description)), ("status", .optional(status?.rawValue)),
            ("previous_status", .optional(previousStatus?.rawValue)), ("status_at", .optional(statusAt?.rfc3339)),
            ("result", .string(outcome.rawValue)), ("reason", .optional(reason)), ("notified", .bool(notified)),
            ("not_notified", .optional(notNotified)), ("notice_id", noticeID.map(JSON.int) ?? .null),
            ("exit_code", .int(outcome.failure.map { Int(ExitCode($0).rawValue) } ?? 0)),
        ])
    }
}
