#pragma once

#include "core/common/error.h"
#include "core/shots/shot.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace mega::shots {

enum class DetectorKind { Content, Adaptive, Threshold };

const char* toString(DetectorKind k);
/// "content", "adaptive" or "threshold"; throws mega::Error otherwise.
DetectorKind detectorKindFromString(const std::string& s);

/// Every parameter of a detection run. Defaults are PySceneDetect's (0.6/0.7) so results compare.
struct DetectorParams {
    DetectorKind kind = DetectorKind::Content;
    /// The detector's main threshold: content score (content, default 27), score ratio to the
    /// neighbours (adaptive, default 3), mean intensity of a black frame (threshold, default 12).
    /// Negative = the detector's default.
    double threshold = -1.0;
    int min_shot_len = 15; ///< frames; no shot is shorter (except a last one cut by the end)
    int flash_len = 3;     ///< frames; a change that reverts within this is a flash, not a cut (0: off)
    double flash_threshold = 27.0; ///< content score under which frames either side of a flash match
    double min_content_val = 15.0; ///< adaptive: minimum content score of a cut
    int window_width = 2;          ///< adaptive: neighbours on each side
    double fade_bias = 0.0;        ///< threshold: -1 cut at fade-out, 0 midway, +1 at fade-in
    double weight_hue = 1.0, weight_sat = 1.0, weight_val = 1.0; ///< content-score weights
    int analysis_width = 0; ///< width of the analysed frames; 0 = PySceneDetect's (width / (width / 256))
    int threads = 0;        ///< decoder threads; 0 = all cores

    double effectiveThreshold() const;
    /// The parameters that apply to `kind`, as name/value pairs (for reports).
    std::vector<std::pair<std::string, double>> describe() const;
};

struct ShotList {
    std::string path;
    double fps = 0.0;          ///< the stream's average frame rate
    int64_t frame_count = 0;   ///< frames decoded
    std::vector<int64_t> cuts; ///< the first frame of every shot but the first
    std::vector<Shot> shots;
    DetectorParams params;
    int analysis_width = 0, analysis_height = 0;
    int64_t flashes_rejected = 0;
    std::vector<std::string> warnings; ///< e.g. where decoding of a truncated file stopped
};

/// What the detectors measured on one frame (for `mega shots --stats`, and for tuning thresholds).
struct FrameStats {
    int64_t index = 0;
    double time_s = 0.0;
    double content_score = 0.0;  ///< weighted HSV difference to the previous frame (0 for the first)
    double mean_intensity = 0.0; ///< 0..255, what the threshold detector compares
};
using FrameStatsFn = std::function<void(const FrameStats&)>;

/// Shots from cuts, with times from the frames' presentation times (`times[i]` = frame i).
std::vector<Shot> shotsFromCuts(const std::vector<int64_t>& cuts, const std::vector<double>& times,
                                double fps);

/// Decodes the film once, streaming, and detects its shots. Throws mega::Error if the file cannot
/// be read at all, mega::Cancelled if `stop` is requested. A file that stops decoding part-way
/// gives the shots of what was decoded and a warning.
ShotList detectShots(const std::string& path, const DetectorParams& params = {},
                     const ProgressFn& progress = {}, std::stop_token stop = {},
                     const FrameStatsFn& stats = {});

} // namespace mega::shots
