#!/usr/bin/env bash
# Counts the instructions (valgrind's callgrind) two builds of campaignchat run for the same work:
# a message send, a 10,000-row bulk send, `thread read --json` of 10,000 messages and a search.
# Run by hand, for a change that must not slow the store down (issue 25: within 3%):
#   git worktree add /tmp/old OLD && (cd /tmp/old && swift build -c release)
#   swift build -c release
#   bash Tests/Benchmarks/instructions.sh /tmp/old/.build/release/campaignchat .build/release/campaignchat
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2")
for tool in valgrind sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ts="'2026-01-01T00:00:00.000Z'"

# Each build makes its own databases (its own schema), with the same rows: campaign `bench`,
# 10,000 accepted creators, and creator 1's thread of 10,000 messages.
setup() { # BIN DIR
  mkdir -p "$2"
  CAMPAIGNCHAT_DB="$2/base.db" "$1" campaign create Bench -q >/dev/null
  CAMPAIGNCHAT_DB="$2/base.db" "$1" group create bench All -q
  sqlite3 "$2/base.db" >/dev/null <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO creator (handle, name, created_at) SELECT printf('c%05d', i), printf('Creator %d', i), $ts FROM n;
INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at) SELECT 1, id, 1, 'accepted', $ts FROM creator;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  cp "$2/base.db" "$2/long.db"
  sqlite3 "$2/long.db" >/dev/null <<SQL
BEGIN;
INSERT INTO thread (id, campaign_id, creator_id, created_at, brand_sent, creator_sent, brand_read, creator_read)
  VALUES (1, 1, 1, $ts, 5000, 5000, 5000, 5000);
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 10000)
INSERT INTO message (thread_id, sender, sender_seq, body, sent_at)
  SELECT 1, CASE j % 2 WHEN 1 THEN 'creator' ELSE 'brand' END, (j + 1) / 2, printf('Message %d: your parcel ships today.', j), $ts FROM k;
UPDATE thread SET last_message_id = 10000, last_message_at = $ts;
INSERT INTO message_fts (rowid, body) SELECT id, body FROM message;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  cp "$2/long.db" "$2/send.db"
  cp "$2/base.db" "$2/bulk.db"
}

# Valid UPS numbers (a mod-10 check digit), one per creator.
python3 -c '
for i in range(1, 10001):
    base = "999AA1" + format(i, "09d")
    total = sum((int(c) if c.isdigit() else (ord(c) - 3) % 10) * (2 if k % 2 else 1) for k, c in enumerate(base))
    print("@c%05d,1Z%s%d,UPS" % (i, base, (10 - total % 10) % 10))' | sed '1i handle,tracking,carrier' >"$work/ship.csv"

instructions() { # LOG: the total callgrind counted
  awk '/^summary:/ { print $2 }' "$1"
}
count() { # BIN DIR ARGS...: instructions of one run
  local bin=$1 dir=$2; shift 2
  valgrind --tool=callgrind --callgrind-out-file="$work/out" "$bin" --db "$dir/$DB" "$@" >/dev/null 2>&1
  instructions "$work/out"
}

setup "$old" "$work/old"; setup "$new" "$work/new"
printf '%-44s %14s %14s %8s\n' "instructions" "old" "new" "new/old"
measure() { # NAME DB ARGS...
  local name=$1; DB=$2; shift 2
  local a b
  a=$(count "$old" "$work/old" "$@"); b=$(count "$new" "$work/new" "$@")
  awk -v n="$name" -v a="$a" -v b="$b" 'BEGIN { printf "%-44s %14.0f %14.0f %8.3f\n", n, a, b, b / a }'
}
measure "message send" send.db message send bench c00001 'Your parcel ships today' -q
measure "bulk send of 10,000 rows" bulk.db message send bench --bulk "$work/ship.csv" \
  --template 'Hi {name}, your {carrier} tracking number is {tracking}.' -q
measure "thread read --json of 10,000 messages" long.db thread read bench c00001 --json
measure "message search (one word, 10,000 matches)" long.db message search parcel --limit 20
