// Project store benchmarks (run on demand, not in CTest):
//   build/tests/bench/bench_store [DIR]
// - single edits, each its own durable transaction (WAL, synchronous=FULL), per second
//   (target >= 1,000/s);
// - opening a project and loading a 3,000-shot film's annotations (target < 50 ms).
#include "core/io/film_annotation.h"
#include "core/store/project.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace mega;
using Clock = std::chrono::steady_clock;

static double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path().string();
    const std::string path = dir + "/bench_store.mega";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

    store::Project p(path, store::Project::Mode::Create);
    store::Film f;
    f.name = "three thousand shots";
    f.fps = 24;
    const int64_t film = p.addFilm(f);
    std::vector<shots::Shot> list;
    for (int i = 0; i < 3000; ++i) list.push_back({i * 66, i * 66 + 65, i * 2.75, (i + 1) * 2.75});
    p.setShots(film, list);
    std::vector<store::SceneBoundary> proposals;
    for (int i = 6; i < 2999; i += 12) { // a scene every ~12 shots, as in MovieNet
        store::SceneBoundary b;
        b.shot_index = i;
        b.probability = 0.5 + (i % 50) / 100.0;
        proposals.push_back(b);
    }
    p.setBoundaries(film, "model:bench", proposals);
    std::vector<std::string> sentences(40, "A synopsis sentence of ordinary length, about a dozen words or so.");
    p.setSynopsis(film, "", sentences, {{{3}, {10}, {18}, {27}, {35}}}, "import:bench");

    // Single edits: accept / reject alternately, every one committed and synced on its own.
    const auto bounds = p.boundaries(film);
    const int edits = 2000;
    const auto t0 = Clock::now();
    for (int i = 0; i < edits; ++i) {
        const auto& b = bounds[static_cast<size_t>(i) % bounds.size()];
        if (i % 2) p.rejectBoundary(b.id);
        else p.acceptBoundary(b.id);
    }
    const double editMs = ms(Clock::now() - t0);
    std::printf("single durable edits: %d in %.0f ms = %.0f edits/s   (target >= 1000/s)\n", edits, editMs,
                edits / (editMs / 1000.0));

    // Loading a 3,000-shot film's annotations, cold (open + load) and warm (load).
    double best = 1e9, bestOpen = 1e9;
    size_t shotsLoaded = 0;
    for (int i = 0; i < 20; ++i) {
        const auto a = Clock::now();
        store::Project q(path, store::Project::Mode::ReadOnly);
        const auto b = Clock::now();
        const auto ann = io::loadAnnotation(q, film);
        const auto c = Clock::now();
        shotsLoaded = ann.shots.size();
        best = std::min(best, ms(c - b));
        bestOpen = std::min(bestOpen, ms(c - a));
    }
    std::printf("load a %zu-shot film (shots, %zu boundaries, scenes, TPs, synopsis): %.2f ms; with opening the "
                "project: %.2f ms   (target < 50 ms)\n",
                shotsLoaded, bounds.size(), best, bestOpen);
    return 0;
}
