#!/usr/bin/env bash
# Proof of the office-PC install: build the bundle and the .deb, install the .deb, run
# the installed program without a network or a display, and check where it keeps its data.
# Needs root (dpkg -i). Run by .ci/run; takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build_linux.sh
DEB=$(ls build/zhixing-tuandui_*.deb | head -1)
dpkg -i "$DEB" >/dev/null
command -v zhixing-tuandui >/dev/null

HOME_DIR=$(mktemp -d)
export HOME=$HOME_DIR QT_QPA_PLATFORM=offscreen
unset XDG_DATA_HOME
fail() { echo "安装检查失败：$*" >&2; exit 1; }

# First start: the real window, offscreen, long enough to be sure it starts (it closes
# itself); the database is created in the user's data folder, never under /opt.
start=$(date +%s%N)
zhixing-tuandui --quit-after 3000 || fail "window exited $?"
frozen_ms=$(( ($(date +%s%N) - start) / 1000000 - 3000 ))
[ -f "$HOME_DIR/.local/share/zhixing-tuandui/cases.sqlite" ] || fail "database not in ~/.local/share"
[ -z "$(find /opt/zhixing-tuandui -name '*.sqlite' -print -quit)" ] || fail "a database under /opt"
zhixing-tuandui check || fail "check exited $?"
# The ledger import reads with python-calamine, a compiled extension (a missing one would
# only make the import slower, silently, so look for it).
[ -n "$(find /opt/zhixing-tuandui -name '_python_calamine*' -print -quit)" ] \
  || fail "python-calamine not in the bundle"

# Qt's own dialogs in Chinese: the bundle carries and loads qtbase_zh_CN (取消, 修改日期
# come from it; 查找范围 and 文件类型 from the program, where Qt's translation lacks them).
texts=$(zhixing-tuandui --dialog-texts) || fail "--dialog-texts exited $?"
for word in 查找范围 文件类型 取消 修改日期; do
  grep -q "$word" <<<"$texts" || fail "file dialog not in Chinese (no $word): $texts"
done

# A scheduled report, as the chief's PC would run it.
zhixing-tuandui weekly-report "$HOME_DIR/weekly.xlsx" --week 2026-11-23 --today 2026-11-28 \
  || fail "weekly-report exited $?"
[ -s "$HOME_DIR/weekly.xlsx" ] || fail "no weekly sheet written"

# Bad input still gets a Chinese message and a non-zero exit from the frozen program.
if zhixing-tuandui weekly-report "$HOME_DIR/x.xlsx" --week notadate 2>"$HOME_DIR/err.txt"; then
  fail "a bad week was accepted"
fi
grep -q "不是有效日期" "$HOME_DIR/err.txt" || fail "no Chinese message for a bad week"

echo "installed package works: first start to window took about ${frozen_ms} ms; database in ~/.local/share"
dpkg -r zhixing-tuandui >/dev/null
rm -rf "$HOME_DIR"
