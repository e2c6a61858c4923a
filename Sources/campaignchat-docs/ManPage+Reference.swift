import CampaignChatCLI

/// The sections of campaignchat(1) after its rules that are not generated from the command table,
/// written by hand from docs/: administration, FILES, JSON OUTPUT, EXAMPLES and SEE ALSO (which names every page of docs/).
extension ManPage {
    /// Administration, after the rules: its problem kinds follow, from `DatabaseProblem.Kind`.
    static let administration = #"""
        .Ss Database administration
        .Cm db info
        shows the engine, the location (a PostgreSQL URL without its password), the schema version found and this
        campaignchat's, the rows of each table and the size.
        .Cm db check
        checks every invariant on the data and repairs nothing: one line per problem on standard output
        .Pq Ql problem: table id: detail ,
        with
        .Fl -json
        one JSON object per line, {"problem", "table", "id", "detail"},
        and exit status 65; 0 when the database is sound.
        A CI smoke test runs it after its scenario.
        .Cm db backup Ar FILE
        copies an SQLite database into a new file (mode 0600) with SQLite's online backup API, from one snapshot,
        while other processes keep writing; a PostgreSQL database is backed up with
        .Xr pg_dump 1
        instead (exit status 64).
        .Cm db migrate
        applies the pending schema migrations, each in its own transaction, and
        .Fl -dry-run
        lists them.
        Every other command that opens the database for writing upgrades an older schema by itself; those that only
        read it (db info, db check, db backup, a bulk send's
        .Fl -dry-run ,
        completions) never do.
        Before rolling out a newer campaignchat to the machines that share a database, run its
        .Cm db migrate Fl -dry-run
        and then
        .Cm db migrate
        once.
        The problems
        .Cm db check
        reports:

        """#

    /// FILES, after ENVIRONMENT.
    static let files = #"""
        .Sh FILES
        .Bl -tag -width Ds
        .It Pa $\#(EnvironmentVariable.dataHome.name)/\#(DatabaseLocation.pathInDataHome)
        .It Pa ~/\#(DatabaseLocation.pathInHome)
        The default database.
        It and its folders are created on first use, private to you (modes 0600 and 0700).
        It is one SQLite file in WAL mode, with its
        .Pa -wal
        and
        .Pa -shm
        files beside it while in use; its application_id is 0x43434854 and its schema version is its user_version.
        .El

