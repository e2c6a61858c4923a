import CampaignChatSystem

extension ChatService {
    /// Events read per query while catching up.
    public static let eventBatch = 1_000

    /// The newest event's cursor: where a follower that wants only what comes next starts.
    public func latestEventCursor() throws -> Int64 {
        try store.read { tx in try tx.eventHorizon().latest }
    }

    /// Where a reader that asked for the whole log starts: before the oldest event kept.
    public func firstEventCursor() throws -> Int64 {
        try store.read { tx in max(0, try tx.eventHorizon().prunedBefore - 1) }
    }

    /// Up to `limit` events after `after` that the acting side may see (a creator: only their
    /// own threads and memberships), oldest first. A cursor below what was pruned is refused, and
    /// so is one past the newest event: it came from another log.
    public func events(after: Int64, campaign slug: String? = nil, limit: Int = ChatService.eventBatch) throws -> [ChatEvent] {
        try store.read { tx in try nextEvents(tx, in: eventScope(tx, after: after, campaign: slug), limit: limit) }
    }

    /// What a stream of events reads after `after`, worked out once: the cursor checked against
    /// the log's edges, the campaign's id, and the acting creator's id, with their access to the
    /// campaign checked. None of that changes while the stream lasts (ids never change, and an
    /// invitation is never deleted, only its status changes), and what can change (the edges, a
    /// removal) every read checks in its one statement (`nextEvents`).
    func eventScope(_ tx: any ChatReading, after: Int64, campaign slug: String?) throws -> EventScope {
        try tx.eventHorizon().requireReadable(after: after)
        var scope = EventScope(after: after)
        let campaign = try slug.map { try tx.requireCampaign($0) }
        scope.campaignID = campaign?.id
        if let creator = try tx.actingCreator(actor) {
            if let campaign {
                let status = try tx.membershipStatus(campaignID: campaign.id, creatorID: creator.id)
                try ThreadAccess.requireEventsVisible(actor: actor, status: status, campaign: campaign, creator: creator.handle)
            }
            scope.creatorID = creator.id
        }
        return scope
    }

    /// Up to `limit` events of `scope` after its cursor, in one statement that also reads the
    /// log's edges: a stream that fell behind a prune (or whose cursor came from another log)
    /// is refused, never given a gap.
    func nextEvents(_ tx: any ChatReading, in scope: EventScope, limit: Int) throws -> [ChatEvent] {
        let page = try tx.events(in: scope, limit: limit)
        try page.horizon.requireReadable(after: scope.after)
        return page.events
    }

    /// Hands every visible event after `after` to `each`, oldest first; with `follow`, then
    /// waits for more, and hands them over as they are committed, until a stop is requested
    /// (`OutputClosed` is thrown when the reader goes away). Returns the last cursor handed over.
    /// Each batch is read in a short transaction and handed over after it ended, so a reader that
    /// stops reading holds no snapshot open.
    @discardableResult
    public func followEvents(after: Int64, campaign slug: String? = nil, follow: Bool, stop: FollowerStop? = nil,
                             each: (ChatEvent) throws -> Void) throws -> Int64 {
        // Subscribe before the first read: what commits in between wakes the first wait.
        let feed = follow ? try store.changeFeed() : nil
        // Worked out in the first read; each read after it, on a wake-up or catching up, is one statement.
        var scope: EventScope?
        var cursor = after
        while true {
            let batch = try store.read { tx in
                let current = try scope ?? eventScope(tx, after: cursor, campaign: slug)
                scope = current
                return try nextEvents(tx, in: current, limit: Self.eventBatch)
            }
            for event in batch {
                try each(event)
                cursor = event.cursor
                scope?.after = cursor
            }
            if try stop?.requestedNow() == true { return cursor }
            if batch.count == Self.eventBatch { continue }
            guard let feed else { return cursor }
            if try feed.wait(stop: stop, until: nil) == .stopped { return cursor }
        }
    }

