// MARK: - JSON Lines

/// JSON Lines: one object a line, read by `JSONLineParser`; its keys are the
/// columns, so there is no header.
extension BulkRowReader {
    func nextJSONLine() throws(BulkInputError) -> BulkRecord? {
        while true {
            let line = nextLine
            // No object at all is no row to send (a filter that matched nothing), not an error.
            guard try readLine() else { return nil }
            if recordBytes.allSatisfy(JSONLineParser.isWhitespace) { continue }
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
            var nullKeys: Set<String> = []
            var keys: Set<String> = []
            for (key, value) in members {
                // Two values for one column: which one to send is a guess, so refuse the row.
                if !keys.insert(key).inserted {
                    return .invalid(line: line, message: "key '\(TextRules.quotedForMessage(key))' appears twice", handle: handle)
                }
                switch value {
                case .text(let text):
                    fields[key] = text
                case .null:
                    nullKeys.insert(key)
                case .notUTF8:  // object(in:) throws for a line with a string that is not UTF-8
                    break
                case .nested(let kind):
                    return .invalid(line: line, message: "the value of '\(TextRules.quotedForMessage(key))' is \(kind): only text, numbers, true, false and null can fill a message",
                                    handle: handle)
                }
            }
            return .row(BulkRow(line: line, fields: fields, nullKeys: nullKeys))
        }
    }
}
