// Scene boundaries learnt from real human labels (issue 18; run on demand, tests/bench/bench_movienet.sh):
//   bench_movienet MOVIENET_DIR WORK_DIR [--seeds 0,1,2] [--config CFG.json] [--folds K] [--threads T]
// MOVIENET_DIR is a MovieNet-SSeg folder with split.json (../shared/data/movienet-sseg): films without
// video, known by their shots, subtitles and people's scene labels.
// 1. Imports the `train` films with their labels (reviewed boundaries of 'movienet') and the `val`
//    films without (unreviewed) into WORK_DIR/movienet.mega, through the CLI's calls, with their
//    picture-free features (timing, speech); timed.
// 2. For each seed: the loop's fine-tuning (pipeline::fineTune, what `mega train` runs) from the config
//    on the train films, from scratch; timed, with the process's peak memory. Then the new version's
//    scores on the val films (pipeline::sceneScores, what `mega propose` stores). The end of each window
//    epoch and of the film context's training goes to stderr with the seconds since the seed's
//    training began (where the time goes).
// 3. The val films' gold labels (label318, -1 counted as 1) score the model and three baselines on the
//    same films: random scores, the subtitle silence across the cut, and the length of the shot after
//    the cut alone. AP, F1 (the model at the threshold its training chose; a baseline at the threshold
//    best on the train films), mIoU and Recall@3s as MEGA.md section 7 defines them; per film, the AP's
//    median and spread.
#include "core/common/error.h"
#include "core/eval/metrics.h"
#include "core/io/film_annotation.h"
#include "core/io/text_formats.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/pipeline/novelty.h"
#include "core/store/project.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>

using namespace mega;
namespace fs = std::filesystem;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

/// ", held-out AP 23.4" for a fold's epoch (the validation curve), "" where there is none (-1).
std::string heldOut(double ap) {
    if (ap < 0) return "";
    char s[40];
    std::snprintf(s, sizeof s, ", held-out AP %.1f", 100 * ap);
    return s;
}
double peakMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

struct Film {
    store::Film film;
    std::vector<int> gold; // per cut
    eval::SceneFilm base;  // shots and boundary times, scores filled per method
};

struct Row {
    std::string name;
    eval::SceneMetrics m;
    double median = 0, q10 = 0, q90 = 0; // per-film AP
};

Row score(const std::string& name, std::vector<Film>& films, const std::vector<std::vector<double>>& scores, double threshold) {
    std::vector<eval::SceneFilm> data;
    std::vector<double> perFilm;
    for (size_t i = 0; i < films.size(); ++i) {
        eval::SceneFilm f = films[i].base;
        f.scores = scores[i];
        f.labels = films[i].gold;
        perFilm.push_back(eval::averagePrecision(f.scores, f.labels));
        data.push_back(std::move(f));
    }
    Row r;
    r.name = name;
    r.m = eval::evaluateScenes(data, threshold);
    std::sort(perFilm.begin(), perFilm.end());
    auto q = [&](double p) { return perFilm[std::min(perFilm.size() - 1, size_t(p * double(perFilm.size() - 1) + 0.5))]; };
    r.median = q(0.5), r.q10 = q(0.1), r.q90 = q(0.9);
    return r;
}

void print(const Row& r) {
    std::printf("  %-26s AP %5.1f  F1 %5.1f  mIoU %5.1f  Recall@3s %5.1f   per film AP: median %5.1f, 10-90%% %5.1f-%5.1f\n",
                r.name.c_str(), 100 * r.m.ap, 100 * r.m.f1, 100 * r.m.miou, 100 * r.m.recall_at_3s, 100 * r.median, 100 * r.q10,
                100 * r.q90);
}

