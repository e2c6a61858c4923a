/// A registered creator, known across campaigns by handle.
public struct Creator: Hashable, Sendable {
    public let id: Int64
    public let handle: Handle
    public let name: String?
    public let createdAt: Timestamp
    /// The device token push notifications go to; `nil` when the creator has no device on record.
    public let pushToken: String?

    public init(id: Int64, handle: Handle, name: String?, createdAt: Timestamp, pushToken: String? = nil) {
        self.id = id
        self.handle = handle
        self.name = name
        self.createdAt = createdAt
        self.pushToken = pushToken
    }
}
