// mega import / export / status: the project store from the command line.
#include "app/mega/args.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "app/mega/commands.h"
#include "app/mega/progress_bar.h"
#include "core/io/film_annotation.h"
#include "core/media/media_info.h"
#include "core/shots/shot_list.h"
#include "core/store/new_project.h"
#include "core/store/project.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace mega::cli {

namespace fs = std::filesystem;

namespace {

int64_t filmId(const store::Project& project, const std::string& idOrName) { return project.filmByIdOrName(idOrName).id; }

// Probes a film file, detects its shots and stores both: a new film, or the same film (by
// content fingerprint) found again even if it moved.
int64_t ingestFilm(store::Project& project, const std::string& path, bool quiet, bool proposals) {
    ProgressBar bar(quiet);
    pipeline::IngestOptions o;
    o.proposals = proposals;
    const auto r = pipeline::ingestFilm(project, path, o, bar.callback());
    bar.done();
    for (const auto& w : r.warnings) std::fprintf(stderr, "mega: warning: %s\n", w.c_str());
    return r.film_id;
}

} // namespace

int runImport(const std::vector<std::string>& argv) {
    const Args args(argv,
                    {"tripod", "tripod-screenplay", "movienet", "subtitles", "synopsis", "json", "film", "annotator", "author",
                     "features", "modality", "movienet-split"},
                    {"split", "quiet", "proposals", "no-labels"});
    const auto& pos = args.positional();
    if (pos.empty()) throw UsageError{"import takes a PROJECT"};
    if ((args.flag("no-labels") || args.value("movienet-split")) && !args.value("movienet"))
        throw UsageError{"--no-labels and --movienet-split go with --movienet DIR"};
    store::NewProject made(pos[0], pipeline::projectFeaturesFolder(pos[0])); // a project this import creates goes again if the import fails
    store::Project project(pos[0], store::Project::Mode::Create);
    if (auto who = args.value("author")) project.setAuthor(*who);
    auto second = [&](const char* opt) -> const std::string& {
        if (pos.size() != 2) throw UsageError{std::string("--") + opt + " FILM takes a FILE after the PROJECT"};
        return pos[1];
    };
    int done = 0;
    if (auto f = args.value("tripod")) {
        const int n = io::importTripodSynopses(project, *f);
        std::printf("imported %d TRIPOD synopses from %s\n", n, f->c_str());
        ++done;
    }
    if (auto f = args.value("tripod-screenplay")) {
        const int n = io::importTripodScreenplayTps(project, *f);
        std::printf("imported screenplay turning points of %d films from %s\n", n, f->c_str());
        ++done;
    }
    if (auto d = args.value("movienet")) {
        std::vector<std::string> warnings;
        io::MovieNetOptions o;
        o.labels = !args.flag("no-labels");
        o.split = args.value("movienet-split").value_or("");
        std::vector<int64_t> films;
        const int n = io::importMovieNet(project, *d, &warnings, o, &films);
        for (const auto& w : warnings) std::fprintf(stderr, "mega import: warning: %s\n", w.c_str());
        // The films have no video: what the loop learns and proposes from is their shots' timing and
        // their subtitles (pipeline::pictureFreeModalities).
        ProgressBar bar(args.flag("quiet"));
        auto progress = bar.callback();
        int64_t k = 0;
        for (int64_t id : films) {
            pipeline::storePictureFreeFeatures(project, project.film(id));
            if (progress) progress({++k, int64_t(films.size()), "features"});
        }
        bar.done();
        std::printf("imported %d MovieNet films from %s (%s; features: %s)\n", n, d->c_str(),
                    o.labels ? "labels as reviewed boundaries of 'movienet'" : "no labels: unreviewed",
                    "timing, speech");
        ++done;
    }
    if (auto f = args.value("json")) {
        const int64_t id = io::importAnnotationJson(project, *f);
        std::printf("imported film %lld from %s\n", static_cast<long long>(id), f->c_str());
        ++done;
    }
    if (auto f = args.value("subtitles")) {
        const std::string& file = second("subtitles");
        const int n = io::importSubtitleFile(project, filmId(project, *f), file);
        std::printf("imported %d subtitle cues from %s\n", n, file.c_str());
        ++done;
    }
    if (auto f = args.value("synopsis")) {
        const std::string& file = second("synopsis");
        const int n = io::importSynopsisText(project, filmId(project, *f), file, args.value("annotator").value_or(""),
                                             args.flag("split"));
        std::printf("imported a synopsis of %d sentences from %s\n", n, file.c_str());
        ++done;
    }
    if (auto f = args.value("features")) {
        const std::string& file = second("features");
        const auto modality = args.value("modality");
        if (!modality) throw UsageError{"--features FILM FILE needs --modality NAME"};
        const int64_t dim = io::importShotFeatures(project, filmId(project, *f), *modality, file);
        std::printf("registered %s: per-shot features of %lld dimensions from %s\n", modality->c_str(),
                    static_cast<long long>(dim), file.c_str());
        ++done;
    }
    if (auto f = args.value("film")) {
        const int64_t id = ingestFilm(project, *f, args.flag("quiet"), args.flag("proposals"));
        std::printf("film %lld: %s, %zu shots\n", static_cast<long long>(id), f->c_str(), project.shots(id).size());
        ++done;
    }
    if (!done)
        throw UsageError{"import needs one of --tripod, --tripod-screenplay, --movienet, --json, --subtitles, --synopsis, "
                         "--features, --film"};
    made.keep();
    return 0;
}

