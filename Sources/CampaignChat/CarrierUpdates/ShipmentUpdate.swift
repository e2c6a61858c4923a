/// How `shipment update` treats its bodies.
public struct ShipmentUpdateOptions: Sendable {
    /// The statuses that send the creator a notice when a body applies them.
    public var notifyOn: Set<ShipmentStatus>
    /// The notice's wording (`ShipmentUpdates.templateFields`); nil: `ShipmentRules.notice`.
    public var template: MessageTemplate?
    /// Checks and reports every body; writes nothing.
    public var dryRun: Bool
    /// Bodies per write transaction.
    public var chunkSize: Int
    /// Asked before each body: `true` stops the run, rolling back the open chunk.
    public var isInterrupted: @Sendable () -> Bool

    public init(notifyOn: Set<ShipmentStatus> = [], template: MessageTemplate? = nil, dryRun: Bool = false, chunkSize: Int = 1_000,
                isInterrupted: @escaping @Sendable () -> Bool = { false }) {
        self.notifyOn = notifyOn
        self.template = template
        self.dryRun = dryRun
        self.chunkSize = max(1, chunkSize)
        self.isInterrupted = isInterrupted
    }
}

/// What one body did to one shipment (or, when it matched none, to nothing).
public enum ShipmentUpdateOutcome: String, Hashable, Sendable, CaseIterable {
    /// The shipment took the body's status.
    case applied
    /// A dry run's `applied`.
    case wouldApply = "would_apply"
    /// The shipment has the status already (a retried webhook, a repeated scan).
    case unchanged
    /// The body is older than the shipment's current status.
    case superseded
    /// The body has no status to record (another event type, a "no news" status word).
    case ignored
    /// The shipment's campaign is archived: left as it is.
    case archived
    /// No shipment has the number (the service tracks other parcels too): a warning.
    case unknown
    /// The body cannot be read, or names no tracking number: exit 65.
    case invalid

    /// What kind of failure the result is, if any: only an invalid body fails a run (`unknown`
    /// is a warning); the exit code follows from it, as for a bulk send's rows.
    public var failure: CampaignChatError.Category? { self == .invalid ? .invalidData : nil }
}

/// One result of `shipment update`, in input order: one per body and shipment it matched.
public struct ShipmentUpdateResult: Hashable, Sendable {
    /// The line the body starts on.
    public let line: Int
    /// The shipment's number; without one, the body's number as recognised (or as given, if it is none).
    public let trackingNumber: String?
    /// The carrier's name: the shipment's, else the body's.
    public let carrier: String?
    public let campaign: String?
    public let creator: Handle?
    /// The status the body says, in campaignchat's words.
    public let status: ShipmentStatus?
    /// The shipment's status before the body.
    public let previousStatus: ShipmentStatus?
    /// The carrier's time of the status (or the time it was recorded, for a body without one).
    public let statusAt: Timestamp?
    public let outcome: ShipmentUpdateOutcome
    /// Why the body was not applied (ignored, superseded, archived, unknown, invalid).
    public let reason: String?
    /// Whether a notice went to the creator (with a dry run: would go).
    public let notified: Bool
    /// Why no notice went when one was due (`--notify-on` named the status the body applied).
    public let notNotified: String?
    /// The notice: the one sent, or the one sent before for this shipment and status.
    public let noticeID: Int64?

    init(line: Int, trackingNumber: String?, carrier: String?, campaign: String? = nil, creator: Handle? = nil, status: ShipmentStatus?,
         previousStatus: ShipmentStatus? = nil, statusAt: Timestamp? = nil, outcome: ShipmentUpdateOutcome, reason: String? = nil,
         notified: Bool = false, notNotified: String? = nil, noticeID: Int64? = nil) {
        (self.line, self.trackingNumber, self.carrier, self.campaign, self.creator) = (line, trackingNumber, carrier, campaign, creator)
        (self.status, self.previousStatus, self.statusAt, self.outcome, self.reason) = (status, previousStatus, statusAt, outcome, reason)
        (self.notified, self.notNotified, self.noticeID) = (notified, notNotified, noticeID)
    }
}

/// Counts of a `shipment update` run.
public struct ShipmentUpdateSummary: Hashable, Sendable {
    public private(set) var counts: [ShipmentUpdateOutcome: Int] = [:]
    public private(set) var notified = 0
    /// The failure of the run, if a result failed (see `ShipmentUpdateOutcome.failure`).
    public private(set) var failure: CampaignChatError.Category?

    public init() {}

    public subscript(outcome: ShipmentUpdateOutcome) -> Int { counts[outcome] ?? 0 }

    mutating func add(_ result: ShipmentUpdateResult) {
        counts[result.outcome, default: 0] += 1
        if result.notified { notified += 1 }
        failure = failure ?? result.outcome.failure
    }
}

