import CampaignChat

/// The schema, as an ordered list of migrations keyed on `PRAGMA user_version`.
///
/// Each migration runs in its own `BEGIN IMMEDIATE` transaction together with
/// the `user_version` bump, so a crash leaves the database at one version or
/// the next. Never edit a migration that has shipped: add a new one.
/// See https://www.sqlite.org/pragma.html#pragma_user_version
enum Migrations {
    /// `PRAGMA application_id` of every campaignchat database: "CCHT".
    static let applicationID: Int32 = 0x4343_4854

    static var latestVersion: Int { all.count }

    static let all = SchemaMigration.numbered([
        ("campaigns, groups, creators, memberships, threads and messages", """
        CREATE TABLE campaign (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            archived_at TEXT
        ) STRICT;

        CREATE TABLE creator_group (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (campaign_id, name COLLATE NOCASE)
        ) STRICT;

        CREATE TABLE creator (
            id INTEGER PRIMARY KEY,
            handle TEXT NOT NULL UNIQUE,
            name TEXT,
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE membership (
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            creator_id INTEGER NOT NULL REFERENCES creator(id),
            group_id INTEGER NOT NULL REFERENCES creator_group(id),
            status TEXT NOT NULL CHECK (status IN ('invited', 'accepted', 'declined', 'removed')),
            favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1)),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, creator_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX membership_by_group ON membership (group_id);
        CREATE INDEX membership_by_creator ON membership (creator_id);

        -- One thread per (campaign, creator). Read state is a position per side:
        -- brand_read counts the creator messages the brand has read, and so on,
        -- so unread counts are sent - read, never a scan of the messages.
        CREATE TABLE thread (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            creator_id INTEGER NOT NULL REFERENCES creator(id),
            created_at TEXT NOT NULL,
            brand_sent INTEGER NOT NULL DEFAULT 0,
            creator_sent INTEGER NOT NULL DEFAULT 0,
            brand_read INTEGER NOT NULL DEFAULT 0,
            creator_read INTEGER NOT NULL DEFAULT 0,
            last_message_id INTEGER,
            last_message_at TEXT,
            UNIQUE (campaign_id, creator_id)
        ) STRICT;
        CREATE INDEX thread_by_creator ON thread (creator_id);
        CREATE INDEX thread_unread_by_brand ON thread (last_message_id) WHERE creator_sent > brand_read;
        CREATE INDEX thread_unread_by_creator ON thread (creator_id) WHERE brand_sent > creator_read;

        -- sender_seq numbers a sender's messages within the thread (1, 2, ...),
        -- so a message's read state is sender_seq <= the other side's read position.
        -- Idempotency keys belong to one side of one thread: a creator can never
        -- take (or probe for) a key the brand uses with someone else.
        CREATE TABLE message (
            id INTEGER PRIMARY KEY,
            thread_id INTEGER NOT NULL REFERENCES thread(id),
            sender TEXT NOT NULL CHECK (sender IN ('brand', 'creator')),
            sender_seq INTEGER NOT NULL,
            body TEXT NOT NULL,
            sent_at TEXT NOT NULL,
            idempotency_key TEXT
        ) STRICT;
        CREATE INDEX message_by_thread ON message (thread_id, id);
        CREATE UNIQUE INDEX message_by_key ON message (thread_id, sender, idempotency_key) WHERE idempotency_key IS NOT NULL;
        """),
        ("push notifications: an outbox written with each brand message", """
        ALTER TABLE creator ADD COLUMN push_token TEXT;

        -- A row is claimed by a deliverer by setting lease_until; a deliverer
        -- that dies leaves the row to be claimed again once the lease expires.
        CREATE TABLE notification (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL UNIQUE REFERENCES message(id),
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            creator_id INTEGER NOT NULL REFERENCES creator(id),
            preview TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'no_device')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            lease_until TEXT,
            lease_owner TEXT,
            last_exit_code INTEGER,
            last_error TEXT,
            created_at TEXT NOT NULL,
            delivered_at TEXT
        ) STRICT;
        CREATE INDEX notification_due ON notification (id) WHERE state = 'pending';
        CREATE INDEX notification_by_state ON notification (state, id);
        """),
        ("full-text search over messages, and Campaign Approval feedback kept apart from chat", """
        -- An external-content FTS5 index of message bodies, kept in step by triggers,
        -- so every transaction that writes a message also indexes it.
        CREATE VIRTUAL TABLE message_fts USING fts5 (body, content = 'message', content_rowid = 'id', tokenize = 'unicode61');
        CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
            INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);
        END;
        CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
            INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);
        END;
        CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON message BEGIN
            INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);
            INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);
        END;
        INSERT INTO message_fts (message_fts) VALUES ('rebuild');

        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            creator_id INTEGER NOT NULL REFERENCES creator(id),
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX feedback_by_campaign ON feedback (campaign_id, creator_id, id);
        """),
        ("the event log that followers read: one row per change, in the change's own transaction", """
        -- AUTOINCREMENT: a cursor is never used twice, even after every event was pruned.
        CREATE TABLE event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            creator_id INTEGER REFERENCES creator(id),
            message_id INTEGER REFERENCES message(id),
            side TEXT,
            unread INTEGER,
            status TEXT,
            previous_status TEXT,
            notification_id INTEGER REFERENCES notification(id),
            attempts INTEGER,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX event_by_creator ON event (creator_id, id);
        -- Events below this cursor were pruned: a follower behind it is told so, never given a gap.
        CREATE TABLE event_horizon (pruned_before INTEGER NOT NULL) STRICT;
        INSERT INTO event_horizon (pruned_before) VALUES (0);
        """),
        // FTS5 writes its pending index to disk at every statement savepoint, so a trigger made a
        // bulk send write one index segment per message; a write now indexes its messages just
        // before it commits. Reads of the event log walk the cursor (its key), not the dropped index.
        ("messages indexed for search once per write, not by a trigger per message; an unused index of the event log dropped", """
        DROP TRIGGER message_fts_insert;
        DROP INDEX event_by_creator;
        """),
        ("shipments: the parcels whose tracking numbers went out in messages, and their status", """
        CREATE TABLE shipment (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaign(id),
            creator_id INTEGER NOT NULL REFERENCES creator(id),
            carrier TEXT,
            number TEXT NOT NULL,
            message_id INTEGER UNIQUE REFERENCES message(id),
            status TEXT NOT NULL DEFAULT 'shipped' CHECK (status IN ('shipped', 'in-transit', 'delivered', 'returned', 'lost')),
            status_at TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (campaign_id, creator_id, number)
        ) STRICT;
        CREATE INDEX shipment_by_creator ON shipment (creator_id, id);
        """),
        // SQLite checks `x IN ('a', 'b', 'c')` by building a temporary index for every row it
        // writes, which cost a bulk send 15% (callgrind); the same check written as comparisons
        // costs next to nothing. Rewriting a CHECK in place is one of the schema changes SQLite
        // documents for writable_schema (https://www.sqlite.org/lang_altertable.html, "Making
        // Other Kinds Of Table Schema Changes"): no row changes, so it takes no time on any
        // history. Creating and dropping a table changes the schema cookie, so that connections
        // open elsewhere read the new text (the one that migrates keeps the checks it read,
        // which mean the same).
        ("status checks written as comparisons: SQLite built a temporary index to check every row written", """
        PRAGMA writable_schema = ON;
        UPDATE sqlite_schema
            SET sql = replace(sql, 'CHECK (status IN (''invited'', ''accepted'', ''declined'', ''removed''))',
                'CHECK (status = ''invited'' OR status = ''accepted'' OR status = ''declined'' OR status = ''removed'')')
            WHERE type = 'table' AND name = 'membership';
        UPDATE sqlite_schema
            SET sql = replace(sql, 'CHECK (state IN (''pending'', ''delivered'', ''failed'', ''no_device''))',
                'CHECK (state = ''pending'' OR state = ''delivered'' OR state = ''failed'' OR state = ''no_device'')')
            WHERE type = 'table' AND name = 'notification';
        UPDATE sqlite_schema
            SET sql = replace(sql, 'CHECK (status IN (''shipped'', ''in-transit'', ''delivered'', ''returned'', ''lost''))',
                'CHECK (status = ''shipped'' OR status = ''in-transit'' OR status = ''delivered'' OR status = ''returned'' OR status = ''lost'')')
            WHERE type = 'table' AND name = 'shipment';
        PRAGMA writable_schema = OFF;
        CREATE TABLE campaignchat_schema_changed (x);
        DROP TABLE campaignchat_schema_changed;
        """),
        // A row's carrier column may name a carrier without a format campaignchat knows (`DHL Paket`, `Evri`):
        // the shipment keeps that name, for people and for the notice of `shipment mark --notify`. ADD COLUMN
        // splices the new column into the table's text at an offset taken from the schema this connection
        // parsed; after migration 7 rewrote that text on the same connection, the offset is stale, so the
        // schema is read again first (writable_schema = RESET, https://www.sqlite.org/pragma.html#pragma_writable_schema).
        ("shipments keep the carrier a sender named when campaignchat does not know it", """
        PRAGMA writable_schema = RESET;
        ALTER TABLE shipment ADD COLUMN carrier_name TEXT;
        """),
        // A message_sent event says whether the send marked the thread read for the sender: a bulk
        // send no longer does. Before, every send did except a shipment notice (keyed shipment:...).
        ("message_sent events say whether the send marked the thread read for the sender", """
        ALTER TABLE event ADD COLUMN marked_read INTEGER;
        UPDATE event SET marked_read = NOT EXISTS (SELECT 1 FROM message m WHERE m.id = event.message_id AND m.idempotency_key LIKE 'shipment:%')
            WHERE kind = 'message_sent';
        """),
    ])
}
