import CampaignChat

/// The event log. Followers on this engine are woken by the file changing (inotify).
extension SQLiteChatTransaction {
    private static let eventsQuery = StoredQueries.events { "?\($0)" }

    func events(in scope: EventScope, limit: Int) throws -> EventPage {
        try StoredModels.eventPage(database.rows(Self.eventsQuery,
                                                 [.integer(scope.after), scope.campaignID.map(SQLValue.integer) ?? .null,
                                                  scope.creatorID.map(SQLValue.integer) ?? .null, SQLValue(limit)], StoredModels.eventPageRow))
    }

    func eventHorizon() throws -> EventHorizon {
        try StoredModels.requireHorizon(database.row(StoredQueries.eventHorizon, [], StoredModels.eventHorizon))
    }

    /// Built once: a bulk send appends an event per message.
    private static let insertEvent = StoredQueries.insertEvent { "?\($0)" }

    func appendEvent(_ event: EventRecord, at time: Timestamp) throws {
        try database.run(Self.insertEvent, [
            .text(event.kind.rawValue), .integer(event.campaignID), event.creatorID.map(SQLValue.integer) ?? .null,
            event.messageID.map(SQLValue.integer) ?? .null, SQLValue(event.side?.rawValue), event.unread.map(SQLValue.init) ?? .null,
            SQLValue(event.status?.rawValue), SQLValue(event.previousStatus?.rawValue),
            event.notificationID.map(SQLValue.integer) ?? .null, event.attempts.map(SQLValue.init) ?? .null, .text(time.rfc3339),
            event.markedRead.map { SQLValue.integer($0 ? 1 : 0) } ?? .null,
        ])
    }

    func pruneEvents(before cursor: Int64) throws -> Int {
        try database.run("DELETE FROM event WHERE id < ?1", [.integer(cursor)])
        let deleted = database.changedRows
        try database.run("UPDATE event_horizon SET pruned_before = max(pruned_before, ?1)", [.integer(cursor)])
        return deleted
    }
}
