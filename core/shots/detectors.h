#pragma once
// Streaming shot-boundary detectors. Each sees one small analysis frame at a time, in order, and
// proposes cuts; a CutGate then drops camera flashes and cuts closer than the minimum shot length.
// The scores follow PySceneDetect's (content, adaptive, threshold) so its results are comparable.

#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

namespace mega::shots {

/// A frame as the detectors see it: OpenCV-style 8-bit HSV planes (H in 0..179) of a small image.
struct AnalysisFrame {
    int64_t index = 0;
    int width = 0;
    int height = 0;
    std::vector<uint8_t> hue, sat, val;
    double mean_intensity = 0.0; ///< mean of R, G and B over all pixels (0..255), for fades

    /// From packed RGB24 rows.
    static AnalysisFrame fromRgb(int64_t index, int width, int height, const uint8_t* rgb);
};

/// Weights of the hue, saturation and value differences in the content score.
struct ContentWeights {
    double hue = 1.0, sat = 1.0, val = 1.0;
};

/// Mean absolute per-pixel difference of the weighted HSV planes (PySceneDetect's content_val).
double contentScore(const AnalysisFrame& a, const AnalysisFrame& b, const ContentWeights& w);

/// Confirms proposed cuts: rejects a proposal where a frame shortly before it and a frame shortly
/// after it look alike (a camera flash, a one-frame glitch: the shot resumes), then enforces the
/// minimum shot length against the last accepted cut.
class CutGate {
  public:
    /// flashLength: longest flash in frames (0 disables the filter); flashThreshold: content score
    /// below which two frames count as the same shot; lag: how many frames behind the newest frame
    /// a detector may propose a cut.
    CutGate(int minShotLength, int flashLength, double flashThreshold, ContentWeights weights, int lag = 0);

    void addFrame(std::shared_ptr<const AnalysisFrame> frame);
    void propose(int64_t index);
    void finish();
    const std::vector<int64_t>& cuts() const { return m_cuts; }
    int64_t flashesRejected() const { return m_flashes; }

  private:
    bool isFlash(int64_t c) const;
    const AnalysisFrame* frame(int64_t index) const;
    void decideReady(bool all);

    int m_minShotLength, m_flashLength;
    double m_flashThreshold;
    ContentWeights m_weights;
    size_t m_keep;
    std::deque<std::shared_ptr<const AnalysisFrame>> m_frames;
    std::deque<int64_t> m_pending;
    std::vector<int64_t> m_cuts;
    int64_t m_lastCut = -1; // the first frame starts the first shot
    int64_t m_newest = -1;
    int64_t m_flashes = 0;
};

class Detector {
  public:
    virtual ~Detector() = default;
    virtual void push(std::shared_ptr<const AnalysisFrame> frame) = 0;
    virtual void finish() = 0;
    virtual const std::vector<int64_t>& cuts() const = 0;
    /// Proposals dropped as camera flashes.
    virtual int64_t flashesRejected() const { return 0; }
};

struct ContentParams {
    double threshold = 27.0;
    int min_shot_len = 15;
    int flash_len = 3;
    ContentWeights weights;
};

/// A cut where consecutive frames differ by at least `threshold` (hard cuts).
class ContentDetector : public Detector {
  public:
    explicit ContentDetector(const ContentParams& p);
    void push(std::shared_ptr<const AnalysisFrame> frame) override;
    void finish() override { m_gate.finish(); }
    const std::vector<int64_t>& cuts() const override { return m_gate.cuts(); }
    int64_t flashesRejected() const override { return m_gate.flashesRejected(); }

  private:
    ContentParams m_p;
    CutGate m_gate;
    std::shared_ptr<const AnalysisFrame> m_prev;
};

struct AdaptiveParams {
    double adaptive_threshold = 3.0; ///< score / mean score of the neighbouring frames
    double min_content_val = 15.0;   ///< and at least this content score
    int window_width = 2;            ///< neighbours on each side
    int min_shot_len = 15;
    int flash_len = 3;
    double flash_threshold = 27.0;
    ContentWeights weights;
};

/// A cut where a frame's content score stands out from its neighbours' (robust to fast motion,
/// whose scores are high all along).
class AdaptiveDetector : public Detector {
  public:
    explicit AdaptiveDetector(const AdaptiveParams& p);
    void push(std::shared_ptr<const AnalysisFrame> frame) override;
    void finish() override { m_gate.finish(); }
    const std::vector<int64_t>& cuts() const override { return m_gate.cuts(); }
    int64_t flashesRejected() const override { return m_gate.flashesRejected(); }

  private:
    AdaptiveParams m_p;
    CutGate m_gate;
    std::shared_ptr<const AnalysisFrame> m_prev;
    std::deque<std::pair<int64_t, double>> m_window;
};

struct ThresholdParams {
    double threshold = 12.0; ///< mean intensity below which a frame is "black"
    int min_shot_len = 15;
    double fade_bias = 0.0; ///< -1: cut at the fade-out, 0: midway, +1: at the fade-in
};

/// Cuts at fades to and from black: the cut goes between the fade-out and the next fade-in.
class ThresholdDetector : public Detector {
  public:
    explicit ThresholdDetector(const ThresholdParams& p) : m_p(p) {}
    void push(std::shared_ptr<const AnalysisFrame> frame) override;
    void finish() override {}
    const std::vector<int64_t>& cuts() const override { return m_cuts; }

  private:
    ThresholdParams m_p;
    std::vector<int64_t> m_cuts;
    bool m_started = false;
    bool m_dark = false;
    int64_t m_fadeFrame = 0;
    int64_t m_lastCut = 0;
};

} // namespace mega::shots
