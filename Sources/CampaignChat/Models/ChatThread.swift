/// The one conversation between the brand and a creator in a campaign.
///
/// Read state is kept as a position per side (how many of the other side's
/// messages it has read), so unread counts never scan the messages.
public struct ChatThread: Hashable, Sendable {
    public let id: Int64
    public let campaignSlug: String
    public let creator: Handle
    public let createdAt: Timestamp
    public let sentByBrand: Int
    public let sentByCreator: Int
    /// Creator messages the brand has read.
    public let readByBrand: Int
    /// Brand messages the creator has read.
    public let readByCreator: Int
    public let lastMessage: Message?

    public init(id: Int64, campaignSlug: String, creator: Handle, createdAt: Timestamp, sentByBrand: Int, sentByCreator: Int, readByBrand: Int, readByCreator: Int, lastMessage: Message?) {
        self.id = id
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.createdAt = createdAt
        self.sentByBrand = sentByBrand
        self.sentByCreator = sentByCreator
        self.readByBrand = readByBrand
        self.readByCreator = readByCreator
        self.lastMessage = lastMessage
    }

    public var messageCount: Int { sentByBrand + sentByCreator }

    /// Messages sent by `side`.
    public func sent(by side: Side) -> Int { side == .brand ? sentByBrand : sentByCreator }

    /// Messages from the other side that `side` has not read: its red dot.
    public func unread(for side: Side) -> Int {
        switch side {
        case .brand: max(0, sentByCreator - readByBrand)
        case .creator: max(0, sentByBrand - readByCreator)
        }
    }
}

/// What a follower of a thread reads on each wake-up, in one statement (`ChatReading.threadPage`).
public struct ThreadPage: Hashable, Sendable {
    /// The creator's status in the campaign, `nil` when never invited: whether they may still read it.
    public let status: MembershipStatus?
    /// The thread as it is now, `nil` until the conversation starts.
    public let thread: ChatThread?
    /// The messages after the cursor, oldest first.
    public let messages: [Message]

    public init(status: MembershipStatus?, thread: ChatThread?, messages: [Message]) {
        self.status = status
        self.thread = thread
        self.messages = messages
    }
}

/// A red dot: a thread with messages the acting side has not read.
public struct UnreadEntry: Hashable, Sendable {
    public let campaignSlug: String
    public let creator: Handle
    public let unread: Int
    public let lastMessage: Message

    public init(campaignSlug: String, creator: Handle, unread: Int, lastMessage: Message) {
        self.campaignSlug = campaignSlug
        self.creator = creator
        self.unread = unread
        self.lastMessage = lastMessage
    }

    /// Which thread's red dot this is.
    public struct Key: Hashable, Sendable {
        public let campaignSlug: String
        public let creator: Handle
    }

    public var key: Key { Key(campaignSlug: campaignSlug, creator: creator) }
}
