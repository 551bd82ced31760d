#include "core/store/sqlite.h"

#include "core/common/error.h"

#include <sqlite3.h>

namespace mega::store::detail {

Database::Database(const std::string& path, const std::string& uri, int flags) : m_path(path) {
    const int rc = sqlite3_open_v2(uri.c_str(), &m_db, flags | SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(fileError(path, "cannot open the project: " + msg));
    }
    sqlite3_extended_result_codes(m_db, 1);
}

Database::~Database() { sqlite3_close_v2(m_db); }

void Database::fail(int rc, std::string_view what) const {
    const int primary = rc & 0xff;
    std::string why;
    switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: why = "the project is locked by another process; try again when it is done"; break;
    case SQLITE_READONLY: why = "the project is read-only (file or folder permissions); nothing was changed"; break;
    case SQLITE_NOTADB: why = "not a MEGA Studio project (not an SQLite database)"; break;
    case SQLITE_CORRUPT: why = "the project file is damaged (" + std::string(sqlite3_errmsg(m_db)) + ")"; break;
    case SQLITE_FULL: why = "the disk is full; nothing was changed"; break;
    case SQLITE_CANTOPEN: why = "cannot open the project file or its journal (permissions?)"; break;
    default: why = sqlite3_errmsg(m_db); break;
    }
    throw Error(fileError(m_path, std::string(what) + ": " + why));
}

void Database::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) fail(rc, "cannot update the project");
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "cannot read the project");
    return Statement(*this, stmt);
}

int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int i, int64_t v) {
    if (const int rc = sqlite3_bind_int64(m_stmt, i, v); rc != SQLITE_OK) m_db->fail(rc, "bad query");
    return *this;
}
Statement& Statement::bind(int i, double v) {
    if (const int rc = sqlite3_bind_double(m_stmt, i, v); rc != SQLITE_OK) m_db->fail(rc, "bad query");
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    if (const int rc = sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        rc != SQLITE_OK)
        m_db->fail(rc, "bad query");
    return *this;
}
Statement& Statement::bindBlob(int i, const void* data, size_t bytes) {
    if (const int rc = sqlite3_bind_blob64(m_stmt, i, data, static_cast<sqlite3_uint64>(bytes), SQLITE_TRANSIENT); rc != SQLITE_OK)
        m_db->fail(rc, "bad query");
    return *this;
}
Statement& Statement::bindNull(int i) {
    if (const int rc = sqlite3_bind_null(m_stmt, i); rc != SQLITE_OK) m_db->fail(rc, "bad query");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    m_db->fail(rc, sqlite3_stmt_readonly(m_stmt) ? "cannot read the project" : "cannot update the project");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int Statement::columns() const { return sqlite3_column_count(m_stmt); }
bool Statement::isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
int64_t Statement::int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
double Statement::real(int c) const { return sqlite3_column_double(m_stmt, c); }
std::string Statement::text(int c) const {
    const auto* p = sqlite3_column_text(m_stmt, c);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, c)))
             : std::string();
}
std::string Statement::blob(int c) const {
    const auto* p = sqlite3_column_blob(m_stmt, c);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string();
}
std::string Statement::name(int c) const { return sqlite3_column_name(m_stmt, c); }
int Statement::type(int c) const { return sqlite3_column_type(m_stmt, c); }

Transaction::Transaction(Database& db) : m_db(db), m_nested(sqlite3_get_autocommit(db.handle()) == 0) {
    // Inside a batch, each edit is a savepoint of the batch's one transaction.
    m_db.exec(m_nested ? "SAVEPOINT edit" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (m_done) return;
    if (m_nested)
        sqlite3_exec(m_db.handle(), "ROLLBACK TO edit; RELEASE edit", nullptr, nullptr, nullptr);
    else
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    m_db.exec(m_nested ? "RELEASE edit" : "COMMIT");
    m_done = true;
}

} // namespace mega::store::detail