public enum ShipmentUpdates {
    /// The placeholders a notice's template may use.
    public static let templateFields = ["tracking_number", "carrier", "status", "status_text", "tracking_url", "name", "handle"]

    /// The template's placeholders that no field fills.
    public static func unknownPlaceholders(in template: MessageTemplate) -> [String] {
        template.placeholders.filter { !templateFields.contains($0) }
    }

    /// What a run has recorded and not read back: the shipments it changed (a chunk's shipments are
    /// read at its start, in one query) and, in a dry run, the notices it would send. A run keeps one
    /// per chunk; a dry run, which writes nothing, one for all, growing with the shipments it changes.
    final class Recorded {
        var shipments: [Int64: Shipment] = [:]
        var told: [Int64: Set<ShipmentStatus>] = [:]
    }

    /// The number a body says, when it has a status to record.
    static func reading(of update: CarrierUpdate) -> TrackingRules.Reading? {
        guard case .status = update.outcome else { return nil }
        return TrackingRules.read(update.trackingNumber.map(TextRules.trimmed) ?? "")
    }

    /// The shipments of a body's number, oldest first: recorded under the number the carrier tracks,
    /// or the whole number; `found` is its chunk's shipments by number.
    static func matches(of tracking: TrackingNumber, in found: [String: [MatchedShipment]]) -> [MatchedShipment] {
        tracking.recordedNumbers.flatMap { found[$0] ?? [] }.sorted { $0.shipment.id < $1.shipment.id }
    }

    /// A notice's text from `template`: a value there is none of (a carrier, a tracking page campaignchat does not know) is empty.
    static func notice(_ template: MessageTemplate, shipment: Shipment, status: ShipmentStatus, carrier: String?, creator: Creator) -> String {
        template.render { field in
            switch field {
            case "tracking_number": shipment.number
            case "carrier": shipment.carrierName ?? carrier ?? ""
            case "status": status.rawValue
            case "status_text": status.text
            case "tracking_url": shipment.trackingURL ?? ""
            case "name": creator.name ?? creator.handle.description
            case "handle": creator.handle.description
            default: nil
            }
        }
    }
}

extension ChatService {
    /// Records the carriers' news (`CarrierUpdateReader`'s updates, in input order) in every shipment
    /// of their numbers, in any campaign, and tells creators of the statuses `options.notifyOn`
    /// names; reports one result per body and shipment it matched, in input order. Brand only.
    ///
    /// Bodies are read in chunks outside any transaction, each chunk written in one write transaction
    /// (as bulk sends are) and its results reported once it committed. Each change is recorded once:
    /// a body again, or a re-run, finds the status there (`unchanged`) or a later one (`superseded`),
    /// and a notice goes once per shipment and status, whichever command sends it.
    public func updateShipments(options: ShipmentUpdateOptions, next: () throws -> CarrierUpdate?,
                                report: (ShipmentUpdateResult) throws -> Void) throws -> ShipmentUpdateSummary {
        try ThreadAccess.requireBrand(actor, to: "update shipments")
        var summary = ShipmentUpdateSummary()
        let dryRun = ShipmentUpdates.Recorded()
        try ChunkedInput(size: options.chunkSize, isInterrupted: options.isInterrupted).forEachChunk(of: next, in: store, dryRun: options.dryRun, {
            chunk, tx, writer in
            // The store's clock, as for `shipment mark`: it dates a body without a time, and judges the times bodies give.
            let now = try tx.currentTime()
            let readings = chunk.map(ShipmentUpdates.reading(of:))
            let numbers = readings.flatMap { reading -> [String] in
                if case .number(let tracking)? = reading { tracking.recordedNumbers } else { [] }
            }
            let found = Dictionary(grouping: try tx.shipments(numbers: numbers), by: \.shipment.number)
            let matched = readings.map { reading -> [MatchedShipment] in
                if case .number(let tracking)? = reading { ShipmentUpdates.matches(of: tracking, in: found) } else { [] }
            }
            // What telling their creators reads, for the shipments a body may tell of: the chunk's at once.
            let toTell = zip(chunk, matched).flatMap { update, matches -> [MatchedShipment] in
                guard case .status(let status, _) = update.outcome, options.notifyOn.contains(status) else { return [] }
                return matches.filter { !$0.campaign.isArchived }
            }
            let notices = try ShipmentNotices(in: tx, for: toTell)
            let recorded = writer == nil ? dryRun : ShipmentUpdates.Recorded()
            return try zip(zip(chunk, readings), matched).flatMap { body, matches in
                if options.isInterrupted() { throw OperationInterrupted() }
                return try results(of: body.0, reading: body.1, matches: matches, notices: notices, in: tx, writer: writer, recorded: recorded,
                                   now: now, options: options)
            }
        }, report: { result in
            summary.add(result)
            try report(result)
        })
        return summary
    }

