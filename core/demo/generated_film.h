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
// A DemoSetting varies how: shot lengths, dissolves, lighting inside a scene, places that look
// alike, how much is said, a music bed, muted colours.

#include "core/common/error.h"

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::demo {

/// How a generated film is made, beyond its size: the defaults are the original generator (2-5
/// shots of about equal length a scene, about 12 s a scene, a cue in every shot, hard cuts and
/// fades). demoSetting() names varied settings, so a model can be tested on settings it never
/// trained on.
struct DemoSetting {
    std::string name = "classic";
    /// > 0: shot lengths drawn log-normally with this median (s; MovieNet's is 2.75), min_shots to
    /// max_shots a scene; 0: the original scenes of about equal length.
    double shot_median_s = 0;
    int min_shots = 2, max_shots = 5;  ///< with shot_median_s, a film needs about 180 s for six scenes
    double dissolves = 0;     ///< chance a scene change that is not a fade is a 0.5 s dissolve of one picture into the next
    double lighting = 0;      ///< chance a shot is lit differently (darker or brighter) inside its scene
    double lookalike = 0;     ///< chance a new place has the colours of an earlier one (another texture)
    double dialogue = 1;      ///< chance a shot has a subtitle cue
    double music = 0;         ///< loudness of a music bed whose notes change regardless of the scenes (0: none)
    double saturation = 1;    ///< the colours' saturation, scaled (below 1: a muted picture)
    double new_sound = 0.8, new_words = 0.8; ///< chance a new scene changes its ambience, its vocabulary
    /// Chance a shot shows its scene's characters: real faces from @vladmandic/face-api's sample
    /// photographs (the cast; packaged_weights.h), 1-2 a scene, composited on the place's picture,
    /// scaled, lit and moved a little per shot. 0: no faces (and the package is not needed).
    double faces = 0;
};
/// A named setting: "classic" (the default), "movienet" (MovieNet's shot lengths, fewer cues),
/// "dissolves", "lighting", "lookalike", "music" (a music bed, fewer cues, ambience changes less
/// often), "muted" (grey pictures, fewer cues), "mixed" (some of each), "faces" (real faces as
/// the scenes' characters, places that look alike, fewer cues). Throws mega::Error naming
/// the known ones for another name.
DemoSetting demoSetting(const std::string& name);
/// The names demoSetting() knows, in that order.
std::vector<std::string> demoSettingNames();

struct DemoOptions {
    double duration_s = 180.0;
    int width = 640;
    int height = 360;
    int fps = 25;
    int sample_rate = 48000;
    uint64_t seed = 1;
    DemoSetting setting;
};

struct GeneratedScene {
    int64_t first_shot = 0, last_shot = 0;
    bool fade_in = false;             ///< the scene fades in from black (the one before fades out)
    bool dissolve_in = false;         ///< the scene before dissolves into it (its last 0.5 s)
    bool looks_like_earlier = false;  ///< its place has an earlier scene's colours (DemoSetting::lookalike)
    bool new_picture = true, new_sound = true, new_words = true; ///< what changed from the scene before
};

/// A composited face at its shot's first frame: which of the cast, and the face's box (pixels).
struct GeneratedFace {
    int character = 0;
    double x = 0, y = 0, width = 0, height = 0;
};

/// How many faces the cast has (DemoSetting::faces).
int demoCastSize();

struct GeneratedFilm {
    std::string film, subtitles, synopsis, tripod, truth; ///< the files written
    std::vector<int64_t> cuts;                    ///< first frame of every shot but the first
    std::vector<int64_t> shot_starts;             ///< first frame of every shot
    std::vector<GeneratedScene> scenes;
    std::vector<int64_t> tp_scenes;               ///< scene index of TP1..TP5
    std::vector<std::vector<GeneratedFace>> faces; ///< per shot, the faces composited (DemoSetting::faces)
    int64_t frame_count = 0;
};

/// Writes PREFIX.mp4 (H.264 + AAC), PREFIX.srt, PREFIX.synopsis.txt (one sentence per line),
/// PREFIX.tripod.csv (the synopsis with its TP labels, TRIPOD's format) and PREFIX.truth.json (a film annotation `mega import --json` reads: shots, scene boundaries,
/// scenes, TPs on scenes, shots and synopsis sentences, subtitles; plus the generator's details).
GeneratedFilm makeDemoFilm(const std::string& prefix, const DemoOptions& options = {}, const ProgressFn& progress = {},
                           std::stop_token stop = {});

} // namespace mega::demo
