#include "ui/review_session.h"

#include "core/common/error.h"
#include "ui/undo_commands.h"

#include <algorithm>

namespace mega::ui {

ReviewSession::ReviewSession(QObject* parent) : QObject(parent) {}
ReviewSession::~ReviewSession() = default;

void ReviewSession::open(const QString& path, int64_t filmId, const QString& author) {
    auto project = std::make_unique<store::Project>(path.toStdString(), store::Project::Mode::Open);
    const auto films = project->films();
    if (films.empty()) throw Error(fileError(path.toStdString(), "holds no film yet (open a film to add one)"));
    store::Film film = films.front();
    if (filmId != 0) film = project->film(filmId);
    if (!author.isEmpty()) project->setAuthor(author.toStdString());
    m_undo.clear();
    m_project = std::move(project);
    m_film = film;
    m_cues = m_project->subtitles(film.id);
    resumeHistory();
    reload();
    Q_EMIT opened();
}

void ReviewSession::resumeHistory() {
    if (m_project->readOnly()) return;
    const auto session = m_project->lastSession(m_project->author(), m_film.id);
    if (!session) return;
    // Its edits become this window's (another window still holding that session has nothing left
    // to undo, so no one undoes another's edits).
    m_project->resumeSession(*session);
    m_resuming = true;
    struct Done {
        bool& flag;
        ~Done() { flag = false; }
    } done_{m_resuming};
    // The session's undoable edits in order: those done, then those undone (a new edit abandons the
    // undone ones, so none is older than a done one).
    int done = 0;
    for (const auto& e : m_project->edits()) {
        if (e.session != m_project->session() || (e.state != "done" && e.state != "undone")) continue;
        QString text = QString::fromStdString(e.op);
        if (!text.isEmpty()) text[0] = text[0].toUpper();
        m_undo.push(StoreEditCommand::resumed(this, text, e.state == "undone"));
        done += e.state == "done";
    }
    m_undo.setIndex(done);
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
    m_cues.clear();
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

int ReviewSession::tpOf(store::UnitKind unit, int64_t index, const std::string& annotator) const {
    for (const auto& t : m_tps)
        if (t.unit == unit && t.index == index && t.annotator == annotator && t.status != store::ReviewStatus::Rejected) return t.tp;
    return 0;
}

} // namespace mega::ui
