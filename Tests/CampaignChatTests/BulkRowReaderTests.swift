import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite
import Glibc

/// A real temporary file, open read-only. Its name is removed as soon as it is
/// open, so nothing is left behind even if a test fails.
final class BulkTestFile {
    struct SetupFailed: Error, CustomStringConvertible {
        let description: String
    }

    let descriptor: Int32

    /// `body` receives a function that appends bytes to the file, so large
    /// files can be written in pieces without holding them in memory.
    init(writing body: (_ append: ([UInt8]) -> Void) -> Void) throws {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/campaignchat-bulk-XXXXXX".utf8CString)
        let writer = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard writer >= 0 else { throw SetupFailed(description: "mkstemp failed: errno \(errno)") }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        var writeFailed = false
        body { bytes in
            var offset = 0
            while offset < bytes.count, !writeFailed {
                let written = bytes[offset...].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
                if written <= 0 { writeFailed = true } else { offset += written }
            }
        }
        close(writer)
        guard !writeFailed else { throw SetupFailed(description: "writing \(path) failed") }
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SetupFailed(description: "cannot open \(path): errno \(errno)") }
    }

    convenience init(bytes: [UInt8]) throws {
        try self.init { $0(bytes) }
    }

    convenience init(_ text: String) throws {
        try self.init(bytes: Array(text.utf8))
    }

    /// How far into the file the reader has read.
    var readOffset: Int { Int(lseek(descriptor, 0, SEEK_CUR)) }

    var size: Int {
        var status = stat()
        fstat(descriptor, &status)
        return Int(status.st_size)
    }

    deinit { close(descriptor) }
}

let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

func readAll(_ reader: BulkRowReader) throws(BulkInputError) -> [BulkRecord] {
    var records: [BulkRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// The columns and every record of `bytes` read as `format` from a real file.
func read(bytes: [UInt8], as format: BulkFormat = .csv) throws -> (columns: [String], records: [BulkRecord]) {
    let file = try BulkTestFile(bytes: bytes)
    let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: format)
    let records = try readAll(reader)
    return (reader.columns, records)
}

func read(_ text: String, as format: BulkFormat = .csv) throws -> (columns: [String], records: [BulkRecord]) {
    try read(bytes: Array(text.utf8), as: format)
}

func row(_ line: Int, _ fields: [String: String]) -> BulkRecord {
    .row(BulkRow(line: line, fields: fields))
}

/// The fatal error reading `bytes` ends with, or nil (recorded as an issue) if it ends normally.
func fatalInputError(reading bytes: [UInt8], as format: BulkFormat = .csv) throws -> BulkInputError? {
    let file = try BulkTestFile(bytes: bytes)
    return #expect(throws: BulkInputError.self) {
        let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: format)
        _ = try readAll(reader)
    }
}

func fatalInputError(reading text: String, as format: BulkFormat = .csv) throws -> BulkInputError? {
    try fatalInputError(reading: Array(text.utf8), as: format)
}

func peakResidentKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss)
}

@Suite struct BulkRowReaderTests {
    // MARK: Formats and errors

    @Test(arguments: [
        ("tracking.csv", BulkFormat.csv), ("dir.tsv/tracking.TSV", .tsv), ("t.tab", .tsv),
        ("/tmp/rows.jsonl", .jsonl), ("rows.NDJSON", .jsonl), ("rows.txt", .csv), ("rows", .csv),
        ("archive.jsonl/rows", .csv),
    ])
    func formatIsInferredFromTheFileExtension(path: String, expected: BulkFormat) {
        #expect(BulkFormat.inferred(fromPath: path) == expected)
    }

    @Test func inputErrorPrintsAsLineAndMessage() {
        #expect(BulkInputError(line: 7, message: "boom").description == "line 7: boom")
    }

    @Test func rowSubscriptLooksUpByColumnName() {
        let row = BulkRow(line: 2, fields: ["tracking": "T1"])
        #expect(row["tracking"] == "T1")
        #expect(row["missing"] == nil)
    }

    // MARK: CSV

