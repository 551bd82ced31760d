// `mega-model`: the command line's model work (train, predict, explain). A separate program so
// LibTorch's start-up cost (~0.6 s, ~160 MB) is paid only by commands that run a model; `mega`
// hands these commands to it, so users only ever type `mega train ...`.
#include "app/mega/args.h"
#include "app/mega/json_files.h"
#include "core/common/error.h"
#include "core/features/npy.h"
#include "core/io/text_formats.h"
#include "core/model/checkpoint.h"
#include "core/model/inference.h"
#include "core/model/predictor.h"
#include "core/store/project.h"
#include "core/train/trainer.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

using namespace mega;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage = R"(usage: mega train|predict|explain ...

  train scenes --config CFG.json --gold G.json -o MODEL.ckpt [--val DIR,DIR...] [--seed N]
               [--epochs N] [--resume] [--threads N] [--quiet] DIR...
  train tp --config act_shot.json --gold G.json -o MODEL.ckpt [--synopsis-config act_synopsis.json]
           [--shot-labels] [--val DIR,DIR...] [--seed N] [--epochs N] [--resume] [--threads N] DIR...
      train a model on films' per-shot features (DIR: what `mega features --per-shot -o DIR`
      writes; the film's id is DIR's name). G.json is `mega eval`'s gold format: scenes
      {"films": [{"id", "labels": [0,1,...]}]}, tp {"films": [{"id", "tps": [[shots] x5],
      "sentence_tps": [[sentences] x5]}]}. tp trains by distillation from the synopsis
      (DIR/synopsis.npy and sentence_tps; the synopsis model goes to MODEL.ckpt.synopsis) or,
      with --shot-labels, on TP labels on shots. MODEL.ckpt.last holds the last epoch;
      --resume continues from it. Films named by --val are held out to choose the best epoch.
  predict scenes|tp --model MODEL.ckpt [-o P.json] [--threads N] DIR...
          [--project P.mega --film FILM [--min 0.5]]
      scene probabilities per shot, or the five TP distributions over shots, in the format
      `mega eval --pred` reads; with --project, also stored as the film's proposals (source
      model:NAME; scene boundaries where P >= --min, TPs at each distribution's peak), which
      mega-studio then shows for review (one features folder: the film's)
  explain --model MODEL.ckpt (--shot N | --tp N) [--threads N] DIR
      Grad-CAM: each modality's share of a prediction, and the fusion attention
)";

struct Usage {
    std::string message;
};

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ','))
        if (!part.empty()) out.push_back(part);
    return out;
}

std::string filmId(const std::string& dir) {
    fs::path p = fs::path(dir).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    return p.filename().string();
}

model::FeatureTable readTable(const std::string& dir, const std::string& name) {
    model::FeatureTable t;
    t.name = name;
    std::string path = (fs::path(dir) / (name + ".shots.npy")).string();
    if (!fs::exists(path)) path = (fs::path(dir) / (name + ".npy")).string();
    if (!fs::exists(path)) throw Error(fileError(dir, "has no features for the modality \"" + name + "\" (" + name + ".shots.npy)"));
    const auto a = features::readNpy(path);
    if (a.shape.size() != 2) throw Error(fileError(path, "features must be a 2-D array (units x dimensions)"));
    t.rows = a.shape[0];
    t.cols = a.shape[1];
    t.values.assign(a.values.begin(), a.values.end());
    const std::string maskPath = (fs::path(dir) / (name + ".mask.npy")).string();
    if (fs::exists(maskPath)) {
        const auto m = features::readNpy(maskPath);
        if (int64_t(m.values.size()) != t.rows) throw Error(fileError(maskPath, "needs one value per row of " + path));
        for (double v : m.values) t.present.push_back(v != 0 ? 1 : 0);
    }
    return t;
}

model::FilmFeatures readFilm(const std::string& dir, const model::ModelConfig& c) {
    if (!fs::is_directory(dir)) throw Error(fileError(dir, "is not a features folder (mega features --per-shot -o DIR)"));
    model::FilmFeatures f;
    for (const auto& m : c.modalities) f.push_back(readTable(dir, m.name));
    return f;
}

