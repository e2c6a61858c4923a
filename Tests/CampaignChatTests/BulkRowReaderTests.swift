import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite
import Glibc

/// A real temporary file, open read-only. Its name is removed as soon as it is
/// open, so nothing is left behind even if a test fails.
private final class BulkTestFile {
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

private let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

private func readAll(_ reader: BulkRowReader) throws(BulkInputError) -> [BulkRecord] {
    var records: [BulkRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// The columns and every record of `bytes` read as `format` from a real file.
private func read(bytes: [UInt8], as format: BulkFormat = .csv) throws -> (columns: [String], records: [BulkRecord]) {
    let file = try BulkTestFile(bytes: bytes)
    let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: format)
    let records = try readAll(reader)
    return (reader.columns, records)
}

private func read(_ text: String, as format: BulkFormat = .csv) throws -> (columns: [String], records: [BulkRecord]) {
    try read(bytes: Array(text.utf8), as: format)
}

private func row(_ line: Int, _ fields: [String: String]) -> BulkRecord {
    .row(BulkRow(line: line, fields: fields))
}

/// The fatal error reading `bytes` ends with, or nil (recorded as an issue) if it ends normally.
private func fatalInputError(reading bytes: [UInt8], as format: BulkFormat = .csv) throws -> BulkInputError? {
    let file = try BulkTestFile(bytes: bytes)
    return #expect(throws: BulkInputError.self) {
        let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: format)
        _ = try readAll(reader)
    }
}

private func fatalInputError(reading text: String, as format: BulkFormat = .csv) throws -> BulkInputError? {
    try fatalInputError(reading: Array(text.utf8), as: format)
}

