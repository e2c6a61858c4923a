import CampaignChat

/// The event log. Each write that appends to it also notifies `campaignchat_events` with its
/// schema's name, delivered when it commits: followers LISTEN, and wake at once.
extension PostgresChatTransaction {
    /// The channel followers listen on; the payload is the schema that changed.
    static let eventChannel = "campaignchat_events"

    func events(in scope: EventScope, limit: Int) throws -> [ChatEvent] {
        try connection.rows(StoredQueries.events { "$\($0)::bigint" },
                            [.integer(scope.after), PostgresValue(scope.campaignID), PostgresValue(scope.creatorID), PostgresValue(limit)],
                            StoredModels.event)
    }

    func eventsPrunedBefore() throws -> Int64 {
        try connection.integer("SELECT pruned_before FROM event_horizon")
    }

    func latestEventCursor() throws -> Int64 {
        try connection.integer("SELECT greatest(coalesce((SELECT max(id) FROM event), 0), (SELECT pruned_before - 1 FROM event_horizon))")
    }

    func appendEvent(_ event: EventRecord, at time: Timestamp) throws {
        try connection.query(StoredQueries.insertEvent { "$\($0)" }, [
            .text(event.kind.rawValue), .integer(event.campaignID), PostgresValue(event.creatorID), PostgresValue(event.messageID),
            PostgresValue(event.side?.rawValue), PostgresValue(event.unread), PostgresValue(event.status?.rawValue),
            PostgresValue(event.previousStatus?.rawValue), PostgresValue(event.notificationID), PostgresValue(event.attempts),
            .text(time.rfc3339),
        ])
        // Notifications with the same payload in one transaction are delivered once.
        try connection.query("SELECT pg_notify('\(Self.eventChannel)', current_schema())")
    }

    func pruneEvents(before cursor: Int64) throws -> Int {
        let deleted = try connection.query("DELETE FROM event WHERE id < $1", [.integer(cursor)]).changedRows
        try connection.query("UPDATE event_horizon SET pruned_before = greatest(pruned_before, $1)", [.integer(cursor)])
        return deleted
    }
}
