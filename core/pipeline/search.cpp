#include "core/pipeline/search.h"

#include "core/features/extractors.h"

#include <algorithm>

namespace mega::pipeline {

std::vector<std::string> shotTexts(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues) {
    // Cues by start; every cue before `first` ended before the shot (the running maximum of their ends).
    std::vector<media::SubtitleCue> sorted = cues;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.start_s < b.start_s; });
    std::vector<double> endedBy(sorted.size());
    for (size_t c = 0; c < sorted.size(); ++c) endedBy[c] = std::max(sorted[c].end_s, c ? endedBy[c - 1] : sorted[c].end_s);
    std::vector<std::string> texts;
    texts.reserve(shots.size());
    size_t first = 0;
    for (const auto& s : shots) {
        while (first < sorted.size() && endedBy[first] <= s.start_s) ++first;
        std::string said;
        for (size_t c = first; c < sorted.size() && sorted[c].start_s < s.end_s; ++c)
            if (sorted[c].end_s > s.start_s) said += (said.empty() ? "" : " ") + sorted[c].text;
        texts.push_back(std::move(said));
    }
    return texts;
}

std::vector<ShotMatch> searchShots(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues,
                                   const std::string& sentence, size_t limit) {
    if (shots.empty() || cues.empty()) return {};
    std::vector<std::string> texts{sentence};
    std::vector<std::pair<double, double>> intervals{{0.0, 0.0}};
    for (auto& said : shotTexts(shots, cues)) texts.push_back(std::move(said));
    for (const auto& s : shots) intervals.emplace_back(s.start_s, s.end_s);
    const auto m = features::TextEncoder().encode("search", texts, intervals);
    std::vector<ShotMatch> out;
    for (size_t i = 1; i < m.count(); ++i) {
        const double score = features::cosine(m.row(0), m.row(i), static_cast<size_t>(m.dim));
        if (score > 1e-9) out.push_back({static_cast<int64_t>(i - 1), score, texts[i]});
    }
    std::stable_sort(out.begin(), out.end(), [](const ShotMatch& a, const ShotMatch& b) { return a.score > b.score; });
    // What shares a character trigram or a hash bin by chance scores a few hundredths: under a
    // tenth of the best match is not a match.
    if (!out.empty()) std::erase_if(out, [best = out.front().score](const ShotMatch& x) { return x.score < 0.1 * best; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

} // namespace mega::pipeline
