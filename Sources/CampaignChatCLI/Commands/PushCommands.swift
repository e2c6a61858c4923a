import CampaignChat
import CampaignChatSystem
import Glibc

/// `push list | deliver | retry`: the outbox of push notifications to creators.
enum PushCommands {
    static let all = [list, deliver, retry]

    static let list = CommandSpec(
        path: ["push", "list"],
        abstract: "List push notifications, oldest first.",
        options: [Self.state.spec, Self.listLimit.spec]
    ) { invocation in
        let notifications = try invocation.service().pushNotifications(state: invocation[Self.state], limit: invocation[Self.listLimit])
        let output = invocation.output
        if output.json { return output.json(.array(notifications.map(\.json))) }
        if notifications.isEmpty { return output.hint("No push notifications.") }
        output.table(["ID", "CAMPAIGN", "CREATOR", "STATE", "ATTEMPTS", "CREATED", "PREVIEW"], notifications.map { notification in
            [String(notification.id), notification.campaignSlug, notification.creator.description, notification.state.rawValue,
             String(notification.attempts), Terminal.shortTime(notification.createdAt), Terminal.preview(notification.preview, limit: 40)]
        })
    }

    static let deliver: CommandSpec = CommandSpec(
        path: ["push", "deliver"],
        abstract: "Run COMMAND for each due pending notification, with the notification as JSON on its stdin.",
        discussion: """
            COMMAND runs through /bin/sh -c, once per notification, with one JSON object on stdin
            ({"id","campaign","creator","message_id","preview","token","attempt","created_at"}) and
            CAMPAIGNCHAT_PUSH_ID, _TOKEN, _CREATOR, _CAMPAIGN, _MESSAGE_ID and _ATTEMPT in its environment.
            Its stdout goes to campaignchat's stderr (escaped, on a terminal). Exit 0 marks the notification
            delivered; anything else records the exit code and the last line of its stderr and retries later
            with exponential backoff, until --max-attempts, when it becomes failed. Each notification is claimed with a
            lease first, so runs at the same time never deliver the same one, and one killed mid-way leaves
            its claim to expire. A notification whose creator may no longer be messaged when its turn comes
            (removed since the message was sent) is not handed to COMMAND: it fails at once, with the reason.
            Exits non-zero only when it could not work at all.

            With --follow it stays, and hands each notification to COMMAND as soon as its message is
            committed (or its retry falls due), waiting for changes without polling, until Ctrl-C or
            SIGTERM: the attempt under way is finished and recorded, then the summary is printed (exit 0).
            Several deliverers may follow at once: each notification is still delivered by one of them.

            \(Events.howFollowersWait)
            """,
        options: [Self.exec.spec, Self.deliverLimit.spec, Self.maxAttempts.spec, Self.backoff.spec, Self.lease.spec, Self.timeout.spec,
                  Self.follow.spec]
    ) { invocation in try deliver(invocation) }

    static let state = Option("state", Parse.choice(NotificationState.self, "STATE", .status),
                              abstract: "Only notifications in this state: pending, delivered, failed or no_device.")
    static let listLimit = Option("limit", Parse.positiveNumber, abstract: "At most N notifications.")
    static let exec = RequiredOption("exec", Parse.text("COMMAND", .shell), abstract: "The delivery command.")
    static let deliverLimit = Option("limit", Parse.positiveNumber, notWith: "follow", abstract: "Deliver at most N notifications.")
    static let maxAttempts = Option("max-attempts", Parse.positiveNumber, abstract: "Attempts before a notification fails (default 5).")
    static let backoff = Option("backoff", Parse.seconds, abstract: "Wait after the first failure, doubled each time (default 30).")
    static let lease = Option("lease", Parse.seconds, abstract: "How long a claim lasts; longer than --timeout (default 60).")
    static let timeout = Option("timeout", Parse.seconds(from: PushRules.minimumTimeoutSeconds),
                                abstract: "Kill COMMAND after this long (1 or more, less than --lease); counts as a failure (default 30).")
    static let follow = Flag("follow", short: "f", abstract: "Stay, and deliver each notification as soon as it is due, until Ctrl-C or SIGTERM.")

