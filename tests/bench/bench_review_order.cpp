// Does "least certain first" pay for itself? (issue 15; run on demand, never in CTest;
// tests/bench/bench_review_order.sh runs it):
//   bench_review_order [--work DIR] [--out DIR] [--films D@FPS:SEED,...] [--train D@FPS:SEED,...]
//                      [--random K] [--novelty-threshold T] [--threads N]
//
// Generated films with known truth (core/demo) are ingested into one project. Each held-out film is
// scored by the cold-start proposer (novelty) and, when --train names films (default three), by a
// MEGA model fine-tuned on those films reviewed from their truth (pipeline::fineTune, as `mega
// train` does). For each scorer the film's proposals are stored exactly as the window gets them
// (pipeline::propose: rows for the cuts scoring at least the floor) and a scripted reviewer works
// through those rows one at a time in time order, least certain first (pipeline::reviewOrder) and
// in K random orders, the model's answer standing for every row not yet reviewed
// (pipeline::replayReview). A true scene end below the floor is never listed, so no order can
// recover it: the final F1 (every listed row reviewed) is the same for every order, below 1.0 when
// the floor hid true ends.
//
// Thresholds: a trained model proposes at the threshold its training chose (floor = threshold, as
// pipeline::propose stores it); the novelty proposer lists cuts >= 0.3 (ProposeOptions::min_novelty)
// and is ordered and answered at the window's default threshold 0.5 (--novelty-threshold).
//
// Writes OUT/review_order.csv (film, scorer, order, reviews, f1; random = the mean of K seeds) and
// OUT/review_order.svg (F1 against reviews, one panel per film and scorer), and prints per film
// and scorer: F1 at 0 reviews, the final F1, the reviews each order needs to reach it and 95 % /
// 99 % of it, and least certain first's saving over time order.
#include "core/demo/generated_film.h"
#include "core/eval/metrics.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/pipeline/novelty.h"
#include "core/pipeline/review_order.h"
#include "core/store/project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace mega;
namespace fs = std::filesystem;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct FilmSpec {
    double duration_s = 150;
    int fps = 25;
    uint64_t seed = 1;
    std::string name() const {
        char b[64];
        std::snprintf(b, sizeof b, "d%.0f-f%d-s%llu", duration_s, fps, static_cast<unsigned long long>(seed));
        return b;
    }
};

std::vector<FilmSpec> parseSpecs(const std::string& text) {
    std::vector<FilmSpec> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.empty()) continue;
        FilmSpec s;
        unsigned long long seed = 0;
        if (std::sscanf(item.c_str(), "%lf@%d:%llu", &s.duration_s, &s.fps, &seed) != 3)
            throw Error("a film is DURATION@FPS:SEED (e.g. 150@25:201), not '" + item + "'");
        s.seed = seed;
        out.push_back(s);
    }
    return out;
}

struct Made {
    FilmSpec spec;
    std::string film, truth;
    int scenes = 0, same_picture = 0; ///< scene changes where the picture stays (only sound/words change)
    int64_t id = 0;
};

Made makeAndIngest(store::Project& p, const fs::path& dir, const FilmSpec& s, int threads) {
    Made m;
    m.spec = s;
    const std::string prefix = (dir / s.name()).string();
    demo::DemoOptions o;
    o.duration_s = s.duration_s;
    o.fps = s.fps;
    o.width = 320;
    o.height = 180;
    o.seed = s.seed;
    const double t0 = now();
    const auto g = demo::makeDemoFilm(prefix, o);
    m.film = g.film;
    m.truth = g.truth;
    m.scenes = int(g.scenes.size());
    for (size_t i = 1; i < g.scenes.size(); ++i) m.same_picture += !g.scenes[i].new_picture;
    const double t1 = now();
    pipeline::IngestOptions io;
    io.threads = threads;
    m.id = pipeline::ingestFilm(p, m.film, io).film_id;
    std::fprintf(stderr, "  %s: made in %.1f s, ingested in %.1f s\n", s.name().c_str(), t1 - t0, now() - t1);
    return m;
}