    /// Shows the conversation as `readThread` does, then each new message as it is committed,
    /// until a stop is requested (`OutputClosed` is thrown when the reader goes away). A
    /// conversation that has not started yet is waited for. Messages are read in short
    /// transactions and handed over after each ended, so a reader that stops reading holds no
    /// snapshot open. With `markRead`, it marks read up to the newest message it has shown, when
    /// it shows the thread and again each time it shows a message from the other side: never
    /// otherwise, so a `markUnread` on the same side stands until there is something new to show.
    public func followThread(campaign slug: String, handle: Handle, limit: Int? = nil, markRead: Bool = true,
                             stop: FollowerStop?, each: (Message) throws -> Void) throws {
        try ThreadAccess.requireOwnThread(actor: actor, threadCreator: handle)
        let feed = try store.changeFeed()
        // Worked out in the first read: the campaign and the creator (never deleted, their ids and
        // names never change). Each read after it is one statement, which reads what can change:
        // the creator's access (a removal ends the stream), the thread once it starts, its counts.
        var owners: (campaign: Campaign, creator: Creator)?
        // The newest message shown, once the thread was found; whether the thread as first shown, or
        // a message from the other side, was shown since it was last marked read.
        var shown: Int64?
        var toMark = true
        while true {
            // The last `limit` messages when the thread is first shown (as `readThread` shows them), else a batch.
            let lastOnly = shown == nil ? limit : nil
            let round: (thread: ChatThread, messages: [Message])? = try store.read { tx in
                let (campaign, creator) = try owners ?? (tx.requireCampaign(slug), tx.requireCreator(handle))
                owners = (campaign, creator)
                // With `lastOnly` the page brings no message (none comes after the largest id): they are read below.
                let page = try tx.threadPage(campaignID: campaign.id, creatorID: creator.id, after: lastOnly == nil ? shown ?? 0 : .max,
                                             limit: Self.eventBatch)
                try ThreadAccess.requireVisible(actor: actor, status: page.status, campaign: campaign, creator: handle)
                guard let thread = page.thread else { return nil }
                guard let lastOnly else { return (thread, page.messages) }
                var messages: [Message] = []
                try tx.forEachMessage(in: thread, limit: lastOnly) { messages.append($0) }
                return (thread, messages)
            }
            if let round {
                for message in round.messages {
                    try each(message)
                    if message.from != actor.side { toMark = true }
                }
                shown = round.messages.last?.id ?? shown ?? 0
                // Caught up, every message of the snapshot up to its newest was shown: its counts are what was shown.
                guard lastOnly != nil || round.messages.count < Self.eventBatch else {
                    if try stop?.requestedNow() == true { return }
                    continue
                }
                if markRead && toMark {
                    try self.markRead(round.thread)
                    toMark = false
                }
            }
            if try feed.wait(stop: stop, until: nil) == .stopped { return }
        }
    }

    /// The red dots as `unread` gives them, then each change to them (`nil` for a dot that went
    /// out) as it is committed, until a stop is requested (`OutputClosed` is thrown when the
    /// reader goes away).
    public func followUnread(campaign slug: String? = nil, stop: FollowerStop?, initial: ([UnreadEntry]) throws -> Void,
                             changed: (_ key: UnreadEntry.Key, _ now: UnreadEntry?) throws -> Void) throws {
        let feed = try store.changeFeed()
        // Worked out in the first read; each read after it is one statement (which leaves out the
        // threads of campaigns a creator was removed from).
        var scope: UnreadScope?
        func currentDots() throws -> [UnreadEntry] {
            try store.read { tx in
                let current = try scope ?? unreadScope(tx, campaign: slug)
                scope = current
                return try tx.unreadEntries(for: actor.side, campaignID: current.campaignID, creatorID: current.creatorID)
            }
        }
        var dots = try currentDots()
        try initial(dots)
        while try feed.wait(stop: stop, until: nil) != .stopped {
            let now = try currentDots()
            let before = Dictionary(dots.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(now.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            // Oldest change first: dots that went out, then the ones that lit up or grew, newest last.
            for entry in dots.reversed() where after[entry.key] == nil { try changed(entry.key, nil) }
            for entry in now.reversed() where before[entry.key] != entry { try changed(entry.key, entry) }
            dots = now
        }
    }

    /// Deletes the events below `cursor` (brand only); followers behind it are told their cursor
    /// is too old, never given a gap. The number deleted. A cursor past the newest event is
    /// refused: events written later would fall below the edge, hidden from every reader.
    public func pruneEvents(before cursor: Int64) throws -> Int {
        try ThreadAccess.requireBrand(actor, to: "prune events")
        return try store.write { tx in
            let latest = try tx.eventHorizon().latest
            if cursor > latest + 1 { throw CampaignChatError.cursorBeyondLatest(cursor: cursor, latest: latest) }
            return try tx.pruneEvents(before: cursor)
        }
    }
}
