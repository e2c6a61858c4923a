#!/usr/bin/env bash
# Regenerates the committed shell completions and man page from campaignchat's command table:
#
#   bash completions/generate.sh [swift build options, e.g. --scratch-path .build-x]
#
# It builds campaignchat (or uses $CAMPAIGNCHAT_BIN when set) and the development tool
# campaignchat-docs (never shipped: it keeps the man page generator out of the product), and writes
#   completions/campaignchat.bash   campaignchat completions bash
#   completions/_campaignchat       campaignchat completions zsh
#   completions/campaignchat.fish   campaignchat completions fish
#   man/campaignchat.1              campaignchat-docs man
# Run it after changing a command, an option or an abstract; the tests fail until you do.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product campaignchat-docs "$@" >&2
docs="$(swift build --show-bin-path "$@")/campaignchat-docs"
if [ -n "${CAMPAIGNCHAT_BIN:-}" ]; then
  bin=$CAMPAIGNCHAT_BIN
else
  swift build --product campaignchat "$@" >&2
  bin="$(swift build --show-bin-path "$@")/campaignchat"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" completions bash > "$tmp/campaignchat.bash"
"$bin" completions zsh > "$tmp/_campaignchat"
"$bin" completions fish > "$tmp/campaignchat.fish"
"$docs" man > "$tmp/campaignchat.1"

mv "$tmp/campaignchat.bash" "$tmp/_campaignchat" "$tmp/campaignchat.fish" completions/
mv "$tmp/campaignchat.1" man/
echo "Wrote completions/campaignchat.bash, completions/_campaignchat, completions/campaignchat.fish and man/campaignchat.1" >&2
