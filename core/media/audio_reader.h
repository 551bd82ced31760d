#pragma once

#include "core/media/media_info.h"

#include <memory>
#include <string>
#include <vector>

namespace mega::media {

struct AudioReaderOptions {
    int sample_rate = 16000;   ///< output rate in Hz
    int stream = -1;           ///< stream index; -1 = the container's best audio stream
    int block_samples = 16000; ///< samples per block (the last block may be shorter)
};

/// A block of mono float PCM in [-1, 1].
struct AudioBlock {
    double start_s = 0.0; ///< time of the first sample on the file's clock
    std::vector<float> samples;
};

/// Streams an audio stream as mono float PCM at a chosen rate, block by block (all channels are
/// mixed down). Never holds the whole track.
class AudioReader {
  public:
    /// Throws mega::Error if the file cannot be opened or has no audio stream.
    explicit AudioReader(const std::string& path, const AudioReaderOptions& options = {});
    ~AudioReader();
    AudioReader(AudioReader&&) noexcept;
    AudioReader& operator=(AudioReader&&) noexcept;

    const AudioStreamInfo& stream() const;
    int sampleRate() const;
    /// The next block (its buffer is reused); false at the end.
    bool next(AudioBlock& block);
    /// Empty, or why decoding stopped early.
    const std::string& warning() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace mega::media
