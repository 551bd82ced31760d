// The timed review script (issue 15): a person reviews a 3,000-shot film by keys alone. On a real
// film file (made here with ffmpeg: 320x180 H.264 with the encoder's usual keyframe interval, one
// shot every 0.8 s), the window:
//   1. steps with Tab to the next boundary and shows its three cut frames (target < 100 ms);
//   2. takes DECISIONS decisions, Enter and Delete in turn, each moving on to the next boundary,
//      and reports the window's own share of each decision: from the key press until the project
//      holds the decision, the next boundary is under review and its three frames are on screen
//      (target < 100 ms, so that a person can sustain 30 decisions a minute), between decisions the
//      person looks for THINK ms (default 500; 0 is the worst case: no time to decode ahead).
// Runs offscreen; prints medians, p95 and worst.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_review_keys [SHOTS [DECISIONS [THINK_MS]]]
#include "core/store/project.h"
#include "ui/cut_frames.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdio>

using namespace mega;

namespace {
struct Summary {
    double median, p95, worst;
};
Summary summary(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}
/// Waits (running the event loop) until the cut view shows all three frames; returns false after 10 s.
bool waitForCut(ui::CutFramesView* cut) {
    QElapsedTimer t;
    t.start();
    while (!cut->complete()) {
        if (t.elapsed() > 10000) return false;
        QApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return true;
}
void idle(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) QApplication::processEvents(QEventLoop::AllEvents, 5);
}
} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MEGA Studio Bench");
    QSettings().clear();
    QSettings().setValue("model/learnWhileReviewing", false);
    const int n = argc > 1 ? std::atoi(argv[1]) : 3000;
    const int decisions = argc > 2 ? std::atoi(argv[2]) : 200;
    const int think = argc > 3 ? std::atoi(argv[3]) : 500;
    constexpr int kFrames = 20; // per shot, at 25 fps
    QTemporaryDir dir;
    const QString film = dir.filePath("long.mp4"), path = dir.filePath("long.mega");
    QElapsedTimer made;
    made.start();
    const double seconds = n * kFrames / 25.0;
    const int rc = QProcess::execute("ffmpeg", {"-v", "error", "-f", "lavfi", "-i", QString("testsrc2=size=320x180:rate=25:duration=%1").arg(seconds),
                                                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", film});
    if (rc != 0) {
        std::fprintf(stderr, "ffmpeg could not make the film (%d)\n", rc);
        return 1;
    }
    std::printf("film: %d shots, %.0f s, 320x180 H.264 (made in %.1f s)\n", n, seconds, double(made.elapsed()) / 1000);
    {
        store::Project p(path.toStdString(), store::Project::Mode::Create);
        store::Film f;
        f.name = "long";
        f.path = film.toStdString();
        f.fps = 25;
        f.width = 320;
        f.height = 180;
        f.frame_count = int64_t(n) * kFrames;
        f.duration_s = seconds;
        const int64_t id = p.addFilm(f);
        std::vector<shots::Shot> shots;
        for (int i = 0; i < n; ++i)
            shots.push_back({int64_t(i) * kFrames, int64_t(i) * kFrames + kFrames - 1, i * kFrames / 25.0, (i + 1) * kFrames / 25.0});
        p.setShots(id, shots);
        std::vector<store::SceneBoundary> bs;
        for (int i = 0; i + 1 < n; i += 2) { // a proposal at every other cut: 1,500 rows
            store::SceneBoundary b;
            b.shot_index = i;
            b.probability = (i * 7919 % 1000) / 1000.0;
            b.source = "model:bench";
            bs.push_back(b);
        }
        p.setBoundaries(id, "model:bench", bs);
    }
    ui::MainWindow w;
    w.setQuietErrors(true);
    w.resize(1600, 1000);
    w.show();
    if (!w.openProject(path)) return 1;
    QApplication::processEvents();
    ui::CutFramesView* cut = w.cutFramesView();
    std::printf("project: %zu boundaries\n", w.session()->boundaries().size());

    // 1. Tab to the next boundary, frames shown. The first (nothing decoded yet) is reported apart.
    QElapsedTimer t;
    t.start();
    QTest::keyClick(&w, Qt::Key_Tab);
    if (!waitForCut(cut)) return 2;
    std::printf("first Tab (nothing decoded ahead): %.1f ms\n", double(t.nsecsElapsed()) / 1e6);
    std::vector<double> tab, tabNoThink;
    for (int i = 0; i < 50; ++i) {
        idle(think);
        t.restart();
        QTest::keyClick(&w, Qt::Key_Tab);
        if (!waitForCut(cut)) return 2;
        tab.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    for (int i = 0; i < 50; ++i) {
        t.restart();
        QTest::keyClick(&w, Qt::Key_Tab);
        if (!waitForCut(cut)) return 2;
        tabNoThink.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    auto print = [](const char* what, const std::vector<double>& v) {
        const Summary s = summary(v);
        std::printf("%s: median %.1f ms, p95 %.1f ms, worst %.1f ms of %zu (target < 100 ms)\n", what, s.median, s.p95, s.worst, v.size());
    };
    char what[200];
    std::snprintf(what, sizeof what, "Tab to the next boundary and its three frames shown, %d ms between presses", think);
    print(what, tab);
    print("Tab, pressed again as soon as the frames show (no time to decode ahead)", tabNoThink);

    // 2. Decisions by keys alone: Enter and Delete in turn, each moving on to the next boundary.
    std::vector<double> share;
    int64_t decided = 0;
    for (int i = 0; i < decisions; ++i) {
        idle(think);
        const int64_t id = w.session()->boundaries()[size_t(w.currentBoundary())].id;
        t.restart();
        QTest::keyClick(&w, i % 2 ? Qt::Key_Delete : Qt::Key_Return);
        if (!waitForCut(cut)) return 2;
        share.push_back(double(t.nsecsElapsed()) / 1e6);
        decided += w.session()->project().boundary(id).status != store::ReviewStatus::Unreviewed;
    }
    std::snprintf(what, sizeof what, "the window's share of a decision (Enter/Delete, stored, next boundary and its frames shown), %d ms between", think);
    print(what, share);
    const Summary s = summary(share);
    std::printf("decisions stored: %lld of %d; %s; at 30 decisions a minute a person has 2000 ms each, the window takes %.1f%% (median)\n",
                static_cast<long long>(decided), decisions, w.progressText().toUtf8().constData(), 100.0 * s.median / 2000.0);
    const auto stats = cut->cache()->stats();
    std::printf("cut frame cache: %lld decoded, %lld seeks, %lld hits, %lld misses\n", static_cast<long long>(stats.decoded),
                static_cast<long long>(stats.seeks), static_cast<long long>(stats.hits), static_cast<long long>(stats.misses));
    w.close();
    return decided == decisions ? 0 : 3;
}