/// Per cut, column `col` of a stored picture-free table at shot i + `offset` (0 where the mask says absent).
std::vector<double> column(const store::Project& p, const store::Film& f, const std::string& modality, int col, int offset) {
    const auto t = pipeline::loadFeatures(p, f, {modality})[0];
    std::vector<double> s;
    for (int64_t i = 0; i + 1 < t.rows; ++i) {
        const int64_t row = i + offset;
        const bool present = t.present.empty() || t.present[size_t(row)];
        s.push_back(present ? double(t.values[size_t(row * t.cols + col)]) : 0.0);
    }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_movienet MOVIENET_DIR WORK_DIR [--seeds 0,1,2] [--config CFG.json] [--folds K] [--threads T]\n");
        return 2;
    }
    const std::string dir = argv[1], work = argv[2];
    std::vector<uint64_t> seeds = {0, 1, 2};
    std::string config = std::string(MEGA_SOURCE_DIR) + "/models/scene_timing.json";
    int folds = 2, threads = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seeds")) {
            seeds.clear();
            for (char* t = std::strtok(argv[i + 1], ","); t; t = std::strtok(nullptr, ",")) seeds.push_back(std::strtoull(t, nullptr, 10));
        }
        if (!std::strcmp(argv[i], "--config")) config = argv[i + 1];
        if (!std::strcmp(argv[i], "--folds")) folds = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    }
    pipeline::setComputeThreads(threads);
    try {
        fs::create_directories(work);
        const std::string path = (fs::path(work) / "movienet.mega").string();
        for (const char* suffix : {"", ".features", ".models", "-wal", "-shm"}) fs::remove_all(path + suffix);
        store::Project p(path, store::Project::Mode::Create);
        p.setAuthor("bench");

        // ---- 1. the corpus in ----
        double t = now();
        std::vector<int64_t> trainIds, valIds;
        std::vector<std::string> warnings;
        io::MovieNetOptions o;
        o.split = "train";
        io::importMovieNet(p, dir, &warnings, o, &trainIds);
        o.split = "val";
        o.labels = false;
        io::importMovieNet(p, dir, &warnings, o, &valIds);
        for (int64_t id : trainIds) pipeline::storePictureFreeFeatures(p, p.film(id));
        for (int64_t id : valIds) pipeline::storePictureFreeFeatures(p, p.film(id));
        std::printf("import: %zu train + %zu val films with features in %.1f s (%zu warnings)\n", trainIds.size(), valIds.size(),
                    now() - t, warnings.size());

        // ---- the val films' gold, straight from the label files ----
        std::vector<Film> val;
        int64_t cuts = 0, ends = 0;
        for (int64_t id : valIds) {
            Film f;
            f.film = p.film(id);
            const std::string lp = (fs::path(dir) / "label318" / (f.film.name + ".txt")).string();
            const std::string sp = (fs::path(dir) / "shot_movie318" / (f.film.name + ".txt")).string();
            std::string adjusted;
            const auto m = io::parseMovieNet(f.film.name, io::readTextFile(lp), lp, io::readTextFile(sp), sp, &adjusted);
            for (int l : m.labels) f.gold.push_back(l != 0 ? 1 : 0);
            for (const auto& s : p.shots(id)) f.base.shots.emplace_back(s.start_frame, s.end_frame);
            const auto shots = p.shots(id);
            for (size_t i = 0; i + 1 < shots.size(); ++i) f.base.boundary_times.push_back(shots[i].end_s);
            if (f.gold.size() + 1 != shots.size()) throw Error(fileError(lp, "does not match the imported film's shots"));
            cuts += int64_t(f.gold.size());
            for (int g : f.gold) ends += g;
            val.push_back(std::move(f));
        }
        std::printf("val: %zu films, %lld cuts, %lld scene ends (%.1f %%)\n\n", val.size(), static_cast<long long>(cuts),
                    static_cast<long long>(ends), 100.0 * double(ends) / double(cuts));

        // ---- baselines: thresholds chosen on the train films ----
        auto baseline = [&](const std::string& name, auto&& scoresOf) {
            std::vector<double> trS;
            std::vector<int> trL;
            for (int64_t id : trainIds) {
                const auto s = scoresOf(p.film(id));
                const auto l = pipeline::sceneLabels(p, id);
                trS.insert(trS.end(), s.begin(), s.end());
                trL.insert(trL.end(), l.begin(), l.end());
            }
            std::vector<std::vector<double>> s;
            for (const auto& f : val) s.push_back(scoresOf(f.film));
            return score(name, val, s, eval::bestF1Threshold(trS, trL));
        };
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<Row> rows;
        rows.push_back(baseline("random scores", [&](const store::Film& f) {
            std::vector<double> s(p.shots(f.id).size() - 1);
            for (double& x : s) x = u(rng);
            return s;
        }));
        rows.push_back(baseline("subtitle silence", [&](const store::Film& f) { return column(p, f, "speech", 2, 0); }));
        rows.push_back(baseline("length of the shot after", [&](const store::Film& f) { return column(p, f, "timing", 0, 1); }));
        std::printf("baselines on the val films:\n");
        for (const auto& r : rows) print(r);
        std::fflush(stdout);

        // ---- the model, per seed, through the loop ----
        const store::ModelVersion coldStart = pipeline::ensureColdStart(p);
        std::vector<Row> models;
        for (uint64_t seed : seeds) {
            p.activateModel(coldStart.id, "bench: each seed trains from the config"); // so that fineTune starts from scratch
            pipeline::FineTuneOptions fo;
            fo.config = config;
            fo.seed = seed;
            fo.folds = folds;
            fo.propose_after = false;
            fo.films = trainIds;
            t = now();
            double finalStart = t; // the held-out folds done: the final model on every train film
            const auto r = pipeline::fineTune(p, fo, [&](const pipeline::FineTuneProgress& pr) {
                if (pr.stage == "train" || (pr.stage == "context" && pr.epoch == pr.epochs))
                    std::fprintf(stderr, "  seed %llu, fold %d/%d: %s epoch %d/%d, loss %.4f%s [%.0f s]\n", static_cast<unsigned long long>(seed),
                                 pr.fold, pr.folds, pr.stage == "context" ? "film context" : "windows", pr.epoch, pr.epochs, pr.loss,
                                 heldOut(pr.heldout_ap).c_str(), now() - t);
                if (pr.stage == "validate") {
                    std::fprintf(stderr, "  seed %llu, fold %d/%d: trained [%.0f s]\n", static_cast<unsigned long long>(seed), pr.fold, pr.folds, now() - t);
                    if (pr.fold == pr.folds - 1) finalStart = now();
                }
            });
            const double seconds = now() - t, finalSeconds = now() - finalStart;
            const store::ModelVersion v = p.modelVersion(r.model_version);
            const auto metrics = nlohmann::json::parse(v.metrics_json);
            const double threshold = metrics.value("threshold", 0.5);
            std::vector<std::vector<double>> s;
            for (const auto& f : val) s.push_back(pipeline::sceneScores(p, v, f.film.id));
            Row row = score("MEGA seed " + std::to_string(seed), val, s, threshold);
            std::printf("seed %llu: trained on %d films (%d cuts) in %.0f s (%d folds + the final model; the final model alone %.0f s), "
                        "peak memory %.0f MiB; held-out folds AP %.1f against %.1f for the cold start; %s\n",
                        static_cast<unsigned long long>(seed), r.films, r.cuts, seconds, folds, finalSeconds, peakMiB(), 100 * r.after_ap,
                        100 * r.before_ap, r.note.c_str());
            print(row);
            std::fflush(stdout);
            models.push_back(row);
        }
        if (!models.empty()) {
            double mean = 0, sd = 0;
            for (const auto& m : models) mean += m.m.ap / double(models.size());
            for (const auto& m : models) sd += (m.m.ap - mean) * (m.m.ap - mean) / double(models.size());
            std::printf("\nMEGA over %zu seeds: AP %.1f +- %.1f (mean +- sd); shot-after baseline %.1f; beats it on every seed: %s\n",
                        models.size(), 100 * mean, 100 * std::sqrt(sd), 100 * rows[2].m.ap,
                        std::all_of(models.begin(), models.end(), [&](const Row& m) { return m.m.ap > rows[2].m.ap; }) ? "yes" : "NO");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_movienet: %s\n", e.what());
        return 1;
    }
    return 0;
}
