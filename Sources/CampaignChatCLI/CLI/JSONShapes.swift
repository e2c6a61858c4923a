import CampaignChat

/// The `--json` shapes: a contract with scripts, changed only by adding keys.
extension Campaign {
    var json: JSON {
        .object([
            ("slug", .string(slug)), ("name", .string(name)), ("archived", .bool(isArchived)),
            ("created_at", .string(createdAt.rfc3339)), ("archived_at", .optional(archivedAt?.rfc3339)),
        ])
    }
}

extension StatusCounts {
    var json: JSON {
        .object(MembershipStatus.allCases.map { ($0.rawValue, .int(self[$0])) })
    }
}

extension GroupSummary {
    var json: JSON {
        .object([
            ("campaign", .string(group.campaignSlug)), ("name", .string(group.name)),
            ("created_at", .string(group.createdAt.rfc3339)), ("counts", counts.json),
        ])
    }
}

extension CreatorGroup {
    var json: JSON {
        .object([("campaign", .string(campaignSlug)), ("name", .string(name)), ("created_at", .string(createdAt.rfc3339))])
    }
}

extension Creator {
    var json: JSON {
        .object([("handle", .string(handle.description)), ("name", .optional(name)), ("created_at", .string(createdAt.rfc3339)),
                 ("has_push_token", .bool(pushToken != nil))])
    }
}

extension Member {
    var json: JSON {
        .object([
            ("handle", .string(creator.handle.description)), ("name", .optional(creator.name)),
            ("campaign", .string(campaignSlug)), ("group", .string(groupName)), ("status", .string(status.rawValue)),
            ("favorite", .bool(favorite)), ("unread", .int(unreadByBrand)), ("red_dot", .bool(hasRedDot)),
        ])
    }
}

extension MembershipChange {
    var json: JSON {
        member.json.adding([("previous_status", .optional(previousStatus?.rawValue)), ("changed", .bool(changed))])
    }
}

extension Message {
    var json: JSON {
        .object([
            ("id", .int(id)), ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
            ("from", .string(from.rawValue)), ("body", .string(body)), ("sent_at", .string(sentAt.rfc3339)),
            ("key", .optional(key)),
        ])
    }
}

extension SendResult {
    var json: JSON {
        message.json.adding([("replayed", .bool(replayed))])
    }
}

extension ChatThread {
    func json(for side: Side) -> JSON {
        .object([
            ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
            ("created_at", .string(createdAt.rfc3339)), ("messages", .int(messageCount)),
            ("unread", .int(unread(for: side))), ("last_message", lastMessage?.json ?? .null),
        ])
    }
}

extension UnreadEntry {
    var json: JSON {
        .object([
            ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
            ("unread", .int(unread)), ("last_message", lastMessage.json),
        ])
    }
}

extension Shipment {
    var json: JSON {
        .object([
            ("id", .int(id)), ("campaign", .string(campaignSlug)), ("creator", .string(creator.description)),
            ("carrier", .optional(carrierID)), ("carrier_name", .optional(carrierName)), ("number", .string(number)),
            ("tracking_url", .optional(trackingURL)), ("status", .string(status.rawValue)),
            ("status_at", .optional(statusAt?.rfc3339)), ("message_id", messageID.map(JSON.int) ?? .null),
            ("created_at", .string(createdAt.rfc3339)), ("last_event_at", .optional(eventAt?.rfc3339)),
        ])
    }
}

extension TrackingNumber {
    /// `validity` is "valid", "invalid" or "unknown" (no known format, or a format without a check digit).
    var json: JSON {
        let (validity, reason): (String, String?) = switch self.validity {
        case .valid: ("valid", nil)
        case .invalid(let reason): ("invalid", reason)
        case .unknown: ("unknown", nil)
        }
        return .object([
            ("number", .string(normalized)), ("carrier", .optional(carrier?.id)), ("carrier_name", .optional(carrier?.name)),
            ("service", .optional(service)), ("country", .optional(country)), ("validity", .string(validity)),
            ("reason", .optional(reason)), ("tracking_url", .optional(trackingURL)),
            ("also_valid_for", .array(alsoValidFor.map { .string($0.id) })),
        ])
    }
}

extension DatabaseInfo {
    /// `schema` is "current", "older" (the next write, or `db migrate`, upgrades it) or "newer" (refused).
    var json: JSON {
        .object([
            ("engine", .string(engine)), ("location", .string(location)), ("schema_version", .int(schema.found)),
            ("supported_version", .int(schema.supported)), ("schema", .string(schema.state.rawValue)),
            ("usable", .bool(schema.state != .newer)), ("pending_migrations", .int(max(0, schema.supported - schema.found))),
            ("counts", .object(counts.map { ($0.name, $0.rows.map(JSON.int) ?? .null) })),
            ("size_bytes", .int(sizeBytes)), ("wal_bytes", walBytes.map(JSON.int) ?? .null),
        ])
    }
}

extension DatabaseProblem {
    var json: JSON {
        .object([("problem", .string(kind.rawValue)), ("table", .optional(table)), ("id", id.map(JSON.int) ?? .null),
                 ("detail", .string(detail))])
    }
}

extension MigrationPlan {
    func json(dryRun: Bool) -> JSON {
        .object([
            ("from", .int(from)), ("to", .int(to)), ("dry_run", .bool(dryRun)),
            ("migrations", .array(migrations.map { .object([("version", .int($0.version)), ("description", .string($0.summary))]) })),
        ])
    }
}
