/// Where `shipment update` reads parcels' progress from: a tracking service's webhook bodies, or
/// the brand's own file in campaignchat's words.
public enum CarrierSource: String, Hashable, Sendable, CaseIterable {
    case aftership, easypost, shippo, shipengine, csv, jsonl

    /// The service's name for people and the docs (`AfterShip`), or the format's.
    public var name: String {
        switch self {
        case .aftership: "AfterShip"
        case .easypost: "EasyPost"
        case .shippo: "Shippo"
        case .shipengine: "ShipEngine"
        case .csv: "CSV"
        case .jsonl: "JSON Lines"
        }
    }
}

/// How each service's status words map to campaignchat's statuses: the one table the reader
/// looks words up in and `campaignchat-docs table carrier-statuses` prints for the docs.
public enum CarrierStatusTable {
    /// One row: the services' words for `status` (nil: the words say there is no status to record).
    public struct Row: Sendable {
        public let status: ShipmentStatus?
        public let aftership: [String]
        public let easypost: [String]
        public let shippo: [String]
        /// Shippo's `tracking_status.substatus.code` that narrows a `TRANSIT` or `FAILURE` to this status.
        public let shippoSubstatus: [String]
        public let shipengine: [String]

        init(_ status: ShipmentStatus?, aftership: [String] = [], easypost: [String] = [], shippo: [String] = [],
             shippoSubstatus: [String] = [], shipengine: [String] = []) {
            (self.status, self.aftership, self.easypost, self.shippo) = (status, aftership, easypost, shippo)
            (self.shippoSubstatus, self.shipengine) = (shippoSubstatus, shipengine)
        }

        /// The words `source` uses for this row (none for csv and jsonl, which use campaignchat's).
        public func words(of source: CarrierSource) -> [String] {
            switch source {
            case .aftership: aftership
            case .easypost: easypost
            case .shippo: shippo
            case .shipengine: shipengine
            case .csv, .jsonl: []
            }
        }
    }

    /// From the services' documentation: AfterShip's delivery statuses, EasyPost's Tracker
    /// statuses, Shippo's tracking statuses and substatus codes, ShipEngine's status codes.
    public static let rows: [Row] = [
        Row(.shipped, aftership: ["InfoReceived"], easypost: ["pre_transit"], shippo: ["PRE_TRANSIT"], shipengine: ["NY"]),
        Row(.inTransit, aftership: ["InTransit"], easypost: ["in_transit"], shippo: ["TRANSIT"], shipengine: ["AC", "IT"]),
        Row(.outForDelivery, aftership: ["OutForDelivery"], easypost: ["out_for_delivery"], shippoSubstatus: ["out_for_delivery"]),
        Row(.availableForPickup, aftership: ["AvailableForPickup"], easypost: ["available_for_pickup"], shippoSubstatus: ["pickup_available"],
            shipengine: ["SP"]),
        Row(.failedAttempt, aftership: ["AttemptFail"], shippoSubstatus: ["delivery_attempted"], shipengine: ["AT"]),
        Row(.delivered, aftership: ["Delivered"], easypost: ["delivered"], shippo: ["DELIVERED"], shipengine: ["DE"]),
        Row(.exception, aftership: ["Exception", "Expired"], easypost: ["failure", "error", "cancelled"], shippo: ["FAILURE"], shipengine: ["EX"]),
        Row(.returned, easypost: ["return_to_sender"], shippo: ["RETURNED"]),
        Row(.lost),
        Row(nil, aftership: ["Pending"], easypost: ["unknown"], shippo: ["UNKNOWN"], shipengine: ["UN"]),
    ]

    /// What a service's word means.
    public enum Meaning: Hashable, Sendable {
        case status(ShipmentStatus)
        /// A word for "no news yet" (`Pending`, `UNKNOWN`): nothing to record.
        case noStatus
        /// A word this table does not have (a service may add one): nothing to record either.
        case unknown
    }

    /// The meaning of `word` from `source`, with Shippo's substatus code narrowing its
    /// `TRANSIT` and `FAILURE` (never a `DELIVERED` or `RETURNED`, which say more than any substatus).
    public static func meaning(of word: String, substatus: String? = nil, from source: CarrierSource) -> Meaning {
        guard let row = rows.first(where: { $0.words(of: source).contains(word) }) else { return .unknown }
        guard let status = row.status else { return .noStatus }
        if source == .shippo, status == .inTransit || status == .exception, let substatus,
           let narrower = rows.first(where: { $0.shippoSubstatus.contains(substatus) })?.status {
            return .status(narrower)
        }
        return .status(status)
    }
}
