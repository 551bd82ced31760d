#pragma once
// Bringing a film into a project (ARCHITECTURE.md's pipeline): probe, shots, per-shot features of
// every built-in modality (stored as feature files the project knows), subtitles and synopsis
// beside the film, then (optionally) the cold-start proposals. Idempotent per film: a film already
// in the project (same fingerprint) with current features is left as it is. Shared by
// `mega ingest`, `mega import --film` and the window's Open Film.

#include "core/common/error.h"
#include "core/store/project.h"

#include <stop_token>
#include <string>
#include <vector>

namespace mega::pipeline {

struct IngestOptions {
    /// Propose scene boundaries with the cold-start proposer (when it is the project's active scene
    /// model; a project without one gets it). A trained model proposes through pipeline::propose.
    bool proposals = true;
    /// Also read FILM.srt (or FILM.vtt) and FILM.synopsis.txt when they sit beside the film (a
    /// synopsis only if the film has none yet).
    bool sidecars = true;
    /// Ingest again even when the film and its features are current.
    bool force = false;
    int threads = 0; ///< decoder threads; 0 = all cores
    std::string author;
};

struct IngestResult {
    int64_t film_id = 0;
    size_t shots = 0;
    size_t proposals = 0;
    bool skipped = false;              ///< already in the project, current: nothing was done
    std::vector<std::string> warnings; ///< e.g. decoding stopped early
};

/// Throws mega::Error naming the file (not a film, cannot be decoded), or mega::Cancelled; the
/// project is unchanged then. A film already in the project (same fingerprint) is updated.
IngestResult ingestFilm(store::Project& project, const std::string& path, const IngestOptions& options = {},
                        const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace mega::pipeline
