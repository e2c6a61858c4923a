import CampaignChat

/// The event log. Followers on this engine are woken by the file changing (inotify).
extension SQLiteChatTransaction {
    private static let eventsQuery = StoredQueries.events { "?\($0)" }

    func events(in scope: EventScope, limit: Int) throws -> EventPage {
        try StoredModels.eventPage(database.rows(Self.eventsQuery, [.integer(scope.after), SQLValue(scope.campaignID), SQLValue(scope.creatorID),
                                                                    SQLValue(limit)], StoredModels.eventPageRow))
    }

    func eventHorizon() throws -> EventHorizon {
        try StoredModels.requireHorizon(database.row(StoredQueries.eventHorizon, [], StoredModels.eventHorizon))
    }

    /// Built once: a bulk send appends an event per message.
    private static let insertEvent = StoredQueries.insertEvent { "?\($0)" }

    func appendEvent(_ event: EventRecord, at time: Timestamp) throws {
        try database.run(Self.insertEvent, [
            .text(event.kind.rawValue), .integer(event.campaignID), SQLValue(event.creatorID), SQLValue(event.messageID),
            SQLValue(event.side?.rawValue), SQLValue(event.unread), SQLValue(event.status?.rawValue), SQLValue(event.previousStatus?.rawValue),
            SQLValue(event.notificationID), SQLValue(event.attempts), .text(time.rfc3339), SQLValue(event.markedRead.map { $0 ? 1 : 0 }),
        ])
    }

    func pruneEvents(before cursor: Int64) throws -> Int {
        try database.run("DELETE FROM event WHERE id < ?1", [.integer(cursor)])
        let deleted = database.changedRows
        try database.run("UPDATE event_horizon SET pruned_before = max(pruned_before, ?1)", [.integer(cursor)])
        return deleted
    }
}
