/// The product's central rule: only an Accepted creator can be messaged or write.
public enum AcceptanceGate {
    /// Throws `notAccepted` naming the status, unless `status` is `.accepted`.
    public static func requireAccepted(_ status: MembershipStatus?, campaign: Campaign, creator: Handle) throws(CampaignChatError) {
        guard status == .accepted else {
            throw .notAccepted(campaign: campaign.slug, creator: creator, status: status)
        }
    }

    /// Archived campaigns are read-only for chat and membership.
    public static func requireActive(_ campaign: Campaign) throws(CampaignChatError) {
        if campaign.isArchived { throw .campaignArchived(campaign.slug) }
    }
}
