# Read by cpack (CPACK_PROJECT_CONFIG_FILE) before it packages: the programs look for their models
# and TorchScript module under the prefix the build tree was configured with, so a package must be
# made from a build tree configured with the package's prefix.
if(NOT CPACK_MEGA_INSTALL_PREFIX STREQUAL CPACK_MEGA_PACKAGE_PREFIX)
  message(FATAL_ERROR "mega-studio package: this build tree was configured with CMAKE_INSTALL_PREFIX="
                      "${CPACK_MEGA_INSTALL_PREFIX}, but the package installs to ${CPACK_MEGA_PACKAGE_PREFIX} and "
                      "the programs would look for their models in the wrong place. Configure it again with "
                      "-DCMAKE_INSTALL_PREFIX=${CPACK_MEGA_PACKAGE_PREFIX}, rebuild, then run cpack.")
endif()
