import CampaignChat

/// DESCRIPTION of campaignchat(1), the part not generated from the command table, written by
/// hand from README.md and docs/: what campaignchat is, and its rules (engines, who may do what, bulk sends, live).
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
        .Pq Cm \#(ShipmentStatus.markable.map(\.rawValue).joined(separator: " , ")) ,
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
        which end them with exit status 0 after a complete last line, even while a reader that stopped reading holds up their output: they then write only what it takes at once, each line of up to 4 KiB in one write, so only a longer line can be cut.
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
}
