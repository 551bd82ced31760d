// `mega-model`: the command line's model work (train, predict, explain). A separate program so
// LibTorch's start-up cost (~0.6 s, ~160 MB) is paid only by commands that run a model; `mega`
// hands these commands to it, so users only ever type `mega train ...`.
#include "app/mega/args.h"
#include "app/mega/json_files.h"
#include "app/mega/progress_bar.h"
#include "core/common/error.h"
#include "core/common/version.h"
#include "core/features/plugin.h"
#include "core/io/text_formats.h"
#include "core/model/predictor.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/folders.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/pipeline/synopsis_tp.h"
#include "core/store/new_project.h"
#include "core/store/project.h"

#include <c10/util/Exception.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

using namespace mega;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage = R"(usage: mega ingest|propose|train|predict|explain ...
       mega-model --help | --version

  The loop, over a project (P.mega; FILM is a film's id or name):
  ingest FILM... -p P.mega [-j N] [--force] [--no-propose] [--author NAME] [--threads N] [--quiet]
      bring films in (probe, shots, the built-in features as files beside the project, subtitles
      and synopsis beside the film) and propose with the active scene and TP models. Idempotent: a film
      already in the project with current features is skipped, so a killed run is resumed by
      running it again. -j N ingests N films at once.
  propose P.mega [--task scene|tp] [--film FILM] [--model VERSION] [--min P]
      run the active scene and TP models (or one task's VERSION) over every film not yet reviewed (or FILM)
      and store its proposals; a person's decisions are kept, the model's scores stored beside them.
      A new project's models are the cold-start ones: scene-base (scenes: the shipped
      models/scene_base.ckpt on films with their picture, the novelty proposer on films without),
      theory positions (TPs)
  train P.mega --task scene|tp [--epochs N] [--from VERSION] [--folds K] [--seed N] [--threads N] [--quiet]
      fine-tune on the films people reviewed (tp: films whose five TPs a person set): k-fold on
      them gives the new model's AP (tp: D and TA) beside the active model's on films it never saw;
      the new version becomes active only if it beats it, then unreviewed films are proposed
      again. `mega models P` lists the versions.

  On feature folders (for researchers):

  train scenes --config CFG.json --gold G.json -o MODEL.ckpt [--val DIR,DIR...] [--seed N]
               [--epochs N] [--resume] [--threads N] [--quiet] DIR...
  train tp --config act_shot.json --gold G.json -o MODEL.ckpt [--synopsis-config act_synopsis.json]
           [--shot-labels] [--val DIR,DIR...] [--seed N] [--epochs N] [--resume] [--threads N] DIR...
      train a model on films' per-shot features (DIR: what `mega features --per-shot -o DIR`
      writes; the film's id is DIR's name). G.json is `mega eval`'s gold format: scenes
      {"films": [{"id", "labels": [0,1,...]}]} (one per cut, N - 1 for N shots; N per shot is
      read too), tp {"films": [{"id", "tps": [[shots] x5],
      "sentence_tps": [[sentences] x5]}]} (`mega export --gold` writes both). tp trains by
      distillation from the synopsis (DIR/synopsis.npy and sentence_tps; the synopsis model
      goes to MODEL.ckpt.synopsis) or, with --shot-labels, on TP labels on shots
      (models/act_loop.json, the project loop's act model, trains this way: its "position" and
      "synopsis_tp" are computed from DIR/words.json). MODEL.ckpt.last holds the last epoch;
      --resume continues from it. The DIRs named by --val (some of DIR..., or their ids) are
      held out to choose the best epoch.
  train synopsis --tripod CSV -o MODEL.ckpt [--config synopsis_tp.json] [--folds 5] [--seed N]
                 [--epochs N] [--json REPORT.json] [--threads N] [--quiet]
      the synopsis TP model on synopses alone (TRIPOD's CSV: a film per movie, its annotators'
      TP sentences together): k-fold by film first, each fold's held-out TA, PA and D beside the
      random, theory and distribution baselines on the same films, then the model on every film
      (--folds 0: that alone). models/synopsis_tp.ckpt ships, trained this way
  predict tp --synopsis FILE [--model MODEL.ckpt] [--split] [--json]
      a synopsis' five turning-point sentences, in order, with each TP's probability (the model:
      models/synopsis_tp.ckpt unless named). FILE: one sentence a line (--split: also split lines
      into sentences) or TRIPOD's segmented form ([STR_SENT] ... [END_SENT]: its sentences as
      marked; --split does not apply)
  predict scenes|tp --model MODEL.ckpt [-o P.json] [--threads N] DIR...
          [--project P.mega --film FILM [--min 0.5]]
      scene probabilities per cut (N - 1 for N shots: the boundary after each shot but the
      last), or the five TP distributions over shots, in the format
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

