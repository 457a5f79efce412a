#!/bin/sh
# Takes a screenshot of Shenbao under Xvfb, for the help and the metainfo.
# usage: screenshot.sh SHENBAO OUT.png [SECONDS] [ARGS…]
# SHENBAO_PAGE=<page name> opens that page; SHENBAO_TODAY pins the date.
set -eu
app=$1 out=$2 wait=${3:-4}
shift 3 || shift $#
if [ -z "${SB_IN_XVFB:-}" ]; then
  SB_IN_XVFB=1 exec xvfb-run -a -s '-screen 0 1240x820x24' "$0" "$app" "$out" "$wait" "$@"
fi
export GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
export LANG=${LANG_OVERRIDE:-zh_CN.UTF-8} LANGUAGE=${LANGUAGE_OVERRIDE:-zh_CN}
export GSETTINGS_BACKEND=memory
"$app" "$@" &
pid=$!
sleep "$wait"
import -window root -crop "${CROP:-1200x800+0+0}" +repage "$out"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
