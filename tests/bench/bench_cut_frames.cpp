// The cut at a glance (issue 15): how long moving to the next boundary takes until its three frames
// are on screen (target < 100 ms). On a generated film of many short shots it measures
//   cold:     a cut never asked for before (a seek and three decodes), cuts taken in shuffled order;
//   stepping: cut after cut, each showCut() asking for the next K cuts ahead, with a reviewer's
//             think time between decisions (default 300 ms), as Tab through the boundaries.
// Each time runs from showCut() to the three pictures painted (a synchronous repaint). Runs
// offscreen; prints medians and p95.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_cut_frames [--width 320 --height 180]
//       [--cuts 200] [--ahead 4] [--think 300] [--decode-height 270] [--cold 60]
#include "core/demo/generated_film.h"
#include "ui/cut_frames.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

using namespace mega;

namespace {

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5))];
}

void spin(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// From showCut() to the three pictures painted; -1 after 10 s.
template <typename Show> double timeShow(ui::CutFramesView& view, Show show, bool& immediate) {
    QElapsedTimer t;
    t.start();
    show();
    immediate = view.complete();
    while (!view.complete() && t.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    if (!view.complete()) return -1;
    view.repaint();
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MEGA Studio Bench");
    int width = 320, height = 180, cuts = 200, ahead = 4, think = 300, decodeHeight = 270, coldCount = 60;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const int v = std::atoi(argv[i + 1]);
        if (a == "--width")
            width = v;
        else if (a == "--height")
            height = v;
        else if (a == "--cuts")
            cuts = v;
        else if (a == "--ahead")
            ahead = v;
        else if (a == "--think")
            think = v;
        else if (a == "--decode-height")
            decodeHeight = v;
        else if (a == "--cold")
            coldCount = v;
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }

    QTemporaryDir dir;
    demo::DemoOptions o;
    o.width = width;
    o.height = height;
    o.duration_s = (cuts + 12) * 3.8; // the generator's shots last about 3.4 s
    QElapsedTimer gen;
    gen.start();
    const auto g = demo::makeDemoFilm(dir.filePath("bench").toStdString(), o);
    std::vector<film::Shot> shots;
    for (size_t i = 0; i < g.shot_starts.size(); ++i) {
        film::Shot s;
        s.start_frame = g.shot_starts[i];
        s.end_frame = i + 1 < g.shot_starts.size() ? g.shot_starts[i + 1] - 1 : g.frame_count - 1;
        shots.push_back(s);
    }
    const int n = std::min<int>(cuts, static_cast<int>(shots.size()) - 1);
    std::printf(
        "film %dx%d, %lld frames, %zu shots, %.0f s (generated in %.1f s); frames decoded %d px high\n",
        width, height, static_cast<long long>(g.frame_count), shots.size(), o.duration_s,
        static_cast<double>(gen.elapsed()) / 1000.0, decodeHeight);

    ui::CutFramesView view;
    view.resize(1280, 300);
    view.show();
    const QString film = QString::fromStdString(g.film);
    const double fps = o.fps;

    // Opening (the worker builds the film's timestamp index once).
    {
        QElapsedTimer t;
        t.start();
        view.setFilm(film, decodeHeight);
        while (view.cache()->frameCount() < 0 && t.elapsed() < 30000)
            spin(1);
        std::printf("open: %.1f ms (index of %lld frames)\n", static_cast<double>(t.nsecsElapsed()) / 1e6,
                    static_cast<long long>(view.cache()->frameCount()));
    }

    // Cold: shuffled cuts, nothing ahead.
    {
        std::vector<int> order(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            order[static_cast<size_t>(i)] = i;
        std::shuffle(order.begin(), order.end(), std::mt19937(7));
        order.resize(std::min<size_t>(order.size(), static_cast<size_t>(coldCount)));
        std::vector<double> ms;
        int failed = 0;
        for (const int c : order) {
            bool immediate = false;
            const double t = timeShow(
                view, [&] { view.showCut(shots, c, fps); }, immediate);
            if (t < 0)
                ++failed;
            else
                ms.push_back(t);
        }
        std::printf("cold cut (seek + 3 frames): median %.1f ms, p95 %.1f ms, max %.1f ms over %zu cuts%s\n",
                    percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0), ms.size(),
                    failed ? " (SOME FAILED)" : "");
    }

    // Stepping with prefetch and think time, on a fresh film state.
    {
        view.setFilm(film, decodeHeight);
        while (view.cache()->frameCount() < 0)
            spin(1);
        view.cache()->resetStats();
        std::vector<double> ms;
        int immediateCount = 0, failed = 0;
        for (int c = 0; c < n; ++c) {
            std::vector<int64_t> next;
            for (int k = 1; k <= ahead && c + k < n; ++k)
                next.push_back(c + k);
            bool immediate = false;
            const double t = timeShow(
                view, [&] { view.showCut(shots, c, fps, next); }, immediate);
            if (t < 0)
                ++failed;
            else
                ms.push_back(t);
            immediateCount += immediate;
            spin(think);
        }
        const auto s = view.cache()->stats();
        std::printf("next cut, %d ahead, %d ms think: median %.2f ms, p95 %.2f ms, max %.2f ms over %zu "
                    "cuts; %d/%d shown from the "
                    "cache at once%s\n",
                    ahead, think, percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0), ms.size(),
                    immediateCount, n, failed ? " (SOME FAILED)" : "");
        std::printf("  decoder: %lld frames decoded, %lld kept, %lld seeks; cache %lld hits, %lld misses\n",
                    static_cast<long long>(s.decoded), static_cast<long long>(s.delivered),
                    static_cast<long long>(s.seeks), static_cast<long long>(s.hits),
                    static_cast<long long>(s.misses));
        const double target = 100.0;
        std::printf("target < %.0f ms: %s\n", target,
                    percentile(ms, 0.95) < target && !failed ? "met (p95)" : "NOT met");
    }
    return 0;
}