template <typename T> T goldField(const std::string& path, const std::string& id, const json& g, const char* key) {
    try {
        return g.at(key).get<T>();
    } catch (const json::exception& e) {
        throw Error(fileError(path, "film " + id + ": " + e.what()));
    }
}

void setThreads(const cli::Args& a) { pipeline::setComputeThreads(a.integer("threads", 0)); }

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

/// A file the product ships in models/ (this source tree's, $MEGA_MODELS_DIR or the installed one).
std::string modelsFile(const std::string& name) {
    if (auto found = features::findModelsFile(name)) return *found;
    throw Error("models/" + name + " is not installed (nor in $MEGA_MODELS_DIR); name a file instead");
}

int runTrainSynopsis(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"tripod", "o", "config", "folds", "seed", "epochs", "json", "threads"}, {"quiet"});
    const auto csv = a.value("tripod"), out = a.value("o");
    if (!csv || !out || a.positional().size() != 1) throw Usage{"train synopsis needs --tripod CSV and -o MODEL.ckpt"};
    setThreads(a);
    pipeline::SynopsisTrainOptions o;
    o.config = a.value("config") ? *a.value("config") : modelsFile("synopsis_tp.json");
    o.folds = a.integer("folds", 5);
    o.seed = uint64_t(a.integer("seed", 0));
    if (a.value("epochs")) o.epochs = a.integer("epochs", 0);
    o.checkpoint = *out;
    const auto films = pipeline::synopsisFilms(io::parseTripodSynopses(io::readTextFile(*csv), *csv), *csv);
    const bool quiet = a.flag("quiet");
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    pipeline::SynopsisTrainReport r;
    try {
        r = pipeline::trainSynopsisModel(
            films, o,
            [quiet](int fold, int folds, int epoch, int epochs, double loss) {
                if (quiet || ((epoch + 1) % 10 != 0 && epoch + 1 != epochs)) return;
                if (fold < folds) std::fprintf(stderr, "fold %d/%d, epoch %d/%d: loss %.4f\n", fold + 1, folds, epoch + 1, epochs, loss);
                else std::fprintf(stderr, "final model, epoch %d/%d: loss %.4f\n", epoch + 1, epochs, loss);
            },
            g_stop.get_token());
    } catch (const Cancelled&) {
        std::fprintf(stderr, "mega train: stopped; nothing written\n");
        return 1;
    }
    auto scores = [](const pipeline::SynopsisScores& s) {
        auto m = [](const eval::TpMetrics& t) { return json{{"ta", t.ta}, {"pa", t.pa}, {"d", t.d}}; };
        return json{{"model", m(s.model)}, {"random", m(s.random)}, {"theory", m(s.theory)}, {"distribution", m(s.distribution)}};
    };
    json report = {{"films", r.films}, {"folds", json::array()}, {"seed", o.seed}, {"config", o.config}, {"model", *out},
                   {"seconds", r.seconds}};
    if (!r.folds.empty()) {
        std::printf("held-out films (%d folds by film, seed %llu): TA / PA / D in %%\n", int(r.folds.size()),
                    static_cast<unsigned long long>(o.seed));
        auto row = [](const char* what, const eval::TpMetrics& t) {
            std::printf("  %-13s %5.1f %5.1f %5.1f\n", what, 100 * t.ta, 100 * t.pa, 100 * t.d);
        };
        for (size_t k = 0; k < r.folds.size(); ++k) {
            std::printf("fold %zu (%d films): model TA %.1f, distribution %.1f\n", k + 1, r.folds[k].films, 100 * r.folds[k].scores.model.ta,
                        100 * r.folds[k].scores.distribution.ta);
            report["folds"].push_back(json{{"films", r.folds[k].films}, {"scores", scores(r.folds[k].scores)}});
        }
        std::printf("all %d films:\n", r.films);
        row("random", r.pooled.random);
        row("theory", r.pooled.theory);
        row("distribution", r.pooled.distribution);
        row("model", r.pooled.model);
        report["pooled"] = scores(r.pooled);
    }
    std::printf("wrote %s (%d films, %.1f s)\n", out->c_str(), r.films, r.seconds);
    if (a.value("json")) writeJson(a.value("json"), report);
    return 0;
}

