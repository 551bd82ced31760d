#pragma once
// Agreement between annotators of one film (issue 15): boundary F1 at a tolerance of k shots,
// Krippendorff's alpha (nominal) on per-unit labels, TP agreement as TA / PA / D, and the majority
// of several annotators' TPs. TA / PA / D are NOT computed here a second time: one annotator is the
// gold and the other the prediction of metrics.h's evaluateTurningPoints, exactly as `mega eval tp`
// scores a prediction file against a gold file. Pure functions: no Qt, no torch.

#include "core/eval/metrics.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mega::eval {

/// The five TPs of one annotator: the units of TP1..TP5 (TRIPOD lets a TP hold several; empty = not set).
using TpUnits = std::array<std::vector<int64_t>, 5>;

// ---- boundaries ----

struct BoundaryAgreement {
    int64_t matched =
        0; ///< pairs (reference, other) at most k shots apart, each boundary in one pair at most
    int64_t reference = 0; ///< distinct boundaries of the reference
    int64_t other = 0;     ///< distinct boundaries of the other
    double precision = 0;  ///< matched / other (1 when both are empty, 0 when only other is)
    double recall = 0;     ///< matched / reference (1 when both are empty, 0 when only reference is)
    double f1 = 0;         ///< 2 matched / (reference + other): symmetric; 1 when both are empty
};

/// Boundary F1 between two sets of scene boundaries (the shot index a scene ends after), at a
/// tolerance of `toleranceShots` (k >= 0; 0 = the same cut). The matching is one-to-one and of
/// maximum size: a sweep over both sorted lists that pairs each reference boundary with the earliest
/// unpaired other one within k, which is optimal for points on a line under a fixed tolerance (so the
/// F1 does not depend on which side is the reference). Duplicates count once. Throws on k < 0.
BoundaryAgreement boundaryF1(std::vector<int64_t> reference, std::vector<int64_t> other,
                             int64_t toleranceShots);

// ---- Krippendorff's alpha ----

/// One coder's value per unit; nullopt where the coder gave none (missing).
using CoderValues = std::vector<std::optional<int64_t>>;

/// Krippendorff's alpha for nominal values (Krippendorff 2011, "Computing Krippendorff's
/// Alpha-Reliability"): ratings[c][u] is coder c's value for unit u; coders may be of different
/// lengths (missing beyond the end). Units with fewer than two values are not pairable and left out.
/// alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k over the coincidence matrix o.
/// NaN where alpha is undefined: fewer than two pairable values, or every pairable value the same
/// (no expected disagreement).
double krippendorffAlphaNominal(const std::vector<CoderValues>& ratings);

/// The act (0..5) each of `units` units falls in as `tps` divide them: the film module's rule
/// (film::actsFromTurningPoints: act k runs from TP k's unit to the unit before TP k+1's), each TP at
/// its earliest unit. All missing unless every TP is set within [0, units) and they come in order.
CoderValues actPerUnit(const TpUnits& tps, int64_t units);
/// 1 where a scene ends after cut i (after shot i, i < shots - 1), else 0: one value per cut.
/// A boundary after the last shot (or outside the film) is ignored.
CoderValues sceneEndPerCut(const std::vector<int64_t>& boundaries, int64_t shots);

// ---- turning points ----

/// The prediction an annotator's TPs make for evaluateTurningPoints: each TP at its earliest unit
/// (what eval::argmax gives for a distribution spread evenly over the TP's units). nullopt unless
/// all five TPs are set.
std::optional<std::array<int64_t, 5>> tpPrediction(const TpUnits& tps);

/// How `other` agrees with `reference` on a film of `units` units: evaluateTurningPoints with the
/// reference's TPs as the gold (all their units) and tpPrediction(other) as the prediction, i.e. the
/// numbers `mega eval tp --gold REF --pred OTHER` prints. Not symmetric (TA counts the reference's
/// units, D measures from the other's window). nullopt when `other` has not set all five TPs or one
/// of its TPs lies outside the film. A reference TP that is not set counts as an event nobody hits.
std::optional<TpMetrics> tpAgreement(const TpUnits& reference, const TpUnits& other, int64_t units);

/// For each TP, the unit most annotators chose (an annotator who put one TP on several units votes
/// once for each of them); a tie goes to the earliest unit; nullopt where nobody set that TP.
std::array<std::optional<int64_t>, 5> majorityTurningPoints(const std::vector<TpUnits>& annotators);

// ---- the matrix ----

/// One annotator's labels of one film on one kind of unit (shots, scenes or synopsis sentences).
struct AnnotatorLabels {
    std::string name;
    int64_t units = 0;                              ///< the film's units as this annotator labelled them
    std::optional<TpUnits> tps;                     ///< unset: this annotator gave no TPs
    std::optional<std::vector<int64_t>> boundaries; ///< shot indices a scene ends after; unset: none given
};

enum class AgreementMetric { TA, PA, D, BoundaryF1 };
/// "TA", "PA", "D", "boundary F1".
const char* toString(AgreementMetric m);

struct AgreementMatrix {
    AgreementMetric metric = AgreementMetric::TA;
    int64_t tolerance = 0; ///< k shots, for BoundaryF1
    std::vector<std::string> annotators;
    /// cells[r][c]: annotator r as the reference (gold), annotator c compared with it; NaN where the
    /// pair has no value (a side without labels of this kind, or a different number of units).
    std::vector<std::vector<double>> cells;
    /// Krippendorff's alpha over all annotators: per-unit acts for the TP metrics, per-cut scene ends
    /// for BoundaryF1 (annotators without such labels are missing values); NaN where undefined.
    double alpha = 0;
};

/// Every ordered pair's `metric` (TA / PA / D: tpAgreement; BoundaryF1: boundaryF1's f1 at
/// `toleranceShots`), and alpha over all of them.
AgreementMatrix agreementMatrix(const std::vector<AnnotatorLabels>& annotators, AgreementMetric metric,
                                int64_t toleranceShots = 0);

} // namespace mega::eval
