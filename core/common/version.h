#pragma once

namespace mega {

/// MEGA Studio's version (CMake's project version), for `--version`, About and the package.
const char* version();

} // namespace mega
