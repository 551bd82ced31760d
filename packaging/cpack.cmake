# The Debian package (`cpack -G DEB`): mega, mega-model, mega-studio, the models, the desktop entry,
# the AppStream metainfo, the icons, the .mega MIME type and mega's man page. Included by the
# top-level CMakeLists.txt when the window is built (MEGA_WITH_UI).
#
# The programs compile in where they find their installed files (the models in
# ${CMAKE_INSTALL_FULL_DATADIR}/mega-studio/models, the TorchScript module in
# ${CMAKE_INSTALL_FULL_LIBDIR}/mega-studio), so the build tree that is packaged must be configured
# with the package's prefix, /usr:
#   cmake -S . -B build -G Ninja -DCMAKE_INSTALL_PREFIX=/usr && cmake --build build
#   cpack --config build/CPackConfig.cmake -B build/package
# cpack refuses a build tree configured with another prefix (packaging/cpack_project_config.cmake).

set(MEGA_APP_ID "org.megastudio.MegaStudio")
set(MEGA_PACKAGE_PREFIX "/usr")
if(NOT CMAKE_INSTALL_PREFIX STREQUAL MEGA_PACKAGE_PREFIX)
  message(STATUS "Packaging: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}; `cpack` needs a build tree "
                 "configured with -DCMAKE_INSTALL_PREFIX=${MEGA_PACKAGE_PREFIX} and will refuse this one")
endif()

# --- mega's man page, from `mega --help` and `mega --version` -----------------------------------
find_program(MEGA_HELP2MAN help2man)
if(NOT MEGA_HELP2MAN)
  message(FATAL_ERROR "help2man not found (it makes mega's man page): run packaging/install-deps.sh "
                      "or apt-get install help2man")
endif()
set(MEGA_MAN_PAGE "${CMAKE_BINARY_DIR}/mega.1.gz")
add_custom_command(
  OUTPUT "${MEGA_MAN_PAGE}"
  COMMAND "${MEGA_HELP2MAN}" --no-info --section=1 --source=MEGA\ Studio --manual=MEGA\ Studio
          "--name=cut films into shots, scenes and acts"
          "--include=${CMAKE_SOURCE_DIR}/packaging/mega.h2m"
          "--output=${CMAKE_BINARY_DIR}/mega.1" "$<TARGET_FILE:mega>"
  COMMAND gzip -9nf "${CMAKE_BINARY_DIR}/mega.1"
  DEPENDS mega "${CMAKE_SOURCE_DIR}/packaging/mega.h2m"
  COMMENT "Generating mega.1.gz (help2man)"
  VERBATIM)
add_custom_target(mega_man ALL DEPENDS "${MEGA_MAN_PAGE}")
install(FILES "${MEGA_MAN_PAGE}" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# --- desktop integration ---------------------------------------------------------------------------
install(FILES "${CMAKE_SOURCE_DIR}/packaging/${MEGA_APP_ID}.desktop" DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES "${CMAKE_SOURCE_DIR}/packaging/${MEGA_APP_ID}.metainfo.xml" DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES "${CMAKE_SOURCE_DIR}/packaging/mega-studio-mime.xml" DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME ${MEGA_APP_ID}.xml)
install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/app/${MEGA_APP_ID}.svg"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size 16 22 24 32 48 64 128 256)
  install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/app/hicolor/${size}x${size}/apps/${MEGA_APP_ID}.png"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
# The licence of the Breeze icons built into mega-studio (LGPL-3.0-or-later). MEGA Studio itself has
# no licence chosen yet, so the package has no copyright file of its own.
install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/COPYING.breeze" DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/mega-studio
        RENAME copyright.breeze-icons)
install(FILES "${CMAKE_SOURCE_DIR}/resources/icons/LGPL-3" "${CMAKE_SOURCE_DIR}/resources/icons/GPL-3"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/mega-studio)
# Debian's shared-mime-info, desktop-file-utils and hicolor-icon-theme update their caches from
# dpkg triggers on these folders: the package needs no maintainer scripts.

# --- the package -------------------------------------------------------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "mega-studio")
set(CPACK_PACKAGE_VENDOR "MEGA Studio")
set(CPACK_PACKAGE_CONTACT "MEGA Studio <dev@mega-studio.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "cut films into shots, scenes and acts, review and export")
# The control file's long description: cpack keeps its lines as they are, so they are wrapped here.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "MEGA Studio detects a film's shots, proposes its scene boundaries and the five"
  "turning points of its story with MEGA (a multimodal model over picture, sound,"
  "subtitles and synopsis), lets people review and correct them in a window"
  "(mega-studio), learns from their corrections and exports to editors' formats"
  "(EDL, OpenTimelineIO, WebVTT chapters) and research formats (CSV, JSON,"
  "MovieNet, TRIPOD). The mega command line does all of it headless.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/megastudio/mega-studio")
set(CPACK_PACKAGING_INSTALL_PREFIX "${MEGA_PACKAGE_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # mega-studio_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# dpkg-shlibdeps finds the libraries the programs link (LibTorch: libtorch1.13, Qt, FFmpeg, SQLite,
# FFTW); what they load at run time without linking it is named here:
#  - libopenblas0-openmp: libtorch1.13 asks only for some libblas.so.3, and with the reference BLAS
#    training and proposing are about 10x slower;
#  - libqt6svg6: the window's icons are SVG (icon engine and image format plug-ins);
#  - gstreamer1.0-plugins-good, -libav: Qt Multimedia plays the film through GStreamer (playbin,
#    demuxers, pulse/ALSA sinks; H.264/AAC and other decoders).
# FFmpeg's programs are not needed at run time (the libraries are linked).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libopenblas0-openmp, libqt6svg6, gstreamer1.0-plugins-good, gstreamer1.0-libav")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
# Read by cpack itself: refuses a build tree whose compiled-in paths are not the package's.
set(CPACK_MEGA_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_MEGA_PACKAGE_PREFIX "${MEGA_PACKAGE_PREFIX}")
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_SOURCE_DIR}/packaging/cpack_project_config.cmake")
include(CPack)
