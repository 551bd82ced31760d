// A project: films, shots, text, boundaries and turning points, the edits and their undo. The
// connection itself is in project_impl.h; the model registry in registry.cpp; merging in merge.cpp.
#include "core/store/project_impl.h"

#include "core/film/source.h"
#include "core/film/structure.h"

#include <sqlite3.h>

#include <fstream>

namespace mega::store {

std::string sqliteVersion() { return sqlite3_libversion(); }
std::string loginName() { return osUser(); }

Project::Project(const std::string& path, Mode mode) : d(std::make_unique<Impl>()) { d->open(path, mode); }
Project::~Project() = default;
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;

const std::string& Project::path() const { return d->path; }
bool Project::readOnly() const { return d->readOnly; }
void Project::setAuthor(const std::string& name) { d->author = name.empty() ? osUser() : name; }
const std::string& Project::author() const { return d->author; }
const std::string& Project::session() const { return d->session; }
void Project::setBusyTimeout(int ms) { sqlite3_busy_timeout(d->db->handle(), ms); }

void Project::batch(const std::function<void()>& work) {
    d->requireWritable();
    Transaction tx(*d->db);
    work();
    tx.commit();
}

// ---- films ----

namespace {
// Film::warnings in one column: a line each (a warning's own line breaks become spaces).
std::string joinLines(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) {
        if (!s.empty()) s += '\n';
        for (char c : l) s += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return s;
}
std::vector<std::string> splitLines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
        const size_t end = std::min(s.find('\n', start), s.size());
        out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}
} // namespace

void Project::setFilmWarnings(int64_t film, const std::vector<std::string>& warnings) {
    d->requireWritable();
    d->requireFilm(film);
    d->db->prepare("UPDATE films SET warnings = ? WHERE id = ?").bind(1, joinLines(warnings)).bind(2, film).run();
}

int64_t Project::addFilm(const Film& f) {
    int64_t id = 0;
    d->bulk("add film", 0, {{"name", f.name}, {"path", f.path}}, [&] {
        d->db->prepare("INSERT INTO films(name, path, fingerprint, duration_s, fps, frame_count, width, height, created_at, "
                       "warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, f.name)
            .bind(2, f.path)
            .bind(3, f.fingerprint)
            .bind(4, f.duration_s)
            .bind(5, f.fps)
            .bind(6, f.frame_count)
            .bind(7, f.width)
            .bind(8, f.height)
            .bind(9, nowUtc())
            .bind(10, joinLines(f.warnings))
            .run();
        id = d->db->lastInsertId();
    });
    return id;
}

namespace {
// Schema 2, read-only, has no warnings column: its films read as read whole.
std::string filmColumns(int schema) {
    return std::string("SELECT id, name, path, fingerprint, duration_s, fps, frame_count, width, height, ") +
           (schema >= 3 ? "warnings" : "'' AS warnings") + " FROM films";
}
Film readFilm(const Statement& st) {
    Film f;
    f.id = st.int64(0);
    f.name = st.text(1);
    f.path = st.text(2);
    f.fingerprint = st.text(3);
    f.duration_s = st.real(4);
    f.fps = st.real(5);
    f.frame_count = st.int64(6);
    f.width = static_cast<int>(st.int64(7));
    f.height = static_cast<int>(st.int64(8));
    f.warnings = splitLines(st.text(9));
    return f;
}
} // namespace

std::vector<Film> Project::films() const {
    std::vector<Film> out;
    Statement st = d->db->prepare(filmColumns(d->schema) + " ORDER BY id");
    while (st.step()) out.push_back(readFilm(st));
    return out;
}

Film Project::film(int64_t id) const {
    Statement st = d->db->prepare(filmColumns(d->schema) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw Error(fileError(d->path, "no film with id " + std::to_string(id)));
    return readFilm(st);
}

Film Project::filmByIdOrName(const std::string& idOrName) const {
    int64_t id = 0;
    if (!idOrName.empty() && idOrName.size() < 18 && idOrName.find_first_not_of("0123456789") == std::string::npos)
        id = std::stoll(idOrName);
    if (id > 0) return film(id);
    if (auto f = findFilmByName(idOrName)) return *f;
    throw Error(fileError(path(), "no film '" + idOrName + "' (give its id or name; `mega status` lists them)"));
}

std::optional<Film> Project::findFilmByName(const std::string& name) const {
    Statement st = d->db->prepare(filmColumns(d->schema) + " WHERE name = ? ORDER BY id LIMIT 1");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return readFilm(st);
}

std::optional<Film> Project::findFilmByFingerprint(const std::string& fingerprint) const {
    Statement st = d->db->prepare(filmColumns(d->schema) + " WHERE fingerprint = ? ORDER BY id LIMIT 1");
    st.bind(1, fingerprint);
    if (!st.step()) return std::nullopt;
    return readFilm(st);
}

void Project::setShots(int64_t film, const std::vector<shots::Shot>& list) {
    d->requireFilm(film);
    for (size_t i = 0; i < list.size(); ++i) {
        const auto& s = list[i];
        if (s.end_frame < s.start_frame || s.end_s < s.start_s || (i && s.start_frame <= list[i - 1].end_frame))
            throw Error("shot " + std::to_string(i) + " is out of order or empty (frames " + std::to_string(s.start_frame) +
                        "-" + std::to_string(s.end_frame) + ")");
    }
    d->bulk("set shots", film, {{"shots", list.size()}}, [&] {
        d->db->prepare("DELETE FROM shots WHERE film_id = ?").bind(1, film).run();
        d->db->prepare("DELETE FROM key_frames WHERE film_id = ?").bind(1, film).run(); // they belonged to the old shots
        d->db->prepare("DELETE FROM analyses WHERE film_id = ?").bind(1, film).run();   // so did what the models based theirs on
        Statement ins = d->db->prepare(
            "INSERT INTO shots(film_id, idx, start_frame, end_frame, start_s, end_s) VALUES (?, ?, ?, ?, ?, ?)");
        for (size_t i = 0; i < list.size(); ++i) {
            const auto& s = list[i];
            ins.bind(1, film).bind(2, static_cast<int64_t>(i)).bind(3, s.start_frame).bind(4, s.end_frame);
            ins.bind(5, s.start_s).bind(6, s.end_s).run();
        }
    });
}

std::vector<shots::Shot> Project::shots(int64_t film) const {
    std::vector<shots::Shot> out;
    Statement st =
        d->db->prepare("SELECT start_frame, end_frame, start_s, end_s FROM shots WHERE film_id = ? ORDER BY idx");
    st.bind(1, film);
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.real(2), st.real(3)});
    return out;
}

