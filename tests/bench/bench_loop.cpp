// The loop's speed on a long film (run on demand; tests/bench/bench_loop.sh runs it):
//   bench_loop PROJECT.mega FILM TRUTH.json [--decisions N] [--every K] [--threads T]
// On a copy of a project holding an ingested film (features stored) and that film's truth:
// 1. proposing with the cold-start proposer and, once one exists, with a trained MEGA model;
// 2. learning while reviewing: a scripted reviewer decides the film's proposals in time order
//    from the truth (accept a true scene end, reject the rest, add a missed end it passes), and
//    after every K decisions the model learns from them and re-scores the film in place
//    (pipeline::learnFromDecisions, the window's call). Each update's time from the decision to the
//    re-scored film is logged; the p50 and p95 are printed, with the AP of the film's current scores
//    on the cuts nobody decided yet (does the next Tab land on a better proposal?).
#include "core/eval/metrics.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/store/project.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace mega;

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_loop PROJECT.mega FILM TRUTH.json [--decisions N] [--every K] [--threads T]\n");
        return 2;
    }
    int decisions = 200, every = 5, threads = 0;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--decisions")) decisions = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--every")) every = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    }
    pipeline::setComputeThreads(threads);
    try {
        store::Project p(argv[1], store::Project::Mode::Open);
        p.setAuthor("bench");
        const store::Film film = p.filmByIdOrName(argv[2]);
        const size_t shots = p.shots(film.id).size();
        const auto ends = pipeline::truthSceneEnds(p, film.id, argv[3]);
        std::vector<int> truth(shots - 1, 0);
        for (int64_t e : ends) truth[size_t(e)] = 1;
        std::printf("film %s: %zu shots, %zu true scene ends\n", film.name.c_str(), shots, ends.size());

        double t = now();
        auto r = pipeline::propose(p, film.id);
        std::printf("propose (%s): %.2f s, %zu proposals, AP %.1f\n", r.model.name.c_str(), now() - t, r.proposals,
                    100 * eval::averagePrecision(r.scores, truth));

        std::vector<double> waits;
        int made = 0, since = 0;
        while (made < decisions) {
            // The next unreviewed proposal in time order; a true end passed on the way is added.
            const auto bs = p.boundaries(film.id);
            auto next = std::find_if(bs.begin(), bs.end(), [](const store::SceneBoundary& b) { return b.status == store::ReviewStatus::Unreviewed; });
            if (next == bs.end()) break;
            const int64_t upTo = next->shot_index;
            for (int64_t e : ends)
                if (e < upTo && std::none_of(bs.begin(), bs.end(), [&](const store::SceneBoundary& b) { return b.shot_index == e; })) {
                    p.addBoundary(film.id, e);
                    ++made, ++since;
                }
            if (truth[size_t(next->shot_index)]) p.acceptBoundary(next->id);
            else p.rejectBoundary(next->id);
            ++made, ++since;
            if (since < every) continue;
            since = 0;
            const double t0 = now();
            try {
                const auto l = pipeline::learnFromDecisions(p, film.id);
                const double dt = now() - t0;
                waits.push_back(dt);
                if (!l.rescored) {
                    std::printf("after %3d decisions: %.2f s: %s\n", made, dt, l.note.c_str());
                    continue;
                }
                // How good are the proposals still ahead of the reviewer?
                const auto d = pipeline::sceneDecisions(p, film.id);
                const auto scores = *p.modelScores(film.id, l.model_version, "scene");
                std::vector<double> s;
                std::vector<int> y;
                for (size_t i = 0; i < scores.size(); ++i)
                    if (!d.decided[i]) s.push_back(scores[i]), y.push_back(truth[i]);
                std::printf("after %3d decisions: re-scored in %.2f s (AP %.1f against %.1f for %s on held-out decisions); AP on the %zu undecided cuts %.1f (%s)\n",
                            made, dt, 100 * l.film_ap, 100 * l.current_ap, l.compared_with.c_str(), s.size(),
                            100 * eval::averagePrecision(s, y), l.activated ? "active" : "this film only");
            } catch (const Error& e) {
                std::printf("after %3d decisions: %s\n", made, e.what());
            }
        }
        std::printf("learning while reviewing: %zu updates, decision to re-scored film p50 %.2f s, p95 %.2f s, max %.2f s\n", waits.size(),
                    percentile(waits, 0.5), percentile(waits, 0.95), waits.empty() ? 0.0 : *std::max_element(waits.begin(), waits.end()));
        t = now();
        r = pipeline::propose(p, film.id, {p.modelVersions().back().name});
        // (the newest version: the last update kept, or the cold-start proposer if none was)
        std::printf("propose (%s, trained): %.2f s, %zu proposals\n", r.model.name.c_str(), now() - t, r.proposals);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_loop: %s\n", e.what());
        return 1;
    }
    return 0;
}
