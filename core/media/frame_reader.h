#pragma once

#include "core/media/media_info.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mega::media {

enum class PixelFormat { Rgb24, Bgr24, Gray8 };

int channelCount(PixelFormat f);

struct FrameReaderOptions {
    int width = 0;  ///< output width; 0 with height > 0 keeps the aspect ratio; both 0: source size
    int height = 0; ///< output height; as width
    PixelFormat format =
        PixelFormat::Rgb24; ///< scaled with area averaging (shrinking) or bicubic (enlarging)
    int threads = 0;        ///< decoder threads (frame + slice threading); 0 = all cores
    /// Frames decoded ahead on a background thread while the caller works on the current one
    /// (each a reference, no copy). 0 decodes on the caller's thread. Worth it when every frame
    /// gets real work, as in shot detection.
    int read_ahead = 0;
};

/// One decoded, scaled frame. Rows are packed: width * channels bytes each.
struct Frame {
    /// 0-based position in presentation order (also for variable frame rate). In a constant-rate
    /// stream, pictures lost to damage keep their numbers: the next frame's index jumps past them.
    int64_t index = -1;
    double time_s = 0.0; ///< presentation time on the file's clock
    int width = 0;
    int height = 0;
    PixelFormat format = PixelFormat::Rgb24;
    std::vector<uint8_t> data;

    int channels() const { return channelCount(format); }
    const uint8_t* row(int y) const { return data.data() + static_cast<size_t>(y) * width * channels(); }
};

/// Streams the frames of a file's main video stream, one at a time: never holds the film.
/// Not thread-safe; use one reader per thread.
class FrameReader {
  public:
    /// Throws mega::Error if the file cannot be opened or has no video stream.
    explicit FrameReader(const std::string& path, const FrameReaderOptions& options = {});
    ~FrameReader();
    FrameReader(FrameReader&&) noexcept;
    FrameReader& operator=(FrameReader&&) noexcept;

    /// The video stream as the header describes it (frame_count from the header, or estimated
    /// from duration and rate; probe() counts exactly).
    const VideoStreamInfo& video() const;
    /// Changes the output size (same rules as the options' width and height).
    void setOutputSize(int width, int height);
    int outputWidth() const;
    int outputHeight() const;

    /// Decodes the next frame into `frame` (its buffer is reused). False at the end of the stream,
    /// or where decoding had to stop (see warning()).
    bool next(Frame& frame);
    /// Like next(), but only the first frame at or after `seconds` is converted (and returned): the
    /// frames before it are decoded and dropped unscaled. For sampling a few frames a second.
    bool nextFrom(double seconds, Frame& frame);
    /// The index and time of the last frame decoded, returned or dropped ({-1, 0} before any).
    std::pair<int64_t, double> lastDecoded() const;

    /// After seek(t), next() returns the first frame whose time is >= t.
    void seek(double seconds);
    /// After seekToFrame(n), next() returns frame n. Builds the stream's timestamp index on first
    /// use (one demuxing pass, no decoding), so indices stay exact with variable frame rates.
    void seekToFrame(int64_t index);

    /// The number of frames, counted from the timestamp index (built on first use).
    int64_t exactFrameCount();

    /// Empty, or why decoding stopped before the stream's stated end (a truncated or damaged file).
    const std::string& warning() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// The frame shown at `seconds`, scaled to width x height (0 for either keeps the aspect ratio).
Frame thumbnail(const std::string& path, double seconds, int width, int height,
                PixelFormat format = PixelFormat::Rgb24);

} // namespace mega::media
