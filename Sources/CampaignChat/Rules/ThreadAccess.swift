/// Who may see and act on which thread, and which actions are the brand's alone.
public enum ThreadAccess {
    /// The brand reaches every thread; a creator only their own.
    ///
    /// Checked before anything about the thread is looked up, so a refusal
    /// tells another creator nothing (not even whether the thread exists).
    public static func requireOwnThread(actor: Actor, threadCreator: Handle) throws(CampaignChatError) {
        if case .creator(let handle) = actor, handle != threadCreator {
            throw .notYourThread(actor: handle)
        }
    }

    /// A creator removed from a campaign loses access to its conversation;
    /// the brand keeps the history.
    public static func requireVisible(actor: Actor, status: MembershipStatus?, campaign: Campaign, creator: Handle) throws(CampaignChatError) {
        if case .creator = actor, status == nil || status == .removed {
            throw .notAccepted(campaign: campaign.slug, creator: creator, status: status)
        }
    }

    /// A creator may follow the events of a campaign they were ever invited to: removed, they
    /// still see their own membership changes (that they were removed, invited again), so a
    /// removal never ends their stream. One never invited is refused.
    public static func requireEventsVisible(actor: Actor, status: MembershipStatus?, campaign: Campaign, creator: Handle) throws(CampaignChatError) {
        if case .creator = actor, status == nil {
            throw .notAccepted(campaign: campaign.slug, creator: creator, status: status)
        }
    }

    /// Administration (campaigns, groups, invitations, favorites) is the brand's.
    public static func requireBrand(_ actor: Actor, to action: String) throws(CampaignChatError) {
        if case .creator = actor { throw .brandOnly(action: action) }
    }
}
