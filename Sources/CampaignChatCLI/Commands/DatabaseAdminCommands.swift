import CampaignChat
import CampaignChatStorage

/// `db info | check | backup | migrate`: the database itself, for admins and CI smoke tests.
/// Brand only. None of them upgrades the schema but `db migrate`.
enum DatabaseAdminCommands {
    static let all = [info, check, backup, migrate]

    static let info = CommandSpec(
        path: ["db", "info"],
        abstract: "Show the engine, location, schema version, counts and size of the database, changing nothing.",
        discussion: """
            The schema version is the database's and this campaignchat's: an older one is upgraded by the next command
            that writes (or by db migrate), a newer one is refused by every command but this one. The database is opened
            read-only: db info never upgrades or writes it.
            """
    ) { invocation in
        let info = try invocation.administration(readOnly: true).info()
        let output = invocation.output
        if output.json { return output.json(info.json) }
        var fields = [("engine", info.engine), ("location", info.location), ("schema", describe(info.schema)),
                      ("size", "\(info.sizeBytes) bytes" + (info.walBytes.map { " (with \($0) in the -wal file)" } ?? ""))]
        fields += info.counts.map { ($0.name.replacing("_", with: " "), $0.rows.map(String.init) ?? "- (not in this schema version)") }
        let width = fields.map(\.0.count).max() ?? 0
        for (name, value) in fields {
            output.line(Terminal.safe(name + String(repeating: " ", count: width - name.count + 2) + value, keepNewlines: false))
        }
    }

    static let check = CommandSpec(
        path: ["db", "check"],
        abstract: "Check every invariant campaignchat promises on the data, read-only; exit 65 when any is broken.",
        discussion: """
            SQLite's integrity and foreign key checks (on PostgreSQL: the schema's tables and indexes, and its foreign keys
            checked on the data), the thread counters and read positions, each thread's first and last message, the
            numbering of each side's messages, the push notification of every brand message, the search index, the
            pruned event log, and the message of every shipment. One line per problem found on standard output (with
            --json, one object per line: {"problem", "table", "id", "detail"}); it repairs nothing. Exit status 0 when
            the database is sound, 65 when a problem was found.
            """
    ) { invocation in
        let output = invocation.output
        var found = 0
        let checks = try invocation.administration(readOnly: true).check { problem in
            found += 1
            if output.json { return output.json(problem.json) }
            let place = [problem.table, problem.id.map(String.init)].compactMap { $0 }.joined(separator: " ")
            output.line(Terminal.safe(problem.kind.rawValue + ": " + (place.isEmpty ? "" : place + ": ") + problem.detail, keepNewlines: false))
        }
        if found > 0 { throw DatabaseUnsound(problems: found) }
        output.confirm("The database is sound: \(checks) checks found no problem.")
    }

    static let backup = CommandSpec(
        path: ["db", "backup"],
        abstract: "Copy the SQLite database into a new file, consistently, while other processes keep writing.",
        discussion: """
            The copy is taken with SQLite's online backup API from one snapshot, so writers are never blocked and it holds
            every change committed before it started and none after. FILE is created private to you (0600) and must not
            exist: db backup never overwrites. The copy is a campaignchat database like the original (WAL mode, same
            schema version), ready to use with --db FILE. A PostgreSQL database is backed up with pg_dump instead.
            """,
        arguments: [Self.file.spec]
    ) { invocation in
        let path = invocation[Self.file]
        try ThreadAccess.requireBrand(try invocation.actingAs(), to: "administer the database")
        let location = try invocation.databaseLocation()
        let copy = try backUpDatabase(at: location, to: path, busyTimeout: try invocation.busyTimeout())
        let output = invocation.output
        if output.json {
            return output.json(.object([("file", .string(copy.file)), ("bytes", .int(copy.bytes)), ("schema_version", .int(copy.schemaVersion))]))
        }
        output.confirm("Backed up \(location.displayName) to \(copy.file): \(copy.bytes) bytes, schema version \(copy.schemaVersion).")
    }

    static let migrate = CommandSpec(
        path: ["db", "migrate"],
        abstract: "Apply the pending schema migrations now, each in its own transaction; --dry-run lists them.",
        discussion: """
            Every command that opens the database for writing upgrades an older schema by itself; db migrate does it
            explicitly, for example before a newer campaignchat is rolled out to the machines that share a database, so
            that none of their commands has to. Commands that only read (db info, db check, db backup, --dry-run bulk
            sends, completions) never upgrade. Prints one line per migration: its version and what it does.
            """,
        options: [Self.dryRun.spec]
    ) { invocation in
        let dryRun = invocation[Self.dryRun]
        let administration = try invocation.administration(readOnly: dryRun)
        let plan = try dryRun ? administration.pendingMigrations() : administration.migrate()
        let output = invocation.output
        if output.json { return output.json(plan.json(dryRun: dryRun)) }
        for migration in plan.migrations { output.line("\(migration.version)  \(migration.summary)") }
        if plan.migrations.isEmpty {
            output.confirm("The schema is at version \(plan.to), this campaignchat's: nothing to migrate.")
        } else {
            output.confirm(dryRun ? "\(plan.migrations.count) pending: db migrate would upgrade the schema from version \(plan.from) to \(plan.to)."
                                  : "Upgraded the schema from version \(plan.from) to \(plan.to).")
        }
    }

    static let file = Argument("FILE", DatabaseLocation.newFile, abstract: "The new file to write the copy to.")
    static let dryRun = Flag("dry-run", abstract: "List the pending migrations and change nothing.")

    /// The schema line of `db info`.
    static func describe(_ schema: SchemaVersions) -> String {
        switch schema.state {
        case .current:
            "version \(schema.found), this campaignchat's"
        case .older:
            "version \(schema.found), older than this campaignchat's \(schema.supported): the next command that writes upgrades it (or db migrate)"
        case .newer:
            "version \(schema.found), newer than this campaignchat's \(schema.supported): refused (use a newer campaignchat)"
        }
    }
}

/// `db check` found problems: exit 65 after they are printed.
struct DatabaseUnsound: Error, CustomStringConvertible {
    let problems: Int

    var description: String { problems == 1 ? "1 problem found" : "\(problems) problems found" }
}
