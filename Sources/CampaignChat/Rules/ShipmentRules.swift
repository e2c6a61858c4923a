/// What a shipment's status change tells the creator, when the brand asks for it (`--notify`).
public enum ShipmentRules {
    /// How far past the store's clock a mark may be dated: clocks drift, and a script that labels
    /// local time as UTC is hours off. An event a day ahead is no carrier's, and would make every
    /// true mark after it look late (superseded).
    public static let futureTolerance: Int64 = 24 * 60 * 60 * 1_000

    /// The earliest time a status change may be dated: 2000-01-01T00:00:00Z. A webhook that sends
    /// 0 (or nothing, read as 0) for a missing time would otherwise date its mark 1970 and flip the
    /// status. Not the shipment's creation time: a carrier's scan may precede the shipment's record.
    public static let earliestStatusTime = Timestamp(millisecondsSinceEpoch: 946_684_800_000)

    /// Refuses a status time no carrier reports: before ``earliestStatusTime``, or more than
    /// ``futureTolerance`` ahead of the store's clock. Every path that accepts a status time calls it.
    public static func requirePlausibleStatusTime(_ time: Timestamp, now: Timestamp) throws(CampaignChatError) {
        if let why = whyImplausible(time, now: now) { throw .invalidOption("--at " + why) }
    }

    /// Why no carrier reports a status at `time` (what follows the time's name in a message), or nil.
    public static func whyImplausible(_ time: Timestamp, now: Timestamp) -> String? {
        if time.millisecondsSinceEpoch < earliestStatusTime.millisecondsSinceEpoch {
            return "\(time.rfc3339) is before \(earliestStatusTime.rfc3339): no carrier's event is that old (a missing time sent as 0?)"
        }
        guard time.millisecondsSinceEpoch > now.millisecondsSinceEpoch + futureTolerance else { return nil }
        return "\(time.rfc3339) is more than a day ahead of the database's clock (\(now.rfc3339)): carriers report events that have happened"
    }

    /// What recording a status does to a shipment.
    public enum Verdict: Hashable, Sendable {
        /// The status changes, as of the given time.
        case applied
        /// The shipment has that status already; a later time moves its last-event time on.
        case unchanged
        /// The time is before the shipment's current status began: carriers' events arrive out of
        /// order, and a late `in-transit` must not undo `delivered`.
        case superseded
    }

    /// What recording `status` at the carrier's `time` does to `shipment`: never backwards.
    public static func verdict(recording status: ShipmentStatus, at time: Timestamp, on shipment: Shipment) -> Verdict {
        if let since = shipment.statusAt, time < since { return .superseded }
        return status == shipment.status ? .unchanged : .applied
    }

    /// The brand's message about `shipment` reaching `status`, with its tracking page when known.
    public static func notice(for shipment: Shipment, status: ShipmentStatus) -> String {
        let parcel = (shipment.carrierName.map { "\($0) parcel" } ?? "parcel") + " " + shipment.number
        let news = switch status {
        case .shipped: "has shipped"
        case .inTransit: "is on its way"
        case .outForDelivery: "is out for delivery"
        case .availableForPickup: "is ready for pickup"
        case .failedAttempt: "could not be delivered; the carrier will try again or leave a notice"
        case .delivered: "was delivered"
        case .exception: "has a delivery problem; we are looking into it"
        case .returned: "was returned to us"
        case .lost: "is lost; we are looking into it"
        }
        return "Shipment update: your \(parcel) \(news)." + (shipment.trackingURL.map { " Track it: \($0)" } ?? "")
    }

    /// Whether `shipment` is stuck: not at the end of its journey, and no news of it for `days`
    /// days before `now` (`shipment list --stale`). The rule itself: `shipment list` asks the store
    /// for what `staleness` says, and a test holds the store's answer to this on the same shipments.
    public static func isStale(_ shipment: Shipment, days: Int, now: Timestamp) -> Bool {
        guard let stale = staleness(days: days, now: now) else { return false }
        return stale.statuses.contains(shipment.status) && shipment.lastNewsAt <= stale.lastNewsAtOrBefore
    }

    /// What a stuck parcel is, as a store's query asks it: in one of `statuses` (none final), and
    /// last heard of (`Shipment.lastNewsAt`) at or before `lastNewsAtOrBefore`.
    public struct Staleness: Hashable, Sendable {
        public let statuses: [ShipmentStatus]
        public let lastNewsAtOrBefore: Timestamp
    }

    /// A parcel stuck for `days` days before `now`; nil when that reaches back before 1970, where
    /// no parcel was heard of (and `days` in milliseconds may not fit in 64 bits), or forward.
    public static func staleness(days: Int, now: Timestamp) -> Staleness? {
        let (span, overflow) = Int64(days).multipliedReportingOverflow(by: 86_400_000)
        guard !overflow, span >= 0, span <= now.millisecondsSinceEpoch else { return nil }
        return Staleness(statuses: ShipmentStatus.allCases.filter { !$0.isFinal },
                         lastNewsAtOrBefore: Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - span))
    }
}
