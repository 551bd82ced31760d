#include "core/features/timing.h"

#include "core/features/extractors.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <numeric>
#include <sstream>
#include <unordered_map>

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

/// The capitalised words of a cue past its first word (names, mostly: "Come on, Jack"), markup such as
/// <i> left out; "I" and words in capitals (shouting, acronyms) are not names.
std::vector<std::string> namesIn(const std::string& text) {
    std::vector<std::string> out, tokens;
    std::string w;
    bool tag = false;
    auto flush = [&] {
        if (!w.empty()) tokens.push_back(std::move(w)), w.clear();
    };
    for (const char c : text) {
        if (c == '<') tag = true, flush();
        else if (c == '>') tag = false;
        else if (!tag && (std::isalpha(static_cast<unsigned char>(c)) || c == '\'')) w += c;
        else flush();
    }
    flush();
    for (size_t i = 1; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        const bool capital = std::isupper(static_cast<unsigned char>(t[0]));
        const bool shouted = std::all_of(t.begin(), t.end(), [](char c) { return !std::islower(static_cast<unsigned char>(c)); });
        if (capital && t.size() > 1 && !shouted) out.push_back(t);
    }
    return out;
}

/// Speech columns 8-14: how the words carry across each cut at the scale of scenes (TextTiling). For
/// windows of 15, 30, 60 and 120 s on either side of the cut, the cosine of the words (TF-IDF over the
/// film's cues; a word in most cues weighs nothing) of the cues whose middle lies in each (-0.2 where a
/// side has none); the overlap (Jaccard) of the names within 60 s on either side (-0.2 where neither
/// has one); and the number of cues within 60 s before and after (log1p).
void wordsAcrossCuts(const std::vector<media::SubtitleCue>& cues, const std::vector<shots::Shot>& shots,
                     const std::function<float&(int64_t, int)>& at) {
    constexpr double kWindows[] = {15.0, 30.0, 60.0, 120.0};
    constexpr float kEmpty = -0.2f;
    std::vector<size_t> order(cues.size());
    std::iota(order.begin(), order.end(), size_t(0));
    auto mid = [&](size_t k) { return 0.5 * (cues[k].start_s + cues[k].end_s); };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mid(a) < mid(b); });
    std::vector<double> mids;
    std::unordered_map<std::string, int> vocabulary, nameIds;
    std::vector<std::vector<int>> terms, names; // per cue in `order`: word ids (repeated), name ids
    std::vector<int> df;
    for (const size_t k : order) {
        mids.push_back(mid(k));
        std::vector<int> ids;
        for (const auto& w : words(cues[k].text)) {
            const auto [it, added] = vocabulary.emplace(w, int(vocabulary.size()));
            if (added) df.push_back(0);
            ids.push_back(it->second);
        }
        std::vector<int> seen = ids;
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        for (const int id : seen) ++df[size_t(id)];
        terms.push_back(std::move(ids));
        std::vector<int> nm;
        for (const auto& name : namesIn(cues[k].text)) nm.push_back(nameIds.emplace(name, int(nameIds.size())).first->second);
        names.push_back(std::move(nm));
    }
    const double n = double(order.size());
    std::vector<double> idf(df.size());
    for (size_t i = 0; i < df.size(); ++i) idf[i] = std::max(0.0, std::log(n / (1.0 + df[i])));
    std::vector<double> a(df.size(), 0.0), b(df.size(), 0.0);
    std::vector<int> touchedA, touchedB;
    auto fill = [&](size_t from, size_t to, std::vector<double>& v, std::vector<int>& touched) {
        for (size_t k = from; k < to; ++k)
            for (const int id : terms[k])
                if (idf[size_t(id)] > 0) {
                    if (v[size_t(id)] == 0.0) touched.push_back(id);
                    v[size_t(id)] += 1.0;
                }
        double norm = 0;
        for (const int id : touched) {
            double& x = v[size_t(id)];
            x = (1.0 + std::log(x)) * idf[size_t(id)];
            norm += x * x;
        }
        return norm;
    };
    auto clear = [](std::vector<double>& v, std::vector<int>& touched) {
        for (const int id : touched) v[size_t(id)] = 0.0;
        touched.clear();
    };
    auto index = [&](double t) { return size_t(std::lower_bound(mids.begin(), mids.end(), t) - mids.begin()); };
    std::vector<char> inA(nameIds.size(), 0), inB(nameIds.size(), 0);
    for (size_t i = 0; i + 1 < shots.size(); ++i) {
        const double t = shots[i].end_s;
        const size_t here = index(t);
        for (int w = 0; w < 4; ++w) {
            const size_t from = index(t - kWindows[w]), to = index(t + kWindows[w]);
            float& cell = at(int64_t(i), 8 + w);
            if (from == here || to == here) {
                cell = kEmpty;
                continue;
            }
            const double na = fill(from, here, a, touchedA), nb = fill(here, to, b, touchedB);
            double dot = 0;
            for (const int id : touchedA) dot += a[size_t(id)] * b[size_t(id)];
            cell = na > 0 && nb > 0 ? float(dot / std::sqrt(na * nb)) : 0.f;
            clear(a, touchedA), clear(b, touchedB);
        }
        const size_t from = index(t - 60.0), to = index(t + 60.0);
        int both = 0, either = 0;
        for (size_t k = from; k < here; ++k)
            for (const int id : names[k]) inA[size_t(id)] = 1;
        for (size_t k = here; k < to; ++k)
            for (const int id : names[k]) inB[size_t(id)] = 1;
        for (size_t k = from; k < to; ++k)
            for (const int id : names[k]) {
                char &before = inA[size_t(id)], &after = inB[size_t(id)];
                if (!before && !after) continue; // counted already
                ++either;
                if (before && after) ++both;
                before = after = 0;
            }
        at(int64_t(i), 12) = either ? float(both) / float(either) : kEmpty;
        at(int64_t(i), 13) = float(std::log1p(double(here - from)));
        at(int64_t(i), 14) = float(std::log1p(double(to - here)));
    }
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
    wordsAcrossCuts(cues, shots, at);
    return out;
}

} // namespace mega::features
