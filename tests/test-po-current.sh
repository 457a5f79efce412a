#!/bin/sh
# Fails unless po/zh_CN.po translates every message the sources have now:
# extracts them afresh with xgettext (as meson's shenbao-pot would),
# merges, and counts untranslated and fuzzy messages.
# Usage: test-po-current.sh SOURCE_ROOT
set -eu
top=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"
xgettext --package-name=shenbao --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format \
  --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
  --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
  --flag=g_log:3:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
  --flag=g_snprintf:3:c-format --keyword=ngettext:1,2 \
  -f po/POTFILES.in -D "$top" -o "$tmp/shenbao.pot" 2>"$tmp/xgettext.log" || {
    cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/zh_CN.po" po/zh_CN.po "$tmp/shenbao.pot"
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1)
echo "po/zh_CN.po against the sources: $stats"
case $stats in
  *untranslated*|*fuzzy*)
    msgattrib --untranslated --no-wrap "$tmp/zh_CN.po" | grep '^msgid' | head -20
    exit 1 ;;
esac
