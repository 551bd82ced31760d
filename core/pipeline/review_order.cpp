#include "core/pipeline/review_order.h"

#include "core/common/error.h"
#include "core/eval/metrics.h"
#include "core/film/source.h"

#include <algorithm>
#include <cmath>

namespace mega::pipeline {

std::string toString(ReviewOrder order) {
    switch (order) {
    case ReviewOrder::Time: return "time";
    case ReviewOrder::LeastCertain: return "least-certain";
    }
    return "time";
}

ReviewOrder reviewOrderFromString(const std::string& text) {
    if (text == "time") return ReviewOrder::Time;
    if (text == "least-certain" || text == "least_certain" || text == "uncertain") return ReviewOrder::LeastCertain;
    throw Error("unknown review order '" + text + "' (time or least-certain)");
}

bool reviewsBefore(const film::SceneBoundary& a, const film::SceneBoundary& b, double threshold, ReviewOrder order) {
    if (order == ReviewOrder::LeastCertain) {
        if (a.probability.has_value() != b.probability.has_value()) return a.probability.has_value();
        if (a.probability) {
            const double da = std::abs(*a.probability - threshold), db = std::abs(*b.probability - threshold);
            if (da != db) return da < db;
        }
    }
    if (a.shot_index != b.shot_index) return a.shot_index < b.shot_index;
    return a.id < b.id; // two rows on one cut (a person's beside a model's): a fixed order all the same
}

std::vector<size_t> reviewOrder(const std::vector<film::SceneBoundary>& rows, double threshold, ReviewOrder order) {
    std::vector<size_t> out;
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].status == film::ReviewStatus::Unreviewed) out.push_back(i);
    std::stable_sort(out.begin(), out.end(),
                     [&](size_t a, size_t b) { return reviewsBefore(rows[a], rows[b], threshold, order); });
    return out;
}

std::optional<size_t> nextToReview(const std::vector<film::SceneBoundary>& rows, double threshold, ReviewOrder order,
                                   std::optional<int64_t> current) {
    const auto todo = reviewOrder(rows, threshold, order);
    if (todo.empty()) return std::nullopt;
    if (!current) return todo.front();
    // Where `current` stands in the order: its row if it still exists, else (time order) its shot.
    std::optional<film::SceneBoundary> at;
    for (const auto& r : rows)
        if (r.shot_index == *current && (!at || reviewsBefore(r, *at, threshold, order))) at = r;
    if (!at) {
        if (order != ReviewOrder::Time) return todo.front();
        film::SceneBoundary probe;
        probe.shot_index = *current;
        probe.id = INT64_MAX; // after any row on that shot
        at = probe;
    }
    for (size_t i : todo)
        if (rows[i].shot_index != *current && reviewsBefore(*at, rows[i], threshold, order)) return i;
    for (size_t i : todo)
        if (rows[i].shot_index != *current) return i; // wrap
    return todo.front(); // only the current one is left
}

// ---- the replay ----

std::vector<int64_t> listedCuts(const std::vector<double>& scores, double floor) {
    std::vector<int64_t> out;
    for (size_t i = 0; i < scores.size(); ++i)
        if (scores[i] >= floor) out.push_back(int64_t(i));
    return out;
}

std::vector<film::SceneBoundary> listedRows(const std::vector<double>& scores, double floor) {
    std::vector<film::SceneBoundary> rows;
    for (int64_t c : listedCuts(scores, floor)) {
        film::SceneBoundary b;
        b.id = c + 1;
        b.shot_index = c;
        b.probability = scores[size_t(c)];
        b.source = film::Source::model("replay").str();
        rows.push_back(b);
    }
    return rows;
}

ReplayCurve replayReview(const std::vector<double>& scores, const std::vector<int>& labels, double floor, double threshold,
                         const std::vector<int64_t>& order) {
    if (scores.size() != labels.size())
        throw Error("review replay: " + std::to_string(scores.size()) + " scores but " + std::to_string(labels.size()) + " labels");
    // The film's answer per cut, as 0/1 "scores" for eval::precisionRecallF1 at 0.5.
    std::vector<double> answer(scores.size(), 0.0);
    for (size_t i = 0; i < scores.size(); ++i) answer[i] = scores[i] >= floor && scores[i] >= threshold ? 1.0 : 0.0;
    std::vector<uint8_t> seen(scores.size(), 0);
    ReplayCurve c;
    c.f1.reserve(order.size() + 1);
    c.f1.push_back(eval::precisionRecallF1(answer, labels, 0.5).f1);
    for (int64_t cut : order) {
        if (cut < 0 || size_t(cut) >= scores.size())
            throw Error("review replay: cut " + std::to_string(cut) + " is not one of the film's " + std::to_string(scores.size()));
        if (scores[size_t(cut)] < floor)
            throw Error("review replay: cut " + std::to_string(cut) + " is not listed (score below the floor)");
        if (seen[size_t(cut)]) throw Error("review replay: cut " + std::to_string(cut) + " is reviewed twice");
        seen[size_t(cut)] = 1;
        answer[size_t(cut)] = labels[size_t(cut)] != 0 ? 1.0 : 0.0;
        c.reviewed.push_back(cut);
        c.f1.push_back(eval::precisionRecallF1(answer, labels, 0.5).f1);
    }
    return c;
}

ReplayCurve replayReview(const std::vector<double>& scores, const std::vector<int>& labels, double floor, double threshold,
                         ReviewOrder order) {
    const auto rows = listedRows(scores, floor);
    std::vector<int64_t> cuts;
    for (size_t i : reviewOrder(rows, threshold, order)) cuts.push_back(rows[i].shot_index);
    return replayReview(scores, labels, floor, threshold, cuts);
}

std::optional<size_t> reviewsToReach(const std::vector<double>& f1, double target) {
    for (size_t k = 0; k < f1.size(); ++k)
        if (f1[k] >= target - 1e-9) return k;
    return std::nullopt;
}

} // namespace mega::pipeline
