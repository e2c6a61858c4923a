extension ChatService {
    /// The shipments the acting side may see, oldest first: the brand every one, a creator
    /// only their own, in campaigns they were not removed from.
    public func shipments(campaign slug: String? = nil, status: ShipmentStatus? = nil, carrier: Carrier? = nil) throws -> [Shipment] {
        try visibleShipments(campaign: slug, status: status).filter { carrier == nil || $0.carrierID == carrier?.id }
    }

    private func visibleShipments(campaign slug: String?, status: ShipmentStatus?) throws -> [Shipment] {
        try store.read { tx in
            let campaign = try slug.map { try tx.requireCampaign($0) }
            guard let creator = try tx.actingCreator(actor) else {
                return try tx.shipments(campaignID: campaign?.id, creatorID: nil, status: status)
            }
            if let campaign {
                let membership = try tx.membershipStatus(campaignID: campaign.id, creatorID: creator.id)
                try ThreadAccess.requireVisible(actor: actor, status: membership, campaign: campaign, creator: creator.handle)
            }
            return try tx.shipments(campaignID: campaign?.id, creatorID: creator.id, status: status)
        }
    }

    /// What `markShipment` did.
    public struct ShipmentMark: Hashable, Sendable {
        public let shipment: Shipment
        /// Whether the status changed (marking the status it has changes nothing).
        public let changed: Bool
        /// Whether the mark was older (`--at`) than the status the shipment has: carriers' events
        /// arrive out of order, and a late `in-transit` must not undo `delivered`.
        public let superseded: Bool
        /// The brand's message to the creator, with `notify`.
        public let notice: SendResult?
        /// The time the mark was judged by: its `--at`, else the store's clock when it was recorded.
        public let markedAt: Timestamp
    }

    /// Records that a shipment reached `status` (at `time`, default now), as a script fed by the
    /// carrier does; with `notify`, tells the creator in their thread, in the same transaction
    /// (a creator who may not be messaged refuses both). Brand only.
    public func markShipment(campaign slug: String, handle: Handle, number: String, status: ShipmentStatus,
                             at time: Timestamp? = nil, notify: Bool = false) throws -> ShipmentMark {
        try ThreadAccess.requireBrand(actor, to: "mark shipments")
        guard ShipmentStatus.markable.contains(status) else {
            throw CampaignChatError.invalidValue("a shipment is marked \(ShipmentStatus.markable.map(\.rawValue).joined(separator: ", ")), not \(status.rawValue)")
        }
        // A carrier's event names the number it tracks (a USPS IMpb without its `420` + ZIP, a
        // DPD parcel number without its label), which is what a shipment records; a shipment
        // recorded whole before campaignchat kept only that part is found by the whole number.
        let recognised = TrackingNumber.recognize(number)
        return try store.write { tx in
            // The store's clock (the server's, when it is shared), as for leases: a machine whose clock is
            // behind would otherwise date its marks too early, and see them superseded.
            let now = try tx.currentTime()
            if let time { try ShipmentRules.requirePlausibleStatusTime(time, now: now) }
            let markedAt = time ?? now
            let campaign = try tx.requireCampaign(slug)
            try AcceptanceGate.requireActive(campaign)
            guard let creator = try tx.creator(handle: handle) else { throw CampaignChatError.creatorNotFound(handle) }
            guard let shipment = try tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: recognised.tracked)
                    ?? tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: recognised.normalized) else {
                throw CampaignChatError.shipmentNotFound(campaign: campaign.slug, creator: handle, number: recognised.normalized)
            }
            // Dated now when no --at is given, and judged like any other mark: a status dated later stays.
            let superseded = shipment.statusAt.map { markedAt < $0 } ?? false
            let changed = !superseded && shipment.status != status
            if changed { try tx.setShipmentStatus(id: shipment.id, status: status, at: markedAt) }
            var notice: SendResult?
            if notify && !superseded {
                var context = try tx.requireSendContext(campaign: campaign, handle: handle)
                // The carrier's news, not the brand replying: what the creator wrote stays unread for the brand.
                notice = try send(in: tx, campaign: campaign, context: &context, body: ShipmentRules.notice(for: shipment, status: status),
                                  key: ShipmentRules.noticeKey(for: shipment, status: status), marksRead: false)
            }
            let updated = try tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: shipment.number) ?? shipment
            return ShipmentMark(shipment: updated, changed: changed, superseded: superseded, notice: notice, markedAt: markedAt)
        }
    }
}