void Project::setKeyFrames(int64_t film, const std::vector<std::array<int64_t, 3>>& keyFrames) {
    d->requireFilm(film);
    d->bulk("set key frames", film, {{"shots", keyFrames.size()}}, [&] {
        d->db->prepare("DELETE FROM key_frames WHERE film_id = ?").bind(1, film).run();
        Statement ins = d->db->prepare("INSERT INTO key_frames(film_id, shot_idx, kf1, kf2, kf3) VALUES (?, ?, ?, ?, ?)");
        for (size_t i = 0; i < keyFrames.size(); ++i)
            ins.bind(1, film).bind(2, static_cast<int64_t>(i)).bind(3, keyFrames[i][0]).bind(4, keyFrames[i][1])
                .bind(5, keyFrames[i][2])
                .run();
    });
}

std::vector<std::array<int64_t, 3>> Project::keyFrames(int64_t film) const {
    std::vector<std::array<int64_t, 3>> out;
    Statement st = d->db->prepare("SELECT kf1, kf2, kf3 FROM key_frames WHERE film_id = ? ORDER BY shot_idx");
    st.bind(1, film);
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.int64(2)});
    return out;
}

void Project::setSynopsis(int64_t film, const std::string& annotator, const std::vector<std::string>& sentences,
                          const std::array<std::vector<int64_t>, 5>& tps, const std::string& source) {
    d->requireFilm(film);
    for (int n = 0; n < 5; ++n)
        for (int64_t s : tps[static_cast<size_t>(n)])
            if (s < 0 || s >= static_cast<int64_t>(sentences.size()))
                throw Error("TP" + std::to_string(n + 1) + " points at sentence " + std::to_string(s) +
                            " but the synopsis has " + std::to_string(sentences.size()));
    d->bulk("set synopsis", film, {{"annotator", annotator}, {"sentences", sentences.size()}, {"source", source}}, [&] {
        d->db->prepare("DELETE FROM sentences WHERE film_id = ? AND annotator = ?").bind(1, film).bind(2, annotator).run();
        // The synchronization was of the old sentences (core/pipeline/analysis.h: kind "sync:ANNOTATOR").
        d->db->prepare("DELETE FROM analyses WHERE film_id = ? AND kind = ?").bind(1, film).bind(2, "sync:" + annotator).run();
        d->db->prepare("DELETE FROM turning_points WHERE film_id = ? AND annotator = ? AND unit = 'sentence'")
            .bind(1, film)
            .bind(2, annotator)
            .run();
        Statement ins = d->db->prepare("INSERT INTO sentences(film_id, annotator, idx, text) VALUES (?, ?, ?, ?)");
        for (size_t i = 0; i < sentences.size(); ++i)
            ins.bind(1, film).bind(2, annotator).bind(3, static_cast<int64_t>(i)).bind(4, sentences[i]).run();
        Statement tp = d->db->prepare("INSERT OR IGNORE INTO turning_points(film_id, tp, unit, idx, annotator, source, status) "
                                      "VALUES (?, ?, 'sentence', ?, ?, ?, 'accepted')");
        for (int n = 0; n < 5; ++n)
            for (int64_t s : tps[static_cast<size_t>(n)])
                tp.bind(1, film).bind(2, n + 1).bind(3, s).bind(4, annotator).bind(5, source).run();
    });
}

