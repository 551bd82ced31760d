#pragma once
// A whole film's annotation as plain data, and every way it goes in and out of a project:
// exports to editors' and researchers' formats, and imports into the store (each import parses
// and checks everything first, then writes in one transaction: nothing is half-imported).

#include "core/io/text_formats.h"
#include "core/store/project.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mega::io {

struct FilmAnnotation {
    store::Film film;
    std::vector<shots::Shot> shots;
    std::vector<std::array<int64_t, 3>> key_frames; ///< per shot (MovieNet), or empty
    std::vector<store::SceneBoundary> boundaries;
    std::vector<store::Scene> scenes;
    std::vector<store::TurningPoint> turning_points;
    std::map<std::string, std::vector<std::string>> synopses; ///< annotator -> sentences
    std::vector<media::SubtitleCue> cues;
};

FilmAnnotation loadAnnotation(const store::Project& project, int64_t film);

// ---- exports ----
enum class ExportFormat { Csv, Json, Edl, Otio, Vtt, Srt, MovieNet, Tripod };
ExportFormat exportFormatFromString(const std::string& s);
/// Writes `film` to `path` in `format` (MovieNet: `path` is a folder that gets label318/ and
/// shot_movie318/). Throws mega::Error naming `path`, also where its folder is missing or read-only.
void exportAnnotation(const FilmAnnotation& film, ExportFormat format, const std::string& path);

/// CSV: one row per shot, scene and turning point (`kind` column).
std::string toCsv(const FilmAnnotation& a);
std::string toJson(const FilmAnnotation& a);
FilmAnnotation fromJson(std::string_view text, const std::string& source);
/// CMX3600: one event per scene at the film's rate (film::timecode: drop-frame at 29.97 and 59.94).
std::string toEdl(const FilmAnnotation& a);
/// OpenTimelineIO: a Timeline whose video track holds one clip per scene; TPs as markers.
std::string toOtio(const FilmAnnotation& a);
/// WebVTT chapters: one cue per act where the film's own TPs make acts (film::actsFromTurningPoints),
/// else one per scene.
std::string toVttChapters(const FilmAnnotation& a);
/// SubRip: one subtitle per scene, numbered from 1, "Scene 3" and, where the film's own TPs make
/// acts, the act(s) it lies in ("Scene 3, Act 2"; "Scene 3, Acts 2-3" where a TP falls inside it),
/// with the chapters' names for scenes and acts.
std::string toSrt(const FilmAnnotation& a);
MovieNetFilm toMovieNet(const FilmAnnotation& a);
std::vector<TripodSynopsis> toTripod(const FilmAnnotation& a);

// ---- gold labels, as `mega eval` reads them ----
/// A film as `mega eval`'s gold: one label per cut (1 where a scene ends), the shots' frames (for
/// mIoU), each cut's time (the next shot's start, for Recall@3s) and, where all five are known, the
/// TPs' shots.
struct GoldFilm {
    std::string id;
    std::vector<int> labels;
    std::vector<std::pair<int64_t, int64_t>> shots;
    std::vector<double> boundary_times;
    std::optional<std::array<int64_t, 5>> tps;
    /// where all five are known on the film's own synopsis, their sentences (distillation's labels)
    std::optional<std::array<std::vector<int64_t>, 5>> sentence_tps;
};
/// The shots' part of a gold film (labels all 0).
GoldFilm goldShots(const std::string& id, const std::vector<shots::Shot>& shots);
/// An annotation (a generated film's truth.json, `mega export --format json`) as gold, by people's
/// decisions as a project's gold is (film::decidedSceneEnd, film::decidedTurningPointShots; a
/// generated film's truth is accepted): a model's unreviewed proposals are not gold. Named by the
/// film's name.
GoldFilm toGold(const FilmAnnotation& a);
/// {"films": [{"id", "labels", "shots", "boundary_times"[, "units", "tps"][, "sentence_tps"]}]}. Throws mega::Error
/// for a film id given twice.
std::string writeGold(const std::vector<GoldFilm>& films);

// ---- imports into a project (each one transaction) ----
/// TRIPOD synopses CSV: a film per movie (found by name or added), one synopsis per annotator.
/// Returns the number of synopses imported.
int importTripodSynopses(store::Project& project, const std::string& csvPath);
/// TRIPOD screenplay TPs (movie_name,tp1..tp5 of scene indices) onto films found by name.
int importTripodScreenplayTps(store::Project& project, const std::string& csvPath);
struct MovieNetOptions {
    /// The labels as the boundaries of a person named after the corpus ("person:movienet"), each film
    /// marked reviewed, so that they train the loop like anyone's review (a label -1, where the
    /// annotators were unsure, is such a boundary left unreviewed; it counts as a scene end, as the
    /// reference evaluations count it). false: the films come in unreviewed and without boundaries,
    /// to be proposed.
    bool labels = true;
    /// Only the films split.json lists under this name ("train", "val"); empty: every film.
    std::string split;
};
/// A MovieNet folder (label318/ and shot_movie318/, or the two files' folder): every film in it.
/// With subtitle/<imdb id>.srt beside them, their subtitles too (any encoding, MicroDVD at 24 fps).
/// A film without subtitles, whose subtitles cannot be read, or whose label file does not have one
/// line per cut gets a warning saying what was done, and the rest imports. `films` receives the
/// project's ids of the films imported. Returns how many.
int importMovieNet(store::Project& project, const std::string& dir, std::vector<std::string>* warnings = nullptr,
                   const MovieNetOptions& options = {}, std::vector<int64_t>* films = nullptr);
/// The annotator a MovieNet folder's labels are imported as.
extern const char* const kMovieNetAnnotator;
/// SRT or WebVTT (by extension, or by content) onto a film.
int importSubtitleFile(store::Project& project, int64_t film, const std::string& path);
/// A synopsis as plain text onto a film.
int importSynopsisText(store::Project& project, int64_t film, const std::string& path, const std::string& annotator,
                       bool split);
/// Precomputed per-shot features (MovieNet style: a float32 or float64 .npy of [shots, D]) for a
/// film: checked against the film's shots and registered under `modality`. Returns D.
int64_t importShotFeatures(store::Project& project, int64_t film, const std::string& modality, const std::string& npyPath);
/// A film's annotation JSON (toJson): a new film, or merged into the film of the same name.
int64_t importAnnotationJson(store::Project& project, const std::string& path);

} // namespace mega::io
