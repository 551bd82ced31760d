#pragma once
// Private to core/store: a thin RAII layer over SQLite's C API. Every failure becomes a mega::Error
// naming the project file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mega::store::detail {

class Statement;

class Database {
public:
    /// Opens `path` (flags as for sqlite3_open_v2). `uri` is what SQLite opens, `path` what
    /// messages name.
    Database(const std::string& path, const std::string& uri, int flags);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    int64_t lastInsertId() const;
    int changes() const;
    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    /// Throws the mega::Error for SQLite result code `rc` ("what" is what was being done).
    [[noreturn]] void fail(int rc, std::string_view what) const;

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
};

class Statement {
public:
    Statement(Database& db, sqlite3_stmt* stmt) : m_db(&db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement&& o) noexcept : m_db(o.m_db), m_stmt(o.m_stmt) { o.m_stmt = nullptr; }
    Statement& operator=(Statement&&) = delete;

    Statement& bind(int i, int64_t v);
    Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Statement& bind(int i, double v);
    Statement& bind(int i, std::string_view v);
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bindNull(int i);
    Statement& bindBlob(int i, const void* data, size_t bytes);
    template <typename T> Statement& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bindNull(i); }

    /// True while there is a row; false when done.
    bool step();
    /// Runs a statement that returns no rows.
    void run();
    void reset();

    int columns() const;
    bool isNull(int c) const;
    int64_t int64(int c) const;
    double real(int c) const;
    std::string text(int c) const;
    std::string blob(int c) const; ///< the bytes of a BLOB (or TEXT) column
    std::string name(int c) const;
    /// 1 integer, 2 float, 3 text, 4 blob, 5 null (SQLite's codes).
    int type(int c) const;

private:
    Database* m_db;
    sqlite3_stmt* m_stmt;
};

/// BEGIN IMMEDIATE ... COMMIT (a SAVEPOINT inside an open transaction); rolls back unless committed,
/// so an exception leaves nothing half-done.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();

private:
    Database& m_db;
    bool m_nested;
    bool m_done = false;
};

} // namespace mega::store::detail
