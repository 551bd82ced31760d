#include "core/pipeline/ingest.h"

#include "core/features/extractors.h"
#include "core/features/modality.h"
#include "core/film/sidecars.h"
#include "core/io/text_formats.h"
#include "core/media/media_info.h"
#include "core/shots/shot_list.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace mega::pipeline {

std::vector<double> noveltyScores(const std::vector<float>& v, int64_t shots, int64_t dim) {
    std::vector<double> s;
    for (int64_t i = 0; i + 1 < shots; ++i)
        s.push_back(1.0 - features::cosine(v.data() + i * dim, v.data() + (i + 1) * dim, size_t(dim)));
    const double top = s.empty() ? 0.0 : *std::max_element(s.begin(), s.end());
    for (double& x : s) x = top > 0 ? std::clamp(x / top, 0.0, 1.0) : 0.0;
    return s;
}

IngestResult ingestFilm(store::Project& project, const std::string& path, const IngestOptions& o, const ProgressFn& progress,
                        std::stop_token stop) {
    const auto info = media::probe(path);
    if (!info.video) throw Error(fileError(path, "has no video stream (audio-only or not a film)"));
    const std::string fingerprint = store::fingerprintFile(path);
    auto stage = [&](std::string_view name, double share0, double share1) -> ProgressFn {
        if (!progress) return {};
        return [=](const Progress& p) {
            const double f = p.total > 0 ? double(p.done) / double(p.total) : 0.0;
            progress({int64_t(1000 * (share0 + (share1 - share0) * f)), 1000, name});
        };
    };
    IngestResult r;
    const auto detected = shots::detectShots(path, {}, stage("shots", 0.0, o.proposals ? 0.5 : 1.0), stop);
    r.warnings = detected.warnings;
    std::vector<store::SceneBoundary> proposals;
    if (o.proposals && detected.shots.size() > 1) {
        features::ExtractOptions eo;
        eo.extractors = {"appearance", "layout"};
        const auto ex = features::extractFeatures(path, eo, stage("features", 0.5, 1.0), stop);
        // Each modality's per-shot vectors, L2-normalised and concatenated, so both count alike.
        const int64_t n = int64_t(detected.shots.size());
        int64_t dim = 0;
        std::vector<features::PerShot> per;
        for (const auto& m : ex.modalities) {
            per.push_back(features::aggregate(m, detected.shots));
            dim += per.back().dim;
        }
        std::vector<float> joined(size_t(n * dim), 0.f);
        int64_t offset = 0;
        for (const auto& p : per) {
            for (int64_t i = 0; i < n; ++i) {
                const float* row = p.data.data() + i * p.dim;
                double norm = 0;
                for (int64_t k = 0; k < p.dim; ++k) norm += double(row[k]) * row[k];
                const float scale = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.f;
                for (int64_t k = 0; k < p.dim; ++k) joined[size_t(i * dim + offset + k)] = row[k] * scale;
            }
            offset += p.dim;
        }
        const auto scores = noveltyScores(joined, n, dim);
        for (size_t i = 0; i < scores.size(); ++i) {
            if (scores[i] < o.min_proposal) continue;
            store::SceneBoundary b;
            b.shot_index = int64_t(i);
            b.probability = scores[i];
            b.source = "model:novelty";
            proposals.push_back(b);
        }
    }
    // Sidecar files beside the film: FILM.srt / FILM.vtt subtitles, FILM.synopsis.txt.
    std::vector<media::SubtitleCue> cues;
    std::vector<std::string> sentences;
    if (o.sidecars) {
        const auto side = film::sidecarFiles(path);
        if (!side.subtitles.empty())
            cues = side.subtitles.ends_with(".vtt") ? io::parseWebVtt(io::readTextFile(side.subtitles), side.subtitles)
                                                    : io::parseSrt(io::readTextFile(side.subtitles), side.subtitles);
        if (!side.synopsis.empty()) sentences = io::parseSynopsisText(io::readTextFile(side.synopsis), false);
    }
    if (stop.stop_requested()) throw Cancelled();
    if (!o.author.empty()) project.setAuthor(o.author);
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
        if (!proposals.empty()) project.setBoundaries(r.film_id, "model:novelty", proposals);
        if (!cues.empty()) project.setSubtitles(r.film_id, cues);
        if (!sentences.empty() && project.synopsis(r.film_id).empty())
            project.setSynopsis(r.film_id, "", sentences, {}, "import:synopsis");
    });
    r.shots = detected.shots.size();
    r.proposals = proposals.size();
    return r;
}

} // namespace mega::pipeline
