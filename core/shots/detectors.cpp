#include "core/shots/detectors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace mega::shots {

namespace {

constexpr int kShift = 12;

// OpenCV's fixed-point tables for 8-bit RGB -> HSV (H in 0..179), so scores match its conversion.
struct HsvTables {
    std::array<int, 256> sdiv{};
    std::array<int, 256> hdiv{};
    HsvTables() {
        for (int i = 1; i < 256; ++i) {
            sdiv[i] = static_cast<int>(std::lround((255.0 * (1 << kShift)) / i));
            hdiv[i] = static_cast<int>(std::lround((180.0 * (1 << kShift)) / (6.0 * i)));
        }
    }
};
const HsvTables kTables;

double meanAbsDiff(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    if (a.empty() || a.size() != b.size()) return 0.0;
    int64_t sum = 0;
    for (size_t i = 0; i < a.size(); ++i)
        sum += std::abs(static_cast<int>(a[i]) - static_cast<int>(b[i]));
    return static_cast<double>(sum) / static_cast<double>(a.size());
}

} // namespace

AnalysisFrame AnalysisFrame::fromRgb(int64_t index, int width, int height, const uint8_t* rgb) {
    AnalysisFrame f;
    f.index = index;
    f.width = width;
    f.height = height;
    const size_t n = static_cast<size_t>(width) * static_cast<size_t>(height);
    f.hue.resize(n);
    f.sat.resize(n);
    f.val.resize(n);
    int64_t intensity = 0;
    constexpr int round = 1 << (kShift - 1);
    for (size_t i = 0; i < n; ++i) {
        const int r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
        intensity += r + g + b;
        const int v = std::max({r, g, b});
        const int diff = v - std::min({r, g, b});
        const int s = (diff * kTables.sdiv[v] + round) >> kShift;
        int h = 0;
        if (diff) {
            if (v == r)
                h = g - b;
            else if (v == g)
                h = b - r + 2 * diff;
            else
                h = r - g + 4 * diff;
            h = (h * kTables.hdiv[diff] + round) >> kShift;
            if (h < 0) h += 180;
        }
        f.hue[i] = static_cast<uint8_t>(h);
        f.sat[i] = static_cast<uint8_t>(s);
        f.val[i] = static_cast<uint8_t>(v);
    }
    f.mean_intensity = n ? static_cast<double>(intensity) / (3.0 * static_cast<double>(n)) : 0.0;
    return f;
}

double contentScore(const AnalysisFrame& a, const AnalysisFrame& b, const ContentWeights& w) {
    const double total = std::abs(w.hue) + std::abs(w.sat) + std::abs(w.val);
    if (total <= 0) return 0.0;
    double s = 0.0;
    if (w.hue != 0) s += w.hue * meanAbsDiff(a.hue, b.hue);
    if (w.sat != 0) s += w.sat * meanAbsDiff(a.sat, b.sat);
    if (w.val != 0) s += w.val * meanAbsDiff(a.val, b.val);
    return s / total;
}

// ---- CutGate ----

CutGate::CutGate(int minShotLength, int flashLength, double flashThreshold, ContentWeights weights, int lag)
    : m_minShotLength(std::max(0, minShotLength)), m_flashLength(std::max(0, flashLength)),
      m_flashThreshold(flashThreshold), m_weights(weights),
      m_keep(static_cast<size_t>(2 * m_flashLength + std::max(0, lag) + 4)) {}

const AnalysisFrame* CutGate::frame(int64_t index) const {
    if (m_frames.empty()) return nullptr;
    const int64_t first = m_frames.front()->index;
    if (index < first || index > m_newest) return nullptr;
    return m_frames[static_cast<size_t>(index - first)].get();
}

bool CutGate::isFlash(int64_t c) const {
    // A flash of up to L frames starting at p+1 leaves frames p and q (2 <= q - p <= L + 1) alike,
    // with the proposed cut c in between: both the cut into and the cut out of the flash are
    // dropped. "Alike" is judged against the jump at c itself, so a soft cut (adaptive detector)
    // is not mistaken for a flash just because its frames differ little.
    const AnalysisFrame* last = frame(c - 1);
    const AnalysisFrame* first = frame(c);
    if (!last || !first) return false;
    const double limit = std::min(m_flashThreshold, 0.5 * contentScore(*last, *first, m_weights));
    const int64_t L = m_flashLength;
    for (int64_t p = c - 1; p >= c - 1 - L; --p) {
        const AnalysisFrame* before = frame(p);
        if (!before) break;
        for (int64_t q = std::max(c, p + 2); q <= p + L + 1; ++q) {
            const AnalysisFrame* after = frame(q);
            if (!after) break;
            if (contentScore(*before, *after, m_weights) < limit) return true;
        }
    }
    return false;
}

