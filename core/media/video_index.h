#pragma once
// Private to core/media: the video stream's packet timestamps, read by demuxing alone.

#include <cstdint>
#include <vector>

#include "core/media/media_info.h"

struct AVFormatContext;

namespace mega::media::detail {

/// The main video stream of `fmt` (cover art excluded; of several, the default one, else the
/// largest), or -1.
int findVideoStream(AVFormatContext* fmt);

/// The film's sound: of several audio streams, the default one (FFmpeg's choice), or -1.
int findAudioStream(AVFormatContext* fmt);

/// Fills v's display geometry (sample aspect, rotation, display size, video_streams) from stream
/// `index`; v.width and v.height must be set.
void describeGeometry(AVFormatContext* fmt, int index, VideoStreamInfo& v);

/// Every presentation timestamp of stream `index`, sorted (= presentation order), read by demuxing
/// from the context's current position to the end. Frame index n has timestamp result[n].
std::vector<int64_t> scanVideoTimestamps(AVFormatContext* fmt, int index);

/// Whether the header's rates agree (average rate = base rate within 0.5 %): a constant rate as
/// far as the header says. False if either is unknown.
bool headerRatesAgree(const Rational& average, const Rational& base);

/// Whether frame durations vary beyond time-base rounding.
bool isVariableRate(const std::vector<int64_t>& pts);

} // namespace mega::media::detail
