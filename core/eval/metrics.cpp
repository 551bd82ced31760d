#include "core/eval/metrics.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mega::eval {

double averagePrecision(const std::vector<double>& scores, const std::vector<int>& labels) {
    if (scores.size() != labels.size()) throw Error("average precision: one label per score is needed");
    for (size_t i = 0; i < scores.size(); ++i)
        if (!std::isfinite(scores[i])) throw Error("average precision: score " + std::to_string(i) + " is not a finite number");
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    const auto positives = static_cast<double>(std::count_if(labels.begin(), labels.end(), [](int l) { return l != 0; }));
    if (positives == 0) return 0.0;
    double ap = 0, tp = 0, seen = 0, lastRecall = 0;
    for (size_t i = 0; i < order.size();) {
        // All scores tied with this one form one threshold.
        size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) {
            tp += labels[order[j]] != 0;
            ++seen;
            ++j;
        }
        const double recall = tp / positives, precision = tp / seen;
        ap += (recall - lastRecall) * precision;
        lastRecall = recall;
        i = j;
    }
    return ap;
}

PrecisionRecall precisionRecallF1(const std::vector<double>& scores, const std::vector<int>& labels, double threshold) {
    if (scores.size() != labels.size()) throw Error("F1: one label per score is needed");
    double tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        const bool predicted = scores[i] >= threshold, gold = labels[i] != 0;
        tp += predicted && gold;
        fp += predicted && !gold;
        fn += !predicted && gold;
    }
    PrecisionRecall r;
    r.precision = tp + fp > 0 ? tp / (tp + fp) : 0.0;
    r.recall = tp + fn > 0 ? tp / (tp + fn) : 0.0;
    r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0.0;
    return r;
}

double bestF1Threshold(const std::vector<double>& scores, const std::vector<int>& labels) {
    if (scores.size() != labels.size()) throw Error("F1: one label per score is needed");
    std::vector<std::pair<double, int>> v;
    int positives = 0;
    for (size_t i = 0; i < scores.size(); ++i) v.emplace_back(scores[i], labels[i]), positives += labels[i] != 0;
    if (!positives) return 0.5;
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    double best = 0, threshold = 0.5;
    int tp = 0;
    for (size_t i = 0; i < v.size(); ++i) {
        tp += v[i].second != 0;
        if (i + 1 < v.size() && v[i + 1].first == v[i].first) continue; // ties form one threshold
        const double precision = double(tp) / double(i + 1), recall = double(tp) / positives;
        const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        if (f1 > best) best = f1, threshold = v[i].first;
    }
    return threshold;
}

namespace {
double iou(const std::pair<int64_t, int64_t>& a, const std::pair<int64_t, int64_t>& b) {
    const int64_t inter = std::min(a.second, b.second) - std::max(a.first, b.first) + 1;
    if (inter <= 0) return 0.0;
    const int64_t uni = std::max(a.second, b.second) - std::min(a.first, b.first) + 1;
    return static_cast<double>(inter) / static_cast<double>(uni);
}
double bestMatchMean(const std::vector<std::pair<int64_t, int64_t>>& from, const std::vector<std::pair<int64_t, int64_t>>& to) {
    if (from.empty()) return 0.0;
    double sum = 0;
    for (const auto& a : from) {
        double best = 0;
        for (const auto& b : to) best = std::max(best, iou(a, b));
        sum += best;
    }
    return sum / static_cast<double>(from.size());
}
} // namespace

double meanIoU(const std::vector<std::pair<int64_t, int64_t>>& gold, const std::vector<std::pair<int64_t, int64_t>>& predicted) {
    return (bestMatchMean(gold, predicted) + bestMatchMean(predicted, gold)) / 2.0;
}

std::vector<std::pair<int64_t, int64_t>> scenesFromBoundaries(const std::vector<std::pair<int64_t, int64_t>>& shots,
                                                              const std::vector<bool>& boundary) {
    std::vector<std::pair<int64_t, int64_t>> scenes;
    if (shots.empty()) return scenes;
    int64_t start = shots.front().first;
    for (size_t i = 0; i + 1 < shots.size(); ++i)
        if (i < boundary.size() && boundary[i]) {
            scenes.emplace_back(start, shots[i].second);
            start = shots[i + 1].first;
        }
    scenes.emplace_back(start, shots.back().second);
    return scenes;
}

