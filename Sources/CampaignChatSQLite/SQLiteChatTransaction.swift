import CampaignChat

/// The queries and writes of `ChatStore` in SQL, run inside a transaction
/// opened by `SQLiteChatStore`.
struct SQLiteChatTransaction: ChatWriting {
    let database: Database
    /// A write's messages still to be indexed for search (`nil` in a read).
    var unindexed: UnindexedMessages? = nil

    // MARK: - Campaigns

    func campaign(slug: String) throws -> Campaign? {
        try database.row("SELECT \(StoredQueries.campaignColumns) FROM campaign c WHERE c.slug = ?1", [.text(slug)], StoredModels.campaign)
    }

    func campaigns(includeArchived: Bool, memberID: Int64?) throws -> [Campaign] {
        try database.rows("""
            SELECT \(StoredQueries.campaignColumns) FROM campaign c
            WHERE (?1 OR c.archived_at IS NULL)
              AND (?2 IS NULL OR EXISTS (SELECT 1 FROM membership ms
                   WHERE ms.campaign_id = c.id AND ms.creator_id = ?2 AND ms.status <> 'removed'))
            ORDER BY c.id
            """, [SQLValue(includeArchived), SQLValue(memberID)], StoredModels.campaign)
    }

    func insertCampaign(slug: String, name: String, at time: Timestamp) throws -> Campaign {
        try database.run("INSERT INTO campaign (slug, name, created_at) VALUES (?1, ?2, ?3)",
                         [.text(slug), .text(name), .text(time.rfc3339)])
        return Campaign(id: database.lastInsertedRowID, slug: slug, name: name, createdAt: time, archivedAt: nil)
    }

    func archiveCampaign(id: Int64, at time: Timestamp) throws {
        try database.run("UPDATE campaign SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
                         [.integer(id), .text(time.rfc3339)])
    }

    func threadCount(campaignID: Int64) throws -> Int {
        Int(try database.integer("SELECT count(*) FROM thread WHERE campaign_id = ?1", [.integer(campaignID)]))
    }

    // MARK: - Groups

    func groupSummaries(campaignID: Int64) throws -> [GroupSummary] {
        try database.rows("""
            SELECT g.id, c.slug, g.name, g.created_at,
                   coalesce(sum(ms.status = 'invited'), 0), coalesce(sum(ms.status = 'accepted'), 0),
                   coalesce(sum(ms.status = 'declined'), 0), coalesce(sum(ms.status = 'removed'), 0)
            FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            LEFT JOIN membership ms ON ms.group_id = g.id
            WHERE g.campaign_id = ?1
            GROUP BY g.id ORDER BY g.id
            """, [.integer(campaignID)], StoredModels.groupSummary)
    }

    func group(campaignID: Int64, name: String) throws -> CreatorGroup? {
        try database.row("""
            SELECT g.id, c.slug, g.name, g.created_at FROM creator_group g JOIN campaign c ON c.id = g.campaign_id
            WHERE g.campaign_id = ?1 AND g.name = ?2 COLLATE NOCASE
            """, [.integer(campaignID), .text(name)], StoredModels.group)
    }

    func insertGroup(campaign: Campaign, name: String, at time: Timestamp) throws -> CreatorGroup {
        try database.run("INSERT INTO creator_group (campaign_id, name, created_at) VALUES (?1, ?2, ?3)",
                         [.integer(campaign.id), .text(name), .text(time.rfc3339)])
        return CreatorGroup(id: database.lastInsertedRowID, campaignSlug: campaign.slug, name: name, createdAt: time)
    }
}
