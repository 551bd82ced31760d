#include "core/pipeline/proposals.h"

#include "core/common/error.h"
#include "core/eval/metrics.h"
#include "core/film/source.h"
#include "core/pipeline/analysis.h"

#include <algorithm>

namespace mega::pipeline {

namespace {
std::string source(const store::ModelVersion& m) { return film::Source::model(m.name).str(); }
} // namespace

size_t storeSceneProposals(store::Project& project, int64_t filmId, const store::ModelVersion& model,
                           const std::vector<double>& scores, double min) {
    const auto shots = project.shots(filmId).size();
    if (scores.size() + 1 != shots)
        throw Error(fileError(project.path(), "model '" + model.name + "' gave " + std::to_string(scores.size()) +
                                                  " scores but film " + std::to_string(filmId) + " has " +
                                                  std::to_string(shots ? shots - 1 : 0) + " cuts"));
    std::vector<store::SceneBoundary> proposals;
    for (size_t i = 0; i < scores.size(); ++i)
        if (scores[i] >= min) {
            store::SceneBoundary b;
            b.shot_index = int64_t(i);
            b.probability = scores[i];
            proposals.push_back(b);
        }
    project.batch([&] {
        // Every model's unreviewed proposals go; a person's decisions stay, with this model's scores beside them.
        for (const auto& m : project.modelVersions())
            if (m.task == "scene" && m.id != model.id) project.setBoundaries(filmId, source(m), {});
        project.setModelScores(filmId, model.id, "scene", scores);
        project.setBoundaries(filmId, source(model), proposals);
        // What the last model's proposals were based on goes with them; a trained model's caller
        // then stores its own (loop.h's propose), the cold start explains nothing.
        storeUnexplained(project, filmId, model);
    });
    size_t n = 0;
    for (const auto& b : project.boundaries(filmId))
        if (b.source == source(model) && b.status == store::ReviewStatus::Unreviewed) ++n;
    return n;
}

void storeTurningPoints(store::Project& project, int64_t filmId, const store::ModelVersion& model,
                        const std::array<std::vector<double>, 5>& distributions) {
    const auto shots = project.shots(filmId).size();
    std::vector<store::TurningPoint> tps;
    std::vector<double> flat;
    for (int n = 0; n < 5; ++n)
        if (distributions[size_t(n)].size() != shots)
            throw Error(fileError(project.path(), "model '" + model.name + "' gave a TP distribution over " +
                                                      std::to_string(distributions[size_t(n)].size()) + " shots but the film has " +
                                                      std::to_string(shots)));
    // In order, jointly: TP1 < TP2 < ... < TP5 (the arg-maxes alone may cross).
    const auto at = eval::orderedPeaks(distributions);
    for (int n = 0; n < 5; ++n) {
        const auto& d = distributions[size_t(n)];
        store::TurningPoint t;
        t.tp = n + 1;
        t.unit = store::UnitKind::Shot;
        t.index = at[size_t(n)];
        t.probability = d[size_t(t.index)];
        t.source = source(model);
        tps.push_back(t);
        flat.insert(flat.end(), d.begin(), d.end());
    }
    project.batch([&] {
        // Every TP model's unreviewed proposals go; a person's TPs, and proposals a person accepted, stay.
        for (const auto& m : project.modelVersions())
            if (m.task == "tp" && m.id != model.id) project.setProposedTurningPoints(filmId, source(m), {});
        project.setModelScores(filmId, model.id, "tp", flat);
        project.setProposedTurningPoints(filmId, source(model), tps);
    });
}

} // namespace mega::pipeline
