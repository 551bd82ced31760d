#pragma once
// A film's sidecar files: the subtitles and the synopsis that sit beside it under its name.

#include <string>

namespace mega::film {

struct Sidecars {
    std::string subtitles; ///< FILM.srt, else FILM.vtt
    std::string synopsis;  ///< FILM.synopsis.txt, one sentence a line
};

/// The sidecar files beside `filmPath` (FILM = the path without its extension) that exist as
/// files: FILM.srt (preferred) or FILM.vtt, and FILM.synopsis.txt; "" where there is none.
Sidecars sidecarFiles(const std::string& filmPath);

/// The names sidecarFiles looks for first, whether they exist or not (FILM.srt,
/// FILM.synopsis.txt): what a writer of sidecars (the demo film) names its files.
Sidecars sidecarNames(const std::string& filmPath);

} // namespace mega::film