double chosenThreshold(const store::ModelVersion& m) { // as pipeline::propose reads it
    const auto j = nlohmann::json::parse(m.metrics_json.empty() ? "{}" : m.metrics_json, nullptr, false);
    if (j.is_object() && j.contains("threshold") && j["threshold"].is_number()) return j["threshold"].get<double>();
    return 0.5;
}

struct Line {
    std::string order;
    std::vector<double> f1;
    double reach_final = -1, reach_95 = -1, reach_99 = -1; ///< reviews (random: mean over seeds); -1 never
};

struct Result {
    std::string film, scorer;
    int cuts = 0, listed = 0, gold = 0, gold_listed = 0, scenes = 0, same_picture = 0;
    double floor = 0, threshold = 0, ap = 0;
    double f1_0 = 0, final_f1 = 0;
    Line time, least, random;
};

double reach(const std::vector<double>& f1, double target) {
    const auto k = pipeline::reviewsToReach(f1, target);
    return k ? double(*k) : -1;
}

Line line(const std::string& name, const std::vector<double>& f1, double final) {
    Line l;
    l.order = name;
    l.f1 = f1;
    l.reach_final = reach(f1, final);
    l.reach_95 = reach(f1, 0.95 * final);
    l.reach_99 = reach(f1, 0.99 * final);
    return l;
}

Result replay(const store::Project& p, const Made& m, const std::string& scorer, const store::ModelVersion& model,
              const std::vector<double>& scores, const std::vector<int>& labels, double floor, double threshold, int randoms) {
    Result r;
    r.film = m.spec.name();
    r.scorer = scorer;
    r.scenes = m.scenes;
    r.same_picture = m.same_picture;
    r.cuts = int(scores.size());
    r.floor = floor;
    r.threshold = threshold;
    r.ap = eval::averagePrecision(scores, labels);
    // The rows the window lists are the film's stored ones: check the replay lists the same cuts.
    std::vector<int64_t> stored;
    for (const auto& b : p.boundaries(m.id))
        if (b.source == "model:" + model.name && b.status == store::ReviewStatus::Unreviewed) stored.push_back(b.shot_index);
    std::sort(stored.begin(), stored.end());
    const auto listed = pipeline::listedCuts(scores, floor);
    if (stored != listed)
        throw Error(r.film + " " + scorer + ": the window lists " + std::to_string(stored.size()) + " rows, the replay " +
                    std::to_string(listed.size()));
    r.listed = int(listed.size());
    for (size_t i = 0; i < labels.size(); ++i) r.gold += labels[i], r.gold_listed += labels[i] && scores[i] >= floor;

    const auto t = pipeline::replayReview(scores, labels, floor, threshold, pipeline::ReviewOrder::Time);
    const auto lc = pipeline::replayReview(scores, labels, floor, threshold, pipeline::ReviewOrder::LeastCertain);
    r.f1_0 = t.f1.front();
    r.final_f1 = t.f1.back();
    r.time = line("time", t.f1, r.final_f1);
    r.least = line("least-certain", lc.f1, r.final_f1);
    // Random orders: the mean curve is drawn; the reviews to each target are each seed's, averaged.
    std::vector<double> mean(t.f1.size(), 0.0);
    double rf = 0, r95 = 0, r99 = 0;
    for (int s = 0; s < randoms; ++s) {
        auto order = listed;
        std::mt19937_64 rng(uint64_t(1000 + s));
        std::shuffle(order.begin(), order.end(), rng);
        const auto c = pipeline::replayReview(scores, labels, floor, threshold, order);
        for (size_t k = 0; k < mean.size(); ++k) mean[k] += c.f1[k] / randoms;
        rf += reach(c.f1, r.final_f1) / randoms;
        r95 += reach(c.f1, 0.95 * r.final_f1) / randoms;
        r99 += reach(c.f1, 0.99 * r.final_f1) / randoms;
    }
    r.random = line("random", mean, r.final_f1);
    r.random.reach_final = rf, r.random.reach_95 = r95, r.random.reach_99 = r99;
    return r;
}

std::string fmtReach(double v) {
    if (v < 0) return "never";
    char b[32];
    std::snprintf(b, sizeof b, v == std::floor(v) ? "%.0f" : "%.1f", v);
    return b;
}

// ---- the plot, drawn by hand (no plotting library on the machine) ----