void CutGate::decideReady(bool all) {
    while (!m_pending.empty() && (all || m_pending.front() + m_flashLength <= m_newest)) {
        const int64_t c = m_pending.front();
        m_pending.pop_front();
        if (m_flashLength > 0 && isFlash(c)) {
            ++m_flashes;
            continue;
        }
        if (c - m_lastCut >= m_minShotLength && (m_cuts.empty() || c > m_cuts.back())) {
            m_cuts.push_back(c);
            m_lastCut = c;
        }
    }
}

void CutGate::addFrame(std::shared_ptr<const AnalysisFrame> f) {
    if (m_lastCut < 0) m_lastCut = f->index;
    m_newest = f->index;
    m_frames.push_back(std::move(f));
    while (m_frames.size() > m_keep)
        m_frames.pop_front();
    decideReady(false);
}

void CutGate::propose(int64_t index) {
    m_pending.push_back(index);
    decideReady(false);
}

void CutGate::finish() {
    decideReady(true);
}

// ---- ContentDetector ----

ContentDetector::ContentDetector(const ContentParams& p)
    : m_p(p), m_gate(p.min_shot_len, p.flash_len, p.threshold, p.weights) {}

void ContentDetector::push(std::shared_ptr<const AnalysisFrame> f) {
    const bool cut = m_prev && contentScore(*m_prev, *f, m_p.weights) >= m_p.threshold;
    const int64_t index = f->index;
    m_prev = f;
    m_gate.addFrame(std::move(f));
    if (cut) m_gate.propose(index);
}

// ---- AdaptiveDetector ----

AdaptiveDetector::AdaptiveDetector(const AdaptiveParams& p)
    : m_p(p), m_gate(p.min_shot_len, p.flash_len, p.flash_threshold, p.weights, p.window_width) {}

void AdaptiveDetector::push(std::shared_ptr<const AnalysisFrame> f) {
    const double score = m_prev ? contentScore(*m_prev, *f, m_p.weights) : 0.0;
    m_window.emplace_back(f->index, score);
    m_prev = f;
    m_gate.addFrame(std::move(f));
    const size_t w = static_cast<size_t>(std::max(1, m_p.window_width));
    if (m_window.size() < 2 * w + 1) return;
    while (m_window.size() > 2 * w + 1)
        m_window.pop_front();

    const auto [targetIndex, target] = m_window[w];
    double sum = 0.0;
    for (size_t i = 0; i < m_window.size(); ++i)
        if (i != w) sum += m_window[i].second;
    const double average = sum / (2.0 * static_cast<double>(w));
    double ratio = 0.0;
    if (std::abs(average) >= 1e-5)
        ratio = std::min(target / average, 255.0);
    else if (target >= m_p.min_content_val)
        ratio = 255.0;
    if (ratio >= m_p.adaptive_threshold && target >= m_p.min_content_val) m_gate.propose(targetIndex);
}

// ---- ThresholdDetector ----

void ThresholdDetector::push(std::shared_ptr<const AnalysisFrame> f) {
    const bool dark = f->mean_intensity < m_p.threshold;
    if (!m_started) {
        m_started = true;
        m_dark = dark;
        m_fadeFrame = f->index;
        m_lastCut = f->index;
        return;
    }
    if (!m_dark && dark) { // faded out: wait for the fade in
        m_dark = true;
        m_fadeFrame = f->index;
    } else if (m_dark && !dark) { // faded in: cut between the two
        if (f->index - m_lastCut >= m_p.min_shot_len) {
            const int64_t out = m_fadeFrame;
            const auto biased = static_cast<int64_t>(m_p.fade_bias * static_cast<double>(f->index - out));
            const int64_t cut = std::clamp<int64_t>((f->index + out + biased) / 2, out, f->index);
            if (cut > 0 && (m_cuts.empty() || cut > m_cuts.back())) m_cuts.push_back(cut);
            m_lastCut = f->index;
        }
        m_dark = false;
        m_fadeFrame = f->index;
    }
}

} // namespace mega::shots
