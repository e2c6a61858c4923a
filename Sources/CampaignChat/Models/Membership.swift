/// Where a creator stands in a campaign. Only `accepted` creators can be messaged.
public enum MembershipStatus: String, Hashable, Sendable, CaseIterable {
    case invited
    case accepted
    case declined
    case removed
}

/// A creator's place in one campaign: the group, the status and the Favorite flag.
public struct Membership: Hashable, Sendable {
    public let campaignID: Int64
    public let creatorID: Int64
    public let groupID: Int64
    public let groupName: String
    public let status: MembershipStatus
    public let favorite: Bool

    public init(campaignID: Int64, creatorID: Int64, groupID: Int64, groupName: String, status: MembershipStatus, favorite: Bool) {
        self.campaignID = campaignID
        self.creatorID = creatorID
        self.groupID = groupID
        self.groupName = groupName
        self.status = status
        self.favorite = favorite
    }
}

/// A creator as a campaign's brand sees them: profile, membership and red dot.
public struct Member: Hashable, Sendable {
    public let creator: Creator
    public let campaignSlug: String
    /// The group, status and Favorite flag.
    public let membership: Membership
    /// Creator messages the brand has not read yet.
    public let unreadByBrand: Int

    public init(creator: Creator, campaignSlug: String, membership: Membership, unreadByBrand: Int) {
        self.creator = creator
        self.campaignSlug = campaignSlug
        self.membership = membership
        self.unreadByBrand = unreadByBrand
    }

    public var groupName: String { membership.groupName }
    public var status: MembershipStatus { membership.status }
    public var favorite: Bool { membership.favorite }

    /// The red dot shown next to the creator.
    public var hasRedDot: Bool { unreadByBrand > 0 }
}

/// Which members `creator list` shows.
public struct MemberFilter: Hashable, Sendable {
    public var groupName: String?
    public var status: MembershipStatus?
    public var favoritesOnly: Bool

    public init(groupName: String? = nil, status: MembershipStatus? = nil, favoritesOnly: Bool = false) {
        self.groupName = groupName
        self.status = status
        self.favoritesOnly = favoritesOnly
    }
}

/// The outcome of an invite, accept, decline or remove: where the member ended up and whether anything changed.
public struct MembershipChange: Hashable, Sendable {
    public let member: Member
    public let previousStatus: MembershipStatus?
    public var changed: Bool { previousStatus != member.status }

    public init(member: Member, previousStatus: MembershipStatus?) {
        self.member = member
        self.previousStatus = previousStatus
    }
}
