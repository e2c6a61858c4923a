import CampaignChat
import Glibc

/// `message send CAMPAIGN HANDLE [TEXT | -] [--key KEY]`, or `message send CAMPAIGN --bulk FILE ...`
enum MessageSend {
    static let spec = CommandSpec(
        path: ["message", "send"],
        abstract: "Send a message to an accepted creator, or one per row of a file with --bulk.",
        discussion: """
            As the brand, writes to creator HANDLE; as a creator (--as), writes to the brand in their own thread.
            The first message creates the thread. Without TEXT, or with -, the body is read from stdin
            (one trailing newline is dropped). With --key, sending the same body again returns the
            original message ("replayed": true) instead of a second one. A message is a reply: it marks
            the thread read for the sender (whoever writes has read the thread), unless --no-mark-read.

            With --bulk, every row of FILE (a header row names the columns; a handle column is required)
            gets the template with {column} filled in ({name} and {handle} from the creator's profile when
            there is no such column; {{ and }} are literal braces). Each row is keyed (on the rendered text,
            on P and the handle with --key-prefix, or on a key column), so re-running sends only what was
            not sent yet. One result per row, in input order. A bulk send reads nothing: every red dot
            stays as it was (the creators' questions too), unless --mark-read.

            Tracking numbers: a row's tracking_number (else tracking) column, or --tracking-column, is
            recognised and its check digit verified before anything is written: a wrong one makes that row
            invalid (65), the other rows go on, unless --no-verify-tracking. A number of no known format is
            sent with a warning. The template may use {tracking_number} (as recognised), {carrier} (the
            carrier column, else the recognised carrier) and {tracking_url}. Each message that carries a
            number records a shipment (see shipment list), once per campaign, creator and number.
            """,
        // One message, or (with --bulk) one per row of a file: the table says which arguments and
        // options belong to which, and the parser holds every call to it.
        arguments: [Arguments.campaign.spec, Self.handle.spec, Self.text.spec],
        options: [Self.key.spec, Self.noMarkRead.spec, Self.bulk.spec, Self.template.spec, Self.templateFile.spec, Self.format.spec,
                  Self.keyPrefix.spec, Self.dryRun.spec, Self.atomic.spec, Self.markRead.spec, Self.tracking.spec,
                  Self.trackingColumn.spec, Self.noVerifyTracking.spec]
    ) { invocation in
        if invocation[Self.bulk] != nil { return try MessageSendBulk.run(invocation) }
        // The key and the tracking number were checked by the parser, before stdin is read.
        let tracking = try invocation[Self.tracking].map { try TrackingRules.check($0, verify: !invocation[Self.noVerifyTracking]) }
        let body = try readBody(invocation[Self.text], command: invocation.command)
        guard let handle = invocation[Self.handle] else { preconditionFailure("HANDLE is required without --bulk: the parser made sure") }
        let result = try invocation.service().send(campaign: invocation[Arguments.campaign], handle: handle,
                                                   body: body, key: invocation[Self.key], shipment: tracking?.shipment,
                                                   marksRead: !invocation[Self.noMarkRead])
        let output = invocation.output
        if let warning = tracking?.warning, !result.replayed { Output.standardError("Warning: " + warning) }
        if output.json { return output.json(result.json) }
        let message = result.message
        let recipient = message.from == .brand ? message.creator.description : "the brand"
        output.confirm(result.replayed
            ? "Already sent as message \(message.id) to \(recipient) in \(message.campaignSlug); nothing new was sent."
            : "Sent message \(message.id) to \(recipient) in \(message.campaignSlug).")
    }

    static let handle = OptionalArgument("HANDLE", Parse.handle, requiredUnless: "bulk", notWith: "bulk",
                                         abstract: "The creator's handle (@alice or alice); not with --bulk.")
    static let text = OptionalArgument("TEXT", Parse.text("TEXT"), notWith: "bulk", abstract: "The message; - or nothing reads stdin.")

    static let key = Option("key", Parse.key("KEY"), notWith: "bulk", abstract: "An idempotency key: re-running the send never sends twice.")
    static let noMarkRead = Flag("no-mark-read", notWith: "bulk", abstract: "Leave the sender's red dot as it is (a send marks the thread read).")
    static let bulk = Option("bulk", Parse.text("FILE|-", .path), abstract: "Send one message per row of FILE (- for stdin).")
    static let template = Option("template", Parse.text("TEXT"), onlyWith: "bulk", orElse: "template-file",
                                 abstract: "The bulk message, with {column} placeholders.")
    static let templateFile = Option("template-file", Parse.text("PATH", .path), onlyWith: "bulk", orElse: "template",
                                     abstract: "Read the bulk template from a file.")
    static let format = Option("format", Parse.choice(BulkFormat.self, "FORMAT"), onlyWith: "bulk",
                               abstract: "csv, tsv or jsonl (default: from the file extension, else csv).")
    static let keyPrefix = Option("key-prefix", Parse.key("P"), onlyWith: "bulk", abstract: "Key each row on P and the handle instead of on its text.")
    static let dryRun = Flag("dry-run", onlyWith: "bulk", abstract: "Check and report every row; send nothing, leave the database untouched.")
    static let atomic = Flag("atomic", onlyWith: "bulk", abstract: "Send all rows or none, in one transaction.")
    static let markRead = Flag("mark-read", onlyWith: "bulk", abstract: "Mark each thread written to read for the brand (a bulk send reads nothing).")
    /// A text that names no number (`-`, `n/a`) is a mistake on the command line; the number itself is checked when sending.
    static let tracking = Option("tracking", ValueParser<String>(valueName: "NUMBER", kind: .text) { value in
        guard !TrackingRules.namesNoNumber(value) else { throw InvalidValue.expected("give the number the message carries") }
        return value
    }, notWith: "bulk", abstract: "The courier tracking number the message carries: verified, and recorded as a shipment (brand only).")
    static let trackingColumn = Option("tracking-column", Parse.text("COLUMN"), onlyWith: "bulk",
                                       abstract: "The column of tracking numbers (default: tracking_number, else tracking).")
    static let noVerifyTracking = Flag("no-verify-tracking", abstract: "Send a tracking number whose check digit is wrong, with a warning.")

    /// The body from the argument, or from stdin for `-` or no argument.
    static func readBody(_ argument: String?, command: CommandSpec) throws -> String {
        if let argument, argument != "-" { return argument }
        if argument == nil && isatty(0) != 0 {
            throw UsageError(message: "Missing message: give TEXT, or pipe it on stdin", path: command.path)
        }
        var bytes = try InputFile.readAll(0, limit: 1 << 20, what: "message on stdin")
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return try TextRules.messageBody(bytes: bytes)
    }
}

