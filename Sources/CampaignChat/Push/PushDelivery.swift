import CampaignChatSystem

/// How `push deliver` runs.
public struct PushDeliveryOptions: Sendable {
    /// Stop after this many notifications (all due ones when `nil`).
    public var limit: Int?
    /// Attempts before a notification becomes `failed`.
    public var maxAttempts: Int
    /// How long a claimed notification stays reserved for this run.
    public var leaseMilliseconds: Int64
    /// The wait after the first failed attempt; it doubles with each further one.
    public var backoffMilliseconds: Int64
    /// Asked before each notification: `true` stops the run (what was claimed and not tried is released by its lease).
    public var isInterrupted: @Sendable () -> Bool

    public init(limit: Int? = nil, maxAttempts: Int = 5, leaseMilliseconds: Int64 = 60_000, backoffMilliseconds: Int64 = 30_000,
                isInterrupted: @escaping @Sendable () -> Bool = { false }) {
        self.limit = limit
        self.maxAttempts = max(1, maxAttempts)
        self.leaseMilliseconds = leaseMilliseconds
        self.backoffMilliseconds = backoffMilliseconds
        self.isInterrupted = isInterrupted
    }
}

/// What one delivery attempt did.
public enum PushAttemptResult: Hashable, Sendable {
    case delivered
    /// Failed; it will be tried again later.
    case retried(exitCode: Int, error: String?)
    /// Failed for the last time; without an exit code when the command was not run (the
    /// creator may no longer be messaged).
    case failed(exitCode: Int?, error: String?)
    /// The creator no longer has a device token.
    case noDevice
    /// The attempt outlasted this run's lease and another run owns the notification now:
    /// this result was not recorded (that run will deliver it: at least once).
    case leaseExpired
}

/// Counts of one `push deliver` run.
public struct PushDeliverySummary: Hashable, Sendable {
    public var delivered = 0
    public var retried = 0
    public var failed = 0
    public var noDevice = 0
    /// Attempts whose result came too late to record (the lease had passed to another run).
    public var leaseExpired = 0

    public init() {}
}

/// A one-shot `push deliver` stopped by a signal between attempts: what it did until then.
public struct PushDeliveryInterrupted: Error, Hashable, Sendable {
    public let summary: PushDeliverySummary
}

extension ChatService {
    /// Hands each due pending notification to `attempt`, once per run, in id order.
    ///
    /// Each notification is first claimed with a lease inside a write transaction
    /// (serialised against every other write), so concurrent runs never hand out the same one; a run that
    /// dies leaves its claim to expire and the notification to be retried
    /// (delivery is at least once). `attempt` returns the exit status of the
    /// delivery command and its last error line.
    public func deliverPushes(options: PushDeliveryOptions,
                              attempt: (PushNotification, _ attemptNumber: Int) throws -> ShellCommand.Outcome,
                              report: (PushNotification, PushAttemptResult) throws -> Void) throws -> PushDeliverySummary {
        try ThreadAccess.requireBrand(actor, to: "deliver push notifications")
        var summary = PushDeliverySummary()
        do {
            try deliverPass(options: options, attempt: attempt, report: report, counting: &summary)
        } catch is OperationInterrupted {
            throw PushDeliveryInterrupted(summary: summary)
        }
        return summary
    }

