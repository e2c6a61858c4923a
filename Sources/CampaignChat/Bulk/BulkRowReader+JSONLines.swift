// MARK: - JSON Lines

/// JSON Lines: one object a line, read by `JSONParser`; its keys are the
/// columns, so there is no header.
extension BulkRowReader {
    func nextJSONLine() throws(BulkInputError) -> BulkRecord? {
        while true {
            let line = nextLine
            // No object at all is no row to send (a filter that matched nothing), not an error.
            guard try readLine() else { return nil }
            if recordBytes.allSatisfy(JSONParser.isWhitespace) { continue }
            let members: [JSONParser.Member]
            do throws(JSONParser.Failure) {
                members = try JSONParser.object(in: recordBytes)
            } catch {
                let handle = error.members?.last(where: { $0.key == "handle" })?.value.cellText
                return .invalid(line: line, message: error.message, handle: handle)
            }
            // A row refused for its shape still names its creator when its handle can be read.
            let handle = members.first(where: { $0.key == "handle" })?.value.cellText
            if members.count > Self.maximumColumns {
                return .invalid(line: line, message: "more than \(Self.maximumColumns) keys", handle: handle)
            }
            var fields: [String: String] = [:]
            var nullKeys: Set<String> = []
            var keys: Set<String> = []
            for member in members {
                let key = member.key
                // Two values for one column: which one to send is a guess, so refuse the row.
                if !keys.insert(key).inserted {
                    return .invalid(line: line, message: "key '\(TextRules.quotedForMessage(key))' appears twice", handle: handle)
                }
                if let text = member.value.cellText {
                    fields[key] = text
                } else if member.value == .null {
                    nullKeys.insert(key)
                } else if let kind = member.value.nestedKind {
                    return .invalid(line: line, message: "the value of '\(TextRules.quotedForMessage(key))' is \(kind): only text, numbers, true, false and null can fill a message",
                                    handle: handle)
                }  // else not UTF-8: object(in:) throws for a line with such a string
            }
            return .row(BulkRow(line: line, fields: fields, nullKeys: nullKeys))
        }
    }
}

extension JSONParser.Value {
    /// What a value puts in a message's placeholder: a string, a number as written, `true` or
    /// `false`; nil for null, objects and arrays.
    var cellText: String? {
        if case .bool(let flag) = self { return flag ? "true" : "false" }
        return text
    }
}
