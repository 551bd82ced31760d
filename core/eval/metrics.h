#pragma once
// Evaluation metrics of MEGA.md section 7, as pure functions (no torch): scene segmentation as
// MovieNet-SSeg's BaSSL and LGSS compute it, turning points as TRIPOD's GraphTP computes them, and
// the TRIPOD baselines. All values are fractions in [0, 1] (the papers print them as percentages).

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace mega::eval {

// ---- scenes ----

/// Average precision of `scores` against binary `labels` (1 = a scene ends after this shot; pass
/// MovieNet's -1 as 1), as scikit-learn's average_precision_score: tied scores form one threshold.
double averagePrecision(const std::vector<double>& scores, const std::vector<int>& labels);

struct PrecisionRecall {
    double precision = 0, recall = 0, f1 = 0;
};
/// A boundary is predicted where score >= threshold.
PrecisionRecall precisionRecallF1(const std::vector<double>& scores, const std::vector<int>& labels, double threshold = 0.5);
/// The threshold (one of the scores; tied scores form one) at which precisionRecallF1 gives the best
/// F1; 0.5 when no label is positive or no threshold gives an F1 above 0.
double bestF1Threshold(const std::vector<double>& scores, const std::vector<int>& labels);

/// Scenes as inclusive frame intervals [first, last]. For each gold scene the best IoU with any
/// predicted one, averaged; the same from predicted to gold; the mean of the two.
double meanIoU(const std::vector<std::pair<int64_t, int64_t>>& gold, const std::vector<std::pair<int64_t, int64_t>>& predicted);

/// Scenes (inclusive frame intervals) from per-boundary decisions over `shots` (inclusive frames):
/// boundary[i] = a scene ends after shot i.
std::vector<std::pair<int64_t, int64_t>> scenesFromBoundaries(const std::vector<std::pair<int64_t, int64_t>>& shots,
                                                              const std::vector<bool>& boundary);

struct SceneFilm {
    std::vector<double> scores;                     ///< P(a scene ends after shot i), one per shot boundary
    std::vector<int> labels;                        ///< gold, 1/0 (-1 counts as 1)
    std::vector<std::pair<int64_t, int64_t>> shots; ///< inclusive frames, for mIoU (optional)
    std::vector<double> boundary_times;             ///< seconds of each shot boundary, for Recall@3s (optional)
};

struct SceneMetrics {
    double ap = 0, precision = 0, recall = 0, f1 = 0;
    double miou = 0;          ///< mean over films that have shots
    double recall_at_3s = 0;  ///< pooled over films that have boundary times
    int64_t boundaries = 0, gold_boundaries = 0;
};
/// AP and F1 pool every shot boundary of every film; mIoU averages films; Recall@3s pools gold boundaries.
SceneMetrics evaluateScenes(const std::vector<SceneFilm>& films, double threshold = 0.5, double tolerance_s = 3.0);

// ---- turning points ----

/// The 3 consecutive units around `argmax` (shifted inward at the film's ends; fewer if the film
/// has fewer than 3 units).
std::vector<int64_t> tpWindow(int64_t argmax, int64_t units);

struct TpFilm {
    int64_t units = 0;                          ///< scenes (or shots) of the film
    std::array<std::vector<int64_t>, 5> gold;   ///< gold units of TP1..TP5 (one or several each)
    std::array<int64_t, 5> predicted{};         ///< predicted unit (the arg-max) of TP1..TP5
};

struct TpMetrics {
    double ta = 0; ///< total agreement: gold units inside the window / all gold units, pooled
    double pa = 0; ///< partial agreement: TP events with a gold unit in the window / (films x 5)
    double d = 0;  ///< distance: mean over TP events of min |gold - w| over the window's units w, / units
};
TpMetrics evaluateTurningPoints(const std::vector<TpFilm>& films);

/// The arg-max of each of 5 distributions (first maximum on ties).
std::array<int64_t, 5> argmax(const std::array<std::vector<double>, 5>& distributions);
/// The five TPs decoded jointly, in order: the units u1 < u2 < ... < u5 that maximise
/// sum_n log p_n(u_n) (dynamic programming over the distributions, O(5 units)); equal to argmax
/// whenever the arg-maxes are already in order. Ties: the earliest. A film of fewer than 5 units
/// allows u_n = u_(n+1). The distributions must have one and the same number of units.
std::array<int64_t, 5> orderedPeaks(const std::array<std::vector<double>, 5>& distributions);

// ---- baselines ----

/// TPs at 10 %, 25 %, 50 %, 75 %, 90 % of the film.
std::array<int64_t, 5> theoryPositions(int64_t units);
/// The mean relative position of each TP in training films: unit g of a film of n units is at
/// g / (n - 1), the inverse of positionsAt, so a TP always on the same unit is put back on it.
std::array<double, 5> meanRelativePositions(const std::vector<TpFilm>& training);
/// TPs at given relative positions: unit round(p (units - 1)).
std::array<int64_t, 5> positionsAt(const std::array<double, 5>& relative, int64_t units);
/// The random baseline's expected metrics: every unit equally likely as each TP's arg-max
/// (computed exactly, not sampled).
TpMetrics randomBaseline(const std::vector<TpFilm>& films);

} // namespace mega::eval
