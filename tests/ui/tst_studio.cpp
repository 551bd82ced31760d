// mega-studio's window, offscreen: open a project with a generated film, walk its boundaries with
// Tab, accept, reject, nudge and merge from the keyboard, check the project file after each step,
// undo and redo every step both ways checking every state, close and reopen; drag a boundary on
// the timeline (one undo step); TP labels on shots and sentences; errors that leave the window
// usable; remapped shortcuts.
#include "core/demo/generated_film.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "ui/media_jobs.h"
#include "core/store/project.h"
#include "support/fixtures.h"
#include "core/common/version.h"
#include "core/media/media_info.h"
#include "core/model/version.h"
#include "ui/agreement_dialog.h"
#include "ui/attention_view.h"
#include "ui/contribution_view.h"
#include "ui/cut_frames.h"
#include "ui/export_dialog.h"
#include "ui/sync_matrix_view.h"
#include <QMediaPlayer>
#include <QTabWidget>
#include "ui/help.h"
#include "ui/search_dialog.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"
#include "ui/theme.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QRegularExpression>
#include <QLineEdit>
#include <QSpinBox>
#include <QIcon>
#include <QMenuBar>
#include <QDockWidget>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QKeySequenceEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QLineEdit>
#include <QLabel>
#include <QLineSeries>
#include <QStatusBar>
#include <QListWidget>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <tuple>

using namespace mega;
using State = std::vector<std::tuple<int64_t, int64_t, store::ReviewStatus>>;

namespace {

/// The film's boundaries as the project file holds them, read through a second connection.
State stored(const QString& project) {
    store::Project p(project.toStdString(), store::Project::Mode::ReadOnly);
    State s;
    for (const auto& b : p.boundaries(p.films().front().id)) s.emplace_back(b.id, b.shot_index, b.status);
    std::sort(s.begin(), s.end());
    return s;
}

size_t storedScenes(const QString& project) {
    store::Project p(project.toStdString(), store::Project::Mode::ReadOnly);
    return p.scenes(p.films().front().id).size();
}

void key(QWidget* w, int k, Qt::KeyboardModifiers m = Qt::NoModifier) { QTest::keyClick(w, Qt::Key(k), m); }

/// Runs `check` on the modal dialog about to open, once it is up (polled: a slow machine does not
/// hang the test), then rejects any modal dialog still open, also when a check failed.
void onModal(std::function<void(QWidget*)> check) {
    auto* timer = new QTimer;
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, [timer, check] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal) return;
        timer->stop();
        timer->deleteLater();
        check(modal);
        if (auto* left = qobject_cast<QDialog*>(QApplication::activeModalWidget())) left->reject();
    });
    timer->start();
}

} // namespace

