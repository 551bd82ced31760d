#pragma once

#include <cstdint>

namespace mega::film {

/// One shot of a film: frames [start_frame, end_frame], times [start_s, end_s).
struct Shot {
    int64_t start_frame = 0; ///< first frame, 0-based
    int64_t end_frame = 0;   ///< last frame, inclusive
    double start_s = 0.0;    ///< presentation time of the first frame
    double end_s = 0.0;      ///< presentation time just after the last frame (the next shot's start)

    bool operator==(const Shot&) const = default;
};

} // namespace mega::film
