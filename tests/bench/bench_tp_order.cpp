// Turning points decoded in order (issue 13): the same trained TP model's distributions read as
// five independent arg-maxes against decoded jointly into TP1 < ... < TP5 (eval::orderedPeaks, as
// proposing now stores them), beside the theory positions and the distribution baseline (the
// training films' mean positions), on generated films the model never trained on. Per seed: the
// act model is fine-tuned through the loop on TRAIN films whose five TPs a person set (from their
// truth), then proposes on TEST others. Prints TA, PA, D (MEGA.md section 7, over shots) per
// decoding and seed, and how often the arg-maxes were out of order.
//
//   build/tests/bench/bench_tp_order [SEEDS [TRAIN [TEST [DURATION_S [CONFIG]]]]]   (defaults 3 3 4 150, the
//   loop's base TP config models/act_loop.json)
#include "core/demo/generated_film.h"
#include "core/eval/metrics.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/store/project.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

using namespace mega;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const int seeds = argc > 1 ? std::atoi(argv[1]) : 3;
    const int trainFilms = argc > 2 ? std::atoi(argv[2]) : 3;
    const int testFilms = argc > 3 ? std::atoi(argv[3]) : 4;
    const double duration = argc > 4 ? std::atof(argv[4]) : 150;
    const std::string config = argc > 5 ? argv[5] : "";
    pipeline::setComputeThreads(0);
    const fs::path dir = fs::temp_directory_path() / ("bench_tp_order-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::printf("%d seeds; %d training films, %d test films of %.0f s each (generated, other seeds than training)\n", seeds, trainFilms,
                testFilms, duration);
    std::printf("%-6s %-24s %6s %6s %6s   (TA, PA, D in %%; D: distance to the gold over the film's length)\n", "seed", "decoding", "TA", "PA", "D");
    for (int seed = 0; seed < seeds; ++seed) {
        const std::string path = (dir / ("tp" + std::to_string(seed) + ".mega")).string();
        store::Project p(path, store::Project::Mode::Create);
        std::vector<int64_t> ids;
        std::vector<std::array<int64_t, 5>> gold;
        for (int i = 0; i < trainFilms + testFilms; ++i) {
            demo::DemoOptions o;
            o.duration_s = duration;
            o.width = 320;
            o.height = 180;
            o.seed = uint64_t(1000 * (seed + 1) + i);
            const auto g = demo::makeDemoFilm((dir / ("s" + std::to_string(seed) + "f" + std::to_string(i))).string(), o);
            pipeline::IngestOptions io;
            io.threads = 0;
            const int64_t id = pipeline::ingestFilm(p, g.film, io).film_id;
            const auto tps = pipeline::truthTurningPoints(p, id, g.truth);
            if (!tps) {
                std::fprintf(stderr, "film %d has no TPs in its truth\n", i);
                return 1;
            }
            if (i < trainFilms) pipeline::reviewTurningPoints(p, id, *tps);
            ids.push_back(id);
            gold.push_back(*tps);
        }
        pipeline::FineTuneOptions t;
        t.task = "tp";
        t.seed = uint64_t(seed);
        t.propose_after = false;
        t.config = config;
        const auto r = pipeline::fineTune(p, t);
        std::vector<eval::TpFilm> independent, ordered, theory, mean;
        std::vector<eval::TpFilm> training;
        for (int i = 0; i < trainFilms; ++i) {
            eval::TpFilm f;
            f.units = int64_t(p.shots(ids[size_t(i)]).size());
            for (size_t n = 0; n < 5; ++n) f.gold[n] = {gold[size_t(i)][n]};
            training.push_back(f);
        }
        const auto meanPositions = eval::meanRelativePositions(training);
        int crossed = 0;
        for (int i = trainFilms; i < trainFilms + testFilms; ++i) {
            const int64_t id = ids[size_t(i)];
            pipeline::proposeTurningPoints(p, id, r.name);
            const auto flat = *p.modelScores(id, r.model_version, "tp");
            const size_t units = p.shots(id).size();
            std::array<std::vector<double>, 5> d;
            for (size_t n = 0; n < 5; ++n) d[n].assign(flat.begin() + long(n * units), flat.begin() + long((n + 1) * units));
            eval::TpFilm f;
            f.units = int64_t(units);
            for (size_t n = 0; n < 5; ++n) f.gold[n] = {gold[size_t(i)][n]};
            f.predicted = eval::argmax(d);
            for (size_t n = 1; n < 5; ++n)
                if (f.predicted[n] <= f.predicted[n - 1]) {
                    ++crossed;
                    break;
                }
            independent.push_back(f);
            f.predicted = eval::orderedPeaks(d);
            ordered.push_back(f);
            f.predicted = eval::theoryPositions(f.units);
            theory.push_back(f);
            f.predicted = eval::positionsAt(meanPositions, f.units);
            mean.push_back(f);
        }
        auto row = [seed](const char* what, const std::vector<eval::TpFilm>& films) {
            const auto m = eval::evaluateTurningPoints(films);
            std::printf("%-6d %-24s %6.1f %6.1f %6.1f\n", seed, what, 100 * m.ta, 100 * m.pa, 100 * m.d);
            std::fflush(stdout);
        };
        row("model, 5 arg-maxes", independent);
        row("model, in order (DP)", ordered);
        row("theory positions", theory);
        row("training mean positions", mean);
        std::printf("%-6d arg-maxes out of order on %d of %d test films\n", seed, crossed, testFilms);
    }
    fs::remove_all(dir);
    return 0;
}
