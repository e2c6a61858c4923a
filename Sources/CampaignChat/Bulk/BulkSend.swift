/// How a bulk send treats its rows.
public struct BulkSendOptions: Sendable {
    /// Keys rows on this prefix and the handle instead of on the rendered body.
    public var keyPrefix: IdempotencyKey?
    /// Checks and reports every row; writes nothing.
    public var dryRun: Bool
    /// All rows or none, in one transaction.
    public var atomic: Bool
    /// Rows per `BEGIN IMMEDIATE` transaction when not atomic.
    public var chunkSize: Int
    /// Asked before each row: `true` stops the send, rolling back the open chunk.
    public var isInterrupted: @Sendable () -> Bool
    /// The column of courier tracking numbers; `nil`: `tracking_number`, else `tracking`, when a row has one.
    public var trackingColumn: String?
    /// Refuse a row whose tracking number has a wrong check digit (the default).
    public var verifyTracking: Bool
    /// Mark each thread read for the brand as it is written to. Off by default: a script that
    /// sends tracking numbers has read nothing, and the creators' questions must stay red dots.
    public var markRead: Bool

    public init(keyPrefix: IdempotencyKey? = nil, dryRun: Bool = false, atomic: Bool = false, chunkSize: Int = 1_000,
                trackingColumn: String? = nil, verifyTracking: Bool = true, markRead: Bool = false,
                isInterrupted: @escaping @Sendable () -> Bool = { false }) {
        self.keyPrefix = keyPrefix
        self.dryRun = dryRun
        self.atomic = atomic
        self.chunkSize = max(1, chunkSize)
        self.trackingColumn = trackingColumn
        self.verifyTracking = verifyTracking
        self.markRead = markRead
        self.isInterrupted = isInterrupted
    }

    /// The columns that may hold a row's tracking number, in order of preference.
    var trackingColumns: [String] { trackingColumn.map { [$0] } ?? BulkSend.defaultTrackingColumns }
}

/// The user asked a long operation to stop (Ctrl-C): what was open was rolled back.
public struct OperationInterrupted: Error, Hashable, Sendable {
    public init() {}
}

/// What happened to one input row.
public enum BulkRowStatus: String, Sendable, CaseIterable {
    case sent
    case replayed
    case wouldSend = "would_send"
    case refused
    case invalid
}

/// One input row's outcome, reported in input order.
public struct BulkRowResult: Hashable, Sendable {
    /// 1 for the first data row.
    public let row: Int
    /// The file line the row starts on.
    public let line: Int
    /// The handle as the row gave it, when it had one.
    public let creator: String?
    public let status: BulkRowStatus
    public let messageID: Int64?
    public let error: String?
    /// Why a refused or invalid row failed: not found (unknown creator), not permitted, or invalid data.
    public let failure: CampaignChatError.Category?
    /// What the row's sender should know although it was sent (a tracking number that could not be verified).
    public var warning: String? = nil

    func with(status: BulkRowStatus, messageID: Int64?) -> BulkRowResult {
        BulkRowResult(row: row, line: line, creator: creator, status: status, messageID: messageID, error: error, failure: failure,
                      warning: warning)
    }
}

/// Counts of a bulk send, and the failure that decides its exit code.
public struct BulkSummary: Hashable, Sendable {
    public private(set) var counts: [BulkRowStatus: Int] = [:]
    /// The worst failure of any row: not permitted, then invalid data, then not found.
    public private(set) var worstFailure: CampaignChatError.Category?
    /// With `--atomic`, whether the rows were rolled back because one failed.
    public internal(set) var rolledBack = false

    public init() {}

    public subscript(status: BulkRowStatus) -> Int { counts[status] ?? 0 }

    mutating func add(_ result: BulkRowResult) {
        counts[result.status, default: 0] += 1
        guard let failure = result.failure else { return }
        func rank(_ category: CampaignChatError.Category) -> Int {
            switch category {
            case .notPermitted: 3
            case .invalidData: 2
            case .notFound, .usage: 1
            }
        }
        if worstFailure.map({ rank(failure) > rank($0) }) ?? true { worstFailure = failure }
    }
}

/// Template placeholders that neither a column, nor the creator's profile, nor the tracking
/// column (`trackingColumn`, when the input has it) can fill.
public func unknownPlaceholders(in template: MessageTemplate, columns: [String], trackingColumn: String? = nil) -> [String] {
    let tracking = (trackingColumn.map { [$0] } ?? BulkSend.defaultTrackingColumns).contains(where: columns.contains)
    return template.placeholders.filter {
        !columns.contains($0) && !BulkSend.profileFields.contains($0) && !(tracking && BulkSend.trackingFields.contains($0))
    }
}