void writeSvg(const std::string& path, const std::vector<Result>& results, const std::vector<std::string>& scorers) {
    const int cols = int(scorers.size()), pw = 420, ph = 250, ml = 48, mr = 12, mt = 30, mb = 36;
    std::vector<std::string> films;
    for (const auto& r : results)
        if (std::find(films.begin(), films.end(), r.film) == films.end()) films.push_back(r.film);
    const int rows = int(films.size());
    const int W = cols * pw, H = rows * ph + 40;
    std::ofstream o(path);
    o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H
      << "' font-family='sans-serif' font-size='11'>\n<rect width='100%' height='100%' fill='white'/>\n";
    o << "<text x='8' y='18' font-size='13'>Boundary F1 against boundaries reviewed: "
         "<tspan fill='#1f77b4'>time order</tspan>, <tspan fill='#d62728'>least certain first</tspan>, "
         "<tspan fill='#7f7f7f'>random (mean)</tspan>; dashed: the final F1</text>\n";
    for (const auto& r : results) {
        const int col = int(std::find(scorers.begin(), scorers.end(), r.scorer) - scorers.begin());
        const int row = int(std::find(films.begin(), films.end(), r.film) - films.begin());
        const double x0 = col * pw + ml, y0 = 40 + row * ph + mt, w = pw - ml - mr, h = ph - mt - mb;
        const int n = std::max(1, int(r.time.f1.size()) - 1);
        double lo = 1.0;
        for (const Line* l : {&r.time, &r.least, &r.random}) lo = std::min(lo, *std::min_element(l->f1.begin(), l->f1.end()));
        lo = std::max(0.0, std::floor(lo * 10 - 0.5) / 10);
        const double hi = 1.0;
        auto X = [&](double k) { return x0 + w * k / n; };
        auto Y = [&](double f) { return y0 + h * (1 - (f - lo) / (hi - lo)); };
        o << "<rect x='" << x0 << "' y='" << y0 << "' width='" << w << "' height='" << h << "' fill='none' stroke='#999'/>\n";
        char title[256];
        std::snprintf(title, sizeof title, "%s, %s: %d listed of %d cuts, %d/%d true ends listed", r.film.c_str(), r.scorer.c_str(),
                      r.listed, r.cuts, r.gold_listed, r.gold);
        o << "<text x='" << x0 << "' y='" << y0 - 6 << "'>" << title << "</text>\n";
        for (int i = 0; i <= 4; ++i) {
            const double f = lo + (hi - lo) * i / 4;
            o << "<line x1='" << x0 - 3 << "' x2='" << x0 << "' y1='" << Y(f) << "' y2='" << Y(f) << "' stroke='#999'/>"
              << "<text x='" << x0 - 5 << "' y='" << Y(f) + 4 << "' text-anchor='end'>" << std::round(f * 100) / 100 << "</text>\n";
            const double k = std::round(double(n) * i / 4);
            o << "<line x1='" << X(k) << "' x2='" << X(k) << "' y1='" << y0 + h << "' y2='" << y0 + h + 3 << "' stroke='#999'/>"
              << "<text x='" << X(k) << "' y='" << y0 + h + 15 << "' text-anchor='middle'>" << k << "</text>\n";
        }
        o << "<text x='" << x0 + w / 2 << "' y='" << y0 + h + 29 << "' text-anchor='middle'>reviews</text>\n";
        o << "<line x1='" << x0 << "' x2='" << x0 + w << "' y1='" << Y(r.final_f1) << "' y2='" << Y(r.final_f1)
          << "' stroke='#444' stroke-dasharray='4,3'/>\n";
        const std::pair<const Line*, const char*> lines[] = {{&r.random, "#7f7f7f"}, {&r.time, "#1f77b4"}, {&r.least, "#d62728"}};
        for (const auto& [l, colour] : lines) {
            o << "<polyline fill='none' stroke-width='1.6' stroke='" << colour << "' points='";
            for (size_t k = 0; k < l->f1.size(); ++k) o << X(double(k)) << ',' << Y(l->f1[k]) << ' ';
            o << "'/>\n";
        }
    }
    o << "</svg>\n";
}

} // namespace

