import CampaignChat

/// `message send CAMPAIGN HANDLE [TEXT | -] [--key KEY]`
enum MessageSend {
    static let spec = CommandSpec(
        path: ["message", "send"],
        abstract: "Send a message in the thread of an accepted creator.",
        discussion: """
            As the brand, writes to creator HANDLE; as a creator (--as), writes to the brand in their own thread.
            The first message creates the thread. Without TEXT, or with -, the body is read from stdin
            (one trailing newline is dropped). With --key, sending the same body again returns the
            original message ("replayed": true) instead of a second one.
            """,
        arguments: [Arguments.campaign, Arguments.handle,
                    ArgumentSpec(name: "TEXT", kind: .text, abstract: "The message; - or nothing reads stdin.", optional: true)],
        options: [OptionSpec(long: "key", valueName: "KEY", kind: .key, abstract: "An idempotency key: re-running the send never sends twice.")]
    ) { invocation in
        let body = try readBody(invocation.arguments.argument("TEXT"), command: invocation.command)
        let result = try invocation.service().send(campaign: invocation.argument("CAMPAIGN"), handle: invocation.argument("HANDLE"),
                                                   body: body, key: invocation.arguments.value("key"))
        let output = invocation.output
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
        var bytes = try StandardInput.readAll(limit: 1 << 20)
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return try TextRules.messageBody(bytes: bytes)
    }
}

/// Reading stdin whole, with a bound on memory.
enum StandardInput {
    static func readAll(limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(code: .ioError, description: "cannot read stdin: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                throw InputError(code: .dataError, description: "message on stdin is longer than \(limit) bytes; the limit is \(TextRules.maximumBodyLength) characters")
            }
        }
    }
}
