// core/store: the project file, the edit log, undo/redo, and what happens when things go wrong
// (other processes, crashes, locks, read-only files, files that are not projects).
#include "core/common/error.h"
#include "core/store/new_project.h"
#include "core/store/project.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <csignal>
#include <cstdio>
#include <random>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace mega;
using namespace mega::store;

namespace {

std::vector<shots::Shot> makeShots(int n) {
    std::vector<shots::Shot> s;
    for (int i = 0; i < n; ++i) s.push_back({i * 50, i * 50 + 49, i * 2.0, i * 2.0 + 2.0});
    return s;
}

// Everything an edit can change, as text: boundaries and turning points.
QString snapshot(const Project& p, int64_t film) {
    QStringList out;
    for (const auto& b : p.boundaries(film))
        out << QString("b%1@%2:%3:%4").arg(b.id).arg(b.shot_index).arg(toString(b.status)).arg(QString::fromStdString(b.source));
    for (const auto& t : p.turningPoints(film))
        out << QString("tp%1:%2:%3:%4:%5").arg(t.tp).arg(toString(t.unit)).arg(t.index).arg(toString(t.status)).arg(QString::fromStdString(t.annotator));
    return out.join(' ');
}

int64_t filmWithProposals(Project& p, int shots = 40) {
    Film f;
    f.name = "test film";
    f.fps = 25;
    const int64_t film = p.addFilm(f);
    p.setShots(film, makeShots(shots));
    std::vector<SceneBoundary> proposals;
    for (int64_t s : {4, 9, 15, 22, 30}) {
        SceneBoundary b;
        b.shot_index = s;
        b.probability = 0.5 + static_cast<double>(s) / 100.0;
        proposals.push_back(b);
    }
    p.setBoundaries(film, "model:test-1", proposals);
    p.setSynopsis(film, "", {"One.", "Two.", "Three.", "Four.", "Five.", "Six."}, {}, "import:text");
    return film;
}

std::string rawSql(const QString& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    char* err = nullptr;
    sqlite3_exec(db, sql, nullptr, nullptr, &err);
    std::string e = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    return e;
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString tmp(const QString& n) const { return m_tmp.filePath(n); }
    std::string path(const QString& n) const { return tmp(n).toStdString(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void createsAndReopens() {
        int64_t film = 0;
        {
            Project p(path("a.mega"), Project::Mode::Create);
            film = filmWithProposals(p);
            QVERIFY(!p.readOnly());
        }
        Project p(path("a.mega"));
        QCOMPARE(p.films().size(), size_t(1));
        QCOMPARE(p.shots(film).size(), size_t(40));
        QCOMPARE(p.boundaries(film).size(), size_t(5));
        QCOMPARE(p.scenes(film).size(), size_t(6));
        QCOMPARE(p.scenes(film)[1].first_shot, int64_t(5));
        QCOMPARE(p.synopsis(film).size(), size_t(6));
        QCOMPARE(p.integrityCheck(), std::string("ok"));
        // The edit log holds the bulk writes, final (not undoable).
        const auto edits = p.edits();
        QVERIFY(edits.size() >= 4);
        for (const auto& e : edits) QCOMPARE(e.state, std::string("final"));
        QVERIFY(!p.canUndo());
    }

    // What reading a film's picture met stays with the film (schema 3), and goes with it in a merge.
    void filmWarningsAreKept() {
        int64_t id = 0;
        {
            Project p(path("warn.mega"), Project::Mode::Create);
            Film f;
            f.name = "damaged";
            f.warnings = {"'x.mp4': 3 packets could not be decoded", "line one\nline two"};
            id = p.addFilm(f);
        }
        {
            Project p(path("warn.mega"));
            const auto w = p.film(id).warnings;
            QCOMPARE(w.size(), size_t(2));
            QCOMPARE(w[0], std::string("'x.mp4': 3 packets could not be decoded"));
            QCOMPARE(w[1], std::string("line one line two")); // one line each
            p.setFilmWarnings(id, {});
            QVERIFY(p.film(id).warnings.empty());
            p.setFilmWarnings(id, {"late"});
        }
        Project out(path("warn_merged.mega"), Project::Mode::Create);
        out.mergeFrom(path("warn.mega"));
        QCOMPARE(out.films().front().warnings, std::vector<std::string>{"late"});
    }

    // A schema-2 project (before films.warnings) reads read-only as it is, is upgraded when opened
    // for writing, and must be upgraded before it is merged.
    void schemaTwoReadsReadOnly() {
        const QString file = tmp("v2.mega");
        int64_t id = 0;
        {
            Project p(file.toStdString(), Project::Mode::Create);
            Film f;
            f.name = "old";
            id = p.addFilm(f);
        }
        QCOMPARE(rawSql(file, "ALTER TABLE films DROP COLUMN warnings; DROP TABLE analyses; PRAGMA user_version = 2"), std::string());
        {
            const Project ro(file.toStdString(), Project::Mode::ReadOnly);
            QCOMPARE(ro.film(id).name, std::string("old"));
            QVERIFY(ro.film(id).warnings.empty());
            QVERIFY(!ro.analysis(id, "sync:")); // no analyses before schema 4: none stored, not an error
            Project out(path("v2_into.mega"), Project::Mode::Create);
            try {
                out.mergeFrom(file.toStdString());
                QFAIL("merged a schema-2 project");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains("open it once"), e.what());
            }
        }
        Project rw(file.toStdString());
        rw.setFilmWarnings(id, {"w"});
        QCOMPARE(rw.film(id).warnings.size(), size_t(1));
    }

    // A schema-3 project (made before the analyses were stored) merges as it is: it only lacks them.
    void schemaThreeMerges() {
        const QString file = tmp("v3.mega");
        {
            Project p(file.toStdString(), Project::Mode::Create);
            Film f;
            f.name = "three";
            const int64_t id = p.addFilm(f);
            p.setShots(id, {{0, 9, 0, 1}, {10, 19, 1, 2}});
        }
        QCOMPARE(rawSql(file, "DROP TABLE analyses; PRAGMA user_version = 3"), std::string());
        Project out(path("v3_into.mega"), Project::Mode::Create);
        const auto r = out.mergeFrom(file.toStdString());
        QCOMPARE(r.films_added, int64_t(1));
        QCOMPARE(out.films().front().name, std::string("three"));
        QCOMPARE(out.shots(out.films().front().id).size(), size_t(2));
        QVERIFY(!out.analysis(out.films().front().id, "sync:"));
    }

    // A project made for work that failed goes again, with what SQLite and the features made beside
    // it; a project that was there before is never touched.
    void newProjectGoesIfTheWorkFails() {
        const std::string fresh = path("fresh.mega");
        {
            NewProject made(fresh);
            QVERIFY(made.isNew());
            Project p(fresh, Project::Mode::Create);
            QDir().mkpath(QString::fromStdString(fresh + ".features/abc"));
            QVERIFY(QFile::exists(QString::fromStdString(fresh)));
        }
        QVERIFY(!QFile::exists(QString::fromStdString(fresh)));
        QVERIFY(!QFile::exists(QString::fromStdString(fresh + "-wal")));
        QVERIFY(!QFile::exists(QString::fromStdString(fresh + ".features")));
        {
            NewProject made(fresh);
            Project p(fresh, Project::Mode::Create);
            made.keep();
        }
        QVERIFY(QFile::exists(QString::fromStdString(fresh)));
        {
            NewProject made(fresh); // there before: left alone, kept or not
            QVERIFY(!made.isNew());
            Project p(fresh, Project::Mode::Create);
        }
        QVERIFY(QFile::exists(QString::fromStdString(fresh)));
        QCOMPARE(Project(fresh).integrityCheck(), std::string("ok"));
    }

    void undoRedoWalkBothWays() {
        Project p(path("walk.mega"), Project::Mode::Create);
        p.setAuthor("ada");
        const int64_t film = filmWithProposals(p);
        Project other(path("walk.mega")); // a second connection: what is on disk
        const auto b = p.boundaries(film);
        std::vector<std::function<void()>> steps{
            [&] { p.acceptBoundary(b[0].id); },
            [&] { p.rejectBoundary(b[1].id); },
            [&] { p.addBoundary(film, 35); },
            [&] { p.moveBoundary(b[2].id, 17); },
            [&] { p.mergeScenes(film, 0); },  // rejects the accepted model boundary after shot 4
            [&] { p.splitScene(film, 4); },   // and brings it back
            [&] { p.removeBoundary(b[3].id); },
            [&] { p.setTurningPoint(film, 1, UnitKind::Shot, 3); },
            [&] { p.setTurningPoint(film, 2, UnitKind::Sentence, 2); },
            [&] { p.setTurningPoint(film, 5, UnitKind::Scene, 2); },
            [&] { p.clearTurningPoint(film, 1, UnitKind::Shot, 3); },
            [&] { p.mergeScenes(film, 2); },
        };
        std::vector<QString> states{snapshot(p, film)};
        for (auto& step : steps) {
            step();
            states.push_back(snapshot(p, film));
            QCOMPARE(snapshot(other, film), states.back());
            QVERIFY(states.back() != states[states.size() - 2]); // every step changed something
        }
        for (size_t i = steps.size(); i > 0; --i) {
            QVERIFY(p.canUndo());
            QVERIFY(p.undo() > 0);
            QCOMPARE(snapshot(p, film), states[i - 1]);
            QCOMPARE(snapshot(other, film), states[i - 1]);
        }
        QVERIFY(!p.canUndo());
        QCOMPARE(p.undo(), int64_t(0));
        for (size_t i = 1; i <= steps.size(); ++i) {
            QVERIFY(p.canRedo());
            QVERIFY(p.redo() > 0);
            QCOMPARE(snapshot(p, film), states[i]);
            QCOMPARE(snapshot(other, film), states[i]);
        }
        QVERIFY(!p.canRedo());
        // A new edit after an undo abandons the redo branch, but keeps it in the log.
        p.undo();
        p.addBoundary(film, 1);
        QVERIFY(!p.canRedo());
        int abandoned = 0;
        for (const auto& e : p.edits(film)) abandoned += e.state == "abandoned";
        QCOMPARE(abandoned, 1);
        for (const auto& e : p.edits(film))
            if (e.state == "done") QCOMPARE(e.who, std::string("ada"));
        QCOMPARE(p.integrityCheck(), std::string("ok"));
    }

    void editsRecordBeforeAndAfter() {
        Project p(path("log.mega"), Project::Mode::Create);
        const int64_t film = filmWithProposals(p);
        const auto b = p.boundaries(film)[0];
        const int64_t edit = p.moveBoundary(b.id, 6);
        const auto log = p.edits(film);
        const auto& e = log.back();
        QCOMPARE(e.id, edit);
        QCOMPARE(e.op, std::string("move boundary"));
        QCOMPARE(e.table, std::string("boundaries"));
        QVERIFY(QString::fromStdString(e.before).contains("\"shot_idx\":4"));
        QVERIFY(QString::fromStdString(e.after).contains("\"shot_idx\":6"));
        QVERIFY(QString::fromStdString(e.after).contains("\"status\":\"edited\""));
        QVERIFY(QString::fromStdString(e.at).endsWith("Z"));
        QCOMPARE(e.who, p.author());
    }

    void badEditsAreRefused() {
        Project p(path("bad.mega"), Project::Mode::Create);
        const int64_t film = filmWithProposals(p);
        const QString before = snapshot(p, film);
        QVERIFY_THROWS_EXCEPTION(Error, p.addBoundary(film, 9));    // already one there
        QVERIFY_THROWS_EXCEPTION(Error, p.addBoundary(film, 39));   // after the last shot
        QVERIFY_THROWS_EXCEPTION(Error, p.moveBoundary(p.boundaries(film)[0].id, 9));
        QVERIFY_THROWS_EXCEPTION(Error, p.mergeScenes(film, 5));    // the last scene
        QVERIFY_THROWS_EXCEPTION(Error, p.setTurningPoint(film, 6, UnitKind::Shot, 1));
        QVERIFY_THROWS_EXCEPTION(Error, p.setTurningPoint(film, 1, UnitKind::Sentence, 6));
        QVERIFY_THROWS_EXCEPTION(Error, p.clearTurningPoint(film, 1, UnitKind::Shot, 1));
        QVERIFY_THROWS_EXCEPTION(Error, p.acceptBoundary(9999));
        QCOMPARE(snapshot(p, film), before);
        QVERIFY(!p.canUndo());
    }

    void undoRefusesARowAnotherSessionChanged() {
        Project a(path("two.mega"), Project::Mode::Create);
        const int64_t film = filmWithProposals(a);
        Project b(path("two.mega"));
        const int64_t id = a.boundaries(film)[0].id;
        a.acceptBoundary(id);
        b.moveBoundary(id, 2);
        const QString state = snapshot(a, film);
        QVERIFY_THROWS_EXCEPTION(Error, a.undo());
        QCOMPARE(snapshot(a, film), state);
        QVERIFY(b.undo() > 0); // b's own edit undoes fine
        QVERIFY(a.undo() > 0); // and then a's can
        QCOMPARE(a.boundary(id).status, ReviewStatus::Unreviewed);
    }

    // A later session resumes an earlier one (a window reopening the project): undo and redo walk
    // the earlier edits; another person's session is not taken.
    void aLaterSessionResumesAnEarlierOne() {
        std::string first;
        int64_t film = 0, id = 0;
        {
            Project a(path("resume.mega"), Project::Mode::Create);
            a.setAuthor("ada");
            film = filmWithProposals(a);
            id = a.boundaries(film)[0].id;
            a.acceptBoundary(id);
            a.rejectBoundary(a.boundaries(film)[1].id);
            a.undo(); // the reject is undone: a redo waits
            first = a.session();
        }
        {
            Project b(path("resume.mega"));
            b.setAuthor("bob");
            b.acceptBoundary(b.boundaries(film)[2].id); // someone else, later
        }
        Project c(path("resume.mega"));
        QVERIFY(!c.lastSession("carol"));
        QCOMPARE(c.lastSession("ada").value(), first);
        QCOMPARE(c.lastSession("ada", film).value(), first);
        QVERIFY(!c.lastSession("ada", film + 1));
        QVERIFY(c.lastSession("bob").value() != first);
        QVERIFY(!c.canUndo()); // a new session has nothing to undo
        {
            // The earlier session is still held elsewhere (another window): once c takes its edits
            // over, that one has nothing to undo, rather than undoing c's edits behind its back.
            Project holder(path("resume.mega"));
            holder.resumeSession(first);
            QVERIFY(holder.canUndo());
            c.resumeSession(holder.session());
            QVERIFY(!holder.canUndo() && !holder.canRedo());
            QCOMPARE(holder.undo(), int64_t(0));
        }
        QCOMPARE(c.lastSession("ada").value(), c.session()); // c's own session now holds them
        QVERIFY(c.canUndo() && c.canRedo());
        QVERIFY(c.redo() > 0); // the reject again
        QCOMPARE(c.boundary(c.boundaries(film)[1].id).status, ReviewStatus::Rejected);
        QVERIFY(c.undo() > 0);
        QVERIFY(c.undo() > 0); // and the accept
        QCOMPARE(c.boundary(id).status, ReviewStatus::Unreviewed);
        QVERIFY(!c.canUndo()); // bob's decision is not ada's to undo
        QVERIFY_THROWS_EXCEPTION(Error, c.resumeSession(""));
        // A new session (the author changed) forgets them.
        c.redo();
        QVERIFY(c.canRedo());
        c.startSession();
        QVERIFY(!c.canUndo() && !c.canRedo());
    }

    void batchesAreAllOrNothing() {
        Project p(path("batch.mega"), Project::Mode::Create);
        const int64_t film = filmWithProposals(p);
        const auto status = p.status();
        const size_t edits = p.edits().size();
        QVERIFY_THROWS_EXCEPTION(Error, p.batch([&] {
            Film f;
            f.name = "second";
            p.addFilm(f);
            p.acceptBoundary(p.boundaries(film)[0].id);
            p.setShots(film, {{10, 5, 0, 1}}); // invalid: throws
        }));
        QCOMPARE(p.films().size(), size_t(1));
        QCOMPARE(p.status().boundaries_by_status, status.boundaries_by_status);
        QCOMPARE(p.edits().size(), edits);
        QVERIFY(!p.canUndo());
    }

    void notAProject_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("says");
        QTest::newRow("text") << "notes.mega" << QByteArray("shot list\n") << "not a MEGA Studio project";
        QTest::newRow("empty") << "empty.mega" << QByteArray() << "not a MEGA Studio project";
        QTest::newRow("missing") << "missing.mega" << QByteArray("-") << "no such project";
    }
    void notAProject() {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, says);
        if (content != "-") {
            QFile f(tmp(file));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        try {
            Project p(tmp(file).toStdString());
            QFAIL("opened");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(says) && QString(e.what()).contains(file), e.what());
        }
        if (content != "-") QCOMPARE(fileBytes(tmp(file)), content); // untouched
    }

