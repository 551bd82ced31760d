#include "core/demo/generated_film.h"

#include "core/film/sidecars.h"
#include "core/io/film_annotation.h"
#include "core/io/text_formats.h"
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

struct ShotPlan {
    int64_t start = 0, end = 0; // frames [start, end]
    int scene = 0;
    double scale = 20, angle = 0, phase = 0, drift = 0;
    double light = 1.0; // this shot's lighting (DemoSetting::lighting)
};

struct ScenePlan {
    GeneratedScene info;
    Location location;
    Ambience ambience;
    std::vector<std::string> words;
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
    return {"classic", "movienet", "dissolves", "lighting", "lookalike", "music", "muted", "mixed"};
}

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
            // A dissolve: over the scene's last `fade` frames the next scene's first picture shows through.
            if (dissolveOut && sh.end - f < fade) {
                next.resize(rgb.size());
                paint(shots[index + 1], 0.0, 1.0, next.data());
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
                                    {"saturation", st.saturation}, {"new_sound", st.new_sound}, {"new_words", st.new_words}};
    j["generator"] = {{"seed", opt.seed}, {"setting", setting}, {"cuts", out.cuts}, {"scenes", scenesInfo}, {"tp_scenes", out.tp_scenes}};
    io::writeTextFile(out.truth, j.dump(2) + "\n");
    out.frame_count = total;
    if (progress) progress({total, total, "generating"});
    return out;
}

} // namespace mega::demo
