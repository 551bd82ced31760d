#pragma once
// A features folder's words (folders.h): what `mega features --per-shot` writes beside the per-shot
// features so that the modalities a model computes rather than reads (synopsis_tp.h) can be
// computed from a folder too. Torch-free.

#include "core/film/shot.h"
#include "core/media/subtitle_reader.h"

#include <string>
#include <vector>

namespace mega::pipeline {

/// A features folder's shots (their times) and words: what the modalities a model computes rather
/// than reads need ("position", "synopsis_tp": synopsis_tp.h). `mega features --per-shot` writes it
/// as DIR/words.json: {"shots": [[start_s, end_s], ...], "subtitles": [{"start", "end", "text"}, ...],
/// "synopsis": ["sentence", ...]}.
struct FolderWords {
    std::vector<film::Shot> shots;
    std::vector<media::SubtitleCue> subtitles;
    std::vector<std::string> synopsis;
};
constexpr const char* kFolderWordsFile = "words.json";
/// Throws mega::Error naming the file when it is missing or malformed.
FolderWords readFolderWords(const std::string& dir);
void writeFolderWords(const std::string& dir, const FolderWords& words);


} // namespace mega::pipeline