std::vector<SynopsisSentence> Project::synopsis(int64_t film, const std::string& annotator) const {
    std::vector<SynopsisSentence> out;
    Statement st = d->db->prepare("SELECT idx, text FROM sentences WHERE film_id = ? AND annotator = ? ORDER BY idx");
    st.bind(1, film).bind(2, annotator);
    while (st.step()) out.push_back({st.int64(0), st.text(1)});
    return out;
}

std::vector<std::string> Project::annotators(int64_t film) const {
    std::vector<std::string> out;
    Statement st = d->db->prepare("SELECT DISTINCT annotator FROM sentences WHERE film_id = ? ORDER BY annotator");
    st.bind(1, film);
    while (st.step()) out.push_back(st.text(0));
    return out;
}

void Project::setSubtitles(int64_t film, const std::vector<media::SubtitleCue>& cues) {
    d->requireFilm(film);
    d->bulk("set subtitles", film, {{"cues", cues.size()}}, [&] {
        d->db->prepare("DELETE FROM cues WHERE film_id = ?").bind(1, film).run();
        Statement ins = d->db->prepare("INSERT INTO cues(film_id, idx, start_s, end_s, text) VALUES (?, ?, ?, ?, ?)");
        for (size_t i = 0; i < cues.size(); ++i)
            ins.bind(1, film).bind(2, static_cast<int64_t>(i)).bind(3, cues[i].start_s).bind(4, cues[i].end_s)
                .bind(5, cues[i].text)
                .run();
    });
}

std::vector<media::SubtitleCue> Project::subtitles(int64_t film) const {
    std::vector<media::SubtitleCue> out;
    Statement st = d->db->prepare("SELECT start_s, end_s, text FROM cues WHERE film_id = ? ORDER BY idx");
    st.bind(1, film);
    while (st.step()) out.push_back({st.real(0), st.real(1), st.text(2)});
    return out;
}

void Project::setBoundaries(int64_t film, const std::string& source, const std::vector<SceneBoundary>& list) {
    d->requireFilm(film);
    d->bulk("set boundaries", film, {{"source", source}, {"boundaries", list.size()}}, [&] {
        d->db->prepare("DELETE FROM boundaries WHERE film_id = ? AND source = ? AND status = 'unreviewed'")
            .bind(1, film)
            .bind(2, source)
            .run();
        // A reviewed boundary at the same shot stays as the person left it.
        Statement ins = d->db->prepare("INSERT OR IGNORE INTO boundaries(film_id, shot_idx, probability, source, status) "
                                       "VALUES (?, ?, ?, ?, ?)");
        for (const auto& b : list) {
            ins.bind(1, film).bind(2, b.shot_index).bind(3, b.probability).bind(4, source).bind(5, toString(b.status));
            ins.run();
        }
    });
}

