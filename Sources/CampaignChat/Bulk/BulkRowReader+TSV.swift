// MARK: - TSV

/// TSV: one record a line, fields split on tabs, no quoting.
extension BulkRowReader {
    private static let tab = UInt8(ascii: "\t")

    /// Reads the next non-blank line and splits it on tabs; returns its line number.
    func readTSVRecord() throws(BulkInputError) -> Int? {
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

    func nextTSV() throws(BulkInputError) -> BulkRecord? {
        guard let line = try readTSVRecord() else { return nil }
        return currentRow(line: line)
    }
}
