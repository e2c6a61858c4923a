/// A small example campaign for trying campaignchat: `campaignchat demo`.
///
/// Every step is idempotent, so running it again changes nothing and sends nothing twice.
public enum DemoCampaign {
    public static let slug = "demo-launch"
    public static let template = "Hi {name}, your parcel is on its way: {carrier} tracking number {tracking}."
    static let creators: [(handle: Handle, name: String, accepts: Bool)] = [
        (Handle(stored: "ava.demo"), "Ava Demo", true), (Handle(stored: "ben.demo"), "Ben Demo", true),
        (Handle(stored: "cleo.demo"), "Cleo Demo", true), (Handle(stored: "dan.demo"), "Dan Demo", false),
    ]
    static let shipments = [
        ("ava.demo", "1Z999AA10123456784", "UPS"), ("ben.demo", "3318810025", "DHL"),
        ("cleo.demo", "9400111899223197428497", "USPS"), ("dan.demo", "1Z999AA10123456793", "UPS"),
    ]

    /// Creates what is missing: the campaign, its group, four creators (three accepted, one only invited).
    public static func prepare(_ brand: ChatService) throws {
        if (try? brand.campaignDetail(slug)) == nil { _ = try brand.createCampaign(name: "Demo Launch", slug: slug) }
        if (try? brand.groupMembers(campaign: slug, group: "Shipping")) == nil { _ = try brand.createGroup(campaign: slug, name: "Shipping") }
        let known = Set(try brand.creators().map(\.handle))
        for creator in creators where !known.contains(creator.handle) {
            _ = try brand.addCreator(handle: creator.handle, name: creator.name)
        }
        _ = try brand.invite(campaign: slug, group: "Shipping", handles: creators.map(\.handle))
        for creator in creators where creator.accepts {
            _ = try brand.changeStatus(.accept, campaign: slug, handle: creator.handle)
        }
    }

    /// The courier tracking numbers, as rows of a bulk send.
    public static var shipmentRecords: [BulkRecord] {
        shipments.enumerated().map { offset, shipment in
            .row(BulkRow(line: offset + 2, fields: ["handle": "@" + shipment.0, "tracking": shipment.1, "carrier": shipment.2]))
        }
    }

    /// Ava answers, so the brand has a red dot to look at.
    public static func reply(_ service: (Actor) -> ChatService) throws {
        let ava = Handle(stored: "ava.demo")
        _ = try service(.creator(ava)).send(campaign: slug, handle: ava, body: "Thanks! I'll post the unboxing on Friday.",
                                            key: try IdempotencyKey("demo-reply-ava"))
    }
}
