/// The syntax of a bulk-send input file.
public enum BulkFormat: String, Sendable, CaseIterable {
    case csv, tsv, jsonl

    /// The format a file name suggests: `.tsv`/`.tab` and `.jsonl`/`.ndjson`
    /// (any case); everything else is read as CSV, the common export format.
    public static func inferred(fromPath path: String) -> BulkFormat {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: ".") else { return .csv }
        switch name[name.index(after: dot)...].lowercased() {
        case "tsv", "tab": return .tsv
        case "jsonl", "ndjson": return .jsonl
        default: return .csv
        }
    }
}

/// A problem that stops reading the whole file: later rows cannot be trusted.
public struct BulkInputError: Error, Hashable, CustomStringConvertible {
    /// 1-based line of the file where the problem is.
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// One data record of the file, by column name.
public struct BulkRow: Hashable, Sendable {
    /// 1-based line number where the record starts in the file.
    public let line: Int
    /// Values exactly as written (not trimmed). A JSON Lines `null` leaves its key out.
    public let fields: [String: String]

    public init(line: Int, fields: [String: String]) {
        self.line = line
        self.fields = fields
    }

    public subscript(column: String) -> String? { fields[column] }
}

/// What the reader found for one record.
public enum BulkRecord: Hashable, Sendable {
    case row(BulkRow)
    /// A record that cannot be used; the records after it still can. `handle` is
    /// the record's handle field when that field itself could be read.
    case invalid(line: Int, message: String, handle: String? = nil)
}

/// Reads a bulk-send file one record at a time, so that memory does not grow
/// with the file: it reads the descriptor in fixed chunks and refuses records
/// over `maximumRecordBytes` before buffering more of them.
///
/// The reader does not close the descriptor. After it throws, every later
/// `next()` throws the same error.
public final class BulkRowReader {
    /// Largest record (its bytes, without the line end): a cap on memory that a
    /// missing closing quote or a binary file would otherwise exhaust.
    public static let maximumRecordBytes = 1 << 20
    /// Most columns a CSV or TSV header may name.
    public static let maximumColumns = 10_000
    /// How much is read from the descriptor at a time.
    static let chunkBytes = 64 * 1024

    /// CSV/TSV: the header's names, trimmed, in file order. JSON Lines: every
    /// key of the valid rows read so far, in first-seen order (starts empty).
    public private(set) var columns: [String] = []

    private let fileDescriptor: Int32
    private let format: BulkFormat
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private var reachedEnd = false
    /// The line the next unread byte is on.
    private var nextLine = 1
    private var failure: BulkInputError?
    /// Reused between records so that reading a row allocates little.
    private var recordBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var knownColumns: Set<String> = []

    public init(fileDescriptor: Int32, format: BulkFormat) throws(BulkInputError) {
        self.fileDescriptor = fileDescriptor
        self.format = format
        buffer = .allocate(capacity: Self.chunkBytes)
        try skipByteOrderMark()
        switch format {
        case .csv:
            guard let header = try readCSVRecord() else { throw Self.missingHeader }
            if let problem = header.problem { throw BulkInputError(line: header.line, message: problem) }
            try takeHeader(line: header.line)
        case .tsv:
            guard let line = try readTSVRecord() else { throw Self.missingHeader }
            try takeHeader(line: line)
        case .jsonl:
            break
        }
    }

    deinit { buffer.deallocate() }

    /// The next record, or `nil` at the end of the file.
    public func next() throws(BulkInputError) -> BulkRecord? {
        if let failure { throw failure }
        do throws(BulkInputError) {
            switch format {
            case .csv: return try nextCSV()
            case .tsv: return try nextTSV()
            case .jsonl: return try nextJSONLine()
            }
        } catch {
            failure = error
            throw error
        }
    }

    private static let missingHeader = BulkInputError(line: 1, message: "the file is empty: the first line must name the columns")

    // MARK: - Bytes

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let tab = UInt8(ascii: "\t")

    /// Reads more bytes after `end`; false at the end of the input. Called only
    /// once the buffer is used up (or, for the byte order mark, nearly empty),
    /// so there is always room to read into.
    private func readMore() throws(BulkInputError) -> Bool {
        if start == end { start = 0; end = 0 }
        if reachedEnd { return false }
        while true {
            let count = read(fileDescriptor, buffer.baseAddress! + end, buffer.count - end)
            if count > 0 { end += count; return true }
            if count == 0 { reachedEnd = true; return false }
            let code = errno
            if code == EINTR { continue }
            throw BulkInputError(line: nextLine, message: "cannot read the input: \(String(cString: strerror(code)))")
        }
    }

