# Installing and packaging custodia (included by the top-level CMakeLists).
#
#   cmake --install build                  # binary under CMAKE_INSTALL_PREFIX, system files at their places
#   (cd build && cpack -G DEB)             # build/custodia_<version>_<arch>.deb
#
# The .deb holds:
#   /usr/bin/custodia
#   /usr/lib/custodia/custodia-dock                     the docking script
#   /lib/udev/rules.d/99-custodia-dock.rules            starts the unit when a camera is docked
#   /lib/systemd/system/custodia-dock@.service          runs the script for one device
#   /etc/custodia/dock.conf                             the station's settings (a conffile)
#   /usr/share/bash-completion/completions/custodia     generated from the binary
#   /usr/share/man/man1/custodia.1.gz                   generated from the binary
#   /usr/share/custodia/schemas/*.json                  every format's JSON Schema
#   /usr/share/doc/custodia/                            README, docking guide, formats, copyright
# udev, systemd and the script's own paths are absolute: udev and systemd only
# look there, and the unit names /usr/lib/custodia/custodia-dock.

set(CUSTODIA_GEN_DIR "${CMAKE_BINARY_DIR}/generated")
add_custom_command(
  OUTPUT "${CUSTODIA_GEN_DIR}/custodia.1" "${CUSTODIA_GEN_DIR}/custodia.1.gz" "${CUSTODIA_GEN_DIR}/custodia.bash"
  COMMAND "${CMAKE_COMMAND}" "-DCUSTODIA=$<TARGET_FILE:custodia_cli>" "-DOUT=${CUSTODIA_GEN_DIR}"
          -P "${CMAKE_CURRENT_SOURCE_DIR}/packaging/generate.cmake"
  DEPENDS custodia_cli "${CMAKE_CURRENT_SOURCE_DIR}/packaging/generate.cmake"
  COMMENT "Writing custodia.1 and the bash completion from the custodia binary"
  VERBATIM)
add_custom_target(custodia_generated_docs ALL
  DEPENDS "${CUSTODIA_GEN_DIR}/custodia.1.gz" "${CUSTODIA_GEN_DIR}/custodia.bash")

set(dock "${CMAKE_CURRENT_SOURCE_DIR}/scripts/dock")
install(PROGRAMS "${dock}/custodia-dock" DESTINATION /usr/lib/custodia)
install(FILES "${dock}/99-custodia-dock.rules" DESTINATION /lib/udev/rules.d)
install(FILES "${dock}/custodia-dock@.service" DESTINATION /lib/systemd/system)
# dock.conf is the station's: `cmake --install` never overwrites one that
# exists (the .deb marks it a conffile: dpkg asks before replacing it).
install(CODE "
  if(EXISTS \"\$ENV{DESTDIR}/etc/custodia/dock.conf\")
    message(STATUS \"Keeping: \$ENV{DESTDIR}/etc/custodia/dock.conf (see share/doc/custodia/dock.conf.example)\")
  else()
    file(INSTALL DESTINATION /etc/custodia TYPE FILE FILES \"${dock}/dock.conf\")
  endif()")
install(FILES "${CUSTODIA_GEN_DIR}/custodia.bash" DESTINATION share/bash-completion/completions RENAME custodia)
install(FILES "${CUSTODIA_GEN_DIR}/custodia.1.gz" DESTINATION share/man/man1)
install(DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/schemas/" DESTINATION share/custodia/schemas
        FILES_MATCHING PATTERN "*.json")
install(FILES README.md doc/docking.md DESTINATION share/doc/custodia)
install(FILES "${dock}/dock.conf" DESTINATION share/doc/custodia RENAME dock.conf.example)
install(FILES LICENSE DESTINATION share/doc/custodia RENAME copyright)
install(DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/doc/formats" DESTINATION share/doc/custodia
        FILES_MATCHING PATTERN "*.md")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME custodia)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "evidence vault for body-worn cameras")
set(CPACK_PACKAGE_DESCRIPTION
    "custodia copies docked body-worn cameras into a vault bit-exact, hashes and signs every clip \
(minisign format), probes it with libav, records it in a signed append-only custody log and indexes it. \
Includes the docking station integration (udev rule, systemd unit, docking script).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
if(NOT CPACK_DEBIAN_PACKAGE_MAINTAINER)
  set(CPACK_DEBIAN_PACKAGE_MAINTAINER "custodia maintainers <custodia@localhost>")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Library dependencies (libavformat59, libsodium23, librocksdb7.8, ...) come
# from dpkg-shlibdeps; these are what the docking script runs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "bash (>= 5.0), mount, util-linux")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "udev, systemd, minisign")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "exfatprogs, dosfstools")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_SOURCE_DIR}/packaging/conffiles;${CMAKE_CURRENT_SOURCE_DIR}/packaging/postinst;${CMAKE_CURRENT_SOURCE_DIR}/packaging/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
