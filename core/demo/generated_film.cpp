#include "core/demo/generated_film.h"

#include "core/features/packaged_weights.h"
#include "core/film/sidecars.h"
#include "core/io/film_annotation.h"
#include "core/io/text_formats.h"
#include "core/media/frame_reader.h"
#include "core/media/movie_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <numeric>
#include <random>

namespace mega::demo {

namespace {

struct Rgb {
    float r, g, b;
};

struct Location {
    std::array<Rgb, 4> palette{};
    int family = 0;     // 0 stripes, 1 checks, 2 waves, 3 rings
    double drift = 0.0; // how fast the picture moves here (the camera's habit in this place)
};

struct Ambience {
    double lowpass = 0.1; // one-pole coefficient: the noise's colour
    double tone = 220.0;  // Hz
};

struct FacePlan {
    int character = 0;
    double cx = 0.5, cy = 0.45; // the face's centre, as shares of the picture's width and height
    double size = 0.3;          // the face's height, as a share of the picture's
    double sway = 0;            // the phase of its small movement
};

struct ShotPlan {
    int64_t start = 0, end = 0; // frames [start, end]
    std::vector<FacePlan> faces;
    int scene = 0;
    double scale = 20, angle = 0, phase = 0, drift = 0;
    double light = 1.0; // this shot's lighting (DemoSetting::lighting)
};

struct ScenePlan {
    GeneratedScene info;
    Location location;
    Ambience ambience;
    std::vector<std::string> words;
    std::vector<int> characters; // DemoSetting::faces
};

Rgb hsv(double h, double s, double v) {
    h = std::fmod(h, 1.0) * 6.0;
    const int i = static_cast<int>(h);
    const double f = h - i, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    double r = v, g = t, b = p;
    switch (i % 6) {
    case 1: r = q, g = v, b = p; break;
    case 2: r = p, g = v, b = t; break;
    case 3: r = p, g = q, b = v; break;
    case 4: r = t, g = p, b = v; break;
    case 5: r = v, g = p, b = q; break;
    default: break;
    }
    return {static_cast<float>(r * 255), static_cast<float>(g * 255), static_cast<float>(b * 255)};
}

std::string makeWord(std::mt19937_64& rng) {
    static constexpr const char* kOnsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "st", "tr"};
    static constexpr const char* kVowels[] = {"a", "e", "i", "o", "u", "ai", "ou"};
    std::string w;
    const int syllables = 2 + static_cast<int>(rng() % 2);
    for (int i = 0; i < syllables; ++i) w += std::string(kOnsets[rng() % 18]) + kVowels[rng() % 7];
    return w;
}

// The cast (DemoSetting::faces): faces of face-api's sample photographs, {photo, x, y, width,
// height} in the photograph's pixels, as `bench_encoders cast` lists them: the detector's faces of
// score >= 0.7 and 160 px or more whose identities lie beyond 0.6 of each other (five people the
// identity network tells apart; the others in the photographs lie closer to one of these).
struct CastFace {
    int photo, x, y, width, height;
};
constexpr CastFace kCast[] = {
    {1, 810, 444, 264, 250}, {3, 1016, 237, 300, 286}, {5, 1073, 235, 247, 231}, {5, 325, 919, 265, 274}, {6, 1444, 319, 271, 274}};

/// A cast face cut out of its photograph with a margin: the picture composited, and where the face
/// lies in it.
struct Portrait {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;
    double faceX = 0, faceY = 0, faceW = 0, faceH = 0; // the face's box inside the portrait
};

std::vector<Portrait> loadCast() {
    std::vector<Portrait> cast;
    const std::string folder = features::packageFolder(features::faceApiPackage()) + "/demo/";
    for (const auto& c : kCast) {
        const std::string path = folder + "sample" + std::to_string(c.photo) + ".jpg";
        if (!std::filesystem::exists(path))
            throw Error(fileError(path, "missing: generated films with faces need the photographs of @vladmandic/face-api 1.7.15 "
                                        "(run packaging/install-deps.sh as root, or set MEGA_WEIGHTS_DIR)"));
        media::FrameReader reader(path);
        media::Frame f;
        if (!reader.next(f)) throw Error(fileError(path, "no picture"));
        const int mx = c.width * 35 / 100, my = c.height * 35 / 100;
        const int x0 = std::max(0, c.x - mx), y0 = std::max(0, c.y - my);
        const int x1 = std::min(f.width, c.x + c.width + mx), y1 = std::min(f.height, c.y + c.height + my);
        Portrait p;
        p.width = x1 - x0;
        p.height = y1 - y0;
        p.rgb.resize(static_cast<size_t>(p.width) * static_cast<size_t>(p.height) * 3);
        for (int y = y0; y < y1; ++y)
            std::copy(f.row(y) + static_cast<size_t>(x0) * 3, f.row(y) + static_cast<size_t>(x1) * 3,
                      p.rgb.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y - y0) * static_cast<size_t>(p.width) * 3));
        p.faceX = c.x - x0, p.faceY = c.y - y0, p.faceW = c.width, p.faceH = c.height;
        cast.push_back(std::move(p));
    }
    return cast;
}

