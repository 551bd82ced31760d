#include "core/store/project.h"

#include "core/common/error.h"
#include "core/film/source.h"
#include "core/film/structure.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <pwd.h>
#include <random>
#include <unistd.h>

namespace mega::store {

using detail::Database;
using detail::Statement;
using detail::Transaction;
using nlohmann::json;

namespace {

std::string nowUtc() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ms));
    return buf;
}

std::string osUser() {
    if (const char* u = std::getenv("USER"); u && *u) return u;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
    return "unknown";
}

std::string newSessionId() {
    std::random_device rd;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%d-%08x%08x", static_cast<int>(getpid()), rd(), rd());
    return buf;
}

// SQLite URIs need '%', '?' and '#' escaped.
std::string uriFor(const std::string& path, const char* query) {
    std::string uri = "file:";
    for (char c : std::filesystem::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#') {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
            uri += hex;
        } else {
            uri += c;
        }
    }
    if (query && *query) uri += std::string("?") + query;
    return uri;
}

ReviewStatus statusAt(const Statement& st, int c) { return reviewStatusFromString(st.text(c)); }

} // namespace

struct Project::Impl {
    std::string path;
    bool readOnly = false;
    std::string author = osUser();
    std::string session = newSessionId();
    std::unique_ptr<Database> db;

    void open(const std::string& p, Mode mode) {
        namespace fs = std::filesystem;
        path = p;
        std::error_code ec;
        const bool exists = fs::exists(path, ec);
        if (exists && fs::is_directory(path, ec)) throw Error(fileError(path, "is a directory, not a project"));
        if (!exists && mode != Mode::Create) throw Error(fileError(path, "no such project"));
        readOnly = mode == Mode::ReadOnly || (exists && access(path.c_str(), W_OK) != 0);
        const fs::path dir = fs::absolute(path).parent_path();
        if (!exists && access(dir.c_str(), W_OK) != 0)
            throw Error(fileError(path, "cannot create the project: the folder is not writable"));

        if (readOnly) {
            db = std::make_unique<Database>(path, uriFor(path, "mode=ro"), SQLITE_OPEN_READONLY);
            if (!readable()) // a WAL project in a folder we cannot write: read it as an immutable file
                db = std::make_unique<Database>(path, uriFor(path, "immutable=1"), SQLITE_OPEN_READONLY);
        } else {
            db = std::make_unique<Database>(path, uriFor(path, ""),
                                            SQLITE_OPEN_READWRITE | (mode == Mode::Create ? SQLITE_OPEN_CREATE : 0));
        }
        sqlite3_busy_timeout(db->handle(), 5000);
        db->exec("PRAGMA foreign_keys = ON");

        const int appId = pragmaInt("application_id");
        const int version = pragmaInt("user_version");
        const int tables = static_cast<int>(scalar("SELECT count(*) FROM sqlite_master"));
        const bool empty = appId == 0 && version == 0 && tables == 0;
        if (!empty && appId != detail::kApplicationId)
            throw Error(fileError(path, "not a MEGA Studio project (an SQLite database of another application)"));
        if (version > kSchemaVersion)
            throw Error(fileError(path, "made by a newer MEGA Studio (project schema " + std::to_string(version) +
                                            ", this build reads up to " + std::to_string(kSchemaVersion) +
                                            "); update MEGA Studio to open it"));
        if (empty && (mode != Mode::Create || readOnly))
            throw Error(fileError(path, "not a MEGA Studio project (an empty file)"));
        if (!readOnly) {
            // WAL: readers never block the writer; FULL: every committed edit survives a power cut.
            db->exec("PRAGMA journal_mode = WAL");
            db->exec("PRAGMA synchronous = FULL");
            migrate(version);
        } else if (version < kSchemaVersion) {
            throw Error(fileError(path, "an older project that must be upgraded, but it is read-only"));
        }
    }