/// `mega export SOURCE... --gold -o G.json`: reviewed films of projects, and annotation files (a
/// generated film's truth.json), as `mega eval`'s gold.
int runExportGold(const Args& args, const std::string& out) {
    if (args.positional().empty()) throw UsageError{"export --gold takes projects or annotation files (.json)"};
    if (args.value("format")) throw UsageError{"--gold writes mega eval's format; leave out --format"};
    const auto film = args.value("film");
    if (film && args.positional().size() != 1) throw UsageError{"--film goes with one project"};
    std::vector<io::GoldFilm> films;
    for (const auto& src : args.positional()) {
        if (fs::path(src).extension() == ".json") {
            films.push_back(io::toGold(io::fromJson(io::readTextFile(src), src)));
            continue;
        }
        const store::Project project(src, store::Project::Mode::ReadOnly);
        std::vector<store::Film> list;
        if (film) {
            list.push_back(project.filmByIdOrName(*film));
            if (!pipeline::isReviewed(project, list[0].id))
                throw Error(fileError(src, "film '" + list[0].name + "' is not reviewed: its labels would be a model's, not gold"));
        } else {
            list = pipeline::reviewedFilms(project);
        }
        if (list.empty()) throw Error(fileError(src, "has no reviewed film to give as gold (review one, or name it with --film)"));
        for (const auto& f : list) films.push_back(pipeline::projectGold(project, f.id));
    }
    std::string text;
    try {
        text = io::writeGold(films);
    } catch (const Error& e) {
        throw Error(fileError(out, e.what()));
    }
    io::writeTextFile(out, text);
    const auto withTps = std::count_if(films.begin(), films.end(), [](const io::GoldFilm& g) { return g.tps.has_value(); });
    std::printf("wrote %s: %zu films, %lld with their five turning points\n", out.c_str(), films.size(), static_cast<long long>(withTps));
    return 0;
}

int runExport(const std::vector<std::string>& argv) {
    const Args args(argv, {"film", "format", "o", "output"}, {"gold"});
    if (args.flag("gold")) {
        const auto out = args.value("o") ? args.value("o") : args.value("output");
        if (!out) throw UsageError{"export --gold needs -o G.json"};
        return runExportGold(args, *out);
    }
    if (args.positional().size() != 1) throw UsageError{"export takes a PROJECT"};
    const auto film = args.value("film");
    const auto format = args.value("format");
    const auto out = args.value("o") ? args.value("o") : args.value("output");
    if (!film || !format || !out) throw UsageError{"export needs --film ID, --format F and -o FILE"};
    io::ExportFormat f;
    try {
        f = io::exportFormatFromString(*format);
    } catch (const Error& e) {
        throw UsageError{e.what()};
    }
    const store::Project project(args.positional()[0], store::Project::Mode::ReadOnly);
    io::exportAnnotation(io::loadAnnotation(project, filmId(project, *film)), f, *out);
    std::printf("wrote %s\n", out->c_str());
    return 0;
}

int runStatus(const std::vector<std::string>& argv) {
    const Args args(argv, {}, {"json"});
    if (args.positional().size() != 1) throw UsageError{"status takes a PROJECT"};
    const store::Project project(args.positional()[0], store::Project::Mode::ReadOnly);
    const auto s = project.status();
    const auto films = project.films();
    if (args.flag("json")) {
        nlohmann::json j{{"films", nlohmann::json::array()},
                         {"shots", s.shots},
                         {"sentences", s.sentences},
                         {"turning_points", s.turning_points},
                         {"subtitle_cues", s.cues},
                         {"boundaries", nlohmann::json::object()},
                         {"edits_by_person", nlohmann::json::object()}};
        for (const auto& f : films)
            j["films"].push_back({{"id", f.id}, {"name", f.name}, {"path", f.path}, {"shots", project.shots(f.id).size()}});
        for (auto st : {store::ReviewStatus::Unreviewed, store::ReviewStatus::Accepted, store::ReviewStatus::Rejected,
                        store::ReviewStatus::Edited})
            j["boundaries"][store::toString(st)] = s.boundaries_by_status[static_cast<size_t>(st)];
        for (const auto& [who, n] : s.edits_by_person) j["edits_by_person"][who] = n;
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    std::printf("%s: %zu films, %lld shots, %lld synopsis sentences, %lld turning points, %lld subtitle cues\n",
                project.path().c_str(), films.size(), static_cast<long long>(s.shots), static_cast<long long>(s.sentences),
                static_cast<long long>(s.turning_points), static_cast<long long>(s.cues));
    std::printf("boundaries: %lld unreviewed, %lld accepted, %lld rejected, %lld edited\n",
                static_cast<long long>(s.boundaries_by_status[0]), static_cast<long long>(s.boundaries_by_status[1]),
                static_cast<long long>(s.boundaries_by_status[2]), static_cast<long long>(s.boundaries_by_status[3]));
    for (const auto& [who, n] : s.edits_by_person) std::printf("edits by %s: %lld\n", who.c_str(), static_cast<long long>(n));
    for (const auto& f : films)
        std::printf("film %lld  %-40s %6zu shots  %s\n", static_cast<long long>(f.id), f.name.c_str(),
                    project.shots(f.id).size(), f.path.c_str());
    return 0;
}

} // namespace mega::cli
