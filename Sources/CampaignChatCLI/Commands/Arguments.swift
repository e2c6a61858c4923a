/// Arguments and options that several commands share, spelled once.
enum Arguments {
    static let campaign = ArgumentSpec(name: "CAMPAIGN", kind: .campaign, abstract: "The campaign's slug.")
    static let optionalCampaign = ArgumentSpec(name: "CAMPAIGN", kind: .campaign, abstract: "Only this campaign (by slug).", optional: true)
    static let group = ArgumentSpec(name: "GROUP", kind: .group, abstract: "The group's name (case-insensitive).")
    static let handle = ArgumentSpec(name: "HANDLE", kind: .creator, abstract: "The creator's handle (@alice or alice).")
}