    void anotherApplicationsDatabase() {
        QCOMPARE(rawSql(tmp("other.db"), "CREATE TABLE contacts(name TEXT)"), std::string());
        const QByteArray before = fileBytes(tmp("other.db"));
        QVERIFY_THROWS_EXCEPTION(Error, Project(path("other.db"), Project::Mode::Create));
        try {
            Project p(path("other.db"), Project::Mode::Create);
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("another application"), e.what());
        }
        QCOMPARE(fileBytes(tmp("other.db")), before);
    }

    void newerProjectIsRefusedUntouched() {
        { Project p(path("newer.mega"), Project::Mode::Create); }
        QCOMPARE(rawSql(tmp("newer.mega"), "PRAGMA user_version = 7"), std::string());
        const QByteArray before = fileBytes(tmp("newer.mega"));
        try {
            Project p(path("newer.mega"));
            QFAIL("opened");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("newer MEGA Studio") && QString(e.what()).contains("7"), e.what());
        }
        QCOMPARE(fileBytes(tmp("newer.mega")), before);
    }

    void readOnlyProjects() {
        int64_t film = 0;
        {
            Project p(path("ro.mega"), Project::Mode::Create);
            film = filmWithProposals(p);
        }
        Project ro(path("ro.mega"), Project::Mode::ReadOnly);
        QVERIFY(ro.readOnly());
        QCOMPARE(ro.boundaries(film).size(), size_t(5));
        try {
            ro.acceptBoundary(ro.boundaries(film)[0].id);
            QFAIL("edited a read-only project");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("read-only"), e.what());
        }
        QCOMPARE(Project(path("ro.mega")).boundaries(film)[0].status, ReviewStatus::Unreviewed);
    }

    void readOnlyFileForAnotherUser() {
        // File permissions, as a user who may not write the file (root may write anything, so the
        // check runs in a child process that becomes 'nobody').
        int64_t film = 0;
        QVERIFY(QDir().mkpath(tmp("perm")));
        {
            Project p(path("perm/ro.mega"), Project::Mode::Create);
            film = filmWithProposals(p);
        }
        QVERIFY(chmod(tmp("perm/ro.mega").toUtf8().constData(), 0444) == 0);
        QVERIFY(chmod(tmp("perm").toUtf8().constData(), 0555) == 0);
        chmod(m_tmp.path().toUtf8().constData(), 0755);
        const pid_t child = fork();
        if (child == 0) {
            if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(10);
            try {
                Project p(path("perm/ro.mega"));
                if (!p.readOnly()) _exit(11);
                if (p.boundaries(film).size() != 5) _exit(12);
                try {
                    p.acceptBoundary(p.boundaries(film)[0].id);
                    _exit(13);
                } catch (const Error& e) {
                    _exit(std::string(e.what()).find("read-only") != std::string::npos ? 0 : 14);
                }
            } catch (const Error& e) {
                std::fprintf(stderr, "%s\n", e.what());
                _exit(15);
            }
        }
        int status = 0;
        waitpid(child, &status, 0);
        chmod(tmp("perm").toUtf8().constData(), 0755);
        QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 0, qPrintable(QString("child exit %1").arg(WEXITSTATUS(status))));
    }

    void lockedProjectSaysSoAndChangesNothing() {
        int64_t film = 0;
        {
            Project p(path("locked.mega"), Project::Mode::Create);
            film = filmWithProposals(p);
        }
        sqlite3* holder = nullptr;
        sqlite3_open(tmp("locked.mega").toUtf8().constData(), &holder);
        QCOMPARE(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
        Project p(path("locked.mega"));
        p.setBusyTimeout(200);
        try {
            p.acceptBoundary(p.boundaries(film)[0].id);
            QFAIL("edited a locked project");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("locked by another process") && QString(e.what()).contains("locked.mega"), e.what());
        }
        sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(holder);
        QCOMPARE(p.boundaries(film)[0].status, ReviewStatus::Unreviewed);
        QVERIFY(!p.canUndo());
        p.acceptBoundary(p.boundaries(film)[0].id); // and works once the other process is done
        QCOMPARE(p.boundaries(film)[0].status, ReviewStatus::Accepted);
    }

    void twoProcessesShareAProject() {
        std::vector<int64_t> films;
        {
            Project p(path("shared.mega"), Project::Mode::Create);
            films.push_back(filmWithProposals(p, 400));
            films.push_back(filmWithProposals(p, 400));
        }
        std::vector<pid_t> children;
        for (int c = 0; c < 2; ++c) {
            const pid_t pid = fork();
            if (pid == 0) {
                try {
                    Project p(path("shared.mega"));
                    for (int i = 0; i < 150; ++i) p.addBoundary(films[static_cast<size_t>(c)], 40 + 2 * i);
                    _exit(0);
                } catch (const Error& e) {
                    std::fprintf(stderr, "child %d: %s\n", c, e.what());
                    _exit(1);
                }
            }
            children.push_back(pid);
        }
        for (pid_t pid : children) {
            int status = 0;
            waitpid(pid, &status, 0);
            QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        Project p(path("shared.mega"));
        QCOMPARE(p.integrityCheck(), std::string("ok"));
        for (int64_t film : films) QCOMPARE(p.boundaries(film).size(), size_t(5 + 150));
    }

    void survivesBeingKilled() {
        // A child makes edits and reports each commit; we SIGKILL it at random moments. After each
        // kill the project opens, passes integrity_check and holds every reported edit.
        int64_t film = 0;
        {
            Project p(path("crash.mega"), Project::Mode::Create);
            film = filmWithProposals(p, 2000);
        }
        std::mt19937 rng(7);
        std::set<int64_t> reported;
        int nextShot = 40;
        for (int round = 0; round < 25; ++round) {
            int fds[2];
            QVERIFY(pipe(fds) == 0);
            const int first = nextShot;
            const pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                try {
                    Project p(path("crash.mega"));
                    for (int s = first; s < 1990; ++s) {
                        const int64_t edit = (s % 3 == 0) ? p.addBoundary(film, s) : p.splitScene(film, s);
                        char line[32];
                        const int n = std::snprintf(line, sizeof line, "%lld\n", static_cast<long long>(edit));
                        if (write(fds[1], line, static_cast<size_t>(n)) != n) _exit(2);
                    }
                } catch (...) {
                    _exit(1);
                }
                _exit(0);
            }
            close(fds[1]);
            // Killed 2-40 ms after its first edit is reported (not after it starts: under the
            // sanitizers on a loaded machine opening the project alone can take that long).
            FILE* in = fdopen(fds[0], "r");
            long long id = 0;
            if (std::fscanf(in, "%lld", &id) == 1) reported.insert(id);
            usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(2000, 40000)(rng)));
            kill(pid, SIGKILL);
            int status = 0;
            waitpid(pid, &status, 0);
            while (std::fscanf(in, "%lld", &id) == 1) reported.insert(id);
            std::fclose(in);
            Project p(path("crash.mega"));
            QCOMPARE(p.integrityCheck(), std::string("ok"));
            std::set<int64_t> stored;
            for (const auto& e : p.edits(film)) stored.insert(e.id);
            for (int64_t r : reported) QVERIFY2(stored.count(r), qPrintable(QString("edit %1 was reported but is lost").arg(r)));
            nextShot = 40;
            for (const auto& b : p.boundaries(film)) nextShot = std::max<int>(nextShot, static_cast<int>(b.shot_index) + 1);
        }
        QVERIFY2(reported.size() > 50, qPrintable(QString::number(reported.size())));
    }

    void fingerprints() {
        QFile a(tmp("film.bin"));
        QVERIFY(a.open(QIODevice::WriteOnly));
        a.write(QByteArray(3 << 20, 'x'));
        a.close();
        const std::string f1 = fingerprintFile(path("film.bin"));
        QVERIFY(QFile::copy(tmp("film.bin"), tmp("moved.bin")));
        QCOMPARE(fingerprintFile(path("moved.bin")), f1);
        QVERIFY(a.open(QIODevice::ReadWrite));
        a.seek((3 << 20) - 10);
        a.write("y");
        a.close();
        QVERIFY(fingerprintFile(path("film.bin")) != f1);
        QVERIFY_THROWS_EXCEPTION(Error, fingerprintFile(path("nothing.bin")));
    }

    void modelsAndTrainingRuns() {
        Project p(path("models.mega"), Project::Mode::Create);
        const int64_t film = filmWithProposals(p);
        p.setFeatureFile(film, {"visual", "/features/visual.npy", 40, 512, "fp|v1"});
        QCOMPARE(p.featureFiles(film).size(), size_t(1));
        const int64_t run = p.startTrainingRun(R"({"epochs": 3})");
        store::ModelVersion mv;
        mv.name = "scene-ft-1";
        mv.config_json = "{}";
        mv.checkpoint = "/m/ckpt.pt";
        mv.metrics_json = R"({"AP": 0.5})";
        const int64_t model = p.addModelVersion(mv);
        p.finishTrainingRun(run, "finished", R"({"AP": 0.5})", model);
        const auto runs = p.trainingRuns();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].model_version_id, model);
        QCOMPARE(runs[0].status, std::string("finished"));
        QVERIFY_THROWS_EXCEPTION(Error, p.finishTrainingRun(run, "exploded", "{}", 0));
    }

    void modelRegistry() {
        Project p(path("registry.mega"), Project::Mode::Create);
        const int64_t film = filmWithProposals(p);
        QVERIFY(!p.activeModel("scene"));
        store::ModelVersion a;
        a.name = "novelty";
        a.kind = "novelty";
        a.active = true;
        const int64_t first = p.addModelVersion(a);
        QCOMPARE(p.activeModel("scene")->id, first);
        store::ModelVersion b;
        b.name = "scene-ft-1";
        b.parent_id = first;
        const int64_t second = p.addModelVersion(b);
        QCOMPARE(p.activeModel("scene")->id, first); // a new version is inactive until activated
        QCOMPARE(p.modelVersion(second).parent_id, first);
        p.activateModel(second, "beats novelty");
        QCOMPARE(p.activeModel("scene")->id, second); // one active version per task
        QVERIFY(!p.modelVersion(first).active);
        QCOMPARE(p.modelVersion(second).note, std::string("beats novelty"));
        QCOMPARE(p.modelVersionByIdOrName("scene-ft-1").id, second);
        QVERIFY(!p.activeModel("tp"));
        b.task = "unknown";
        QVERIFY_THROWS_EXCEPTION(Error, p.addModelVersion(b));
        QVERIFY_THROWS_EXCEPTION(Error, p.modelVersionByIdOrName("nothing"));

        QVERIFY(!p.modelScores(film, second, "scene"));
        p.setModelScores(film, second, "scene", {0.25, 0.5});
        p.setModelScores(film, second, "scene", {0.75, 0.5});
        QCOMPARE(*p.modelScores(film, second, "scene"), (std::vector<double>{0.75, 0.5}));

        QVERIFY(!p.filmMarkedReviewed(film));
        p.setFilmReviewed(film, true);
        QVERIFY(p.filmMarkedReviewed(film));
        const int64_t run = p.startTrainingRun("{}", "scene");
        p.setTrainingLog(run, R"([{"epoch": 1, "loss": 0.5}])");
        QCOMPARE(p.trainingRuns().back().log_json, std::string(R"([{"epoch": 1, "loss": 0.5}])"));
        QCOMPARE(p.trainingRuns().back().task, std::string("scene"));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
