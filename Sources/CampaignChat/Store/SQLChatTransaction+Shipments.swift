/// Shipments, the parcels whose tracking numbers went out in messages, and the event log.
extension SQLChatTransaction {
    /// The statuses go one parameter each (at most nine), so one statement serves both engines.
    public func shipments(campaignID: Int64?, creatorID: Int64?, carrierID: String?, statuses: [ShipmentStatus]?,
                          lastNewsAtOrBefore: Timestamp?) throws -> [Shipment] {
        if statuses?.isEmpty == true { return [] }
        let statuses = statuses.map { Array(Set($0)) } ?? []
        return try connection.rows(StoredQueries.shipments(statuses: statuses.count),
                                   [SQLValue(campaignID), SQLValue(creatorID), SQLValue(lastNewsAtOrBefore?.rfc3339), SQLValue(carrierID)] + statuses.map { .text($0.rawValue) },
                                   StoredModels.shipmentWithOwner)
    }

    public func shipment(campaignID: Int64, creatorID: Int64, number: String) throws -> Shipment? {
        try connection.row(StoredQueries.shipment + "\nWHERE s.campaign_id = $1 AND s.creator_id = $2 AND s.number = $3",
                           [.integer(campaignID), .integer(creatorID), .text(number)], StoredModels.shipmentWithOwner)
    }

    public func shipment(messageID: Int64) throws -> Shipment? {
        try connection.row(StoredQueries.shipment + "\nWHERE s.message_id = $1", [.integer(messageID)], StoredModels.shipmentWithOwner)
    }

    /// Nothing when the campaign's creator already has that number.
    public func insertShipment(_ draft: ShipmentDraft, campaignID: Int64, creatorID: Int64, messageID: Int64?, at time: Timestamp) throws -> Bool {
        try connection.run("""
            INSERT INTO shipment (campaign_id, creator_id, carrier, number, message_id, created_at, carrier_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (campaign_id, creator_id, number) DO NOTHING
            """, [.integer(campaignID), .integer(creatorID), SQLValue(draft.carrierID), .text(draft.number), SQLValue(messageID),
                  .text(time.rfc3339), SQLValue(draft.statedCarrier)]) > 0
    }

    /// One query for the whole list where the engine binds lists (a `shipment update` chunk's numbers);
    /// else one per number, through the same prepared statement (cheap for an engine in this process).
    public func shipments(numbers: [String]) throws -> [MatchedShipment] {
        let unique = Array(Set(numbers))
        if unique.isEmpty { return [] }
        if dialect.bindsLists {
            return try connection.rows(StoredQueries.shipmentsByNumbers, [.textArray(unique)], StoredModels.matchedShipment)
        }
        return try unique.flatMap { try connection.rows(StoredQueries.shipmentsByNumber, [.text($0)], StoredModels.matchedShipment) }
            .sorted { $0.shipment.id < $1.shipment.id }
    }

    /// One query for the whole list where the engine binds lists (a `shipment update` chunk's
    /// shipments, their ids as texts that PostgreSQL reads as `bigint[]`); else one per shipment,
    /// through the same prepared statement (cheap for an engine in this process).
    public func shipmentNotices(shipmentIDs: [Int64]) throws -> [Int64: [ShipmentStatus: Message]] {
        let unique = Array(Set(shipmentIDs))
        if unique.isEmpty { return [:] }
        let rows = dialect.bindsLists
            ? try connection.rows(StoredQueries.shipmentNotices(shipments: "= ANY ($1::bigint[])"), [.textArray(unique.map(String.init))],
                                  StoredModels.shipmentNotice)
            : try unique.flatMap { try connection.rows(StoredQueries.shipmentNotices(shipments: "= $1"), [.integer($0)], StoredModels.shipmentNotice) }
        var notices: [Int64: [ShipmentStatus: Message]] = [:]
        for (shipmentID, status, message) in rows { notices[shipmentID, default: [:]][status] = message }
        return notices
    }

    public func setShipmentStatus(id: Int64, status: ShipmentStatus, at time: Timestamp) throws {
        try connection.run("""
            UPDATE shipment SET status = $2, status_at = $3, event_at = CASE WHEN event_at > $3 THEN event_at ELSE $3 END WHERE id = $1
            """, [.integer(id), .text(status.rawValue), .text(time.rfc3339)])
    }

    public func setShipmentEventTime(id: Int64, at time: Timestamp) throws {
        try connection.run("UPDATE shipment SET event_at = $2 WHERE id = $1 AND (event_at IS NULL OR event_at < $2)",
                           [.integer(id), .text(time.rfc3339)])
    }

    public func insertShipmentNotice(shipmentID: Int64, status: ShipmentStatus, messageID: Int64) throws {
        try connection.run("INSERT INTO shipment_notice (shipment_id, status, message_id) VALUES ($1, $2, $3)",
                           [.integer(shipmentID), .text(status.rawValue), .integer(messageID)])
    }

    // MARK: - Events

    public func events(in scope: EventScope, limit: Int) throws -> EventPage {
        try StoredModels.eventPage(connection.rows(StoredQueries.events, [.integer(scope.after), SQLValue(scope.campaignID),
                                                                          SQLValue(scope.creatorID), SQLValue(limit)], StoredModels.eventPageRow))
    }

    public func eventHorizon() throws -> EventHorizon {
        try StoredModels.requireHorizon(connection.row(StoredQueries.eventHorizon, [], StoredModels.eventHorizon))
    }

    /// Kept until the write is about to commit, then inserted with the others (`finishWrite`): a
    /// server round trip costs far more than a row, and a bulk chunk appends a thousand. Their
    /// cursors still follow commit order: writes hold the lock.
    public func appendEvent(_ event: EventRecord, at time: Timestamp) throws {
        guard let pending else { throw StoreError.internalError("an event appended outside a write") }
        pending.events.append((event, time))
    }

    public func pruneEvents(before cursor: Int64) throws -> Int {
        let deleted = try connection.run("DELETE FROM event WHERE id < $1", [.integer(cursor)])
        try connection.run("UPDATE event_horizon SET pruned_before = CASE WHEN pruned_before > $1 THEN pruned_before ELSE $1 END",
                           [.integer(cursor)])
        return deleted
    }
}
