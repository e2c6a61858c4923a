import CampaignChat

/// Arguments that several commands share, declared once.
enum Arguments {
    static let campaign = Argument("CAMPAIGN", Parse.campaign, abstract: "The campaign's slug.")
    static let optionalCampaign = OptionalArgument("CAMPAIGN", Parse.campaign, abstract: "Only this campaign (by slug).")
    static let group = Argument("GROUP", Parse.text("GROUP", .group), abstract: "The group's name (case-insensitive).")
    static let handle = Argument("HANDLE", Parse.handle, abstract: "The creator's handle (@alice or alice).")
}

/// Options that several commands share, declared once.
enum Options {
    static let from = Option("from", Parse.choice(Side.self, "SIDE"), abstract: "Only messages from brand or creator.")
}
