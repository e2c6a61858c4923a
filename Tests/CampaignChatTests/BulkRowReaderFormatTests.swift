import Testing
@testable import CampaignChat
import Glibc

/// Streaming, TSV and JSON Lines, as the bulk row reader reads them.
extension BulkRowReaderTests {
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