private func peakResidentKiB() -> Int {
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

    // MARK: Streaming

    @Test func csvStreamsAHundredThousandRowsWithoutGrowingMemory() throws {
        let rowCount = 100_000
        let file = try BulkTestFile { append in
            append(Array("handle,tracking,courier\n".utf8))
            var batch = ""
            for index in 0..<rowCount {
                batch += "creator\(index),TRK\(index)-\(index &* 7919),\"Courier, Inc.\"\n"
                if batch.utf8.count > 60_000 {
                    append(Array(batch.utf8))
                    batch = ""
                }
            }
            append(Array(batch.utf8))
        }
        let peakBefore = peakResidentKiB()
        let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: .csv)
        let first = try reader.next()
        #expect(first == row(2, ["handle": "creator0", "tracking": "TRK0-0", "courier": "Courier, Inc."]))
        // Only the first chunk has been read to produce the first row.
        #expect(file.readOffset <= BulkRowReader.chunkBytes)
        #expect(file.size > 4 * BulkRowReader.chunkBytes)

        var count = 1
        var last: BulkRow?
        while let record = try reader.next() {
            guard case .row(let row) = record else {
                Issue.record("unexpected \(record)")
                break
            }
            count += 1
            last = row
        }
        #expect(count == rowCount)
        #expect(last?.line == rowCount + 1)
        #expect(last?["tracking"] == "TRK\(rowCount - 1)-\((rowCount - 1) &* 7919)")
        #expect(file.readOffset == file.size)
        let growthKiB = peakResidentKiB() - peakBefore
        #expect(growthKiB < 64 * 1024, "peak resident memory grew by \(growthKiB) KiB")
    }

    /// A reader that waited for the end of the input before returning rows would
    /// hit EAGAIN on this non-blocking pipe and throw.
    @Test func rowsArriveBeforeTheInputEnds() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        var writeOpen = true
        defer { if writeOpen { close(writeEnd) } }
        try #require(fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK) == 0)
        func send(_ text: String) {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) } == bytes.count)
        }

        send("id,name\n1,Alice\n")
        let reader = try BulkRowReader(fileDescriptor: readEnd, format: .csv)
        #expect(try reader.next() == row(2, ["id": "1", "name": "Alice"]))
        send("2,Bob\n")
        #expect(try reader.next() == row(3, ["id": "2", "name": "Bob"]))
        close(writeEnd)
        writeOpen = false
        #expect(try reader.next() == nil)
    }

    // MARK: TSV

    @Test func tsvSplitsOnTabsAndKeepsQuotesAndCommasAsText() throws {
        let result = try read(bytes: byteOrderMark + Array("handle\ttracking\r\n\"alice\"\tTRK, 1\r\n\nbob\t\n".utf8), as: .tsv)
        #expect(result.columns == ["handle", "tracking"])
        #expect(result.records == [
            row(2, ["handle": "\"alice\"", "tracking": "TRK, 1"]),
            row(4, ["handle": "bob", "tracking": ""]),
        ])
    }

    @Test func tsvWrongFieldCountIsInvalidAndReadingContinues() throws {
        let result = try read("a\tb\n1\n2\t3\n4\t5\t6\n7\t8", as: .tsv)
        #expect(result.records == [
            .invalid(line: 2, message: "expected 2 fields, found 1"),
            row(3, ["a": "2", "b": "3"]),
            .invalid(line: 4, message: "expected 2 fields, found 3"),
            row(5, ["a": "7", "b": "8"]),
        ])
    }

    @Test func tsvInvalidUTF8IsAnInvalidRow() throws {
        let result = try read(bytes: Array("a\tb\nx\t".utf8) + [0xC3] + Array("\ny\tz\n".utf8), as: .tsv)
        #expect(result.records == [
            .invalid(line: 2, message: "column 'b' is not valid UTF-8"),
            row(3, ["a": "y", "b": "z"]),
        ])
    }

    // MARK: JSON Lines

    @Test func jsonLinesDecodesEveryStringEscapeAndSurrogatePairs() throws {
        let line = #"{"text":"q\"b\\s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \u4E2D","k\u0065y":"plain é"}"#
        let result = try read(line + "\n", as: .jsonl)
        #expect(result.records == [row(1, ["text": "q\"b\\s/ \u{8}\u{c}\n\r\t é 😀 中", "key": "plain é"])])
    }

    @Test func jsonLinesKeepsNumbersAsWrittenAndBooleansAsWords() throws {
        let line = #"{ "a" : 0 , "b":-12.50,"c":1e3,"d":2.5E-7,"e":-0.0e+1,"t":true,"f":false }"#
        let result = try read(line, as: .jsonl)
        #expect(result.records == [row(1, ["a": "0", "b": "-12.50", "c": "1e3", "d": "2.5E-7", "e": "-0.0e+1", "t": "true", "f": "false"])])
    }

    /// A row refused for its shape (a key twice, a nested value) still names its creator.
    @Test func jsonLinesRowsRefusedForTheirShapeNameTheirHandle() throws {
        let text = "{\"handle\":\"@alice\",\"n\":1,\"n\":2}\n{\"n\":[1],\"handle\":\"bob\"}\n"
        let result = try read(text, as: .jsonl)
        #expect(result.records == [
            .invalid(line: 1, message: "key 'n' appears twice", handle: "@alice"),
            .invalid(line: 2, message: "the value of 'n' is an array: only text, numbers, true, false and null can fill a message", handle: "bob"),
        ])
    }

    @Test func jsonLinesNullLeavesTheKeyOutOfTheRow() throws {
        let result = try read(#"{"handle":"alice","tracking":null}"#, as: .jsonl)
        #expect(result.records == [.row(BulkRow(line: 1, fields: ["handle": "alice"], nullKeys: ["tracking"]))])
    }

    @Test func jsonLinesNestedValueIsInvalidAndReadingContinues() throws {
        let text = """
            {"a":{"b":1}}
            {"a":[1,{"c":[]}]}
            {"a":"ok"}

            """
        let result = try read(text, as: .jsonl)
        #expect(result.records == [
            .invalid(line: 1, message: "the value of 'a' is an object: only text, numbers, true, false and null can fill a message"),
            .invalid(line: 2, message: "the value of 'a' is an array: only text, numbers, true, false and null can fill a message"),
            row(3, ["a": "ok"]),
        ])
    }

    @Test(arguments: [
        #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":01}"#, #"{"a":"x}"#, #"{"a":1} x"#, #"{a:1}"#,
        #"{"a":tru}"#, #"{"a":truex}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a":.5}"#, #"{"a":1e}"#,
        #"{"a":"\x"}"#, #"{"a":'x'}"#, #"{"a":1"#, #"{"a":NaN}"#, #"{"a":"\u12G4"}"#,
        "{\"a\":\"tab\there\"}", #"{"a":[1,]}"#, #"{"a":1}}"#, #"{"#,
    ])
    func jsonLinesSyntaxErrorIsInvalidAndReadingContinues(line: String) throws {
        let result = try read(line + "\n" + #"{"a":"ok"}"# + "\n", as: .jsonl)
        try #require(result.records.count == 2)
        guard case .invalid(let invalidLine, let message, _) = result.records[0] else {
            Issue.record("expected an invalid record, got \(result.records[0])")
            return
        }
        #expect(invalidLine == 1)
        #expect(message.hasPrefix("invalid JSON at column "))
        #expect(result.records[1] == row(2, ["a": "ok"]))
    }

    @Test(arguments: [#"{"a":"\ud83d"}"#, #"{"a":"\ud83d\u0041"}"#, #"{"a":"\ude00"}"#])
    func jsonLinesUnpairedSurrogateIsInvalid(line: String) throws {
        let result = try read(line, as: .jsonl)
        #expect(result.records == [.invalid(line: 1, message: "invalid JSON at column 7: unpaired surrogate \\u\(line.dropFirst(8).prefix(4).uppercased())")])
    }

    @Test(arguments: [#"[1,2]"#, #""text""#, "42", "null"])
    func jsonLinesLineThatIsNotAnObjectIsInvalid(line: String) throws {
        let result = try read(line, as: .jsonl)
        #expect(result.records == [.invalid(line: 1, message: "the line is not a JSON object")])
    }

    @Test func jsonLinesDuplicateKeyIsInvalid() throws {
        let result = try read(#"{"tracking":"A","tracking":"B"}"#, as: .jsonl)
        #expect(result.records == [.invalid(line: 1, message: "key 'tracking' appears twice")])
    }

    @Test func aRowThatIsNotUTF8KeepsItsReadableHandle() throws {
        let bad: [UInt8] = [0xFF, 0xFE]
        let csv = try read(bytes: Array("handle,tracking\n@alice,".utf8) + bad + Array("\n".utf8) + bad + Array(",T\n".utf8))
        #expect(csv.records == [
            .invalid(line: 2, message: "column 'tracking' is not valid UTF-8", handle: "@alice"),
            .invalid(line: 3, message: "column 'handle' is not valid UTF-8", handle: nil),
        ])
        let tsv = try read(bytes: Array("tracking\thandle\n".utf8) + bad + Array("\tbob\n".utf8), as: .tsv)
        #expect(tsv.records == [.invalid(line: 2, message: "column 'tracking' is not valid UTF-8", handle: "bob")])
        let jsonl = try read(bytes: Array(#"{"tracking":""#.utf8) + bad + Array(#"","handle":"carol"}"#.utf8), as: .jsonl)
        #expect(jsonl.records == [
            .invalid(line: 1, message: "invalid JSON at column 13: the string that starts here is not valid UTF-8", handle: "carol"),
        ])
    }

    @Test func jsonLinesInvalidUTF8IsInvalidAndReadingContinues() throws {
        let bytes = Array(#"{"a":""#.utf8) + [0xE2, 0x82] + Array("\"}\n{\"a\":\"ok\"}\n".utf8)
        let result = try read(bytes: bytes, as: .jsonl)
        #expect(result.records == [
            .invalid(line: 1, message: "invalid JSON at column 6: the string that starts here is not valid UTF-8"),
            row(2, ["a": "ok"]),
        ])
    }

    @Test func jsonLinesDeepNestingIsInvalidRatherThanACrash() throws {
        let depth = 100_000
        let line = #"{"a":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let result = try read(line, as: .jsonl)
        guard case .invalid(1, let message, _) = try #require(result.records.first) else {
            Issue.record("expected an invalid record, got \(result.records)")
            return
        }
        #expect(message.contains("nested more than"))
    }

    @Test func jsonLinesSkipsBlankLinesButCountsThem() throws {
        let text = "\n{\"a\":\"1\"}\n   \n\t\r\n{\"a\":\"2\"}"
        let result = try read(bytes: byteOrderMark + Array(text.utf8), as: .jsonl)
        #expect(result.records == [row(2, ["a": "1"]), row(5, ["a": "2"])])
    }

    /// Each JSON Lines row has its own keys: the reader remembers none of them (that would grow
    /// with the file), and a line with more keys than a header may name columns is refused.
    @Test func jsonLinesKeepNoColumnsAndLimitTheKeysOfALine() throws {
        let wide = "{" + (0...BulkRowReader.maximumColumns).map { "\"k\($0)\":\"v\"" }.joined(separator: ",") + "}"
        let file = try BulkTestFile("{\"b\":\"1\",\"a\":\"2\"}\n" + wide + "\n{\"c\":\"3\"}\n")
        let reader = try BulkRowReader(fileDescriptor: file.descriptor, format: .jsonl)
        #expect(try reader.next() == row(1, ["b": "1", "a": "2"]))
        #expect(try reader.next() == .invalid(line: 2, message: "more than \(BulkRowReader.maximumColumns) keys"))
        #expect(try reader.next() == row(3, ["c": "3"]))
        #expect(reader.columns.isEmpty)
        #expect(try reader.next() == nil)
    }
}
