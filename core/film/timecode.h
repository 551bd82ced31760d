#pragma once
// SMPTE timecode, the one the window, the command line and the EDL export all print.

#include <cstdint>
#include <string>

namespace mega::film {

/// True at 29.97 and 59.94 fps (within 0.01), where SMPTE timecode is drop-frame.
bool isDropFrame(double fps);

/// The frame shown at `seconds`: round(seconds * fps).
int64_t frameAt(double seconds, double fps);

/// Frame `frame` (0-based) at `fps` as SMPTE timecode: HH:MM:SS:FF, or HH:MM:SS;FF drop-frame at
/// 29.97 and 59.94. Other rates count round(fps) frames a second (23.976 as 24). Throws
/// mega::Error for a rate that is not positive or a negative frame rather than guess.
std::string timecode(int64_t frame, double fps);

/// timecode(frameAt(seconds, fps), fps).
std::string timecodeAt(double seconds, double fps);

} // namespace mega::film
