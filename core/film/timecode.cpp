#include "core/film/timecode.h"

#include "core/common/error.h"

#include <cmath>
#include <cstdio>

namespace mega::film {

bool isDropFrame(double fps) {
    return std::abs(fps - 29.97) < 0.01 || std::abs(fps - 59.94) < 0.01;
}

int64_t frameAt(double seconds, double fps) {
    return static_cast<int64_t>(std::llround(seconds * fps));
}

std::string timecode(int64_t frame, double fps) {
    if (!(fps >= 0.5) || !std::isfinite(fps)) // under 0.5 rounds to 0 frames a second
        throw Error("no timecode at " + std::to_string(fps) + " fps (the frame rate must be positive)");
    if (frame < 0) throw Error("no timecode for frame " + std::to_string(frame) + " (frames count from 0)");
    const bool drop = isDropFrame(fps);
    const auto nominal = static_cast<int64_t>(std::llround(fps));
    if (drop) {
        // SMPTE drop-frame: frame numbers 0 and 1 (0 to 3 at 59.94) are skipped every minute
        // except every tenth.
        const int64_t dropped = nominal / 15; // 2 at 30, 4 at 60
        const int64_t perMinute = nominal * 60 - dropped, perTen = perMinute * 10 + dropped;
        const int64_t tens = frame / perTen, rest = frame % perTen;
        frame += dropped * 9 * tens + (rest > dropped ? dropped * ((rest - dropped) / perMinute) : 0);
    }
    const int64_t ff = frame % nominal, totalSeconds = frame / nominal;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%02lld",
                  static_cast<long long>(totalSeconds / 3600),
                  static_cast<long long>((totalSeconds / 60) % 60), static_cast<long long>(totalSeconds % 60),
                  drop ? ';' : ':', static_cast<long long>(ff));
    return buf;
}

std::string timecodeAt(double seconds, double fps) {
    return timecode(frameAt(seconds, fps), fps);
}

} // namespace mega::film
