/// A Creator Group of a campaign: the unit creators are invited into.
public struct CreatorGroup: Hashable, Sendable {
    public let id: Int64
    public let campaignSlug: String
    public let name: String
    public let createdAt: Timestamp

    public init(id: Int64, campaignSlug: String, name: String, createdAt: Timestamp) {
        self.id = id
        self.campaignSlug = campaignSlug
        self.name = name
        self.createdAt = createdAt
    }
}

/// A group with its member counts by status, for `group list`.
public struct GroupSummary: Hashable, Sendable {
    public let group: CreatorGroup
    public let counts: StatusCounts

    public init(group: CreatorGroup, counts: StatusCounts) {
        self.group = group
        self.counts = counts
    }
}

/// How many members are in each membership status.
public struct StatusCounts: Hashable, Sendable {
    public var invited = 0
    public var accepted = 0
    public var declined = 0
    public var removed = 0

    public init(invited: Int = 0, accepted: Int = 0, declined: Int = 0, removed: Int = 0) {
        self.invited = invited
        self.accepted = accepted
        self.declined = declined
        self.removed = removed
    }

    public subscript(status: MembershipStatus) -> Int {
        get {
            switch status {
            case .invited: invited
            case .accepted: accepted
            case .declined: declined
            case .removed: removed
            }
        }
        set {
            switch status {
            case .invited: invited = newValue
            case .accepted: accepted = newValue
            case .declined: declined = newValue
            case .removed: removed = newValue
            }
        }
    }

    public var total: Int { invited + accepted + declined + removed }

    mutating func add(_ other: StatusCounts) {
        for status in MembershipStatus.allCases { self[status] += other[status] }
    }
}
