#pragma once
// Generated films whose true shots, scenes and turning points are known: the demo, the tests and
// the benchmarks. Seeded and deterministic.
//
// A film is a run of scenes, each of a few shots. The shots of one scene share a "location": a
// colour palette and a texture family (stripes, checks, waves, rings), an audio ambience (filtered
// noise and a tone) and a subtitle vocabulary; its shots differ in the texture's scale, angle and
// drift, so each cut is a hard change of picture. A new scene changes the location's picture,
// sound and words, and sometimes only some of them; some scenes fade out to black and in. The
// five turning-point scenes carry cue words that the synopsis sentences of those TPs also carry.

#include "core/common/error.h"

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::demo {

struct DemoOptions {
    double duration_s = 180.0;
    int width = 640;
    int height = 360;
    int fps = 25;
    int sample_rate = 48000;
    uint64_t seed = 1;
};

struct GeneratedScene {
    int64_t first_shot = 0, last_shot = 0;
    bool fade_in = false;             ///< the scene fades in from black (the one before fades out)
    bool new_picture = true, new_sound = true, new_words = true; ///< what changed from the scene before
};

struct GeneratedFilm {
    std::string film, subtitles, synopsis, tripod, truth; ///< the files written
    std::vector<int64_t> cuts;                    ///< first frame of every shot but the first
    std::vector<int64_t> shot_starts;             ///< first frame of every shot
    std::vector<GeneratedScene> scenes;
    std::vector<int64_t> tp_scenes;               ///< scene index of TP1..TP5
    int64_t frame_count = 0;
};

/// Writes PREFIX.mp4 (H.264 + AAC), PREFIX.srt, PREFIX.synopsis.txt (one sentence per line),
/// PREFIX.tripod.csv (the synopsis with its TP labels, TRIPOD's format) and PREFIX.truth.json (a film annotation `mega import --json` reads: shots, scene boundaries,
/// scenes, TPs on scenes, shots and synopsis sentences, subtitles; plus the generator's details).
GeneratedFilm makeDemoFilm(const std::string& prefix, const DemoOptions& options = {}, const ProgressFn& progress = {},
                           std::stop_token stop = {});

} // namespace mega::demo