    @inline(__always)
    private func nextByte() throws(BulkInputError) -> UInt8? {
        if start == end, try !readMore() { return nil }
        defer { start += 1 }
        return buffer[start]
    }

    @inline(__always)
    private func peekByte() throws(BulkInputError) -> UInt8? {
        if start == end, try !readMore() { return nil }
        return buffer[start]
    }

    /// Spreadsheet exports often start with one; it is not part of the first name.
    private func skipByteOrderMark() throws(BulkInputError) {
        while end - start < 3, try readMore() {}
        if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
    }

    private func recordTooLarge(_ line: Int) -> BulkInputError {
        BulkInputError(line: line, message: "record is larger than \(Self.maximumRecordBytes) bytes (is a closing quote missing, or is this not a \(format.rawValue.uppercased()) file?)")
    }

    /// One line into `recordBytes`, without its LF or CRLF; false at the end of the input.
    private func readLine() throws(BulkInputError) -> Bool {
        recordBytes.removeAll(keepingCapacity: true)
        let line = nextLine
        var readAny = false
        while true {
            if start == end {
                guard try readMore() else { break }
            }
            readAny = true
            let chunk = UnsafeBufferPointer(start: buffer.baseAddress! + start, count: end - start)
            if let lineFeed = chunk.firstIndex(of: Self.lineFeed) {
                recordBytes.append(contentsOf: chunk[..<lineFeed])
                start += lineFeed + 1
                nextLine += 1
                break
            }
            recordBytes.append(contentsOf: chunk)
            start = end
            // One byte of slack: it may be the CR of a CRLF.
            if recordBytes.count > Self.maximumRecordBytes + 1 { throw recordTooLarge(line) }
        }
        if recordBytes.last == Self.carriageReturn { recordBytes.removeLast() }
        if recordBytes.count > Self.maximumRecordBytes { throw recordTooLarge(line) }
        return readAny
    }

    // MARK: - Header and rows

    /// Fields of the current record as slices of `recordBytes`.
    private var currentFields: [ArraySlice<UInt8>] {
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(fieldEnds.count)
        var fieldStart = 0
        for fieldEnd in fieldEnds {
            fields.append(recordBytes[fieldStart..<fieldEnd])
            fieldStart = fieldEnd
        }
        return fields
    }

    private func takeHeader(line: Int) throws(BulkInputError) {
        if fieldEnds.count > Self.maximumColumns {
            throw BulkInputError(line: line, message: "the header names \(fieldEnds.count) columns; the limit is \(Self.maximumColumns)")
        }
        var names: [String] = []
        var seen: Set<String> = []
        for (index, field) in currentFields.enumerated() {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw BulkInputError(line: line, message: "column \(index + 1) of the header is not valid UTF-8")
            }
            let name = TextRules.trimmed(text)
            if name.isEmpty {
                throw BulkInputError(line: line, message: "column \(index + 1) of the header has no name")
            }
            if !seen.insert(name).inserted {
                throw BulkInputError(line: line, message: "the header names column '\(TextRules.quotedForMessage(name))' twice")
            }
            names.append(name)
        }
        columns = names
    }

    /// The current CSV or TSV record as a row, checked against the header.
    private func currentRow(line: Int) -> BulkRecord {
        if fieldEnds.count != columns.count {
            let expected = columns.count == 1 ? "1 field" : "\(columns.count) fields"
            return .invalid(line: line, message: "expected \(expected), found \(fieldEnds.count)")
        }
        var fields: [String: String] = [:]
        fields.reserveCapacity(columns.count)
        var notUTF8: String?
        for (index, field) in currentFields.enumerated() {
            guard let text = String(validating: field, as: UTF8.self) else {
                notUTF8 = notUTF8 ?? columns[index]
                continue
            }
            fields[columns[index]] = text
        }
        if let notUTF8 {
            return .invalid(line: line, message: "column '\(TextRules.quotedForMessage(notUTF8))' is not valid UTF-8", handle: fields["handle"])
        }
        return .row(BulkRow(line: line, fields: fields))
    }

    // MARK: - CSV

    private enum CSVState { case fieldStart, unquoted, quoted, afterClosingQuote }

