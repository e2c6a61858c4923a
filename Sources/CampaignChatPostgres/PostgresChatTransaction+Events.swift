import CampaignChat

/// The events a write appends, kept until the write is about to commit and then inserted in
/// one statement with one NOTIFY: a server round trip costs far more than a row, and a bulk
/// chunk appends a thousand. Their cursors still follow commit order: writes hold the lock.
final class PendingEvents {
    var records: [(event: EventRecord, time: Timestamp)] = []
}

/// The event log. Each write that appends to it also notifies `campaignchat_events` with its
/// schema's name, delivered when it commits: followers LISTEN, and wake at once.
extension PostgresChatTransaction {
    /// Rows per INSERT: 11 parameters each, well under the protocol's 65,535.
    static let eventsPerInsert = 1_000
    /// The channel followers listen on; the payload is the schema that changed.
    static let eventChannel = "campaignchat_events"

    private static let eventsQuery = StoredQueries.events { "$\($0)::bigint" }

    func events(in scope: EventScope, limit: Int) throws -> EventPage {
        try StoredModels.eventPage(connection.rows(Self.eventsQuery,
                                                   [.integer(scope.after), SQLValue(scope.campaignID), SQLValue(scope.creatorID),
                                                    SQLValue(limit)], StoredModels.eventPageRow))
    }

    func eventHorizon() throws -> EventHorizon {
        try StoredModels.requireHorizon(connection.row(StoredQueries.eventHorizon, [], StoredModels.eventHorizon))
    }

    func appendEvent(_ event: EventRecord, at time: Timestamp) throws {
        guard let pendingEvents else { throw StoreError.internalError("an event appended outside a write") }
        pendingEvents.records.append((event, time))
    }

    /// Inserts the events the write appended, in order, and notifies the followers; called by
    /// the write just before it commits.
    func insertPendingEvents() throws {
        guard let pendingEvents, !pendingEvents.records.isEmpty else { return }
        for start in stride(from: 0, to: pendingEvents.records.count, by: Self.eventsPerInsert) {
            let records = pendingEvents.records[start..<min(start + Self.eventsPerInsert, pendingEvents.records.count)]
            var values: [SQLValue] = []
            values.reserveCapacity(records.count * 12)
            for (event, time) in records {
                values += [.text(event.kind.rawValue), .integer(event.campaignID), SQLValue(event.creatorID), SQLValue(event.messageID),
                           SQLValue(event.side?.rawValue), SQLValue(event.unread), SQLValue(event.status?.rawValue),
                           SQLValue(event.previousStatus?.rawValue), SQLValue(event.notificationID), SQLValue(event.attempts),
                           .text(time.rfc3339), SQLValue(event.markedRead.map { $0 ? 1 : 0 })]
            }
            try connection.query(StoredQueries.insertEvents(count: records.count) { "$\($0)" }, values)
        }
        pendingEvents.records = []
        try connection.query("SELECT pg_notify('\(Self.eventChannel)', current_schema())")
    }

    func pruneEvents(before cursor: Int64) throws -> Int {
        let deleted = try connection.query("DELETE FROM event WHERE id < $1", [.integer(cursor)]).changedRows
        try connection.query("UPDATE event_horizon SET pruned_before = greatest(pruned_before, $1)", [.integer(cursor)])
        return deleted
    }
}
