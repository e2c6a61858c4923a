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
        arguments: [Arguments.campaign,
                    ArgumentSpec(name: "HANDLE", kind: .creator, abstract: "The creator's handle (@alice or alice); not with --bulk.",
                                 optional: true, requiredUnless: "bulk", notWith: "bulk"),
                    ArgumentSpec(name: "TEXT", kind: .text, abstract: "The message; - or nothing reads stdin.", optional: true, notWith: "bulk")],
        options: [
            OptionSpec(long: "key", valueName: "KEY", kind: .key, notWith: "bulk", abstract: "An idempotency key: re-running the send never sends twice."),
            OptionSpec(long: "no-mark-read", notWith: "bulk", abstract: "Leave the sender's red dot as it is (a send marks the thread read)."),
            OptionSpec(long: "bulk", valueName: "FILE|-", kind: .path, abstract: "Send one message per row of FILE (- for stdin)."),
            OptionSpec(long: "template", valueName: "TEXT", kind: .text, onlyWith: "bulk", orElse: "template-file",
                       abstract: "The bulk message, with {column} placeholders."),
            OptionSpec(long: "template-file", valueName: "PATH", kind: .path, onlyWith: "bulk", orElse: "template",
                       abstract: "Read the bulk template from a file."),
            OptionSpec(long: "format", valueName: "FORMAT", kind: .text, choices: BulkFormat.allCases.map { $0.rawValue }, onlyWith: "bulk",
                       abstract: "csv, tsv or jsonl (default: from the file extension, else csv)."),
            OptionSpec(long: "key-prefix", valueName: "P", kind: .key, onlyWith: "bulk", abstract: "Key each row on P and the handle instead of on its text."),
            OptionSpec(long: "dry-run", onlyWith: "bulk", abstract: "Check and report every row; send nothing, leave the database untouched."),
            OptionSpec(long: "atomic", onlyWith: "bulk", abstract: "Send all rows or none, in one transaction."),
            OptionSpec(long: "mark-read", onlyWith: "bulk", abstract: "Mark each thread written to read for the brand (a bulk send reads nothing)."),
            OptionSpec(long: "tracking", valueName: "NUMBER", kind: .text, notWith: "bulk",
                       abstract: "The courier tracking number the message carries: verified, and recorded as a shipment (brand only)."),
            OptionSpec(long: "tracking-column", valueName: "COLUMN", kind: .text, onlyWith: "bulk",
                       abstract: "The column of tracking numbers (default: tracking_number, else tracking)."),
            OptionSpec(long: "no-verify-tracking", abstract: "Send a tracking number whose check digit is wrong, with a warning."),
        ]
    ) { invocation in
        if invocation.arguments.value("bulk") != nil { return try MessageSendBulk.run(invocation) }
        let handle = invocation.argument("HANDLE")
        let key = try invocation.key("key")  // before stdin is read: a bad option is reported at once
        let tracking = try invocation.arguments.value("tracking").map { value in
            guard !TrackingRules.namesNoNumber(value) else {
                throw UsageError(message: "Invalid value '\(TextRules.quotedForMessage(value))' for '--tracking': give the number the message carries",
                                 path: invocation.command.path)
            }
            return try TrackingRules.check(value, verify: !invocation.arguments.flag("no-verify-tracking"))
        }
        let body = try readBody(invocation.arguments.argument("TEXT"), command: invocation.command)
        let result = try invocation.service().send(campaign: invocation.argument("CAMPAIGN"), handle: handle,
                                                   body: body, key: key, shipment: tracking?.shipment,
                                                   marksRead: !invocation.arguments.flag("no-mark-read"))
        let output = invocation.output
        if let warning = tracking?.warning, !result.replayed { Output.standardError("Warning: " + warning) }
        if output.json { return output.json(result.json) }
        let message = result.message
        let recipient = message.from == .brand ? message.creator.description : "the brand"
        output.confirm(result.replayed
            ? "Already sent as message \(message.id) to \(recipient) in \(message.campaignSlug); nothing new was sent."
            : "Sent message \(message.id) to \(recipient) in \(message.campaignSlug).")
    }

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

