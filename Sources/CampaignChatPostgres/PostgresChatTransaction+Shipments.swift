import CampaignChat

/// Shipments: the parcels whose tracking numbers went out in messages.
extension PostgresChatTransaction {
    private static let shipmentsQuery = StoredQueries.shipments { number, type in "$\(number)::\(type)" }
    private static let shipmentQuery = StoredQueries.shipment { "$\($0)" }
    private static let shipmentOfMessageQuery = StoredQueries.shipmentOfMessage { "$\($0)" }
    private static let insertShipmentStatement = StoredQueries.insertShipment { "$\($0)" }

    func shipments(campaignID: Int64?, creatorID: Int64?, status: ShipmentStatus?) throws -> [Shipment] {
        try connection.rows(Self.shipmentsQuery, [SQLValue(campaignID), SQLValue(creatorID), SQLValue(status?.rawValue)],
                            StoredModels.shipmentWithOwner)
    }

    func shipment(campaignID: Int64, creatorID: Int64, number: String) throws -> Shipment? {
        try connection.row(Self.shipmentQuery, [.integer(campaignID), .integer(creatorID), .text(number)], StoredModels.shipmentWithOwner)
    }

    func shipment(messageID: Int64) throws -> Shipment? {
        try connection.row(Self.shipmentOfMessageQuery, [.integer(messageID)], StoredModels.shipmentWithOwner)
    }

    func insertShipment(_ draft: ShipmentDraft, campaignID: Int64, creatorID: Int64, messageID: Int64?, at time: Timestamp) throws -> Bool {
        try connection.query(Self.insertShipmentStatement, [.integer(campaignID), .integer(creatorID), SQLValue(draft.carrierID),
                                                            .text(draft.number), SQLValue(messageID), .text(time.rfc3339),
                                                            SQLValue(draft.statedCarrier)]).changedRows > 0
    }

    func setShipmentStatus(id: Int64, status: ShipmentStatus, at time: Timestamp) throws {
        try connection.query("UPDATE shipment SET status = $2, status_at = $3 WHERE id = $1", [.integer(id), .text(status.rawValue), .text(time.rfc3339)])
    }
}