int main(int argc, char** argv) {
    std::string work, out = ".";
    std::string films = "150@25:201,150@25:202,200@24:211,200@24:212,240@30:221,300@25:231";
    std::string train = "150@25:31,150@25:32,150@25:33";
    int randoms = 5, threads = 0;
    double noveltyThreshold = 0.5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--work") work = v;
        else if (a == "--out") out = v;
        else if (a == "--films") films = v;
        else if (a == "--train") train = v == "none" ? "" : v;
        else if (a == "--random") randoms = std::max(1, std::atoi(v.c_str()));
        else if (a == "--novelty-threshold") noveltyThreshold = std::atof(v.c_str());
        else if (a == "--threads") threads = std::atoi(v.c_str());
        else {
            std::fprintf(stderr, "usage: bench_review_order [--work DIR] [--out DIR] [--films D@FPS:SEED,...] "
                                 "[--train D@FPS:SEED,...|none] [--random K] [--novelty-threshold T] [--threads N]\n");
            return 2;
        }
    }
    try {
        pipeline::setComputeThreads(threads);
        if (work.empty()) work = (fs::temp_directory_path() / "bench_review_order").string();
        fs::create_directories(work);
        fs::create_directories(out);
        const std::string projectPath = (fs::path(work) / "order.mega").string();
        for (const char* ext : {"", "-wal", "-shm"}) fs::remove(projectPath + ext);
        store::Project p(projectPath, store::Project::Mode::Create);
        p.setAuthor("bench");

        const auto testSpecs = parseSpecs(films), trainSpecs = parseSpecs(train);
        std::fprintf(stderr, "making and ingesting %zu held-out and %zu training films (320x180)\n", testSpecs.size(), trainSpecs.size());
        std::vector<Made> tests, trains;
        for (const auto& s : testSpecs) tests.push_back(makeAndIngest(p, work, s, threads));
        for (const auto& s : trainSpecs) trains.push_back(makeAndIngest(p, work, s, threads));

        std::optional<store::ModelVersion> trained;
        if (!trains.empty()) {
            pipeline::FineTuneOptions ft;
            for (const auto& m : trains) {
                pipeline::reviewFromTruth(p, m.id, pipeline::truthSceneEnds(p, m.id, m.truth));
                ft.films.push_back(m.id);
            }
            ft.propose_after = false;
            const auto r = pipeline::fineTune(p, ft);
            trained = p.modelVersion(r.model_version);
            std::fprintf(stderr, "fine-tuned %s on %d films in %.1f s (threshold %.3f): %s\n", r.name.c_str(), r.films, r.seconds,
                         chosenThreshold(*trained), r.note.c_str());
        }

        std::vector<Result> results;
        std::vector<std::string> scorers = {"novelty"};
        if (trained) scorers.push_back("trained");
        for (const auto& m : tests) {
            std::vector<int> labels(p.shots(m.id).size() - 1, 0);
            int unmatched = 0;
            for (int64_t e : pipeline::truthSceneEnds(p, m.id, m.truth, &unmatched)) labels[size_t(e)] = 1;
            if (unmatched) std::fprintf(stderr, "  %s: %d true scene ends have no detected cut near them (not counted)\n", m.spec.name().c_str(), unmatched);
            pipeline::ProposeOptions po;
            po.model = pipeline::kNoveltyName;
            const auto nov = pipeline::propose(p, m.id, po);
            results.push_back(replay(p, m, "novelty", nov.model, nov.scores, labels, po.min_novelty, noveltyThreshold, randoms));
            if (trained) {
                po.model = trained->name;
                const auto tr = pipeline::propose(p, m.id, po);
                const double t = chosenThreshold(*trained);
                results.push_back(replay(p, m, "trained", tr.model, tr.scores, labels, t, t, randoms));
            }
        }

        // The CSV and the plot.
        const std::string csv = (fs::path(out) / "review_order.csv").string(), svg = (fs::path(out) / "review_order.svg").string();
        {
            std::ofstream c(csv);
            c << "film,scorer,order,reviews,f1\n";
            for (const auto& r : results)
                for (const Line* l : {&r.time, &r.least, &r.random})
                    for (size_t k = 0; k < l->f1.size(); ++k) c << r.film << ',' << r.scorer << ',' << l->order << ',' << k << ',' << l->f1[k] << '\n';
        }
        writeSvg(svg, results, scorers);

        // The summary.
        std::printf("\nReview order replay: %zu held-out films (DURATION@FPS:SEED as d..-f..-s..), %d random orders; "
                    "novelty: floor %.2f, threshold %.2f; trained: floor = threshold = its chosen one\n",
                    tests.size(), randoms, pipeline::ProposeOptions{}.min_novelty, noveltyThreshold);
        std::printf("same-pic: scene changes where the picture stays (only sound or words change: near-duplicate for the picture)\n\n");
        std::printf("%-16s %-8s %5s %6s %9s %5s %6s %6s | %-13s %6s %6s %6s | %7s\n", "film", "scorer", "cuts", "listed",
                    "ends(lst)", "same", "F1@0", "final", "order", "final", "95%", "99%", "saving");
        for (const auto& r : results) {
            char ends[32];
            std::snprintf(ends, sizeof ends, "%d(%d)", r.gold, r.gold_listed);
            for (const Line* l : {&r.time, &r.least, &r.random}) {
                std::string saving = "";
                if (l == &r.least) {
                    if (r.time.reach_final > 0 && r.least.reach_final >= 0) {
                        char b[32];
                        std::snprintf(b, sizeof b, "%.0f%%", 100 * (1 - r.least.reach_final / r.time.reach_final));
                        saving = b;
                    } else saving = "-";
                }
                if (l == &r.time)
                    std::printf("%-16s %-8s %5d %6d %9s %5d %6.3f %6.3f | %-13s %6s %6s %6s | %7s\n", r.film.c_str(), r.scorer.c_str(), r.cuts,
                                r.listed, ends, r.same_picture, r.f1_0, r.final_f1, l->order.c_str(), fmtReach(l->reach_final).c_str(),
                                fmtReach(l->reach_95).c_str(), fmtReach(l->reach_99).c_str(), saving.c_str());
                else
                    std::printf("%-16s %-8s %5s %6s %9s %5s %6s %6s | %-13s %6s %6s %6s | %7s\n", "", "", "", "", "", "", "", "", l->order.c_str(),
                                fmtReach(l->reach_final).c_str(), fmtReach(l->reach_95).c_str(), fmtReach(l->reach_99).c_str(), saving.c_str());
            }
        }
        std::printf("\noverall (reviews summed over films; saving = 1 - least-certain / time):\n");
        for (const auto& s : scorers) {
            double sum[3][3] = {}, count = 0, hit = 0;
            for (const auto& r : results) {
                if (r.scorer != s) continue;
                ++count;
                const Line* ls[3] = {&r.time, &r.least, &r.random};
                for (int o = 0; o < 3; ++o) {
                    sum[o][0] += ls[o]->reach_final;
                    sum[o][1] += ls[o]->reach_95;
                    sum[o][2] += ls[o]->reach_99;
                }
                hit += r.time.reach_final > 0 && r.least.reach_final <= 0.75 * r.time.reach_final;
            }
            std::printf("  %-8s time %4.0f / %4.0f / %4.0f, least-certain %4.0f / %4.0f / %4.0f, random %6.1f / %6.1f / %6.1f "
                        "(to final / 95%% / 99%%); saving to final %.0f%%, to 95%% %.0f%%, to 99%% %.0f%%; >= 25%% on %.0f of %.0f films\n",
                        s.c_str(), sum[0][0], sum[0][1], sum[0][2], sum[1][0], sum[1][1], sum[1][2], sum[2][0], sum[2][1], sum[2][2],
                        sum[0][0] > 0 ? 100 * (1 - sum[1][0] / sum[0][0]) : 0.0, sum[0][1] > 0 ? 100 * (1 - sum[1][1] / sum[0][1]) : 0.0,
                        sum[0][2] > 0 ? 100 * (1 - sum[1][2] / sum[0][2]) : 0.0, hit, count);
        }
        std::printf("\nwrote %s and %s\n", csv.c_str(), svg.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_review_order: %s\n", e.what());
        return 1;
    }
    return 0;
}
