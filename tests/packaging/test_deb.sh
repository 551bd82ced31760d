#!/usr/bin/env bash
# tests/packaging/test_deb.sh BUILD_DIR SOURCE_DIR [SHARED_DATA]
#
# Builds the Debian package from BUILD_DIR (cpack), validates its desktop entry, AppStream metainfo
# and MIME type, checks what the .deb holds and depends on, unpacks it into a fresh root and runs
# the programs from there: `mega --version`, `mega probe CLIP`, `mega-model --version`,
# `mega-studio --version` (offscreen), and reads mega's man page. ctest runs it as `package_deb`
# (label `package`). BUILD_DIR must be configured with -DCMAKE_INSTALL_PREFIX=/usr and built.
# Exits non-zero with a message on the first failure.
set -euo pipefail

fail() { echo "test_deb: FAIL: $*" >&2; exit 1; }
note() { echo "test_deb: $*"; }

[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SOURCE_DIR [SHARED_DATA]" >&2; exit 2; }
BUILD="$(cd "$1" && pwd)" || fail "no build folder $1"
SRC="$(cd "$2" && pwd)" || fail "no source folder $2"
SHARED="${3:-$SRC/../shared/data}"
APP_ID=org.megastudio.MegaStudio

# --- the build tree: configured for /usr, built ----------------------------------------------------
CACHE="$BUILD/CMakeCache.txt"
[ -f "$CACHE" ] || fail "$BUILD is not a CMake build folder (no CMakeCache.txt)"
prefix="$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$CACHE")"
if [ "$prefix" != "/usr" ]; then
  # Not a failure of the package: this tree cannot make one. ctest shows the test as skipped (77).
  echo "test_deb: SKIPPED: $BUILD is configured with CMAKE_INSTALL_PREFIX=${prefix:-?}; the package installs to /usr and
the programs look for their models under the prefix they were built with. To test the package, configure for /usr:
  cmake -S $SRC -B $BUILD -DCMAKE_INSTALL_PREFIX=/usr && cmake --build $BUILD" >&2
  exit 77
fi
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$CACHE")"
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $CACHE"
cmake_bin="$(sed -n 's/^CMAKE_COMMAND:[A-Z]*=//p' "$CACHE")"
cpack_bin="$(dirname "$cmake_bin")/cpack"
[ -x "$cpack_bin" ] || cpack_bin="$(command -v cpack)" || fail "cpack not found"
for tool in dpkg-deb dpkg-shlibdeps file desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || fail "$tool not found: run packaging/install-deps.sh"
done
for f in app/mega app/mega-model app/mega-studio mega.1.gz; do
  [ -e "$BUILD/$f" ] || fail "$BUILD/$f is not built: cmake --build $BUILD"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mega-deb-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- the validators ----------------------------------------------------------------------------------
note "desktop-file-validate packaging/$APP_ID.desktop"
desktop-file-validate "$SRC/packaging/$APP_ID.desktop" || fail "desktop-file-validate found errors in $APP_ID.desktop"
note "appstreamcli validate --no-net --pedantic packaging/$APP_ID.metainfo.xml"
appstreamcli validate --no-net --pedantic "$SRC/packaging/$APP_ID.metainfo.xml" \
  || fail "appstreamcli validate found errors in $APP_ID.metainfo.xml"
if command -v update-mime-database >/dev/null; then
  mkdir -p "$WORK/mime/packages"
  cp "$SRC/packaging/mega-studio-mime.xml" "$WORK/mime/packages/$APP_ID.xml"
  XDG_DATA_HOME="$WORK" update-mime-database "$WORK/mime" >"$WORK/mime.log" 2>&1 || { cat "$WORK/mime.log" >&2; fail "update-mime-database rejects mega-studio-mime.xml"; }
  [ ! -s "$WORK/mime.log" ] || { cat "$WORK/mime.log" >&2; fail "update-mime-database warns about mega-studio-mime.xml"; }
  grep -q '^50:application/x-mega-project:\*\.mega$' "$WORK/mime/globs2" || fail "the MIME database has no *.mega glob"
  note "MIME type: *.mega is application/x-mega-project"
fi

