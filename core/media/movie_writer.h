#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace mega::media {

struct MovieWriterOptions {
    int width = 640;
    int height = 360;
    int fps = 25;              ///< frames per second (whole numbers)
    int sample_rate = 48000;   ///< 0: no audio track
    int crf = 23;              ///< x264 quality (lower is better)
    std::string preset = "veryfast";
};

/// Writes a film: H.264 video (libx264, yuv420p) and mono AAC audio, in the container the file
/// name's extension names (MP4: index at the front, so a file cut short still plays). Frames go in
/// as packed RGB24, audio as mono float PCM; nothing is held beyond the encoders' own buffers.
class MovieWriter {
public:
    /// Throws mega::Error naming the file (cannot create it, no H.264 encoder, ...).
    MovieWriter(const std::string& path, const MovieWriterOptions& options);
    ~MovieWriter();
    MovieWriter(const MovieWriter&) = delete;
    MovieWriter& operator=(const MovieWriter&) = delete;

    /// One frame, width x height x 3 bytes.
    void writeFrame(const uint8_t* rgb);
    /// Mono samples in [-1, 1] at the options' sample rate.
    void writeAudio(const float* samples, size_t count);
    /// Flushes the encoders and closes the file; without it the destructor does, quietly.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace mega::media