    /// One body's results inside its chunk's transaction: `reading` is its number, `matches` the
    /// shipments of it as the chunk began, `notices` what telling their creators reads, `recorded`
    /// what the chunk changed since.
    private func results(of update: CarrierUpdate, reading: TrackingRules.Reading?, matches: [MatchedShipment],
                         notices: ShipmentNotices, in tx: any ChatReading,
                         writer: (any ChatWriting)?, recorded plan: ShipmentUpdates.Recorded, now: Timestamp,
                         options: ShipmentUpdateOptions) throws -> [ShipmentUpdateResult] {
        let given = update.trackingNumber.map(TextRules.trimmed)
        func alone(_ outcome: ShipmentUpdateOutcome, _ reason: String, number: String? = given, status: ShipmentStatus? = nil,
                   at time: Timestamp? = nil) -> [ShipmentUpdateResult] {
            [ShipmentUpdateResult(line: update.line, trackingNumber: number, carrier: update.carrier, status: status, statusAt: time,
                                  outcome: outcome, reason: reason)]
        }
        let (status, time): (ShipmentStatus, Timestamp)
        switch update.outcome {
        case .invalid(let reason): return alone(.invalid, reason)
        case .ignored(let reason): return alone(.ignored, reason)
        case .status(let said, let at):
            if let at, let why = ShipmentRules.whyImplausible(at, now: now) { return alone(.invalid, "the status's time " + why, status: said) }
            (status, time) = (said, at ?? now)
        }
        let tracking: TrackingNumber
        switch reading ?? .noNumber {
        case .noNumber:
            return alone(.invalid, "the body names no tracking number", status: status, at: time)
        case .notANumber(let normalized, let reason):
            return alone(.invalid, "'\(TextRules.quotedForMessage(normalized))' is not a tracking number: \(reason)", status: status, at: time)
        case .number(let recognised):
            tracking = recognised
        }
        if matches.isEmpty {
            return alone(.unknown, "no shipment has this number", number: tracking.normalized, status: status, at: time)
        }
        return try matches.map { match in
            let shipment = plan.shipments[match.shipment.id] ?? match.shipment
            func result(_ outcome: ShipmentUpdateOutcome, _ reason: String? = nil, notified: Bool = false, notNotified: String? = nil,
                        noticeID: Int64? = nil) -> ShipmentUpdateResult {
                ShipmentUpdateResult(line: update.line, trackingNumber: shipment.number, carrier: shipment.carrierName ?? update.carrier,
                                     campaign: shipment.campaignSlug, creator: shipment.creator, status: status, previousStatus: shipment.status,
                                     statusAt: time, outcome: outcome, reason: reason, notified: notified, notNotified: notNotified, noticeID: noticeID)
            }
            if match.campaign.isArchived { return result(.archived, "campaign '\(match.campaign.slug)' is archived: the shipment is left as it is") }
            let verdict = try writer.map { writer in
                try record(status, at: time, of: shipment, campaignID: match.campaign.id, creatorID: match.creatorID, in: writer, now: now)
            } ?? ShipmentRules.verdict(recording: status, at: time, on: shipment)
            plan.shipments[shipment.id] = shipment.recording(status, at: time)
            switch verdict {
            case .superseded:
                return result(.superseded, "the shipment has been \(shipment.status.rawValue) since \(shipment.statusAt?.rfc3339 ?? "its record"); "
                              + "this \(status.rawValue) is dated \(time.rfc3339), before that")
            case .unchanged:
                return result(.unchanged)
            case .applied:
                break
            }
            let applied: ShipmentUpdateOutcome = writer == nil ? .wouldApply : .applied
            guard options.notifyOn.contains(status) else { return result(applied) }
            let body = { (creator: Creator) -> String in
                options.template.map { ShipmentUpdates.notice($0, shipment: shipment, status: status, carrier: update.carrier, creator: creator) }
                    ?? ShipmentRules.notice(for: shipment, status: status)
            }
            do {
                if let notice = try tellCreator(in: tx, writer: writer, notices: notices, campaign: match.campaign, shipment: shipment,
                                                status: status, body: body) {
                    guard notice.replayed else { return result(applied, notified: true, noticeID: notice.message.id) }
                    return result(applied, notNotified: "the creator was told of \(status.rawValue) before (message \(notice.message.id))",
                                  noticeID: notice.message.id)
                }
                guard plan.told[shipment.id, default: []].insert(status).inserted else {
                    return result(applied, notNotified: "an earlier body would tell the creator of \(status.rawValue)")
                }
                return result(applied, notified: true)
            } catch let error as CampaignChatError {
                // The status is a fact about the parcel: it stays recorded; the result says why no one was told.
                return result(applied, notNotified: error.description)
            }
        }
    }
}
