#include "core/features/timing.h"

#include "core/features/extractors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace mega::features {

namespace {

constexpr double kOnCut = 0.06; // a cue edge this near a cut was timed to it

/// The times of the film's cuts (each shot's end but the last), in order.
std::vector<double> cutTimes(const std::vector<shots::Shot>& shots) {
    std::vector<double> cuts;
    for (size_t i = 0; i + 1 < shots.size(); ++i) cuts.push_back(shots[i].end_s);
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

/// The first cut within kOnCut of t, or nullptr.
const double* cutNear(const std::vector<double>& cuts, double t) {
    const auto it = std::lower_bound(cuts.begin(), cuts.end(), t - kOnCut);
    return it != cuts.end() && *it <= t + kOnCut ? &*it : nullptr;
}

double logLength(const shots::Shot& s) { return std::log(std::max(0.01, s.end_s - s.start_s)); }

} // namespace

PerShot timing(const std::vector<shots::Shot>& shots) {
    const auto n = static_cast<int64_t>(shots.size());
    PerShot out;
    out.name = "timing";
    out.dim = kTimingDim;
    out.data.assign(static_cast<size_t>(n * kTimingDim), 0.f);
    out.mask.assign(static_cast<size_t>(n), 1);
    if (n == 0) return out;
    std::vector<double> ll(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) ll[size_t(i)] = logLength(shots[size_t(i)]);
    const double mean = std::accumulate(ll.begin(), ll.end(), 0.0) / double(n);
    double var = 0;
    for (double v : ll) var += (v - mean) * (v - mean);
    const double sd = std::sqrt(var / double(n));
    const double end = std::max(shots.back().end_s, 1e-9);
    // Prefix sums: the mean of the k shots on each side (those the film has) in O(1).
    std::vector<double> prefix(size_t(n) + 1, 0.0);
    for (int64_t i = 0; i < n; ++i) prefix[size_t(i) + 1] = prefix[size_t(i)] + ll[size_t(i)];
    auto neighbours = [&](int64_t i, int64_t k) {
        const int64_t a = std::max<int64_t>(0, i - k), b = std::min(n, i + k + 1);
        const int64_t count = b - a - 1;
        return count > 0 ? (prefix[size_t(b)] - prefix[size_t(a)] - ll[size_t(i)]) / double(count) : ll[size_t(i)];
    };
    for (int64_t i = 0; i < n; ++i) {
        float* row = out.data.data() + i * kTimingDim;
        const double v = ll[size_t(i)];
        row[0] = float(v);
        row[1] = float(std::clamp(shots[size_t(i)].start_s / end, 0.0, 1.0));
        row[2] = float(v - neighbours(i, 2));
        row[3] = float(v - neighbours(i, 4));
        row[4] = float(v - neighbours(i, 8));
        row[5] = float(sd > 0 ? (v - mean) / sd : 0.0);
        int shorter = 0, count = 0;
        for (int64_t j = std::max<int64_t>(0, i - 4); j <= std::min(n - 1, i + 4); ++j)
            if (j != i) shorter += ll[size_t(j)] < v, ++count;
        row[6] = count ? float(shorter) / float(count) : 0.5f;
    }
    // The cut after each shot, seen from its side: the next shot's length, how it stands out and its
    // standardised length (a long shot after a cut often opens a scene). The model reads each cut at
    // the shot before it, so what decides a cut sits in that shot's row.
    for (int64_t i = 0; i + 1 < n; ++i) {
        float* row = out.data.data() + i * kTimingDim;
        const float* next = out.data.data() + (i + 1) * kTimingDim;
        row[7] = next[0];
        row[8] = next[3];
        row[9] = next[5];
    }
    return out;
}

CueFit fitCuesToCuts(const std::vector<media::SubtitleCue>& cues, const std::vector<shots::Shot>& shots) {
    CueFit fit;
    std::vector<double> edges;
    for (const auto& c : cues)
        if (c.end_s > c.start_s) edges.push_back(c.start_s), edges.push_back(c.end_s);
    const std::vector<double> cuts = cutTimes(shots);
    fit.edges = int(edges.size());
    if (edges.empty() || cuts.empty()) return fit;
    // The frame-rate ratios of the releases a film comes in: the same rate, 24 against 23.976 fps
    // (NTSC's 1000/1001) either way, and 25 (PAL) against 24 or 23.976.
    constexpr double kScales[] = {1.0, 1000.0 / 1001.0, 1001.0 / 1000.0, 24.0 / 25.0, 25.0 / 24.0, 24000.0 / 25025.0, 25025.0 / 24000.0};
    constexpr double kWindow = 60.0, kBin = 0.04; // offsets within 60 s; 3 bins = 60 ms each side
    constexpr int kBins = int(2 * kWindow / kBin);
    std::vector<int> hist(kBins), near(kBins);
    int best = -1;
    for (const double scale : kScales) {
        std::fill(hist.begin(), hist.end(), 0);
        for (const double e : edges) {
            const double t = e * scale;
            for (auto it = std::lower_bound(cuts.begin(), cuts.end(), t - kWindow); it != cuts.end() && *it < t + kWindow; ++it)
                ++hist[size_t(std::clamp(int(std::floor((*it - t + kWindow) / kBin)), 0, kBins - 1))];
        }
        for (int k = 0; k < kBins; ++k) near[size_t(k)] = hist[size_t(k)] + (k ? hist[size_t(k - 1)] : 0) + (k + 1 < kBins ? hist[size_t(k + 1)] : 0);
        const auto top = std::max_element(near.begin(), near.end());
        if (*top <= best) continue;
        best = *top;
        fit.scale = scale;
        fit.offset_s = (double(top - near.begin()) + 0.5) * kBin - kWindow;
        fit.on_cut = *top;
        std::vector<int> sorted = near;
        std::nth_element(sorted.begin(), sorted.begin() + kBins / 2, sorted.end());
        fit.chance = sorted[size_t(kBins / 2)];
    }
    // The offset refined to the mean of the matched edges' own offsets (the bins are 40 ms wide).
    double sum = 0;
    int count = 0;
    for (const double e : edges) {
        const double t = e * fit.scale + fit.offset_s;
        if (const double* cut = cutNear(cuts, t)) sum += *cut - t, ++count;
    }
    if (count) fit.offset_s += sum / count;
    fit.applied = fit.on_cut >= 50 && fit.on_cut >= 3 * fit.chance && !(fit.scale == 1.0 && std::abs(fit.offset_s) < 0.02);
    if (!fit.applied) fit.scale = 1.0, fit.offset_s = 0.0;
    return fit;
}

std::vector<media::SubtitleCue> retimed(std::vector<media::SubtitleCue> cues, const CueFit& fit, const std::vector<shots::Shot>& shots) {
    if (!fit.applied) return cues;
    const std::vector<double> cuts = cutTimes(shots);
    auto place = [&](double t) { // under the fit, and onto the cut it was timed to when within 60 ms of one
        t = t * fit.scale + fit.offset_s;
        const double* cut = cutNear(cuts, t);
        return cut ? *cut : t;
    };
    for (auto& c : cues) c.start_s = place(c.start_s), c.end_s = place(c.end_s);
    return cues;
}

PerShot speech(const std::vector<media::SubtitleCue>& given, const std::vector<shots::Shot>& shots) {
    const std::vector<media::SubtitleCue> unsorted = retimed(given, fitCuesToCuts(given, shots), shots);
    const auto n = static_cast<int64_t>(shots.size());
    PerShot out;
    out.name = "speech";
    out.dim = kSpeechDim;
    out.data.assign(static_cast<size_t>(n * kSpeechDim), 0.f);
    out.mask.assign(static_cast<size_t>(n), 0);
    std::vector<media::SubtitleCue> cues;
    for (const auto& c : unsorted)
        if (c.end_s > c.start_s) cues.push_back(c);
    if (n == 0 || cues.empty()) return out; // absent: mask 0
    std::stable_sort(cues.begin(), cues.end(), [](const auto& a, const auto& b) { return a.start_s < b.start_s; });
    std::fill(out.mask.begin(), out.mask.end(), 1);
    auto at = [&](int64_t shot, int col) -> float& { return out.data[size_t(shot * kSpeechDim + col)]; };

    // Speech share and words per second: each cue's time and words spread over the shots it overlaps.
    std::vector<double> spoken(size_t(n), 0.0), words(size_t(n), 0.0);
    size_t first = 0;
    for (const auto& c : cues) {
        std::istringstream in(c.text);
        std::string w;
        int count = 0;
        while (in >> w) ++count;
        const double len = c.end_s - c.start_s;
        while (first < shots.size() && shots[first].end_s <= c.start_s) ++first;
        for (size_t s = first; s < shots.size() && shots[s].start_s < c.end_s; ++s) {
            const double overlap = std::min(c.end_s, shots[s].end_s) - std::max(c.start_s, shots[s].start_s);
            if (overlap <= 0) continue;
            spoken[s] += overlap;
            words[s] += count * overlap / len;
        }
    }
    for (int64_t i = 0; i < n; ++i) {
        const double len = std::max(0.01, shots[size_t(i)].end_s - shots[size_t(i)].start_s);
        at(i, 0) = float(std::min(1.0, spoken[size_t(i)] / len));
        at(i, 1) = float(std::log1p(words[size_t(i)] / len));
    }

    // The silence across each cut: from the last speech before it to the next speech after it.
    std::vector<double> endsBy(cues.size()); // the latest end among cues [0, k]
    for (size_t k = 0; k < cues.size(); ++k) endsBy[k] = std::max(k ? endsBy[k - 1] : -1e300, cues[k].end_s);
    constexpr double kFar = 60.0;
    for (int64_t i = 0; i + 1 < n; ++i) {
        const double t = shots[size_t(i)].end_s;
        const auto next = std::lower_bound(cues.begin(), cues.end(), t, [](const auto& c, double v) { return c.start_s < v; });
        const size_t k = size_t(next - cues.begin()); // cues [0, k) start before the cut
        const double lastEnd = k ? endsBy[k - 1] : -1e300;
        if (lastEnd > t) {
            at(i, 3) = 1.f; // a cue runs across the cut
            continue;
        }
        const double before = std::min(kFar, t - lastEnd);
        const double after = std::min(kFar, next == cues.end() ? kFar : next->start_s - t);
        at(i, 2) = float(std::log1p(before + after));
    }

    // How much the words change across the cut: the contrast rule over the text encoder's per-shot vectors.
    std::vector<std::string> lines;
    std::vector<std::pair<double, double>> times;
    for (const auto& c : cues) lines.push_back(c.text), times.emplace_back(c.start_s, c.end_s);
    const PerShot text = aggregate(TextEncoder().encode("subtitles", lines, times), shots);
    const PerShot change = contrast({text}, shots);
    for (int64_t i = 0; i < n; ++i)
        for (int k = 0; k < 4; ++k) at(i, 4 + k) = change.data[size_t(i * change.dim + k)];
    return out;
}

} // namespace mega::features
