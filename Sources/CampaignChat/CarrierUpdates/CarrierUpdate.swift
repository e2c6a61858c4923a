/// What one body (or CSV row) of `shipment update`'s input says, before any shipment is looked up.
public struct CarrierUpdate: Hashable, Sendable {
    /// 1-based line where the body starts in the input.
    public let line: Int
    /// The number as the body gives it (not yet normalised), nil when it gives none.
    public let trackingNumber: String?
    /// The carrier as the body names it (`ups`, `USPS`, `stamps_com`), when it does.
    public let carrier: String?
    public let outcome: Outcome

    public enum Outcome: Hashable, Sendable {
        /// A status to record, with the carrier's time of it (nil: the body has none, date it now).
        case status(ShipmentStatus, at: Timestamp?)
        /// Nothing to record: another event type, or a status word that says no news.
        case ignored(reason: String)
        /// The body cannot be used: unreadable, no number, a status word campaignchat's own
        /// formats do not have.
        case invalid(reason: String)
    }

    public init(line: Int, trackingNumber: String?, carrier: String? = nil, outcome: Outcome) {
        self.line = line
        self.trackingNumber = trackingNumber
        self.carrier = carrier
        self.outcome = outcome
    }

    /// The recorded status, when there is one.
    public var status: ShipmentStatus? { if case .status(let status, _) = outcome { status } else { nil } }
}

/// Where each service puts what campaignchat reads in its webhook body, from the services' docs:
/// AfterShip's `tracking_update`, EasyPost's `Event` of a `Tracker`, Shippo's `track_updated`,
/// ShipEngine's `API_TRACK`. Every other field is left alone, so new ones do no harm.
struct CarrierBodyShape {
    /// The member naming the body's event type, and whether a type is a tracking update (a body
    /// without the member is taken as one: a relay may pass the tracking object alone).
    let eventType: String
    let isTrackingEvent: (String) -> Bool
    /// The object holding the tracking fields.
    let record: String
    let number: String
    /// Where the current status is, inside `record`, and its key there and in each event.
    let current: [String]
    let statusKey: String
    /// The arrays (or single objects) of events inside `record`, and each event's time.
    let events: [[String]]
    let eventTime: String
    /// The body's own update time, tried in order from the body's root: text, or seconds since 1970.
    let updated: [[String]]
    let carrier: String

    static func shape(of source: CarrierSource) -> CarrierBodyShape? {
        switch source {
        case .aftership:
            CarrierBodyShape(eventType: "event", isTrackingEvent: { $0 == "tracking_update" }, record: "msg", number: "tracking_number",
                             current: [], statusKey: "tag", events: [["checkpoints"]], eventTime: "checkpoint_time",
                             updated: [["msg", "updated_at"], ["ts"]], carrier: "slug")
        case .easypost:
            CarrierBodyShape(eventType: "description", isTrackingEvent: { $0.hasPrefix("tracker.") }, record: "result", number: "tracking_code",
                             current: [], statusKey: "status", events: [["tracking_details"]], eventTime: "datetime",
                             updated: [["result", "updated_at"]], carrier: "carrier")
        case .shippo:
            CarrierBodyShape(eventType: "event", isTrackingEvent: { $0 == "track_updated" }, record: "data", number: "tracking_number",
                             current: ["tracking_status"], statusKey: "status", events: [["tracking_history"], ["tracking_status"]],
                             eventTime: "status_date", updated: [["data", "tracking_status", "object_updated"]], carrier: "carrier")
        case .shipengine:
            CarrierBodyShape(eventType: "resource_type", isTrackingEvent: { $0 == "API_TRACK" || $0 == "TRACK_EVENT_V2" }, record: "data",
                             number: "tracking_number", current: [], statusKey: "status_code", events: [["events"]], eventTime: "occurred_at",
                             updated: [], carrier: "carrier_code")
        case .csv, .jsonl:
            nil
        }
    }

    /// What `body` says, read as `source` (one of the four services) sends it.
    func update(from body: JSONParser.Value, line: Int, source: CarrierSource) -> CarrierUpdate {
        guard case .object = body else {
            return CarrierUpdate(line: line, trackingNumber: nil, outcome: .invalid(reason: "the body is not a JSON object"))
        }
        if let type = body[eventType]?.text, !isTrackingEvent(type) {
            return CarrierUpdate(line: line, trackingNumber: body[[record, number]]?.text,
                                 outcome: .ignored(reason: "\(source.name) event '\(TextRules.quotedForMessage(type))' is no tracking update"))
        }
        let fields = body[record]
        let carrierName = fields?[carrier]?.text.flatMap { $0.isEmpty ? nil : $0 }
        guard let trackingNumber = fields?[number]?.text, !TextRules.trimmed(trackingNumber).isEmpty else {
            return CarrierUpdate(line: line, trackingNumber: nil, carrier: carrierName,
                                 outcome: .invalid(reason: "the body names no tracking number (\(record).\(number))"))
        }
        let statusPath = [record] + current + [statusKey]
        guard let word = body[statusPath]?.text else {
            return CarrierUpdate(line: line, trackingNumber: trackingNumber, carrier: carrierName,
                                 outcome: .invalid(reason: "the body has no status (\(statusPath.joined(separator: ".")))"))
        }
        let status: ShipmentStatus
        switch meaning(of: body[[record] + current], source: source) {
        case .status(let meant):
            status = meant
        case .noStatus:
            return CarrierUpdate(line: line, trackingNumber: trackingNumber, carrier: carrierName,
                                 outcome: .ignored(reason: "\(source.name) status '\(TextRules.quotedForMessage(word))' has no status to record"))
        case .unknown:
            return CarrierUpdate(line: line, trackingNumber: trackingNumber, carrier: carrierName,
                                 outcome: .ignored(reason: "\(source.name) status '\(TextRules.quotedForMessage(word))' is not one campaignchat knows"))
        }
        return CarrierUpdate(line: line, trackingNumber: trackingNumber, carrier: carrierName,
                             outcome: .status(status, at: time(of: status, in: body, source: source)))
    }

    /// The meaning of an object's status word (and, from Shippo, its substatus code).
    private func meaning(of object: JSONParser.Value?, source: CarrierSource) -> CarrierStatusTable.Meaning {
        guard let word = object?[statusKey]?.text else { return .unknown }
        return CarrierStatusTable.meaning(of: word, substatus: object?[["substatus", "code"]]?.text, from: source)
    }

    /// The carrier's time of `status`: the newest event carrying it whose time has an offset, else
    /// the body's update time; nil when the body has neither.
    private func time(of status: ShipmentStatus, in body: JSONParser.Value, source: CarrierSource) -> Timestamp? {
        var newest: Timestamp?
        for path in events {
            let found = body[[record] + path]
            let list: [JSONParser.Value] = switch found {
            case .array(let elements)?: elements
            case .object?: [found!]
            default: []
            }
            for event in list where meaning(of: event, source: source) == .status(status) {
                guard let text = event[eventTime]?.text, let moment = Timestamp.carrierTime(text).moment else { continue }
                if newest.map({ moment > $0 }) ?? true { newest = moment }
            }
        }
        if let newest { return newest }
        for path in updated {
            switch body[path] {
            case .string(let text)?:
                if let moment = Timestamp.carrierTime(text).moment { return moment }
            case .number(let seconds)?:
                if let seconds = Int(seconds), seconds > 0 { return Timestamp(secondsSinceEpoch: seconds) }
            default:
                break
            }
        }
        return nil
    }
}
