import CampaignChat

/// `db ...`: the database itself.
enum DatabaseCommands {
    static let all = DatabaseAdminCommands.all + [DatabaseCopy.spec, pruneEvents]

    static let pruneEvents = CommandSpec(
        path: ["db", "prune-events"],
        abstract: "Delete the events before a cursor; a follower still behind it is told so, never given a gap.",
        discussion: """
            The event log (campaignchat events) grows with every change. Deleting the events before CURSOR
            keeps it small; a follower that later asks for events after an older cursor gets exit status 66
            ("cursor ... is too old") and must read the state again and follow from --after now. A CURSOR
            past the newest event is refused (64) and prunes nothing: one more than the newest prunes them all.
            """,
        options: [Self.before.spec]
    ) { invocation in
        let cursor = invocation[Self.before]
        let deleted = try invocation.service().pruneEvents(before: cursor)
        if invocation.output.json { return invocation.output.json(.object([("pruned", .int(deleted)), ("before", .int(cursor))])) }
        invocation.output.confirm("Pruned \(deleted) events before cursor \(cursor).")
    }

    static let before = RequiredOption("before", Parse.cursor, abstract: "Delete every event whose cursor is lower.")
}
