// `mega models` and `mega review`: the loop's store-only commands (no LibTorch). Ingest, propose
// and train run a model and live in mega-model.
#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "core/common/error.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/labels.h"
#include "core/store/new_project.h"
#include "core/store/project.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace mega::cli {

int runModels(const std::vector<std::string>& argv) {
    const Args args(argv, {"activate"}, {"json"});
    if (args.positional().size() != 1) throw UsageError{"models takes a PROJECT"};
    const std::string path = args.positional()[0];
    if (auto v = args.value("activate")) {
        store::Project project(path, store::Project::Mode::Open);
        const auto m = project.modelVersionByIdOrName(*v);
        project.activateModel(m.id, "made active by " + project.author());
        std::printf("%s is now the active %s model\n", m.name.c_str(), m.task.c_str());
        return 0;
    }
    const store::Project project(path, store::Project::Mode::ReadOnly);
    const auto versions = project.modelVersions();
    const auto runs = project.trainingRuns();
    if (args.flag("json")) {
        nlohmann::json j{{"versions", nlohmann::json::array()}, {"runs", nlohmann::json::array()}};
        for (const auto& m : versions)
            j["versions"].push_back({{"id", m.id}, {"name", m.name}, {"task", m.task}, {"kind", m.kind}, {"active", m.active},
                                     {"parent_id", m.parent_id}, {"checkpoint", m.checkpoint}, {"created_at", m.created_at},
                                     {"metrics", nlohmann::json::parse(m.metrics_json.empty() ? "{}" : m.metrics_json, nullptr, false)},
                                     {"note", m.note}});
        for (const auto& r : runs)
            j["runs"].push_back({{"id", r.id}, {"task", r.task}, {"status", r.status}, {"model_version_id", r.model_version_id},
                                 {"started_at", r.started_at}, {"finished_at", r.finished_at},
                                 {"params", nlohmann::json::parse(r.params_json, nullptr, false)},
                                 {"metrics", nlohmann::json::parse(r.metrics_json, nullptr, false)},
                                 {"log", nlohmann::json::parse(r.log_json, nullptr, false)}});
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    if (versions.empty()) std::printf("no model versions yet (ingest a film: the cold-start proposer comes with it)\n");
    for (const auto& m : versions)
        std::printf("%c %3lld  %-16s %-5s %-7s %s  %s\n", m.active ? '*' : ' ', static_cast<long long>(m.id), m.name.c_str(),
                    m.task.c_str(), m.kind.c_str(), m.created_at.c_str(), m.note.c_str());
    for (const auto& r : runs)
        std::printf("run %lld (%s): %s, %s -> %s%s\n", static_cast<long long>(r.id), r.task.c_str(), r.status.c_str(),
                    r.started_at.c_str(), r.finished_at.empty() ? "..." : r.finished_at.c_str(),
                    r.model_version_id ? (", version " + std::to_string(r.model_version_id)).c_str() : "");
    return 0;
}

int runReview(const std::vector<std::string>& argv) {
    const Args args(argv, {"film", "from", "author", "tolerance"}, {});
    if (args.positional().size() != 1 || !args.value("film") || !args.value("from"))
        throw UsageError{"review takes a PROJECT, --film FILM and --from ANNOTATION.json"};
    store::Project project(args.positional()[0], store::Project::Mode::Open);
    if (auto a = args.value("author")) project.setAuthor(*a);
    const store::Film film = project.filmByIdOrName(*args.value("film"));
    int unmatched = 0;
    const auto ends = pipeline::truthSceneEnds(project, film.id, *args.value("from"), &unmatched, args.number("tolerance", 0.5));
    const auto c = pipeline::reviewFromTruth(project, film.id, ends);
    int tps = 0;
    if (const auto t = pipeline::truthTurningPoints(project, film.id, *args.value("from")))
        tps = pipeline::reviewTurningPoints(project, film.id, *t);
    std::printf("%s: %d accepted, %d rejected, %d added, %d turning points set as %s; marked reviewed\n", film.name.c_str(),
                c.accepted, c.rejected, c.added, tps, project.author().c_str());
    if (unmatched)
        std::fprintf(stderr, "mega review: warning: %d boundaries of %s have no cut of the film within %.2f s; left out\n",
                     unmatched, args.value("from")->c_str(), args.number("tolerance", 0.5));
    return 0;
}

int runMerge(const std::vector<std::string>& argv) {
    const Args args(argv, {}, {});
    if (args.positional().size() < 2) throw UsageError{"merge takes OUT.mega and one or more IN.mega"};
    store::NewProject made(args.positional()[0], pipeline::projectFeaturesFolder(args.positional()[0])); // an OUT this merge creates goes again if it fails
    store::Project out(args.positional()[0], store::Project::Mode::Create);
    int64_t added = 0, present = 0;
    for (size_t i = 1; i < args.positional().size(); ++i) {
        const auto r = out.mergeFrom(args.positional()[i]);
        for (const auto& name : r.present)
            std::fprintf(stderr, "mega merge: warning: film '%s' of %s is already in %s: kept as it is there, not merged\n",
                         name.c_str(), args.positional()[i].c_str(), out.path().c_str());
        added += r.films_added;
        present += r.films_present;
        std::printf("%s: %lld films added, %lld already there, %lld model versions, %lld training runs\n",
                    args.positional()[i].c_str(), static_cast<long long>(r.films_added), static_cast<long long>(r.films_present),
                    static_cast<long long>(r.versions_added), static_cast<long long>(r.runs_added));
    }
    std::printf("%s: %lld films added, %lld already there\n", out.path().c_str(), static_cast<long long>(added),
                static_cast<long long>(present));
    made.keep();
    return 0;
}

} // namespace mega::cli
