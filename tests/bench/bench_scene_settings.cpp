// The scene model on generated films of settings it never trained on (issue 13), beside the
// cold-start novelty proposer on the same films. Per seed: TRAIN films of each training setting are
// reviewed from their truth and the loop fine-tunes the scene model on them (pipeline::fineTune, its
// base config or CONFIG); then every film of each held-out setting is scored by that model and by the
// proposer (pipeline::filmNoveltyScores) and, when installed, the shipped base scene model
// (models/scene_base.ckpt). Prints AP per held-out setting and pooled, per seed. The model trains from
// scratch (the base is set aside), so the bench measures the recipe and makes the base.
//
//   build/tests/bench/bench_scene_settings [SEEDS [TRAIN [TEST [DURATION_S [CONFIG [OUT_DIR]]]]]]
//   (defaults 3 3 2 180, the length movienet and mixed need for six scenes; training settings classic, movienet, dissolves, lighting; held out
//   lookalike, music, muted, mixed). OUT_DIR: each seed's model is kept there as scene_base-seedN.ckpt
//   (models/scene_base.ckpt is seed 0's, see models/README.md).
#include "core/demo/generated_film.h"
#include "core/eval/metrics.h"
#include "core/model/checkpoint.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/pipeline/novelty.h"
#include "core/store/project.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>

using namespace mega;
namespace fs = std::filesystem;
using nlohmann::json;

