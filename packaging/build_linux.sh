#!/usr/bin/env bash
# Build the Linux one-folder bundle and its .deb for 统信UOS / 银河麒麟 (Debian-based).
#   bash packaging/build_linux.sh          → build/dist/zhixing-tuandui/, build/zhixing-tuandui_<ver>_<arch>.deb
# Needs Python 3 with venv, and Debian's dpkg-deb (present on every Debian-based system).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NAME=zhixing-tuandui
python3 packaging/bootstrap.py test --version >/dev/null   # creates .venv with the project's deps
.venv/bin/pip install -q --disable-pip-version-check -e ".[package]"
VERSION=$(.venv/bin/python -c "from model.version import VERSION; print(VERSION)")
ARCH=$(dpkg --print-architecture)

rm -rf build/dist/$NAME build/work
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
  packaging/zhixing.spec

STAGE=build/deb/${NAME}_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps"
cp -a build/dist/$NAME "$STAGE/opt/$NAME"
ln -s /opt/$NAME/$NAME "$STAGE/usr/bin/$NAME"
ln -s /opt/$NAME/$NAME "$STAGE/usr/bin/执行团队办案管理"
cp resources/icon.png "$STAGE/usr/share/icons/hicolor/256x256/apps/$NAME.png"
cat > "$STAGE/usr/share/applications/$NAME.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=执行团队办案管理
Name[zh_CN]=执行团队办案管理
Comment=执行局团队办案、繁简分流、期限与周工作量统计
Exec=/opt/$NAME/$NAME
Icon=$NAME
Terminal=false
Categories=Office;
DESKTOP
SIZE=$(du -sk "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: 执行团队办案管理 开发组 <noreply@localhost>
Installed-Size: $SIZE
Depends: libc6, libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libdbus-1-3
Recommends: fonts-noto-cjk | fonts-wqy-microhei
Section: misc
Priority: optional
Description: 执行团队办案管理 — enforcement team case management
 The desktop program of a basic court's enforcement bureau: roster, triage
 checklist, deadlines and the weekly workload sheet. Works offline; the data
 lives in each user's ~/.local/share/zhixing-tuandui/.
CONTROL
find "$STAGE" -type d -exec chmod 755 {} +
DEB=build/${NAME}_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null
( cd build/dist && tar -czf ../${NAME}_${VERSION}_linux_${ARCH}.tar.gz $NAME )
echo "bundle:  build/dist/$NAME ($(du -sh build/dist/$NAME | cut -f1))"
echo "archive: build/${NAME}_${VERSION}_linux_${ARCH}.tar.gz ($(du -sh build/${NAME}_${VERSION}_linux_${ARCH}.tar.gz | cut -f1))"
echo "deb:     $DEB ($(du -sh "$DEB" | cut -f1))"
