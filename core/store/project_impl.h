#pragma once
// Private to core/store: the project's connection and the helpers its parts share (project.cpp:
// films, shots, text, boundaries, edits and undo; registry.cpp: feature files, model versions,
// training runs, scores; merge.cpp: merging projects).

#include "core/common/error.h"
#include "core/store/project.h"
#include "core/store/schema.h"
#include "core/store/sqlite.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <pwd.h>
#include <random>
#include <unistd.h>

namespace mega::store {

using detail::Database;
using detail::Statement;
using detail::Transaction;
using nlohmann::json;

namespace detail {

inline std::string nowUtc() {
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

inline std::string osUser() {
    if (const char* u = std::getenv("USER"); u && *u) return u;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
    return "unknown";
}

inline std::string newSessionId() {
    std::random_device rd;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%d-%08x%08x", static_cast<int>(getpid()), rd(), rd());
    return buf;
}

// SQLite URIs need '%', '?' and '#' escaped.
inline std::string uriFor(const std::string& path, const char* query) {
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

inline ReviewStatus statusAt(const Statement& st, int c) { return reviewStatusFromString(st.text(c)); }

} // namespace detail

using detail::nowUtc;
using detail::osUser;
using detail::newSessionId;
using detail::uriFor;
using detail::statusAt;

struct Project::Impl {
    std::string path;
    bool readOnly = false;
    std::string author = osUser();
    std::string session = newSessionId();
    std::unique_ptr<Database> db;
    int schema = kSchemaVersion; // of the file as opened (read-only files keep an older one)
    static constexpr int kOldestReadOnlySchema = 2;

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
            schema = kSchemaVersion;
        } else if (version < kOldestReadOnlySchema) {
            throw Error(fileError(path, "an older project that must be upgraded, but it is read-only"));
        } else {
            schema = version; // schema 2 is read as it is (3 only added films.warnings)
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

} // namespace mega::store