int main(int argc, char** argv) {
    const int seeds = argc > 1 ? std::atoi(argv[1]) : 3;
    const int trainFilms = argc > 2 ? std::atoi(argv[2]) : 3;
    const int testFilms = argc > 3 ? std::atoi(argv[3]) : 2;
    const double duration = argc > 4 ? std::atof(argv[4]) : 180;
    const std::string config = argc > 5 ? argv[5] : "";
    const std::string outDir = argc > 6 ? argv[6] : "";
    const std::vector<std::string> trainSettings{"classic", "movienet", "dissolves", "lighting"};
    const std::vector<std::string> testSettings{"lookalike", "music", "muted", "mixed"};
    pipeline::setComputeThreads(0);
    const fs::path dir = fs::temp_directory_path() / ("bench_scene_settings-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::printf("%d seeds; %d training films of each of classic, movienet, dissolves, lighting; %d test films of each held-out "
                "setting; %.0f s each\n",
                seeds, trainFilms, testFilms, duration);
    std::printf("%-6s %-12s %8s %8s %8s %8s %8s\n", "seed", "held out", "novelty", "model", "gain", "base", "gain");
    for (int seed = 0; seed < seeds; ++seed) {
        store::Project p((dir / ("s" + std::to_string(seed) + ".mega")).string(), store::Project::Mode::Create);
        std::vector<int64_t> train;
        std::map<std::string, std::vector<std::pair<int64_t, std::vector<int>>>> test; // setting -> (film, labels)
        int made = 0;
        auto add = [&](const std::string& setting, int i, bool training) {
            demo::DemoOptions o;
            o.duration_s = duration;
            o.width = 320;
            o.height = 180;
            o.seed = uint64_t(100000 * (seed + 1) + 100 * made++ + i);
            o.setting = demo::demoSetting(setting);
            const auto g = demo::makeDemoFilm((dir / ("s" + std::to_string(seed) + setting + std::to_string(i))).string(), o);
            pipeline::IngestOptions io;
            io.threads = 0;
            io.proposals = false;
            const int64_t id = pipeline::ingestFilm(p, g.film, io).film_id;
            const auto ends = pipeline::truthSceneEnds(p, id, g.truth);
            if (training) {
                pipeline::reviewFromTruth(p, id, ends);
                train.push_back(id);
            } else {
                std::vector<int> labels(p.shots(id).size() - 1, 0);
                for (int64_t e : ends) labels[size_t(e)] = 1;
                test[setting].emplace_back(id, labels);
            }
        };
        for (const auto& s : trainSettings)
            for (int i = 0; i < trainFilms; ++i) add(s, i, true);
        for (const auto& s : testSettings)
            for (int i = 0; i < testFilms; ++i) add(s, i, false);
        // From scratch: the shipped base (if any) is registered, then set aside for the cold-start proposer.
        const auto base = pipeline::ensureBaseScene(p);
        p.activateModel(pipeline::ensureColdStart(p).id, "the bench trains from scratch");
        pipeline::FineTuneOptions t;
        t.seed = uint64_t(seed);
        t.propose_after = false;
        t.config = config;
        t.films = train;
        const auto r = pipeline::fineTune(p, t);
        const store::ModelVersion model = p.modelVersion(r.model_version);
        std::vector<eval::SceneFilm> allNovelty, allModel, allBase;
        json heldOut = json::object();
        auto row = [&](const std::string& what, const std::vector<eval::SceneFilm>& n, const std::vector<eval::SceneFilm>& m,
                       const std::vector<eval::SceneFilm>& b) {
            const double a = eval::evaluateScenes(n).ap, c = eval::evaluateScenes(m).ap;
            std::printf("%-6d %-12s %8.1f %8.1f %+8.1f", seed, what.c_str(), 100 * a, 100 * c, 100 * (c - a));
            if (base) std::printf(" %8.1f %+8.1f", 100 * eval::evaluateScenes(b).ap, 100 * (eval::evaluateScenes(b).ap - a));
            std::printf("\n");
            std::fflush(stdout);
            heldOut[what] = {{"novelty_ap", a}, {"ap", c}, {"films", m.size()}};
        };
        for (const auto& [setting, films] : test) {
            std::vector<eval::SceneFilm> novelty, mine, shipped;
            for (const auto& [id, labels] : films) {
                novelty.push_back({pipeline::filmNoveltyScores(p, p.film(id)), labels, {}, {}});
                mine.push_back({pipeline::sceneScores(p, model, id), labels, {}, {}});
                if (base) shipped.push_back({pipeline::sceneScores(p, *base, id), labels, {}, {}});
            }
            row(setting, novelty, mine, shipped);
            allNovelty.insert(allNovelty.end(), novelty.begin(), novelty.end());
            allModel.insert(allModel.end(), mine.begin(), mine.end());
            allBase.insert(allBase.end(), shipped.begin(), shipped.end());
        }
        row("all held out", allNovelty, allModel, allBase);
        if (!outDir.empty()) { // the model with what it is and how it did, as models/scene_base.ckpt carries it
            fs::create_directories(outDir);
            const fs::path kept = fs::path(outDir) / ("scene_base-seed" + std::to_string(seed) + ".ckpt");
            model::Checkpoint c = model::loadCheckpoint((fs::absolute(p.path()).parent_path() / model.checkpoint).string());
            json meta = json::parse(c.metadata, nullptr, false);
            if (!meta.is_object()) meta = json::object();
            const json m = json::parse(model.metrics_json);
            meta["threshold"] = m.at("threshold");
            meta["kfold_ap"] = m.at("ap");
            meta["made_by"] = "tests/bench/bench_scene_settings " + std::to_string(seeds) + " " + std::to_string(trainFilms) + " " +
                              std::to_string(testFilms) + " " + std::to_string(int(duration)) + " '" + config + "' DIR (seed " +
                              std::to_string(seed) + ")";
            meta["trained_on_settings"] = trainSettings;
            meta["films_per_setting"] = trainFilms;
            meta["film_duration_s"] = duration;
            meta["held_out"] = heldOut;
            model::saveCheckpoint(kept.string(), c.net, nullptr, meta.dump());
            std::printf("%-6d model kept as %s\n", seed, kept.c_str());
        }
        std::printf("%-6d trained in %.0f s; the loop's own k-fold on the training films: %s\n", seed, r.seconds, r.note.c_str());
    }
    fs::remove_all(dir);
    return 0;
}
