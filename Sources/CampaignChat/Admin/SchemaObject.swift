/// A table, index or trigger of campaignchat's schema, as `db check` expects to find it.
public struct SchemaObject: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case table, index, trigger
    }

    public var kind: Kind
    public var name: String
    /// The table an index or trigger belongs to; a table's own name.
    public var table: String

    public init(_ kind: Kind, _ name: String, on table: String) {
        self.kind = kind
        self.name = name
        self.table = table
    }

    /// What a database that ran `migrations` has, read from their SQL: each `CREATE [UNIQUE] INDEX
    /// name ON table`, `CREATE [VIRTUAL] TABLE name` and `CREATE TRIGGER name ... ON table` that no
    /// later `DROP INDEX|TABLE|TRIGGER name` took away. The migrations are the one place the
    /// schema is written down, so the list never falls behind them.
    public static func created(by migrations: [String]) -> [SchemaObject] {
        var objects: [SchemaObject] = []
        for sql in migrations {
            let words = self.words(of: sql)
            for (index, word) in words.enumerated() {
                let rest = words[(index + 1)...]
                if word == "CREATE", let object = created(from: rest) {
                    objects.removeAll { $0.name == object.name }
                    objects.append(object)
                } else if word == "DROP", let kind = rest.first.flatMap({ Kind(rawValue: $0.lowercased()) }), rest.count > 1 {
                    let name = rest[rest.startIndex + 1]
                    objects.removeAll { $0.kind == kind && $0.name == name }
                }
            }
        }
        return objects
    }

    /// Every name a `CREATE` of `sql` gives, with what it makes (`table`, `index`, `function`,
    /// `trigger`, ...: the word after `CREATE [UNIQUE|VIRTUAL]`, lowercased), dropped later or
    /// not: the names that must be free (or campaignchat's) before `sql` runs.
    public static func names(createdBy sql: String) -> [(kind: String, name: String)] {
        let words = self.words(of: sql)
        var names: [(kind: String, name: String)] = []
        for (index, word) in words.enumerated() where word == "CREATE" {
            let rest = words[(index + 1)...].drop { $0 == "UNIQUE" || $0 == "VIRTUAL" }
            guard let kind = rest.first, let name = rest.dropFirst().first else { continue }
            names.append((kind.lowercased(), name))
        }
        return names
    }

    /// The problems of the objects of `expected` that `present` (`"index thread_by_creator"`,
    /// `"table thread"`, ...) does not have: a missing table, else a missing index or trigger of
    /// a table that is there (a table's own indexes go with it).
    public static func missing(from expected: [SchemaObject], present: Set<String>) -> [DatabaseProblem] {
        let absent = expected.filter { !present.contains("\($0.kind.rawValue) \($0.name)") }
        let absentTables = Set(absent.filter { $0.kind == .table }.map(\.name))
        return absent.filter { $0.kind == .table || !absentTables.contains($0.table) }.map(\.missing)
    }

    /// The object a `CREATE` whose following words are `words` makes, if it is one of ours to check.
    private static func created(from words: ArraySlice<String>) -> SchemaObject? {
        var words = words.drop { $0 == "UNIQUE" || $0 == "VIRTUAL" }
        guard let kind = words.first.flatMap({ Kind(rawValue: $0.lowercased()) }) else { return nil }
        words = words.dropFirst()
        guard let name = words.first else { return nil }
        if kind == .table { return SchemaObject(.table, name, on: name) }
        guard let on = words.firstIndex(of: "ON"), on + 1 < words.endIndex else { return nil }
        return SchemaObject(kind, name, on: words[on + 1])
    }

    /// The SQL's words, without comments, split at white space and punctuation.
    private static func words(of sql: String) -> [String] {
        var words: [String] = []
        for line in sql.split(separator: "\n") {
            let code = line.firstRange(of: "--").map { line[..<$0.lowerBound] } ?? line
            words += code.split { $0.isWhitespace || "(),;".contains($0) }.map(String.init)
        }
        return words
    }
}

extension SchemaObject {
    /// The problem of this object not being there.
    public var missing: DatabaseProblem {
        let kind: DatabaseProblem.Kind = switch self.kind {
        case .table: .missingTable
        case .index: .missingIndex
        case .trigger: .missingTrigger
        }
        return DatabaseProblem(kind, table: table, detail: "the \(self.kind.rawValue) \(name) is missing")
    }
}
