#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mega::media {

/// An exact rational number (frame rates, time bases).
struct Rational {
    int num = 0;
    int den = 1;
    double value() const { return den ? static_cast<double>(num) / den : 0.0; }
};

struct VideoStreamInfo {
    int index = -1;    ///< stream index in the container
    std::string codec; ///< decoder name, e.g. "h264"
    int width = 0;
    int height = 0;
    Rational avg_frame_rate;  ///< frames / duration
    Rational real_frame_rate; ///< the container's base rate (r_frame_rate)
    Rational time_base;
    int64_t frame_count = 0;          ///< exact where counted (see frame_count_counted)
    bool frame_count_counted = false; ///< true: counted packet by packet, the header lied or was silent
    bool variable_frame_rate = false;
    double start_s = 0.0; ///< first frame's presentation time on the file's clock
    double duration_s = 0.0;
    // Display geometry: how a person is meant to see the picture. FrameReader's frames come out
    // this way (pixels made square, turned upright), and so do thumbnails, shots and features.
    Rational sample_aspect{1, 1}; ///< the shape of a stored pixel (anamorphic DVD: 64:45); 1:1 if unset
    int rotation = 0;             ///< clockwise turn for display, 0/90/180/270 (phones' display matrix)
    int display_width = 0;        ///< width x sample_aspect, then swapped with height by a quarter turn
    int display_height = 0;
    int video_streams = 1;        ///< video streams in the file other than cover art (the one chosen: index)
};

struct AudioStreamInfo {
    int index = -1;
    std::string codec;
    int sample_rate = 0;
    int channels = 0;
    std::string language;
};

struct SubtitleStreamInfo {
    int index = -1;
    std::string codec;
    bool text = false; ///< text-based (SRT, ASS, WebVTT, mov_text), not bitmaps
    std::string language;
};

struct MediaInfo {
    std::string path;
    std::string container; ///< e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    double duration_s = 0.0;
    int64_t size_bytes = 0;
    std::optional<VideoStreamInfo> video; ///< the main video stream (cover art excluded)
    std::vector<AudioStreamInfo> audio;
    int main_audio = -1; ///< the stream index of the audio the features and the waveform read (the default)
    std::vector<SubtitleStreamInfo> subtitles;
};

struct ProbeOptions {
    /// Count video frames packet by packet even when the header states a plausible count.
    bool always_count_frames = false;
};

/// Reads what a film file holds. Throws mega::Error naming the file and the problem.
MediaInfo probe(const std::string& path, const ProbeOptions& options = {});

/// The FFmpeg this program reads films with: its version and libavcodec's (for About).
std::string ffmpegVersion();

} // namespace mega::media
