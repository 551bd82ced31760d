// mega eval: score any tool's scene boundaries or turning points against gold labels.
#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "app/mega/json_files.h"
#include "core/common/error.h"
#include "core/eval/metrics.h"
#include "core/io/text_formats.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

namespace mega::cli {

namespace {

using nlohmann::json;

template <typename F> auto field(const std::string& path, const std::string& id, F&& read) {
    try {
        return read();
    } catch (const json::exception& e) {
        throw Error(fileError(path, "film " + id + ": " + e.what()));
    }
}

json tpJson(const eval::TpMetrics& m) { return {{"TA", m.ta}, {"PA", m.pa}, {"D", m.d}}; }

} // namespace

int runEval(const std::vector<std::string>& argv) {
    const Args args(argv, {"gold", "pred", "train", "threshold"}, {"json"});
    if (args.positional().size() != 1 || (args.positional()[0] != "scenes" && args.positional()[0] != "tp"))
        throw UsageError{"eval takes 'scenes' or 'tp'"};
    const auto goldPath = args.value("gold");
    if (!goldPath) throw UsageError{"eval needs --gold G.json"};
    const auto gold = filmsById(*goldPath);
    const bool scenes = args.positional()[0] == "scenes";
    json out;
    if (scenes) {
        const auto predPath = args.value("pred");
        if (!predPath) throw UsageError{"eval scenes needs --pred P.json"};
        const auto pred = filmsById(*predPath);
        std::vector<eval::SceneFilm> films;
        for (const auto& [id, g] : gold) {
            auto it = pred.find(id);
            if (it == pred.end()) throw Error(fileError(*predPath, "has no film " + id + " (the gold file has it)"));
            eval::SceneFilm f;
            field(*goldPath, id, [&] {
                f.labels = g.at("labels").get<std::vector<int>>();
                if (g.contains("shots")) f.shots = g.at("shots").get<std::vector<std::pair<int64_t, int64_t>>>();
                if (g.contains("boundary_times")) f.boundary_times = g.at("boundary_times").get<std::vector<double>>();
                return 0;
            });
            field(*predPath, id, [&] { return f.scores = it->second.at("scores").get<std::vector<double>>(), 0; });
            if (f.scores.size() != f.labels.size())
                throw Error(fileError(*predPath, "film " + id + ": " + std::to_string(f.scores.size()) + " scores for " +
                                                     std::to_string(f.labels.size()) + " gold boundaries"));
            films.push_back(std::move(f));
        }
        const auto m = eval::evaluateScenes(films, args.number("threshold", 0.5));
        out = {{"films", films.size()}, {"boundaries", m.boundaries}, {"gold_boundaries", m.gold_boundaries},
               {"AP", m.ap}, {"F1", m.f1}, {"precision", m.precision}, {"recall", m.recall}, {"mIoU", m.miou},
               {"Recall@3s", m.recall_at_3s}};
    } else {
        // A film without "tps" (gold written for scenes too: `mega export --gold` of a film whose five
        // TPs nobody set) is left out and counted.
        int skipped = 0;
        auto readGold = [&](const std::map<std::string, json>& films, const std::string& path) {
            std::map<std::string, eval::TpFilm> result;
            for (const auto& [id, g] : films) {
                if (!g.contains("tps")) {
                    ++skipped;
                    continue;
                }
                result[id] = field(path, id, [&] {
                    eval::TpFilm f;
                    f.units = g.at("units").get<int64_t>();
                    const auto tps = g.at("tps");
                    if (tps.size() != 5) throw Error(fileError(path, "film " + id + ": \"tps\" must list 5 turning points"));
                    for (size_t k = 0; k < 5; ++k)
                        f.gold[k] = tps[k].is_array() ? tps[k].get<std::vector<int64_t>>() : std::vector<int64_t>{tps[k].get<int64_t>()};
                    return f;
                });
            }
            return result;
        };
        auto films = readGold(gold, *goldPath);
        const int goldSkipped = skipped;
        if (films.empty()) throw Error(fileError(*goldPath, "has no film with turning points (\"tps\")"));
        std::vector<eval::TpFilm> list;
        for (auto& [id, f] : films) list.push_back(f);
        std::optional<std::array<double, 5>> distribution;
        if (auto train = args.value("train")) {
            std::vector<eval::TpFilm> t;
            for (auto& [id, f] : readGold(filmsById(*train), *train)) t.push_back(f);
            distribution = eval::meanRelativePositions(t);
        }
        json baselines{{"random", tpJson(eval::randomBaseline(list))}};
        std::vector<eval::TpFilm> theory = list, dist = list;
        for (auto& f : theory) f.predicted = eval::theoryPositions(f.units);
        baselines["theory"] = tpJson(eval::evaluateTurningPoints(theory));
        if (distribution) {
            for (auto& f : dist) f.predicted = eval::positionsAt(*distribution, f.units);
            baselines["distribution"] = tpJson(eval::evaluateTurningPoints(dist));
        }
        out = {{"films", list.size()}, {"baselines", baselines}};
        if (goldSkipped) out["films_without_tps"] = goldSkipped;
        if (auto predPath = args.value("pred")) {
            const auto pred = filmsById(*predPath);
            list.clear();
            for (auto& [id, f] : films) {
                auto it = pred.find(id);
                if (it == pred.end()) throw Error(fileError(*predPath, "has no film " + id + " (the gold file has it)"));
                f.predicted = field(*predPath, id, [&] {
                    const auto& p = it->second;
                    if (p.contains("distributions")) return eval::argmax(p.at("distributions").get<std::array<std::vector<double>, 5>>());
                    return p.at("tps").get<std::array<int64_t, 5>>();
                });
                for (int64_t u : f.predicted)
                    if (u < 0 || u >= f.units)
                        throw Error(fileError(*predPath, "film " + id + ": TP at unit " + std::to_string(u) + " of " + std::to_string(f.units)));
                list.push_back(f);
            }
            const auto m = eval::evaluateTurningPoints(list);
            out["TA"] = m.ta;
            out["PA"] = m.pa;
            out["D"] = m.d;
        }
    }
    if (args.flag("json")) {
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    for (const auto& [k, v] : out.items()) {
        if (v.is_object()) {
            for (const auto& [b, mv] : v.items())
                std::printf("%-22s TA %6.2f  PA %6.2f  D %6.2f\n", ("baseline " + b).c_str(), 100 * mv.at("TA").get<double>(),
                            100 * mv.at("PA").get<double>(), 100 * mv.at("D").get<double>());
        } else if (v.is_number_float()) {
            std::printf("%-22s %6.2f\n", k.c_str(), 100 * v.get<double>());
        } else {
            std::printf("%-22s %s\n", k.c_str(), v.dump().c_str());
        }
    }
    return 0;
}

} // namespace mega::cli
