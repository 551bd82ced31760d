#include "core/film/structure.h"

#include "core/film/source.h"

#include <algorithm>
#include <set>
#include <iterator>

namespace mega::film {

std::vector<Scene> scenesFromBoundaries(const std::vector<Shot>& shots,
                                        const std::vector<SceneBoundary>& boundaries) {
    std::vector<Scene> out;
    if (shots.empty()) return out;
    const auto lastShot = static_cast<int64_t>(shots.size()) - 1;
    std::vector<int64_t> ends;
    for (const auto& b : boundaries)
        if (b.status != ReviewStatus::Rejected && b.shot_index >= 0 && b.shot_index < lastShot)
            ends.push_back(b.shot_index);
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    ends.push_back(lastShot);
    int64_t first = 0;
    for (int64_t last : ends) {
        out.push_back({static_cast<int64_t>(out.size()), first, last,
                       shots[static_cast<size_t>(first)].start_s, shots[static_cast<size_t>(last)].end_s});
        first = last + 1;
    }
    return out;
}

std::array<std::optional<int64_t>, 5> turningPointShots(const std::vector<TurningPoint>& tps,
                                                        const std::vector<Shot>& shots,
                                                        const std::vector<Scene>& scenes) {
    std::array<std::optional<int64_t>, 5> out;
    std::array<int, 5> rank{}; // 0: a person's (set or accepted), 1: a proposal nobody reviewed yet
    for (const auto& t : tps) {
        if (!t.annotator.empty() || t.status == ReviewStatus::Rejected || t.tp < 1 || t.tp > 5 || t.index < 0)
            continue;
        std::optional<int64_t> shot;
        if (t.unit == UnitKind::Shot && t.index < static_cast<int64_t>(shots.size())) shot = t.index;
        if (t.unit == UnitKind::Scene && t.index < static_cast<int64_t>(scenes.size()))
            shot = scenes[static_cast<size_t>(t.index)].first_shot;
        const int r = t.status == ReviewStatus::Unreviewed && !Source::parse(t.source).isPerson() ? 1 : 0;
        auto& slot = out[static_cast<size_t>(t.tp - 1)];
        auto& slotRank = rank[static_cast<size_t>(t.tp - 1)];
        if (shot && (!slot || r < slotRank || (r == slotRank && *shot < *slot))) slot = shot, slotRank = r;
    }
    return out;
}

std::vector<Act> actsFromTurningPoints(const std::array<std::optional<int64_t>, 5>& tpShots,
                                       const std::vector<Shot>& shots) {
    std::vector<Act> acts;
    if (shots.empty()) return acts;
    const auto count = static_cast<int64_t>(shots.size());
    std::vector<int64_t> starts{0}; // each act's first shot, then one past the last shot
    for (const auto& s : tpShots) {
        if (!s || *s < starts.back() || *s >= count) return {};
        starts.push_back(*s);
    }
    starts.push_back(count);
    for (size_t k = 0; k + 1 < starts.size(); ++k) {
        const int64_t first = starts[k], next = starts[k + 1]; // first < count: every TP's shot is a shot
        const double end = next < count ? shots[static_cast<size_t>(next)].start_s : shots.back().end_s;
        acts.push_back(
            {static_cast<int>(k), first, next - 1, shots[static_cast<size_t>(first)].start_s, end});
    }
    return acts;
}

std::vector<Act> actsFromTurningPoints(const std::vector<TurningPoint>& tps, const std::vector<Shot>& shots,
                                       const std::vector<Scene>& scenes) {
    return actsFromTurningPoints(turningPointShots(tps, shots, scenes), shots);
}

bool decidedSceneEnd(const SceneBoundary& b) {
    return b.status == ReviewStatus::Accepted || b.status == ReviewStatus::Edited ||
           (Source::parse(b.source).isPerson() && b.status != ReviewStatus::Rejected);
}

bool decidedTurningPoint(const TurningPoint& t) {
    return t.annotator.empty() && t.status != ReviewStatus::Rejected &&
           (Source::parse(t.source).isPerson() || t.status == ReviewStatus::Accepted);
}

std::optional<std::array<std::vector<int64_t>, 5>> decidedTurningPointSentences(const std::vector<TurningPoint>& tps) {
    std::array<std::set<int64_t>, 5> at;
    for (const auto& t : tps)
        if (t.unit == UnitKind::Sentence && t.tp >= 1 && t.tp <= 5 && t.index >= 0 && decidedTurningPoint(t)) at[size_t(t.tp - 1)].insert(t.index);
    std::array<std::vector<int64_t>, 5> out;
    for (size_t k = 0; k < 5; ++k) {
        if (at[k].empty()) return std::nullopt;
        out[k].assign(at[k].begin(), at[k].end());
    }
    return out;
}

std::optional<std::array<int64_t, 5>> decidedTurningPointShots(const std::vector<TurningPoint>& tps, const std::vector<Shot>& shots,
                                                              const std::vector<Scene>& scenes) {
    std::vector<TurningPoint> decided;
    std::copy_if(tps.begin(), tps.end(), std::back_inserter(decided), decidedTurningPoint);
    const auto at = turningPointShots(decided, shots, scenes);
    std::array<int64_t, 5> out{};
    for (size_t n = 0; n < 5; ++n) {
        if (!at[n]) return std::nullopt;
        out[n] = *at[n];
    }
    return out;
}

} // namespace mega::film