SceneMetrics evaluateScenes(const std::vector<SceneFilm>& films, double threshold, double tolerance_s) {
    SceneMetrics m;
    std::vector<double> scores;
    std::vector<int> labels;
    double miouSum = 0, found = 0, goldTimed = 0;
    int miouFilms = 0;
    for (const auto& f : films) {
        if (f.scores.size() != f.labels.size())
            throw Error("a film has " + std::to_string(f.scores.size()) + " scores for " + std::to_string(f.labels.size()) + " labels");
        scores.insert(scores.end(), f.scores.begin(), f.scores.end());
        labels.insert(labels.end(), f.labels.begin(), f.labels.end());
        if (!f.shots.empty()) {
            if (f.shots.size() != f.labels.size() + 1) throw Error("a film's shots must be one more than its boundary labels");
            std::vector<bool> gold(f.labels.size()), pred(f.labels.size());
            for (size_t i = 0; i < f.labels.size(); ++i) {
                gold[i] = f.labels[i] != 0;
                pred[i] = f.scores[i] >= threshold;
            }
            miouSum += meanIoU(scenesFromBoundaries(f.shots, gold), scenesFromBoundaries(f.shots, pred));
            ++miouFilms;
        }
        if (!f.boundary_times.empty()) {
            if (f.boundary_times.size() != f.labels.size()) throw Error("a film needs one time per shot boundary");
            for (size_t i = 0; i < f.labels.size(); ++i) {
                if (!f.labels[i]) continue;
                ++goldTimed;
                for (size_t k = 0; k < f.scores.size(); ++k)
                    if (f.scores[k] >= threshold && std::abs(f.boundary_times[k] - f.boundary_times[i]) <= tolerance_s) {
                        ++found;
                        break;
                    }
            }
        }
    }
    m.ap = averagePrecision(scores, labels);
    const auto prf = precisionRecallF1(scores, labels, threshold);
    m.precision = prf.precision;
    m.recall = prf.recall;
    m.f1 = prf.f1;
    m.miou = miouFilms ? miouSum / miouFilms : 0.0;
    m.recall_at_3s = goldTimed > 0 ? found / goldTimed : 0.0;
    m.boundaries = static_cast<int64_t>(scores.size());
    m.gold_boundaries = std::count_if(labels.begin(), labels.end(), [](int l) { return l != 0; });
    return m;
}

std::vector<int64_t> tpWindow(int64_t argmax, int64_t units) {
    if (units <= 0) return {};
    if (units < 3) {
        std::vector<int64_t> all(static_cast<size_t>(units));
        std::iota(all.begin(), all.end(), 0);
        return all;
    }
    const int64_t start = std::clamp<int64_t>(argmax - 1, 0, units - 3);
    return {start, start + 1, start + 2};
}

namespace {

// One TP event's terms, for a prediction at unit `predicted`.
struct TpTerms {
    double inside = 0;   // gold units inside the window
    double hit = 0;      // 1 if any is
    double distance = 0; // min |gold - predicted| / units (0 without gold units)
};

TpTerms tpTerms(const std::vector<int64_t>& gold, int64_t predicted, int64_t units) {
    TpTerms t;
    const auto window = tpWindow(predicted, units);
    int64_t closest = std::numeric_limits<int64_t>::max();
    for (int64_t g : gold) {
        const bool in = std::find(window.begin(), window.end(), g) != window.end();
        t.inside += in;
        t.hit = std::max(t.hit, in ? 1.0 : 0.0);
        // The prediction is the window (MEGA.md 7): the distance is to its nearest unit.
        for (int64_t w : window) closest = std::min(closest, std::abs(g - w));
    }
    if (!gold.empty()) t.distance = static_cast<double>(closest) / static_cast<double>(units);
    return t;
}

// TA, PA and D over every film's five TP events; `terms` gives an event's terms.
template <typename Terms> TpMetrics pool(const std::vector<TpFilm>& films, Terms&& terms) {
    double inside = 0, gold = 0, events = 0, hit = 0, distance = 0;
    for (const auto& f : films) {
        if (f.units <= 0) throw Error("a film needs at least one unit");
        for (size_t k = 0; k < 5; ++k) {
            const TpTerms t = terms(f, k);
            inside += t.inside;
            hit += t.hit;
            distance += t.distance;
            gold += static_cast<double>(f.gold[k].size());
            ++events;
        }
    }
    TpMetrics m;
    m.ta = gold > 0 ? inside / gold : 0.0;
    m.pa = events > 0 ? hit / events : 0.0;
    m.d = events > 0 ? distance / events : 0.0;
    return m;
}

} // namespace

TpMetrics evaluateTurningPoints(const std::vector<TpFilm>& films) {
    return pool(films, [](const TpFilm& f, size_t k) { return tpTerms(f.gold[k], f.predicted[k], f.units); });
}