model::FilmInput toInput(const model::FilmFeatures& f, const model::ModelConfig& c, const std::string& dir) {
    try {
        return model::filmInput(c, f);
    } catch (const Error& e) {
        throw Error(fileError(dir, e.what()));
    }
}

template <typename T> T goldField(const std::string& path, const std::string& id, const json& g, const char* key) {
    try {
        return g.at(key).get<T>();
    } catch (const json::exception& e) {
        throw Error(fileError(path, "film " + id + ": " + e.what()));
    }
}

void setThreads(const cli::Args& a) {
    const int n = a.integer("threads", int(std::max(1u, std::thread::hardware_concurrency())));
    at::set_num_threads(std::max(1, n));
}

std::stop_source g_stop;
extern "C" void onSignal(int) { g_stop.request_stop(); }

void writeJson(const std::optional<std::string>& out, const json& j) {
    if (!out || *out == "-") {
        std::cout << j.dump(1) << "\n";
        return;
    }
    std::ofstream f(*out);
    if (!f) throw Error(fileError(*out, "cannot write"));
    f << j.dump(1) << "\n";
    if (!f) throw Error(fileError(*out, "cannot write"));
}

int runTrain(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"config", "synopsis-config", "gold", "o", "val", "seed", "epochs", "threads"},
                      {"resume", "shot-labels", "quiet"});
    if (a.positional().empty() || (a.positional()[0] != "scenes" && a.positional()[0] != "tp"))
        throw Usage{"train takes 'scenes' or 'tp'"};
    const bool scenes = a.positional()[0] == "scenes";
    const auto cfgPath = a.value("config"), goldPath = a.value("gold"), out = a.value("o");
    if (!cfgPath || !goldPath || !out) throw Usage{"train needs --config, --gold and -o"};
    std::vector<std::string> dirs(a.positional().begin() + 1, a.positional().end());
    if (dirs.empty()) throw Usage{"train needs at least one features folder"};
    setThreads(a);
    const model::ModelConfig cfg = model::readModelConfig(*cfgPath);
    const auto gold = cli::filmsById(*goldPath);
    const auto valIds = a.value("val") ? splitList(*a.value("val")) : std::vector<std::string>{};
    train::TrainOptions o;
    o.seed = uint64_t(a.integer("seed", 0));
    if (a.value("epochs")) o.epochs = a.integer("epochs", cfg.train.epochs);
    o.checkpoint = *out;
    if (a.flag("resume")) {
        o.resume = *out + ".last";
        if (!fs::exists(o.resume)) throw Error(fileError(o.resume, "no such checkpoint to resume from"));
    }
    const bool quiet = a.flag("quiet");
    auto progress = [quiet](const train::TrainProgress& p) {
        if (quiet || p.stage != "validate") return;
        std::fprintf(stderr, "epoch %d/%d: loss %.4f, validation %.4f\n", p.epoch + 1, p.epochs, p.loss, p.metric);
    };
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    torch::manual_seed(o.seed);
    train::TrainResult r;
    auto goldOf = [&](const std::string& id, const std::string& dir) -> const json& {
        auto it = gold.find(id);
        if (it == gold.end()) throw Error(fileError(*goldPath, "has no film " + id + " (from " + dir + ")"));
        return it->second;
    };
    auto isVal = [&](const std::string& id) { return std::find(valIds.begin(), valIds.end(), id) != valIds.end(); };
    try {
        if (scenes) {
            std::vector<train::SceneExample> tr, va;
            for (const auto& d : dirs) {
                train::SceneExample e;
                e.id = filmId(d);
                const json& g = goldOf(e.id, d);
                e.film = toInput(readFilm(d, cfg), cfg, d);
                e.labels = goldField<std::vector<int>>(*goldPath, e.id, g, "labels");
                (isVal(e.id) ? va : tr).push_back(std::move(e));
            }
            model::MegaNet net(cfg);
            r = train::trainScene(net, tr, va, o, progress, g_stop.get_token());
        } else {
            const bool shotLabels = a.flag("shot-labels");
            o.act_loss = shotLabels ? train::ActLoss::ShotLabels : train::ActLoss::Distillation;
            std::optional<model::ModelConfig> synCfg;
            if (!shotLabels) {
                if (!a.value("synopsis-config")) throw Usage{"train tp needs --synopsis-config (or --shot-labels)"};
                synCfg = model::readModelConfig(*a.value("synopsis-config"));
            }
            std::vector<train::ActExample> tr, va;
            for (const auto& d : dirs) {
                train::ActExample e;
                e.id = filmId(d);
                const json& g = goldOf(e.id, d);
                e.shots = toInput(readFilm(d, cfg), cfg, d);
                const auto tps = goldField<std::vector<std::vector<int64_t>>>(*goldPath, e.id, g, "tps");
                if (tps.size() != 5) throw Error(fileError(*goldPath, "film " + e.id + ": \"tps\" needs 5 lists"));
                for (int n = 0; n < 5; ++n) e.shot_tps[n] = tps[n];
                if (synCfg && !isVal(e.id)) {
                    const auto s = goldField<std::vector<std::vector<int64_t>>>(*goldPath, e.id, g, "sentence_tps");
                    if (s.size() != 5) throw Error(fileError(*goldPath, "film " + e.id + ": \"sentence_tps\" needs 5 lists"));
                    for (int n = 0; n < 5; ++n) e.sentence_tps[n] = s[n];
                    const auto t = readTable(d, synCfg->modalities.at(0).name);
                    e.synopsis = torch::from_blob(const_cast<float*>(t.values.data()), {t.rows, t.cols}, torch::kFloat32).clone();
                }
                (isVal(e.id) ? va : tr).push_back(std::move(e));
            }
            model::MegaNet shots(cfg);
            if (synCfg) {
                model::MegaNet syn(*synCfg);
                r = train::trainAct(shots, &syn, tr, va, o, progress, g_stop.get_token());
            } else {
                r = train::trainAct(shots, nullptr, tr, va, o, progress, g_stop.get_token());
            }
        }
    } catch (const Cancelled&) {
        std::fprintf(stderr, "mega train: stopped; resume with --resume (from %s.last)\n", out->c_str());
        return 1;
    }
    std::printf("best epoch %d of %zu, validation %.4f%s; wrote %s\n", r.best_epoch + 1, r.history.size(), r.best_metric,
                r.stopped_early ? " (stopped early)" : "", out->c_str());
    return 0;
}