int runPredictSynopsis(const cli::Args& a) {
    if (a.positional().size() != 1 || a.positional()[0] != "tp") throw Usage{"predict tp --synopsis FILE takes no features folder"};
    const std::string modelPath = a.value("model") ? *a.value("model") : modelsFile("synopsis_tp.ckpt");
    setThreads(a);
    const std::string path = *a.value("synopsis");
    const auto sentences = io::parseSynopsis(io::readTextFile(path), a.flag("split"), path);
    if (sentences.empty()) throw Error(fileError(path, "holds no sentence"));
    if (sentences.size() < 5)
        std::fprintf(stderr, "warning: %s has %zu sentences for 5 turning points: some share a sentence\n", path.c_str(), sentences.size());
    model::Predictor p(modelPath);
    const auto r = pipeline::predictSynopsisTurningPoints(p, sentences);
    if (a.flag("json")) {
        json tps = json::array();
        for (int n = 0; n < 5; ++n)
            tps.push_back(json{{"tp", n + 1}, {"sentence", r.tps[size_t(n)].sentence}, {"probability", r.tps[size_t(n)].probability},
                               {"text", sentences[size_t(r.tps[size_t(n)].sentence)]}});
        std::cout << json{{"model", modelPath}, {"synopsis", path}, {"sentences", sentences.size()}, {"tps", tps},
                          {"distributions", r.distribution}}.dump(1)
                  << "\n";
        return 0;
    }
    for (int n = 0; n < 5; ++n) {
        const auto& t = r.tps[size_t(n)];
        std::printf("TP%d  sentence %lld of %zu  (p %.2f)  %s\n", n + 1, static_cast<long long>(t.sentence + 1), sentences.size(),
                    t.probability, sentences[size_t(t.sentence)].c_str());
    }
    return 0;
}

int runTrain(const std::vector<std::string>& argv) {
    if (!argv.empty() && argv[0] == "synopsis") return runTrainSynopsis(argv);
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
    const auto gold = cli::filmsById(*goldPath);
    // --val names folders (or their films' ids) among the DIRs.
    std::vector<std::string> valIds;
    if (a.value("val"))
        for (const auto& v : splitList(*a.value("val"))) valIds.push_back(pipeline::folderFilmId(v));
    for (const auto& v : valIds)
        if (std::none_of(dirs.begin(), dirs.end(), [&](const std::string& d) { return pipeline::folderFilmId(d) == v; }))
            throw Usage{"--val names " + v + ", which is none of the DIRs to train on (the held-out films are among them)"};
    pipeline::FolderTrainOptions o;
    o.scenes = scenes;
    o.config = *cfgPath;
    o.seed = uint64_t(a.integer("seed", 0));
    if (a.value("epochs")) o.epochs = a.integer("epochs", 0);
    o.checkpoint = *out;
    if (a.flag("resume")) {
        o.resume = *out + ".last";
        if (!fs::exists(o.resume)) throw Error(fileError(o.resume, "no such checkpoint to resume from"));
    }
    if (!scenes && !a.flag("shot-labels")) {
        if (!a.value("synopsis-config")) throw Usage{"train tp needs --synopsis-config (or --shot-labels)"};
        o.synopsis_config = *a.value("synopsis-config");
    }
    // The labels of each folder's film from the gold file (`mega eval`'s format).
    std::vector<pipeline::FolderFilm> films;
    for (const auto& d : dirs) {
        pipeline::FolderFilm f;
        f.dir = d;
        f.id = pipeline::folderFilmId(d);
        f.validation = std::find(valIds.begin(), valIds.end(), f.id) != valIds.end();
        auto it = gold.find(f.id);
        if (it == gold.end()) throw Error(fileError(*goldPath, "has no film " + f.id + " (from " + d + ")"));
        const json& g = it->second;
        if (scenes) {
            f.labels = goldField<std::vector<int>>(*goldPath, f.id, g, "labels");
        } else {
            const auto tps = goldField<std::vector<std::vector<int64_t>>>(*goldPath, f.id, g, "tps");
            if (tps.size() != 5) throw Error(fileError(*goldPath, "film " + f.id + ": \"tps\" needs 5 lists"));
            for (int n = 0; n < 5; ++n) f.shot_tps[size_t(n)] = tps[size_t(n)];
            if (!o.synopsis_config.empty() && !f.validation) {
                const auto st = goldField<std::vector<std::vector<int64_t>>>(*goldPath, f.id, g, "sentence_tps");
                if (st.size() != 5) throw Error(fileError(*goldPath, "film " + f.id + ": \"sentence_tps\" needs 5 lists"));
                for (int n = 0; n < 5; ++n) f.sentence_tps[size_t(n)] = st[size_t(n)];
            }
        }
        films.push_back(std::move(f));
    }
    const bool quiet = a.flag("quiet");
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    pipeline::FolderTrainResult r;
    try {
        r = pipeline::trainOnFolders(
            films, o,
            [quiet](int epoch, int epochs, double loss, double metric) {
                if (!quiet) std::fprintf(stderr, "epoch %d/%d: loss %.4f, validation %.4f\n", epoch + 1, epochs, loss, metric);
            },
            g_stop.get_token());
    } catch (const Cancelled&) {
        std::fprintf(stderr, "mega train: stopped; resume with --resume (from %s.last)\n", out->c_str());
        return 1;
    }
    std::printf("best epoch %d of %d, validation %.4f%s; wrote %s\n", r.best_epoch + 1, r.epochs_run, r.best_metric,
                r.stopped_early ? " (stopped early)" : "", out->c_str());
    return 0;
}

