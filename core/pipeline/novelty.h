#pragma once
// The cold-start proposer: before any trained model exists, scene boundaries are proposed where
// the picture changes most across a cut. It is a model version like any other (kind "novelty",
// source model:novelty), the active scene model of a new project until a trained one beats it.

#include "core/store/project.h"

#include <vector>

namespace mega::pipeline {

constexpr const char* kNoveltyName = "novelty";

/// For the boundary after shot i, 1 - cos(v_i, v_{i+1}) of per-shot vectors (rows = shots),
/// scaled so the largest is 1. One score per cut: shots - 1 of them.
std::vector<double> noveltyScores(const std::vector<float>& perShot, int64_t shots, int64_t dim);

/// The film's novelty scores from its stored appearance and layout features (each L2-normalised,
/// then joined, so both count alike). A film without its picture (imported from a corpus of shots
/// and subtitles) gets what its timing says instead: the length of the shot after the cut (log,
/// scaled from the film's shortest, 0, to its longest, 1), as long shots that open a scene are common. Throws mega::Error if
/// the film has neither.
std::vector<double> filmNoveltyScores(const store::Project& project, const store::Film& film);

/// The project's cold-start model version (registered, and made active when no scene model is).
store::ModelVersion ensureColdStart(store::Project& project);

/// Whether a scene model version is a cold start rather than one trained on the project: the
/// novelty proposer, or the shipped base scene model (its checkpoint a models file, loop.h).
bool isColdStart(const store::ModelVersion& m);

} // namespace mega::pipeline