    /// One pass of `deliverPushes`, counting into `summary` as it goes: an interrupted pass has
    /// counted every attempt it recorded.
    private func deliverPass(options: PushDeliveryOptions,
                             attempt: (PushNotification, _ attemptNumber: Int) throws -> ShellCommand.Outcome,
                             report: (PushNotification, PushAttemptResult) throws -> Void,
                             counting summary: inout PushDeliverySummary) throws {
        let owner = "pid \(CurrentProcess.id) at \(Timestamp.now())"
        var lastID: Int64 = 0
        var handled = 0
        while options.limit.map({ handled < $0 }) ?? true {
            if options.isInterrupted() { throw OperationInterrupted() }
            // Leases and retry times are on the store's clock (the server's, when it is shared).
            let claimed = try store.write { tx in
                let now = try tx.currentTime().millisecondsSinceEpoch
                return try tx.claimNotification(afterID: lastID, now: Timestamp(millisecondsSinceEpoch: now),
                                                leaseUntil: Timestamp(millisecondsSinceEpoch: now + options.leaseMilliseconds), owner: owner)
            }
            guard let notification = claimed else { break }
            lastID = notification.id
            handled += 1
            let attempts = notification.attempts + 1
            let result: PushAttemptResult
            if let status = notification.recipientStatus, status != .accepted {
                // Removed (or otherwise no longer accepted) since the message was sent: "invited, declined
                // and removed creators can neither send nor receive". Not run, and not retried.
                result = .failed(exitCode: nil, error: "\(notification.creator) is \(status.rawValue) in \(notification.campaignSlug): not sent")
            } else if notification.token == nil {
                result = .noDevice
            } else {
                let outcome = try attempt(notification, attempts)
                if outcome.exitCode == 0 {
                    result = .delivered
                } else if attempts >= options.maxAttempts {
                    result = .failed(exitCode: outcome.exitCode, error: outcome.lastErrorLine)
                } else {
                    result = .retried(exitCode: outcome.exitCode, error: outcome.lastErrorLine)
                }
            }
            let record: (state: NotificationState, attempts: Int, retryDelay: Int64?, code: Int?, error: String?) = switch result {
            case .delivered: (.delivered, attempts, nil, 0, nil)
            case .noDevice: (.noDevice, notification.attempts, nil, nil, "no device token")
            case .retried(let code, let error):
                (.pending, attempts, PushRules.retryDelay(afterAttempts: attempts, baseMilliseconds: options.backoffMilliseconds), code, error)
            case .failed(let code, let error): (.failed, code == nil ? notification.attempts : attempts, nil, code, error)
            case .leaseExpired: (.pending, notification.attempts, nil, nil, nil)
            }
            let recorded = try store.write { tx in
                let finished = try tx.currentTime().millisecondsSinceEpoch
                let finishedAt = Timestamp(millisecondsSinceEpoch: finished)
                guard try tx.finishNotification(id: notification.id, owner: owner, state: record.state, attempts: record.attempts,
                                                nextAttemptAt: record.retryDelay.map { Timestamp(millisecondsSinceEpoch: finished + $0) },
                                                exitCode: record.code, error: record.error, at: finishedAt)
                else { return false }
                if let kind: EventKind = record.state == .delivered ? .notificationDelivered : record.state == .failed ? .notificationFailed : nil {
                    try tx.appendEvent(EventRecord(kind: kind, campaignID: notification.campaignID,
                                                   creatorID: notification.creatorID, messageID: notification.messageID,
                                                   notificationID: notification.id, attempts: record.attempts), at: finishedAt)
                }
                return true
            }
            let outcome = recorded ? result : .leaseExpired
            switch outcome {
            case .delivered: summary.delivered += 1
            case .retried: summary.retried += 1
            case .failed: summary.failed += 1
            case .noDevice: summary.noDevice += 1
            case .leaseExpired: summary.leaseExpired += 1
            }
            try report(notification, outcome)
        }
    }

    /// Delivers as `deliverPushes` does, then stays: each notification is handed over as soon
    /// as its message is committed (or its retry falls due), until `stop` becomes readable.
    /// An attempt under way when the stop comes is finished and recorded first, so no lease
    /// is left behind.
    public func deliverPushesFollowing(options: PushDeliveryOptions, stop: FollowerStop?,
                                       attempt: (PushNotification, _ attemptNumber: Int) throws -> ShellCommand.Outcome,
                                       report: (PushNotification, PushAttemptResult) throws -> Void) throws -> PushDeliverySummary {
        try ThreadAccess.requireBrand(actor, to: "deliver push notifications")
        let feed = try store.changeFeed()
        var total = PushDeliverySummary()
        var pass = options
        // Between attempts: a stop request ends the pass, and so does the reader of the report going away (thrown below).
        pass.isInterrupted = { [isInterrupted = options.isInterrupted] in isInterrupted() || stop.map { (try? $0.requestedNow()) ?? true } ?? false }
        while true {
            do {
                try deliverPass(options: pass, attempt: attempt, report: report, counting: &total)
            } catch is OperationInterrupted {
                _ = try stop?.requestedNow()   // throws if it was the reader going away
                return total
            }
            // The next due time is on the store's clock: waited for as a delay on this machine's.
            let delay = try store.read { tx in
                try tx.nextNotificationDue().map { $0.millisecondsSinceEpoch - (try tx.currentTime()).millisecondsSinceEpoch }
            }
            let deadline = delay.map { Timestamp.currentMilliseconds() + max(0, $0) }
            if try feed.wait(stop: stop, until: deadline) == .stopped { return total }
        }
    }

    /// Notifications by id, optionally in one state.
    public func pushNotifications(state: NotificationState? = nil, limit: Int? = nil) throws -> [PushNotification] {
        try ThreadAccess.requireBrand(actor, to: "list push notifications")
        return try store.read { tx in try tx.notifications(state: state, limit: limit) }
    }

    /// Puts failed notifications back to pending, due now. All or nothing.
    public func retryPushes(ids: [Int64]) throws -> [PushNotification] {
        try ThreadAccess.requireBrand(actor, to: "retry push notifications")
        return try store.write { tx in
            let now = try tx.currentTime()
            for id in ids {
                guard let notification = try tx.notification(id: id) else { throw CampaignChatError.notificationNotFound(id) }
                guard notification.state == .failed || notification.state == .pending else {
                    throw CampaignChatError.invalidValue("notification \(id) is \(notification.state.rawValue), not failed")
                }
                if let lease = notification.leaseUntil, lease > now {
                    throw CampaignChatError.invalidValue("notification \(id) is being delivered right now (until \(lease))")
                }
                try tx.finishNotification(id: id, owner: nil, state: .pending, attempts: 0, nextAttemptAt: now, exitCode: notification.lastExitCode,
                                          error: notification.lastError, at: now)
            }
            return try ids.compactMap { try tx.notification(id: $0) }
        }
    }
}