        """#

    /// JSON OUTPUT, EXAMPLES and SEE ALSO, after EXIT STATUS: the end of the page.
    static let jsonOutputAndExamples = #"""
        .Sh JSON OUTPUT
        With
        .Fl -json ,
        standard output is JSON: an object for one thing, an array for lists, snake_case keys, timestamps in RFC 3339 UTC with milliseconds
        .Pq Ql 2026-11-24T22:27:35.123Z .
        Keys are only ever added, never renamed or removed.
        Control and bidi characters inside strings are written as
        .Ql \euXXXX
        escapes.
        .Bl -tag -width Ds
        .It Cm campaign create , Cm campaign archive
        campaign
        .It Cm campaign list
        [campaign]
        .It Cm campaign show
        campaign with "groups": [group], "counts": counts and "threads": N
        .It Cm group create
        {"campaign", "name", "created_at"}
        .It Cm group list
        [group]
        .It Cm group show
        {"campaign", "name", "created_at", "creators": [member]}
        .It Cm creator add , Cm creator list No (without Ar CAMPAIGN )
        creator / [creator]
        .It Cm creator list Ar CAMPAIGN , Cm creator favorite
        [member] / member
        .It Cm creator invite
        [member with "previous_status" and "changed"]
        .It Cm creator accept , Cm decline , Cm remove
        member with "previous_status" and "changed"
        .It Cm message send
        message with "replayed": bool
        .It Cm thread list , Cm thread mark-unread
        [thread] / thread
        .It Cm thread read
        [message], oldest first
        .It Cm message send Fl -bulk , Cm demo
        JSON Lines: one bulk row result per line,
        {"row", "line", "creator", "status", "message_id", "error", "warning", "exit_code"},
        where exit_code is the row's own exit status (0 when it was or would be sent).
        .It Cm creator update
        creator
        .It Cm push list , Cm push retry
        [notification]
        .It Cm push deliver
        {"delivered", "retried", "failed", "no_device", "lease_expired"}
        .It Cm message search
        [message with "shipment": shipment or null], best match first
        .It Cm thread export Fl -format Cm jsonl
        JSON Lines: message with "read": bool and "shipment": shipment or null
        .It Cm feedback add , Cm feedback list
        feedback / [feedback]
        .It Cm unread list
        [unread entry]
        .It Cm thread read Fl -follow
        JSON Lines: message
        .It Cm unread list Fl -follow
        JSON Lines: unread entry with "red_dot": bool
        .It Cm events
        JSON Lines: event
        .It Cm tracking check
        JSON Lines: tracking number
        .It Cm shipment list
        [shipment]
        .It Cm shipment mark
        shipment with "changed": bool, "notice": message with "replayed" or null, and "superseded": bool
        .It Cm db prune-events
        {"pruned": N, "before": CURSOR}
        .It Cm db info
        {"engine", "location", "schema_version", "supported_version", "schema", "usable", "pending_migrations",
        "counts": {"campaigns", ...}, "size_bytes", "wal_bytes"}
        .It Cm db check
        JSON Lines: {"problem", "table", "id", "detail"}, one per problem; nothing when the database is sound
        .It Cm db backup
        {"file", "bytes", "schema_version"}
        .It Cm db migrate
        {"from", "to", "dry_run", "migrations": [{"version", "description"}]}
        .It Cm db copy
        {"from", "to", "counts": {"campaigns", "creators", "groups", "memberships", "threads", "messages", "notifications", "feedback", "shipments", "events"}, "events_pruned_before"}
        .El
        .Pp
        The shapes:
        .Bd -literal -offset 2n
        campaign      {"slug":"summer\-launch","name":"Summer Launch","archived":false,
                       "created_at":"...","archived_at":null}
        counts        {"invited":1,"accepted":3,"declined":0,"removed":1}
        group         {"campaign":"summer\-launch","name":"Group A","created_at":"...",
                       "counts":counts}
        creator       {"handle":"@alice","name":"Alice Example","created_at":"...",
                       "has_push_token":true}
        member        {"handle":"@alice","name":"Alice Example","campaign":"summer\-launch",
                       "group":"Group A","status":"accepted","favorite":false,
                       "unread":2,"red_dot":true}
        message       {"id":42,"campaign":"summer\-launch","creator":"@alice",
                       "from":"brand"|"creator","body":"...","sent_at":"...",
                       "key":"ship\-42"|null}
        thread        {"campaign":"summer\-launch","creator":"@alice","created_at":"...",
                       "messages":5,"unread":1,"last_message":message}
        unread entry  {"campaign":"summer\-launch","creator":"@alice","unread":2,
                       "last_message":message}
        notification  {"id","campaign","creator","message_id","preview","state",
                       "attempts","next_attempt_at","last_exit_code","last_error",
                       "created_at","delivered_at"}
        feedback      {"id","campaign","creator","body","created_at"}
        shipment      {"id","campaign","creator","carrier","carrier_name","number",
                       "tracking_url","status","status_at","message_id","created_at"}
        tracking number {"number","carrier","carrier_name","service","country",
                       "validity","reason","tracking_url","also_valid_for"}
        event         {"cursor":41,"event":"message_sent","at":"...",
                       "campaign":"summer\-launch","creator":"@alice"|null, ...}
        .Ed
        .Pp
        An event's
        .Ql event
        is one of
        .Cm message_sent
        (with "message": message),
        .Cm thread_read
        and
        .Cm thread_unread
        (with "side", "unread" and "red_dot"),
        .Cm membership_changed
        (with "status" and "previous_status"),
        .Cm campaign_archived ,
        and, for the brand,
        .Cm notification_delivered
        and
        .Cm notification_failed
        (with "notification_id", "message_id" and "attempts").
        .Pp
        In a member,
        .Ql unread
        and
        .Ql red_dot
        are the brand's; in a thread,
        .Ql unread
        is the acting side's.
        .Sh EXAMPLES
        A session by hand:
        .Bd -literal -offset indent
        $ campaignchat campaign create "Summer Launch"
        summer\-launch
        $ campaignchat group create summer\-launch "Group A"
        $ campaignchat creator add @alice \-\-name "Alice Example"
        $ campaignchat creator add @bob
        $ campaignchat creator invite summer\-launch "Group A" @alice @bob
        $ campaignchat creator accept summer\-launch @alice
        $ campaignchat message send summer\-launch @alice "Your parcel: UPS 1Z999AA10123456784"
        $ campaignchat message send summer\-launch @bob "Hi"       # exit 77: @bob is only invited
        $ campaignchat \-\-as @alice message send summer\-launch @alice "Got it, thanks!"
        $ campaignchat unread list                                # the brand's red dots
        $ campaignchat thread read summer\-launch @alice           # prints it, clears the dot
        .Ed
        .Pp
        Send every creator the courier tracking number of their parcel.
        Run it again and nothing is sent twice: every row is keyed, so the second run reports
        .Cm replayed ;
        fix one tracking number in the file and only that row is sent.
        .Bd -literal -offset indent
        $ cat shipments.csv
        handle,tracking,carrier
        @alice,1Z999AA10123456784,UPS
        @bob,3318810025,DHL
        @carol,1Z999AA10123456793,UPS

