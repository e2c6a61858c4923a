import CampaignChat

/// Creators and their memberships in campaigns.
extension SQLiteChatTransaction {
    // MARK: - Creators and memberships

    func creator(handle: Handle) throws -> Creator? {
        try database.row("SELECT id, handle, name, created_at, push_token FROM creator WHERE handle = ?1", [.text(handle.value)]) {
            StoredModels.creator($0, withToken: true)
        }
    }

    func creators() throws -> [Creator] {
        try database.rows("SELECT id, handle, name, created_at, push_token FROM creator ORDER BY handle", []) { StoredModels.creator($0, withToken: true) }
    }

    func updateCreator(id: Int64, name: String??, pushToken: String??) throws {
        if let name {
            try database.run("UPDATE creator SET name = ?2 WHERE id = ?1", [.integer(id), SQLValue(name)])
        }
        if let pushToken {
            try database.run("UPDATE creator SET push_token = ?2 WHERE id = ?1", [.integer(id), SQLValue(pushToken)])
        }
    }

    func insertCreator(handle: Handle, name: String?, at time: Timestamp) throws -> Creator {
        try database.run("INSERT INTO creator (handle, name, created_at) VALUES (?1, ?2, ?3)",
                         [.text(handle.value), SQLValue(name), .text(time.rfc3339)])
        return Creator(id: database.lastInsertedRowID, handle: handle, name: name, createdAt: time)
    }

    func membership(campaignID: Int64, creatorID: Int64) throws -> Membership? {
        try database.row("""
            SELECT ms.campaign_id, ms.creator_id, ms.group_id, g.name, ms.status, ms.favorite
            FROM membership ms JOIN creator_group g ON g.id = ms.group_id
            WHERE ms.campaign_id = ?1 AND ms.creator_id = ?2
            """, [.integer(campaignID), .integer(creatorID)]) { StoredModels.membership($0) }
    }

    /// Built once: a bulk send asks for every row, and building the text each time cost it 3%.
    private static let sendContextQuery = StoredQueries.sendContext { "?\($0)" }

    func sendContext(campaignID: Int64, handle: Handle) throws -> SendContext? {
        try database.row(Self.sendContextQuery, [.integer(campaignID), .text(handle.value)], StoredModels.sendContext)
    }

    /// In-process queries are cheap: one per handle, through the same cached statement.
    func sendContexts(campaignID: Int64, handles: [Handle]) throws -> [Handle: SendContext] {
        var contexts: [Handle: SendContext] = [:]
        for handle in handles where contexts[handle] == nil {
            contexts[handle] = try sendContext(campaignID: campaignID, handle: handle)
        }
        return contexts
    }

    func membershipStatus(campaignID: Int64, creatorID: Int64) throws -> MembershipStatus? {
        try database.row("SELECT status FROM membership WHERE campaign_id = ?1 AND creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)]) { MembershipStatus(rawValue: $0.text(0)) ?? .removed }
    }

    func members(campaignID: Int64, filter: MemberFilter) throws -> [Member] {
        try database.rows(StoredQueries.members + """

            WHERE ms.campaign_id = ?1 AND (?2 IS NULL OR g.name = ?2 COLLATE NOCASE)
              AND (?3 IS NULL OR ms.status = ?3) AND (NOT ?4 OR ms.favorite)
            ORDER BY cr.handle
            """, [.integer(campaignID), SQLValue(filter.groupName), SQLValue(filter.status?.rawValue), SQLValue(filter.favoritesOnly)],
            StoredModels.member)
    }

    func member(campaignID: Int64, creatorID: Int64) throws -> Member? {
        try database.row(StoredQueries.members + "\nWHERE ms.campaign_id = ?1 AND ms.creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID)], StoredModels.member)
    }

    func setMembership(campaignID: Int64, creatorID: Int64, groupID: Int64, status: MembershipStatus, at time: Timestamp) throws {
        try database.run("""
            INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (campaign_id, creator_id) DO UPDATE SET group_id = ?3, status = ?4, updated_at = ?5
            """, [.integer(campaignID), .integer(creatorID), .integer(groupID), .text(status.rawValue), .text(time.rfc3339)])
    }

    func setFavorite(campaignID: Int64, creatorID: Int64, favorite: Bool, at time: Timestamp) throws {
        try database.run("UPDATE membership SET favorite = ?3, updated_at = ?4 WHERE campaign_id = ?1 AND creator_id = ?2",
                         [.integer(campaignID), .integer(creatorID), SQLValue(favorite), .text(time.rfc3339)])
    }
}
