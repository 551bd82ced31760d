#include "core/pipeline/ingest.h"

#include "core/features/extractors.h"
#include "core/film/source.h"
#include "core/features/modality.h"
#include "core/film/sidecars.h"
#include "core/io/text_formats.h"
#include "core/media/media_info.h"
#include "core/media/subtitle_reader.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/novelty.h"
#include "core/pipeline/proposals.h"
#include "core/shots/shot_list.h"

#include <algorithm>
#include <filesystem>

namespace mega::pipeline {

namespace {

/// The cold-start proposer's scores and proposals (cuts scoring at least `min` of the film's largest change).
size_t proposeColdStart(store::Project& project, const store::Film& f, double min = 0.3) {
    const store::ModelVersion m = ensureColdStart(project);
    return storeSceneProposals(project, f.id, m, filmNoveltyScores(project, f), min);
}

} // namespace

IngestResult ingestFilm(store::Project& project, const std::string& path, const IngestOptions& o, const ProgressFn& progress,
                        std::stop_token stop) {
    const auto info = media::probe(path);
    if (!info.video) throw Error(fileError(path, "has no video stream (audio-only or not a film)"));
    const std::string fingerprint = store::fingerprintFile(path);
    IngestResult r;
    if (auto existing = project.findFilmByFingerprint(fingerprint);
        existing && !o.force && !project.shots(existing->id).empty() && featuresCurrent(project, *existing)) {
        r.film_id = existing->id;
        r.shots = project.shots(existing->id).size();
        r.skipped = true;
        return r;
    }
    auto stage = [&](std::string_view name, double share0, double share1) -> ProgressFn {
        if (!progress) return {};
        return [=](const Progress& p) {
            const double f = p.total > 0 ? double(p.done) / double(p.total) : 0.0;
            progress({int64_t(1000 * (share0 + (share1 - share0) * f)), 1000, name});
        };
    };
    shots::DetectorParams dopt;
    if (o.threads > 0) dopt.threads = o.threads;
    const auto detected = shots::detectShots(path, dopt, stage("shots", 0.0, 0.45), stop);
    r.warnings = detected.warnings;
    features::ExtractOptions eo;
    eo.threads = o.threads;
    const auto ex = features::extractFeatures(path, eo, stage("features", 0.45, 1.0), stop);
    for (const auto& w : ex.warnings) // the features' decode meets the same damage: said once
        if (std::find(r.warnings.begin(), r.warnings.end(), w) == r.warnings.end()) r.warnings.push_back(w);
    // Sidecar files beside the film: FILM.srt / FILM.vtt subtitles, FILM.synopsis.txt.
    std::vector<media::SubtitleCue> cues;
    std::vector<std::string> sentences;
    if (o.sidecars) {
        const auto side = film::sidecarFiles(path);
        if (!side.subtitles.empty())
            cues = io::readSubtitleFile(side.subtitles);
        if (!side.synopsis.empty()) sentences = io::parseSynopsisText(io::readTextFile(side.synopsis), false);
    }
    if (cues.empty()) {
        try {
            cues = media::readSubtitles(path); // the film's own text stream, if it has one
        } catch (const Error& e) {
            r.warnings.push_back(e.what());
        }
    }
    std::vector<features::PerShot> tables;
    for (const auto& m : ex.modalities) tables.push_back(features::aggregate(m, detected.shots));
    // Subtitles (the film's cues, possibly none: then every shot's mask is 0) and the contrast of
    // picture, layout, sound and words across each cut.
    std::vector<std::string> lines;
    std::vector<std::pair<double, double>> times;
    for (const auto& c : cues) lines.push_back(c.text), times.emplace_back(c.start_s, c.end_s);
    tables.push_back(features::aggregate(features::TextEncoder().encode("subtitles", lines, times), detected.shots));
    std::vector<features::PerShot> bases;
    for (const char* name : {"appearance", "layout", "audio", "subtitles"})
        for (const auto& t : tables)
            if (t.name == name) bases.push_back(t);
    tables.push_back(features::contrast(bases, detected.shots));
    for (auto& t : pictureFreeFeatures(detected.shots, cues)) tables.push_back(std::move(t));

    if (stop.stop_requested()) throw Cancelled();
    if (!o.author.empty()) project.setAuthor(o.author);
    store::Film stored;
    project.batch([&] {
        if (auto existing = project.findFilmByFingerprint(fingerprint)) {
            r.film_id = existing->id;
        } else {
            store::Film f;
            f.name = std::filesystem::path(path).stem().string();
            f.path = std::filesystem::absolute(path).string();
            f.fingerprint = fingerprint;
            f.duration_s = info.duration_s;
            f.fps = detected.fps;
            f.frame_count = detected.frame_count;
            f.width = info.video->width;
            f.height = info.video->height;
            r.film_id = project.addFilm(f);
        }
        project.setShots(r.film_id, detected.shots);
        project.setFilmWarnings(r.film_id, detected.warnings); // how much of the picture could be read
        if (!cues.empty()) project.setSubtitles(r.film_id, cues);
        if (!sentences.empty() && project.synopsis(r.film_id).empty())
            project.setSynopsis(r.film_id, "", sentences, {}, film::Source::import("synopsis").str());
        stored = project.film(r.film_id);
        storeFeatures(project, stored, tables, featureRecipe(stored));
        if (o.proposals && detected.shots.size() > 1) {
            // The cold start proposes here (torch-free): with none trained, the novelty proposer's
            // proposals stand until the loop's (the shipped base's, loop.h) replace them.
            const auto active = project.activeModel("scene");
            if (!active || isColdStart(*active)) r.proposals = proposeColdStart(project, stored);
        }
    });
    r.shots = detected.shots.size();
    return r;
}

} // namespace mega::pipeline