# --- the package ---------------------------------------------------------------------------------------
OUT="$BUILD/package"
rm -f "$OUT"/*.deb
note "$cpack_bin -G DEB --config $BUILD/CPackConfig.cmake -B $OUT"
(cd "$BUILD" && "$cpack_bin" -G DEB --config "$BUILD/CPackConfig.cmake" -B "$OUT") >"$WORK/cpack.log" 2>&1 \
  || { cat "$WORK/cpack.log" >&2; fail "cpack failed"; }
grep -i "warning" "$WORK/cpack.log" >&2 || true
shopt -s nullglob
debs=("$OUT"/mega-studio_"$version"_*.deb)
[ ${#debs[@]} -eq 1 ] || { cat "$WORK/cpack.log" >&2; fail "expected one mega-studio_${version}_*.deb in $OUT, found ${#debs[@]}"; }
DEB="${debs[0]}"
note "built $DEB ($(du -h "$DEB" | cut -f1))"

dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./||' >"$WORK/contents"
for path in usr/bin/mega usr/bin/mega-model usr/bin/mega-studio \
            usr/share/mega-studio/models/scene_loop.json \
            usr/share/applications/$APP_ID.desktop \
            usr/share/metainfo/$APP_ID.metainfo.xml \
            usr/share/mime/packages/$APP_ID.xml \
            usr/share/icons/hicolor/48x48/apps/$APP_ID.png \
            usr/share/icons/hicolor/scalable/apps/$APP_ID.svg \
            usr/share/man/man1/mega.1.gz; do
  grep -qx "$path" "$WORK/contents" || fail "the package lacks $path"
done
note "contents: programs, models, desktop entry, metainfo, MIME type, icons, man page"

[ "$(dpkg-deb -f "$DEB" Package)" = mega-studio ] || fail "the package is not named mega-studio"
[ "$(dpkg-deb -f "$DEB" Version)" = "$version" ] || fail "the package's version is not $version"
depends="$(dpkg-deb -f "$DEB" Depends)"
note "Depends: $depends"
for dep in libtorch libopenblas0-openmp libqt6widgets6 libavformat libqt6svg6; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep"
done

if command -v apt-get >/dev/null; then
  apt-get install --simulate --no-install-recommends "$DEB" >"$WORK/apt.log" 2>&1 \
    || { cat "$WORK/apt.log" >&2; fail "apt cannot install the package's dependencies"; }
  note "apt-get install --simulate: its dependencies can be installed"
fi

# --- the programs, run from the package unpacked into a fresh root ------------------------------------
ROOT="$WORK/root"
dpkg-deb -x "$DEB" "$ROOT"
note "appstreamcli validate-tree --no-net --pedantic (the installed metainfo with its desktop entry)"
appstreamcli validate-tree --no-net --pedantic "$ROOT" || fail "appstreamcli validate-tree found errors in the package"
desktop-file-validate "$ROOT/usr/share/applications/$APP_ID.desktop" || fail "the installed desktop entry does not validate"
# The programs find their models and TorchScript module at paths compiled in: the package's own.
grep -aq "/usr/share/mega-studio/models" "$ROOT/usr/bin/mega" \
  || fail "mega does not look for its models in /usr/share/mega-studio/models"
module="$(grep -x 'usr/lib/.*/mega-studio/libmega_torchscript\.so' "$WORK/contents")" \
  || fail "the package lacks libmega_torchscript.so"
grep -aq "/$module" "$ROOT/usr/bin/mega-model" || fail "mega-model does not look for /$module"
for exe in mega mega-model mega-studio; do
  if ldd "$ROOT/usr/bin/$exe" | grep -q "not found"; then
    ldd "$ROOT/usr/bin/$exe" >&2; fail "$exe needs a library that is not installed"
  fi
  if readelf -d "$ROOT/usr/bin/$exe" | grep -Eq 'R(UN)?PATH'; then
    readelf -d "$ROOT/usr/bin/$exe" | grep -E 'R(UN)?PATH' >&2; fail "the installed $exe keeps an RPATH"
  fi
done

out="$("$ROOT/usr/bin/mega" --version)" || fail "mega --version exited $?"
[ "$out" = "mega $version" ] || fail "mega --version printed '$out', not 'mega $version'"
note "mega --version: $out"
out="$("$ROOT/usr/bin/mega-model" --version)" || fail "mega-model --version exited $?"
[ "$out" = "mega-model $version" ] || fail "mega-model --version printed '$out', not 'mega-model $version'"
note "mega-model --version: $out"
out="$("$ROOT/usr/bin/mega" --help)" || fail "mega --help exited $?"
grep -q -- "--version" <<<"$out" || fail "mega --help does not mention --version"

CLIP="$SHARED/clips/counter.mp4"
[ -f "$CLIP" ] || fail "no clip at $CLIP (the shared data folder: third argument, default SOURCE_DIR/../shared/data)"
out="$("$ROOT/usr/bin/mega" probe "$CLIP")" || fail "mega probe $CLIP exited $?"
grep -Eq '^duration +3\.000 s$' <<<"$out" || fail "mega probe does not find counter.mp4's 3 s: $out"
grep -Eq '^video +#0 h264 1920x1080, 10\.000 fps.*30 frames' <<<"$out" || fail "mega probe does not find counter.mp4's picture: $out"
note "mega probe counter.mp4: h264 1920x1080, 10 fps, 30 frames, 3 s"

out="$(QT_QPA_PLATFORM=offscreen timeout 60 "$ROOT/usr/bin/mega-studio" --version 2>&1)" || fail "mega-studio --version exited $?: $out"
grep -q "$version" <<<"$out" || fail "mega-studio --version printed '$out', without $version"
note "mega-studio --version: $out"

MAN="$ROOT/usr/share/man/man1/mega.1.gz"
gzip -t "$MAN" || fail "mega.1.gz is not gzip"
if command -v man >/dev/null; then
  page="$(MANWIDTH=100 man -l "$MAN" 2>/dev/null)" || fail "man -l cannot read mega.1.gz"
else
  page="$(zcat "$MAN")"
fi
for word in probe shots features make-demo import export ingest train version; do
  grep -q -- "$word" <<<"$page" || fail "mega's man page does not mention $word"
done
note "man page: mega(1) lists the commands"
note "PASS ($DEB)"
