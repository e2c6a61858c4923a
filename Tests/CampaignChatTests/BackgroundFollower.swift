import Foundation
@testable import CampaignChat
import CampaignChatSystem

/// A follower (`followEvents`, `followThread`, `followUnread`) on a thread of its own, with a
/// stop request it can be given, and what it handed over.
final class BackgroundFollower<Item>: @unchecked Sendable {
    let received = Received<Item>()
    private var stopPipe: [Int32] = [0, 0]
    private let finished = DispatchSemaphore(value: 0)
    private var last: Int64 = 0
    private var failure: (any Error)?

    /// Runs `follow` with the stop request and a way to hand an item over (into `received`);
    /// what it returns is the last cursor it handed over.
    init(_ follow: @escaping @Sendable (_ stop: FollowerStop, _ handOver: (Item) -> Void) throws -> Int64) throws {
        guard pipe(&stopPipe) == 0 else { throw StoreError.io("no pipe") }
        let stop = FollowerStop(request: stopPipe[0])
        Thread.detachNewThread { [self] in
            do {
                last = try follow(stop) { received.append($0) }
            } catch {
                failure = error
            }
            finished.signal()
        }
    }

    deinit { close(stopPipe[0]); close(stopPipe[1]) }

    /// Asks it to stop and waits up to 10 s: whether it ended, the last cursor it handed over, what it threw.
    func stop() -> (finished: Bool, last: Int64, failure: (any Error)?) {
        _ = write(stopPipe[1], "x", 1)
        return waitToEnd()
    }

    /// Waits up to 10 s for it to end by itself (or after `stop`).
    func waitToEnd() -> (finished: Bool, last: Int64, failure: (any Error)?) {
        let ended = finished.wait(timeout: .now() + 10) == .success
        return (ended, last, failure)
    }
}

extension BackgroundFollower where Item == ChatEvent {
    /// `followEvents`; `handedOver` runs on the follower's thread as each event is handed over, after `received` has it.
    convenience init(_ service: ChatService, after start: Int64, campaign: String? = nil,
                     handedOver: @escaping @Sendable (ChatEvent) -> Void = { _ in }) throws {
        nonisolated(unsafe) let service = service
        try self.init { stop, handOver in
            try service.followEvents(after: start, campaign: campaign, follow: true, stop: stop) {
                handOver($0)
                handedOver($0)
            }
        }
    }
}

/// What a follower handed over on another thread, and a way to wait for it.
final class Received<Item>: @unchecked Sendable {
    private let lock = NSCondition()
    private var received: [Item] = []

    func append(_ item: Item) {
        lock.lock()
        received.append(item)
        lock.broadcast()
        lock.unlock()
    }

    var items: [Item] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Whether `count` items arrived within 10 s.
    func wait(forCount count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(10)
        while received.count < count { if !lock.wait(until: deadline) { return received.count >= count } }
        return true
    }
}
