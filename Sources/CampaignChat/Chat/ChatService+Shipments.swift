extension ChatService {
    /// The shipments the acting side may see, oldest first: the brand every one, a creator
    /// only their own, in campaigns they were not removed from. `statuses` (empty: any) and
    /// `carrier` narrow them; `staleDays` keeps only the stuck ones (`ShipmentRules.isStale`, by the store's clock).
    /// The statuses, the carrier and staleness are the store query's: the shipments left out are never read.
    public func shipments(campaign slug: String? = nil, statuses: Set<ShipmentStatus> = [], carrier: Carrier? = nil,
                          staleDays: Int? = nil) throws -> [Shipment] {
        try store.read { tx in
            let campaign = try slug.map { try tx.requireCampaign($0) }
            let creator = try tx.actingCreator(actor)
            if let creator, let campaign {
                let membership = try tx.membershipStatus(campaignID: campaign.id, creatorID: creator.id)
                try ThreadAccess.requireVisible(actor: actor, status: membership, campaign: campaign, creator: creator.handle)
            }
            var wanted = statuses.isEmpty ? nil : ShipmentStatus.allCases.filter(statuses.contains)
            var lastNewsAtOrBefore: Timestamp?
            if let staleDays {
                guard let stale = ShipmentRules.staleness(days: staleDays, now: try tx.currentTime()) else { return [] }
                wanted = (wanted ?? ShipmentStatus.allCases).filter(stale.statuses.contains)
                lastNewsAtOrBefore = stale.lastNewsAtOrBefore
            }
            return try tx.shipments(campaignID: campaign?.id, creatorID: creator?.id, carrierID: carrier?.id, statuses: wanted,
                                    lastNewsAtOrBefore: lastNewsAtOrBefore)
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
            var found: Shipment?
            for number in recognised.recordedNumbers where found == nil {
                found = try tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: number)
            }
            guard let shipment = found else {
                throw CampaignChatError.shipmentNotFound(campaign: campaign.slug, creator: handle, number: recognised.normalized)
            }
            // Dated now when no --at is given, and judged like any other mark: a status dated later stays.
            let verdict = try record(status, at: markedAt, of: shipment, campaignID: campaign.id, creatorID: creator.id, in: tx, now: now)
            var notice: SendResult?
            if notify && verdict != .superseded {
                let notices = try ShipmentNotices(in: tx, for: [MatchedShipment(shipment: shipment, campaign: campaign, creatorID: creator.id)])
                notice = try tellCreator(in: tx, writer: tx, notices: notices, campaign: campaign, shipment: shipment, status: status) { _ in
                    ShipmentRules.notice(for: shipment, status: status)
                }
            }
            let (changed, superseded) = (verdict == .applied, verdict == .superseded)
            let updated = try tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: shipment.number) ?? shipment
            return ShipmentMark(shipment: updated, changed: changed, superseded: superseded, notice: notice, markedAt: markedAt)
        }
    }

    /// Records that `shipment` reached `status` at the carrier's `time`, as `ShipmentRules.verdict`
    /// says: an applied status with its `shipment_status_changed` event, an unchanged one moving the
    /// last-event time on. Shared by `shipment mark` and `shipment update`.
    func record(_ status: ShipmentStatus, at time: Timestamp, of shipment: Shipment, campaignID: Int64, creatorID: Int64,
                in tx: any ChatWriting, now: Timestamp) throws -> ShipmentRules.Verdict {
        let verdict = ShipmentRules.verdict(recording: status, at: time, on: shipment)
        switch verdict {
        case .superseded:
            break
        case .unchanged:
            if shipment.eventAt.map({ $0 < time }) ?? true { try tx.setShipmentEventTime(id: shipment.id, at: time) }
        case .applied:
            try tx.setShipmentStatus(id: shipment.id, status: status, at: time)
            try tx.appendEvent(.shipmentStatusChanged(shipment, campaignID: campaignID, creatorID: creatorID, to: status, at: time), at: now)
        }
        return verdict
    }

    /// Tells a shipment's creator, in their thread, that it reached `status`: once per shipment and
    /// status, whichever command asks (the notice sent before is replayed), never marking the thread
    /// read (the carrier's news, not the brand replying: what the creator wrote stays unread for the
    /// brand). A creator who may not be messaged refuses it (`CampaignChatError`), writing nothing.
    /// Without `writer` (a dry run) it only checks, and is `nil` where it would send. What it reads
    /// of the store, it finds in `notices`, loaded before for the shipment, and keeps there.
    func tellCreator(in tx: any ChatReading, writer: (any ChatWriting)?, notices: ShipmentNotices, campaign: Campaign, shipment: Shipment,
                     status: ShipmentStatus, body: (Creator) throws -> String) throws -> SendResult? {
        if let told = notices.sent[shipment.id]?[status] { return SendResult(message: told, replayed: true) }
        guard var context = notices.contexts[campaign.id]?[shipment.creator] else { throw CampaignChatError.creatorNotFound(shipment.creator) }
        let text = try body(context.creator)
        try TextRules.checkMessageBody(text)
        guard let writer else {
            _ = try checkSend(in: tx, campaign: campaign, context: context, body: text, key: nil)
            return nil
        }
        let sent = try send(in: writer, campaign: campaign, context: &context, body: text, key: nil, marksRead: false)
        try writer.insertShipmentNotice(shipmentID: shipment.id, status: status, messageID: sent.message.id)
        notices.sent[shipment.id, default: [:]][status] = sent.message
        notices.contexts[campaign.id, default: [:]][shipment.creator] = context
        return sent
    }
}

/// What telling creators of their shipments reads (`ChatService.tellCreator`): the notices sent
/// before, by shipment and status, and the creators' send contexts, by campaign. Loaded before the
/// telling for all the shipments at once (a `shipment update` chunk's: on PostgreSQL one query for
/// the notices and one per campaign for the contexts, not two per body), and kept up to date as
/// notices go out in the same transaction.
final class ShipmentNotices {
    fileprivate(set) var sent: [Int64: [ShipmentStatus: Message]]
    fileprivate(set) var contexts: [Int64: [Handle: SendContext]]

    init(in tx: any ChatReading, for shipments: [MatchedShipment]) throws {
        sent = try tx.shipmentNotices(shipmentIDs: shipments.map(\.shipment.id))
        contexts = try Dictionary(grouping: shipments, by: \.campaign.id).mapValues { matches in
            try tx.sendContexts(campaignID: matches[0].campaign.id, handles: Array(Set(matches.map(\.shipment.creator))))
        }
    }
}