int runPredict(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"model", "o", "threads", "project", "film", "min", "synopsis"}, {"split", "json"});
    if (a.positional().empty() || (a.positional()[0] != "scenes" && a.positional()[0] != "tp"))
        throw Usage{"predict takes 'scenes' or 'tp'"};
    if (a.value("synopsis")) return runPredictSynopsis(a);
    if (a.flag("split") || a.flag("json")) throw Usage{"--split and --json go with predict tp --synopsis"};
    if (a.value("project") && (!a.value("film") || a.positional().size() != 2))
        throw Usage{"predict --project needs --film FILM and exactly one features folder (that film's)"};
    const auto modelPath = a.value("model");
    if (!modelPath) throw Usage{"predict needs --model MODEL.ckpt"};
    std::vector<std::string> dirs(a.positional().begin() + 1, a.positional().end());
    if (dirs.empty()) throw Usage{"predict needs at least one features folder"};
    setThreads(a);
    model::Predictor p(*modelPath);
    if (a.positional()[0] == "tp" && p.config().task == model::Task::ActSynopsis)
        throw Error(fileError(*modelPath, "is a synopsis TP model: it reads a synopsis (predict tp --synopsis FILE), not features folders"));
    json films = json::array();
    for (const auto& d : dirs) {
        const auto film = pipeline::readFeatureFolder(d, p.config());
        json f = {{"id", pipeline::folderFilmId(d)}};
        if (a.positional()[0] == "scenes") {
            // One score per cut, as `mega eval scenes` and every scene benchmark count them: the
            // boundary after each shot but the last (N - 1 for N shots).
            auto scores = p.sceneProbabilities(film);
            if (!scores.empty()) scores.pop_back();
            f["scores"] = scores;
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
        const json& f = films[0];
        const store::ModelVersion mv = pipeline::registerCheckpoint(project, *modelPath);
        size_t stored = 5;
        try {
            if (f.contains("scores")) {
                stored = pipeline::storeSceneProposals(project, film.id, mv, f["scores"].get<std::vector<double>>(), a.number("min", 0.5));
            } else {
                pipeline::storeTurningPoints(project, film.id, mv, f["distributions"].get<std::array<std::vector<double>, 5>>());
            }
        } catch (const Error& e) {
            throw Error(fileError(a.positional()[1], e.what()));
        }
        std::fprintf(stderr, "stored %zu %s of model:%s in %s (film '%s')\n", stored, f.contains("scores") ? "boundaries" : "turning points",
                     mv.name.c_str(), projectPath->c_str(), film.name.c_str());
    }
    if (!a.value("project") || a.value("o")) writeJson(a.value("o"), {{"model", *modelPath}, {"films", films}});
    return 0;
}

