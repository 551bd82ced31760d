#pragma once
// Bringing a film into a project (ARCHITECTURE.md's pipeline): probe, shots, per-shot features,
// boundary proposals, all stored in one transaction. Shared by `mega import --film` and the
// window's Open Film.

#include "core/common/error.h"
#include "core/store/project.h"

#include <stop_token>
#include <string>
#include <vector>

namespace mega::pipeline {

struct IngestOptions {
    /// Propose scene boundaries from how much the built-in appearance and layout features change
    /// across each cut (source "model:novelty"): a baseline until a trained MEGA model is run.
    bool proposals = true;
    /// Cuts scoring below this (relative to the film's largest change) are not proposed: a scene
    /// boundary is a large change, and a proposal at every cut would make every shot a scene.
    double min_proposal = 0.3;
    /// Also read FILM.srt (or FILM.vtt) and FILM.synopsis.txt when they sit beside the film (a
    /// synopsis only if the film has none yet).
    bool sidecars = true;
    std::string author;
};

struct IngestResult {
    int64_t film_id = 0;
    size_t shots = 0;
    size_t proposals = 0;
    std::vector<std::string> warnings; ///< e.g. decoding stopped early
};

/// Throws mega::Error naming the file (not a film, cannot be decoded), or mega::Cancelled; the
/// project is unchanged then. A film already in the project (same fingerprint) is updated.
IngestResult ingestFilm(store::Project& project, const std::string& path, const IngestOptions& options = {},
                        const ProgressFn& progress = {}, std::stop_token stop = {});

/// The novelty proposals for `shots` given per-shot vectors (rows = shots): for the boundary after
/// shot i, 1 - cos(v_i, v_{i+1}), scaled so the largest is 1. The last shot gets none.
std::vector<double> noveltyScores(const std::vector<float>& perShot, int64_t shots, int64_t dim);

} // namespace mega::pipeline
