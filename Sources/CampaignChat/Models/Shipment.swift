/// Where a parcel stands: `shipped` when its tracking number went out in a message, then what
/// a carrier's tracking service (through `shipment update`) or a person (`shipment mark`) records.
/// The order is the parcel's usual journey, which help, completions and docs list in.
public enum ShipmentStatus: String, Hashable, Sendable, CaseIterable {
    case shipped
    case inTransit = "in-transit"
    case outForDelivery = "out-for-delivery"
    case availableForPickup = "available-for-pickup"
    case failedAttempt = "failed-attempt"
    case delivered
    case exception
    case returned
    case lost

    /// The statuses `shipment mark` records: every one but `shipped`, where every shipment starts
    /// (marking it by hand would either change nothing or take a parcel's progress back).
    public static let markable: [ShipmentStatus] = allCases.filter { $0 != .shipped }

    /// Whether the parcel's journey is over (`delivered`, `returned`): such a parcel is never
    /// "stuck", however long since its last change (`shipment list --stale`). A `lost` or
    /// `exception` parcel is not over: it is what the brand has to look into.
    public var isFinal: Bool {
        switch self {
        case .delivered, .returned: true
        case .shipped, .inTransit, .outForDelivery, .availableForPickup, .failedAttempt, .exception, .lost: false
        }
    }

    /// The status in people's words, for a notice (`{status_text}` in a template).
    public var text: String {
        switch self {
        case .shipped: "shipped"
        case .inTransit: "in transit"
        case .outForDelivery: "out for delivery"
        case .availableForPickup: "ready for pickup"
        case .failedAttempt: "delivery attempt failed"
        case .delivered: "delivered"
        case .exception: "delivery problem"
        case .returned: "returned"
        case .lost: "lost"
        }
    }
}

/// A parcel sent to a creator of a campaign, known by its tracking number: recorded once per
/// campaign, creator and number, with the message that carried the number.
public struct Shipment: Hashable, Sendable {
    public let id: Int64
    public let campaignSlug: String
    public let creator: Handle
    /// The carrier's id (`ups`, `dhl-express`, ...), `nil` for a number of no known format.
    public let carrierID: String?
    /// The number as recognised: no spaces or dashes, upper case.
    public let number: String
    public let messageID: Int64?
    public let status: ShipmentStatus
    /// When the current status began, by the carrier's time (`nil` while it is `shipped`).
    public let statusAt: Timestamp?
    public let createdAt: Timestamp
    /// The carrier's time of the newest news of the parcel: moves with every newer body of
    /// `shipment update`, even one that repeats the status, so a parcel still moving is not stale.
    public let eventAt: Timestamp?
    /// The carrier as the sender named it, kept when campaignchat does not know it (`DHL Paket`).
    public let statedCarrier: String?

    public init(id: Int64, campaignSlug: String, creator: Handle, carrierID: String?, number: String, messageID: Int64?,
                status: ShipmentStatus, statusAt: Timestamp?, createdAt: Timestamp, statedCarrier: String? = nil, eventAt: Timestamp? = nil) {
        self.id = id
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.carrierID = carrierID
        self.number = number
        self.messageID = messageID
        self.status = status
        self.statusAt = statusAt
        self.createdAt = createdAt
        self.statedCarrier = statedCarrier
        self.eventAt = eventAt
    }

    /// The shipment as recording `status` at `time` leaves it (see `ShipmentRules.verdict`): what a dry run expects.
    public func recording(_ status: ShipmentStatus, at time: Timestamp) -> Shipment {
        let verdict = ShipmentRules.verdict(recording: status, at: time, on: self)
        guard verdict != .superseded else { return self }
        let applied = verdict == .applied
        return Shipment(id: id, campaignSlug: campaignSlug, creator: creator, carrierID: carrierID, number: number, messageID: messageID,
                        status: status, statusAt: applied ? time : statusAt, createdAt: createdAt, statedCarrier: statedCarrier,
                        eventAt: [eventAt, time].compactMap { $0 }.max())
    }

    /// When the parcel was last heard of: its newest event, else its status's start, else its record.
    public var lastNewsAt: Timestamp { [eventAt, statusAt].compactMap { $0 }.max() ?? createdAt }

    public var carrier: Carrier? { carrierID.flatMap(Carrier.withID) }
    /// The carrier's name for people: the one campaignchat knows, else the one the sender wrote.
    public var carrierName: String? { carrier?.name ?? statedCarrier }
    /// The carrier's public tracking page for this parcel, when it has one.
    public var trackingURL: String? { carrier.flatMap { TrackingNumber.recognize(number, as: .carrier($0)).trackingURL } }
}

/// A shipment to record with the message that carries its number.
public struct ShipmentDraft: Hashable, Sendable {
    public let carrierID: String?
    /// The part of the number the carrier tracks (a USPS IMpb without its `420` + ZIP).
    public let number: String
    /// The number as the message carries it, whole: what campaignchat recorded before it kept
    /// only the tracked part, so that a re-run of an older send still replays.
    public let barcode: String
    /// The carrier the sender named, when campaignchat does not know it (else nil: the id says it).
    public let statedCarrier: String?

    public init(carrierID: String?, number: String, barcode: String? = nil, statedCarrier: String? = nil) {
        self.carrierID = carrierID
        self.number = number
        self.barcode = barcode ?? number
        // Only a name fit to show (no controls, not endless) is kept: it is the sender's text.
        self.statedCarrier = carrierID == nil ? statedCarrier.flatMap { try? TextRules.name($0, of: "carrier") } : nil
    }

    /// The draft of a recognised number (its carrier, when the format is known).
    public init(_ tracking: TrackingNumber) {
        self.init(carrierID: tracking.carrier?.id, number: tracking.tracked, barcode: tracking.normalized)
    }
}

/// A shipment found by its number (`shipment update`), with the campaign it belongs to.
public struct MatchedShipment: Hashable, Sendable {
    public let shipment: Shipment
    public let campaign: Campaign
    public let creatorID: Int64

    public init(shipment: Shipment, campaign: Campaign, creatorID: Int64) {
        (self.shipment, self.campaign, self.creatorID) = (shipment, campaign, creatorID)
    }
}