class TestStudio : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_project, m_film;

    std::unique_ptr<ui::MainWindow> openWindow() {
        auto w = std::make_unique<ui::MainWindow>();
        w->setQuietErrors(true);
        w->show();
        w->activateWindow();
        if (!QTest::qWaitForWindowActive(w.get())) qWarning("window not active");
        if (!w->openProject(m_project)) qWarning("could not open %s", qPrintable(m_project));
        return w;
    }

    /// A new project at `path` holding the demo film and its shots only (no boundaries, synopsis or
    /// subtitles); `adjust` may change the film's row first. Returns the project and the film's id.
    std::pair<store::Project, int64_t> projectWithTheDemoFilm(const QString& path, const std::function<void(store::Film&)>& adjust = {}) {
        store::Project src(m_project.toStdString(), store::Project::Mode::ReadOnly);
        store::Film f = src.films().front();
        const auto shots = src.shots(f.id);
        f.id = 0;
        if (adjust) adjust(f);
        store::Project p(path.toStdString(), store::Project::Mode::Create);
        const int64_t film = p.addFilm(f);
        p.setShots(film, shots);
        return {std::move(p), film};
    }

    static bool dlgPlaceholderOk() {
        ui::SettingsDialog dlg;
        return dlg.authorEdit()->placeholderText().startsWith(QString::fromStdString(store::loginName()));
    }

  private Q_SLOTS:
    // A test that fails half-way leaves no setting behind for the next.
    void cleanup() {
        QSettings().remove("positions");
        for (const char* k : {"shortcuts/review.accept", "shortcuts/review.reject", "review/author", "timeline/thumbnailHeight",
                              "compute/threads", "model/learnEvery", "review/reactionDelay", "appearance/theme",
                              "storage/featuresFolder", "review/advance", "review/order", "view/subtitles", "view/cutFrames"})
            QSettings().remove(k);
    }

    void initTestCase() {
        QCoreApplication::setOrganizationName("MEGA Studio Tests");
        QSettings().clear();
        // The suites below check the project row by row after each key: no model re-scores the
        // film behind their back (learnWhileReviewing turns it on where it is tested).
        QSettings().setValue("model/learnWhileReviewing", false);
        demo::DemoOptions o;
        o.duration_s = 40;
        o.width = 320;
        o.height = 180;
        const auto g = demo::makeDemoFilm(m_tmp.filePath("demo").toStdString(), o);
        m_film = QString::fromStdString(g.film);
        m_project = m_tmp.filePath("demo.mega");
        store::Project p(m_project.toStdString(), store::Project::Mode::Create);
        const auto r = pipeline::ingestFilm(p, g.film);
        QVERIFY(r.proposals >= 8);
        std::ifstream in(g.synopsis);
        std::vector<std::string> sentences;
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) sentences.push_back(line);
        p.setSynopsis(r.film_id, "", sentences, {}, "import:text");
    }

    void walkReviewUndoRedoReopen() {
        ui::settings::setAdvanceAfterDecision(false); // each decision stays on its boundary here
        auto w = openWindow();
        ui::MainWindow* win = w.get();
        std::vector<State> states{stored(m_project)};
        const size_t scenes0 = storedScenes(m_project);
        const auto& bs = win->session()->boundaries();
        QVERIFY(bs.size() >= 8);
        // Tab walks forward, Shift+Tab back; the player follows.
        key(win, Qt::Key_Tab);
        QCOMPARE(win->currentBoundary(), 0);
        key(win, Qt::Key_Tab);
        QCOMPARE(win->currentBoundary(), 1);
        QVERIFY(std::abs(win->position() - std::max(0.0, win->session()->boundaryTime(bs[1]) - 1.5)) < 1e-6);
        QCOMPARE(win->timeline()->playhead(), win->position());
        key(win, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(win->currentBoundary(), 0);
        const int64_t first = bs[0].id, second = bs[1].id;

        // Enter accepts.
        key(win, Qt::Key_Return);
        states.push_back(stored(m_project));
        QCOMPARE(std::get<2>(states.back()[0]), store::ReviewStatus::Accepted);
        // Tab, Delete rejects.
        key(win, Qt::Key_Tab);
        key(win, Qt::Key_Delete);
        states.push_back(stored(m_project));
        for (const auto& [id, shot, status] : states.back())
            if (id == second) QCOMPARE(status, store::ReviewStatus::Rejected);
        // Tab on to a boundary whose next cut is free; ] nudges it a shot later: the project has it moved.
        auto nextCutFree = [win] {
            const auto& b = win->session()->boundaries()[size_t(win->currentBoundary())];
            return win->session()->boundaryAfterShot(b.shot_index + 1) < 0 &&
                   b.shot_index + 2 < int64_t(win->session()->shots().size());
        };
        int tabs = 0;
        do {
            key(win, Qt::Key_Tab);
        } while (!nextCutFree() && ++tabs < 50);
        QVERIFY(nextCutFree());
        const int64_t third = win->session()->boundaries()[size_t(win->currentBoundary())].id;
        const int64_t shotBefore = win->session()->boundaries()[size_t(win->currentBoundary())].shot_index;
        key(win, Qt::Key_BracketRight);
        states.push_back(stored(m_project));
        bool moved = false;
        for (const auto& [id, shot, status] : states.back())
            if (id == third) moved = shot == shotBefore + 1 && status == store::ReviewStatus::Edited;
        QVERIFY(moved);
        // M merges the scene ending at the selected boundary with the next: one scene fewer.
        const size_t scenesBefore = storedScenes(m_project);
        key(win, Qt::Key_M);
        states.push_back(stored(m_project));
        QCOMPARE(storedScenes(m_project), scenesBefore - 1);
        QVERIFY(states[4] != states[3]);

        // Undo every step, checking each state; then redo every step.
        for (int i = int(states.size()) - 2; i >= 0; --i) {
            key(win, Qt::Key_Z, Qt::ControlModifier);
            QCOMPARE(stored(m_project), states[size_t(i)]);
        }
        QCOMPARE(storedScenes(m_project), scenes0);
        QVERIFY(!win->action("edit.undo")->isEnabled());
        for (size_t i = 1; i < states.size(); ++i) {
            key(win, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(stored(m_project), states[i]);
        }
        QVERIFY(win->errors().isEmpty());
        (void)first;

        // Close and reopen: every edit is there (nothing was ever unsaved).
        w->close();
        w.reset();
        auto again = openWindow();
        State now;
        for (const auto& b : again->session()->boundaries()) now.emplace_back(b.id, b.shot_index, b.status);
        std::sort(now.begin(), now.end());
        QCOMPARE(now, states.back());
        QCOMPARE(again->session()->scenes().size(), scenesBefore - 1);
        // Undo and redo go on after reopening: the window resumes its author's last session.
        QVERIFY(again->action("edit.undo")->isEnabled());
        QCOMPARE(again->session()->undoStack()->count(), int(states.size()) - 1);
        QCOMPARE(again->session()->undoStack()->text(again->session()->undoStack()->index() - 1), QString("Merge scenes"));
        key(again.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(m_project), states[states.size() - 2]);
        key(again.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(m_project), states[states.size() - 3]);
        // Closed with an edit undone, reopened: redo is there.
        again->close();
        again.reset();
        // With learning while reviewing on, after every decision: the resumed edits are not new
        // decisions, and reopening starts no model job.
        QSettings().setValue("model/learnWhileReviewing", true);
        QSettings().setValue("model/learnEvery", 1);
        auto last = openWindow();
        QVERIFY(!last->modelJob());
        QSettings().setValue("model/learnWhileReviewing", false);
        QSettings().remove("model/learnEvery");
        last->action("model.learnLive")->setChecked(false);
        QVERIFY(last->action("edit.redo")->isEnabled());
        QCOMPARE(last->session()->undoStack()->index(), int(states.size()) - 3);
        key(last.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        key(last.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(stored(m_project), states.back());
        QVERIFY(last->errors().isEmpty());
        QSettings().remove("review/advance");
    }

    // The keyboard flow of UX.md: Enter and Delete decide and move on to the next boundary the list
    // shows (an option: stay); B marks at the playhead without moving it; P loops the 3 s around
    // the boundary; Shift+Tab goes back.
    void keyboardFlow() {
        auto w = openWindow();
        ui::MainWindow* win = w.get();
        const State before = stored(m_project);
        const auto& bs = win->session()->boundaries();
        key(win, Qt::Key_Tab);
        key(win, Qt::Key_Tab);
        QCOMPARE(win->currentBoundary(), 1);
        key(win, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(win->currentBoundary(), 0);
        const int64_t a = bs[0].id, b = bs[1].id;
        key(win, Qt::Key_Return);
        QCOMPARE(win->session()->project().boundary(a).status, store::ReviewStatus::Accepted);
        QCOMPARE(win->session()->boundaries()[size_t(win->currentBoundary())].id, b); // moved on
        QVERIFY(std::abs(win->position() - std::max(0.0, win->session()->boundaryTime(bs[1]) - 1.5)) < 1e-6);
        key(win, Qt::Key_Delete);
        QCOMPARE(win->session()->project().boundary(b).status, store::ReviewStatus::Rejected);
        QCOMPARE(win->currentBoundary(), 2);
        // Under the "Unreviewed" filter the next is the next unreviewed one.
        win->findChild<QComboBox*>("filter")->setCurrentIndex(ui::BoundaryFilter::Unreviewed);
        win->selectBoundary(0);
        key(win, Qt::Key_Tab);
        QCOMPARE(win->currentBoundary(), 2);
        win->findChild<QComboBox*>("filter")->setCurrentIndex(ui::BoundaryFilter::All);
        // With the option off, the decision stays on its boundary.
        ui::settings::setAdvanceAfterDecision(false);
        const int64_t c = bs[2].id;
        key(win, Qt::Key_Return);
        QCOMPARE(win->session()->boundaries()[size_t(win->currentBoundary())].id, c);
        QSettings().remove("review/advance");
        // B, paused: a boundary at the cut nearest the playhead; the player does not move.
        const auto& shots = win->session()->shots();
        int64_t free = -1;
        for (size_t i = 1; i + 2 < shots.size() && free < 0; ++i)
            if (win->session()->boundaryAfterShot(int64_t(i)) < 0 && win->session()->boundaryAfterShot(int64_t(i) - 1) < 0 &&
                win->session()->boundaryAfterShot(int64_t(i) + 1) < 0)
                free = int64_t(i);
        QVERIFY(free >= 0);
        const double at = shots[size_t(free)].end_s - 0.1;
        win->seek(at);
        key(win, Qt::Key_B);
        QVERIFY(win->session()->boundaryAfterShot(free) >= 0);
        QCOMPARE(win->currentBoundary(), win->session()->boundaryAfterShot(free));
        QVERIFY(std::abs(win->position() - at) < 1e-6);
        // P plays the 3 s around the boundary under review, in a loop; P again stops.
        key(win, Qt::Key_P);
        QVERIFY(win->looping());
        const double cut = win->session()->boundaryTime(win->session()->boundaries()[size_t(win->currentBoundary())]);
        QVERIFY(win->position() >= cut - 1.5 - 1e-6 && win->position() <= cut + 1.5);
        key(win, Qt::Key_P);
        QVERIFY(!win->looping());
        key(win, Qt::Key_P);
        key(win, Qt::Key_Tab); // another boundary: the loop was the last one's
        QVERIFY(!win->looping());
        for (int i = 0; i < 4; ++i) key(win, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(m_project), before);
        QVERIFY(win->errors().isEmpty());
    }

    // A key already in use is refused by the shortcut editor, which names the action that has it;
    // Restore Defaults puts every key back.
    void shortcutConflictsAreRefused() {
        auto w = openWindow();
        bool checked = false;
        onModal([&](QWidget* modal) {
            auto* dlg = qobject_cast<QDialog*>(modal);
            QVERIFY(dlg);
            auto* accept = dlg->findChild<QKeySequenceEdit*>("review.accept");
            auto* conflict = dlg->findChild<QLabel*>("conflict");
            QVERIFY(accept && conflict);
            accept->setKeySequence(QKeySequence(Qt::Key_Tab));
            QCOMPARE(accept->keySequence(), QKeySequence(Qt::Key_Return)); // refused
            QVERIFY2(conflict->text().contains("Next Boundary"), qPrintable(conflict->text()));
            accept->setKeySequence(QKeySequence(Qt::Key_A)); // free: taken
            QCOMPARE(accept->keySequence(), QKeySequence(Qt::Key_A));
            auto* box = dlg->findChild<QDialogButtonBox*>();
            box->button(QDialogButtonBox::RestoreDefaults)->click();
            QCOMPARE(accept->keySequence(), QKeySequence(Qt::Key_Return));
            accept->setKeySequence(QKeySequence(Qt::Key_A));
            checked = true;
            dlg->accept();
        });
        w->action("settings.shortcuts")->trigger();
        QVERIFY(checked);
        QCOMPARE(w->action("review.accept")->shortcut(), QKeySequence(Qt::Key_A));
        QCOMPARE(w->action("review.next")->shortcut(), QKeySequence(Qt::Key_Tab));
        QMap<QString, QKeySequence> keys{{"a", QKeySequence("Tab")}, {"b", QKeySequence("B")}};
        QCOMPARE(ui::MainWindow::shortcutOwner(keys, "b", QKeySequence("Tab")), QString("a"));
        QCOMPARE(ui::MainWindow::shortcutOwner(keys, "a", QKeySequence("Tab")), QString());
        QSettings().remove("shortcuts");
    }

    // A run of nudges of one boundary is one undo step (QUndoCommand::mergeWith), as a drag is; a
    // move onto another boundary or past the last cut is refused in the status bar, no dialog.
    void movesMergeAndInvalidMovesAreRefusedInline() {
        auto w = openWindow();
        ui::MainWindow* win = w.get();
        const auto& bs = win->session()->boundaries();
        int index = -1;
        for (size_t i = 0; i < bs.size() && index < 0; ++i)
            if (win->session()->boundaryAfterShot(bs[i].shot_index + 1) < 0 && win->session()->boundaryAfterShot(bs[i].shot_index + 2) < 0 &&
                bs[i].shot_index + 3 < int64_t(win->session()->shots().size()))
                index = int(i);
        QVERIFY(index >= 0);
        const State before = stored(m_project);
        const int64_t id = bs[size_t(index)].id, shot = bs[size_t(index)].shot_index;
        win->selectBoundary(index);
        const int steps = win->session()->undoStack()->index();
        key(win, Qt::Key_BracketRight);
        key(win, Qt::Key_BracketRight);
        key(win, Qt::Key_BracketLeft);
        QCOMPARE(win->session()->project().boundary(id).shot_index, shot + 1);
        QCOMPARE(win->session()->undoStack()->index(), steps + 1); // one step
        key(win, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(m_project), before);
        key(win, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(win->session()->project().boundary(id).shot_index, shot + 1);
        key(win, Qt::Key_Z, Qt::ControlModifier);
        // Onto another boundary: refused, said in the status bar, nothing stored, no dialog.
        const State now = stored(m_project);
        const int64_t other = index + 1 < int(bs.size()) ? bs[size_t(index + 1)].shot_index : bs[size_t(index - 1)].shot_index;
        QVERIFY(!win->moveBoundary(id, other));
        QVERIFY2(win->statusBar()->currentMessage().contains("already"), qPrintable(win->statusBar()->currentMessage()));
        QVERIFY(!win->moveBoundary(id, int64_t(win->session()->shots().size()) - 1));
        QVERIFY2(win->statusBar()->currentMessage().contains("last shot"), qPrintable(win->statusBar()->currentMessage()));
        QCOMPARE(stored(m_project), now);
        QVERIFY(win->errors().isEmpty());
        QVERIFY(!QApplication::activeModalWidget());
    }

    // Edit > History: every edit of the project, newest first, with who, when, what and the change.
    void historyPanel() {
        ui::settings::setAuthor("Ana Reviewer");
        auto w = openWindow();
        key(w.get(), Qt::Key_Tab);
        const int64_t id = w->session()->boundaries()[size_t(w->currentBoundary())].id;
        const auto status = w->session()->project().boundary(id).status;
        key(w.get(), Qt::Key_Delete);
        key(w.get(), Qt::Key_H, Qt::ControlModifier);
        QVERIFY(w->historyDock()->isVisible());
        QTableWidget* h = w->historyView();
        QVERIFY(h->rowCount() >= 1);
        QCOMPARE(h->item(0, 1)->text(), QString("Ana Reviewer"));
        QCOMPARE(h->item(0, 2)->text(), QString("reject boundary"));
        QCOMPARE(h->item(0, 3)->text(), QString::fromStdString(w->session()->film().name));
        QVERIFY2(h->item(0, 4)->text().contains(QRegularExpression("^status [a-z]+ -> rejected")), qPrintable(h->item(0, 4)->text()));
        QCOMPARE(h->item(0, 5)->text(), QString("done"));
        QCOMPARE(int(w->session()->project().edits().size()), h->rowCount());
        // Undone, the row says so; the oldest row is the ingest's.
        key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(h->item(0, 5)->text(), QString("undone"));
        QCOMPARE(w->session()->project().boundary(id).status, status);
        QVERIFY(h->item(h->rowCount() - 1, 5)->text() == "final");
        key(w.get(), Qt::Key_H, Qt::ControlModifier);
        QVERIFY(!w->historyDock()->isVisible());
        // Another person from now on (Settings): Ana's edits are not theirs to undo.
        key(w.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(w->action("edit.undo")->isEnabled());
        ui::settings::setAuthor("Bo Other");
        w->applySettings();
        QVERIFY(!w->action("edit.undo")->isEnabled() && !w->action("edit.redo")->isEnabled());
        QSettings().remove("review/author");
    }

    // Least certain first: Tab walks the proposals nearest the threshold first; the list header and
    // the status bar count the film's reviewed boundaries.
    void reviewOrderAndProgress() {
        auto w = openWindow();
        ui::MainWindow* win = w.get();
        const auto bs = win->session()->boundaries();
        const double t = win->timeline()->threshold();
        int decided = 0;
        for (const auto& b : bs) decided += b.status != store::ReviewStatus::Unreviewed;
        QVERIFY(win->findChild<QLabel*>("listHeader")->text().contains(QString("%1 of %2 reviewed").arg(decided).arg(bs.size())));
        key(win, Qt::Key_O);
        QCOMPARE(win->reviewOrder(), ui::MainWindow::ReviewOrderMode::LeastCertain);
        QCOMPARE(win->findChild<QComboBox*>("order")->currentIndex(), 1);
        win->findChild<QComboBox*>("filter")->setCurrentIndex(ui::BoundaryFilter::Unreviewed);
        std::vector<std::pair<double, int64_t>> expected;
        for (const auto& b : bs)
            if (b.status == store::ReviewStatus::Unreviewed && b.probability) expected.emplace_back(std::abs(*b.probability - t), b.shot_index);
        std::sort(expected.begin(), expected.end());
        QVERIFY(expected.size() >= 3);
        win->selectBoundary(-1);
        for (size_t k = 0; k < 3; ++k) {
            key(win, Qt::Key_Tab);
            QCOMPARE(win->session()->boundaries()[size_t(win->currentBoundary())].shot_index, expected[k].second);
        }
        // The list shows them in that order too.
        QCOMPARE(win->boundaryView()->model()->index(0, 0).data(ui::BoundaryModel::ShotRole).toLongLong(), expected[0].second);
        // Accepting moves on in the same order, and the counts follow.
        win->selectBoundary(win->session()->boundaryAfterShot(expected[0].second));
        key(win, Qt::Key_Return);
        QCOMPARE(win->session()->boundaries()[size_t(win->currentBoundary())].shot_index, expected[1].second);
        QVERIFY(win->findChild<QLabel*>("listHeader")->text().contains(QString("%1 of %2 reviewed").arg(decided + 1).arg(bs.size())));
        key(win, Qt::Key_Z, Qt::ControlModifier);
        key(win, Qt::Key_O);
        QCOMPARE(win->reviewOrder(), ui::MainWindow::ReviewOrderMode::Time);
        win->findChild<QComboBox*>("filter")->setCurrentIndex(ui::BoundaryFilter::All);
    }

    // The picture shows on opening (the first frame, or where the film was left); the cut under
    // review shows its three frames, exact, and the next ones are decoded ahead so Tab never waits.
    void pictureOnOpenAndCutFrames() {
        {
            auto w = openWindow();
            QTRY_VERIFY_WITH_TIMEOUT(w->videoView()->posterShown(), 10000);
            w->seek(12.5);
            w->close();
        }
        auto w = openWindow();
        QVERIFY(std::abs(w->position() - 12.5) < 1e-6);
        QTRY_VERIFY_WITH_TIMEOUT(w->videoView()->posterShown(), 10000);
        ui::CutFramesView* cut = w->cutFramesView();
        QVERIFY(cut->isVisible());
        w->selectBoundary(-1);
        key(w.get(), Qt::Key_Tab);
        const auto& shots = w->session()->shots();
        auto expect = [&] { return ui::cutFrames(shots, w->session()->boundaries()[size_t(w->currentBoundary())].shot_index)->frames(); };
        QTRY_VERIFY_WITH_TIMEOUT(cut->complete(), 10000);
        QCOMPARE(cut->displayedFrames(), expect());
        QTRY_COMPARE_WITH_TIMEOUT(cut->cache()->pending(), 0, 10000); // the next cuts decoded ahead
        for (int i = 0; i < 3; ++i) {
            key(w.get(), Qt::Key_Tab);
            QVERIFY2(cut->complete(), "a prefetched cut waited for the decoder"); // at once, no event loop
            QCOMPARE(cut->displayedFrames(), expect());
            QTRY_COMPARE_WITH_TIMEOUT(cut->cache()->pending(), 0, 10000);
        }
        // View > Cut Frames hides it; the picture stays.
        key(w.get(), Qt::Key_F);
        QVERIFY(!cut->isVisible());
        key(w.get(), Qt::Key_F);
        QVERIFY(cut->isVisible());
        w->seek(0);
        // A project whose film has moved: the frames say so, naming the file; no picture of the last film.
        const QString moved = m_tmp.filePath("moved.mega");
        {
            auto [p, film] = projectWithTheDemoFilm(moved, [this](store::Film& f) {
                f.path = m_tmp.filePath("gone/film.mp4").toStdString();
                f.fingerprint = "moved";
            });
            p.setBoundaries(film, "model:test", {store::SceneBoundary{0, film, 3, 0.7, "model:test", store::ReviewStatus::Unreviewed}});
        }
        QVERIFY(w->openProject(moved));
        QVERIFY(!w->videoView()->posterShown());
        key(w.get(), Qt::Key_Tab);
        QTRY_VERIFY_WITH_TIMEOUT(!cut->failure(0).isEmpty(), 10000);
        QVERIFY2(cut->failure(0).contains("gone/film.mp4"), qPrintable(cut->failure(0)));
        QVERIFY(!cut->complete());
        w->close();
    }

    // The timeline's rows are labelled, and each element says what it is in a tooltip.
    void timelineRowsAndTooltips() {
        auto w = openWindow();
        ui::TimelineWidget* t = w->timeline();
        t->fitFilm();
        using Row = ui::TimelineWidget::Row;
        const auto& shots = w->session()->shots();
        const auto& s3 = shots[3];
        const int x = int(std::round(t->xAt(0.5 * (s3.start_s + s3.end_s))));
        auto at = [&](Row r) { return QPoint(x, t->rowRect(r).center().y()); };
        QVERIFY2(t->toolTipAt(at(Row::Shots)).startsWith("Shot 4: "), qPrintable(t->toolTipAt(at(Row::Shots))));
        QVERIFY2(t->toolTipAt(at(Row::Scenes)).startsWith("Scene "), qPrintable(t->toolTipAt(at(Row::Scenes))));
        QVERIFY(t->toolTipAt(at(Row::Acts)).startsWith("Act"));
        QVERIFY(t->toolTipAt(at(Row::Audio)).startsWith("Audio"));
        const auto& b = w->session()->boundaries().front();
        const QPoint bar(int(std::round(t->xAt(w->session()->boundaryTime(b)))), t->confidenceRect().bottom() - 2);
        QVERIFY2(t->toolTipAt(bar).startsWith(QString("Boundary after shot %1").arg(b.shot_index + 1)), qPrintable(t->toolTipAt(bar)));
        QVERIFY(t->toolTipAt(QPoint(x, 3)).contains(":")); // the ruler: a timecode
        for (Row r : {Row::Shots, Row::Scenes, Row::Acts, Row::Audio, Row::Confidence}) QVERIFY(!ui::TimelineWidget::rowName(r).isEmpty());
        // The labels are drawn: the left end of the scene row is the label's dark box, not the scene's blue.
        const QImage img = t->grab().toImage();
        const QColor label = img.pixelColor(2, t->rowRect(Row::Scenes).center().y());
        const QColor scene = img.pixelColor(t->width() / 2, t->rowRect(Row::Scenes).center().y());
        QVERIFY2(label.blue() < scene.blue() - 30, qPrintable(QString("%1 %2").arg(label.name(), scene.name())));
    }

    // Annotators are kept apart: the synopsis and the act band show one at a time, or every one in
    // a row of its own; Edit > Annotator Agreement lists them.
    void annotatorsSideBySide() {
        const QString path = m_tmp.filePath("annotators.mega");
        {
            auto [p, film] = projectWithTheDemoFilm(path);
            const auto shots = p.shots(film);
            const std::vector<std::string> sentences{"One.", "Two.", "Three.", "Four.", "Five.", "Six."};
            p.setSynopsis(film, "ann", sentences, {{{0}, {1}, {2}, {3}, {4}}}, "import:tripod");
            p.setSynopsis(film, "bob", sentences, {{{1}, {2}, {3}, {4}, {5}}}, "import:tripod");
            const int64_t n = int64_t(shots.size());
            for (const auto& [who, shift] : {std::pair{std::string("ann"), int64_t(0)}, std::pair{std::string("bob"), int64_t(2)}}) {
                std::vector<store::TurningPoint> tps;
                for (int tp = 1; tp <= 5; ++tp) {
                    store::TurningPoint t;
                    t.tp = tp;
                    t.unit = store::UnitKind::Shot;
                    t.index = n * tp / 6 + shift;
                    t.annotator = who;
                    tps.push_back(t);
                }
                p.setTurningPoints(film, "person:" + who, who, tps);
            }
        }
        auto w = std::make_unique<ui::MainWindow>();
        w->setQuietErrors(true);
        w->show();
        QVERIFY(w->openProject(path));
        auto* box = w->findChild<QComboBox*>("annotator");
        QVERIFY(box->isVisible());
        QCOMPARE(box->count(), 4); // the film's own, ann, bob, all side by side
        ui::TimelineWidget* t = w->timeline();
        const int64_t n = int64_t(w->session()->shots().size());
        QCOMPARE(t->actAnnotators(), QStringList{QString()});
        QVERIFY(!t->tpShotsOf("")[0]); // the film's own has none: nothing of ann's or bob's leaks in
        QCOMPARE(t->tpShotsOf("ann")[1].value(), n * 2 / 6);
        QCOMPARE(t->tpShotsOf("bob")[1].value(), n * 2 / 6 + 2);
        box->setCurrentIndex(box->findData("bob"));
        QCOMPARE(t->actAnnotators(), QStringList{"bob"});
        QVERIFY(w->synopsisView()->item(1)->text().startsWith("[TP1] "));
        // Bob's TP2 is sentence 2: a click goes to bob's TP2 shot; sentence 0 (no TP) to its place
        // along the film, of bob's six sentences.
        w->selectSentence(2);
        QCOMPARE(w->position(), w->session()->shots()[size_t(n * 2 / 6 + 2)].start_s);
        w->selectSentence(0);
        QCOMPARE(w->position(), w->session()->shots()[size_t(int64_t(0.5 / 6 * double(n)))].start_s);
        box->setCurrentIndex(box->findData("*"));
        QCOMPARE(t->actAnnotators(), (QStringList{"ann", "bob"}));
        QCOMPARE(w->synopsisView()->item(1)->text().left(20), QString("[ann: TP2 | bob: TP1"));
        const QPoint bobRow(int(t->xAt(w->session()->shots()[size_t(n * 2 / 6 + 2)].start_s)), t->rowRect(ui::TimelineWidget::Row::Acts).bottom() - 1);
        QVERIFY2(t->toolTipAt(bobRow).startsWith("bob: TP2"), qPrintable(t->toolTipAt(bobRow)));
        // The agreement dialog lists both (its cells are checked against `mega eval` in tst_agreement_dialog).
        bool seen = false;
        onModal([&](QWidget* modal) {
            auto* dlg = qobject_cast<ui::AgreementDialog*>(modal);
            QVERIFY(dlg);
            seen = dlg->annotators().contains("ann") && dlg->annotators().contains("bob");
            dlg->reject();
        });
        w->action("edit.agreement")->trigger();
        QVERIFY(seen);
    }

    // The analysis views (issue 14) read what proposing stored with its proposals, with no model run:
    // the synchronization of the synopsis with the shots (the built-in text encoder's here: no trained
    // TP model), linked to the player and the synopsis both ways; the contribution views say what they
    // need under the cold-start models; search adds the synchronization's shots; File > Export.
    void analysisViews() {
        const QString path = m_tmp.filePath("analysis.mega");
        QFile::remove(path);
        QVERIFY(QFile::copy(m_project, path));
        int64_t film = 0;
        pipeline::SyncMatrix sync;
        {
            store::Project p(path.toStdString(), store::Project::Mode::Open);
            film = p.films().front().id;
            pipeline::proposeTurningPoints(p, film); // as ingest in the window and `mega ingest` do
            sync = *pipeline::storedSync(p, film);
        }
        auto w = std::make_unique<ui::MainWindow>();
        w->setQuietErrors(true);
        w->resize(1500, 1000);
        w->show();
        QVERIFY(w->openProject(path, film));
        w->action("view.sync")->trigger();
        QVERIFY(w->trainingDock()->isVisible());
        QCOMPARE(w->analysisTabs()->currentIndex(), int(ui::MainWindow::AnalysisTab::Sync));
        ui::SyncMatrixView* m = w->syncMatrixView();
        QVERIFY2(m->hasMatrix(), qPrintable(m->message()));
        QCOMPARE(m->matrix().soft, sync.soft); // what is stored, not computed again
        QCOMPARE(m->matrix().expected, sync.expected);
        QTRY_VERIFY(m->heatmapRect().width() > 200);
        const auto& shots = w->session()->shots();
        QListWidget* syn = w->synopsisView();
        QCOMPARE(int64_t(syn->count()), sync.sentences);

        // Matrix click -> the player at that shot, that sentence selected (in the list too).
        const QPoint at = m->cellRect(int64_t(shots.size()) * 2 / 3, int(sync.sentences) / 2).center();
        const auto cell = m->cellAt(at);
        QVERIFY(cell);
        QTest::mouseClick(m, Qt::LeftButton, {}, at);
        w->player()->pause();
        QCOMPARE(syn->currentRow(), cell->second);
        QCOMPARE(m->selectedSentence(), cell->second);
        QVERIFY2(std::abs(w->position() - shots[size_t(cell->first)].start_s) < 1e-6, qPrintable(QString::number(w->position())));
        // The tooltip says the value, the shot's time and the sentence's text.
        const QString tip = m->toolTipAt(at);
        QVERIFY2(tip.contains(QString("Shot %1").arg(cell->first + 1)) && tip.contains("A = "), qPrintable(tip));
        QVERIFY2(tip.contains(syn->item(cell->second)->text().left(20)), qPrintable(tip));

        // Sentence selection -> the matrix row; the player goes where the synchronization puts it.
        int paired = -1;
        for (int j = 0; j < int(sync.sentences) && paired < 0; ++j)
            if (pipeline::bestShotOf(sync, j) >= 0 && j != cell->second) paired = j;
        QVERIFY2(paired >= 0, "the text synchronization pairs no sentence with a shot");
        QTest::mouseClick(syn->viewport(), Qt::LeftButton, {}, syn->visualItemRect(syn->item(paired)).center());
        QCOMPARE(m->selectedSentence(), paired);
        QVERIFY(std::abs(w->position() - shots[size_t(pipeline::bestShotOf(sync, paired))].start_s) < 1e-6);
        // The playhead follows.
        w->seek(shots[10].start_s);
        QCOMPARE(m->playheadShot(), int64_t(10));

        // Search by that sentence: the shots the synchronization pairs with it are listed, and Enter jumps.
        w->action("edit.search")->trigger();
        ui::SearchDialog* dlg = w->searchDialog();
        QVERIFY(dlg && dlg->isVisible());
        dlg->search(syn->item(paired)->text());
        bool synced = false;
        for (int r = 0; r < dlg->results()->count(); ++r)
            synced |= dlg->results()->item(r)->text().contains(QString("synchronized with sentence %1").arg(paired + 1));
        QVERIFY2(synced, qPrintable(dlg->note()->text()));
        dlg->close();

        // The cold-start models explain nothing, and the views say so (and what to do).
        w->selectBoundary(0);
        w->action("view.contributions")->trigger();
        QVERIFY2(w->contributionView()->message().contains("cold-start"), qPrintable(w->contributionView()->message()));
        QVERIFY(w->attentionView()->message().contains("cold-start"));
        w->explainTurningPoint(3);
        QVERIFY2(w->contributionView()->message().contains("cold-start theory"), qPrintable(w->contributionView()->message()));
        QVERIFY(!w->timeline()->hasContributionBand());

        // A synchronization stored by another version than the active one says which made it.
        QLabel* info = w->findChild<QLabel*>("syncInfo");
        QVERIFY2(info->text().contains("built-in text encoder") && !info->text().contains("not the active"), qPrintable(info->text()));
        {
            store::Project rw(path.toStdString());
            store::ModelVersion v;
            v.name = "theory-again";
            v.task = "tp";
            v.kind = "positions";
            v.config_json = R"({"name": "theory-again"})";
            v.metrics_json = R"({"note": "a second cold start"})";
            rw.activateModel(rw.addModelVersion(v), "made active by the test");
        }
        w->refreshAnalysis();
        QVERIFY2(info->text().contains("made by theory, not the active theory-again"), qPrintable(info->text()));

        // File > Export: the format's file, written; a folder that cannot take it, said inline.
        w->action("file.export")->trigger();
        ui::ExportDialog* ex = w->exportDialogShown();
        QVERIFY(ex && ex->isVisible());
        ex->setFormat("srt");
        QVERIFY(ex->path().endsWith(".srt"));
        ex->setPath(m_tmp.filePath("no/such/folder/film.srt"));
        QPushButton* exportButton = nullptr;
        for (auto* b : ex->findChildren<QPushButton*>())
            if (b->text().remove('&') == "Export") exportButton = b;
        QVERIFY(exportButton);
        exportButton->click();
        QVERIFY(ex->isVisible());
        QVERIFY2(ex->error().contains("no/such/folder"), qPrintable(ex->error()));
        ex->setPath(m_tmp.filePath("analysis.srt"));
        exportButton->click();
        QTRY_VERIFY(!w->exportDialogShown());
        QFile srt(m_tmp.filePath("analysis.srt"));
        QVERIFY(srt.open(QIODevice::ReadOnly));
        QVERIFY(srt.readAll().contains("Scene 1"));

        // A film with no synopsis: the matrix says what it needs, not an empty grid.
        const QString bare = m_tmp.filePath("no-synopsis.mega");
        QFile::remove(bare);
        projectWithTheDemoFilm(bare);
        QVERIFY(w->openProject(bare));
        QVERIFY(!m->hasMatrix());
        QVERIFY2(m->message().contains("no synopsis") && m->message().contains("--synopsis"), qPrintable(m->message()));
    }

    // Ctrl+F: the shots whose subtitles match a sentence, best first; Enter plays the one chosen. A
    // film without subtitles says how to add them.
    void searchBySentence() {
        auto w = openWindow();
        key(w.get(), Qt::Key_F, Qt::ControlModifier);
        ui::SearchDialog* dlg = w->searchDialog();
        QVERIFY(dlg && dlg->isVisible());
        QVERIFY(QTest::qWaitForWindowActive(dlg)); // the window's Return (Accept) is not in force here
        const State before = stored(m_project);
        QCOMPARE(dlg->query()->count(), int(w->session()->synopsis().size())); // the synopsis to pick from
        const auto& cues = w->session()->subtitles();
        const auto& cue = cues[cues.size() / 3];
        dlg->query()->setEditText(QString::fromStdString(cue.text));
        QTest::keyClick(dlg->query()->lineEdit(), Qt::Key_Return);
        QVERIFY2(dlg->results()->count() >= 1, qPrintable(dlg->note()->text() + " | " + dlg->query()->currentText() + " | " + QString::fromStdString(cue.text)));
        const auto& shots = w->session()->shots();
        const qint64 best = dlg->results()->item(0)->data(Qt::UserRole).toLongLong();
        QVERIFY2(shots[size_t(best)].start_s < cue.end_s && shots[size_t(best)].end_s > cue.start_s,
                 qPrintable(QString("shot %1 does not hold the cue").arg(best)));
        dlg->results()->setFocus();
        QTest::keyClick(dlg->results(), Qt::Key_Return);
        QCOMPARE(stored(m_project), before); // the Enter keys searched and jumped, they decided nothing
        QVERIFY(std::abs(w->position() - shots[size_t(best)].start_s) < 1e-6);
        dlg->close();
        // A film without subtitles.
        const QString bare = m_tmp.filePath("no-subtitles.mega");
        projectWithTheDemoFilm(bare);
        QVERIFY(w->openProject(bare));
        QVERIFY(w->session()->subtitles().empty());
        key(w.get(), Qt::Key_F, Qt::ControlModifier);
        dlg->search("anything at all");
        QCOMPARE(dlg->results()->count(), 0);
        QVERIFY2(dlg->note()->text().contains("no subtitles"), qPrintable(dlg->note()->text()));
        dlg->close();
    }

    // Clicking a synopsis sentence selects it and moves the player to its shot; subtitles show over
    // the picture where a cue is, and not when turned off.
    void synopsisClickAndSubtitles() {
        auto w = openWindow();
        ui::MainWindow* win = w.get();
        QListWidget* syn = win->synopsisView();
        QVERIFY(syn->count() >= 3);
        const int row = syn->count() / 2;
        QTest::mouseClick(syn->viewport(), Qt::LeftButton, {}, syn->visualItemRect(syn->item(row)).center());
        QCOMPARE(syn->currentRow(), row);
        const auto& shots = win->session()->shots();
        const int64_t expect = int64_t((row + 0.5) / double(syn->count()) * double(shots.size()));
        QVERIFY2(std::abs(win->position() - shots[size_t(expect)].start_s) < 1e-6, qPrintable(QString::number(win->position())));
        // A sentence that is TP2 goes to TP2's shot when the film has one on a shot.
        const auto& cues = win->session()->subtitles();
        QVERIFY(!cues.empty());
        const auto& cue = cues[cues.size() / 2];
        win->seek(0.5 * (cue.start_s + cue.end_s));
        QCOMPARE(win->subtitleShown(), QString::fromStdString(cue.text));
        win->action("view.subtitles")->trigger(); // off
        QCOMPARE(win->subtitleShown(), QString());
        win->action("view.subtitles")->trigger();
        QCOMPARE(win->subtitleShown(), QString::fromStdString(cue.text));
        // Between cues, none.
        for (size_t i = 0; i + 1 < cues.size(); ++i)
            if (cues[i + 1].start_s - cues[i].end_s > 0.2) {
                win->seek(0.5 * (cues[i].end_s + cues[i + 1].start_s));
                QCOMPARE(win->subtitleShown(), QString());
                break;
            }
    }

    void dragOnTheTimelineIsOneUndoStep() {
        auto w = openWindow();
        ui::TimelineWidget* t = w->timeline();
        t->fitFilm();
        const auto& bs = w->session()->boundaries();
        // The first unreviewed boundary whose next shot has no boundary yet... any will do: drag
        // the last boundary one cut later (the film's last cut has a proposal too, so pick one that
        // leaves room).
        int index = 0;
        while (index + 1 < int(bs.size()) && bs[size_t(index + 1)].shot_index == bs[size_t(index)].shot_index + 1) ++index;
        const auto b = bs[size_t(index)];
        QVERIFY(w->session()->boundaryAfterShot(b.shot_index + 1) < 0);
        const double x = t->xAt(w->session()->boundaryTime(b));
        const int y = t->confidenceRect().bottom() - 2;
        const auto& shots = w->session()->shots();
        const double target = shots[size_t(b.shot_index + 1)].end_s;
        const State before = stored(m_project);
        QTest::mousePress(t, Qt::LeftButton, {}, QPoint(int(std::round(x)), y));
        QTest::mouseMove(t, QPoint(int(std::round((x + t->xAt(target)) / 2)), y));
        QTest::mouseMove(t, QPoint(int(std::round(t->xAt(target))), y));
        QTest::mouseRelease(t, Qt::LeftButton, {}, QPoint(int(std::round(t->xAt(target))), y));
        const State after = stored(m_project);
        bool moved = false;
        for (const auto& [id, shot, status] : after)
            if (id == b.id) moved = shot == b.shot_index + 1;
        QVERIFY2(moved, "the drag did not move the boundary to the next cut");
        key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(m_project), before);
        // A click elsewhere seeks.
        QTest::mouseClick(t, Qt::LeftButton, {}, QPoint(t->width() / 3, 30));
        QVERIFY(std::abs(w->position() - t->timeAt(t->width() / 3)) < 0.05);
    }

    void turningPointsOnShotsAndSentences() {
        auto w = openWindow();
        w->seek(10.0);
        key(w.get(), Qt::Key_3);
        store::Project p(m_project.toStdString(), store::Project::Mode::ReadOnly);
        const int64_t film = p.films().front().id;
        const int64_t shot = w->session()->shotAt(10.0);
        auto has = [&](int tp, store::UnitKind unit, int64_t index) {
            for (const auto& t : p.turningPoints(film))
                if (t.tp == tp && t.unit == unit && t.index == index && t.status != store::ReviewStatus::Rejected) return true;
            return false;
        };
        QVERIFY(has(3, store::UnitKind::Shot, shot));
        // Alt+4: TP4 on the scene at the playhead; the act band now has two markers.
        key(w.get(), Qt::Key_4, Qt::AltModifier);
        int64_t scene = -1;
        for (const auto& s : w->session()->scenes())
            if (shot >= s.first_shot && shot <= s.last_shot) scene = s.index;
        QVERIFY(scene >= 0);
        QVERIFY(has(4, store::UnitKind::Scene, scene));
        // A sentence: select it in the synopsis, press 2; the list shows the label.
        QListWidget* syn = w->synopsisView();
        QVERIFY(syn->count() > 3);
        syn->setFocus();
        syn->setCurrentRow(2);
        key(syn, Qt::Key_2);
        QVERIFY(has(2, store::UnitKind::Sentence, 2));
        QVERIFY(syn->item(2)->text().startsWith("[TP2]"));
        // The same key again clears it; undo brings it back.
        syn->setFocus();
        key(syn, Qt::Key_2);
        QVERIFY(!has(2, store::UnitKind::Sentence, 2));
        key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(has(2, store::UnitKind::Sentence, 2));
    }

    void addRemoveSplitAndFilters() {
        auto w = openWindow();
        const auto bs = w->session()->boundaries();
        const auto b = bs[3];
        w->selectBoundary(3);
        key(w.get(), Qt::Key_Delete, Qt::ShiftModifier); // remove
        QCOMPARE(w->session()->boundaries().size(), bs.size() - 1);
        w->seek(w->session()->boundaryTime(b) + 0.02); // just after the cut
        key(w.get(), Qt::Key_B);                         // add it back, as a person's
        QCOMPARE(w->session()->boundaries().size(), bs.size());
        const auto& added = w->session()->boundaries()[size_t(w->session()->boundaryAfterShot(b.shot_index))];
        QVERIFY(film::Source::parse(added.source).isPerson());
        // The filter "changed by a person" shows it; "unreviewed" does not.
        w->boundaryFilter()->setMode(ui::BoundaryFilter::ChangedByPerson);
        bool found = false;
        for (int r = 0; r < w->boundaryFilter()->rowCount(); ++r)
            found |= w->boundaryFilter()->index(r, 0).data(ui::BoundaryModel::IdRole).toLongLong() == added.id;
        QVERIFY(found);
        // Below threshold follows the timeline's threshold.
        w->boundaryFilter()->setMode(ui::BoundaryFilter::BelowThreshold);
        w->timeline()->setThreshold(1.01);
        const int below = w->boundaryFilter()->rowCount();
        w->timeline()->setThreshold(0.0);
        QCOMPARE(w->boundaryFilter()->rowCount(), 0);
        QVERIFY(below > 0);
        w->boundaryFilter()->setMode(ui::BoundaryFilter::All);
        // Tab under a filter walks only what the list shows.
        w->boundaryFilter()->setMode(ui::BoundaryFilter::ChangedByPerson);
        key(w.get(), Qt::Key_Tab);
        const auto& cur = w->session()->boundaries()[size_t(w->currentBoundary())];
        QVERIFY(film::Source::parse(cur.source).isPerson() || cur.status == store::ReviewStatus::Edited);
        w->boundaryFilter()->setMode(ui::BoundaryFilter::All);
        for (int i = 0; i < 2; ++i) key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w->session()->boundaries().size(), bs.size());
    }

    void errorsLeaveTheWindowUsable() {
        auto w = openWindow();
        const QString junk = m_tmp.filePath("junk.mega");
        QVERIFY(fixtures::randomFile(junk, 4096));
        QVERIFY(!w->openProject(junk));
        QVERIFY(w->errors().last().contains("junk.mega"));
        QVERIFY(w->session()->isOpen()); // the project that was open still is
        key(w.get(), Qt::Key_Tab);
        QCOMPARE(w->currentBoundary(), 0);
        // A film that does not decode: an error after the worker finishes, nothing stored.
        const QString bad = m_tmp.filePath("bad.mp4");
        QVERIFY(fixtures::truncateCopy(m_film, bad, 2000));
        const int errors = int(w->errors().size());
        w->openFilm(bad);
        QTRY_VERIFY_WITH_TIMEOUT(w->errors().size() > errors, 20000);
        QVERIFY2(w->errors().last().contains("bad.mp4"), qPrintable(w->errors().last()));
        QVERIFY(w->session()->isOpen());
        // ... and no project beside it: bad.mega is made only for a film that opens.
        QVERIFY(!QFile::exists(m_tmp.filePath("bad.mega")));
        QVERIFY(!QFile::exists(m_tmp.filePath("bad.mega.features")));
    }

    // A film whose picture is damaged in the middle opens, with a bar over the player saying where
    // and how much was lost, and the same in File > Film Properties (also after reopening).
    // An anamorphic film is shown at its display aspect, and its properties say so.
    void damagedAndAnamorphicFilmsOpen() {
        QByteArray bytes;
        {
            QFile in(fixtures::clip("bikes.mp4"));
            QVERIFY(in.open(QIODevice::ReadOnly));
            bytes = in.readAll();
        }
        bytes.replace(bytes.size() / 2, 20000, QByteArray(20000, '\0'));
        const QString damaged = m_tmp.filePath("damaged.mp4");
        QVERIFY(fixtures::writeText(damaged, bytes));
        ui::MainWindow w;
        w.setQuietErrors(true);
        w.show();
        w.openFilm(damaged);
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen() && w.session()->film().name == "damaged", 60000);
        QVERIFY(w.filmWarningBar()->isVisible());
        const QString bar = w.filmWarningBar()->text();
        QVERIFY2(bar.contains("could not be read whole") && bar.contains("damaged.mp4") && bar.contains("could not be decoded") &&
                     bar.contains(" s"),
                 qPrintable(bar));
        QVERIFY2(w.filmProperties().contains("could not be decoded"), qPrintable(w.filmProperties()));
        QVERIFY(w.openProject(m_project));
        QVERIFY(!w.filmWarningBar()->isVisible()); // a film read whole: no bar
        QVERIFY(w.filmProperties().contains("every picture was decoded"));
        QVERIFY(w.openProject(m_tmp.filePath("damaged.mega")));
        QVERIFY(w.filmWarningBar()->isVisible());

        const QString anamorphic = m_tmp.filePath("anamorphic.mp4");
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-t", "3", "-vf", "scale=480:272,setsar=4/3", "-c:v", "libx264",
                                  "-preset", "ultrafast", anamorphic}));
        w.openFilm(anamorphic);
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen() && w.session()->film().name == "anamorphic", 60000);
        QVERIFY(!w.filmWarningBar()->isVisible());
        const auto* view = w.findChild<ui::VideoView*>();
        QVERIFY(view);
        QVERIFY2(std::abs(view->displayAspect() - 640.0 / 272.0) < 0.01, qPrintable(QString::number(view->displayAspect())));
        QVERIFY2(w.filmProperties().contains("shown 640x272") && w.filmProperties().contains("4:3, anamorphic"),
                 qPrintable(w.filmProperties()));
    }

    void aLockedProjectRefusesTheEditAndLosesNothing() {
        auto w = openWindow();
        w->session()->project().setBusyTimeout(200);
        key(w.get(), Qt::Key_Tab);
        const auto before = stored(m_project);
        const int errors = int(w->errors().size());
        const int steps = w->session()->undoStack()->index();
        const int64_t current = w->session()->boundaries()[size_t(w->currentBoundary())].id;
        // Another process holds the write lock (a transaction in progress) while we press Enter.
        int64_t freeCut = 0;
        while (w->session()->boundaryAfterShot(freeCut) >= 0) ++freeCut;
        store::Project other(m_project.toStdString(), store::Project::Mode::Open);
        other.batch([&] {
            other.addBoundary(other.films().front().id, freeCut);
            key(w.get(), Qt::Key_Return);
        });
        QCOMPARE(int(w->errors().size()), errors + 1);
        QVERIFY2(w->errors().last().contains("not made"), qPrintable(w->errors().last()));
        QCOMPARE(w->session()->undoStack()->index(), steps); // the refused edit is not on the undo stack
        // The other process's edit landed; ours did not, and the window still works.
        auto after = stored(m_project);
        QCOMPARE(after.size(), before.size() + 1);
        QCOMPARE(w->session()->boundaries()[size_t(w->currentBoundary())].id, current); // it stays under review
        key(w.get(), Qt::Key_Return);
        QCOMPARE(w->session()->project().boundary(current).status, store::ReviewStatus::Accepted);
        key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        store::Project cleanup(m_project.toStdString(), store::Project::Mode::Open);
        for (const auto& b : cleanup.boundaries(cleanup.films().front().id))
            if (film::Source::parse(b.source).isPerson() && b.shot_index == freeCut) cleanup.removeBoundary(b.id);
    }

    void openFilmIngestsInTheBackground() {
        ui::MainWindow w;
        w.setQuietErrors(true);
        w.show();
        const QString project = m_tmp.filePath("fresh.mega");
        w.openFilm(m_film, project);
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->isOpen(), 60000);
        QVERIFY(w.session()->shots().size() > 5);
        QVERIFY(!w.session()->boundaries().empty());
        // The loop proposes after ingesting: the shipped base scene model, the cold start of a film with picture.
        QCOMPARE(QString::fromStdString(w.session()->boundaries().front().source), QString("model:scene-base"));
    }

    void shortcutsAreRemappable() {
        QSettings().setValue("shortcuts/review.accept", "A");
        auto w = openWindow();
        QCOMPARE(w->action("review.accept")->shortcut(), QKeySequence("A"));
        key(w.get(), Qt::Key_Tab);
        const int64_t id = w->session()->boundaries()[size_t(w->currentBoundary())].id;
        key(w.get(), Qt::Key_A);
        QCOMPARE(w->session()->project().boundary(id).status, store::ReviewStatus::Accepted);
        key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QSettings().remove("shortcuts/review.accept");
        // Every default key of UX.md is on an action, and no two actions share one.
        QSet<QString> keys;
        for (const QString& id2 : w->actionIds()) {
            const QString k = w->action(id2)->property("defaultShortcut").toString();
            if (k.isEmpty()) continue;
            QVERIFY2(!keys.contains(k), qPrintable("two actions on " + k));
            keys.insert(k);
        }
        for (const char* k : {"Space", "J", "K", "L", "Left", "Right", "Shift+Left", "Shift+Right", "Tab", "Return", "Del", "B", "M",
                              "[", "]", "1", "5", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+F"})
            QVERIFY2(keys.contains(QKeySequence(k).toString()), k);
    }

    // The toolbar: the main actions of a review, each with an icon (Breeze, from the bundled theme)
    // and its key in the tooltip, kept current when a key is remapped.
    void toolbarHasIconsAndKeys() {
        auto w = openWindow();
        const QStringList ids = w->toolBarActionIds();
        for (const char* id : {"file.openFilm", "play.toggle", "review.previous", "review.next", "review.accept", "review.reject",
                               "model.propose", "model.train", "file.export"})
            QVERIFY2(ids.contains(id), id);
        for (const QString& id : ids) {
            QAction* a = w->action(id);
            QVERIFY2(!a->icon().isNull(), qPrintable(id));
            const QImage img = a->icon().pixmap(22, 22).toImage().convertToFormat(QImage::Format_ARGB32);
            int opaque = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x) opaque += qAlpha(img.pixel(x, y)) > 128;
            QVERIFY2(opaque > 10, qPrintable(id + ": the icon draws nothing"));
            const QString keyText = a->shortcut().toString(QKeySequence::NativeText);
            QVERIFY2(!keyText.isEmpty(), qPrintable(id));
            QVERIFY2(a->toolTip().contains(keyText), qPrintable(id + ": " + a->toolTip()));
        }
        QCOMPARE(w->action("review.accept")->toolTip(), QString("Accept Boundary (Return)"));
        QSettings().setValue("shortcuts/review.accept", "A");
        auto w2 = openWindow();
        QCOMPARE(w2->action("review.accept")->toolTip(), QString("Accept Boundary (A)"));
        QSettings().remove("shortcuts/review.accept");
    }

    // Light and dark themes: the palette, the icon theme and the icons' own colour follow.
    void themesSwitch() {
        auto w = openWindow();
        auto meanIconLightness = [&] {
            const QImage img = w->action("review.accept")->icon().pixmap(22, 22).toImage().convertToFormat(QImage::Format_ARGB32);
            double sum = 0;
            int n = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x)
                    if (qAlpha(img.pixel(x, y)) > 128) {
                        sum += QColor(img.pixel(x, y)).lightness();
                        ++n;
                    }
            return n ? sum / n : -1.0;
        };
        w->setTheme(ui::Theme::Dark, false);
        QVERIFY(ui::darkThemeActive());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 60);
        QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 200);
        QCOMPARE(QIcon::themeName(), QString("breeze-dark"));
        auto meanLightness = [](const QImage& img) {
            double sum = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x) sum += QColor(img.pixel(x, y)).lightness();
            return sum / std::max(1, img.width() * img.height());
        };
        // What is drawn, not only the palette: the menu bar and the boundary list.
        QApplication::processEvents(); // widgets take the new palette from a posted event
        QVERIFY(meanLightness(w->menuBar()->grab().toImage()) < 90);
        QVERIFY(meanLightness(w->boundaryView()->grab().toImage()) < 90);
        QVERIFY2(meanIconLightness() > 200, qPrintable(QString::number(meanIconLightness())));
        QVERIFY(w->action("view.themeDark")->isChecked());
        w->setTheme(ui::Theme::Light, false);
        QVERIFY(!ui::darkThemeActive());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        QCOMPARE(QIcon::themeName(), QString("breeze"));
        QApplication::processEvents();
        QVERIFY(meanLightness(w->menuBar()->grab().toImage()) > 180);
        QVERIFY(meanLightness(w->boundaryView()->grab().toImage()) > 180);
        QVERIFY2(meanIconLightness() < 80, qPrintable(QString::number(meanIconLightness())));
        QVERIFY(w->action("view.themeLight")->isChecked());
        QCOMPARE(ui::settings::theme(), ui::Theme::System); // not remembered
        w->setTheme(ui::Theme::Dark, true);
        QCOMPARE(QSettings().value("appearance/theme").toString(), QString("dark"));
        w->setTheme(ui::Theme::System, true);
        QCOMPARE(ui::themeFromString("nonsense"), ui::Theme::System);
    }

    // Help: the keyboard reference is made from the actions as they are (a remapped key shows), the
    // guide is bundled, About names the versions and the active models.
    void helpPages() {
        QSettings().setValue("shortcuts/review.reject", "X");
        auto w = openWindow();
        const QString keys = ui::keyboardReferenceHtml(w->menuBar());
        for (const QString& id : w->actionIds()) {
            QAction* a = w->action(id);
            QVERIFY2(keys.contains(a->property("baseText").toString().toHtmlEscaped()), qPrintable(id));
            if (!a->shortcut().isEmpty())
                QVERIFY2(keys.contains(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped()), qPrintable(id));
        }
        QVERIFY(keys.contains("Reject Boundary</td><td style='padding-left:24px'><b>X</b>"));
        QSettings().remove("shortcuts/review.reject");
        QVERIFY(w->firstReviewGuide().contains("Your first review"));
        const QString about = ui::aboutHtml(&w->session()->project());
        for (const QString& part : {QString(qVersion()), QString::fromStdString(model::libtorchVersion()),
                                    QString::fromStdString(media::ffmpegVersion()).toHtmlEscaped(),
                                    QString::fromStdString(store::sqliteVersion()), QString(mega::version()), QString("novelty")})
            QVERIFY2(about.contains(part), qPrintable(part + " is not in About"));
        QVERIFY(QString::fromStdString(model::libtorchVersion()).contains(QRegularExpression(R"(^\d+\.\d+)")));
        // The guide names the keys as they are: a remapped one, and no placeholder left.
        QSettings().setValue("shortcuts/review.accept", "A");
        auto w2 = openWindow();
        const QString guide = w2->firstReviewGuide();
        QVERIFY(guide.contains("<kbd>A</kbd> accepts the boundary"));
        QVERIFY(!guide.contains(QRegularExpression(R"(\{[a-zA-Z]+\.[a-zA-Z0-9]+\})")));
        QVERIFY(!guide.contains("(no key)"));
        QSettings().remove("shortcuts/review.accept");
        w->action("help.keys")->trigger();
        auto* dlg = w->findChild<QDialog*>();
        QVERIFY(dlg && dlg->isVisible());
        QCOMPARE(dlg->windowTitle(), QString("Keyboard Reference"));
    }

    // Settings: what the dialog saves is what the window uses (the author of an edit, the thumbnails).
    void settingsApply() {
        auto w = openWindow();
        {
            ui::SettingsDialog dlg(w.get());
            dlg.authorEdit()->setText("  Ana Editor ");
            dlg.thumbnailBox()->setValue(80);
            dlg.threadsBox()->setValue(1);
            dlg.learnEveryBox()->setValue(9);
            dlg.reactionDelayBox()->setValue(0.5);
            dlg.save();
        }
        QCOMPARE(ui::settings::author(), QString("Ana Editor"));
        QVERIFY(dlgPlaceholderOk());
        QCOMPARE(ui::settings::threads(), 1);
        QCOMPARE(ui::settings::learnEvery(), 9);
        QCOMPARE(ui::settings::reactionDelay(), 0.5);
        {
            ui::SettingsDialog dlg(w.get());
            dlg.featuresFolderEdit()->setText(m_tmp.filePath("feature-disk"));
            dlg.save();
        }
        w->applySettings();
        QCOMPARE(w->timeline()->thumbnailHeight(), 80);
        // Feature files written from now on go to the chosen folder, stored there by absolute path,
        // and read back from it.
        QCOMPARE(QString::fromStdString(pipeline::featuresRoot()), m_tmp.filePath("feature-disk"));
        {
            store::Project& p = w->session()->project();
            const store::Film film = w->session()->film();
            QVERIFY(pipeline::storePictureFreeFeatures(p, film, true));
            const QString expected = m_tmp.filePath("feature-disk/demo.mega.features");
            QVERIFY(QDir(expected).exists());
            bool found = false;
            for (const auto& f : p.featureFiles(film.id))
                if (f.modality == "timing") {
                    QVERIFY2(QString::fromStdString(pipeline::resolveFeaturePath(p, f.path)).startsWith(expected), f.path.c_str());
                    found = true;
                }
            QVERIFY(found);
            QCOMPARE(pipeline::loadFeatures(p, film, {"timing"})[0].rows, int64_t(w->session()->shots().size()));
            // A folder outside the project's: the project records the files by absolute path.
            QTemporaryDir elsewhere;
            ui::settings::setFeaturesFolder(elsewhere.path());
            w->applySettings();
            QVERIFY(pipeline::storePictureFreeFeatures(p, film, true));
            for (const auto& f : p.featureFiles(film.id))
                if (f.modality == "timing") QVERIFY2(QString::fromStdString(f.path).startsWith(elsewhere.path() + "/demo.mega.features/"), f.path.c_str());
            QCOMPARE(pipeline::loadFeatures(p, film, {"timing"})[0].rows, int64_t(w->session()->shots().size()));
            ui::settings::setFeaturesFolder("");
            w->applySettings();
            QCOMPARE(pipeline::featuresRoot(), std::string());
            QVERIFY(pipeline::storePictureFreeFeatures(p, film, true)); // back beside the project
            for (const auto& f : p.featureFiles(film.id))
                if (f.modality == "timing") QVERIFY2(f.path.rfind("demo.mega.features/", 0) == 0, f.path.c_str());
        }
        QCOMPARE(w->session()->project().author(), std::string("Ana Editor"));
        key(w.get(), Qt::Key_Tab);
        const int64_t id = w->session()->boundaries()[size_t(w->currentBoundary())].id;
        key(w.get(), Qt::Key_Delete);
        QCOMPARE(w->session()->project().boundary(id).status, store::ReviewStatus::Rejected);
        const auto edits = w->session()->project().edits(w->session()->filmId());
        QVERIFY(!edits.empty());
        QCOMPARE(edits.back().who, std::string("Ana Editor"));
        key(w.get(), Qt::Key_Z, Qt::ControlModifier);
        // Out-of-range values are held to what the timeline can draw; reset for the suites after.
        ui::settings::setThumbnailHeight(5000);
        QCOMPARE(ui::settings::thumbnailHeight(), ui::TimelineWidget::kMaxThumbnailHeight);
        for (const char* k : {"review/author", "timeline/thumbnailHeight", "compute/threads", "model/learnEvery", "review/reactionDelay"})
            QSettings().remove(k);
    }

    // Marking while the film plays (ELAN's segmentation mode): B lands on the cut nearest the playhead
    // less the reaction delay, the player is not moved, and it is one undo step.
    void markWhilePlaying() {
        auto w = openWindow();
        ui::settings::setReactionDelay(1.5);
        const auto& shots = w->session()->shots();
        // A cut with no boundary, the next cut 1.5-2.7 s later: pressed 1.4 s after the first, the
        // playhead is nearer the second, the playhead less the delay nearer the first.
        int64_t k = -1;
        for (size_t i = 1; i + 2 < shots.size(); ++i) {
            const double next = shots[i + 1].end_s - shots[i].end_s;
            if (w->session()->boundaryAfterShot(int64_t(i)) < 0 && w->session()->boundaryAfterShot(int64_t(i) + 1) < 0 && next > 1.5 &&
                next < 2.7 && shots[i].end_s - shots[i - 1].end_s > 0.3) {
                k = int64_t(i);
                break;
            }
        }
        QVERIFY(k >= 0);
        const double cut = shots[size_t(k)].end_s;
        const double playhead = cut + 1.4;
        w->seek(playhead);
        const int undo = w->session()->undoStack()->index();
        w->markCut(playhead, true);
        QVERIFY(w->session()->boundaryAfterShot(k) >= 0);
        QCOMPARE(w->currentBoundary(), w->session()->boundaryAfterShot(k));
        QVERIFY(std::abs(w->position() - playhead) < 0.05); // the player goes on from where it was
        QCOMPARE(w->session()->undoStack()->index(), undo + 1);
        w->session()->undoStack()->undo();
        QVERIFY(w->session()->boundaryAfterShot(k) < 0);
        // Paused, the same key marks the cut nearest the playhead itself.
        w->markCut(playhead, false);
        QVERIFY(w->session()->boundaryAfterShot(k + 1) >= 0);
        QVERIFY(w->session()->boundaryAfterShot(k) < 0);
        w->session()->undoStack()->undo();
        QSettings().remove("review/reactionDelay");
    }

    // File > Export writes the film in an editor's format; a path that cannot be written is an error
    // that names it, and the project is unchanged.
    void exportFromTheWindow() {
        auto w = openWindow();
        const State before = stored(m_project);
        for (const char* f : {"edl", "otio", "vtt", "csv", "json"}) {
            const QString path = m_tmp.filePath(QString("export.") + f);
            QVERIFY2(w->exportFilm(path, f), f);
            QVERIFY(QFileInfo(path).size() > 0);
        }
        // MovieNet's is a folder of label and shot files.
        QVERIFY(w->exportFilm(m_tmp.filePath("export-movienet"), "movienet"));
        QCOMPARE(QDir(m_tmp.filePath("export-movienet/label318")).entryList(QDir::Files).size(), 1);
        QCOMPARE(QDir(m_tmp.filePath("export-movienet/shot_movie318")).entryList(QDir::Files).size(), 1);
        // TRIPOD needs the five TPs set (by a person, on the synopsis); this film's synopsis has none.
        QVERIFY(!w->exportFilm(m_tmp.filePath("export.tripod.csv"), "tripod"));
        QVERIFY2(w->errors().last().contains("all five TPs"), qPrintable(w->errors().last()));
        QFile edl(m_tmp.filePath("export.edl"));
        QVERIFY(edl.open(QIODevice::ReadOnly));
        QVERIFY(edl.readAll().contains("FCM:"));
        QVERIFY(!w->exportFilm(m_tmp.filePath("no/such/dir/x.edl"), "edl"));
        QVERIFY(w->errors().last().contains("no/such/dir"));
        QCOMPARE(stored(m_project), before);
    }

    // The loop in the window: Model > Train runs in the background (the window stays editable, the
    // Training dock shows the loss per epoch), registers a version; Model > Propose; Film Reviewed.
    void trainAndProposeFromTheWindow() {
        const QString project = m_tmp.filePath("loop.mega");
        std::vector<int64_t> ids;
        {
            store::Project p(project.toStdString(), store::Project::Mode::Create);
            for (int i = 0; i < 3; ++i) {
                demo::DemoOptions o;
                o.duration_s = 60;
                o.width = 320;
                o.height = 180;
                o.seed = uint64_t(40 + i);
                const auto g = demo::makeDemoFilm(m_tmp.filePath(QString("loop%1").arg(i)).toStdString(), o);
                pipeline::IngestOptions io;
                io.threads = 1;
                ids.push_back(pipeline::ingestFilm(p, g.film, io).film_id);
                if (i < 2) pipeline::reviewFromTruth(p, ids.back(), pipeline::truthSceneEnds(p, ids.back(), g.truth));
            }
        }
        auto w = std::make_unique<ui::MainWindow>();
        w->setQuietErrors(true);
        w->show();
        QVERIFY(w->openProject(project, ids[2]));
        QVERIFY(!w->action("model.reviewed")->isChecked());
        // Started from the Training tab's own button (the same as Model > Train).
        auto* start = w->findChild<QPushButton*>("startTraining");
        QVERIFY(start);
        start->click();
        QVERIFY(w->modelJob());
        QVERIFY(w->trainingDock()->isVisible());
        QCOMPARE(w->analysisTabs()->currentIndex(), int(ui::MainWindow::AnalysisTab::Training));
        QVERIFY(!w->action("model.train")->isEnabled()); // one job at a time
        QVERIFY(!start->isEnabled());
        // Editing goes on while it trains, and is stored at once.
        const int64_t id = w->session()->boundaries().front().id;
        w->selectBoundary(0);
        w->action("review.accept")->trigger();
        {
            store::Project check(project.toStdString(), store::Project::Mode::ReadOnly);
            QCOMPARE(check.boundary(id).status, store::ReviewStatus::Accepted);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!w->modelJob(), 240000);
        QVERIFY2(w->errors().isEmpty(), qPrintable(w->errors().join("; ")));
        QVERIFY(w->lossPoints() > 10); // the loss of every epoch
        QVERIFY(w->heldOutPoints() > 5); // and each fold's AP on its held-out films (the validation curve)
        store::Project p(project.toStdString(), store::Project::Mode::ReadOnly);
        QCOMPARE(p.trainingRuns().size(), size_t(1));
        QCOMPARE(p.trainingRuns()[0].status, std::string("finished"));
        // The cold starts (the novelty proposer, and the shipped base the training started from) and the new one.
        QCOMPARE(p.modelVersions().size(), size_t(3));
        const auto active = p.activeModel("scene");
        QVERIFY(active);
        // The Training dock lists the versions, the active one marked, with why (its metrics).
        QTableWidget* versions = w->trainingVersions();
        QCOMPARE(versions->rowCount(), 3);
        for (int r = 0; r < 3; ++r) {
            const auto v = p.modelVersion(versions->item(r, 1)->data(Qt::UserRole).toLongLong());
            QCOMPARE(versions->item(r, 0)->text(), QString(v.id == active->id ? "*" : ""));
            QCOMPARE(versions->item(r, 4)->text(), QString::fromStdString(v.note));
            if (v.id == p.trainingRuns()[0].model_version_id) // before and after
                QVERIFY2(v.note.find("AP") != std::string::npos && v.note.find("scene-base") != std::string::npos, v.note.c_str());
        }
        QCOMPARE(p.boundary(id).status, store::ReviewStatus::Accepted); // the edit made during training stayed
        // The status bar names the model whose proposals are shown.
        const QString status = w->statusBar()->findChild<QLabel*>("modelLabel")->text();
        QVERIFY2(status.contains(QString::fromStdString(active->name)), qPrintable(status));

        // Propose from the window with the active model: the trained one (whether training made it
        // active is a measurement; here a person makes it so, as Model > Model Versions does).
        int64_t trained = 0;
        for (const auto& v : p.modelVersions())
            if (v.kind == "mega") trained = v.id;
        QVERIFY(trained);
        store::Project(project.toStdString()).activateModel(trained, "made active by the test");
        w->action("model.propose")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!w->modelJob(), 60000);
        QVERIFY2(w->errors().isEmpty(), qPrintable(w->errors().join("; ")));
        QVERIFY(p.modelScores(ids[2], trained, "scene"));
        // What the proposals were based on came with them: boundary selection -> its contribution bars
        // and fusion attention, as stored; the band along the film in the timeline.
        const auto explained = pipeline::storedExplanations(p, ids[2], "scene");
        QVERIFY(explained);
        QCOMPARE(explained->model_version, trained);
        QVERIFY(!explained->units.empty());
        QVERIFY(w->timeline()->hasContributionBand());
        {
            ui::TimelineWidget* t = w->timeline();
            const QRect band = t->rowRect(ui::TimelineWidget::Row::Modalities);
            QCOMPARE(band.height(), ui::TimelineWidget::kBandHeight);
            const int64_t cut = int64_t(explained->shot_share.size()) / 2;
            const auto& cs = w->session()->shots();
            // Cut i's column runs from the middle of shot i to the middle of shot i + 1: a quarter and
            // three quarters along it are both cut i.
            const double a = (cs[size_t(cut)].start_s + cs[size_t(cut)].end_s) / 2,
                         b = (cs[size_t(cut + 1)].start_s + cs[size_t(cut + 1)].end_s) / 2;
            for (double f : {0.25, 0.75}) {
                const QString tip = t->toolTipAt(QPoint(int(t->xAt(a + f * (b - a))), band.center().y()));
                QVERIFY2(tip.startsWith(QString("Cut after shot %1,").arg(cut + 1)) && tip.contains(QString::fromStdString(explained->model_name)),
                         qPrintable(tip));
            }
        }
        const auto& unit = explained->units[explained->units.size() / 2];
        w->selectBoundary(w->session()->boundaryAfterShot(unit.unit));
        ui::ContributionView* bars = w->contributionView();
        QVERIFY2(bars->hasContribution(), qPrintable(bars->message()));
        QVERIFY2(bars->title().startsWith(QString("Boundary after shot %1").arg(unit.unit + 1)), qPrintable(bars->title()));
        QCOMPARE(bars->shares(), unit.share);
        QCOMPARE(bars->modalities().size(), qsizetype(explained->modalities.size()));
        QVERIFY(w->attentionView()->hasAttention());
        QCOMPARE(w->attentionView()->tokensPerModality(), int(explained->bottleneck));

        // Film Reviewed marks the film, so its decisions train the model next time.
        w->action("model.reviewed")->trigger();
        QVERIFY(p.filmMarkedReviewed(ids[2]));
        QVERIFY(w->action("model.reviewed")->isChecked());
        w->action("model.reviewed")->trigger();
        QVERIFY(!p.filmMarkedReviewed(ids[2]));

        // Learning while reviewing: after 3 decisions the model learns from them and re-scores the
        // film's unreviewed proposals in place; the decisions stay as they were made.
        w->action("model.learnLive")->setChecked(true);
        w->setLearnEvery(3, 1);
        const auto& bs = w->session()->boundaries();
        std::vector<int64_t> decided;
        for (size_t i = 0; i < bs.size() && decided.size() < 3; ++i) {
            if (bs[i].status != store::ReviewStatus::Unreviewed) continue;
            decided.push_back(bs[i].id);
            w->selectBoundary(int(i));
            w->action(decided.size() == 2 ? "review.reject" : "review.accept")->trigger();
        }
        QCOMPARE(decided.size(), size_t(3));
        QVERIFY(w->modelJob()); // the third decision started it
        const size_t versionsBefore = p.modelVersions().size();
        QTRY_VERIFY_WITH_TIMEOUT(w->modelJob() == nullptr, 60000);
        if (p.modelVersions().size() > versionsBefore) {
            // The update won on the film's own held-out decisions: it re-scored the film.
            const auto live = p.modelVersions().back();
            QVERIFY2(live.name.rfind("scene-live-", 0) == 0, live.name.c_str());
            QVERIFY(p.modelScores(ids[2], live.id, "scene"));
            for (const auto& b : p.boundaries(ids[2]))
                if (b.status == store::ReviewStatus::Unreviewed) QCOMPARE(b.source, "model:" + live.name);
            // What the re-scored proposals were based on came with them, and the views show it.
            QCOMPARE(pipeline::storedExplanations(p, ids[2], "scene")->model_version, live.id);
            w->selectBoundary(0);
            QVERIFY2(w->contributionView()->title().contains(QString::fromStdString(live.name)), qPrintable(w->contributionView()->title()));
        } else {
            // It lost: the film's proposals stay as they were, and the window says why.
            QVERIFY2(w->statusBar()->currentMessage().contains("kept the proposals"), qPrintable(w->statusBar()->currentMessage()));
        }
        QCOMPARE(p.boundary(decided[0]).status, store::ReviewStatus::Accepted);
        QCOMPARE(p.boundary(decided[1]).status, store::ReviewStatus::Rejected);
        QCOMPARE(p.boundary(decided[2]).status, store::ReviewStatus::Accepted);
        w->action("model.learnLive")->setChecked(false);

    }
};

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"
