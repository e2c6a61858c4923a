import CampaignChatSystem

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
    /// JSON Lines: the keys whose value was `null` (there, but empty: "no parcel").
    public let nullKeys: Set<String>

    public init(line: Int, fields: [String: String], nullKeys: Set<String> = []) {
        self.line = line
        self.fields = fields
        self.nullKeys = nullKeys
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
///
/// This file holds the buffering and the header; each format reads its records
/// in an extension: `BulkRowReader+CSV.swift`, `BulkRowReader+TSV.swift` and
/// `BulkRowReader+JSONLines.swift`.
public final class BulkRowReader {
    /// Largest record (its bytes, without the line end): a cap on memory that a
    /// missing closing quote or a binary file would otherwise exhaust.
    public static let maximumRecordBytes = 1 << 20
    /// Most columns a CSV or TSV header may name.
    public static let maximumColumns = 10_000
    /// How much is read from the descriptor at a time.
    static let chunkBytes = 64 * 1024

    /// CSV/TSV: the header's names, trimmed, in file order. JSON Lines: none (each row
    /// has its own keys, and remembering every key ever seen would grow with the file).
    public internal(set) var columns: [String] = []

    private let fileDescriptor: Int32
    private let format: BulkFormat
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    var start = 0
    private var end = 0
    private var reachedEnd = false
    /// The line the next unread byte is on.
    var nextLine = 1
    private var failure: BulkInputError?
    /// Reused between records so that reading a row allocates little.
    var recordBytes: [UInt8] = []
    var fieldEnds: [Int] = []
    var knownColumns: Set<String> = []

    public init(fileDescriptor: Int32, format: BulkFormat) throws(BulkInputError) {
        self.fileDescriptor = fileDescriptor
        self.format = format
        buffer = .allocate(capacity: Self.chunkBytes)
        try readStart()
    }

    /// Reads `bytes` already in memory: a webhook body whose signature had to be checked over
    /// all of it before a byte of it was read as data.
    public init(bytes: [UInt8], format: BulkFormat) throws(BulkInputError) {
        fileDescriptor = -1
        self.format = format
        buffer = .allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        end = bytes.count
        reachedEnd = true
        try readStart()
    }

    /// Skips a byte order mark and reads the header of a format that has one.
    private func readStart() throws(BulkInputError) {
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

    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Reads more bytes after `end`; false at the end of the input. Called only
    /// once the buffer is used up (or, for the byte order mark, nearly empty),
    /// so there is always room to read into.
    private func readMore() throws(BulkInputError) -> Bool {
        if start == end { start = 0; end = 0 }
        if reachedEnd { return false }
        let count: Int
        do {
            count = try DescriptorInput.read(fileDescriptor, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[end...])))
        } catch {
            throw BulkInputError(line: nextLine, message: error.description)
        }
        if count == 0 { reachedEnd = true; return false }
        end += count
        return true
    }

    @inline(__always)
    func nextByte() throws(BulkInputError) -> UInt8? {
        if start == end, try !readMore() { return nil }
        defer { start += 1 }
        return buffer[start]
    }

    @inline(__always)
    func peekByte() throws(BulkInputError) -> UInt8? {
        if start == end, try !readMore() { return nil }
        return buffer[start]
    }

    /// Spreadsheet exports often start with one; it is not part of the first name.
    private func skipByteOrderMark() throws(BulkInputError) {
        let mark = TextRules.byteOrderMark
        while end - start < mark.count, try readMore() {}
        if buffer[start..<end].starts(with: mark) { start += mark.count }
    }

    func recordTooLarge(_ line: Int) -> BulkInputError {
        BulkInputError(line: line, message: "record is larger than \(Self.maximumRecordBytes) bytes (is a closing quote missing, or is this not a \(format.rawValue.uppercased()) file?)")
    }

    /// One line into `recordBytes`, without its LF or CRLF; false at the end of the input.
    func readLine() throws(BulkInputError) -> Bool {
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
    func currentRow(line: Int) -> BulkRecord {
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
}