enum BulkSend {
    /// Placeholders filled from the creator's profile when the input has no such column.
    static let profileFields = ["name", "handle"]
    /// Where tracking numbers are looked for without `--tracking-column`.
    static let defaultTrackingColumns = ["tracking_number", "tracking"]
    /// Placeholders filled from a row's tracking number: the number as recognised, its carrier's
    /// name (unless the row has a carrier column) and its tracking page.
    static let trackingFields = ["tracking_number", "carrier", "tracking_url"]

    /// A row read and checked as far as it can be without the database: its fields with the
    /// tracking number's merge fields added, and the shipment its message records.
    enum Prepared {
        case ready(row: Int, line: Int, handle: Handle, fields: BulkRow, tracking: TrackingRules.Checked?)
        case failed(BulkRowResult)
    }

    /// What a dry run would have sent so far, by creator and key, so that it reports the rows
    /// of the file that repeat a key as the real run would: `replayed` for the same text,
    /// `invalid` for another. It keeps 24 bytes of digest per row, never the rows' text: with
    /// the dictionary's own overhead about 100 bytes, 10 MB per 100,000 rows.
    final class DryRunPlan {
        struct Slot: Hashable { let high: UInt64, low: UInt64 }
        private var sent: [Slot: (body: UInt64, shipment: UInt64?)] = [:]
        private var shipments: Set<Slot> = []

        /// `nil` when the key is new to this run (and is now taken), else whether the body (and
        /// the tracking number of the shipment its message recorded, as a real send compares
        /// them) matches. A new key's send records a shipment for its number unless the database
        /// (`recordedBefore`) or an earlier row of the file has one for it, as the real insert would.
        func take(key: String, creatorID: Int64, body: String, shipment: (campaignID: Int64, number: String, recordedBefore: Bool)?) -> Bool? {
            let slot = Self.slot(String(creatorID) + "\u{1F}" + key)
            let bodyDigest = Self.word(SHA256.digest(Array(body.utf8)), 0)
            let numberDigest = shipment.map { Self.word(SHA256.digest(Array($0.number.utf8)), 0) }
            guard let earlier = sent[slot] else {
                let records = shipment.map { shipment in
                    !shipment.recordedBefore
                        && shipments.insert(Self.slot(String(shipment.campaignID) + "\u{1F}" + String(creatorID) + "\u{1F}" + shipment.number)).inserted
                } ?? false
                sent[slot] = (bodyDigest, records ? numberDigest : nil)
                return nil
            }
            // A message that recorded no shipment (its parcel was recorded with an earlier one) has no number to compare.
            return earlier.body == bodyDigest && (earlier.shipment == nil || numberDigest == nil || earlier.shipment == numberDigest)
        }

        private static func slot(_ text: String) -> Slot {
            let digest = SHA256.digest(Array(text.utf8))
            return Slot(high: word(digest, 0), low: word(digest, 8))
        }

