// MARK: - JSON Lines

/// JSON Lines: one object a line, read by `JSONLineParser`; its keys are the
/// columns, so there is no header.
extension BulkRowReader {
    func nextJSONLine() throws(BulkInputError) -> BulkRecord? {
        while true {
            let line = nextLine
            guard try readLine() else {
                // As an empty CSV file is: nothing to send is more likely a truncated export than the intent.
                if !sawJSONLine { throw BulkInputError(line: 1, message: "the file is empty: it holds no JSON object") }
                return nil
            }
            if recordBytes.allSatisfy(JSONLineParser.isWhitespace) { continue }
            sawJSONLine = true
            let members: [(key: String, value: JSONLineParser.Value)]
            do throws(JSONLineParser.Failure) {
                members = try JSONLineParser.object(in: recordBytes)
            } catch {
                let handle: String? = if case .text(let text)? = error.members?.last(where: { $0.key == "handle" })?.value { text } else { nil }
                return .invalid(line: line, message: error.message, handle: handle)
            }
            // A row refused for its shape still names its creator when its handle can be read.
            let handle: String? = if case .text(let text)? = members.first(where: { $0.key == "handle" })?.value { text } else { nil }
            if members.count > Self.maximumColumns {
                return .invalid(line: line, message: "more than \(Self.maximumColumns) keys", handle: handle)
            }
            var fields: [String: String] = [:]
            var keys: Set<String> = []
            for (key, value) in members {
                // Two values for one column: which one to send is a guess, so refuse the row.
                if !keys.insert(key).inserted {
                    return .invalid(line: line, message: "key '\(TextRules.quotedForMessage(key))' appears twice", handle: handle)
                }
                switch value {
                case .text(let text):
                    fields[key] = text
                case .null, .notUTF8:  // object(in:) throws for a line with a string that is not UTF-8
                    break
                case .nested(let kind):
                    return .invalid(line: line, message: "the value of '\(TextRules.quotedForMessage(key))' is \(kind): only text, numbers, true, false and null can fill a message",
                                    handle: handle)
                }
            }
            return .row(BulkRow(line: line, fields: fields))
        }
    }
}