        $ campaignchat message send summer\-launch \-\-bulk shipments.csv \e
            \-\-template 'Hi {name}, your {carrier} tracking number is {tracking}.'
        ROW    CREATOR               STATUS      DETAIL
        1      @alice                sent        message 1
        2      @bob                  sent        message 2
        3      @carol                refused     line 4: @carol is not in campaign 'summer\-launch': only accepted creators can chat
        sent 2, replayed 0, refused 1, invalid 0
        Error: 1 of 3 rows could not be sent      (on standard error; exit 77)
        .Ed
        .Pp
        The same as JSON Lines, for a script:
        .Bd -literal -offset indent
        $ campaignchat message send summer\-launch \-\-bulk shipments.csv \e
            \-\-template 'Hi {name}, your {carrier} tracking number is {tracking}.' \-\-json |
            jq \-r 'select(.status != "sent" and .status != "replayed") | .error'
        .Ed
        .Pp
        Find the message that carried a tracking number, and hand the pending push notifications to a delivery script (from cron, say):
        .Bd -literal -offset indent
        $ campaignchat message search 1Z999AA10123456784
        $ campaignchat push deliver \-\-exec ./push\-gateway.sh
        .Ed
        .Pp
        Watch a conversation live, deliver notifications as messages commit, and hand every change to a script that remembers where it was:
        .Bd -literal -offset indent
        $ campaignchat thread read summer\-launch @alice \-\-follow
        $ campaignchat push deliver \-\-exec ./push\-gateway.sh \-\-follow
        $ campaignchat events \-\-follow \-\-after "$(cat cursor)" |
            while IFS= read \-r line; do
              handle "$line" && printf '%s\en' "$line" | jq \-r .cursor > cursor
            done
        .Ed
        .Pp
        The slugs of the active campaigns:
        .Bd -literal -offset indent
        $ campaignchat campaign list \-\-json | jq \-r '.[].slug'
        .Ed
        .Pp
        Install the completions for bash:
        .Bd -literal -offset indent
        $ campaignchat completions bash \e
            > ~/.local/share/bash\-completion/completions/campaignchat
        .Ed
        .Sh SEE ALSO
        .Xr sqlite3 1
        .Pp
        The documentation, for the same contract with more examples, which
        .Pa scripts/install
        puts in
        .Pa share/doc/campaignchat/
        under its prefix
        .Pq Pa /usr/local/share/doc/campaignchat/ No by default :
        .Bl -tag -width Ds
        .It Pa README.md
        what campaignchat is, the quick start, a session by hand, and where to read more
        .It Pa CHANGELOG.md
        what changed in each release
        .It Pa docs/commands.md
        every command, the global options and environment variables, who may do what
        .It Pa docs/bulk-sends.md
        bulk sends
        .It Pa docs/tracking-and-shipments.md
        tracking numbers and shipments
        .It Pa docs/history.md
        search, export and Campaign Approval feedback
        .It Pa docs/push.md
        push notifications
        .It Pa docs/live.md
        live streams: following changes as they happen, and the event log
        .It Pa docs/postgresql.md
        SQLite or a shared PostgreSQL, moving to PostgreSQL, storage
        .It Pa docs/administration.md
        database administration
        .It Pa docs/json-and-exit-codes.md
        output, JSON and exit codes
        .It Pa docs/performance.md
        the benchmark and how to run it
        .It Pa docs/guarantees.md
        guarantees, and the test that proves each
        .It Pa docs/install.md
        install, shell completions and the man page
        .It Pa docs/development.md
        the layout of the code, the tests, regenerating what is generated
        .El

        """#
}
