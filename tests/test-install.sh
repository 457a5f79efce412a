#!/bin/sh
# Installs the build into a temporary DESTDIR, checks that every file a
# desktop needs is there, then asks the desktop's own tools which
# application opens application/x-shenbao.
# Usage: test-install.sh BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID
set -eu

builddir=$1
prefix=$2
bindir=$3
datadir=$4
localedir=$5
app_id=$6

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail () { echo "not ok - $*"; failures=$((failures + 1)); }

# Options may be relative to the prefix or absolute.
under_prefix () {
  case $1 in
    /*) echo "$tmp/dest$1" ;;
    *) echo "$tmp/dest$prefix/$1" ;;
  esac
}

meson install -C "$builddir" --destdir "$tmp/dest" --no-rebuild --quiet >"$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log"
  echo "not ok - meson install failed"
  exit 1
}
echo "ok - meson install into $tmp/dest"

bin=$(under_prefix "$bindir")
share=$(under_prefix "$datadir")
locale=$(under_prefix "$localedir")

for file in \
  "$bin/shenbao" \
  "$bin/shenbao-cli" \
  "$share/applications/$app_id.desktop" \
  "$share/metainfo/$app_id.metainfo.xml" \
  "$share/icons/hicolor/scalable/apps/$app_id.svg" \
  "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  "$share/glib-2.0/schemas/$app_id.gschema.xml" \
  "$share/mime/packages/$app_id.xml" \
  "$share/help/C/shenbao/index.page" \
  "$share/help/zh_CN/shenbao/index.page" \
  "$locale/zh_CN/LC_MESSAGES/shenbao.mo"
do
  if [ -f "$file" ]; then
    echo "ok - ${file#"$tmp/dest"}"
  else
    fail "missing ${file#"$tmp/dest"}"
  fi
done

for exe in "$bin/shenbao" "$bin/shenbao-cli"; do
  [ ! -f "$exe" ] || [ -x "$exe" ] || fail "${exe#"$tmp/dest"} is not executable"
done

# The translated desktop entry and help really are translated.
if [ -f "$share/applications/$app_id.desktop" ]; then
  grep -q '^Name\[zh_CN\]=' "$share/applications/$app_id.desktop" \
    && echo "ok - desktop entry has a Chinese name" \
    || fail "desktop entry has no Name[zh_CN]"
fi
if [ -f "$share/help/zh_CN/shenbao/index.page" ]; then
  grep -q '申报' "$share/help/zh_CN/shenbao/index.page" \
    && echo "ok - Chinese help is in Chinese" \
    || fail "help/zh_CN/index.page is not translated"
fi

# Post-install steps are skipped under DESTDIR: run them here, on the
# installed tree only, with the user's own settings kept out.
export XDG_DATA_DIRS="$share:/usr/share"
export XDG_DATA_HOME="$tmp/home/data" XDG_CONFIG_HOME="$tmp/home/config"
export XDG_CONFIG_DIRS="$tmp/home/etc" PATH="$bin:$PATH"
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_DESKTOP_SESSION_ID || true
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CONFIG_DIRS"

if update-mime-database "$share/mime" >"$tmp/umd.log" 2>&1; then
  echo "ok - update-mime-database"
else
  cat "$tmp/umd.log"
  fail "update-mime-database"
fi
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$share/applications" || fail "update-desktop-database"
fi

# GIO (what GNOME and Nautilus use) names the handler.
if command -v gio >/dev/null; then
  handler=$(gio mime application/x-shenbao 2>&1 | sed -n '1p')
  case $handler in
    *"$app_id.desktop"*) echo "ok - gio: $handler" ;;
    *) fail "gio mime application/x-shenbao: $handler" ;;
  esac
fi

# xdg-mime (xdg-utils) is what other desktops and scripts ask.
if command -v xdg-mime >/dev/null; then
  handler=$(xdg-mime query default application/x-shenbao 2>&1 || true)
  if [ "$handler" = "$app_id.desktop" ]; then
    echo "ok - xdg-mime query default application/x-shenbao: $handler"
  else
    fail "xdg-mime query default application/x-shenbao: '$handler'"
  fi
else
  echo "ok - # SKIP xdg-mime: xdg-utils is not installed (add it to build-aux/install-deps)"
fi

if [ $failures -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
