import CampaignChat

/// The queries and writes of `ChatStore` in PostgreSQL's SQL, run inside a transaction opened by
/// `PostgresChatStore`. Columns are selected in the orders `StoredModels` decodes.
struct PostgresChatTransaction: ChatWriting {
    let connection: PostgresConnection
    /// A write's events, inserted when it is about to commit (`nil` in a read).
    var pendingEvents: PendingEvents? = nil

    // MARK: - Campaigns

    func campaign(slug: String) throws -> Campaign? {
        try connection.row("SELECT \(StoredQueries.campaignColumns) FROM campaign c WHERE c.slug = $1", [.text(slug)], StoredModels.campaign)
    }

    func campaigns(includeArchived: Bool, memberID: Int64?) throws -> [Campaign] {
        try connection.rows("""
            SELECT \(StoredQueries.campaignColumns) FROM campaign c
            WHERE ($1::boolean OR c.archived_at IS NULL)
              AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM membership ms
                   WHERE ms.campaign_id = c.id AND ms.creator_id = $2 AND ms.status <> 'removed'))
            ORDER BY c.id
            """, [.bool(includeArchived), SQLValue(memberID)], StoredModels.campaign)
    }

    func insertCampaign(slug: String, name: String, at time: Timestamp) throws -> Campaign {
        let id = try connection.integer("INSERT INTO campaign (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                                        [.text(slug), .text(name), .text(time.rfc3339)])
        return Campaign(id: id, slug: slug, name: name, createdAt: time, archivedAt: nil)
    }

    func archiveCampaign(id: Int64, at time: Timestamp) throws {
        try connection.query("UPDATE campaign SET archived_at = $2 WHERE id = $1 AND archived_at IS NULL", [.integer(id), .text(time.rfc3339)])
    }

    func threadCount(campaignID: Int64) throws -> Int {
        Int(try connection.integer("SELECT count(*) FROM thread WHERE campaign_id = $1", [.integer(campaignID)]))
    }

    // MARK: - Groups

    func groupSummaries(campaignID: Int64) throws -> [GroupSummary] {
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

    func group(campaignID: Int64, name: String) throws -> CreatorGroup? {
        try connection.row("""
            SELECT g.id, c.slug, g.name, g.created_at FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            WHERE g.campaign_id = $1 AND campaignchat_ascii_lower(g.name) = campaignchat_ascii_lower($2)
            """, [.integer(campaignID), .text(name)], StoredModels.group)
    }

    func insertGroup(campaign: Campaign, name: String, at time: Timestamp) throws -> CreatorGroup {
        let id = try connection.integer("INSERT INTO creator_group (campaign_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                                        [.integer(campaign.id), .text(name), .text(time.rfc3339)])
        return CreatorGroup(id: id, campaignSlug: campaign.slug, name: name, createdAt: time)
    }

    // MARK: - Creators and memberships

    func creator(handle: Handle) throws -> Creator? {
        try connection.row("SELECT id, handle, name, created_at, push_token FROM creator WHERE handle = $1", [.text(handle.value)]) {
            StoredModels.creator($0, withToken: true)
        }
    }

    func creators() throws -> [Creator] {
        try connection.rows("SELECT id, handle, name, created_at, push_token FROM creator ORDER BY handle COLLATE \"C\"") {
            StoredModels.creator($0, withToken: true)
        }
    }

    func updateCreator(id: Int64, name: String??, pushToken: String??) throws {
        if let name {
            try connection.query("UPDATE creator SET name = $2 WHERE id = $1", [.integer(id), SQLValue(name)])
        }
        if let pushToken {
            try connection.query("UPDATE creator SET push_token = $2 WHERE id = $1", [.integer(id), SQLValue(pushToken)])
        }
    }

    func insertCreator(handle: Handle, name: String?, at time: Timestamp) throws -> Creator {
        let id = try connection.integer("INSERT INTO creator (handle, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                                        [.text(handle.value), SQLValue(name), .text(time.rfc3339)])
        return Creator(id: id, handle: handle, name: name, createdAt: time)
    }

    func membership(campaignID: Int64, creatorID: Int64) throws -> Membership? {
        try connection.row("""
            SELECT ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite
            FROM membership ms JOIN creator_group g ON g.id = ms.group_id
            WHERE ms.campaign_id = $1 AND ms.creator_id = $2
            """, [.integer(campaignID), .integer(creatorID)]) { StoredModels.membership($0) }
    }

    private static let sendContextQuery = StoredQueries.sendContext { "$\($0)" }
    private static let sendContextsQuery = StoredQueries.sendContext { $0 == 2 ? "ANY ($2::text[])" : "$\($0)" }

    func sendContext(campaignID: Int64, handle: Handle) throws -> SendContext? {
        try connection.row(Self.sendContextQuery, [.integer(campaignID), .text(handle.value)], StoredModels.sendContext)
    }

    /// One round trip for the whole chunk: the handles go as one array parameter.
    func sendContexts(campaignID: Int64, handles: [Handle]) throws -> [Handle: SendContext] {
        let rows = try connection.rows(Self.sendContextsQuery, [.integer(campaignID), .textArray(handles.map(\.value))], StoredModels.sendContext)
        return Dictionary(rows.map { ($0.creator.handle, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func membershipStatus(campaignID: Int64, creatorID: Int64) throws -> MembershipStatus? {
        try connection.row("SELECT status FROM membership WHERE campaign_id = $1 AND creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)]) { MembershipStatus(rawValue: $0.text(0)) ?? .removed }
    }

    func members(campaignID: Int64, filter: MemberFilter) throws -> [Member] {
        try connection.rows(StoredQueries.members + """

            WHERE ms.campaign_id = $1
              AND ($2::text IS NULL OR campaignchat_ascii_lower(g.name) = campaignchat_ascii_lower($2))
              AND ($3::text IS NULL OR ms.status = $3) AND (NOT $4::boolean OR ms.favorite)
            ORDER BY cr.handle COLLATE "C"
            """, [.integer(campaignID), SQLValue(filter.groupName), SQLValue(filter.status?.rawValue), .bool(filter.favoritesOnly)],
            StoredModels.member)
    }

    func member(campaignID: Int64, creatorID: Int64) throws -> Member? {
        try connection.row(StoredQueries.members + "\nWHERE ms.campaign_id = $1 AND ms.creator_id = $2",
                           [.integer(campaignID), .integer(creatorID)], StoredModels.member)
    }

    func setMembership(campaignID: Int64, creatorID: Int64, groupID: Int64, status: MembershipStatus, at time: Timestamp) throws {
        try connection.query("""
            INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (campaign_id, creator_id) DO UPDATE SET group_id = $3, status = $4, updated_at = $5
            """, [.integer(campaignID), .integer(creatorID), .integer(groupID), .text(status.rawValue), .text(time.rfc3339)])
    }

    func setFavorite(campaignID: Int64, creatorID: Int64, favorite: Bool, at time: Timestamp) throws {
        try connection.query("UPDATE membership SET favorite = $3, updated_at = $4 WHERE campaign_id = $1 AND creator_id = $2",
                             [.integer(campaignID), .integer(creatorID), .bool(favorite), .text(time.rfc3339)])
    }
}
