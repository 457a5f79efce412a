#!/bin/sh
# Fails unless each PO file is valid (msgfmt --check) and complete: no
# untranslated and no fuzzy message.
# Usage: test-po-complete.sh FILE.po…
set -u

status=0
for po in "$@"; do
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    echo "$stats"
    echo "FAIL: $po does not compile"
    status=1
    continue
  fi
  echo "$po: $stats"
  case $stats in
    *untranslated*|*fuzzy*) echo "FAIL: $po is incomplete"; status=1 ;;
  esac
done
exit $status