constexpr const char* kFillers[] = {"the", "a", "we", "now", "here", "there", "you", "it", "is", "to", "go", "and"};
constexpr std::array<double, 5> kTpProgress = {0.12, 0.27, 0.50, 0.74, 0.90}; // typical relative positions

} // namespace

DemoSetting demoSetting(const std::string& name) {
    DemoSetting s;
    s.name = name;
    if (name == "classic") return s;
    if (name == "movienet") {
        s.shot_median_s = 2.75, s.min_shots = 3, s.max_shots = 10, s.dialogue = 0.6;
    } else if (name == "dissolves") {
        s.dissolves = 0.6;
    } else if (name == "lighting") {
        s.lighting = 0.5;
    } else if (name == "lookalike") {
        s.lookalike = 0.6;
    } else if (name == "music") {
        s.music = 0.5, s.dialogue = 0.5, s.new_sound = 0.5;
    } else if (name == "muted") {
        s.saturation = 0.35, s.dialogue = 0.7;
    } else if (name == "faces") {
        s.faces = 0.85, s.lookalike = 0.4, s.dialogue = 0.7;
    } else if (name == "mixed") {
        s.shot_median_s = 3.5, s.min_shots = 3, s.max_shots = 8, s.dissolves = 0.3, s.lighting = 0.25, s.lookalike = 0.3,
        s.dialogue = 0.7, s.music = 0.3, s.saturation = 0.7;
    } else {
        std::string known;
        for (const auto& n : demoSettingNames()) known += (known.empty() ? "" : ", ") + n;
        throw Error("no generated-film setting named '" + name + "' (known: " + known + ")");
    }
    return s;
}

std::vector<std::string> demoSettingNames() {
    return {"classic", "movienet", "dissolves", "lighting", "lookalike", "music", "muted", "mixed", "faces"};
}

int demoCastSize() { return static_cast<int>(std::size(kCast)); }