std::array<int64_t, 5> argmax(const std::array<std::vector<double>, 5>& distributions) {
    std::array<int64_t, 5> out{};
    for (size_t k = 0; k < 5; ++k) {
        const auto& d = distributions[k];
        if (d.empty()) throw Error("TP" + std::to_string(k + 1) + " has an empty distribution");
        out[k] = std::max_element(d.begin(), d.end()) - d.begin();
    }
    return out;
}

std::array<int64_t, 5> orderedPeaks(const std::array<std::vector<double>, 5>& distributions) {
    const size_t n = distributions[0].size();
    for (size_t k = 0; k < 5; ++k) {
        if (distributions[k].empty()) throw Error("TP" + std::to_string(k + 1) + " has an empty distribution");
        if (distributions[k].size() != n)
            throw Error("TP" + std::to_string(k + 1) + "'s distribution has " + std::to_string(distributions[k].size()) +
                        " units, TP1's " + std::to_string(n));
    }
    const bool strict = n >= 5;
    const double none = -std::numeric_limits<double>::infinity();
    auto score = [&](size_t k, size_t u) { return std::log(std::max(distributions[k][u], 1e-300)); };
    // best[k][u]: the best sum of TP1..TP(k+1) with TP(k+1) at u; from[k][u]: where TP k then is.
    std::vector<std::vector<double>> best(5, std::vector<double>(n, none));
    std::vector<std::vector<size_t>> from(5, std::vector<size_t>(n, 0));
    for (size_t u = 0; u < n; ++u) best[0][u] = score(0, u);
    for (size_t k = 1; k < 5; ++k) {
        double top = none;
        size_t at = 0;
        for (size_t u = 0; u < n; ++u) {
            if (!strict && best[k - 1][u] > top) top = best[k - 1][u], at = u; // u_(k) <= u
            if (top > none) {
                best[k][u] = top + score(k, u);
                from[k][u] = at;
            }
            if (strict && best[k - 1][u] > top) top = best[k - 1][u], at = u; // u_(k) < u (next u)
        }
    }
    std::array<int64_t, 5> out{};
    size_t last = 0;
    for (size_t u = 1; u < n; ++u)
        if (best[4][u] > best[4][last]) last = u;
    for (size_t k = 5; k-- > 0;) {
        out[k] = int64_t(last);
        last = from[k][last];
    }
    return out;
}

std::array<int64_t, 5> positionsAt(const std::array<double, 5>& relative, int64_t units) {
    std::array<int64_t, 5> out{};
    for (size_t k = 0; k < 5; ++k)
        // Relative position p of a film of n units is unit round(p (n - 1)): 0 is the first, 1 the last.
        out[k] = std::clamp<int64_t>(std::lround(relative[k] * static_cast<double>(units - 1)), 0, std::max<int64_t>(0, units - 1));
    return out;
}

std::array<int64_t, 5> theoryPositions(int64_t units) { return positionsAt({0.10, 0.25, 0.50, 0.75, 0.90}, units); }

std::array<double, 5> meanRelativePositions(const std::vector<TpFilm>& training) {
    std::array<double, 5> sum{}, count{};
    for (const auto& f : training)
        for (size_t k = 0; k < 5; ++k)
            for (int64_t g : f.gold[k]) {
                // The inverse of positionsAt: unit g of n is at g / (n - 1) (0 the first, 1 the last).
                sum[k] += static_cast<double>(g) / static_cast<double>(std::max<int64_t>(1, f.units - 1));
                ++count[k];
            }
    std::array<double, 5> out{};
    for (size_t k = 0; k < 5; ++k) out[k] = count[k] > 0 ? sum[k] / count[k] : 0.0;
    return out;
}

TpMetrics randomBaseline(const std::vector<TpFilm>& films) {
    // The metrics are means over films and TPs of terms that depend on one TP's prediction only,
    // so the expectation over independent uniform arg-maxes is the same mean with each term
    // averaged over every possible unit.
    return pool(films, [](const TpFilm& f, size_t k) {
        TpTerms mean;
        for (int64_t p = 0; p < f.units; ++p) {
            const TpTerms t = tpTerms(f.gold[k], p, f.units);
            mean.inside += t.inside;
            mean.hit += t.hit;
            mean.distance += t.distance;
        }
        const auto n = static_cast<double>(f.units);
        return TpTerms{mean.inside / n, mean.hit / n, mean.distance / n};
    });
}

} // namespace mega::eval
