#!/bin/sh
# Checks the shared-mime-info entry for application/x-shenbao: it loads
# into a MIME database, matches *.shenbao, and recognises a saved file by
# its content alone (the "mimetype" entry), while a plain ZIP stays a ZIP.
# Usage: test-mime.sh MIME.xml [SHENBAO-CLI]
set -eu

mime_xml=$1
cli=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail () { echo "FAIL: $*" >&2; exit 1; }

xmllint --noout "$mime_xml" || fail "$mime_xml is not well-formed XML"

# GIO and update-mime-database find the database through XDG_DATA_DIRS;
# keep the user's own data out.
export XDG_DATA_DIRS="$tmp/share:/usr/share" XDG_DATA_HOME="$tmp/home"
mkdir -p "$tmp/share/mime/packages"
cp "$mime_xml" "$tmp/share/mime/packages/io.github.shenbao.Shenbao.xml"
update-mime-database "$tmp/share/mime" 2>"$tmp/umd.log" || { cat "$tmp/umd.log"; fail "update-mime-database"; }
if [ -s "$tmp/umd.log" ]; then
  cat "$tmp/umd.log" >&2
  fail "update-mime-database complained"
fi
grep -q '^[0-9]*:application/x-shenbao:\*\.shenbao$' "$tmp/share/mime/globs2" \
  || fail "no *.shenbao glob in globs2"
[ -f "$tmp/share/mime/application/x-shenbao.xml" ] || fail "type not in the database"
echo "ok - database has application/x-shenbao with *.shenbao"

if [ -z "$cli" ] || [ ! -x "$cli" ] || ! command -v gio >/dev/null; then
  echo "skipped content sniffing: shenbao-cli or gio missing"
  exit 0
fi

content_type () {
  gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}

"$cli" new -o "$tmp/saved.shenbao" >/dev/null
cp "$tmp/saved.shenbao" "$tmp/renamed.bin"
python3 - "$tmp/plain.bin" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("readme.txt", "not a submission")
PY

[ "$(content_type "$tmp/saved.shenbao")" = application/x-shenbao ] || fail "*.shenbao not recognised"
echo "ok - a saved file is application/x-shenbao"
[ "$(content_type "$tmp/renamed.bin")" = application/x-shenbao ] \
  || fail "magic: a renamed saved file is $(content_type "$tmp/renamed.bin")"
echo "ok - a saved file without its extension is recognised by its mimetype entry"
[ "$(content_type "$tmp/plain.bin")" = application/zip ] \
  || fail "a plain ZIP is $(content_type "$tmp/plain.bin")"
echo "ok - a plain ZIP is not taken for a submission"