int runPredict(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"model", "o", "threads", "project", "film", "min"}, {});
    if (a.positional().empty() || (a.positional()[0] != "scenes" && a.positional()[0] != "tp"))
        throw Usage{"predict takes 'scenes' or 'tp'"};
    if (a.value("project") && (!a.value("film") || a.positional().size() != 2))
        throw Usage{"predict --project needs --film FILM and exactly one features folder (that film's)"};
    const auto modelPath = a.value("model");
    if (!modelPath) throw Usage{"predict needs --model MODEL.ckpt"};
    std::vector<std::string> dirs(a.positional().begin() + 1, a.positional().end());
    if (dirs.empty()) throw Usage{"predict needs at least one features folder"};
    setThreads(a);
    model::Predictor p(*modelPath);
    json films = json::array();
    for (const auto& d : dirs) {
        const auto film = readFilm(d, p.config());
        json f = {{"id", filmId(d)}};
        if (a.positional()[0] == "scenes") {
            f["scores"] = p.sceneProbabilities(film);
        } else {
            const auto tp = p.turningPoints(film);
            f["distributions"] = tp.distribution;
            f["tps"] = tp.shot;
        }
        films.push_back(f);
    }
    if (auto projectPath = a.value("project")) {
        store::Project project(*projectPath, store::Project::Mode::Open);
        const store::Film film = project.filmByIdOrName(*a.value("film"));
        const size_t shots = project.shots(film.id).size();
        const json& f = films[0];
        const size_t units = f.contains("scores") ? f["scores"].size() : f["distributions"][0].size();
        if (units != shots)
            throw Error(fileError(a.positional()[1], "has features for " + std::to_string(units) + " shots but film '" + film.name +
                                                         "' has " + std::to_string(shots) + " in " + *projectPath));
        const std::string source = film::Source::model(p.config().name).str();
        store::ModelVersion mv;
        mv.name = p.config().name;
        mv.config_json = model::toJson(p.config());
        mv.checkpoint = fs::absolute(*modelPath).string();
        mv.metrics_json = p.metadata();
        size_t stored = 0;
        project.batch([&] {
            project.addModelVersion(mv);
            if (f.contains("scores")) {
                const double min = a.number("min", 0.5);
                std::vector<store::SceneBoundary> bs;
                const auto scores = f["scores"].get<std::vector<double>>();
                for (size_t i = 0; i + 1 < scores.size(); ++i) // no boundary after the last shot
                    if (scores[i] >= min) {
                        store::SceneBoundary b;
                        b.shot_index = int64_t(i);
                        b.probability = scores[i];
                        b.source = source;
                        bs.push_back(b);
                    }
                project.setBoundaries(film.id, source, bs);
                stored = bs.size();
            } else {
                std::vector<store::TurningPoint> tps;
                for (int n = 0; n < 5; ++n) {
                    store::TurningPoint t;
                    t.tp = n + 1;
                    t.unit = store::UnitKind::Shot;
                    t.index = f["tps"][size_t(n)].get<int64_t>();
                    t.probability = f["distributions"][size_t(n)][size_t(t.index)].get<double>();
                    t.source = source;
                    tps.push_back(t);
                }
                project.setTurningPoints(film.id, source, "", tps);
                stored = tps.size();
            }
        });
        std::fprintf(stderr, "stored %zu %s of %s in %s (film '%s')\n", stored, f.contains("scores") ? "boundaries" : "turning points",
                     source.c_str(), projectPath->c_str(), film.name.c_str());
    }
    if (!a.value("project") || a.value("o")) writeJson(a.value("o"), {{"model", *modelPath}, {"films", films}});
    return 0;
}

