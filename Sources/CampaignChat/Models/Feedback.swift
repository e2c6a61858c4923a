/// Campaign Approval feedback on a creator's content: kept apart from chat, so it
/// never shows in a thread, the red dots, search or push notifications.
public struct Feedback: Hashable, Sendable {
    public let id: Int64
    public let campaignSlug: String
    public let creator: Handle
    public let body: String
    public let createdAt: Timestamp

    public init(id: Int64, campaignSlug: String, creator: Handle, body: String, createdAt: Timestamp) {
        self.id = id
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.body = body
        self.createdAt = createdAt
    }
}

/// A message found by `message search`, with its body marked where it matched.
public struct SearchHit: Hashable, Sendable {
    public let message: Message
    /// The body with each match between `SearchHit.matchStart` and `SearchHit.matchEnd`.
    public let highlighted: String
    /// The shipment whose tracking number the message carried, if any.
    public let shipment: Shipment?

    public static let matchStart: Unicode.Scalar = "\u{E000}"
    public static let matchEnd: Unicode.Scalar = "\u{E001}"

    public init(message: Message, highlighted: String, shipment: Shipment? = nil) {
        self.message = message
        self.highlighted = highlighted
        self.shipment = shipment
    }

    /// The body with each match between `start` and `end`. Only the marks the search put in
    /// count: a body that holds U+E000 or U+E001 itself keeps them as they are, so a message
    /// cannot make words of its own look like matches.
    public func marked(start: String, end: String) -> String {
        Self.placingMarks(of: highlighted, on: message.body, start: start, end: end) ?? message.body
    }

    /// `body` with the marks `highlighted` holds, each as `start` or `end`. `highlighted` is the
    /// body (or a copy of it with some characters replaced one for one) with marks put in: a
    /// mark where the body has that very character is the body's own. Every other character is
    /// taken from `body`. `nil` when the two do not line up.
    public static func placingMarks(of highlighted: String, on body: String, start: String, end: String) -> String? {
        let original = Array(body.unicodeScalars)
        var result = ""
        var index = 0
        for scalar in highlighted.unicodeScalars {
            let isMark = scalar == matchStart || scalar == matchEnd
            if isMark && !(index < original.count && original[index] == scalar) {
                result += scalar == matchStart ? start : end
                continue
            }
            guard index < original.count else { return nil }
            result.unicodeScalars.append(original[index])
            index += 1
        }
        return index == original.count ? result : nil
    }
}

/// A message as `thread export` writes it: with its read state.
public struct ExportedMessage: Hashable, Sendable {
    public let message: Message
    /// Whether the other side (the recipient) has read it.
    public let read: Bool
    /// The shipment whose tracking number the message carried, if any.
    public let shipment: Shipment?

    public init(message: Message, read: Bool, shipment: Shipment? = nil) {
        self.message = message
        self.read = read
        self.shipment = shipment
    }
}

/// What `message search` and `thread export` look at.
public struct MessageFilter: Hashable, Sendable {
    public var campaign: String?
    public var creator: Handle?
    public var from: Side?
    public var since: Timestamp?

    public init(campaign: String? = nil, creator: Handle? = nil, from: Side? = nil, since: Timestamp? = nil) {
        self.campaign = campaign
        self.creator = creator
        self.from = from
        self.since = since
    }
}