    /// `push deliver`: one pass over the due notifications, or with --follow, every one as it falls due.
    static func deliver(_ invocation: Invocation) throws {
        let command = invocation[Self.exec]
        let follow = invocation[Self.follow]
        // Following, Ctrl-C and SIGTERM end the run cleanly (exit 0); a one-shot run that is interrupted exits 130.
        let stop: FollowerStop? = follow ? try invocation.followerStop() : nil
        var interrupted: @Sendable () -> Bool = { false }
        if !follow { interrupted = Interrupt.catchSIGINT() }
        let defaults = PushDeliveryOptions()
        let options = PushDeliveryOptions(
            limit: invocation[Self.deliverLimit],
            maxAttempts: invocation[Self.maxAttempts] ?? defaults.maxAttempts,
            leaseMilliseconds: invocation[Self.lease].map { $0 * 1_000 } ?? defaults.leaseMilliseconds,
            backoffMilliseconds: invocation[Self.backoff].map { $0 * 1_000 } ?? defaults.backoffMilliseconds,
            isInterrupted: interrupted)
        let timeout = invocation[Self.timeout] ?? 30
        do {
            try PushRules.requireDeliveryTimes(timeoutSeconds: timeout, leaseSeconds: options.leaseMilliseconds / 1_000)
        } catch {
            throw UsageError(message: error.description, path: invocation.command.path)
        }
        let shell = ShellCommand(command, timeoutMilliseconds: Int(timeout) * 1_000)
        let output = invocation.output
        signal(SIGPIPE, SIG_IGN)
        let service = try invocation.service()
        // On a terminal the command's stdout (a gateway's reply, say: another program's text) is shown
        // escaped, a line at a time; into a file or pipe it goes as it is.
        let relay = isatty(2) != 0 ? TerminalRelay() : nil
        let attempt: (PushNotification, Int) throws -> ShellCommand.Outcome = { notification, attempt in
            var payload: [UInt8] = []
            notification.payload(attempt: attempt).render(into: &payload)
            payload.append(UInt8(ascii: "\n"))
            defer { relay?.finish() }
            return try shell.run(input: payload, environment: [
                ("CAMPAIGNCHAT_PUSH_ID", String(notification.id)), ("CAMPAIGNCHAT_PUSH_TOKEN", notification.token ?? ""),
                ("CAMPAIGNCHAT_PUSH_CREATOR", notification.creator.description), ("CAMPAIGNCHAT_PUSH_CAMPAIGN", notification.campaignSlug),
                ("CAMPAIGNCHAT_PUSH_MESSAGE_ID", String(notification.messageID)), ("CAMPAIGNCHAT_PUSH_ATTEMPT", String(attempt)),
            ], relay: relay.map { relay in { relay.write($0) } })
        }
        let report: (PushNotification, PushAttemptResult) throws -> Void = { notification, result in
            guard !output.json && !output.quiet else { return }
            let detail = switch result {
            case .delivered: "delivered"
            case .noDevice: "no_device: the creator has no push token"
            case .leaseExpired: "not recorded: the attempt outlasted the lease and another run owns it now"
            case .retried(let code, let error): "retry: exit \(code)" + (error.map { ": \($0)" } ?? "")
            case .failed(let code, let error): "failed" + (code.map { ": exit \($0)" } ?? "") + (error.map { ": \($0)" } ?? "")
            }
            output.line(Terminal.safe("#\(notification.id)  \(notification.creator)  \(detail)", keepNewlines: false))
            if follow { try output.flushFollowing() }
        }
        do {
            printSummary(follow
                ? try service.deliverPushesFollowing(options: options, stop: stop, attempt: attempt, report: report)
                : try service.deliverPushes(options: options, attempt: attempt, report: report), to: output)
        } catch let interrupted as PushDeliveryInterrupted {
            // Ctrl-C between attempts: what was recorded until then is said, then the run ends as interrupted (130).
            printSummary(interrupted.summary, to: output)
            throw OperationInterrupted()
        }
    }

    static func printSummary(_ summary: PushDeliverySummary, to output: Output) {
        if output.json {
            return output.json(.object([("delivered", .int(summary.delivered)), ("retried", .int(summary.retried)),
                                        ("failed", .int(summary.failed)), ("no_device", .int(summary.noDevice)),
                                        ("lease_expired", .int(summary.leaseExpired))]))
        }
        output.line("delivered \(summary.delivered), retried \(summary.retried), failed \(summary.failed)"
                    + (summary.noDevice > 0 ? ", no device \(summary.noDevice)" : "")
                    + (summary.leaseExpired > 0 ? ", lease expired \(summary.leaseExpired)" : ""))
    }

    static let retry = CommandSpec(
        path: ["push", "retry"],
        abstract: "Put failed notifications back to pending, due now.",
        arguments: [Self.ids.spec]
    ) { invocation in
        let notifications = try invocation.service().retryPushes(ids: invocation[Self.ids])
        if invocation.output.json { return invocation.output.json(.array(notifications.map(\.json))) }
        for notification in notifications { invocation.output.confirm("Notification \(notification.id) is pending again.") }
    }

    static let ids = RepeatingArgument("ID", ValueParser<Int64>(valueName: "ID", kind: .number) { text in
        guard let id = Int64(text), id > 0 else { throw InvalidValue.message("Invalid notification id '\(TextRules.quotedForMessage(text))'") }
        return id
    }, abstract: "Notification ids (from push list).")
}

extension PushNotification {
    var json: JSON {
        .object([
            ("id", .int(id)), ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
            ("message_id", .int(messageID)), ("preview", .string(preview)), ("state", .string(state.rawValue)),
            ("attempts", .int(attempts)), ("next_attempt_at", .optional(nextAttemptAt?.rfc3339)),
            ("last_exit_code", lastExitCode.map(JSON.int) ?? .null), ("last_error", .optional(lastError)),
            ("created_at", .string(createdAt.rfc3339)), ("delivered_at", .optional(deliveredAt?.rfc3339)),
        ])
    }

    /// What the delivery command reads on stdin.
    func payload(attempt: Int) -> JSON {
        .object([
            ("id", .int(id)), ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
            ("message_id", .int(messageID)), ("preview", .string(preview)), ("token", .optional(token)),
            ("attempt", .int(attempt)), ("created_at", .string(createdAt.rfc3339)),
        ])
    }
}

/// Another program's output on its way to our terminal: whole lines, each escaped as all human output is.
final class TerminalRelay {
    private var pending: [UInt8] = []

    func write(_ bytes: ArraySlice<UInt8>) {
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            Output.standardError(Terminal.safe(String(decoding: pending[..<newline], as: UTF8.self), keepNewlines: false))
            pending.removeSubrange(...newline)
        }
        // A line that never ends is shown in pieces rather than held without bound.
        if pending.count > 4_096 { finish() }
    }

    /// Shows what is left of a last line without a newline.
    func finish() {
        guard !pending.isEmpty else { return }
        Output.standardError(Terminal.safe(String(decoding: pending, as: UTF8.self), keepNewlines: false))
        pending.removeAll()
    }
}