        private static func word(_ bytes: [UInt8], _ start: Int) -> UInt64 {
            bytes[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// Why a merge field of the tracking number has no value in a row, for its error.
    static func whyNoValue(_ placeholder: String, tracking: TrackingRules.Checked?) -> String {
        guard trackingFields.contains(placeholder) else { return "" }
        guard let tracking else { return ": the row has no tracking number" }
        return tracking.tracking.carrier == nil ? ": '\(TextRules.quotedForMessage(tracking.tracking.normalized))' matches no known carrier format" : ""
    }

    /// The default idempotency key: the same campaign, creator and text give the same key.
    static func contentKey(campaign: String, handle: Handle, body: String) -> String {
        "bulk:" + SHA256.hex(campaign + "\u{1F}" + handle.value + "\u{1F}" + body)
    }
}

extension ChatService {
    /// Sends one personalised message per input row to the campaign's accepted
    /// creators, and reports every row in input order.
    ///
    /// Rows are read in chunks outside any transaction, then each chunk is
    /// checked and written in one `BEGIN IMMEDIATE` transaction, and its results
    /// are reported only after it committed. Every row is keyed, so a re-run
    /// after a crash or a fix sends only what was not sent yet.
    public func bulkSend(campaign slug: String, template: MessageTemplate, options: BulkSendOptions,
                         next: () throws -> BulkRecord?, report: (BulkRowResult) throws -> Void) throws -> BulkSummary {
        try ThreadAccess.requireBrand(actor, to: "send in bulk")
        // An archived campaign is refused row by row, not up front: a row that already went out
        // replays, so a re-run after the campaign was archived does not fail on what it did.
        _ = try store.read { tx in try tx.requireCampaign(slug) }

        var summary = BulkSummary()
        var rowNumber = 0
        let input = ChunkedInput(size: options.chunkSize, isInterrupted: options.isInterrupted)
        func nextRow() throws -> BulkSend.Prepared? {
            guard let record = try next() else { return nil }
            rowNumber += 1
            return prepare(record, row: rowNumber, template: template, options: options)
        }

        if options.atomic && !options.dryRun {
            var results: [BulkRowResult] = []
            struct RollBack: Error {}
            do {
                try store.write { tx in
                    let campaign = try tx.requireCampaign(slug)
                    while case let chunk = try input.chunk(of: nextRow), !chunk.isEmpty {
                        results += try processChunk(chunk, in: tx, writer: tx, campaign: campaign, template: template, options: options)
                    }
                    if results.contains(where: { $0.failure != nil }) { throw RollBack() }
                }
            } catch is RollBack {
                summary.rolledBack = true
                // What this transaction sent is gone, and so are the ids that rows replaying it pointed at.
                let rolledBack = Set(results.filter { $0.status == .sent }.compactMap(\.messageID))
                results = results.map { result in
                    switch result.status {
                    case .sent: result.with(status: .wouldSend, messageID: nil)
                    case .replayed where result.messageID.map(rolledBack.contains) == true: result.with(status: .replayed, messageID: nil)
                    default: result
                    }
                }
            }
            for result in results {
                summary.add(result)
                try report(result)
            }
            return summary
        }

        let plan = BulkSend.DryRunPlan()
        try input.forEachChunk(of: nextRow, in: store, dryRun: options.dryRun, { chunk, tx, writer in
            try processChunk(chunk, in: tx, writer: writer, plan: writer == nil ? plan : nil, campaign: try tx.requireCampaign(slug),
                             template: template, options: options)
        }, report: { result in
            summary.add(result)
            try report(result)
        })
        return summary
    }

    /// Checks what can be checked without the database: the record itself and its handle.
    private func prepare(_ record: BulkRecord, row: Int, template: MessageTemplate, options: BulkSendOptions) -> BulkSend.Prepared {
        func invalid(_ line: Int, _ handle: String?, _ message: String) -> BulkSend.Prepared {
            .failed(BulkRowResult(row: row, line: line, creator: handle, status: .invalid, messageID: nil,
                                  error: "line \(line): \(message)", failure: .invalidData))
        }
        switch record {
        case .invalid(let line, let message, let rawHandle):
            // Name the creator when the row's handle could be read, even though another field could not.
            let handle = rawHandle.map(TextRules.trimmed).flatMap { $0.isEmpty ? nil : $0 }
            return invalid(line, handle.map { (try? Handle(parsing: $0))?.description ?? $0 }, message)
        case .row(let fields):
            let rawHandle = TextRules.trimmed(fields["handle"] ?? "")
            guard !rawHandle.isEmpty else { return invalid(fields.line, nil, "no handle") }
            let handle: Handle
            do {
                handle = try Handle(parsing: rawHandle)
            } catch {
                return invalid(fields.line, rawHandle, error.description)
            }
            // A tracking column named on the command line must be there: a JSON Lines row without it
            // (its columns are only known row by row) would otherwise go out with its number unverified.
            if let column = options.trackingColumn, fields[column] == nil, !fields.nullKeys.contains(column) {
                return invalid(fields.line, handle.description, "no '\(TextRules.quotedForMessage(column))' (--tracking-column) in this row")
            }
            // The tracking number is checked here, before any write: a wrong one sends nothing for its row.
            var merged = fields
            var tracking: TrackingRules.Checked?
            if let column = options.trackingColumns.first(where: { !TrackingRules.namesNoNumber(fields[$0] ?? "") }) {
                func own(_ column: String) -> String? { fields[column].map(TextRules.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
                do {
                    let checked = try TrackingRules.check(fields[column]!, column: column, stated: own("carrier"), verify: options.verifyTracking)
                    tracking = checked
                    var values = fields.fields
                    values.reserveCapacity(values.count + 3)  // one copy of the row's fields, not a copy and a resize
                    values["tracking_number"] = checked.tracking.normalized
                    values["carrier"] = checked.carrierName
                    // The row's own columns win, as for {carrier}: a page of a carrier campaignchat does not know.
                    values["tracking_url"] = own("tracking_url") ?? checked.tracking.trackingURL
                    merged = BulkRow(line: fields.line, fields: values)
                } catch {
                    return invalid(fields.line, handle.description, error.description)
                }
            }
            if let missing = template.placeholders.first(where: { merged[$0] == nil && !BulkSend.profileFields.contains($0) }) {
                return invalid(fields.line, handle.description, "no value for {\(missing)}" + BulkSend.whyNoValue(missing, tracking: tracking))
            }
            return .ready(row: row, line: fields.line, handle: handle, fields: merged, tracking: tracking)
        }
    }

    /// A chunk's rows inside its transaction. What each row's send needs to know about its creator
    /// is read for the whole chunk in one query, and kept up to date as the chunk opens threads.
    private func processChunk(_ chunk: [BulkSend.Prepared], in tx: any ChatReading, writer: (any ChatWriting)?,
                              plan: BulkSend.DryRunPlan? = nil,
                              campaign: Campaign, template: MessageTemplate, options: BulkSendOptions) throws -> [BulkRowResult] {
        let handles = chunk.compactMap { prepared -> Handle? in if case .ready(_, _, let handle, _, _) = prepared { handle } else { nil } }
        var contexts = try tx.sendContexts(campaignID: campaign.id, handles: handles)
        return try chunk.map { try process($0, in: tx, writer: writer, plan: plan, contexts: &contexts, campaign: campaign, template: template, options: options) }
    }

    /// One row inside the chunk's transaction: render, key, check, and (with a writer) send.
    private func process(_ prepared: BulkSend.Prepared, in tx: any ChatReading, writer: (any ChatWriting)?,
                         plan: BulkSend.DryRunPlan?, contexts: inout [Handle: SendContext],
                         campaign: Campaign, template: MessageTemplate, options: BulkSendOptions) throws -> BulkRowResult {
        if options.isInterrupted() { throw OperationInterrupted() }
        let (row, line, handle, fields, tracking): (Int, Int, Handle, BulkRow, TrackingRules.Checked?)
        switch prepared {
        case .failed(let result): return result
        case let .ready(readyRow, readyLine, readyHandle, readyFields, readyTracking):
            (row, line, handle, fields, tracking) = (readyRow, readyLine, readyHandle, readyFields, readyTracking)
        }
        func result(_ status: BulkRowStatus, _ messageID: Int64? = nil, _ error: CampaignChatError? = nil) -> BulkRowResult {
            BulkRowResult(row: row, line: line, creator: handle.description, status: status, messageID: messageID,
                          error: error.map { "line \(line): \($0.description)" }, failure: error?.category,
                          warning: error == nil ? tracking?.warning : nil)
        }
        do {
            guard var context = contexts[handle] else { throw CampaignChatError.creatorNotFound(handle) }
            let creator = context.creator
            // {handle} is always the canonical `@alice`, whatever case or `@` the row used.
            let body = template.render { column in
                if column == "handle" { return creator.handle.description }
                if let value = fields[column] { return value }
                return column == "name" ? creator.name ?? creator.handle.description : nil
            }
            try TextRules.checkMessageBody(body)
            let explicitKey = fields["key"].map(TextRules.trimmed).flatMap { $0.isEmpty ? nil : $0 }
            let key = explicitKey ?? options.keyPrefix.map { $0.value + handle.description }
                ?? BulkSend.contentKey(campaign: campaign.slug, handle: handle, body: body)
            try TextRules.checkKey(key)
            if let writer {
                let sent = try send(in: writer, campaign: campaign, context: &context, body: body, key: key, shipment: tracking?.shipment,
                                    marksRead: options.markRead)
                contexts[handle] = context
                return result(sent.replayed ? .replayed : .sent, sent.message.id)
            }
            if let replay = try checkSend(in: tx, campaign: campaign, context: context, body: body, key: key, shipment: tracking?.shipment) {
                return result(.replayed, replay.message.id)
            }
            // Not in the database: an earlier row of this file may still have taken the key.
            let shipment = try tracking.map { tracking in
                let draft = tracking.shipment
                let recorded = try tracking.tracking.recordedNumbers.contains { try tx.shipment(campaignID: campaign.id, creatorID: creator.id, number: $0) != nil }
                return (campaignID: campaign.id, number: draft.number, recordedBefore: recorded)
            }
            switch plan?.take(key: key, creatorID: creator.id, body: body, shipment: shipment) {
            case true?: return result(.replayed)
            case false?: throw CampaignChatError.keyConflict(key: key)
            case nil: return result(.wouldSend)
            }
        } catch let error as CampaignChatError {
            return result(error.category == .invalidData ? .invalid : .refused, nil, error)
        }
    }
}
