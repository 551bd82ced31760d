#pragma once
// A film and what is said about it: scene boundaries, scenes, turning points, synopsis sentences,
// and how far each label has been reviewed. Plain values; the rules between them are in
// structure.h, the provenance of a label in source.h.

#include "core/film/shot.h"
#include "core/film/source.h"

#include <cstdint>
#include <optional>
#include <vector>
#include <string>

namespace mega::film {

enum class ReviewStatus { Unreviewed, Accepted, Rejected, Edited };
enum class UnitKind { Shot, Scene, Sentence };

/// "unreviewed", "accepted", "rejected", "edited".
const char* toString(ReviewStatus s);
/// "shot", "scene", "sentence".
const char* toString(UnitKind u);
/// The inverse of toString; throws mega::Error on any other string.
ReviewStatus reviewStatusFromString(const std::string& s);
UnitKind unitKindFromString(const std::string& s);

struct Film {
    int64_t id = 0;
    std::string name; ///< a title, a MovieNet/IMDb id or a TRIPOD movie name
    std::string path; ///< the film file, if there is one
    std::string
        fingerprint; ///< content fingerprint (see store::fingerprintFile), so a moved file is recognised
    double duration_s = 0.0;
    double fps = 0.0;
    int64_t frame_count = 0;
    int width = 0, height = 0;
    /// What reading the film's picture met: damaged pictures, decoding that stopped early (each
    /// names the file, where and how much). Empty for a film whose every picture was read.
    std::vector<std::string> warnings;
};

/// A scene ends after shot `shot_index` (MovieNet's convention: a label per shot boundary).
struct SceneBoundary {
    int64_t id = 0;
    int64_t film_id = 0;
    int64_t shot_index = 0;
    std::optional<double> probability; ///< a model's; none for a person's
    std::string source;                ///< "model:<version>", "person:<name>" or "import:<format>" (Source)
    ReviewStatus status = ReviewStatus::Unreviewed;
};

/// A turning point (TP1..TP5) on a shot, a scene or a synopsis sentence. A TP may hold several
/// units (TRIPOD); annotators are kept apart.
struct TurningPoint {
    int64_t id = 0;
    int64_t film_id = 0;
    int tp = 1;
    UnitKind unit = UnitKind::Shot;
    int64_t index = 0;
    std::string annotator; ///< "" for the film's own (reviewed) labels
    std::optional<double> probability;
    std::string source; ///< as SceneBoundary::source
    ReviewStatus status = ReviewStatus::Unreviewed;
};

struct SynopsisSentence {
    int64_t index = 0;
    std::string text;
};

/// A scene as the effective boundaries (all but rejected ones) cut the shots (scenesFromBoundaries).
struct Scene {
    int64_t index = 0;
    int64_t first_shot = 0, last_shot = 0;
    double start_s = 0.0, end_s = 0.0;
};

} // namespace mega::film
