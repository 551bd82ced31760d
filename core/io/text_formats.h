#pragma once
// Parsers and writers of the text formats MEGA Studio exchanges. Parsers never trust their input:
// a malformed file throws mega::Error naming the file, the line and the reason, and returns
// nothing partial. Writers produce what the matching parser reads back unchanged.

#include "core/media/subtitle_reader.h"
#include "core/shots/shot.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mega::io {

// ---- CSV (RFC 4180) ----

struct CsvRow {
    int line = 0; ///< line of the row's first character, 1-based
    std::vector<std::string> fields;
};
/// `source` names the input in errors.
std::vector<CsvRow> parseCsv(std::string_view text, const std::string& source);
/// A field quoted where needed.
std::string csvField(std::string_view s);

// ---- TRIPOD ----

/// One row of TRIPOD_synopses_*.csv: one annotator's synopsis of one film.
struct TripodSynopsis {
    std::string movie;      ///< the film's name, the "_N" annotator suffix removed
    std::string annotator;  ///< "0", "1", ... (the suffix); "" where the name has none
    std::string raw;        ///< synopsis_raw
    std::vector<std::string> sentences;      ///< from synopsis_segmented
    std::array<std::vector<int64_t>, 5> tps; ///< sentence indices of TP1..TP5 (one or several)
};
std::vector<TripodSynopsis> parseTripodSynopses(std::string_view csv, const std::string& source);
std::string writeTripodSynopses(const std::vector<TripodSynopsis>& rows);

/// TRIPOD's screenplay TP file: `movie_name,tp1,...,tp5`, each a list of scene indices.
struct TripodScreenplayTps {
    std::string movie;
    std::array<std::vector<int64_t>, 5> scenes;
};
std::vector<TripodScreenplayTps> parseTripodScreenplayTps(std::string_view csv, const std::string& source);
std::string writeTripodScreenplayTps(const std::vector<TripodScreenplayTps>& rows);

/// "5", "[3, 4]", "3 4" or "3;4" -> {3, 4}. Throws for anything else.
std::vector<int64_t> parseIndexList(std::string_view s);

// ---- MovieNet-SSeg ----

struct MovieNetShot {
    int64_t start_frame = 0, end_frame = 0;
    std::array<int64_t, 3> key_frames{};
};
struct MovieNetFilm {
    std::string imdb;                ///< e.g. tt0052357
    std::vector<MovieNetShot> shots; ///< shot_movie318/<imdb>.txt
    std::vector<int> labels;         ///< label318/<imdb>.txt: label of the boundary after shot i (1, 0, -1)
};
/// `labels` and `shots` are the two files' texts; `imdb` the film's id.
/// With `adjusted`, a label file that does not have one line per cut is fixed (extra labels
/// dropped, missing ones 0) and `adjusted` says so; without it, that is an error.
MovieNetFilm parseMovieNet(const std::string& imdb, std::string_view labels, const std::string& labelSource,
                           std::string_view shots, const std::string& shotSource, std::string* adjusted = nullptr);
std::string writeMovieNetLabels(const MovieNetFilm& film);
std::string writeMovieNetShots(const MovieNetFilm& film);

// ---- subtitles ----

std::vector<media::SubtitleCue> parseSrt(std::string_view text, const std::string& source);
std::vector<media::SubtitleCue> parseWebVtt(std::string_view text, const std::string& source);
/// Text in any encoding subtitle files come in, as UTF-8: UTF-8 with or without a BOM, UTF-16
/// little- or big-endian (by its BOM), else Windows-1252 / Latin-1 when the bytes are not valid
/// UTF-8. `encoding` (optional) gets "utf-8", "utf-16le", "utf-16be" or "latin-1".
std::string decodeText(std::string_view bytes, std::string* encoding = nullptr);
/// MicroDVD: "{start frame}{end frame}text" lines, '|' between a cue's lines, frames at `fps`.
std::vector<media::SubtitleCue> parseMicroDvd(std::string_view text, double fps, const std::string& source);
/// A subtitle file in any of those encodings: WebVTT by its extension (.vtt) or content (WEBVTT
/// first), MicroDVD by its content (needs the film's `fps`, an error naming the file without it),
/// else SRT. `encoding` (optional) gets what decodeText found. With `skipped`, a malformed SRT or
/// WebVTT cue is skipped and counted there instead of failing the file (for a corpus).
std::vector<media::SubtitleCue> readSubtitleFile(const std::string& path, double fps = 0, std::string* encoding = nullptr,
                                                 int* skipped = nullptr);
std::string writeSrt(const std::vector<media::SubtitleCue>& cues);
std::string writeWebVtt(const std::vector<media::SubtitleCue>& cues);
/// "HH:MM:SS,mmm" (SRT) or "HH:MM:SS.mmm" / "MM:SS.mmm" (WebVTT) -> seconds; throws otherwise.
double parseTimestamp(std::string_view s);
/// Seconds -> "HH:MM:SS.mmm" (`sep` ',' for SRT).
std::string formatTimestamp(double seconds, char sep = '.');

// ---- synopses as plain text ----

/// One sentence per non-empty line; with `split`, each line (paragraph) is further split after
/// '.', '!' or '?' followed by a space and an upper-case letter or a quote.
std::vector<std::string> parseSynopsisText(std::string_view text, bool split);
/// A synopsis in either form: TRIPOD's segmented one ("[STR_SENT] ... [END_SENT]", the sentences
/// the markers hold; a broken marker throws naming `source`) or parseSynopsisText's.
std::vector<std::string> parseSynopsis(std::string_view text, bool split, const std::string& source);

// ---- files ----

/// The whole file as text; throws mega::Error naming the file.
std::string readTextFile(const std::string& path);
/// Writes atomically (a temporary file renamed over the target); throws mega::Error.
void writeTextFile(const std::string& path, std::string_view text);

} // namespace mega::io
