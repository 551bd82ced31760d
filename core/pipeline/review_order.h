#pragma once
// The order a person reviews a film's boundaries in (issue 15), and a replay that measures whether
// an order pays for itself. Torch-free and Qt-free: the window sorts its list and picks the next
// boundary with reviewOrder/nextToReview; tests/bench/bench_review_order replays generated films.
//
// What is reviewed: the rows the window lists, which are the film's stored boundaries
// (store::Project::boundaries). A model stores as rows only the cuts scoring at least the floor it
// proposed with (storeSceneProposals' `min`: a trained model's chosen threshold, the cold-start
// proposer's 0.3), plus any row a person added. A cut below the floor is never listed, so reviewing
// the list cannot fix a true scene end missed there; only adding a boundary by hand can (the
// replay does not add any). replayReview therefore reviews exactly listedCuts(scores, floor).

#include "core/film/film.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mega::pipeline {

enum class ReviewOrder {
    Time,         ///< by the cut's position in the film
    LeastCertain, ///< |probability - threshold| ascending, ties by time; rows without one last
};

/// "time", "least-certain".
std::string toString(ReviewOrder order);
/// The inverse of toString (also "least_certain", "uncertain"); throws mega::Error on any other string.
ReviewOrder reviewOrderFromString(const std::string& text);

/// True when row `a` comes before row `b` in `order` (their status is not looked at): Time by
/// shot_index; LeastCertain by |probability - threshold|, then shot_index, rows without a
/// probability (a person's, an import's) after every row with one, by shot_index. A strict weak
/// order, so it sorts a list (the window's proxy model) as reviewOrder does.
bool reviewsBefore(const film::SceneBoundary& a, const film::SceneBoundary& b, double threshold, ReviewOrder order);

/// Indices into `rows` of the unreviewed rows (status Unreviewed), in review order. Rows may come
/// in any order; reviewed rows (accepted, rejected, edited) are left out.
std::vector<size_t> reviewOrder(const std::vector<film::SceneBoundary>& rows, double threshold, ReviewOrder order);

/// The index into `rows` of the unreviewed row to review after `current` (a row's shot_index;
/// none: from the start): the first unreviewed row that comes after the row at `current` in
/// `order`, wrapping to the first. `current` itself may be reviewed meanwhile, or gone; with no row
/// after the shot `current`, LeastCertain starts from the first. None when no row is unreviewed.
std::optional<size_t> nextToReview(const std::vector<film::SceneBoundary>& rows, double threshold, ReviewOrder order,
                                   std::optional<int64_t> current = std::nullopt);

// ---- the replay ----

/// The cuts the window lists for a film scored `scores` (one per cut) by a model that proposed
/// with `floor`: every cut with score >= floor, in time order.
std::vector<int64_t> listedCuts(const std::vector<double>& scores, double floor);

/// The listed cuts as the unreviewed rows the window shows (shot_index, probability; source
/// "model:replay").
std::vector<film::SceneBoundary> listedRows(const std::vector<double>& scores, double floor);

struct ReplayCurve {
    std::vector<int64_t> reviewed; ///< the cut reviewed at each step, in order
    std::vector<double> f1;        ///< boundary F1 after 0, 1, ..., reviewed.size() reviews
};

/// A reviewer who works through `order` (cut indices, normally a permutation of listedCuts) one
/// cut at a time. Before any review the film's boundaries are the model's answer: a scene ends at
/// a listed cut whose score >= threshold, and at no unlisted one. Reviewing a cut replaces the
/// model's answer there with the truth (`labels`, 1 = a scene ends after that cut's shot). F1 is
/// eval::precisionRecallF1 of those per-cut answers against `labels`, exact cuts (no tolerance).
/// Throws mega::Error when sizes differ or a cut in `order` is out of range or not listed.
ReplayCurve replayReview(const std::vector<double>& scores, const std::vector<int>& labels, double floor, double threshold,
                         const std::vector<int64_t>& order);
/// The same, reviewing listedCuts in `order` as reviewOrder gives it.
ReplayCurve replayReview(const std::vector<double>& scores, const std::vector<int>& labels, double floor, double threshold,
                         ReviewOrder order);

/// The fewest reviews after which F1 is at least `target` (1e-9 slack), or none if it never is.
std::optional<size_t> reviewsToReach(const std::vector<double>& f1, double target);

} // namespace mega::pipeline
