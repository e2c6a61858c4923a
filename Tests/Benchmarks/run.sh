#!/usr/bin/env bash
# Benchmarks campaignchat against the sqlite3 shell doing the same work, in one run.
# Run by hand (not by `swift test`): bash Tests/Benchmarks/run.sh [RUNS]
# Prints: workload, campaignchat, sqlite3, ratio, target, met.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
rows=10000

command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
swift build -c release --static-swift-stdlib >/dev/null 2>&1 || swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)/campaignchat

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The data: one campaign, one group, $rows accepted creators. The schema is
# created by campaignchat; the creators are generated with SQL for speed.
CAMPAIGNCHAT_DB="$work/base.db" "$bin" campaign create "Bench" -q >/dev/null
CAMPAIGNCHAT_DB="$work/base.db" "$bin" group create bench "All" -q
sqlite3 "$work/base.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO creator (handle, name, created_at) SELECT printf('c%05d', i), printf('Creator %d', i), '2026-01-01T00:00:00.000Z' FROM n;
INSERT INTO membership (campaign_id, creator_id, group_id, status, updated_at)
  SELECT 1, id, 1, 'accepted', '2026-01-01T00:00:00.000Z' FROM creator;
COMMIT;
SQL
sqlite3 "$work/base.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null

# The bulk input, and a plain SQL script for the shell that writes the same
# rows campaignchat writes for each message: the thread it opens, the message,
# and the thread's counters.
{
  echo "handle,tracking,carrier"
  for i in $(seq 1 $rows); do printf '@c%05d,1Z%010d,UPS\n' "$i" "$i"; done
} >"$work/ship.csv"
{
  echo "BEGIN IMMEDIATE;"
  for i in $(seq 1 $rows); do
    printf "INSERT INTO thread (campaign_id, creator_id, created_at) VALUES (1, %d, '2026-01-01T00:00:00.000Z');\n" "$i"
    printf "INSERT INTO message (thread_id, sender, sender_seq, body, sent_at, idempotency_key) VALUES (%d, 'brand', 1, 'Hi Creator %d, your UPS tracking number is 1Z%010d.', '2026-01-01T00:00:00.000Z', 'bulk:%064d');\n" "$i" "$i" "$i" "$i"
    printf "UPDATE thread SET brand_sent = brand_sent + 1, last_message_id = last_insert_rowid(), last_message_at = '2026-01-01T00:00:00.000Z' WHERE id = %d;\n" "$i"
  done
  echo "COMMIT;"
} >"$work/inserts.sql"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1e6}'; }

ours=() theirs=()
for run in $(seq 1 "$runs"); do
  cp "$work/base.db" "$work/a.db"; rm -f "$work/a.db-wal" "$work/a.db-shm"
  start=$(now)
  CAMPAIGNCHAT_DB="$work/a.db" "$bin" message send bench --bulk "$work/ship.csv" \
    --template 'Hi {name}, your {carrier} tracking number is {tracking}.' -q >/dev/null
  ours+=($(( $(now) - start )))
  cp "$work/base.db" "$work/b.db"; rm -f "$work/b.db-wal" "$work/b.db-shm"
  start=$(now)
  sqlite3 "$work/b.db" <"$work/inserts.sql"
  theirs+=($(( $(now) - start )))
done
check=$(sqlite3 "$work/a.db" "SELECT count(*) FROM message")
[ "$check" = "$rows" ] || { echo "bulk send wrote $check messages, expected $rows" >&2; exit 1; }

a=$(printf '%s\n' "${ours[@]}" | median)
b=$(printf '%s\n' "${theirs[@]}" | median)
ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
met=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.0) ? "yes" : "no" }')
printf '%-44s %14s %10s %7s %7s %5s\n' "workload" "campaignchat" "sqlite3" "ratio" "target" "met"
printf '%-44s %11s ms %7s ms %7s %7s %5s\n' "bulk send of $rows rows (median of $runs)" "$a" "$b" "$ratio" "<= 1.0" "$met"
