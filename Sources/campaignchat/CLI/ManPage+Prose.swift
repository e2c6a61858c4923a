/// The sections of campaignchat(1) that are not generated from the command table, written by
/// hand from the README.
extension ManPage {
    /// DESCRIPTION, up to the global options.
    static let description = #"""
        .Sh DESCRIPTION
        .Nm
        is the chat of an influencer-marketing campaign, as a scriptable command-line tool over a single SQLite file, or over a shared PostgreSQL database when a team outgrows one machine.
        A brand creates campaigns, invites creators into Creator Groups, and can message a creator only once that creator has accepted.
        The first message, from either side, opens the one conversation (thread) between the brand and that creator in that campaign.
        Unread messages show as a red dot for whichever side has not read them.
        .Pp
        It is built for shell scripts (sending every creator the courier tracking number of their parcel), CI smoke tests, and people doing admin work by hand:
        the command words, the
        .Fl -json
        shapes and the exit statuses below are a contract.
        .Pp
        Data goes to standard output, every diagnostic to standard error.
        Human output is aligned text.
        Text written by others (message bodies, names) never reaches the terminal raw: control characters and bidi overrides are shown escaped, as
        .Ql \ex1b[2J
        or
        .Ql \eu{202e} .

        """#

    /// The rest of DESCRIPTION, after the global options: the engines, who may do what, and bulk sends.
    static let rules = #"""
        .Ss SQLite or a shared PostgreSQL
        SQLite is the default: one file, for one machine.
        A
        .Fl -db
        or
        .Ev CAMPAIGNCHAT_DB
        that is a postgresql:// or postgres:// URL, such as
        .Ql postgresql://chat@db.internal/campaignchat ,
        or a libpq key=value string, such as
        .Ql host=db.internal dbname=campaignchat ,
        selects a PostgreSQL database shared by every machine that names it.
        Every command, option, JSON shape and exit status is the same on both.
        The schema is created, or migrated forward, the first time a command opens the database; a database of a newer campaignchat, or a schema holding other tables with campaignchat's names, is refused (exit status 78) and left unchanged.
        Every write takes campaignchat's advisory lock of its schema first, so writes from all machines are serialised as they are on one SQLite file.
        A server that is down, a wrong password, an unknown database or a lost connection is exit status 69, with the server named and any password shown as ***.
        libpq is loaded only when a command uses PostgreSQL.
        .Pp
        .Cm db copy Fl -to Ar URL|PATH
        moves a team's history from the SQLite file to PostgreSQL, or back: every table, with the same ids, into an empty database, in one transaction.
        What other processes commit after the copy has started stays behind in the source: stop them first, then point
        .Ev CAMPAIGNCHAT_DB
        at the copy.
        .Ss Who may do what
        Only a creator whose status in the campaign is
        .Cm accepted
        can be messaged, and only such a creator can write.
        Invited, declined, removed and never-invited creators are refused (exit status 77) with their status named; nothing is written.
        .Pp
        The brand administers (campaigns, groups, invitations, removals, favorites) and reads every thread.
        A creator acting with
        .Fl -as
        reads and writes only their own threads: another creator's thread is refused (77) before anything of it is looked up or printed.
        A removed creator no longer sees the campaign.
        .Pp
        Handles are case-insensitive, 1 to 64 of a-z, 0-9, dot, underscore and hyphen; the @ is optional on input, and they are printed with it.
        Message bodies are valid UTF-8 without NUL, not empty after trimming, at most 10,000 Unicode scalars (40,000 bytes), and stored exactly as given.
        Names (campaign, group, creator) must not contain control, bidi or invisible formatting characters.
        Archived campaigns stay readable but take no new messages, invitations or status changes.
        .Ss Bulk sends
        .Nm
        .Cm message send
        .Ar CAMPAIGN
        .Fl -bulk Ar FILE
        sends one personalised message per input row, such as every creator's courier tracking number.
        .Pp
        The input is CSV (RFC 4180: quoted fields with commas, doubled quotes and newlines; CRLF; a UTF-8 BOM), TSV (no quoting) or JSON Lines (one object per line; numbers and booleans become text, null leaves the value out).
        The format comes from
        .Fl -format ,
        else the file extension
        .Pf ( Pa .tsv ,
        .Pa .tab ,
        .Pa .jsonl ,
        .Pa .ndjson ) ,
        else CSV;
        .Ql -
        reads standard input.
        A header row (or the JSON keys) names the columns; a
        .Ql handle
        column is required.
        The file is streamed, so memory does not grow with it.
        A record over 1 MiB, more than 10,000 columns, an unterminated quote, a header without
        .Ql handle
        or an empty CSV or TSV file stop the run (65) with the line number; rows already reported as sent stay sent.
        A JSON Lines file with no object sends nothing and exits 0; a JSON Lines line with more than 10,000 keys,
        or without the column
        .Fl -tracking-column
        names (a null there is an empty cell), is an invalid row.
        .Pp
        In the template
        .Pf ( Fl -template
        or
        .Fl -template-file ,
        whose byte order mark and final line end are dropped and whose CRLF line ends become LF),
        .Ql {column}
        inserts the row's value;
        .Ql {name}
        comes from the creator's profile when there is no name column,
        .Ql {handle}
        is always the creator's handle, and
        .Ql {{
        and
        .Ql }}
        are literal braces.
        A placeholder that no column fills is a usage error (64) before anything is sent
        (for JSON Lines, whose columns are known row by row, that row is invalid).
        .Pp
        Each row is keyed on the campaign, the creator and the rendered text, so an unchanged row is
        .Cm replayed
        and a changed one is sent: re-running after a crash or a fix is safe.
        With
        .Fl -key-prefix Ar P
        the key is P and the handle, and a changed text for the same key is that row's data error.
        A non-empty
        .Ql key
        column is the row's key.
        .Pp
        There is one result per input row, in input order, with a status of
        .Cm sent ,
        .Cm replayed ,
        .Cm would_send ,
        .Cm refused
        or
        .Cm invalid ;
        then a summary line.
        The exit status is 0 when every row was sent or replayed, else that of the worst row: 77 (refused), 65 (invalid), 66 (unknown creator).
        Rows are sent in chunks of 1,000, each one transaction, and reported once their chunk committed.
        .Fl -atomic
        sends all rows or none;
        .Fl -dry-run
        checks every row and writes nothing, opening the database read-only.
        .Ss Tracking numbers and shipments
        Courier tracking numbers are recognised offline: UPS
        .Pq Ql 1Z ,
        FedEx Express, Ground, Ground 96 and SmartPost, USPS IMpb, every UPU S10 international number
        .Pq Ql AA123456789CC ,
        the country from its suffix, DHL Express, DPD, GLS and PostNL.
        Spaces and dashes are ignored, case does not matter, and a number of no known format is
        .Cm unknown ,
        not an error.
        .Cm tracking check
        shows what each number is and whether its check digit is right (exit status 65 when one is not).
        .Pp
        In a bulk send, the
        .Ql tracking_number
        column, else
        .Ql tracking ,
        else the one
        .Fl -tracking-column
        names, is verified before anything is written: a wrong check digit makes that row invalid (65) and the other rows go on, unless
        .Fl -no-verify-tracking ;
        a number of no known format goes out with a warning.
        The template may use
        .Ql {tracking_number} ,
        .Ql {carrier}
        (the row's carrier column, else the recognised carrier) and
        .Ql {tracking_url} .
        .Cm message send Fl -tracking Ar NUMBER
        does the same for one message.
        Each message that carries a number records a shipment, once per campaign, creator and number:
        .Cm shipment list
        shows them (a creator only their own), and
        .Cm shipment mark
        records a status
        .Pq Cm in-transit , delivered , returned , lost ,
        with
        .Fl -notify
        telling the creator in their thread; a mark whose
        .Fl -at
        is older than the shipment's status changes nothing.
        .Cm thread export
        and
        .Cm message search
        carry each message's shipment.
        .Ss Following changes live
        .Cm thread read ,
        .Cm unread list ,
        .Cm push deliver
        and
        .Cm events
        take
        .Fl -follow
        .Pq Fl f :
        they print what there is, then stay and print each change as soon as any process commits it, one flushed line at a time, until
        .Dv SIGINT
        or
        .Dv SIGTERM ,
        which end them with exit status 0 after a complete last line.
        .Pp
        .Cm events
        prints the event log as JSON Lines: every change the acting side may see, each with a
        .Ql cursor
        that only grows, in commit order.
        .Fl -after Ar CURSOR
        starts right after it, so a consumer that keeps its last cursor and restarts with it loses nothing and sees nothing twice;
        .Fl -after Cm now
        starts with what comes next.
        An event is written in the same transaction as its change.
        A creator acting with
        .Fl -as
        sees only their own threads and memberships, never another creator's events, and no notifications.
        .Cm db prune-events Fl -before Ar CURSOR
        deletes older events; asking for a cursor below them is refused with exit status 66, never answered with a gap.
        .Pp
        Followers wait without polling: inotify on an SQLite file and its
        .Pa -wal ,
        confirmed with
        .Ql PRAGMA data_version ;
        LISTEN and NOTIFY on PostgreSQL.
        Each wake-up reads in a short transaction of its own.
        Where inotify is not available, a follower looks once a second.
        A follower stops with exit status 74 when its SQLite file is removed or replaced, and 69 when its PostgreSQL connection is lost.

        """#

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
        {"row", "line", "creator", "status", "message_id", "error", "warning"}
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
        The README of the project, for the same contract with more examples.

        """#
}
