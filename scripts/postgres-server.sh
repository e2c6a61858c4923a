# A throwaway PostgreSQL server for tests and benchmarks, sourced by scripts/test and
# Tests/Benchmarks/run.sh:
#
#   source scripts/postgres-server.sh
#   start_postgres_server [postgres -c settings...]   # sets POSTGRES_URL
#   ...
#   stop_postgres_server                               # call it from your EXIT trap
#
# The cluster lives in a temporary folder (initdb), listens only on a Unix socket in that
# folder (pg_ctl), and runs as the postgres user when the caller is root (initdb refuses root).
# One role, campaignchat_password, must sign in with a password; every other role is trusted.

postgres_bindir() {
  local bindir
  bindir=$(pg_config --bindir 2>/dev/null || true)
  [ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "${bindir:-}/initdb" ] && [ -x "$bindir/pg_ctl" ] && echo "$bindir"
}

start_postgres_server() {
  POSTGRES_BINDIR=$(postgres_bindir) || {
    echo "Error: PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql libpq-dev" >&2
    return 69
  }
  POSTGRES_CLUSTER=$(mktemp -d "${TMPDIR:-/tmp}/campaignchat-pg.XXXXXX")
  POSTGRES_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    local owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    chown "$owner" "$POSTGRES_CLUSTER"
    POSTGRES_AS=(runuser -u "$owner" --)
  fi
  chmod 755 "$POSTGRES_CLUSTER"
  "${POSTGRES_AS[@]}" "$POSTGRES_BINDIR/initdb" -D "$POSTGRES_CLUSTER/data" -U postgres -A trust -E UTF8 --no-sync \
    >"$POSTGRES_CLUSTER/initdb.log" 2>&1 || { cat "$POSTGRES_CLUSTER/initdb.log" >&2; return 1; }
  printf 'local all campaignchat_password scram-sha-256\n' | cat - "$POSTGRES_CLUSTER/data/pg_hba.conf" >"$POSTGRES_CLUSTER/pg_hba.conf"
  "${POSTGRES_AS[@]}" cp "$POSTGRES_CLUSTER/pg_hba.conf" "$POSTGRES_CLUSTER/data/pg_hba.conf"
  local settings=(-c "listen_addresses=''" -c "unix_socket_directories=$POSTGRES_CLUSTER" -c max_connections=200)
  local setting
  for setting in "$@"; do settings+=(-c "$setting"); done
  "${POSTGRES_AS[@]}" "$POSTGRES_BINDIR/pg_ctl" -D "$POSTGRES_CLUSTER/data" -l "$POSTGRES_CLUSTER/server.log" -w \
    -o "${settings[*]}" start >/dev/null || { cat "$POSTGRES_CLUSTER/server.log" >&2; return 1; }
  POSTGRES_URL="postgresql:///postgres?host=$POSTGRES_CLUSTER&user=postgres"
}

stop_postgres_server() {
  [ -n "${POSTGRES_CLUSTER:-}" ] || return 0
  "${POSTGRES_AS[@]}" "$POSTGRES_BINDIR/pg_ctl" -D "$POSTGRES_CLUSTER/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$POSTGRES_CLUSTER"
  POSTGRES_CLUSTER=
}