void Project::setProposedTurningPoints(int64_t film, const std::string& source, const std::vector<TurningPoint>& tps) {
    d->requireFilm(film);
    for (const auto& t : tps)
        if (t.tp < 1 || t.tp > 5) throw Error("turning points are TP1 to TP5, not TP" + std::to_string(t.tp));
    d->bulk("propose turning points", film, {{"source", source}, {"turning_points", tps.size()}}, [&] {
        d->db->prepare("DELETE FROM turning_points WHERE film_id = ? AND source = ? AND annotator = '' AND status = 'unreviewed'")
            .bind(1, film)
            .bind(2, source)
            .run();
        Statement ins = d->db->prepare(
            "INSERT OR IGNORE INTO turning_points(film_id, tp, unit, idx, annotator, probability, source, status) "
            "VALUES (?, ?, ?, ?, '', ?, ?, 'unreviewed')");
        for (const auto& t : tps) {
            ins.bind(1, film).bind(2, t.tp).bind(3, toString(t.unit)).bind(4, t.index).bind(5, t.probability).bind(6, source);
            ins.run();
        }
    });
}

void Project::setTurningPoints(int64_t film, const std::string& source, const std::string& annotator,
                               const std::vector<TurningPoint>& tps) {
    d->requireFilm(film);
    for (const auto& t : tps)
        if (t.tp < 1 || t.tp > 5) throw Error("turning points are TP1 to TP5, not TP" + std::to_string(t.tp));
    d->bulk("set turning points", film, {{"source", source}, {"annotator", annotator}, {"turning_points", tps.size()}},
            [&] {
                d->db->prepare("DELETE FROM turning_points WHERE film_id = ? AND source = ? AND annotator = ?")
                    .bind(1, film)
                    .bind(2, source)
                    .bind(3, annotator)
                    .run();
                Statement ins = d->db->prepare(
                    "INSERT OR IGNORE INTO turning_points(film_id, tp, unit, idx, annotator, probability, source, status) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                for (const auto& t : tps) {
                    ins.bind(1, film).bind(2, t.tp).bind(3, toString(t.unit)).bind(4, t.index).bind(5, annotator);
                    ins.bind(6, t.probability).bind(7, source).bind(8, toString(t.status)).run();
                }
            });
}

// ---- reads ----

std::vector<SceneBoundary> Project::boundaries(int64_t film) const {
    std::vector<SceneBoundary> out;
    Statement st = d->db->prepare("SELECT id, film_id, shot_idx, probability, source, status FROM boundaries "
                                  "WHERE film_id = ? ORDER BY shot_idx");
    st.bind(1, film);
    while (st.step()) out.push_back(d->readBoundary(st));
    return out;
}

SceneBoundary Project::boundary(int64_t id) const {
    Statement st =
        d->db->prepare("SELECT id, film_id, shot_idx, probability, source, status FROM boundaries WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw Error(fileError(d->path, "no boundary with id " + std::to_string(id)));
    return d->readBoundary(st);
}

std::vector<Scene> Project::scenes(int64_t film) const { return film::scenesFromBoundaries(shots(film), boundaries(film)); }

std::vector<TurningPoint> Project::turningPoints(int64_t film) const {
    std::vector<TurningPoint> out;
    Statement st = d->db->prepare("SELECT id, film_id, tp, unit, idx, annotator, probability, source, status "
                                  "FROM turning_points WHERE film_id = ? ORDER BY annotator, tp, unit, idx");
    st.bind(1, film);
    while (st.step()) {
        TurningPoint t;
        t.id = st.int64(0);
        t.film_id = st.int64(1);
        t.tp = static_cast<int>(st.int64(2));
        t.unit = unitKindFromString(st.text(3));
        t.index = st.int64(4);
        t.annotator = st.text(5);
        if (!st.isNull(6)) t.probability = st.real(6);
        t.source = st.text(7);
        t.status = statusAt(st, 8);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<Edit> Project::edits(int64_t film) const {
    std::vector<Edit> out;
    Statement st = d->db->prepare("SELECT id, session, who, at, op, film_id, tbl, row_id, before, after, state FROM edits " +
                                  std::string(film ? "WHERE film_id = ? " : "") + "ORDER BY id");
    if (film) st.bind(1, film);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5), st.text(6), st.int64(7),
                       st.text(8), st.text(9), st.text(10)});
    return out;
}

