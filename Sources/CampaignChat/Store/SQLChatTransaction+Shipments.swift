/// Shipments, the parcels whose tracking numbers went out in messages, and the event log.
extension SQLChatTransaction {
    public func shipments(campaignID: Int64?, creatorID: Int64?, status: ShipmentStatus?) throws -> [Shipment] {
        try connection.rows(StoredQueries.shipments, [SQLValue(campaignID), SQLValue(creatorID), SQLValue(status?.rawValue)],
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

    public func setShipmentStatus(id: Int64, status: ShipmentStatus, at time: Timestamp) throws {
        try connection.run("UPDATE shipment SET status = $2, status_at = $3 WHERE id = $1", [.integer(id), .text(status.rawValue), .text(time.rfc3339)])
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
