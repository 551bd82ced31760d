#pragma once

#include <string>
#include <vector>

namespace mega::media {

/// One subtitle cue: plain text (formatting tags removed, line breaks kept as '\n').
struct SubtitleCue {
    double start_s = 0.0;
    double end_s = 0.0;
    std::string text;
};

/// Reads every cue of an embedded text subtitle stream (SubRip, ASS/SSA, WebVTT, mov_text), in
/// time order. `stream` = -1 takes the first text subtitle stream; a file with none gives an empty
/// list. Throws mega::Error for a bitmap subtitle stream (DVD, PGS) or a stream that is not one.
std::vector<SubtitleCue> readSubtitles(const std::string& path, int stream = -1);

/// The visible text of an ASS "Dialogue" event as FFmpeg delivers it
/// ("ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text"): override tags dropped,
/// \N and \n turned into line breaks.
std::string assEventText(const std::string& event);

} // namespace mega::media
