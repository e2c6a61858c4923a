// MARK: - CSV

/// CSV (RFC 4180): fields split on commas; a quoted field may hold commas,
/// line breaks and doubled quotes, so one record can span several lines.
extension BulkRowReader {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")

    private enum CSVState { case fieldStart, unquoted, quoted, afterClosingQuote }

    /// Reads one RFC 4180 record into `recordBytes` and `fieldEnds`, skipping
    /// blank lines; `nil` at the end of the input. `problem` is set when the
    /// record is unusable but its end was still found.
    func readCSVRecord() throws(BulkInputError) -> (line: Int, problem: String?)? {
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

    func nextCSV() throws(BulkInputError) -> BulkRecord? {
        guard let record = try readCSVRecord() else { return nil }
        if let problem = record.problem { return .invalid(line: record.line, message: problem) }
        return currentRow(line: record.line)
    }
}