GeneratedFilm makeDemoFilm(const std::string& prefix, const DemoOptions& opt, const ProgressFn& progress,
                           std::stop_token stop) {
    if (opt.duration_s < 10) throw Error("a generated film must last at least 10 s");
    std::mt19937_64 rng(opt.seed);
    const DemoSetting& set = opt.setting;
    if (set.min_shots < 1 || set.max_shots < set.min_shots)
        throw Error("a generated film's scenes need 1 or more shots (min_shots <= max_shots)");
    for (const auto& [what, value] : {std::pair{"dissolves", set.dissolves}, {"lighting", set.lighting}, {"lookalike", set.lookalike},
                                      {"dialogue", set.dialogue}, {"music", set.music}, {"saturation", set.saturation},
                                      {"new_sound", set.new_sound}, {"new_words", set.new_words}})
        if (!(value >= 0 && value <= 1))
            throw Error("a generated film's setting '" + set.name + "' has " + what + " " + std::to_string(value) + "; it must lie in [0, 1]");
    if (set.shot_median_s < 0) throw Error("a generated film's median shot length cannot be negative");
    if (!(set.faces >= 0 && set.faces <= 1)) throw Error("a generated film's setting '" + set.name + "' has faces " + std::to_string(set.faces) + "; it must lie in [0, 1]");
    // Faces draw from their own generator, so films without faces stay as they were.
    std::mt19937_64 faceRng(opt.seed * 6151u + 11u);
    auto faceUniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(faceRng); };
    const std::vector<Portrait> cast = set.faces > 0 ? loadCast() : std::vector<Portrait>{};
    auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    const auto total = static_cast<int64_t>(std::llround(opt.duration_s * opt.fps));

    // ---- the plan: scenes of shots ----
    std::vector<ScenePlan> scenes;
    std::vector<ShotPlan> shots;
    auto newLocation = [&] {
        // Four colours of one hue family, of clearly different brightness: wherever a new shot's
        // texture moves a pixel to another band, the picture changes a lot (a hard cut), while the
        // scene's colour histogram stays the same.
        Location l;
        const double hue = uniform(0, 1);
        // Brightness and saturation both step by a quarter between the four colours (in shuffled
        // pairings): a pixel that changes band changes by ~25 % of the range at least twice over,
        // so a cut scores ~50 against the detector's 27, whatever the hue.
        std::array<double, 4> levels{0.25, 0.5, 0.72, 0.95}, sats{0.2, 0.45, 0.7, 0.95};
        std::shuffle(levels.begin(), levels.end(), rng);
        std::shuffle(sats.begin(), sats.end(), rng);
        for (int k = 0; k < 4; ++k)
            l.palette[static_cast<size_t>(k)] =
                hsv(hue + uniform(-0.05, 0.05), sats[static_cast<size_t>(k)] * set.saturation, levels[static_cast<size_t>(k)]);
        l.family = static_cast<int>(rng() % 4);
        l.drift = uniform(-2.0, 2.0);
        return l;
    };
    auto newWords = [&] {
        std::vector<std::string> w;
        for (int k = 0; k < 8; ++k) w.push_back(makeWord(rng));
        return w;
    };
    const int targetScenes = std::max(8, static_cast<int>(std::lround(opt.duration_s / 12.0)));
    int64_t frame = 0;
    while (frame < total) {
        ScenePlan sc;
        if (!scenes.empty()) {
            const ScenePlan& prev = scenes.back();
            sc.info.new_picture = uniform(0, 1) < 0.85;
            sc.info.new_sound = uniform(0, 1) < set.new_sound;
            sc.info.new_words = uniform(0, 1) < set.new_words;
            if (!sc.info.new_picture && !sc.info.new_sound && !sc.info.new_words) sc.info.new_picture = true;
            sc.info.fade_in = uniform(0, 1) < 0.3;
            if (!sc.info.fade_in && set.dissolves > 0) sc.info.dissolve_in = uniform(0, 1) < set.dissolves;
            sc.location = sc.info.new_picture ? newLocation() : prev.location;
            // A place that looks like an earlier one (not the scene just before): its colours, another texture.
            if (sc.info.new_picture && set.lookalike > 0 && scenes.size() >= 2 && uniform(0, 1) < set.lookalike) {
                const Location& like = scenes[rng() % (scenes.size() - 1)].location;
                sc.location.palette = like.palette;
                sc.location.family = (like.family + 1 + static_cast<int>(rng() % 3)) % 4;
                sc.info.looks_like_earlier = true;
            }
            sc.ambience = sc.info.new_sound ? Ambience{uniform(0.02, 0.5), uniform(110, 880)} : prev.ambience;
            sc.words = sc.info.new_words ? newWords() : prev.words;
        } else {
            sc.location = newLocation();
            sc.ambience = {uniform(0.02, 0.5), uniform(110, 880)};
            sc.words = newWords();
        }
        if (!cast.empty()) {
            // One or two characters a scene, drawn anew (a character may come back in a later scene).
            const int n = faceUniform(0, 1) < 0.5 ? 1 : 2;
            while (static_cast<int>(sc.characters.size()) < n) {
                const int c = static_cast<int>(faceRng() % cast.size());
                if (std::find(sc.characters.begin(), sc.characters.end(), c) == sc.characters.end()) sc.characters.push_back(c);
            }
        }
        // Scenes of about the same length (at least eight in a film, so the five turning points
        // fall in different ones), each cut into 2-5 shots of at least 1.2 s where it can be.
        double sceneFrames = static_cast<double>(total) / targetScenes * uniform(0.7, 1.3);
        int count = 0;
        std::vector<double> weights;
        if (set.shot_median_s > 0) {
            // Shot lengths as films have them: log-normal about the median (sigma 0.6), 1 s at least.
            count = set.min_shots + static_cast<int>(rng() % static_cast<uint64_t>(set.max_shots - set.min_shots + 1));
            std::lognormal_distribution<double> length(std::log(set.shot_median_s * opt.fps), 0.6);
            for (int k = 0; k < count; ++k) weights.push_back(std::max<double>(opt.fps, length(rng)));
            sceneFrames = std::accumulate(weights.begin(), weights.end(), 0.0);
        } else {
            count = set.min_shots + static_cast<int>(rng() % static_cast<uint64_t>(set.max_shots - set.min_shots + 1));
            while (count > 1 && sceneFrames / count < 1.2 * opt.fps) --count;
            weights.resize(static_cast<size_t>(count));
            for (auto& w : weights) w = uniform(0.6, 1.4);
        }
        const double weightSum = std::accumulate(weights.begin(), weights.end(), 0.0);
        sc.info.first_shot = static_cast<int64_t>(shots.size());
        for (int s = 0; s < count && frame < total; ++s) {
            ShotPlan sh;
            sh.scene = static_cast<int>(scenes.size());
            sh.start = frame;
            const auto len = std::max<int64_t>(opt.fps, std::llround(sceneFrames * weights[static_cast<size_t>(s)] / weightSum));
            sh.end = std::min(total, frame + len) - 1;
            // Scale, angle and phase differ from shot to shot, so every cut is a hard change.
            static constexpr std::array<double, 5> kScales{7, 14, 28, 56, 110};
            double scale = kScales[rng() % kScales.size()];
            while (s > 0 && scale == shots.back().scale) scale = kScales[rng() % kScales.size()];
            sh.scale = scale;
            sh.angle = uniform(0, std::numbers::pi);
            sh.phase = uniform(0, 4);
            sh.drift = sc.location.drift * uniform(0.8, 1.2);
            if (set.lighting > 0 && uniform(0, 1) < set.lighting) sh.light = uniform(0, 1) < 0.5 ? uniform(0.6, 0.8) : uniform(1.1, 1.25);
            if (!cast.empty() && faceUniform(0, 1) < set.faces) {
                // Shot and reverse shot: one of the scene's characters in turn, sometimes both.
                const auto& who = sc.characters;
                const bool both = who.size() > 1 && faceUniform(0, 1) < 0.3;
                for (size_t k = 0; k < who.size(); ++k) {
                    if (!both && k != static_cast<size_t>(s) % who.size()) continue;
                    FacePlan f;
                    f.character = who[k];
                    f.size = both ? faceUniform(0.24, 0.32) : faceUniform(0.28, 0.42);
                    f.cx = both ? (k == 0 ? faceUniform(0.25, 0.35) : faceUniform(0.65, 0.75)) : faceUniform(0.3, 0.7);
                    f.cy = faceUniform(0.38, 0.52);
                    f.sway = faceUniform(0, 2 * std::numbers::pi);
                    sh.faces.push_back(f);
                }
            }
            shots.push_back(sh);
            frame = sh.end + 1;
        }
        sc.info.last_shot = static_cast<int64_t>(shots.size()) - 1;
        scenes.push_back(std::move(sc));
    }
    // A last shot shorter than a second joins the one before it (the detector's minimum length).
    if (shots.size() > 1 && shots.back().end - shots.back().start < opt.fps) {
        const int scene = shots.back().scene;
        shots[shots.size() - 2].end = shots.back().end;
        shots.pop_back();
        if (scenes[static_cast<size_t>(scene)].info.first_shot > static_cast<int64_t>(shots.size()) - 1) scenes.pop_back();
        scenes.back().info.last_shot = static_cast<int64_t>(shots.size()) - 1;
    }
    if (scenes.size() < 6) throw Error("the film is too short for five turning points; make it longer");
    std::array<int64_t, 5> tpScenes{};
    for (size_t k = 0; k < 5; ++k) {
        auto s = static_cast<int64_t>(std::floor(kTpProgress[k] * static_cast<double>(scenes.size())));
        s = std::max<int64_t>(s, k == 0 ? 1 : tpScenes[k - 1] + 1); // the opening scene sets the story up
        tpScenes[k] = std::min<int64_t>(s, static_cast<int64_t>(scenes.size()) - 1);
    }
    std::array<std::vector<std::string>, 5> tpWords;
    for (auto& w : tpWords) w = {makeWord(rng), makeWord(rng)};

    // ---- subtitles and synopsis ----
    std::vector<media::SubtitleCue> cues;
    std::vector<bool> sceneHasCue(scenes.size(), false);
    for (const auto& sh : shots) {
        const double a = static_cast<double>(sh.start) / opt.fps + 0.2, b = static_cast<double>(sh.end + 1) / opt.fps - 0.1;
        if (b - a < 0.6) continue;
        // A TP scene's first cue is always said (it carries the TP's words); others as the setting has it.
        const bool tpScene = std::find(tpScenes.begin(), tpScenes.end(), sh.scene) != tpScenes.end();
        if (set.dialogue < 1 && !(tpScene && !sceneHasCue[static_cast<size_t>(sh.scene)]) && uniform(0, 1) >= set.dialogue) continue;
        const auto& words = scenes[static_cast<size_t>(sh.scene)].words;
        std::string text;
        const int n = 4 + static_cast<int>(rng() % 3);
        for (int k = 0; k < n; ++k) {
            if (!text.empty()) text += ' ';
            text += uniform(0, 1) < 0.6 ? words[rng() % words.size()] : kFillers[rng() % 12];
        }
        // The first cue of a TP scene carries the TP's words (the synopsis sentence has them too).
        const auto tp = std::find(tpScenes.begin(), tpScenes.end(), sh.scene);
        if (tp != tpScenes.end() && !sceneHasCue[static_cast<size_t>(sh.scene)])
            for (const auto& w : tpWords[static_cast<size_t>(tp - tpScenes.begin())]) text += ' ' + w;
        sceneHasCue[static_cast<size_t>(sh.scene)] = true;
        cues.push_back({a, std::min(b, a + 3.5), text});
    }
    std::vector<std::string> sentences;
    for (size_t c = 0; c < scenes.size(); ++c) {
        const auto& w = scenes[c].words;
        std::string s = "In the " + w[0] + " " + w[1] + ", they " + w[2] + " the " + w[3];
        const auto tp = std::find(tpScenes.begin(), tpScenes.end(), static_cast<int64_t>(c));
        if (tp != tpScenes.end()) {
            const auto& k = tpWords[static_cast<size_t>(tp - tpScenes.begin())];
            s += " and " + k[0] + " the " + k[1];
        }
        s += ".";
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
        sentences.push_back(s);
    }

    // ---- the film ----
    GeneratedFilm out;
    out.film = prefix + ".mp4";
    const film::Sidecars sidecars = film::sidecarNames(out.film); // where ingest and features look for them
    out.subtitles = sidecars.subtitles;
    out.synopsis = sidecars.synopsis;
    out.truth = prefix + ".truth.json";
    std::filesystem::path dir = std::filesystem::path(prefix).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    media::MovieWriter writer(out.film, {opt.width, opt.height, opt.fps, opt.sample_rate, 20, "veryfast"});
    const int W = opt.width, H = opt.height;
    std::vector<uint8_t> rgb(static_cast<size_t>(W) * static_cast<size_t>(H) * 3);
    std::vector<float> audio;
    std::vector<float> rowWave(static_cast<size_t>(W));
    const int fade = std::max(2, opt.fps / 2);
    double noiseState = 0.0, tonePhase = 0.0;
    std::mt19937 noise(static_cast<uint32_t>(opt.seed * 7919u + 17u));
    std::uniform_real_distribution<float> white(-1.0f, 1.0f);
    // One frame of a shot, t seconds into it, at `gain` (fades), into `px`.
    auto paint = [&](const ShotPlan& sh, double t, double gain, uint8_t* px) {
        const Location& loc = scenes[static_cast<size_t>(sh.scene)].location;
        const double ca = std::cos(sh.angle), sa = std::sin(sh.angle);
        const double shift = sh.drift * t * 10.0;
        if (loc.family == 2)
            for (int x = 0; x < W; ++x) rowWave[static_cast<size_t>(x)] = static_cast<float>(std::sin((x + shift) / sh.scale));
        for (int y = 0; y < H; ++y) {
            const float shade = static_cast<float>(gain * sh.light * (0.8 + 0.2 * y / H));
            const double wy = std::sin(y / (sh.scale * 0.8) + sh.phase);
            for (int x = 0; x < W; ++x) {
                int band = 0;
                switch (loc.family) {
                case 0: band = static_cast<int>(std::floor((x * ca + y * sa + shift) / sh.scale + sh.phase)) & 3; break;
                case 1: band = ((static_cast<int>((x + shift) / sh.scale) ^ static_cast<int>(y / sh.scale)) + static_cast<int>(sh.phase)) & 3; break;
                case 2: band = static_cast<int>((rowWave[static_cast<size_t>(x)] + wy + 2.0) * 0.999) & 3; break;
                default: {
                    const double dx = x - W * (0.5 + 0.2 * ca), dy = y - H * (0.5 + 0.2 * sa);
                    band = static_cast<int>(std::floor(std::sqrt(dx * dx + dy * dy) / sh.scale + sh.phase - shift / sh.scale)) & 3;
                }
                }
                const Rgb& c = loc.palette[static_cast<size_t>(band)];
                uint8_t* p = px + (static_cast<size_t>(y) * static_cast<size_t>(W) + static_cast<size_t>(x)) * 3;
                // Through int: a float below 0 (a hue just under 0 can give one) wraps as it always has,
                // without the undefined float-to-uint8 conversion.
                p[0] = static_cast<uint8_t>(static_cast<int>(std::min(255.f, c.r * shade)));
                p[1] = static_cast<uint8_t>(static_cast<int>(std::min(255.f, c.g * shade)));
                p[2] = static_cast<uint8_t>(static_cast<int>(std::min(255.f, c.b * shade)));
            }
        }
    };
    // The shot's faces over its place: each portrait scaled to the face's size, a soft oval around
    // the face, lit as the shot is and moved a little (a few pixels, slowly).
    auto faceBox = [&](const FacePlan& f, double t) {
        const Portrait& p = cast[static_cast<size_t>(f.character)];
        const double scale = f.size * H / p.faceH;
        const double cx = f.cx * W + 0.012 * W * std::sin(0.9 * t + f.sway), cy = f.cy * H + 0.008 * H * std::sin(0.7 * t + 2 * f.sway);
        const double faceW = p.faceW * scale, faceH = p.faceH * scale;
        return std::array<double, 5>{cx - faceW / 2, cy - faceH / 2, faceW, faceH, scale};
    };
    auto composite = [&](const ShotPlan& sh, double t, double gain, uint8_t* px) {
        for (const auto& f : sh.faces) {
            const Portrait& p = cast[static_cast<size_t>(f.character)];
            const auto [fx, fy, fw, fh, scale] = faceBox(f, t);
            const double ox = fx - p.faceX * scale, oy = fy - p.faceY * scale; // the portrait's corner in the picture
            const double light = gain * sh.light;
            const int x0 = std::max(0, static_cast<int>(ox)), y0 = std::max(0, static_cast<int>(oy));
            const int x1 = std::min(W, static_cast<int>(ox + p.width * scale)), y1 = std::min(H, static_cast<int>(oy + p.height * scale));
            const double ecx = fx + fw / 2, ecy = fy + fh / 2 + 0.1 * fh, erx = fw * 0.95, ery = fh * 1.05;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x) {
                    const double dx = (x - ecx) / erx, dy = (y - ecy) / ery;
                    const double alpha = std::clamp((1.0 - (dx * dx + dy * dy)) * 4.0, 0.0, 1.0);
                    if (alpha <= 0) continue;
                    // Bilinear from the portrait.
                    const double sx = std::clamp((x - ox) / scale, 0.0, p.width - 1.001), sy = std::clamp((y - oy) / scale, 0.0, p.height - 1.001);
                    const int ix = static_cast<int>(sx), iy = static_cast<int>(sy);
                    const double ax = sx - ix, ay = sy - iy;
                    const uint8_t* q = p.rgb.data() + (static_cast<size_t>(iy) * static_cast<size_t>(p.width) + static_cast<size_t>(ix)) * 3;
                    const size_t stride = static_cast<size_t>(p.width) * 3;
                    uint8_t* o = px + (static_cast<size_t>(y) * static_cast<size_t>(W) + static_cast<size_t>(x)) * 3;
                    for (int c = 0; c < 3; ++c) {
                        const double v = (1 - ay) * ((1 - ax) * q[c] + ax * q[3 + c]) + ay * ((1 - ax) * q[stride + c] + ax * q[stride + 3 + c]);
                        o[c] = static_cast<uint8_t>(std::clamp(std::lround((1 - alpha) * o[c] + alpha * std::min(255.0, v * light)), 0L, 255L));
                    }
                }
        }
    };
    std::vector<uint8_t> next; // the picture dissolved into
    // The music bed (DemoSetting::music): notes of a pentatonic scale, each 1.5-6 s, regardless of scenes.
    std::mt19937_64 musicRng(opt.seed * 104729u + 3u);
    double musicPhase = 0.0, note = 0.0;
    int64_t noteEnd = 0, sample = 0;
    for (const auto& sh : shots) {
        const ScenePlan& sc = scenes[static_cast<size_t>(sh.scene)];
        const auto index = static_cast<size_t>(&sh - shots.data());
        const bool firstOfScene = sc.info.first_shot == static_cast<int64_t>(index);
        const bool lastOfScene = sc.info.last_shot == static_cast<int64_t>(index);
        const bool fadeOut = lastOfScene && static_cast<size_t>(sh.scene + 1) < scenes.size() &&
                             scenes[static_cast<size_t>(sh.scene) + 1].info.fade_in;
        const bool dissolveOut = lastOfScene && index + 1 < shots.size() && scenes[static_cast<size_t>(sh.scene) + 1].info.dissolve_in;
        for (int64_t f = sh.start; f <= sh.end; ++f) {
            if (stop.stop_requested()) throw Cancelled();
            const double t = static_cast<double>(f - sh.start) / opt.fps;
            double gain = 1.0;
            if (firstOfScene && sc.info.fade_in) gain = std::min(gain, static_cast<double>(f - sh.start) / fade);
            if (fadeOut) gain = std::min(gain, static_cast<double>(sh.end - f) / fade);
            gain = std::clamp(gain, 0.0, 1.0);
            paint(sh, t, gain, rgb.data());
            composite(sh, t, gain, rgb.data());
            // A dissolve: over the scene's last `fade` frames the next scene's first picture shows through.
            if (dissolveOut && sh.end - f < fade) {
                next.resize(rgb.size());
                paint(shots[index + 1], 0.0, 1.0, next.data());
                composite(shots[index + 1], 0.0, 1.0, next.data());
                const double alpha = static_cast<double>(fade - (sh.end - f)) / (fade + 1);
                for (size_t k = 0; k < rgb.size(); ++k)
                    rgb[k] = static_cast<uint8_t>(std::lround((1 - alpha) * rgb[k] + alpha * next[k]));
            }
            writer.writeFrame(rgb.data());
            // This frame's share of the soundtrack: the scene's ambience, faded with the picture.
            const int64_t s0 = f * opt.sample_rate / opt.fps, s1 = (f + 1) * opt.sample_rate / opt.fps;
            audio.resize(static_cast<size_t>(s1 - s0));
            for (auto& a : audio) {
                noiseState += sc.ambience.lowpass * (white(noise) - noiseState);
                tonePhase += 2.0 * std::numbers::pi * sc.ambience.tone / opt.sample_rate;
                a = static_cast<float>(gain * (0.6 * noiseState + 0.12 * std::sin(tonePhase)));
                if (set.music > 0) {
                    if (sample >= noteEnd) {
                        static constexpr std::array<double, 5> kScale{261.6, 293.7, 329.6, 392.0, 440.0};
                        note = kScale[musicRng() % kScale.size()] * (musicRng() % 2 ? 1.0 : 0.5);
                        noteEnd = sample + static_cast<int64_t>(opt.sample_rate * (1.5 + 4.5 * double(musicRng() % 1000) / 1000.0));
                    }
                    musicPhase += 2.0 * std::numbers::pi * note / opt.sample_rate;
                    a += static_cast<float>(set.music * 0.3 * (std::sin(musicPhase) + 0.3 * std::sin(2 * musicPhase)));
                }
                ++sample;
            }
            writer.writeAudio(audio.data(), audio.size());
            if (progress && f % 25 == 0) progress({f, total, "generating"});
        }
    }
    writer.finish();

    // ---- subtitles, synopsis and the truth ----
    io::writeTextFile(out.subtitles, io::writeSrt(cues));
    std::string synopsisText;
    for (const auto& s : sentences) synopsisText += s + "\n";
    io::writeTextFile(out.synopsis, synopsisText);
    io::TripodSynopsis tripod; // the synopsis with its TP labels, as TRIPOD's CSV has them
    tripod.movie = std::filesystem::path(prefix).filename().string();
    tripod.sentences = sentences;
    tripod.raw = synopsisText;
    for (size_t k = 0; k < 5; ++k) tripod.tps[k] = {tpScenes[k]};
    out.tripod = prefix + ".tripod.csv";
    io::writeTextFile(out.tripod, io::writeTripodSynopses({tripod}));

    io::FilmAnnotation truth;
    truth.film.name = std::filesystem::path(prefix).filename().string();
    truth.film.path = std::filesystem::absolute(out.film).string();
    truth.film.fps = opt.fps;
    truth.film.frame_count = total;
    truth.film.width = W;
    truth.film.height = H;
    truth.film.duration_s = static_cast<double>(total) / opt.fps;
    for (const auto& sh : shots) {
        truth.shots.push_back({sh.start, sh.end, static_cast<double>(sh.start) / opt.fps, static_cast<double>(sh.end + 1) / opt.fps});
        out.shot_starts.push_back(sh.start);
        if (sh.start > 0) out.cuts.push_back(sh.start);
        auto& faces = out.faces.emplace_back();
        for (const auto& f : sh.faces) {
            const auto b = faceBox(f, 0.0);
            faces.push_back({f.character, b[0], b[1], b[2], b[3]});
        }
    }
    for (size_t c = 0; c < scenes.size(); ++c) {
        const auto& i = scenes[c].info;
        truth.scenes.push_back({static_cast<int64_t>(c), i.first_shot, i.last_shot, truth.shots[static_cast<size_t>(i.first_shot)].start_s,
                                truth.shots[static_cast<size_t>(i.last_shot)].end_s});
        if (c + 1 < scenes.size()) {
            store::SceneBoundary b;
            b.shot_index = i.last_shot;
            b.source = "truth:generator";
            b.status = store::ReviewStatus::Accepted;
            truth.boundaries.push_back(b);
        }
        out.scenes.push_back(i);
    }
    for (size_t k = 0; k < 5; ++k) {
        const int64_t scene = tpScenes[k];
        out.tp_scenes.push_back(scene);
        for (auto [unit, index] : {std::pair{store::UnitKind::Scene, scene},
                                   std::pair{store::UnitKind::Shot, scenes[static_cast<size_t>(scene)].info.first_shot},
                                   std::pair{store::UnitKind::Sentence, scene}}) {
            store::TurningPoint t;
            t.tp = static_cast<int>(k) + 1;
            t.unit = unit;
            t.index = index;
            t.source = "truth:generator";
            t.status = store::ReviewStatus::Accepted;
            truth.turning_points.push_back(t);
        }
    }
    truth.synopses[""] = sentences;
    truth.cues = cues;
    auto j = nlohmann::json::parse(io::toJson(truth));
    nlohmann::json scenesInfo = nlohmann::json::array();
    for (const auto& s : scenes)
        scenesInfo.push_back({{"fade_in", s.info.fade_in}, {"dissolve_in", s.info.dissolve_in}, {"new_picture", s.info.new_picture},
                              {"new_sound", s.info.new_sound}, {"new_words", s.info.new_words},
                              {"looks_like_earlier", s.info.looks_like_earlier}, {"texture", s.location.family}});
    const DemoSetting& st = opt.setting;
    const nlohmann::json setting = {{"name", st.name}, {"shot_median_s", st.shot_median_s}, {"min_shots", st.min_shots},
                                    {"max_shots", st.max_shots}, {"dissolves", st.dissolves}, {"lighting", st.lighting},
                                    {"lookalike", st.lookalike}, {"dialogue", st.dialogue}, {"music", st.music},
                                    {"saturation", st.saturation}, {"new_sound", st.new_sound}, {"new_words", st.new_words},
                                    {"faces", st.faces}};
    j["generator"] = {{"seed", opt.seed}, {"setting", setting}, {"cuts", out.cuts}, {"scenes", scenesInfo}, {"tp_scenes", out.tp_scenes}};
    if (!cast.empty()) {
        nlohmann::json faces = nlohmann::json::array(); // per shot: the cast faces at its first frame
        for (const auto& shot : out.faces) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& f : shot)
                list.push_back({{"character", f.character}, {"x", f.x}, {"y", f.y}, {"width", f.width}, {"height", f.height}});
            faces.push_back(list);
        }
        j["generator"]["faces"] = faces;
        j["generator"]["scene_characters"] = nlohmann::json::array();
        for (const auto& sc : scenes) j["generator"]["scene_characters"].push_back(sc.characters);
    }
    io::writeTextFile(out.truth, j.dump(2) + "\n");
    out.frame_count = total;
    if (progress) progress({total, total, "generating"});
    return out;
}

} // namespace mega::demo
