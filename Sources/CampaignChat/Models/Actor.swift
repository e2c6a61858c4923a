/// Who is acting: the brand that runs the campaigns, or one creator.
///
/// Every operation is performed on behalf of an actor; the rules decide from
/// it what may be read and written.
public enum Actor: Hashable, Sendable, CustomStringConvertible {
    case brand
    case creator(Handle)

    /// The word that names the brand where a creator's handle may stand: no creator may take it
    /// as a handle, or `--as "$HANDLE"` would act as the brand for them.
    public static let brandWord = "brand"

    /// Parses `brand`, `@alice` or `alice`.
    public init(parsing text: String) throws(CampaignChatError) {
        if text.lowercased() == Self.brandWord {
            self = .brand
        } else {
            self = .creator(try Handle(parsing: text))
        }
    }

    /// The side of a thread this actor writes and reads as.
    public var side: Side {
        switch self {
        case .brand: .brand
        case .creator: .creator
        }
    }

    public var description: String {
        switch self {
        case .brand: "brand"
        case .creator(let handle): handle.description
        }
    }
}

/// The two sides of every thread.
public enum Side: String, Hashable, Sendable, CaseIterable {
    case brand
    case creator

    public var other: Side { self == .brand ? .creator : .brand }
}