ProjectStatus Project::status() const {
    ProjectStatus s;
    s.films = d->scalar("SELECT count(*) FROM films");
    s.shots = d->scalar("SELECT count(*) FROM shots");
    s.sentences = d->scalar("SELECT count(*) FROM sentences");
    s.turning_points = d->scalar("SELECT count(*) FROM turning_points");
    s.cues = d->scalar("SELECT count(*) FROM cues");
    Statement st = d->db->prepare("SELECT status, count(*) FROM boundaries GROUP BY status");
    while (st.step()) s.boundaries_by_status[static_cast<size_t>(reviewStatusFromString(st.text(0)))] = st.int64(1);
    Statement who = d->db->prepare("SELECT who, count(*) FROM edits WHERE state IN ('done', 'final') GROUP BY who ORDER BY who");
    while (who.step()) s.edits_by_person.emplace_back(who.text(0), who.int64(1));
    return s;
}

// ---- edits ----

int64_t Project::acceptBoundary(int64_t id) {
    const auto b = boundary(id);
    return d->editRow("accept boundary", b.film_id, "boundaries", id, [&] {
        d->db->prepare("UPDATE boundaries SET status = 'accepted' WHERE id = ?").bind(1, id).run();
        return id;
    });
}

int64_t Project::rejectBoundary(int64_t id) {
    const auto b = boundary(id);
    return d->editRow("reject boundary", b.film_id, "boundaries", id, [&] {
        d->db->prepare("UPDATE boundaries SET status = 'rejected' WHERE id = ?").bind(1, id).run();
        return id;
    });
}

int64_t Project::addBoundary(int64_t film, int64_t shot) {
    d->requireFilm(film);
    d->checkShot(film, shot);
    if (d->boundaryAt(film, shot))
        throw Error(fileError(d->path, "there is already a boundary after shot " + std::to_string(shot)));
    return d->editRow("add boundary", film, "boundaries", 0, [&] {
        d->db->prepare("INSERT INTO boundaries(film_id, shot_idx, source, status) VALUES (?, ?, ?, 'accepted')")
            .bind(1, film)
            .bind(2, shot)
            .bind(3, film::Source::person(d->author).str())
            .run();
        return d->db->lastInsertId();
    });
}

int64_t Project::removeBoundary(int64_t id) {
    const auto b = boundary(id);
    return d->editRow("remove boundary", b.film_id, "boundaries", id, [&] {
        d->db->prepare("DELETE FROM boundaries WHERE id = ?").bind(1, id).run();
        return id;
    });
}

int64_t Project::moveBoundary(int64_t id, int64_t shot) {
    const auto b = boundary(id);
    d->checkShot(b.film_id, shot);
    if (auto other = d->boundaryAt(b.film_id, shot); other && other->id != id)
        throw Error(fileError(d->path, "there is already a boundary after shot " + std::to_string(shot)));
    return d->editRow("move boundary", b.film_id, "boundaries", id, [&] {
        d->db->prepare("UPDATE boundaries SET shot_idx = ?, status = 'edited' WHERE id = ?").bind(1, shot).bind(2, id).run();
        return id;
    });
}

int64_t Project::mergeScenes(int64_t film, int64_t scene) {
    const auto list = scenes(film);
    if (scene < 0 || scene + 1 >= static_cast<int64_t>(list.size()))
        throw Error(fileError(d->path, "scene " + std::to_string(scene) + " has no next scene to merge with (the film has " +
                                           std::to_string(list.size()) + " scenes)"));
    const auto b = d->boundaryAt(film, list[static_cast<size_t>(scene)].last_shot);
    if (!b) throw Error(fileError(d->path, "no boundary ends scene " + std::to_string(scene)));
    return d->editRow("merge scenes", film, "boundaries", b->id, [&] {
        if (film::Source::parse(b->source).isPerson())
            d->db->prepare("DELETE FROM boundaries WHERE id = ?").bind(1, b->id).run();
        else
            d->db->prepare("UPDATE boundaries SET status = 'rejected' WHERE id = ?").bind(1, b->id).run();
        return b->id;
    });
}

int64_t Project::splitScene(int64_t film, int64_t shot) {
    d->requireFilm(film);
    d->checkShot(film, shot);
    const auto b = d->boundaryAt(film, shot);
    if (!b) return addBoundary(film, shot);
    if (b->status != ReviewStatus::Rejected)
        throw Error(fileError(d->path, "a scene already ends after shot " + std::to_string(shot)));
    return d->editRow("split scene", film, "boundaries", b->id, [&] {
        d->db->prepare("UPDATE boundaries SET status = 'accepted' WHERE id = ?").bind(1, b->id).run();
        return b->id;
    });
}