    @Test func csvQuotedFieldsKeepCommasQuotesAndNewlines() throws {
        let result = try read("handle,note,tracking\nalice,\"Box, large\",\"He said \"\"hi\"\"\"\nbob,\"line one\nline two\",\"\"\n")
        #expect(result.columns == ["handle", "note", "tracking"])
        #expect(result.records == [
            row(2, ["handle": "alice", "note": "Box, large", "tracking": "He said \"hi\""]),
            row(3, ["handle": "bob", "note": "line one\nline two", "tracking": ""]),
        ])
    }

    @Test func csvRecordSpanningLinesKeepsItsStartingLine() throws {
        let result = try read("id,body\n1,\"first\nsecond\nthird\"\n2,plain\n3,\"\n\"\n4,last\n")
        #expect(result.records == [
            row(2, ["id": "1", "body": "first\nsecond\nthird"]),
            row(5, ["id": "2", "body": "plain"]),
            row(6, ["id": "3", "body": "\n"]),
            row(8, ["id": "4", "body": "last"]),
        ])
    }

    @Test func csvAcceptsCRLFLineEndsAndKeepsThemInsideQuotes() throws {
        let result = try read("id,name\r\n1,Alice\r\n2,\"two\r\nlines\"\r\n3,Carol\r\n")
        #expect(result.columns == ["id", "name"])
        #expect(result.records == [
            row(2, ["id": "1", "name": "Alice"]),
            row(3, ["id": "2", "name": "two\r\nlines"]),
            row(5, ["id": "3", "name": "Carol"]),
        ])
    }

    @Test func csvKeepsALoneCarriageReturnAsText() throws {
        let result = try read("id,name\n1,a\rb\n")
        #expect(result.records == [row(2, ["id": "1", "name": "a\rb"])])
    }

    @Test func csvSkipsAByteOrderMarkAtTheStart() throws {
        let result = try read(bytes: byteOrderMark + Array("id,name\n1,Alice\n".utf8))
        #expect(result.columns == ["id", "name"])
        #expect(result.records == [row(2, ["id": "1", "name": "Alice"])])
    }

    @Test func csvReadsAFinalLineWithoutNewline() throws {
        let result = try read("id,name\n1,Alice\n2,Bob")
        #expect(result.records == [row(2, ["id": "1", "name": "Alice"]), row(3, ["id": "2", "name": "Bob"])])
        let quoted = try read("id,name\n1,\"Al, ice\"")
        #expect(quoted.records == [row(2, ["id": "1", "name": "Al, ice"])])
    }

    @Test func csvSkipsBlankLinesButCountsThem() throws {
        let result = try read("\nid,name\n\n1,Alice\r\n\r\n\n2,Bob\n\n")
        #expect(result.columns == ["id", "name"])
        #expect(result.records == [row(4, ["id": "1", "name": "Alice"]), row(7, ["id": "2", "name": "Bob"])])
    }

    @Test func csvWrongFieldCountIsInvalidAndReadingContinues() throws {
        let result = try read("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        #expect(result.records == [
            row(2, ["a": "1", "b": "2", "c": "3"]),
            .invalid(line: 3, message: "expected 3 fields, found 2"),
            .invalid(line: 4, message: "expected 3 fields, found 4"),
            row(5, ["a": "10", "b": "11", "c": "12"]),
        ])
    }

    @Test func csvSingleColumnRowWithACommaIsInvalid() throws {
        let result = try read("tracking\nT1\nT2,extra\n")
        #expect(result.records == [row(2, ["tracking": "T1"]), .invalid(line: 3, message: "expected 1 field, found 2")])
    }

    @Test func csvUnterminatedQuoteIsFatalAndNamesTheLineWhereItOpened() throws {
        let file = try BulkTestFile("id,body\n1,ok\n2,\"never closed\nmore\nlines\n")
        let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: .csv)
        #expect(try reader.next() == row(2, ["id": "1", "body": "ok"]))
        let error = #expect(throws: BulkInputError.self) { try reader.next() }
        #expect(error?.line == 3)
        #expect(error?.message.contains("never closed") == true)
        // The reader does not pretend the file ended cleanly afterwards.
        #expect(throws: error!) { try reader.next() }
    }

    @Test func csvTextAfterAClosingQuoteIsInvalidAndReadingContinues() throws {
        let result = try read("id,body\n1,\"quoted\"tail,\n2,fine\n")
        #expect(result.records == [
            .invalid(line: 2, message: "field 2 has text after its closing quote"),
            row(3, ["id": "2", "body": "fine"]),
        ])
    }

    @Test func csvQuoteInsideAnUnquotedFieldIsText() throws {
        let result = try read("id,size\n1,5\" screen\n")
        #expect(result.records == [row(2, ["id": "1", "size": "5\" screen"])])
    }

    @Test func csvInvalidUTF8IsAnInvalidRowAndReadingContinues() throws {
        let bytes = Array("id,name\n1,".utf8) + [0xFF, 0xFE] + Array("\n2,ok\n".utf8)
        let result = try read(bytes: bytes)
        #expect(result.records == [
            .invalid(line: 2, message: "column 'name' is not valid UTF-8"),
            row(3, ["id": "2", "name": "ok"]),
        ])
    }

    @Test func csvHeaderNamesAreTrimmedAndValuesAreNot() throws {
        let result = try read(" id ,\" Tracking Number \"\n 1 , T 2 \n")
        #expect(result.columns == ["id", "Tracking Number"])
        #expect(result.records == [row(2, ["id": " 1 ", "Tracking Number": " T 2 "])])
    }

    @Test func csvHeaderOnlyFileHasNoRows() throws {
        let result = try read("id,name\n")
        #expect(result.columns == ["id", "name"])
        #expect(result.records.isEmpty)
    }

    @Test func csvDuplicateColumnNameIsFatalOnTheHeaderLine() throws {
        let error = try fatalInputError(reading: "\nid,name, id\n1,2,3\n")
        #expect(error == BulkInputError(line: 2, message: "the header names column 'id' twice"))
    }

    @Test func csvEmptyColumnNameIsFatalOnTheHeaderLine() throws {
        let error = try fatalInputError(reading: "\n\nid, ,name\n")
        #expect(error == BulkInputError(line: 3, message: "column 2 of the header has no name"))
    }

    @Test(arguments: [BulkFormat.csv, .tsv])
    func fileWithoutAHeaderIsFatal(format: BulkFormat) throws {
        for text in ["", "\n\n", "\u{FEFF}"] {
            let error = try fatalInputError(reading: text, as: format)
            #expect(error?.line == 1)
            #expect(error?.message.contains("empty") == true)
        }
    }

    /// JSON Lines has no header: a file without an object is no row to send (a filter that
    /// matched nothing), not an error.
    @Test func jsonLinesFileMayBeEmpty() throws {
        for text in ["", "\n\n", "\u{FEFF}", "  \n\t\n"] {
            let result = try read(text, as: .jsonl)
            #expect(result.records.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func csvHeaderMayNameExactlyTheColumnLimit() throws {
        let limit = BulkRowReader.maximumColumns
        let header = (0..<limit).map { "c\($0)" }.joined(separator: ",")
        let result = try read(header + "\n")
        #expect(result.columns.count == limit)
        #expect(result.columns.last == "c\(limit - 1)")
    }

    @Test(arguments: [BulkFormat.csv, .tsv])
    func headerOverTheColumnLimitIsFatal(format: BulkFormat) throws {
        let separator = format == .tsv ? "\t" : ","
        let header = (0...BulkRowReader.maximumColumns).map { "c\($0)" }.joined(separator: separator)
        let error = try fatalInputError(reading: "\n" + header + "\n1\n", as: format)
        #expect(error?.line == 2)
        #expect(error?.message.contains("\(BulkRowReader.maximumColumns + 1) columns") == true)
    }

    // MARK: Record size limit

    /// A 2 MiB record is refused, and the reader stops reading soon after the
    /// limit instead of buffering the whole record (or file) first.
    @Test(arguments: [
        (BulkFormat.csv, "id,body\n1,", ""),
        (BulkFormat.csv, "id,body\n1,\"", "\""),
        (BulkFormat.tsv, "id\tbody\n1\t", ""),
        (BulkFormat.jsonl, "{\"id\":\"0\"}\n{\"body\":\"", "\"}"),
    ])
    func twoMebibyteRecordIsFatalWithoutReadingItAll(format: BulkFormat, prefix: String, suffix: String) throws {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
        let file = try BulkTestFile { append in
            append(Array(prefix.utf8))
            append(huge)
            append(Array((suffix + "\n").utf8))
            // Another 8 MiB of valid rows after it, which must not be read.
            let filler = Array(String(repeating: format == .jsonl ? "{\"id\":\"1\"}\n" : "1,2\n", count: 1024).utf8)
            for _ in 0..<(8 << 20) / filler.count { append(filler) }
        }
        let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: format)
        var error: BulkInputError?
        do {
            while try reader.next() != nil {}
        } catch let thrown {
            error = thrown
        }
        let caught = try #require(error)
        #expect(caught.line == 2)
        #expect(caught.message.contains("larger than \(BulkRowReader.maximumRecordBytes) bytes"))
        #expect(file.size > 8 << 20)
        #expect(file.readOffset <= prefix.utf8.count + BulkRowReader.maximumRecordBytes + 2 * BulkRowReader.chunkBytes)
    }

    /// The limit counts the record's bytes without its line end (LF or CRLF).
    @Test(arguments: BulkFormat.allCases)
    func recordOfExactlyTheLimitIsAcceptedAndOneByteMoreIsFatal(format: BulkFormat) throws {
        let limit = BulkRowReader.maximumRecordBytes
        let header = format == .jsonl ? "" : "v\r\n"
        func record(size: Int) -> String {
            format == .jsonl
                ? "{\"v\":\"" + String(repeating: "x", count: size - 8) + "\"}\r\n"
                : String(repeating: "x", count: size) + "\r\n"
        }
        let fits = try read(header + record(size: limit), as: format)
        let value = try #require(fits.records.first.flatMap { if case .row(let row) = $0 { row["v"] } else { nil } })
        #expect(value.utf8.count == (format == .jsonl ? limit - 8 : limit))

        let error = try fatalInputError(reading: header + record(size: limit + 1), as: format)
        #expect(error?.line == (format == .jsonl ? 1 : 2))
    }
}
