/// The storage engine seen by the rules: transactions over a small set of queries and
/// writes. The rules, bulk sends, push delivery and every command see only this contract,
/// so an engine is chosen once, where the store is opened. Every engine can be copied from and
/// into (`StoreCopying`), so a team can move its history between them.
public protocol ChatStore: StoreCopying {
    /// Runs `body` in one read transaction: every query sees the same consistent snapshot,
    /// and nothing is written.
    func read<T>(_ body: (any ChatReading) throws -> T) throws -> T
    /// Runs `body` as one transaction: all of its writes commit together, or none do (it is
    /// rolled back when `body` throws, or the process dies). Write transactions are serialised
    /// against each other, across every process that shares the store, for the whole of
    /// `body`: what a rule reads before it writes (the acceptance gate, an idempotency key,
    /// whether a thread exists) cannot change under it. A write that cannot get its turn in
    /// time fails with `StoreError.busy` and writes nothing.
    func write<T>(_ body: (any ChatWriting) throws -> T) throws -> T
    /// A subscription to changes other processes commit, for followers.
    func changeFeed() throws -> any ChangeFeed
}

/// Queries, inside a transaction.
public protocol ChatReading {
    func campaign(slug: String) throws -> Campaign?
    /// Campaigns by creation; `memberID` limits them to one creator's memberships that are not removed.
    func campaigns(includeArchived: Bool, memberID: Int64?) throws -> [Campaign]
    func groupSummaries(campaignID: Int64) throws -> [GroupSummary]
    func group(campaignID: Int64, name: String) throws -> CreatorGroup?
    func creator(handle: Handle) throws -> Creator?
    func creators() throws -> [Creator]
    func membership(campaignID: Int64, creatorID: Int64) throws -> Membership?
    /// Just the status, for the acceptance gate.
    func membershipStatus(campaignID: Int64, creatorID: Int64) throws -> MembershipStatus?
    /// The creator of `handle` with their status and thread in a campaign, in one query: what
    /// a send checks (`nil` when there is no such creator).
    func sendContext(campaignID: Int64, handle: Handle) throws -> SendContext?
    /// `sendContext` for many handles at once (a bulk send's chunk); unknown handles are left out.
    func sendContexts(campaignID: Int64, handles: [Handle]) throws -> [Handle: SendContext]
    func members(campaignID: Int64, filter: MemberFilter) throws -> [Member]
    func member(campaignID: Int64, creatorID: Int64) throws -> Member?
    func threadCount(campaignID: Int64) throws -> Int
    func thread(campaignID: Int64, creatorID: Int64) throws -> ChatThread?
    /// Just the id, for appending a message.
    func threadID(campaignID: Int64, creatorID: Int64) throws -> Int64?
    /// Threads newest activity first; for a creator only where they are not removed.
    func threads(campaignID: Int64?, creatorID: Int64?, unreadFor side: Side?) throws -> [ChatThread]
    /// The last `limit` messages (all when `nil`), oldest first, handed over one at a time.
    func forEachMessage(in thread: ChatThread, limit: Int?, _ body: (Message) throws -> Void) throws
    /// What a follower of the thread of a campaign and creator reads, in one query: the creator's
    /// status there, the thread (once it started) and up to `limit` of its messages after message
    /// `id`, oldest first: what the follower has not shown yet.
    func threadPage(campaignID: Int64, creatorID: Int64, after id: Int64, limit: Int) throws -> ThreadPage
    /// When the next pending notification falls due (its retry time, or the end of its lease), if any,
    /// on the store's clock.
    func nextNotificationDue() throws -> Timestamp?
    /// The time on the store's clock, which every lease and retry time of the push outbox is
    /// measured by: this machine's for an SQLite file; for a shared server, the server's, so
    /// that machines whose clocks disagree still agree on whose lease has run out.
    func currentTime() throws -> Timestamp
    /// The message `side` sent with `key` in the thread of a campaign and creator.
    func message(key: String, campaignID: Int64, creatorID: Int64, from side: Side) throws -> Message?
    /// Notifications by id, optionally in one state.
    func notifications(state: NotificationState?, limit: Int?) throws -> [PushNotification]
    func notification(id: Int64) throws -> PushNotification?

    // MARK: History
    /// Messages matching a search, best first. Every tree `SearchQuery` reads is one the engine
    /// can run: its words hold letters or numbers, its operators stand between terms.
    func searchMessages(_ search: SearchExpression, in scope: MessageScope, limit: Int) throws -> [SearchHit]
    /// Messages in id order, handed over one at a time.
    func forEachMessage(in scope: MessageScope, _ body: (ExportedMessage) throws -> Void) throws
    func feedback(campaignID: Int64, creatorID: Int64?) throws -> [Feedback]

    // MARK: Shipments
    /// Shipments oldest first: of a campaign, of a creator (only in campaigns they were not
    /// removed from), of a carrier (campaignchat's id), in one of `statuses` (none when it is
    /// empty), last heard of (`Shipment.lastNewsAt`) at or before `lastNewsAtOrBefore`; `nil` for any.
    func shipments(campaignID: Int64?, creatorID: Int64?, carrierID: String?, statuses: [ShipmentStatus]?,
                   lastNewsAtOrBefore: Timestamp?) throws -> [Shipment]
    func shipment(campaignID: Int64, creatorID: Int64, number: String) throws -> Shipment?
    /// The shipment whose number `messageID` carried, whatever the creator's membership now.
    func shipment(messageID: Int64) throws -> Shipment?
    /// Every shipment recorded under one of `numbers`, in any campaign, oldest first, with its campaign
    /// (one query for a chunk's numbers, where the engine can).
    func shipments(numbers: [String]) throws -> [MatchedShipment]
    /// The notices that told the creators of the shipments of `shipmentIDs` of a status, by
    /// shipment and status (one query for a chunk's shipments, where the engine can).
    func shipmentNotices(shipmentIDs: [Int64]) throws -> [Int64: [ShipmentStatus: Message]]

