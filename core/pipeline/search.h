#pragma once
// Search the film by a sentence (UX.md's Ctrl+F, issue 14): the shots ranked by how well what is
// said in them matches the sentence, by the text encoder (features::TextEncoder: hashed words, word
// pairs and character trigrams, TF-IDF over the film's shots) against each shot's subtitles.
// Torch-free and Qt-free: the window's search dialog and tests call it.

#include "core/media/subtitle_reader.h"
#include "core/shots/shot.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mega::pipeline {

struct ShotMatch {
    int64_t shot = 0;
    double score = 0; ///< cosine of the sentence's and the shot's subtitle vectors, in (0, 1]
    std::string text; ///< the subtitles said during the shot
};

/// What is said during each shot: the text of every cue overlapping it ([a, b) meets [s, e) when
/// a < e and b > s), joined by spaces; "" for a silent shot. One per shot.
std::vector<std::string> shotTexts(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues);

/// The shots whose subtitles match `sentence`, best first (ties: the earlier shot), at most `limit`;
/// a shot scoring under a tenth of the best (nothing in common but a trigram or a hash bin) is left
/// out. A cue counts for every shot it overlaps. Empty when the sentence has no word or the film no
/// subtitle.
std::vector<ShotMatch> searchShots(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues,
                                   const std::string& sentence, size_t limit = 50);

} // namespace mega::pipeline