    /// Reads one RFC 4180 record into `recordBytes` and `fieldEnds`, skipping
    /// blank lines; `nil` at the end of the input. `problem` is set when the
    /// record is unusable but its end was still found.
    private func readCSVRecord() throws(BulkInputError) -> (line: Int, problem: String?)? {
        recordBytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var state = CSVState.fieldStart
        var line = nextLine
        var quoteLine = nextLine
        var size = 0
        var problem: String?
        while true {
            guard let byte = try nextByte() else {
                if state == .quoted {
                    throw BulkInputError(line: quoteLine, message: "the quoted field that starts on this line is never closed")
                }
                if size == 0 { return nil }
                fieldEnds.append(recordBytes.count)
                return (line, problem)
            }
            if state == .quoted {
                size += 1
                if size > Self.maximumRecordBytes { throw recordTooLarge(line) }
                if byte == Self.quote {
                    if try peekByte() == Self.quote {
                        start += 1
                        size += 1
                        recordBytes.append(Self.quote)
                    } else {
                        state = .afterClosingQuote
                    }
                } else {
                    if byte == Self.lineFeed { nextLine += 1 }
                    recordBytes.append(byte)
                }
                continue
            }
            var endsLine = byte == Self.lineFeed
            if byte == Self.carriageReturn, try peekByte() == Self.lineFeed {
                start += 1
                endsLine = true
            }
            if endsLine {
                nextLine += 1
                if size == 0 {
                    line = nextLine  // a blank line: not a record
                    continue
                }
                fieldEnds.append(recordBytes.count)
                return (line, problem)
            }
            size += 1
            if size > Self.maximumRecordBytes { throw recordTooLarge(line) }
            if byte == Self.comma {
                fieldEnds.append(recordBytes.count)
                state = .fieldStart
            } else if byte == Self.quote, state == .fieldStart {
                state = .quoted
                quoteLine = nextLine
            } else {
                if state == .afterClosingQuote, problem == nil {
                    problem = "field \(fieldEnds.count + 1) has text after its closing quote"
                }
                // A quote inside an unquoted field is kept as a character.
                recordBytes.append(byte)
                state = .unquoted
            }
        }
    }

    private func nextCSV() throws(BulkInputError) -> BulkRecord? {
        guard let record = try readCSVRecord() else { return nil }
        if let problem = record.problem { return .invalid(line: record.line, message: problem) }
        return currentRow(line: record.line)
    }

    // MARK: - TSV

    /// Reads the next non-blank line and splits it on tabs; returns its line number.
    private func readTSVRecord() throws(BulkInputError) -> Int? {
        while true {
            let line = nextLine
            guard try readLine() else { return nil }
            if recordBytes.isEmpty { continue }
            // Drop the tabs in place, as CSV drops its commas, remembering where each field ends.
            fieldEnds.removeAll(keepingCapacity: true)
            var kept = 0
            for index in recordBytes.indices {
                let byte = recordBytes[index]
                if byte == Self.tab {
                    fieldEnds.append(kept)
                } else {
                    recordBytes[kept] = byte
                    kept += 1
                }
            }
            recordBytes.removeLast(recordBytes.count - kept)
            fieldEnds.append(kept)
            return line
        }
    }

    private func nextTSV() throws(BulkInputError) -> BulkRecord? {
        guard let line = try readTSVRecord() else { return nil }
        return currentRow(line: line)
    }

    // MARK: - JSON Lines

    private func nextJSONLine() throws(BulkInputError) -> BulkRecord? {
        while true {
            let line = nextLine
            guard try readLine() else { return nil }
            if recordBytes.allSatisfy(JSONLineParser.isWhitespace) { continue }
            let members: [(key: String, value: JSONLineParser.Value)]
            do throws(JSONLineParser.Failure) {
                members = try JSONLineParser.object(in: recordBytes)
            } catch {
                let handle: String? = if case .text(let text)? = error.members?.last(where: { $0.key == "handle" })?.value { text } else { nil }
                return .invalid(line: line, message: error.message, handle: handle)
            }
            var fields: [String: String] = [:]
            var keys: Set<String> = []
            for (key, value) in members {
                // Two values for one column: which one to send is a guess, so refuse the row.
                if !keys.insert(key).inserted {
                    return .invalid(line: line, message: "key '\(TextRules.quotedForMessage(key))' appears twice")
                }
                switch value {
                case .text(let text):
                    fields[key] = text
                case .null, .notUTF8:  // object(in:) throws for a line with a string that is not UTF-8
                    break
                case .nested(let kind):
                    return .invalid(line: line, message: "the value of '\(TextRules.quotedForMessage(key))' is \(kind): only text, numbers, true, false and null can fill a message")
                }
            }
            for (key, _) in members where knownColumns.insert(key).inserted {
                columns.append(key)
            }
            return .row(BulkRow(line: line, fields: fields))
        }
    }
}
