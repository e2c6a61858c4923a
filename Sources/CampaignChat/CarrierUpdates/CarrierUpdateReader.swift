/// Reads `shipment update`'s input one body at a time, in input order, so that memory stays flat
/// however many bodies a backfill holds.
///
/// For a service, and for `jsonl`, the input is either one JSON document (a webhook body as the
/// service posted it, pretty-printed or not, up to `BulkRowReader.maximumRecordBytes`) or JSON
/// Lines of them. It is JSON Lines when its first line is a JSON value by itself, or when the
/// whole input is no one value but some line is one (a file whose first body was cut short must
/// not take the others with it). For `csv`, the input is a CSV file with the columns
/// `tracking_number`, `status`, `at` and, optionally, `carrier`.
///
/// An unusable body gives an `.invalid` update and reading goes on; only what makes the rest of
/// the input untrustworthy (a CSV header without the columns, an unreadable descriptor, a line
/// over the size limit) throws.
public final class CarrierUpdateReader {
    private let source: CarrierSource
    private let lines: BulkRowReader
    private let shape: CarrierBodyShape?
    /// Lines read ahead while finding out whether the input is one document: `(line, bytes)`, the
    /// last first once that is decided.
    private var pending: [(line: Int, bytes: [UInt8])] = []
    private var decided = false

    /// Reads `fileDescriptor` (not closed by the reader).
    public convenience init(fileDescriptor: Int32, source: CarrierSource) throws(BulkInputError) {
        try self.init(source: source, lines: BulkRowReader(fileDescriptor: fileDescriptor, format: source == .csv ? .csv : .jsonl))
    }

    /// Reads bytes already in memory: a body whose signature was checked over all of it first.
    public convenience init(bytes: [UInt8], source: CarrierSource) throws(BulkInputError) {
        try self.init(source: source, lines: BulkRowReader(bytes: bytes, format: source == .csv ? .csv : .jsonl))
    }

    private init(source: CarrierSource, lines: BulkRowReader) throws(BulkInputError) {
        self.source = source
        self.lines = lines
        shape = CarrierBodyShape.shape(of: source)
        if source == .csv {
            let missing = Self.csvColumns.filter { !lines.columns.contains($0) }
            if !missing.isEmpty {
                throw BulkInputError(line: 1, message: "the header lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")): "
                                     + "it must name \(Self.csvColumns.joined(separator: ",")) (and may name carrier)")
            }
        }
    }

    /// The columns a CSV file must have (and, with `carrier`, the fields a `jsonl` object is read for).
    public static let csvColumns = ["tracking_number", "status", "at"]

    /// The next body's update, or nil at the end of the input.
    public func next() throws(BulkInputError) -> CarrierUpdate? {
        if source == .csv {
            switch try lines.next() {
            case nil: return nil
            case .invalid(let line, let message, _)?: return CarrierUpdate(line: line, trackingNumber: nil, outcome: .invalid(reason: message))
            case .row(let row)?: return Self.update(line: row.line, field: { row[$0] })
            }
        }
        if !decided { try decide() }
        while true {
            let line: Int, bytes: [UInt8]
            if !pending.isEmpty {
                // Taken from the end (`decide` leaves them last first): removing the first of up to a
                // megabyte of lines, one at a time, would move all the others each time.
                (line, bytes) = pending.removeLast()
            } else {
                line = lines.nextLine
                guard try lines.readLine() else { return nil }
                bytes = lines.recordBytes
            }
            if bytes.allSatisfy(JSONParser.isWhitespace) { continue }
            return update(ofBody: bytes, line: line)
        }
    }

    /// Reads ahead, when the first line is no value by itself, to see whether the input is one
    /// document; if it is, leaves that document alone in `pending`.
    private func decide() throws(BulkInputError) {
        decided = true
        defer { pending.reverse() }
        var size = 0
        while true {
            let line = lines.nextLine
            guard try lines.readLine() else { break }
            let bytes = lines.recordBytes
            if pending.isEmpty {
                if bytes.allSatisfy(JSONParser.isWhitespace) { continue }
                if (try? JSONParser.value(in: bytes)) != nil {
                    pending = [(line, bytes)]
                    return
                }
            }
            pending.append((line, bytes))
            size += bytes.count + 1
            // Too large for one document: the lines read so far are read as JSON Lines.
            if size > BulkRowReader.maximumRecordBytes { return }
        }
        guard let first = pending.first else { return }
        let document = Array(pending.map(\.bytes).joined(separator: [0x0A]))
        let isOneValue = (try? JSONParser.value(in: document)) != nil
        if isOneValue || !pending.dropFirst().contains(where: { (try? JSONParser.value(in: $0.bytes)) != nil }) {
            pending = [(first.line, document)]
        }
    }

    private func update(ofBody bytes: [UInt8], line: Int) -> CarrierUpdate {
        let body: JSONParser.Value
        do throws(JSONParser.Failure) {
            body = try JSONParser.value(in: bytes)
        } catch {
            return CarrierUpdate(line: line, trackingNumber: nil, outcome: .invalid(reason: error.message))
        }
        if let shape { return shape.update(from: body, line: line, source: source) }
        guard case .object = body else {
            return CarrierUpdate(line: line, trackingNumber: nil, outcome: .invalid(reason: "the line is not a JSON object"))
        }
        return Self.update(line: line) { key in body[key]?.text }
    }

    /// A row of campaignchat's own formats (`csv`, `jsonl`): a number, a status in campaignchat's
    /// words, and `at` with an offset or none at all (the brand wrote it: a guessed zone would misorder).
    private static func update(line: Int, field: (String) -> String?) -> CarrierUpdate {
        let carrier = field("carrier").map(TextRules.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        guard let number = field("tracking_number").map(TextRules.trimmed), !number.isEmpty else {
            return CarrierUpdate(line: line, trackingNumber: nil, carrier: carrier, outcome: .invalid(reason: "no tracking_number"))
        }
        func invalid(_ reason: String) -> CarrierUpdate {
            CarrierUpdate(line: line, trackingNumber: number, carrier: carrier, outcome: .invalid(reason: reason))
        }
        let word = TextRules.trimmed(field("status") ?? "")
        guard let status = ShipmentStatus(rawValue: word.lowercased()) else {
            let known = ShipmentStatus.allCases.map(\.rawValue).joined(separator: ", ")
            return invalid(word.isEmpty ? "no status" : "status '\(TextRules.quotedForMessage(word))' is not one of \(known)")
        }
        let at = TextRules.trimmed(field("at") ?? "")
        if at.isEmpty { return CarrierUpdate(line: line, trackingNumber: number, carrier: carrier, outcome: .status(status, at: nil)) }
        switch Timestamp.carrierTime(at) {
        case .moment(let time):
            return CarrierUpdate(line: line, trackingNumber: number, carrier: carrier, outcome: .status(status, at: time))
        case .noOffset:
            return invalid("at '\(TextRules.quotedForMessage(at))' has no UTC offset: add Z or +hh:mm")
        case .notATime:
            return invalid("at '\(TextRules.quotedForMessage(at))' is not an RFC 3339 time such as 2026-12-01T09:58:00-05:00")
        }
    }
}
