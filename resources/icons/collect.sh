#!/usr/bin/env bash
# Copies the Breeze icons the window uses (light: breeze, dark: breeze-dark) from Debian's
# breeze-icon-theme into resources/icons/, with the theme's licence. The copies are committed, so a
# build needs only them; run this again after changing ICONS (and list new ones in icons.qrc).
set -euo pipefail
cd "$(dirname "$0")"
ICONS=(document-open document-export document-properties application-exit configure configure-shortcuts
       edit-undo edit-redo media-playback-start media-playback-pause media-skip-backward media-skip-forward
       dialog-ok-apply dialog-cancel list-add list-remove tools-wizard run-build view-list-details
       zoom-in zoom-out zoom-fit-best help-contents help-about
       window-close dialog-ok dialog-close document-save edit-clear go-up go-parent-folder folder-new view-list-icons)
# What Qt's own dialogs (buttons, message boxes, the file dialog) ask the icon theme for.
STATUS=(dialog-information dialog-warning dialog-error dialog-question)
PLACES=(folder)
for theme in breeze breeze-dark; do
  rm -rf "$theme"
  mkdir -p "$theme/actions/22" "$theme/status/64" "$theme/places/22"
  for n in "${ICONS[@]}"; do cp -L "/usr/share/icons/$theme/actions/22/$n.svg" "$theme/actions/22/"; done
  for n in "${STATUS[@]}"; do cp -L "/usr/share/icons/$theme/status/64/$n.svg" "$theme/status/64/"; done
  for n in "${PLACES[@]}"; do cp -L "/usr/share/icons/$theme/places/22/$n.svg" "$theme/places/22/"; done
  cat > "$theme/index.theme" <<THEME
[Icon Theme]
Name=$theme
Comment=The Breeze icons MEGA Studio uses (KDE, LGPL-3.0-or-later; see COPYING.breeze and LGPL-3)
Directories=actions/22,status/64,places/22

[actions/22]
Size=22
Context=Actions
Type=Scalable
MinSize=8
MaxSize=512

[status/64]
Size=64
Context=Status
Type=Scalable
MinSize=8
MaxSize=512

[places/22]
Size=22
Context=Places
Type=Scalable
MinSize=8
MaxSize=512
THEME
done
cp /usr/share/doc/breeze-icon-theme/copyright COPYING.breeze
cp /usr/share/common-licenses/LGPL-3 LGPL-3
cp /usr/share/common-licenses/GPL-3 GPL-3 # LGPL-3 is a set of permissions on top of it
{
  echo '<!DOCTYPE RCC><RCC version="1.0">'
  echo '<qresource prefix="/icons">'
  for theme in breeze breeze-dark; do
    echo "  <file>$theme/index.theme</file>"
    for n in "${ICONS[@]}"; do echo "  <file>$theme/actions/22/$n.svg</file>"; done
    for n in "${STATUS[@]}"; do echo "  <file>$theme/status/64/$n.svg</file>"; done
    for n in "${PLACES[@]}"; do echo "  <file>$theme/places/22/$n.svg</file>"; done
  done
  echo "  <file>app/org.megastudio.MegaStudio.svg</file>"
  echo '</qresource>'
  echo '</RCC>'
} > icons.qrc
