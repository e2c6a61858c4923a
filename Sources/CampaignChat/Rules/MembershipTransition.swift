/// How a creator's status in a campaign may change.
///
/// Invited creators accept or decline; declined ones may still accept or be
/// invited again; removed ones only come back through a new invitation.
public enum MembershipAction: String, Sendable {
    case invite
    case accept
    case decline
    case remove

    /// The status after this action, or a refusal naming the current status.
    /// Repeating an action that already holds is allowed and changes nothing.
    public func apply(to current: MembershipStatus?, campaign: Campaign, creator: Handle) throws(CampaignChatError) -> MembershipStatus {
        switch (self, current) {
        case (.invite, nil), (.invite, .declined?), (.invite, .removed?), (.invite, .invited?):
            return .invited
        case (.invite, .accepted?):
            return .accepted
        case (_, nil):
            throw .notInvited(campaign: campaign.slug, creator: creator, action: rawValue)
        case (.accept, .invited?), (.accept, .declined?), (.accept, .accepted?):
            return .accepted
        case (.decline, .invited?), (.decline, .accepted?), (.decline, .declined?):
            return .declined
        case (.remove, _?):
            return .removed
        case (.accept, .removed?), (.decline, .removed?):
            throw .statusConflict(campaign: campaign.slug, creator: creator, status: .removed, action: rawValue)
        }
    }
}
