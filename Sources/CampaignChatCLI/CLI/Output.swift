import CampaignChat
import CampaignChatSystem
import Glibc

/// The one place that writes to stdout and stderr: buffered, human text made
/// safe for terminals, or JSON.
package final class Output {
    let json: Bool
    let quiet: Bool
    private var buffer: [UInt8] = []
    /// A follower's request to stop (see `Invocation.followerStop`): its writes then never block
    /// past it (see `flushFollowing`).
    var stop: FollowerStop?
    /// Why a follower's output ended (`StopRequested`, `OutputClosed`): nothing more is written.
    private var ended: (any Error)?

    package init(json: Bool, quiet: Bool) {
        self.json = json
        self.quiet = quiet
        buffer.reserveCapacity(1 << 16)
    }

    /// Writes raw text to stdout (already safe: JSON, or escaped human text).
    package func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    package func line(_ text: String) {
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
        // Each cell's width (in terminal columns) is counted once; an ASCII cell's is its byte count,
        // which needs no grapheme breaking (`tracking check` spent half its time here).
        func measured(_ cell: String) -> (text: String, width: Int) { (cell, Terminal.width(cell)) }
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

    /// Writes what is buffered; a follower's output that ended (see `flushFollowing`) drops it.
    package func flush() { try? flushFollowing() }

    /// Writes what is buffered: what a follower calls after each line. A follower's output (with
    /// `stop`) goes in pieces a pipe or socket takes in one write (at most PIPE_BUF bytes, cut after
    /// the last whole line that fits), each after waiting for stdout in one poll() with the stop
    /// request, never with O_NONBLOCK (stdout's file description is shared with other processes).
    /// When a stop came and the output cannot take the next piece at once, or its reader went away,
    /// it throws `StopRequested` or `OutputClosed` and drops what is left, then and from then on.
    func flushFollowing() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if let ended { throw ended }
        var offset = 0
        while offset < buffer.count {
            var length = buffer.count - offset
            if let stop {
                do { try stop.waitUntilWritable(STDOUT_FILENO) } catch { ended = error; throw error }
                length = Self.piece(of: buffer[offset...])
            }
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, length)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
    }

    /// How much of `bytes` goes in one write: all of it up to PIPE_BUF bytes, else up to the end of
    /// the last line that fits in PIPE_BUF (of a longer line, PIPE_BUF bytes).
    static func piece(of bytes: ArraySlice<UInt8>) -> Int {
        let limit = Int(PIPE_BUF)
        guard bytes.count > limit else { return bytes.count }
        return bytes.prefix(limit).lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 - bytes.startIndex } ?? limit
    }

    /// Writes one line to stderr at once (unbuffered).
    package static func standardError(_ text: String) {
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
package enum Terminal {
    package static func safe(_ text: String, keepNewlines: Bool = true) -> String {
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

    /// A message on one line, escaped and cut to `limit` terminal columns (and `4 * limit`
    /// scalars, so that no single character can make it long).
    static func preview(_ text: String, limit: Int = 50) -> String {
        let (start, cut) = TextRules.leadingScalars(of: text, limit: limit * 4)
        let flat = safe(start, keepNewlines: false)
        if !cut && width(flat) <= limit { return flat }
        var kept = ""
        var columns = 0
        for character in flat {
            columns += width(of: character)
            if columns > limit - 3 { break }
            kept.append(character)
        }
        return kept + "..."
    }

    /// The columns `text` takes on a terminal: two for each East Asian wide or fullwidth
    /// character and each emoji shown as one, one for any other character. (Unicode's East
    /// Asian Width, UAX #11, in the ranges terminals draw wide.)
    static func width(_ text: String) -> Int {
        if TextRules.isASCII(text) { return text.utf8.count }
        var columns = 0
        for character in text { columns += width(of: character) }
        return columns
    }

    static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.isEmojiPresentation || first.properties.isEmoji && character.unicodeScalars.contains("\u{FE0F}") { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1B000...0x1B2FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `2026-11-24T22:27:35.123Z` as `2026-11-24 22:27`.
    static func shortTime(_ time: Timestamp) -> String {
        let text = time.rfc3339
        guard text.count >= 16 else { return text }
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