int runIngest(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"p", "j", "author", "threads"}, {"force", "no-propose", "quiet"});
    const auto projectPath = a.value("p");
    if (!projectPath || a.positional().empty()) throw Usage{"ingest needs films and -p PROJECT.mega"};
    const int jobs = std::max(1, a.integer("j", 1));
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = a.integer("threads", std::max(1, cores / jobs));
    pipeline::setComputeThreads(threads);
    // A project this command creates stays only if some film got into it.
    store::NewProject made(*projectPath, pipeline::projectFeaturesFolder(*projectPath));
    {
        store::Project create(*projectPath, store::Project::Mode::Create);
        if (!a.flag("no-propose")) pipeline::ensureBaseScene(create); // once, before the workers (each on its own connection) propose
    }
    const auto& films = a.positional();
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::mutex mutex;
    size_t next = 0;
    int failed = 0, ingested = 0;
    const bool quiet = a.flag("quiet");
    auto worker = [&] {
        store::Project project(*projectPath, store::Project::Mode::Open);
        project.setBusyTimeout(60000);
        if (a.value("author")) project.setAuthor(*a.value("author"));
        for (;;) {
            size_t i;
            {
                std::lock_guard lock(mutex);
                if (next >= films.size() || g_stop.stop_requested()) return;
                i = next++;
            }
            const std::string& film = films[i];
            try {
                pipeline::IngestOptions o;
                o.force = a.flag("force");
                o.threads = threads;
                // One film at a time on a terminal: its progress as a bar (several at once: a line each as they end).
                cli::ProgressBar bar(quiet || jobs > 1);
                const auto r = pipeline::ingestFilm(project, film, o, bar.callback(), g_stop.get_token());
                bar.done();
                size_t proposals = r.proposals;
                // The active model proposes: a trained one, else the shipped base scene model (on films
                // with their picture), else the novelty proposer. The film is in either way: a failure
                // here is a warning, and the cold start's proposals (ingestFilm's) stay.
                std::vector<std::string> warnings = r.warnings;
                if (!r.skipped && !a.flag("no-propose") && r.shots > 1) {
                    try {
                        const auto p = pipeline::propose(project, r.film_id);
                        proposals = p.proposals;
                        warnings.insert(warnings.end(), p.warnings.begin(), p.warnings.end());
                    } catch (const Cancelled&) {
                        throw;
                    } catch (const std::exception& e) {
                        warnings.push_back(std::string("not proposed: ") + e.what());
                    }
                    pipeline::proposeTurningPoints(project, r.film_id);
                }
                std::lock_guard lock(mutex);
                ++ingested;
                if (!quiet)
                    std::fprintf(stderr, "[%zu/%zu] %s: %s%zu shots, %zu proposals\n", i + 1, films.size(), film.c_str(),
                                 r.skipped ? "already ingested, " : "", r.shots, proposals);
                for (const auto& w : warnings) std::fprintf(stderr, "  warning: %s\n", w.c_str());
            } catch (const Cancelled&) {
                return;
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                ++failed;
                std::fprintf(stderr, "[%zu/%zu] %s: error: %s\n", i + 1, films.size(), film.c_str(), e.what());
            }
        }
    };
    std::vector<std::thread> pool;
    for (int j = 0; j < std::min<int>(jobs, int(films.size())); ++j) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    if (ingested > 0) made.keep();
    if (g_stop.stop_requested()) {
        std::fprintf(stderr, "mega ingest: stopped; run it again to go on (ingested films are skipped)\n");
        return 1;
    }
    return failed ? 1 : 0;
}

