#include "ui/review_session.h"

#include "core/common/error.h"

#include <algorithm>

namespace mega::ui {

ReviewSession::ReviewSession(QObject* parent) : QObject(parent) {}
ReviewSession::~ReviewSession() = default;

void ReviewSession::open(const QString& path, int64_t filmId) {
    auto project = std::make_unique<store::Project>(path.toStdString(), store::Project::Mode::Open);
    const auto films = project->films();
    if (films.empty()) throw Error(fileError(path.toStdString(), "holds no film yet (open a film to add one)"));
    store::Film film = films.front();
    if (filmId != 0) film = project->film(filmId);
    m_undo.clear();
    m_project = std::move(project);
    m_film = film;
    reload();
    Q_EMIT opened();
}

void ReviewSession::close() {
    m_undo.clear();
    m_project.reset();
    m_film = {};
    m_shots.clear();
    m_boundaries.clear();
    m_scenes.clear();
    m_tps.clear();
    m_synopsis.clear();
    Q_EMIT changed();
}

void ReviewSession::reload() {
    if (!m_project) return;
    m_shots = m_project->shots(m_film.id);
    m_boundaries = m_project->boundaries(m_film.id);
    std::stable_sort(m_boundaries.begin(), m_boundaries.end(),
                     [](const auto& a, const auto& b) { return a.shot_index < b.shot_index; });
    m_scenes = m_project->scenes(m_film.id);
    m_tps = m_project->turningPoints(m_film.id);
    m_synopsis = m_project->synopsis(m_film.id);
    Q_EMIT changed();
}

double ReviewSession::boundaryTime(const store::SceneBoundary& b) const {
    if (b.shot_index < 0 || b.shot_index >= int64_t(m_shots.size())) return 0.0;
    return m_shots[size_t(b.shot_index)].end_s;
}

int64_t ReviewSession::shotAt(double seconds) const {
    auto it = std::upper_bound(m_shots.begin(), m_shots.end(), seconds, [](double t, const shots::Shot& s) { return t < s.start_s; });
    if (it == m_shots.begin()) return 0;
    return int64_t(it - m_shots.begin()) - 1;
}

int ReviewSession::boundaryAfterShot(int64_t shot) const {
    for (size_t i = 0; i < m_boundaries.size(); ++i)
        if (m_boundaries[i].shot_index == shot) return int(i);
    return -1;
}

int ReviewSession::boundaryIndexById(int64_t id) const {
    for (size_t i = 0; i < m_boundaries.size(); ++i)
        if (m_boundaries[i].id == id) return int(i);
    return -1;
}

int ReviewSession::tpOf(store::UnitKind unit, int64_t index) const {
    for (const auto& t : m_tps)
        if (t.unit == unit && t.index == index && t.annotator.empty() && t.status != store::ReviewStatus::Rejected) return t.tp;
    return 0;
}

} // namespace mega::ui
