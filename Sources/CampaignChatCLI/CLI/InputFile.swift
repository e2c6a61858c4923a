import CampaignChat
import Glibc

/// Input files named on the command line (`-` is stdin), and what commands read from them: a
/// bulk send's rows and template, `shipment update`'s bodies and template.
enum InputFile {
    /// The template of `--template TEXT` or `--template-file PATH` (nil when neither is given), read
    /// beside the command's `input`, which the messages call `name` when both would read stdin.
    static func readTemplate(inline: String?, file: String?, beside input: String, named name: String, path: [String]) throws -> MessageTemplate? {
        if input == "-" && file == "-" {
            throw UsageError(message: "\(name) and --template-file - would both read stdin: give one of them a file", path: path)
        }
        let text: String
        switch (inline, file) {
        case (let inline?, nil):
            text = inline
        case (nil, let file?):
            let descriptor = try InputFile.open(file)
            defer { close(descriptor) }
            // As an editor saves it: a byte order mark in front and one line end (LF or CRLF) after are not the template's.
            var bytes = TextRules.withoutByteOrderMark(try InputFile.readAll(descriptor, limit: 1 << 20, what: "template")[...])
            if bytes.last == UInt8(ascii: "\n") {
                bytes = bytes.dropLast()
                if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            }
            guard let contents = String(validating: bytes, as: UTF8.self) else {
                throw InputError(code: .dataError, description: "the template file is not valid UTF-8")
            }
            // Every line of a file saved with CRLF ends so: the message's lines end as the others' do.
            text = contents.replacingAll("\r\n", with: "\n")
        case (nil, nil):
            return nil
        case (_?, _?):
            throw UsageError(message: "Give --template or --template-file, not both", path: path)
        }
        let template: MessageTemplate
        do {
            template = try MessageTemplate(text)
        } catch {
            throw UsageError(message: "Invalid template: \(error.description)", path: path)
        }
        // Without a placeholder, a blank template is blank for every row: say so once, before any row.
        if template.placeholders.isEmpty && text.allSatisfy(\.isWhitespace) {
            if inline != nil {
                throw UsageError(message: "Invalid value '\(TextRules.quotedForMessage(text))' for '--template': every message would be empty", path: path)
            }
            throw InputError(code: .dataError, description: "the template file is empty: every message would be empty")
        }
        return template
    }

    /// Turns the reader's errors, which name the line, into exit 65.
    static func reading<T>(_ body: () throws(BulkInputError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw InputError(code: .dataError, description: error.description)
        }
    }

    static func open(_ path: String) throws -> Int32 {
        if path == "-" { return 0 }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw InputError(code: errno == ENOENT ? .notFound : .ioError, description: "cannot open '\(TextRules.quotedForMessage(path))': \(reason)")
        }
        return descriptor
    }

    /// The whole of a small input, refusing more than `limit` bytes.
    static func readAll(_ descriptor: Int32, limit: Int, what: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(code: .ioError, description: "cannot read the \(what): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                throw InputError(code: .dataError, description: "the \(what) is longer than \(limit) bytes")
            }
        }
    }
}
