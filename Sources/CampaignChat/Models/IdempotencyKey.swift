/// An idempotency key (or a bulk send's key prefix): 1 to 200 characters without control
/// characters, checked once, when it is made; a service given one need not check it again.
public struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    /// The key as given.
    public let value: String

    public init(_ text: String) throws(CampaignChatError) {
        try TextRules.checkKey(text)
        value = text
    }

    public var description: String { value }
}