    bool readable() {
        return sqlite3_exec(db->handle(), "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK;
    }

    int pragmaInt(const char* name) { return static_cast<int>(scalar(std::string("PRAGMA ") + name)); }

    int64_t scalar(const std::string& sql) const {
        Statement st = db->prepare(sql);
        return st.step() ? st.int64(0) : 0;
    }

    void migrate(int from) {
        const auto& steps = detail::migrations();
        for (int v = from; v < kSchemaVersion; ++v) {
            Transaction tx(*db);
            db->exec(steps[static_cast<size_t>(v)]);
            db->exec("PRAGMA application_id = " + std::to_string(detail::kApplicationId));
            db->exec("PRAGMA user_version = " + std::to_string(v + 1));
            if (v == 0) {
                db->prepare("INSERT INTO meta(key, value) VALUES ('created_at', ?), ('created_by', ?)")
                    .bind(1, nowUtc())
                    .bind(2, author)
                    .run();
            }
            tx.commit();
        }
    }

    void requireWritable() const {
        if (readOnly) throw Error(fileError(path, "the project is open read-only; nothing was changed"));
    }

    void requireFilm(int64_t film) const {
        Statement st = db->prepare("SELECT 1 FROM films WHERE id = ?");
        st.bind(1, film);
        if (!st.step()) throw Error(fileError(path, "no film with id " + std::to_string(film)));
    }

    int64_t shotCount(int64_t film) const {
        Statement st = db->prepare("SELECT count(*) FROM shots WHERE film_id = ?");
        st.bind(1, film);
        st.step();
        return st.int64(0);
    }

    // ---- generic rows, for the edit log and undo ----

    json rowJson(const std::string& table, int64_t id) const {
        Statement st = db->prepare("SELECT * FROM " + table + " WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) return nullptr;
        json row = json::object();
        for (int c = 0; c < st.columns(); ++c) {
            switch (st.type(c)) {
            case SQLITE_INTEGER: row[st.name(c)] = st.int64(c); break;
            case SQLITE_FLOAT: row[st.name(c)] = st.real(c); break;
            case SQLITE_NULL: row[st.name(c)] = nullptr; break;
            default: row[st.name(c)] = st.text(c); break;
            }
        }
        return row;
    }

    void writeRow(const std::string& table, int64_t id, const json& row) {
        if (row.is_null()) {
            db->prepare("DELETE FROM " + table + " WHERE id = ?").bind(1, id).run();
            return;
        }
        const bool exists = !rowJson(table, id).is_null();
        std::string cols, marks, sets;
        std::vector<const json*> values;
        for (auto it = row.begin(); it != row.end(); ++it) {
            if (exists && it.key() == "id") continue;
            if (!cols.empty()) cols += ", ", marks += ", ", sets += ", ";
            cols += it.key();
            marks += "?";
            sets += it.key() + " = ?";
            values.push_back(&it.value());
        }
        Statement st = db->prepare(exists ? "UPDATE " + table + " SET " + sets + " WHERE id = ?"
                                          : "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")");
        int i = 1;
        for (const json* v : values) {
            if (v->is_null()) st.bindNull(i);
            else if (v->is_number_integer()) st.bind(i, v->get<int64_t>());
            else if (v->is_number()) st.bind(i, v->get<double>());
            else st.bind(i, v->get<std::string>());
            ++i;
        }
        if (exists) st.bind(i, id);
        st.run();
    }

    int64_t logEdit(const std::string& op, int64_t film, const std::string& table, int64_t row, const std::string& before,
                    const std::string& after, const char* state) {
        db->prepare("INSERT INTO edits(session, who, at, op, film_id, tbl, row_id, before, after, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, session)
            .bind(2, author)
            .bind(3, nowUtc())
            .bind(4, op)
            .bind(5, film)
            .bind(6, table)
            .bind(7, row)
            .bind(8, before)
            .bind(9, after)
            .bind(10, state)
            .run();
        return db->lastInsertId();
    }

    /// One undoable edit of one row: `change` makes it and returns the row's id (the row `rowId`,
    /// 0 for a row it creates). Before and after are read from the database itself.
    int64_t editRow(const std::string& op, int64_t film, const std::string& table, int64_t rowId,
                    const std::function<int64_t()>& change) {
        requireWritable();
        Transaction tx(*db);
        // A new edit replaces what this session had undone: the redo branch is kept, abandoned.
        db->prepare("UPDATE edits SET state = 'abandoned' WHERE session = ? AND state = 'undone'").bind(1, session).run();
        const json before = rowId ? rowJson(table, rowId) : json(nullptr);
        const int64_t id = change();
        const json after = rowJson(table, id);
        const int64_t edit = logEdit(op, film, table, id, before.dump(), after.dump(), "done");
        tx.commit();
        return edit;
    }

    /// A bulk write (an import, an ingest): one transaction, logged as one final (not undoable) edit.
    void bulk(const std::string& op, int64_t film, const json& summary, const std::function<void()>& change) {
        requireWritable();
        Transaction tx(*db);
        change();
        logEdit(op, film, "", 0, "null", summary.dump(), "final");
        tx.commit();
    }

    SceneBoundary readBoundary(const Statement& st) const {
        SceneBoundary b;
        b.id = st.int64(0);
        b.film_id = st.int64(1);
        b.shot_index = st.int64(2);
        if (!st.isNull(3)) b.probability = st.real(3);
        b.source = st.text(4);
        b.status = statusAt(st, 5);
        return b;
    }

    std::optional<SceneBoundary> boundaryAt(int64_t film, int64_t shot) const {
        Statement st = db->prepare(
            "SELECT id, film_id, shot_idx, probability, source, status FROM boundaries WHERE film_id = ? AND shot_idx = ?");
        st.bind(1, film).bind(2, shot);
        if (!st.step()) return std::nullopt;
        return readBoundary(st);
    }

    void checkShot(int64_t film, int64_t shot) const {
        const int64_t n = shotCount(film);
        if (shot < 0 || (n > 0 && shot >= n - 1))
            throw Error(fileError(path, "no boundary can follow shot " + std::to_string(shot) + " (the film has " +
                                            std::to_string(n) + " shots)"));
    }

    std::optional<int64_t> tpRow(int64_t film, int tp, UnitKind unit, int64_t index, const std::string& annotator) const {
        Statement st =
            db->prepare("SELECT id FROM turning_points WHERE film_id = ? AND tp = ? AND unit = ? AND idx = ? AND annotator = ?");
        st.bind(1, film).bind(2, tp).bind(3, toString(unit)).bind(4, index).bind(5, annotator);
        if (!st.step()) return std::nullopt;
        return st.int64(0);
    }

    void checkTp(int64_t film, int tp, UnitKind unit, int64_t index, const std::string& annotator) const {
        requireFilm(film);
        if (tp < 1 || tp > 5) throw Error("turning points are TP1 to TP5, not TP" + std::to_string(tp));
        if (index < 0) throw Error("a unit index cannot be negative");
        int64_t n = -1;
        if (unit == UnitKind::Shot) n = shotCount(film);
        if (unit == UnitKind::Sentence) {
            Statement st = db->prepare("SELECT count(*) FROM sentences WHERE film_id = ? AND annotator = ?");
            st.bind(1, film).bind(2, annotator);
            st.step();
            n = st.int64(0);
        }
        if (n > 0 && index >= n)
            throw Error(fileError(path, std::string("no ") + toString(unit) + " " + std::to_string(index) + " (the film has " +
                                            std::to_string(n) + ")"));
    }

    bool hasEdit(const char* state) const {
        Statement st = db->prepare("SELECT 1 FROM edits WHERE session = ? AND state = ? LIMIT 1");
        st.bind(1, session).bind(2, state);
        return st.step();
    }

    /// Undo: this session's latest done edit goes back to its before; redo: its earliest undone
    /// edit goes forward to its after. Either refuses if the row is no longer as the edit left it.
    int64_t walk(bool back) {
        requireWritable();
        Transaction tx(*db);
        Statement st = db->prepare(back ? "SELECT id, tbl, row_id, before, after FROM edits WHERE session = ? AND "
                                          "state = 'done' ORDER BY id DESC LIMIT 1"
                                        : "SELECT id, tbl, row_id, before, after FROM edits WHERE session = ? AND "
                                          "state = 'undone' ORDER BY id LIMIT 1");
        st.bind(1, session);
        if (!st.step()) return 0;
        const int64_t edit = st.int64(0), row = st.int64(2);
        const std::string table = st.text(1);
        const json before = json::parse(st.text(3)), after = json::parse(st.text(4));
        if (rowJson(table, row) != (back ? after : before))
            throw Error(fileError(path, std::string("cannot ") + (back ? "undo" : "redo") + ": the " + table +
                                            " row it touched was changed since by another edit"));
        writeRow(table, row, back ? before : after);
        db->prepare("UPDATE edits SET state = ? WHERE id = ?").bind(1, back ? "undone" : "done").bind(2, edit).run();
        tx.commit();
        return edit;
    }
};

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

int64_t Project::addFilm(const Film& f) {
    int64_t id = 0;
    d->bulk("add film", 0, {{"name", f.name}, {"path", f.path}}, [&] {
        d->db->prepare("INSERT INTO films(name, path, fingerprint, duration_s, fps, frame_count, width, height, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, f.name)
            .bind(2, f.path)
            .bind(3, f.fingerprint)
            .bind(4, f.duration_s)
            .bind(5, f.fps)
            .bind(6, f.frame_count)
            .bind(7, f.width)
            .bind(8, f.height)
            .bind(9, nowUtc())
            .run();
        id = d->db->lastInsertId();
    });
    return id;
}

namespace {
const char* kFilmColumns = "SELECT id, name, path, fingerprint, duration_s, fps, frame_count, width, height FROM films";
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
    return f;
}
} // namespace

std::vector<Film> Project::films() const {
    std::vector<Film> out;
    Statement st = d->db->prepare(std::string(kFilmColumns) + " ORDER BY id");
    while (st.step()) out.push_back(readFilm(st));
    return out;
}

Film Project::film(int64_t id) const {
    Statement st = d->db->prepare(std::string(kFilmColumns) + " WHERE id = ?");
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
    Statement st = d->db->prepare(std::string(kFilmColumns) + " WHERE name = ? ORDER BY id LIMIT 1");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return readFilm(st);
}

std::optional<Film> Project::findFilmByFingerprint(const std::string& fingerprint) const {
    Statement st = d->db->prepare(std::string(kFilmColumns) + " WHERE fingerprint = ? ORDER BY id LIMIT 1");
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

// ---- features and models ----

void Project::setFeatureFile(int64_t film, const FeatureFile& f) {
    d->requireFilm(film);
    d->bulk("set feature file", film, {{"modality", f.modality}, {"path", f.path}}, [&] {
        d->db->prepare("INSERT OR REPLACE INTO feature_files(film_id, modality, path, count, dim, made_from) "
                       "VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, film)
            .bind(2, f.modality)
            .bind(3, f.path)
            .bind(4, f.count)
            .bind(5, f.dim)
            .bind(6, f.made_from)
            .run();
    });
}

std::vector<FeatureFile> Project::featureFiles(int64_t film) const {
    std::vector<FeatureFile> out;
    Statement st = d->db->prepare(
        "SELECT modality, path, count, dim, made_from FROM feature_files WHERE film_id = ? ORDER BY modality");
    st.bind(1, film);
    while (st.step()) out.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.text(4)});
    return out;
}

namespace {
const char* kModelColumns = "SELECT id, name, config_json, checkpoint, metrics_json, created_at, task, kind, active, "
                            "parent_id, note FROM model_versions";
ModelVersion readModel(const Statement& st) {
    ModelVersion m;
    m.id = st.int64(0);
    m.name = st.text(1);
    m.config_json = st.text(2);
    m.checkpoint = st.text(3);
    m.metrics_json = st.text(4);
    m.created_at = st.text(5);
    m.task = st.text(6);
    m.kind = st.text(7);
    m.active = st.int64(8) != 0;
    m.parent_id = st.isNull(9) ? 0 : st.int64(9);
    m.note = st.text(10);
    return m;
}
} // namespace

int64_t Project::addModelVersion(const ModelVersion& m) {
    if (m.task != "scene" && m.task != "tp") throw Error("a model's task is scene or tp, not '" + m.task + "'");
    int64_t id = 0;
    d->bulk("add model version", 0, {{"name", m.name}, {"task", m.task}, {"kind", m.kind}}, [&] {
        Statement st = d->db->prepare("INSERT INTO model_versions(name, config_json, checkpoint, metrics_json, created_at, "
                                      "task, kind, active, parent_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
        st.bind(1, m.name).bind(2, m.config_json).bind(3, m.checkpoint).bind(4, m.metrics_json).bind(5, nowUtc());
        st.bind(6, m.task).bind(7, m.kind);
        if (m.parent_id) st.bind(8, m.parent_id);
        else st.bindNull(8);
        st.bind(9, m.note).run();
        id = d->db->lastInsertId();
    });
    if (m.active) activateModel(id, m.note);
    return id;
}

std::vector<ModelVersion> Project::modelVersions() const {
    std::vector<ModelVersion> out;
    Statement st = d->db->prepare(std::string(kModelColumns) + " ORDER BY id");
    while (st.step()) out.push_back(readModel(st));
    return out;
}

ModelVersion Project::modelVersion(int64_t id) const {
    Statement st = d->db->prepare(std::string(kModelColumns) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw Error(fileError(d->path, "no model version " + std::to_string(id) + " (`mega models` lists them)"));
    return readModel(st);
}

ModelVersion Project::modelVersionByIdOrName(const std::string& idOrName) const {
    if (!idOrName.empty() && idOrName.size() < 18 && idOrName.find_first_not_of("0123456789") == std::string::npos)
        return modelVersion(std::stoll(idOrName));
    Statement st = d->db->prepare(std::string(kModelColumns) + " WHERE name = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, idOrName);
    if (!st.step()) throw Error(fileError(d->path, "no model version '" + idOrName + "' (`mega models` lists them)"));
    return readModel(st);
}

std::optional<ModelVersion> Project::activeModel(const std::string& task) const {
    Statement st = d->db->prepare(std::string(kModelColumns) + " WHERE task = ? AND active = 1 ORDER BY id DESC LIMIT 1");
    st.bind(1, task);
    if (!st.step()) return std::nullopt;
    return readModel(st);
}

void Project::activateModel(int64_t id, const std::string& note) {
    const ModelVersion m = modelVersion(id);
    d->bulk("activate model", 0, {{"model_version", id}, {"name", m.name}, {"note", note}}, [&] {
        d->db->prepare("UPDATE model_versions SET active = 0 WHERE task = ?").bind(1, m.task).run();
        d->db->prepare("UPDATE model_versions SET active = 1 WHERE id = ?").bind(1, id).run();
        if (!note.empty()) d->db->prepare("UPDATE model_versions SET note = ? WHERE id = ?").bind(1, note).bind(2, id).run();
    });
}

void Project::setModelNote(int64_t id, const std::string& note) {
    modelVersion(id);
    d->bulk("note model", 0, {{"model_version", id}, {"note", note}}, [&] {
        d->db->prepare("UPDATE model_versions SET note = ? WHERE id = ?").bind(1, note).bind(2, id).run();
    });
}

int64_t Project::startTrainingRun(const std::string& paramsJson, const std::string& task) {
    int64_t id = 0;
    d->bulk("start training run", 0, {{"task", task}}, [&] {
        d->db->prepare("INSERT INTO training_runs(params_json, started_at, status, task) VALUES (?, ?, 'running', ?)")
            .bind(1, paramsJson)
            .bind(2, nowUtc())
            .bind(3, task)
            .run();
        id = d->db->lastInsertId();
    });
    return id;
}

void Project::setTrainingLog(int64_t run, const std::string& logJson) {
    d->requireWritable();
    Transaction tx(*d->db); // progress, not an edit: no log entry
    d->db->prepare("UPDATE training_runs SET log_json = ? WHERE id = ?").bind(1, logJson).bind(2, run).run();
    tx.commit();
}

void Project::finishTrainingRun(int64_t run, const std::string& status, const std::string& metricsJson,
                                int64_t modelVersion) {
    d->bulk("finish training run", 0, {{"run", run}, {"status", status}}, [&] {
        Statement st = d->db->prepare(
            "UPDATE training_runs SET status = ?, metrics_json = ?, finished_at = ?, model_version_id = ? WHERE id = ?");
        st.bind(1, status).bind(2, metricsJson).bind(3, nowUtc());
        if (modelVersion) st.bind(4, modelVersion);
        else st.bindNull(4);
        st.bind(5, run).run();
        if (d->db->changes() == 0) throw Error(fileError(d->path, "no training run " + std::to_string(run)));
    });
}

std::vector<TrainingRun> Project::trainingRuns() const {
    std::vector<TrainingRun> out;
    Statement st = d->db->prepare("SELECT id, model_version_id, params_json, metrics_json, started_at, finished_at, status, "
                                  "task, log_json FROM training_runs ORDER BY id");
    while (st.step())
        out.push_back({st.int64(0), st.isNull(1) ? 0 : st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5),
                       st.text(6), st.text(7), st.text(8)});
    return out;
}

void Project::setModelScores(int64_t film, int64_t modelVersion, const std::string& task, const std::vector<double>& scores) {
    d->requireFilm(film);
    d->requireWritable();
    Transaction tx(*d->db); // a model's opinion, not an edit: replaced at every proposal, never undone
    d->db->prepare("INSERT OR REPLACE INTO model_scores(film_id, model_version_id, task, scores_json, created_at) "
                   "VALUES (?, ?, ?, ?, ?)")
        .bind(1, film)
        .bind(2, modelVersion)
        .bind(3, task)
        .bind(4, json(scores).dump())
        .bind(5, nowUtc())
        .run();
    tx.commit();
}

std::optional<std::vector<double>> Project::modelScores(int64_t film, int64_t modelVersion, const std::string& task) const {
    Statement st =
        d->db->prepare("SELECT scores_json FROM model_scores WHERE film_id = ? AND model_version_id = ? AND task = ?");
    st.bind(1, film).bind(2, modelVersion).bind(3, task);
    if (!st.step()) return std::nullopt;
    return json::parse(st.text(0)).get<std::vector<double>>();
}

void Project::setFilmReviewed(int64_t film, bool reviewed) {
    d->requireFilm(film);
    d->bulk(reviewed ? "mark film reviewed" : "mark film unreviewed", film, {{"reviewed", reviewed}}, [&] {
        d->db->prepare("UPDATE films SET reviewed = ? WHERE id = ?").bind(1, int64_t(reviewed ? 1 : 0)).bind(2, film).run();
    });
}

bool Project::filmMarkedReviewed(int64_t film) const {
    Statement st = d->db->prepare("SELECT reviewed FROM films WHERE id = ?");
    st.bind(1, film);
    if (!st.step()) throw Error(fileError(d->path, "no film with id " + std::to_string(film)));
    return st.int64(0) != 0;
}

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