    // MARK: Events
    /// Up to `limit` events after `scope.after` that the scope may see, in cursor order.
    func events(in scope: EventScope, limit: Int) throws -> EventPage
    /// The edges of the event log: what was pruned, the newest event.
    func eventHorizon() throws -> EventHorizon
}

/// Which messages a history query looks at, with names already resolved to ids.
public struct MessageScope: Hashable, Sendable {
    public var campaignID: Int64?
    public var creatorID: Int64?
    public var from: Side?
    public var since: Timestamp?
    /// For a creator acting as themselves: leave out campaigns they were removed from.
    public var onlyVisibleToCreator: Bool

    public init(campaignID: Int64? = nil, creatorID: Int64? = nil, from: Side? = nil, since: Timestamp? = nil, onlyVisibleToCreator: Bool = false) {
        self.campaignID = campaignID
        self.creatorID = creatorID
        self.from = from
        self.since = since
        self.onlyVisibleToCreator = onlyVisibleToCreator
    }

    /// The scope as the parameters 1-5 of each engine's scope conditions, in this order.
    public var parameters: [SQLValue] {
        [SQLValue(campaignID), SQLValue(creatorID), SQLValue(from?.rawValue), SQLValue(since?.rfc3339), SQLValue(onlyVisibleToCreator)]
    }
}

/// Writes, inside a write transaction.
public protocol ChatWriting: ChatReading {
    func insertCampaign(slug: String, name: String, at time: Timestamp) throws -> Campaign
    func archiveCampaign(id: Int64, at time: Timestamp) throws
    func insertGroup(campaign: Campaign, name: String, at time: Timestamp) throws -> CreatorGroup
    func insertCreator(handle: Handle, name: String?, at time: Timestamp) throws -> Creator
    /// Creates or replaces a creator's membership in a campaign; the Favorite flag is kept.
    func setMembership(campaignID: Int64, creatorID: Int64, groupID: Int64, status: MembershipStatus, at time: Timestamp) throws
    func setFavorite(campaignID: Int64, creatorID: Int64, favorite: Bool, at time: Timestamp) throws
    func insertThread(campaign: Campaign, creator: Creator, at time: Timestamp) throws -> ChatThread
    /// Appends a message, advances the thread's counters, with `marksRead` marks the thread read
    /// for the sender up to it (a reply: whoever writes has read what the other side wrote before)
    /// and writes its push notification, all or nothing. `nil`, writing nothing, when `side` already
    /// used `key` in this thread: keys are settled by the store's unique index, so even a race makes one message.
    func insertMessage(threadID: Int64, campaign: Campaign, creator: Creator, from side: Side, body: String, key: String?,
                       marksRead: Bool, notification: NotificationDraft?, at time: Timestamp) throws -> Message?
    /// Sets how many of the other side's messages `side` has read.
    func setReadPosition(threadID: Int64, side: Side, read: Int) throws
    func updateCreator(id: Int64, name: String??, pushToken: String??) throws

    func insertFeedback(campaign: Campaign, creator: Creator, body: String, at time: Timestamp) throws -> Feedback

    /// Records a shipment with the message that carried its number; `false`, writing nothing,
    /// when the creator already has a shipment of that number in the campaign.
    @discardableResult
    func insertShipment(_ draft: ShipmentDraft, campaignID: Int64, creatorID: Int64, messageID: Int64?, at time: Timestamp) throws -> Bool
    /// Sets a shipment's status, which began at `time` (the carrier's); its last-event time moves to
    /// `time` unless it is later already.
    func setShipmentStatus(id: Int64, status: ShipmentStatus, at time: Timestamp) throws
    /// Moves a shipment's last-event time to `time`, unless it is later already.
    func setShipmentEventTime(id: Int64, at time: Timestamp) throws
    /// Records that `messageID` told the shipment's creator of `status`.
    func insertShipmentNotice(shipmentID: Int64, status: ShipmentStatus, messageID: Int64) throws

    /// Appends to the event log, in the transaction of the change it records; wakes the
    /// followers (on the engines that tell them) when that transaction commits.
    func appendEvent(_ event: EventRecord, at time: Timestamp) throws
    /// Deletes the events below `cursor` and remembers that it did; the number deleted.
    func pruneEvents(before cursor: Int64) throws -> Int

    // MARK: Push notification outbox

    /// Leases the first pending notification after `afterID` that is due at `now`
    /// and not leased by anyone else, until `leaseUntil`.
    func claimNotification(afterID: Int64, now: Timestamp, leaseUntil: Timestamp, owner: String) throws -> PushNotification?
    /// Records an attempt's outcome and releases the lease, if `owner` still holds it
    /// (`nil`: whoever does); `false` when the lease had passed to another run.
    @discardableResult
    func finishNotification(id: Int64, owner: String?, state: NotificationState, attempts: Int, nextAttemptAt: Timestamp?,
                            exitCode: Int?, error: String?, at time: Timestamp) throws -> Bool
}
