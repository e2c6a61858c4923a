/// The queries and writes of `ChatStore` in SQL, written once for every engine: an engine opens
/// the transaction and hands over its connection, whose dialect says what it spells otherwise.
/// Columns are selected in the orders `StoredModels` decodes.
public struct SQLChatTransaction: ChatWriting {
    let connection: any SQLConnection
    let dialect: any SQLDialect
    /// What a write does as it ends (`nil` in a read).
    let pending: PendingWrites?

    /// A transaction the engine opened; `writing` when it is a write's.
    public init(connection: any SQLConnection, writing: Bool) {
        self.connection = connection
        dialect = connection.dialect
        pending = writing ? PendingWrites() : nil
    }

    /// Appends the write's events, indexes its messages for search and wakes the followers: called
    /// by the engine just before the write commits. Events go in first: once a write has touched
    /// SQLite's FTS5 index, every later statement flushes it.
    public func finishWrite() throws {
        guard let pending else { return }
        let records = pending.events
        if dialect.eventsPerInsert == 1 {
            for (event, time) in records { try connection.run(StoredQueries.insertEvent, Self.values(of: event, at: time)) }
        } else {
            for start in stride(from: 0, to: records.count, by: dialect.eventsPerInsert) {
                let chunk = records[start..<min(start + dialect.eventsPerInsert, records.count)]
                try connection.run(StoredQueries.insertEvents(count: chunk.count), chunk.flatMap { Self.values(of: $0.event, at: $0.time) })
            }
        }
        pending.events = []
        if let first = pending.firstNewMessage, let indexMessages = dialect.indexMessages {
            try connection.run(indexMessages, [.integer(first)])
        }
        pending.firstNewMessage = nil
        if !records.isEmpty, let notifyFollowers = dialect.notifyFollowers { try connection.run(notifyFollowers, []) }
    }

    /// An event's parameters for `StoredQueries.insertEvent`.
    private static func values(of event: EventRecord, at time: Timestamp) -> [SQLValue] {
        [.text(event.kind.rawValue), .integer(event.campaignID), SQLValue(event.creatorID), SQLValue(event.messageID),
         SQLValue(event.side?.rawValue), SQLValue(event.unread), SQLValue(event.status?.rawValue ?? event.shipmentStatus?.rawValue),
         SQLValue(event.previousStatus?.rawValue ?? event.previousShipmentStatus?.rawValue),
         SQLValue(event.notificationID), SQLValue(event.attempts), .text(time.rfc3339), SQLValue(event.markedRead.map { $0 ? 1 : 0 }),
         SQLValue(event.shipmentID), SQLValue(event.statusAt?.rfc3339)]
    }

    // MARK: - Campaigns

    public func campaign(slug: String) throws -> Campaign? {
        try connection.row("SELECT \(StoredQueries.campaignColumns) FROM campaign c WHERE c.slug = $1", [.text(slug)]) { StoredModels.campaign($0) }
    }

    public func campaigns(includeArchived: Bool, memberID: Int64?) throws -> [Campaign] {
        try connection.rows("""
            SELECT \(StoredQueries.campaignColumns) FROM campaign c
            WHERE ($1::boolean OR c.archived_at IS NULL)
              AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM membership ms
                   WHERE ms.campaign_id = c.id AND ms.creator_id = $2 AND ms.status <> 'removed'))
            ORDER BY c.id
            """, [.bool(includeArchived), SQLValue(memberID)]) { StoredModels.campaign($0) }
    }

    public func insertCampaign(slug: String, name: String, at time: Timestamp) throws -> Campaign {
        let id = try insertReturningID("INSERT INTO campaign (slug, name, created_at) VALUES ($1, $2, $3)",
                                       [.text(slug), .text(name), .text(time.rfc3339)])
        return Campaign(id: id, slug: slug, name: name, createdAt: time, archivedAt: nil)
    }

    public func archiveCampaign(id: Int64, at time: Timestamp) throws {
        try connection.run("UPDATE campaign SET archived_at = $2 WHERE id = $1 AND archived_at IS NULL", [.integer(id), .text(time.rfc3339)])
    }

    public func threadCount(campaignID: Int64) throws -> Int {
        Int(try connection.integer("SELECT count(*) FROM thread WHERE campaign_id = $1", [.integer(campaignID)]))
    }

    /// The id of the row an INSERT that always inserts one gave it.
    func insertReturningID(_ sql: String, _ values: [SQLValue]) throws -> Int64 {
        guard let id = try connection.insert(sql, values) else { throw StoreError.internalError("nothing inserted by: \(sql)") }
        return id
    }

    // MARK: - Groups

    public func groupSummaries(campaignID: Int64) throws -> [GroupSummary] {
        try connection.rows("""
            SELECT g.id, c.slug, g.name, g.created_at,
                   count(*) FILTER (WHERE ms.status = 'invited'), count(*) FILTER (WHERE ms.status = 'accepted'),
                   count(*) FILTER (WHERE ms.status = 'declined'), count(*) FILTER (WHERE ms.status = 'removed')
            FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            LEFT JOIN membership ms ON ms.group_id = g.id
            WHERE g.campaign_id = $1
            GROUP BY g.id, c.slug ORDER BY g.id
            """, [.integer(campaignID)], StoredModels.groupSummary)
    }