int runPropose(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"film", "model", "min", "threads", "task"}, {});
    if (a.positional().size() != 1) throw Usage{"propose needs one project"};
    setThreads(a);
    store::Project project(a.positional()[0], store::Project::Mode::Open);
    pipeline::ProposeOptions o;
    if (a.value("model")) o.model = *a.value("model");
    if (a.value("min")) o.min_probability = a.number("min", 0.5);
    const std::string task = a.value("task").value_or("all");
    if (task != "scene" && task != "tp" && task != "all") throw Usage{"--task is scene or tp (default: both)"};
    if (task == "all" && a.value("model")) throw Usage{"--model needs --task scene or tp"};
    for (const std::string t : {"scene", "tp"}) {
        if (task != "all" && task != t) continue;
        std::vector<store::Film> films;
        if (a.value("film")) films.push_back(project.filmByIdOrName(*a.value("film")));
        else
            for (const auto& f : project.films())
                if (t == "tp" ? !pipeline::personTurningPoints(project, f.id) : !pipeline::isReviewed(project, f.id)) films.push_back(f);
        for (const auto& f : films) {
            const auto r = t == "tp" ? pipeline::proposeTurningPoints(project, f.id, o.model) : pipeline::propose(project, f.id, o);
            std::printf("%s: %zu %s by %s\n", f.name.c_str(), r.proposals, t == "tp" ? "turning points" : "boundaries", r.model.name.c_str());
            for (const auto& w : r.warnings) std::fprintf(stderr, "  warning: %s\n", w.c_str());
        }
        if (films.empty()) std::printf("every film is %s; nothing to propose (name one with --film)\n",
                                       t == "tp" ? "labelled with TPs by a person" : "reviewed");
    }
    return 0;
}

int runTrainProject(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"task", "epochs", "from", "folds", "seed", "threads", "config"}, {"quiet", "no-propose"});
    if (a.positional().size() != 1) throw Usage{"train PROJECT needs one project"};
    setThreads(a);
    store::Project project(a.positional()[0], store::Project::Mode::Open);
    pipeline::FineTuneOptions o;
    o.task = a.value("task").value_or("scene");
    if (o.task == "scenes") o.task = "scene";
    if (a.value("epochs")) o.epochs = a.integer("epochs", 0);
    if (a.value("from")) o.from = *a.value("from");
    if (a.value("config")) o.config = *a.value("config");
    o.folds = a.integer("folds", o.folds);
    o.seed = uint64_t(a.integer("seed", 0));
    o.propose_after = !a.flag("no-propose");
    const bool quiet = a.flag("quiet");
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    try {
        const auto r = pipeline::fineTune(
            project, o,
            [quiet](const pipeline::FineTuneProgress& p) {
                if (quiet || p.stage != "train" || (p.epoch % 10 != 0 && p.epoch != p.epochs)) return;
                std::fprintf(stderr, "%s %d/%d, epoch %d/%d: loss %.4f\n", p.fold < p.folds ? "fold" : "final", std::min(p.fold + 1, p.folds),
                             p.folds, p.epoch, p.epochs, p.loss);
            },
            g_stop.get_token());
        std::printf("%s (run %lld, %d reviewed films, %d cuts, %d scene ends, %.1f s)\n%s\n", r.name.c_str(),
                    static_cast<long long>(r.run), r.films, r.cuts, r.scene_ends, r.seconds, r.note.c_str());
        if (r.reproposed) std::printf("proposed again on %d unreviewed films\n", r.reproposed);
    } catch (const Cancelled&) {
        std::fprintf(stderr, "mega train: cancelled; the run is marked cancelled and the active model is unchanged\n");
        return 1;
    }
    return 0;
}

int runExplain(const std::vector<std::string>& argv) {
    const cli::Args a(argv, {"model", "shot", "tp", "threads"}, {});
    const auto modelPath = a.value("model");
    if (!modelPath || a.positional().size() != 1) throw Usage{"explain needs --model MODEL.ckpt and one features folder"};
    if (!a.value("shot") == !a.value("tp")) throw Usage{"explain needs --shot N or --tp N (1..5)"};
    setThreads(a);
    model::Predictor p(*modelPath);
    const auto film = pipeline::readFeatureFolder(a.positional()[0], p.config());
    json j = {{"id", pipeline::folderFilmId(a.positional()[0])}};
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
    if (args.size() == 1 && args[0] == "--version") {
        std::printf("mega-model %s\n", mega::version());
        return 0;
    }
    const bool help = std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; }) != args.end();
    if (args.empty() || help) {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return help ? 0 : 2;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "ingest") return runIngest(args);
        if (command == "propose") return runPropose(args);
        // `train scenes|tp ... DIR...` on feature folders; `train P.mega --task ...` on a project.
        if (command == "train" && !args.empty() && args[0] != "scenes" && args[0] != "tp" && args[0] != "synopsis" && args[0].rfind("-", 0) != 0)
            return runTrainProject(args);
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
