#include "core/pipeline/novelty.h"

#include "core/features/modality.h"
#include "core/pipeline/film_features.h"

#include <algorithm>
#include <cmath>

namespace mega::pipeline {

std::vector<double> noveltyScores(const std::vector<float>& v, int64_t shots, int64_t dim) {
    std::vector<double> s;
    for (int64_t i = 0; i + 1 < shots; ++i)
        s.push_back(1.0 - features::cosine(v.data() + i * dim, v.data() + (i + 1) * dim, size_t(dim)));
    const double top = s.empty() ? 0.0 : *std::max_element(s.begin(), s.end());
    for (double& x : s) x = top > 0 ? std::clamp(x / top, 0.0, 1.0) : 0.0;
    return s;
}

namespace {

std::vector<double> shotAfterScores(const store::Project& project, const store::Film& film) {
    const auto timing = loadFeatures(project, film, {"timing"})[0];
    std::vector<double> s;
    for (int64_t i = 0; i + 1 < timing.rows; ++i) s.push_back(timing.values[size_t((i + 1) * timing.cols)]); // column 0: log length
    if (s.empty()) return s;
    const auto [lo, hi] = std::minmax_element(s.begin(), s.end());
    const double a = *lo, range = *hi - *lo;
    for (double& x : s) x = range > 0 ? (x - a) / range : 0.0;
    return s;
}

} // namespace

std::vector<double> filmNoveltyScores(const store::Project& project, const store::Film& film) {
    bool picture = false, timing = false;
    for (const auto& f : project.featureFiles(film.id)) picture |= f.modality == "appearance", timing |= f.modality == "timing";
    if (!picture && timing) return shotAfterScores(project, film);
    const auto tables = loadFeatures(project, film, {"appearance", "layout"});
    const int64_t n = tables[0].rows;
    int64_t dim = 0;
    for (const auto& t : tables) dim += t.cols;
    std::vector<float> joined(size_t(n * dim), 0.f);
    int64_t offset = 0;
    for (const auto& t : tables) {
        for (int64_t i = 0; i < n; ++i) {
            const float* row = t.values.data() + i * t.cols;
            double norm = 0;
            for (int64_t k = 0; k < t.cols; ++k) norm += double(row[k]) * row[k];
            const float scale = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.f;
            for (int64_t k = 0; k < t.cols; ++k) joined[size_t(i * dim + offset + k)] = row[k] * scale;
        }
        offset += t.cols;
    }
    return noveltyScores(joined, n, dim);
}

bool isColdStart(const store::ModelVersion& m) {
    return m.kind == "novelty" || (m.kind == "mega" && store::isModelsFileRef(m.checkpoint));
}

store::ModelVersion ensureColdStart(store::Project& project) {
    for (const auto& m : project.modelVersions())
        if (m.kind == "novelty" && m.task == "scene") {
            if (!project.activeModel("scene")) project.activateModel(m.id, "the cold-start proposer: no trained model yet");
            return project.modelVersion(m.id);
        }
    store::ModelVersion m;
    m.name = kNoveltyName;
    m.task = "scene";
    m.kind = "novelty";
    m.config_json = R"({"name": "novelty", "rule": "1 - cos of adjacent shots' appearance and layout, scaled to the film's largest; without picture, the log length of the shot after the cut"})";
    m.metrics_json = "{}";
    m.note = "the cold-start proposer: no trained model yet";
    m.active = !project.activeModel("scene").has_value();
    const int64_t id = project.addModelVersion(m);
    return project.modelVersion(id);
}

} // namespace mega::pipeline
