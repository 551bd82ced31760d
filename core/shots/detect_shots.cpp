#include "core/common/low_priority.h"
#include "core/media/frame_reader.h"
#include "core/shots/detectors.h"
#include "core/shots/shot_list.h"

#include <algorithm>
#include <cmath>

namespace mega::shots {

const char* toString(DetectorKind k) {
    switch (k) {
    case DetectorKind::Content:
        return "content";
    case DetectorKind::Adaptive:
        return "adaptive";
    case DetectorKind::Threshold:
        return "threshold";
    }
    return "content";
}

DetectorKind detectorKindFromString(const std::string& s) {
    if (s == "content") return DetectorKind::Content;
    if (s == "adaptive") return DetectorKind::Adaptive;
    if (s == "threshold") return DetectorKind::Threshold;
    throw Error("unknown detector '" + s + "' (expected content, adaptive or threshold)");
}

double DetectorParams::effectiveThreshold() const {
    if (threshold >= 0) return threshold;
    switch (kind) {
    case DetectorKind::Content:
        return 27.0;
    case DetectorKind::Adaptive:
        return 3.0;
    case DetectorKind::Threshold:
        return 12.0;
    }
    return 27.0;
}

std::vector<std::pair<std::string, double>> DetectorParams::describe() const {
    std::vector<std::pair<std::string, double>> d{{"threshold", effectiveThreshold()},
                                                  {"min_shot_len", min_shot_len}};
    if (kind == DetectorKind::Threshold) {
        d.emplace_back("fade_bias", fade_bias);
        return d;
    }
    d.emplace_back("flash_len", flash_len);
    d.emplace_back("flash_threshold", kind == DetectorKind::Content ? effectiveThreshold() : flash_threshold);
    if (kind == DetectorKind::Adaptive) {
        d.emplace_back("min_content_val", min_content_val);
        d.emplace_back("window_width", window_width);
    }
    d.emplace_back("weight_hue", weight_hue);
    d.emplace_back("weight_sat", weight_sat);
    d.emplace_back("weight_val", weight_val);
    return d;
}

std::vector<Shot> shotsFromCuts(const std::vector<int64_t>& cuts, const std::vector<double>& times,
                                double fps) {
    std::vector<Shot> shots;
    const auto n = static_cast<int64_t>(times.size());
    if (n == 0) return shots;
    const double frameDuration = fps > 0 ? 1.0 / fps : (n > 1 ? times[n - 1] - times[n - 2] : 0.0);
    auto timeAt = [&](int64_t i) {
        return i < n ? times[static_cast<size_t>(i)] : times.back() + frameDuration;
    };
    int64_t start = 0;
    auto add = [&](int64_t next) {
        shots.push_back({start, next - 1, timeAt(start), timeAt(next)});
        start = next;
    };
    for (int64_t c : cuts)
        if (c > start && c < n) add(c);
    add(n);
    return shots;
}

namespace {

std::unique_ptr<Detector> makeDetector(const DetectorParams& p) {
    const ContentWeights w{p.weight_hue, p.weight_sat, p.weight_val};
    switch (p.kind) {
    case DetectorKind::Content:
        return std::make_unique<ContentDetector>(
            ContentParams{p.effectiveThreshold(), p.min_shot_len, p.flash_len, w});
    case DetectorKind::Adaptive:
        return std::make_unique<AdaptiveDetector>(AdaptiveParams{p.effectiveThreshold(), p.min_content_val,
                                                                 p.window_width, p.min_shot_len, p.flash_len,
                                                                 p.flash_threshold, w});
    case DetectorKind::Threshold:
        return std::make_unique<ThresholdDetector>(
            ThresholdParams{p.effectiveThreshold(), p.min_shot_len, p.fade_bias});
    }
    return nullptr;
}

void validate(const DetectorParams& p) {
    if (p.min_shot_len < 0) throw Error("--min-shot-len must be 0 or more frames");
    if (p.flash_len < 0) throw Error("the flash length must be 0 or more frames");
    if (p.window_width < 1) throw Error("the adaptive window width must be at least 1");
    if (p.kind == DetectorKind::Content && p.threshold > 255)
        throw Error("the content threshold must be in 0..255");
    if (p.kind == DetectorKind::Threshold && p.threshold > 255)
        throw Error("the fade threshold must be in 0..255");
    if (p.weight_hue < 0 || p.weight_sat < 0 || p.weight_val < 0 ||
        p.weight_hue + p.weight_sat + p.weight_val <= 0)
        throw Error("the content weights must be non-negative and not all zero");
}

} // namespace

ShotList detectShots(const std::string& path, const DetectorParams& params, const ProgressFn& progress,
                     std::stop_token stop, const FrameStatsFn& stats) {
    validate(params);
    // Like PySceneDetect, analyse frames shrunk by an integer factor to about 256 pixels wide: the
    // scores keep their meaning and a 4K film costs little more than a small one.
    media::FrameReaderOptions readerOptions;
    readerOptions.threads = params.threads;
    readerOptions.read_ahead = 8; // 8 decoded frames (references, no copies): ~25 MB at 1080p
    media::FrameReader reader(path, readerOptions);
    const int srcW = reader.video().display_width, srcH = reader.video().display_height; // as seen
    const double shrink = params.analysis_width > 0
                              ? static_cast<double>(srcW) / std::min(params.analysis_width, srcW)
                              : static_cast<double>(std::max(1, srcW / 256));
    const int analysisW = std::max(1, static_cast<int>(std::lround(srcW / shrink)));
    const int analysisH = std::max(1, static_cast<int>(std::lround(srcH / shrink)));

    ShotList result;
    result.path = path;
    result.params = params;
    result.analysis_width = analysisW;
    result.analysis_height = analysisH;
    const auto& v = reader.video();
    result.fps = v.avg_frame_rate.value() > 0 ? v.avg_frame_rate.value() : v.real_frame_rate.value();

    std::unique_ptr<Detector> detector = makeDetector(params);
    std::vector<double> times; // one double per frame: 1.4 MB for a two-hour film
    times.reserve(static_cast<size_t>(std::max<int64_t>(0, v.frame_count) + 16));
    media::Frame frame;
    reader.setOutputSize(analysisW, analysisH);
    std::shared_ptr<const AnalysisFrame> previous; // only kept for `stats`
    const ContentWeights weights{params.weight_hue, params.weight_sat, params.weight_val};
    const int64_t total = v.frame_count;
    auto analyse = [&] {
        std::shared_ptr<const AnalysisFrame> last; // the previous frame, to stand in for lost ones
        while (reader.next(frame)) {
            if (stop.stop_requested()) throw Cancelled();
            // Pictures lost to damage (the reader's numbers jump past them) are taken to show the
            // last good one, as a player shows it: frame numbers stay those of the film.
            while (last && static_cast<int64_t>(times.size()) < frame.index) {
                auto held = std::make_shared<AnalysisFrame>(*last);
                held->index = static_cast<int64_t>(times.size());
                times.push_back(times.back() + (result.fps > 0 ? 1.0 / result.fps : 0.0));
                last = held;
                detector->push(std::move(held));
            }
            times.push_back(frame.time_s);
            auto analysed = std::make_shared<const AnalysisFrame>(
                AnalysisFrame::fromRgb(static_cast<int64_t>(times.size()) - 1, frame.width, frame.height,
                                       frame.data.data()));
            last = analysed;
            if (stats) {
                stats({frame.index, frame.time_s,
                       previous ? contentScore(*previous, *analysed, weights) : 0.0,
                       analysed->mean_intensity});
                previous = analysed;
            }
            detector->push(std::move(analysed));
            if (progress && (frame.index % 16 == 0))
                progress({frame.index + 1, std::max(total, frame.index + 1), "shots"});
        }
        detector->finish();
    };
    // The decoder's threads come first: the analysis takes the CPU time they leave (see
    // runAtLowPriority), and read-ahead lets the decoder run on while the analysis catches up.
    runAtLowPriority(analyse);
    if (!reader.warning().empty()) result.warnings.push_back(reader.warning());
    if (times.empty())
        throw Error(reader.warning().empty() ? fileError(path, "no video frame could be decoded")
                                             : reader.warning());

    result.frame_count = static_cast<int64_t>(times.size());
    result.cuts = detector->cuts();
    result.flashes_rejected = detector->flashesRejected();
    result.shots = shotsFromCuts(result.cuts, times, result.fps);
    if (progress) progress({result.frame_count, result.frame_count, "shots"});
    return result;
}

} // namespace mega::shots
