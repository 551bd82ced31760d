// The review window's costs at scale (issue 6): the time to open a 3,000-shot project (targets
// < 1 s) and the timeline's repaint with 3,000 shots and their thumbnails (target < 16 ms), at
// the whole-film zoom and zoomed in. Runs offscreen; prints medians.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_studio [SHOTS]
#include "core/store/project.h"
#include "bench_film.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace mega;

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MEGA Studio Bench");
    const int n = argc > 1 ? std::atoi(argv[1]) : 3000;
    QTemporaryDir dir;
    const QString path = dir.filePath("big.mega");
    {
        store::Project p(path.toStdString(), store::Project::Mode::Create);
        const int64_t film = bench::addLongFilm(p, "big", n, 3, 40);
        for (int tp = 1; tp <= 5; ++tp) p.setTurningPoint(film, tp, store::UnitKind::Shot, n * tp / 6);
    }
    ui::MainWindow w;
    w.setQuietErrors(true);
    w.resize(1600, 1000);
    w.show();
    QApplication::processEvents();
    std::vector<double> open;
    for (int r = 0; r < 5; ++r) {
        QElapsedTimer t;
        t.start();
        if (!w.openProject(path)) return 1;
        QApplication::processEvents(); // the views' relayout and first paint
        open.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("open a %d-shot project (%zu boundaries): median %.1f ms of 5 (target < 1000 ms)\n", n,
                w.session()->boundaries().size(), median(open));

    ui::TimelineWidget* tl = w.timeline();
    QImage thumb(78, 44, QImage::Format_RGB888);
    for (int i = 0; i < n; ++i) {
        thumb.fill(QColor::fromHsv(i * 37 % 360, 160, 200));
        QPainter(&thumb).drawLine(0, 0, 77, 43);
        tl->setThumbnail(i, thumb);
    }
    std::vector<float> wave(size_t(n * 24), 0.f);
    for (size_t i = 0; i < wave.size(); ++i) wave[i] = float((i * 2654435761u) % 1000) / 1000.f;
    tl->setWaveform(wave, 0.1);
    QPixmap target(tl->size());
    auto paint = [&](const char* what) {
        std::vector<double> times;
        for (int r = 0; r < 50; ++r) {
            QElapsedTimer t;
            t.start();
            tl->render(&target);
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::printf("timeline repaint, %s (%dx%d px): median %.2f ms, worst %.2f ms of 50 (target < 16 ms)\n", what, tl->width(),
                    tl->height(), median(times), *std::max_element(times.begin(), times.end()));
    };
    tl->fitFilm();
    paint("whole film");
    tl->setZoom(tl->zoom() * 20);
    tl->setOffset(n * 1.2);
    paint("zoomed in 20x");
    return 0;
}