    public func group(campaignID: Int64, name: String) throws -> CreatorGroup? {
        try connection.row("""
            SELECT g.id, c.slug, g.name, g.created_at FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            WHERE g.campaign_id = $1 AND \(dialect.equalIgnoringCase("g.name", "$2"))
            """, [.integer(campaignID), .text(name)], StoredModels.group)
    }

    public func insertGroup(campaign: Campaign, name: String, at time: Timestamp) throws -> CreatorGroup {
        let id = try insertReturningID("INSERT INTO creator_group (campaign_id, name, created_at) VALUES ($1, $2, $3)",
                                       [.integer(campaign.id), .text(name), .text(time.rfc3339)])
        return CreatorGroup(id: id, campaignSlug: campaign.slug, name: name, createdAt: time)
    }

    // MARK: - Creators and memberships

    public func creator(handle: Handle) throws -> Creator? {
        try connection.row("SELECT id, handle, name, created_at, push_token FROM creator WHERE handle = $1", [.text(handle.value)]) {
            StoredModels.creator($0, withToken: true)
        }
    }

    public func creators() throws -> [Creator] {
        try connection.rows("SELECT id, handle, name, created_at, push_token FROM creator ORDER BY handle\(dialect.byteOrder)", []) {
            StoredModels.creator($0, withToken: true)
        }
    }

    public func updateCreator(id: Int64, name: String??, pushToken: String??) throws {
        if let name {
            try connection.run("UPDATE creator SET name = $2 WHERE id = $1", [.integer(id), SQLValue(name)])
        }
        if let pushToken {
            try connection.run("UPDATE creator SET push_token = $2 WHERE id = $1", [.integer(id), SQLValue(pushToken)])
        }
    }

    public func insertCreator(handle: Handle, name: String?, at time: Timestamp) throws -> Creator {
        let id = try insertReturningID("INSERT INTO creator (handle, name, created_at) VALUES ($1, $2, $3)",
                                       [.text(handle.value), SQLValue(name), .text(time.rfc3339)])
        return Creator(id: id, handle: handle, name: name, createdAt: time)
    }

    public func membership(campaignID: Int64, creatorID: Int64) throws -> Membership? {
        try connection.row("""
            SELECT ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite
            FROM membership ms JOIN creator_group g ON g.id = ms.group_id
            WHERE ms.campaign_id = $1 AND ms.creator_id = $2
            """, [.integer(campaignID), .integer(creatorID)]) { StoredModels.membership($0) }
    }

    public func sendContext(campaignID: Int64, handle: Handle) throws -> SendContext? {
        try connection.row(StoredQueries.sendContext, [.integer(campaignID), .text(handle.value)], StoredModels.sendContext)
    }

    /// One query for the whole chunk where the handles can go as one list; else one per handle,
    /// through the same prepared statement (cheap for an engine in this process).
    public func sendContexts(campaignID: Int64, handles: [Handle]) throws -> [Handle: SendContext] {
        guard dialect.bindsLists else {
            var contexts: [Handle: SendContext] = [:]
            for handle in handles where contexts[handle] == nil {
                contexts[handle] = try sendContext(campaignID: campaignID, handle: handle)
            }
            return contexts
        }
        let rows = try connection.rows(StoredQueries.sendContexts, [.integer(campaignID), .textArray(handles.map(\.value))],
                                       StoredModels.sendContext)
        return Dictionary(rows.map { ($0.creator.handle, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func membershipStatus(campaignID: Int64, creatorID: Int64) throws -> MembershipStatus? {
        try connection.row("SELECT status FROM membership WHERE campaign_id = $1 AND creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)]) { MembershipStatus(rawValue: $0.text(0)) ?? .removed }
    }

    public func members(campaignID: Int64, filter: MemberFilter) throws -> [Member] {
        try connection.rows(StoredQueries.members + """

            WHERE ms.campaign_id = $1 AND ($2::text IS NULL OR \(dialect.equalIgnoringCase("g.name", "$2")))
              AND ($3::text IS NULL OR ms.status = $3) AND (NOT $4::boolean OR ms.favorite)
            ORDER BY cr.handle\(dialect.byteOrder)
            """, [.integer(campaignID), SQLValue(filter.groupName), SQLValue(filter.status?.rawValue), .bool(filter.favoritesOnly)],
            StoredModels.member)
    }

    public func member(campaignID: Int64, creatorID: Int64) throws -> Member? {
        try connection.row(StoredQueries.members + "\nWHERE ms.campaign_id = $1 AND ms.creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)], StoredModels.member)
    }

    public func setMembership(campaignID: Int64, creatorID: Int64, groupID: Int64, status: MembershipStatus, at time: Timestamp) throws {
        try connection.run("""
            INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (campaign_id, creator_id) DO UPDATE SET group_id = $3, status = $4, updated_at = $5
            """, [.integer(campaignID), .integer(creatorID), .integer(groupID), .text(status.rawValue), .text(time.rfc3339)])
    }

    public func setFavorite(campaignID: Int64, creatorID: Int64, favorite: Bool, at time: Timestamp) throws {
        try connection.run("UPDATE membership SET favorite = $3, updated_at = $4 WHERE campaign_id = $1 AND creator_id = $2",
                           [.integer(campaignID), .integer(creatorID), .bool(favorite), .text(time.rfc3339)])
    }
}

/// What a write does as it ends: its events, its messages to index.
final class PendingWrites {
    var events: [(event: EventRecord, time: Timestamp)] = []
    /// Message ids only grow, so the write's new messages are those from the first one on.
    var firstNewMessage: Int64?
    var messageStatements: MessageStatements?
}
