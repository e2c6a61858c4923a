/// A brand's campaign, addressed by its slug.
public struct Campaign: Hashable, Sendable {
    public let id: Int64
    public let slug: String
    public let name: String
    public let createdAt: Timestamp
    public let archivedAt: Timestamp?

    public init(id: Int64, slug: String, name: String, createdAt: Timestamp, archivedAt: Timestamp?) {
        self.id = id
        self.slug = slug
        self.name = name
        self.createdAt = createdAt
        self.archivedAt = archivedAt
    }

    /// Archived campaigns stay readable but take no new messages or invitations.
    public var isArchived: Bool { archivedAt != nil }
}

/// A campaign with what `campaign show` reports about it.
public struct CampaignDetail: Hashable, Sendable {
    public let campaign: Campaign
    public let groups: [GroupSummary]
    public let threadCount: Int

    public init(campaign: Campaign, groups: [GroupSummary], threadCount: Int) {
        self.campaign = campaign
        self.groups = groups
        self.threadCount = threadCount
    }

    /// Member counts over all groups.
    public var counts: StatusCounts {
        groups.reduce(into: StatusCounts()) { total, group in total.add(group.counts) }
    }
}
