/// What a shipment's status change tells the creator, when the brand asks for it (`--notify`).
public enum ShipmentRules {
    /// How far past the store's clock a mark may be dated: clocks drift, and a script that labels
    /// local time as UTC is hours off. An event a day ahead is no carrier's, and would make every
    /// true mark after it look late (superseded).
    public static let futureTolerance: Int64 = 24 * 60 * 60 * 1_000

    public static func requireNotInTheFuture(_ time: Timestamp, now: Timestamp) throws(CampaignChatError) {
        guard time.millisecondsSinceEpoch > now.millisecondsSinceEpoch + futureTolerance else { return }
        throw .invalidOption("--at \(time.rfc3339) is more than a day ahead of the database's clock (\(now.rfc3339)): carriers report events that have happened")
    }

    /// The brand's message about `shipment` reaching `status`, with its tracking page when known.
    public static func notice(for shipment: Shipment, status: ShipmentStatus) -> String {
        let parcel = (shipment.carrierName.map { "\($0) parcel" } ?? "parcel") + " " + shipment.number
        let news = switch status {
        case .shipped: "has shipped"
        case .inTransit: "is on its way"
        case .delivered: "was delivered"
        case .returned: "was returned to us"
        case .lost: "is lost; we are looking into it"
        }
        return "Shipment update: your \(parcel) \(news)." + (shipment.trackingURL.map { " Track it: \($0)" } ?? "")
    }

    /// The idempotency key of that message: marking the same status again sends nothing new.
    public static func noticeKey(for shipment: Shipment, status: ShipmentStatus) -> String {
        "shipment:\(shipment.id):\(status.rawValue)"
    }
}
