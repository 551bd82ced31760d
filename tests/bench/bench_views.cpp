// The analysis views at scale (issue 14): a 3,000-shot film with a 60-sentence synopsis, its stored
// synchronization (A and W), Grad-CAM shares of 4 modalities for every cut and fusion attention
// (4 x 16 tokens) for every boundary, as proposing stores them. Measures, offscreen, the repaint of
// each view (target < 16 ms), the hover over the matrix (the tooltip event; target < 5 ms), opening
// the project with its analyses, and a boundary's selection updating the contribution views.
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench/bench_views [SHOTS [SENTENCES]]
#include "core/pipeline/analysis.h"
#include "core/store/project.h"
#include "bench_film.h"
#include "ui/attention_view.h"
#include "ui/contribution_view.h"
#include "ui/main_window.h"
#include "ui/sync_matrix_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QTemporaryDir>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

using namespace mega;

namespace {

struct Stats {
    double median, p95;
};

Stats measure(int runs, const std::function<void()>& fn) {
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        fn();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

void report(const char* what, Stats s, double target) {
    std::printf("%-58s median %6.2f ms, p95 %6.2f ms (target < %.0f ms)%s\n", what, s.median, s.p95, target,
                s.p95 < target ? "" : "  OVER");
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MEGA Studio Bench");
    const int n = argc > 1 ? std::atoi(argv[1]) : 3000;
    const int sentences = argc > 2 ? std::atoi(argv[2]) : 60;
    QTemporaryDir dir;
    const QString path = dir.filePath("views.mega");
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> uni(0.f, 1.f);
    {
        store::Project p(path.toStdString(), store::Project::Mode::Create);
        const int64_t film = bench::addLongFilm(p, "views", n, 12, sentences);
        const auto bs = p.boundaries(film);
        std::vector<media::SubtitleCue> cues;
        for (int i = 0; i < n; i += 2) cues.push_back({i * 2.4166, i * 2.4166 + 2.0, "Line " + std::to_string(i) + " of what is said."});
        p.setSubtitles(film, cues);
        store::ModelVersion scene;
        scene.name = "bench-scene";
        scene.task = "scene";
        scene.config_json = R"({"name": "a bench version"})";
        scene.metrics_json = R"({"note": "none measured"})";
        scene.id = p.addModelVersion(scene);
        store::ModelVersion tp = scene;
        tp.name = "bench-tp";
        tp.task = "tp";
        tp.id = p.addModelVersion(tp);
        // A: a band around the diagonal with noise, each row normalised; W: its larger cells in the band.
        pipeline::SyncMatrix s;
        s.model_version = tp.id;
        s.model_name = tp.name;
        s.method = "text";
        s.shots = n;
        s.sentences = sentences;
        s.soft.resize(size_t(n) * size_t(sentences));
        s.expected.resize(s.soft.size());
        for (int i = 0; i < n; ++i) {
            double sum = 0;
            for (int j = 0; j < sentences; ++j) {
                const double d = double(j) - double(i) * sentences / n;
                const float v = float(std::exp(-d * d / 8.0)) + 0.05f * uni(rng);
                s.soft[size_t(i) * size_t(sentences) + size_t(j)] = v;
                sum += v;
            }
            for (int j = 0; j < sentences; ++j) {
                float& v = s.soft[size_t(i) * size_t(sentences) + size_t(j)];
                v = float(v / sum);
                s.expected[size_t(i) * size_t(sentences) + size_t(j)] = v > 0.15f && s.inBand(i, j);
            }
        }
        pipeline::storeSync(p, film, s);
        pipeline::Explanations e;
        e.model_version = scene.id;
        e.model_name = scene.name;
        e.task = "scene";
        e.modalities = {"appearance", "layout", "motion", "audio"};
        e.bottleneck = 16;
        for (int i = 0; i + 1 < n; ++i) {
            std::vector<double> share(4);
            double sum = 0;
            for (double& v : share) sum += v = uni(rng);
            for (double& v : share) v /= sum;
            e.shot_share.push_back(share);
        }
        for (const auto& b : bs) {
            pipeline::UnitExplanation u{"boundary", b.shot_index, *b.probability, e.shot_share[size_t(b.shot_index)], {}};
            for (int m = 0; m < 4; ++m) {
                std::vector<float> w(64);
                for (float& v : w) v = uni(rng);
                u.attention.push_back(w);
            }
            e.units.push_back(u);
        }
        pipeline::storeExplanations(p, film, e);
    }
    ui::MainWindow w;
    w.setQuietErrors(true);
    w.resize(1600, 1000);
    w.show();
    w.showAnalysis(ui::MainWindow::AnalysisTab::Sync);
    QApplication::processEvents();
    const Stats open = measure(5, [&] {
        if (!w.openProject(path)) std::exit(1);
        QApplication::processEvents();
    });
    std::printf("%d shots x %d sentences, %zu boundaries\n", n, sentences, w.session()->boundaries().size());
    report("open the project with its analyses", open, 1000);

    ui::SyncMatrixView* m = w.syncMatrixView();
    if (!m->hasMatrix()) {
        std::fprintf(stderr, "no matrix: %s\n", qPrintable(m->message()));
        return 1;
    }
    std::printf("synchronization matrix: %d x %d px\n", m->heatmapRect().width(), m->heatmapRect().height());
    report("matrix repaint, whole film (A)", measure(40, [&] { m->repaint(); }), 16);
    m->setZoom(8);
    report("matrix repaint, zoomed x8 (A)", measure(40, [&] { m->repaint(); }), 16);
    m->setMode(ui::SyncMatrixView::Mode::Expected);
    m->setZoom(1);
    report("matrix repaint, whole film (W)", measure(40, [&] { m->repaint(); }), 16);
    m->setMode(ui::SyncMatrixView::Mode::Soft);
    report("matrix: switch A/W and repaint", measure(20, [&] {
               m->setMode(m->mode() == ui::SyncMatrixView::Mode::Soft ? ui::SyncMatrixView::Mode::Expected : ui::SyncMatrixView::Mode::Soft);
               m->repaint();
           }), 16);
    // Hover: the mouse moving over cells (the hover highlight) and the tooltip event, as Qt sends them.
    const QRect heat = m->heatmapRect();
    std::uniform_int_distribution<int> xs(heat.left(), heat.right()), ys(heat.top(), heat.bottom());
    report("matrix hover: mouse move over a cell (event + repaint)", measure(200, [&] {
               const QPoint at(xs(rng), ys(rng));
               QMouseEvent move(QEvent::MouseMove, at, m->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
               QApplication::sendEvent(m, &move);
               m->repaint();
           }), 5);
    report("matrix hover: tooltip event (value, time, sentence)", measure(200, [&] {
               const QPoint at(xs(rng), ys(rng));
               QHelpEvent help(QEvent::ToolTip, at, m->mapToGlobal(at));
               QApplication::sendEvent(m, &help);
           }), 5);
    QToolTip::hideText();
    report("matrix: playhead moves (seek and repaint)", measure(40, [&] {
               w.seek(double(rng() % unsigned(n)) * 2.4166);
               m->repaint();
           }), 16);

    w.showAnalysis(ui::MainWindow::AnalysisTab::Contributions);
    QApplication::processEvents();
    int b = 0;
    const int boundaries = int(w.session()->boundaries().size());
    report("boundary selected: contribution bars updated and painted", measure(40, [&] {
               w.selectBoundary(b = (b + 7) % boundaries, false);
               w.contributionView()->repaint();
           }), 16);
    // Rendered into an image, so the chart's scene is painted whole, not taken from a cache.
    QImage canvas(w.contributionView()->size(), QImage::Format_ARGB32_Premultiplied);
    report("contribution bars painted whole (render)", measure(40, [&] { w.contributionView()->render(&canvas); }), 16);
    w.showAnalysis(ui::MainWindow::AnalysisTab::Attention);
    QApplication::processEvents();
    report("fusion attention repaint (4 x 64 tokens)", measure(40, [&] { w.attentionView()->repaint(); }), 16);
    QImage canvas2(w.attentionView()->size(), QImage::Format_ARGB32_Premultiplied);
    report("fusion attention painted whole (render)", measure(40, [&] { w.attentionView()->render(&canvas2); }), 16);
    report("timeline repaint with the contributions band, whole film", measure(40, [&] { w.timeline()->repaint(); }), 16);
    return 0;
}