int64_t Project::setTurningPoint(int64_t film, int tp, UnitKind unit, int64_t index, const std::string& annotator) {
    d->checkTp(film, tp, unit, index, annotator);
    const auto row = d->tpRow(film, tp, unit, index, annotator);
    return d->editRow("set turning point", film, "turning_points", row.value_or(0), [&]() -> int64_t {
        if (row) {
            d->db->prepare("UPDATE turning_points SET status = 'accepted' WHERE id = ?").bind(1, *row).run();
            return *row;
        }
        d->db->prepare("INSERT INTO turning_points(film_id, tp, unit, idx, annotator, source, status) "
                       "VALUES (?, ?, ?, ?, ?, ?, 'accepted')")
            .bind(1, film)
            .bind(2, tp)
            .bind(3, toString(unit))
            .bind(4, index)
            .bind(5, annotator)
            .bind(6, film::Source::person(d->author).str())
            .run();
        return d->db->lastInsertId();
    });
}

int64_t Project::clearTurningPoint(int64_t film, int tp, UnitKind unit, int64_t index, const std::string& annotator) {
    d->checkTp(film, tp, unit, index, annotator);
    const auto row = d->tpRow(film, tp, unit, index, annotator);
    if (!row)
        throw Error(fileError(d->path, "TP" + std::to_string(tp) + " is not set on " + toString(unit) + " " +
                                           std::to_string(index)));
    Statement st = d->db->prepare("SELECT source FROM turning_points WHERE id = ?");
    st.bind(1, *row);
    st.step();
    const bool person = film::Source::parse(st.text(0)).isPerson();
    return d->editRow("clear turning point", film, "turning_points", *row, [&] {
        if (person)
            d->db->prepare("DELETE FROM turning_points WHERE id = ?").bind(1, *row).run();
        else // a model's or an import's label is kept, rejected
            d->db->prepare("UPDATE turning_points SET status = 'rejected' WHERE id = ?").bind(1, *row).run();
        return *row;
    });
}

bool Project::canUndo() const { return d->hasEdit("done"); }
bool Project::canRedo() const { return d->hasEdit("undone"); }
int64_t Project::undo() { return d->walk(true); }
int64_t Project::redo() { return d->walk(false); }

std::optional<std::string> Project::lastSession(const std::string& who, int64_t film) const {
    Statement st = d->db->prepare("SELECT session FROM edits WHERE who = ? AND state IN ('done', 'undone') " +
                                  std::string(film ? "AND film_id = ? " : "") + "ORDER BY id DESC LIMIT 1");
    st.bind(1, who);
    if (film) st.bind(2, film);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

void Project::resumeSession(const std::string& session) {
    if (session.empty()) throw Error(fileError(d->path, "a session id cannot be empty"));
    if (session == d->session) return;
    d->requireWritable();
    Transaction tx(*d->db);
    d->db->prepare("UPDATE edits SET session = ? WHERE session = ? AND state IN ('done', 'undone')")
        .bind(1, d->session)
        .bind(2, session)
        .run();
    tx.commit();
}

void Project::startSession() { d->session = newSessionId(); }

std::string Project::integrityCheck() const {
    Statement st = d->db->prepare("PRAGMA integrity_check");
    std::string out;
    while (st.step()) {
        if (!out.empty()) out += '\n';
        out += st.text(0);
    }
    return out;
}

std::string fingerprintFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fileError(path, "cannot read the file"));
    in.seekg(0, std::ios::end);
    const auto size = static_cast<int64_t>(in.tellg());
    constexpr int64_t kChunk = 1 << 20;
    uint64_t h = 1469598103934665603ull; // FNV-1a 64
    auto feed = [&](int64_t offset, int64_t n) {
        std::vector<char> buf(static_cast<size_t>(n));
        in.seekg(offset);
        in.read(buf.data(), n);
        for (char c : buf) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    };
    feed(0, std::min(size, kChunk));
    if (size > kChunk) feed(std::max(kChunk, size - kChunk), size - std::max(kChunk, size - kChunk));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld:%016llx", static_cast<long long>(size), static_cast<unsigned long long>(h));
    return buf;
}

} // namespace mega::store

