#pragma once
// Per-shot features that need no picture and no sound: the "timing" of the shots themselves and the
// "speech" the subtitles describe. Every film with shots has them: one opened from its video, and one
// imported from a corpus that gives only shots and subtitles (MovieNet-SSeg).
//
// | name   | input          | vector (dim)                                                                    |
// | timing | the shots      | log length; place in the film; log length less the mean of the 2, 4 and 8 shots  |
// |        |                | on each side; log length standardised over the film; the share of the 4 shots   |
// |        |                | on each side that are shorter; and of the next shot (across the cut after it):   |
// |        |                | its log length, that less the mean of the 4 shots on each side of it, and its    |
// |        |                | standardised log length (10)                                                     |
// | speech | subtitle cues  | the share of the shot under a cue; words per second (log1p); for the cut after  |
// |        |                | the shot: the silence across it (log1p s, at most 60 s each side), whether a cue |
// |        |                | runs across it, and how much the words change across it (1 - cos of the text    |
// |        |                | encoder's vectors of the 1, 2 and 4 shots on either side, and the w = 1 value    |
// |        |                | less its mean over the 8 cuts around); whether the words carry across it at the  |
// |        |                | scale of scenes: the cosine of the words (TF-IDF) within 15, 30, 60 and 120 s on |
// |        |                | either side, the overlap of the names within 60 s, the cues within 60 s before   |
// |        |                | and after (log1p) (15)                                                           |
//
// A film without subtitles gets the speech rows all zero with mask 0 (absent, not silent); the last
// shot (no cut after it) gets zeros in the cut's columns. Each cut is described in the row of the
// shot before it, as the scene model reads a cut at that shot (the centre of its window).
// The speech rule first fits the cues' times to the cuts (fitCuesToCuts) and reads them retimed.

#include "core/features/modality.h"
#include "core/media/subtitle_reader.h"
#include "core/shots/shot.h"

#include <vector>

namespace mega::features {

PerShot timing(const std::vector<shots::Shot>& shots);
PerShot speech(const std::vector<media::SubtitleCue>& cues, const std::vector<shots::Shot>& shots);

/// How a film's subtitle times map onto its shots' times: t' = scale * t + offset_s. Subtitles are
/// often timed for another release of the film than the one whose cuts are known: another frame rate
/// (23.976 against 24 fps drifts 7 s over two hours; 25 fps, PAL's speed-up, 4 %) and another start.
/// Their authors put many cue edges on a cut, so the fit is the frame-rate ratio and the offset
/// (within 60 s) that put the most cue edges within 60 ms of a cut.
struct CueFit {
    double scale = 1.0, offset_s = 0.0;
    int edges = 0;        ///< cue starts and ends looked at
    int on_cut = 0;       ///< of them, within 60 ms of a cut under the fit
    double chance = 0.0;  ///< how many fall that near under an offset picked at random (the median offset)
    /// the fit stands out from chance (>= 3 times it) and rests on >= 50 edges (a few dozen, such as
    /// every scene's last line ending 1.5 s before its cut, are not a release's timing); else identity
    bool applied = false;
};
CueFit fitCuesToCuts(const std::vector<media::SubtitleCue>& cues, const std::vector<shots::Shot>& shots);
/// The cues under a fit, each edge within 60 ms of a cut put on it (unchanged when the fit is not applied).
std::vector<media::SubtitleCue> retimed(std::vector<media::SubtitleCue> cues, const CueFit& fit, const std::vector<shots::Shot>& shots);

constexpr int64_t kTimingDim = 10;
constexpr int64_t kSpeechDim = 15;
/// The versions of the two rules, recorded with feature files so that they are remade when a rule changes.
constexpr const char* kTimingVersion = "timing-2";
constexpr const char* kSpeechVersion = "speech-4";

} // namespace mega::features
