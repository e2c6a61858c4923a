import CampaignChat

/// The one place that writes to stdout and stderr: buffered, human text made
/// safe for terminals, or JSON.
final class Output {
    let json: Bool
    let quiet: Bool
    private var buffer: [UInt8] = []

    init(json: Bool, quiet: Bool) {
        self.json = json
        self.quiet = quiet
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes raw text to stdout (already safe: JSON, or escaped human text).
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func line(_ text: String) {
        write(text)
        write("\n")
    }

    /// One JSON value and a newline.
    func json(_ value: JSON) {
        jsonFragment(value)
        write("\n")
    }

    /// One JSON value, straight into the buffer (for streaming arrays).
    func jsonFragment(_ value: JSON) {
        value.render(into: &buffer)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A confirmation for people ("Created ..."): not with `--quiet` or `--json`.
    func confirm(_ text: String) {
        if !quiet && !json { line(Terminal.safe(text)) }
    }

    /// A hint on stderr for people (an empty list): not with `--quiet` or `--json`.
    func hint(_ text: String) {
        if !quiet && !json { Output.standardError(text) }
    }

    /// Aligned columns; every cell is made safe for the terminal and kept on one line.
    func table(_ header: [String], _ rows: [[String]]) {
        // Each cell's width (in characters) is counted once; an ASCII cell's is its byte count,
        // which needs no grapheme breaking (`tracking check` spent half its time here).
        func measured(_ cell: String) -> (text: String, width: Int) { (cell, TextRules.isASCII(cell) ? cell.utf8.count : cell.count) }
        let lines = [header.map(measured)] + rows.map { $0.map { measured(Terminal.safe($0, keepNewlines: false)) } }
        var widths = lines[0].map(\.width)
        for row in lines.dropFirst() {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.width) }
        }
        for row in lines {
            var text = ""
            for (column, cell) in row.enumerated() {
                text += cell.text
                if column < row.count - 1 {
                    for _ in 0..<(widths[column] - cell.width + 2) { text += " " }
                }
            }
            line(text)
        }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes one line to stderr at once (unbuffered).
    static func standardError(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + offset, bytes.count - offset) }
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                break
            }
            offset += written
        }
    }
}

/// Text written by others, made safe for a terminal: control characters and
/// bidi overrides are shown escaped (`\x1b`, `\u{202e}`), never sent raw.
enum Terminal {
    static func safe(_ text: String, keepNewlines: Bool = true) -> String {
        // Printable ASCII, the usual cell, has nothing to escape.
        if text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy { (0x20...0x7E).contains($0) } }) == true { return text }
        guard text.unicodeScalars.contains(where: { TextRules.isTerminalControl($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" && keepNewlines || scalar == "\t" && keepNewlines || !TextRules.isTerminalControl(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += scalar.escapedForTerminal
            }
        }
        return result
    }

    /// A message on one line, escaped and cut to `limit` characters (and `4 * limit` scalars,
    /// so that no single character can make it long).
    static func preview(_ text: String, limit: Int = 50) -> String {
        let (start, cut) = TextRules.leadingScalars(of: text, limit: limit * 4)
        let flat = safe(start, keepNewlines: false)
        return flat.count <= limit && !cut ? flat : String(flat.prefix(limit - 3)) + "..."
    }

    /// `2026-11-24T22:27:35.123Z` as `2026-11-24 22:27`.
    static func shortTime(_ time: Timestamp) -> String {
        let text = time.rfc3339
        guard text.count >= 16 else { return text }
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