int runExplain(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"model", "shot", "tp", "threads"}, {});
    const auto modelPath = a.value("model");
    if (!modelPath || a.positional().size() != 1) throw Usage{"explain needs --model MODEL.ckpt and one features folder"};
    if (!a.value("shot") == !a.value("tp")) throw Usage{"explain needs --shot N or --tp N (1..5)"};
    setThreads(a);
    model::Predictor p(*modelPath);
    const auto film = readFilm(a.positional()[0], p.config());
    json j = {{"id", filmId(a.positional()[0])}};
    model::Contribution c;
    int64_t unit;
    if (a.value("shot")) {
        unit = a.integer("shot", 0);
        c = p.explainScene(film, unit);
    } else {
        const int tp = a.integer("tp", 0);
        if (tp < 1 || tp > 5) throw Usage{"--tp is 1..5"};
        c = p.explainTurningPoint(film, tp - 1);
        unit = c.unit;
        j["tp"] = tp;
    }
    j["unit"] = unit;
    j["contribution"] = json::object();
    for (size_t m = 0; m < c.modality.size(); ++m) j["contribution"][c.modality[m]] = c.share[m];
    j["fusion_attention"] = p.fusionAttention(film, unit);
    std::cout << j.dump(1) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool help = std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; }) != args.end();
    if (args.empty() || help) {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return help ? 0 : 2;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "train") return runTrain(args);
        if (command == "predict") return runPredict(args);
        if (command == "explain") return runExplain(args);
        std::fprintf(stderr, "mega: unknown command '%s'\n%s", command.c_str(), kUsage);
        return 2;
    } catch (const Usage& e) {
        std::fprintf(stderr, "mega %s: %s\n%s", command.c_str(), e.message.c_str(), kUsage);
        return 2;
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "mega %s: %s (see mega %s --help)\n", command.c_str(), e.message.c_str(), command.c_str());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "mega %s: error: %s\n", command.c_str(), e.what());
        return 1;
    } catch (const c10::Error& e) {
        std::fprintf(stderr, "mega %s: error: %s\n", command.c_str(), e.what_without_backtrace());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mega %s: internal error: %s\n", command.c_str(), e.what());
        return 1;
    }
}
