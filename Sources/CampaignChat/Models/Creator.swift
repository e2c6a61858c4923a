/// A registered creator, known across campaigns by handle.
public struct Creator: Hashable, Sendable {
    public let id: Int64
    public let handle: Handle
    public let name: String?
    public let createdAt: Timestamp

    public init(id: Int64, handle: Handle, name: String?, createdAt: Timestamp) {
        self.id = id
        self.handle = handle
        self.name = name
        self.createdAt = createdAt
    }
}
