import Foundation
@testable import CampaignChat

/// A fresh folder with a database path in it, removed when the test ends.
final class TestFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("campaignchat-lib-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    var databasePath: String { path("chat.db") }
}

/// A store on a real SQLite file, services for the brand and creators, and a
/// clock that moves one second per call so that order is visible.
final class ChatFixture {
    let folder = TestFolder()
    let store: SQLiteChatStore
    private let ticks = Counter()

    init() throws {
        store = try SQLiteChatStore(path: folder.databasePath)
    }

    func service(as actor: Actor = .brand) -> ChatService {
        let ticks = self.ticks
        return ChatService(store: store, actor: actor) { Timestamp(secondsSinceEpoch: 1_790_000_000 + ticks.next()) }
    }

    var brand: ChatService { service() }

    func creator(_ handle: String) throws -> ChatService { service(as: .creator(try Handle(parsing: handle))) }

    /// A campaign `summer-launch` with group `Group A`, creators alice (accepted),
    /// bob (invited), carol (declined) and dave (removed), and erin registered but never invited.
    func seedCampaign() throws {
        let brand = self.brand
        _ = try brand.createCampaign(name: "Summer Launch")
        _ = try brand.createGroup(campaign: "summer-launch", name: "Group A")
        for handle in ["alice", "bob", "carol", "dave", "erin"] { _ = try brand.addCreator(handle: handle, name: handle.capitalized) }
        _ = try brand.invite(campaign: "summer-launch", group: "Group A", handles: ["alice", "bob", "carol", "dave"])
        _ = try brand.changeStatus(.accept, campaign: "summer-launch", handle: "alice")
        _ = try brand.changeStatus(.decline, campaign: "summer-launch", handle: "carol")
        _ = try brand.changeStatus(.remove, campaign: "summer-launch", handle: "dave")
    }

    /// A number from the database, for checking what was (not) written.
    func count(_ sql: String) throws -> Int {
        Int(try store.database.integer(sql))
    }
}

final class Counter: @unchecked Sendable {
    private var value = 0
    func next() -> Int { value += 1; return value }
}

/// Runs `body` and returns the `CampaignChatError` it threw, if any.
func chatError(_ body: () throws -> Void) -> CampaignChatError? {
    do {
        try body()
        return nil
    } catch let error as CampaignChatError {
        return error
    } catch {
        return nil
    }
}
