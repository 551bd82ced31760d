#include "core/pipeline/labels.h"

#include "core/common/error.h"
#include "core/film/source.h"
#include "core/film/structure.h"
#include "core/io/film_annotation.h"
#include "core/io/text_formats.h"

#include <algorithm>
#include <cmath>

namespace mega::pipeline {

namespace {
bool byPerson(const store::SceneBoundary& b) { return film::Source::parse(b.source).isPerson(); }
} // namespace

bool isReviewed(const store::Project& project, int64_t film) {
    if (project.filmMarkedReviewed(film)) return true;
    const auto list = project.boundaries(film);
    if (list.empty()) return false;
    return std::all_of(list.begin(), list.end(), [](const store::SceneBoundary& b) {
        return b.status != store::ReviewStatus::Unreviewed || byPerson(b);
    });
}

std::vector<store::Film> reviewedFilms(const store::Project& project) {
    std::vector<store::Film> out;
    for (const auto& f : project.films())
        if (isReviewed(project, f.id)) out.push_back(f);
    return out;
}

std::vector<int> sceneLabels(const store::Project& project, int64_t film) {
    const auto shots = static_cast<int64_t>(project.shots(film).size());
    std::vector<int> labels(static_cast<size_t>(std::max<int64_t>(0, shots - 1)), 0);
    for (const auto& b : project.boundaries(film)) {
        if (film::decidedSceneEnd(b) && b.shot_index >= 0 && b.shot_index < shots - 1) labels[static_cast<size_t>(b.shot_index)] = 1;
    }
    return labels;
}

Decisions sceneDecisions(const store::Project& project, int64_t film) {
    Decisions d;
    d.labels = sceneLabels(project, film);
    d.decided.assign(d.labels.size(), 0);
    for (const auto& b : project.boundaries(film)) {
        if (b.shot_index < 0 || b.shot_index >= static_cast<int64_t>(d.labels.size())) continue;
        if (b.status != store::ReviewStatus::Unreviewed || byPerson(b)) d.decided[static_cast<size_t>(b.shot_index)] = 1;
    }
    for (size_t i = 0; i < d.labels.size(); ++i)
        if (d.decided[i]) ++d.count, d.positives += d.labels[i];
    return d;
}

std::optional<std::array<int64_t, 5>> personTurningPoints(const store::Project& project, int64_t film) {
    return film::decidedTurningPointShots(project.turningPoints(film), project.shots(film), project.scenes(film));
}

ReviewCounts reviewFromTruth(store::Project& project, int64_t film, const std::vector<int64_t>& trueEnds) {
    ReviewCounts c;
    std::vector<int64_t> ends = trueEnds;
    std::sort(ends.begin(), ends.end());
    ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
    auto isEnd = [&](int64_t shot) { return std::binary_search(ends.begin(), ends.end(), shot); };
    std::vector<int64_t> have;
    for (const auto& b : project.boundaries(film)) {
        have.push_back(b.shot_index);
        if (b.status != store::ReviewStatus::Unreviewed) {
            // An earlier decision that the reference contradicts is corrected through the same calls.
            if (isEnd(b.shot_index) && b.status == store::ReviewStatus::Rejected) project.splitScene(film, b.shot_index), ++c.accepted;
            else if (!isEnd(b.shot_index) && b.status != store::ReviewStatus::Rejected) {
                if (byPerson(b)) project.removeBoundary(b.id);
                else project.rejectBoundary(b.id);
                ++c.rejected;
            }
            continue;
        }
        if (isEnd(b.shot_index)) project.acceptBoundary(b.id), ++c.accepted;
        else project.rejectBoundary(b.id), ++c.rejected;
    }
    std::sort(have.begin(), have.end());
    for (int64_t e : ends)
        if (!std::binary_search(have.begin(), have.end(), e)) project.addBoundary(film, e), ++c.added;
    project.setFilmReviewed(film, true);
    return c;
}

std::vector<int64_t> truthSceneEnds(const store::Project& project, int64_t film, const std::string& path, int* unmatched,
                                    double tolerance) {
    const io::FilmAnnotation truth = io::fromJson(io::readTextFile(path), path);
    if (truth.shots.empty()) throw Error(fileError(path, "has no shots, so its boundaries have no times"));
    const auto shots = project.shots(film);
    if (shots.size() < 2) throw Error(fileError(project.path(), "the film has no cuts to review"));
    std::vector<int64_t> out;
    int missed = 0;
    for (const auto& b : truth.boundaries) {
        if (b.status == store::ReviewStatus::Rejected) continue;
        if (b.shot_index < 0 || b.shot_index + 1 >= static_cast<int64_t>(truth.shots.size())) continue;
        const double t = truth.shots[static_cast<size_t>(b.shot_index)].end_s;
        int64_t best = -1;
        double bestDist = tolerance;
        for (size_t i = 0; i + 1 < shots.size(); ++i) {
            const double dist = std::abs(shots[i].end_s - t);
            if (dist <= bestDist) bestDist = dist, best = static_cast<int64_t>(i);
        }
        if (best < 0) ++missed;
        else out.push_back(best);
    }
    if (unmatched) *unmatched = missed;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<std::array<int64_t, 5>> truthTurningPoints(const store::Project& project, int64_t film, const std::string& path) {
    const io::FilmAnnotation truth = io::fromJson(io::readTextFile(path), path);
    const auto tp = film::turningPointShots(truth.turning_points, truth.shots, truth.scenes);
    const auto shots = project.shots(film);
    if (shots.empty()) throw Error(fileError(project.path(), "the film has no shots to put turning points on"));
    std::array<int64_t, 5> out{};
    for (int n = 0; n < 5; ++n) {
        if (!tp[size_t(n)]) return std::nullopt;
        const double t = truth.shots[size_t(*tp[size_t(n)])].start_s + 1e-3;
        int64_t at = 0;
        for (size_t i = 0; i < shots.size(); ++i)
            if (shots[i].start_s <= t) at = int64_t(i);
        out[size_t(n)] = at;
    }
    return out;
}

int reviewTurningPoints(store::Project& project, int64_t film, const std::array<int64_t, 5>& tps) {
    const auto have = personTurningPoints(project, film);
    int set = 0;
    for (int n = 0; n < 5; ++n) {
        if (have && (*have)[size_t(n)] == tps[size_t(n)]) continue;
        // A person's earlier TP n elsewhere is cleared, so that the film has one.
        for (const auto& t : project.turningPoints(film))
            if (t.tp == n + 1 && t.annotator.empty() && t.unit == store::UnitKind::Shot && t.index != tps[size_t(n)] &&
                film::Source::parse(t.source).isPerson())
                project.clearTurningPoint(film, n + 1, store::UnitKind::Shot, t.index);
        project.setTurningPoint(film, n + 1, store::UnitKind::Shot, tps[size_t(n)]);
        ++set;
    }
    return set;
}

io::GoldFilm projectGold(const store::Project& project, int64_t film) {
    io::GoldFilm g = io::goldShots(project.film(film).name, project.shots(film));
    g.labels = sceneLabels(project, film);
    g.labels.resize(g.boundary_times.size(), 0);
    g.tps = personTurningPoints(project, film);
    g.sentence_tps = film::decidedTurningPointSentences(project.turningPoints(film));
    return g;
}

} // namespace mega::pipeline
