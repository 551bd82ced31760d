#pragma once
// How a model's opinion is stored (torch-free, so the cold-start proposer and the trained models
// share it): its scores beside people's decisions, and as proposals replacing every model's
// unreviewed ones of that kind on the film.

#include "core/store/project.h"

#include <array>
#include <vector>

namespace mega::pipeline {

/// Stores a scene model's scores (one per cut) and, as its unreviewed proposals, the cuts scoring at
/// least `min`, replacing every model's unreviewed proposals of the film and what they were based on
/// (analysis.h: "unexplained" by this model until its explanations are stored). Returns the
/// proposals stored.
size_t storeSceneProposals(store::Project& project, int64_t film, const store::ModelVersion& model,
                           const std::vector<double>& scores, double min);
/// Stores a TP model's five distributions over the film's shots and each one's peak as its TP.
void storeTurningPoints(store::Project& project, int64_t film, const store::ModelVersion& model,
                        const std::array<std::vector<double>, 5>& distributions);
} // namespace mega::pipeline
