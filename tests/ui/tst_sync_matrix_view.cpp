// The synchronization matrix view (bottom tab), offscreen: cells and widget pixels map both ways at
// any zoom, a click plays a shot and selects its sentence while a drag only pans, the selected row
// and the mode show in the pixels, no matrix means a message and no grid, the view follows the
// playhead, the tooltip tells the shot, its time, the sentence and the values; and how long a
// repaint and a hover take at 3,000 shots x 60 sentences (printed, not asserted).
#include "core/pipeline/analysis.h"
#include "ui/sync_matrix_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>

using namespace mega;
using Cell = std::pair<int64_t, int>;

namespace {

/// A synopsis-shaped matrix: each shot's A peaks at the sentence its place in the film suggests
/// (rows sum to 1); W is 1 in the band where A is above uniform.
pipeline::SyncMatrix makeMatrix(int64_t shots, int64_t sentences, double xi = 0.3) {
    pipeline::SyncMatrix m;
    m.method = "mega";
    m.model_name = "tp-test";
    m.shots = shots;
    m.sentences = sentences;
    m.xi = xi;
    m.soft.resize(size_t(shots * sentences));
    m.expected.resize(size_t(shots * sentences));
    for (int64_t i = 0; i < shots; ++i) {
        const double centre = double(i) * double(sentences) / double(shots);
        double sum = 0;
        for (int64_t j = 0; j < sentences; ++j) {
            const double d = double(j) - centre;
            const double v = std::exp(-d * d / 4.0) + 0.01 * double((i * 7 + j * 13) % 5);
            m.soft[size_t(i * sentences + j)] = float(v);
            sum += v;
        }
        for (int64_t j = 0; j < sentences; ++j) {
            auto& a = m.soft[size_t(i * sentences + j)];
            a = float(a / sum);
            m.expected[size_t(i * sentences + j)] =
                a > 1.0f / float(sentences) && pipeline::inDiagonalBand(i, j, shots, sentences, xi) ? 1 : 0;
        }
    }
    return m;
}

std::vector<double> starts(int64_t shots, double each = 2.5) {
    std::vector<double> s(static_cast<size_t>(shots));
    for (int64_t i = 0; i < shots; ++i)
        s[size_t(i)] = double(i) * each;
    return s;
}

QStringList sentenceTexts(int64_t n) {
    QStringList s;
    for (int64_t j = 0; j < n; ++j)
        s << QString("Sentence %1: Ann finds the letter number %1 in the attic.").arg(j + 1);
    return s;
}

QImage grabImage(QWidget& w) {
    return w.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

/// Pixels that differ between two grabs inside `r`.
int differing(const QImage& a, const QImage& b, const QRect& r) {
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

/// Strongly coloured pixels (the heatmap's; the window's chrome and text are grey in the default palette).
int colourful(const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c(img.pixel(x, y));
            n += c.hsvSaturation() > 100 && c.value() > 40;
        }
    return n;
}

void sendMouse(QWidget& w, QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
    QMouseEvent e(type, QPointF(pos), w.mapToGlobal(QPointF(pos)), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(&w, &e);
}

} // namespace

class TstSyncMatrixView : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void roundTripWholeFilm() {
        ui::SyncMatrixView v;
        v.resize(800, 400);
        v.setMatrix(makeMatrix(40, 10), starts(40), sentenceTexts(10));
        QCOMPARE(v.zoom(), 1.0);
        const QRect heat = v.heatmapRect();
        for (int64_t i = 0; i < 40; ++i)
            for (int j = 0; j < 10; ++j) {
                const QRect r = v.cellRect(i, j);
                QVERIFY(r.width() >= 1 && r.height() >= 1);
                QVERIFY(heat.contains(r));
                QCOMPARE(v.cellAt(r.center()), std::optional<Cell>(Cell(i, j)));
                QCOMPARE(v.cellAt(r.topLeft()), std::optional<Cell>(Cell(i, j)));
                QCOMPARE(v.cellAt(r.bottomRight()), std::optional<Cell>(Cell(i, j)));
                // The cells tile the matrix with no gap.
                if (i + 1 < 40) QCOMPARE(v.cellRect(i + 1, j).left(), r.right() + 1);
                if (j + 1 < 10) QCOMPARE(v.cellRect(i, j + 1).top(), r.bottom() + 1);
            }
        QCOMPARE(v.cellRect(0, 0).topLeft(), heat.topLeft());
        QCOMPARE(v.cellRect(39, 9).bottomRight(), heat.bottomRight());
        // The row labels, the legend and the axis are no cells.
        QVERIFY(!v.cellAt(QPoint(heat.left() - 5, heat.center().y())));
        QVERIFY(!v.cellAt(QPoint(heat.center().x(), heat.top() - 3)));
        QVERIFY(!v.cellAt(QPoint(heat.center().x(), heat.bottom() + 3)));
    }

    void roundTripZoomedIn() {
        ui::SyncMatrixView v;
        v.resize(1000, 400);
        v.setMatrix(makeMatrix(3000, 60), starts(3000), sentenceTexts(60));
        // Whole film: thinner than a pixel per shot; a cell's pixel maps back to a shot that shares it.
        const double perPixel = 3000.0 / v.heatmapRect().width();
        for (int64_t i = 0; i < 3000; i += 37) {
            const QRect r = v.cellRect(i, 30);
            QCOMPARE(r.width(), 1);
            const auto c = v.cellAt(r.center());
            QVERIFY(c && c->second == 30);
            QVERIFY2(std::abs(double(c->first - i)) <= perPixel + 1,
                     qPrintable(QString("%1 -> %2").arg(i).arg(c->first)));
        }
        v.setZoom(64);
        QCOMPARE(v.zoom(), 64.0);
        v.setFirstVisibleShot(1000);
        QCOMPARE(v.firstVisibleShot(), 1000);
        const QRect heat = v.heatmapRect();
        const auto visible = int64_t(v.visibleShots());
        QVERIFY(visible < 60);
        for (int64_t i = 1000; i < 1000 + visible; ++i)
            for (int j = 0; j < 60; j += 7) {
                const QRect r = v.cellRect(i, j);
                QVERIFY(r.width() >= 15);
                QVERIFY(heat.contains(r.center()));
                QCOMPARE(v.cellAt(r.center()), std::optional<Cell>(Cell(i, j)));
                QCOMPARE(v.cellAt(r.topLeft()), std::optional<Cell>(Cell(i, j)));
                QCOMPARE(v.cellAt(r.bottomRight()), std::optional<Cell>(Cell(i, j)));
            }
        QVERIFY(!heat.contains(v.cellRect(999, 0).center()));
        QVERIFY(!heat.contains(v.cellRect(1000 + visible + 1, 0).center()));
        // Zoom is limited (a shot no wider than kMaxCellWidth) and never below the whole film.
        v.setZoom(1e6);
        QVERIFY(v.cellRect(1200, 0).width() <= ui::SyncMatrixView::kMaxCellWidth + 1);
        v.setZoom(0.1);
        QCOMPARE(v.zoom(), 1.0);
        QCOMPARE(v.firstVisibleShot(), 0);
    }

    void wheelZoomsAroundThePointer() {
        ui::SyncMatrixView v;
        v.resize(1000, 400);
        v.setMatrix(makeMatrix(3000, 60), starts(3000), sentenceTexts(60));
        const QPoint at(v.heatmapRect().left() + 600, v.heatmapRect().center().y());
        const int64_t before = v.cellAt(at)->first;
        for (int k = 0; k < 8; ++k) {
            QWheelEvent e(QPointF(at), QPointF(v.mapToGlobal(at)), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(&v, &e);
        }
        QVERIFY(v.zoom() > 5);
        QVERIFY(std::abs(v.cellAt(at)->first - before) <= 2);
        // A horizontal scroll pans.
        const int64_t first = v.firstVisibleShot();
        QWheelEvent h(QPointF(at), QPointF(v.mapToGlobal(at)), QPoint(), QPoint(-240, 0), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&v, &h);
        QVERIFY(v.firstVisibleShot() > first);
    }

    void clickPlaysAndSelects_dragPans() {
        ui::SyncMatrixView v;
        v.resize(800, 400);
        v.setMatrix(makeMatrix(40, 10), starts(40), sentenceTexts(10));
        QSignalSpy spy(&v, &ui::SyncMatrixView::cellClicked);
        QTest::mouseClick(&v, Qt::LeftButton, Qt::NoModifier, v.cellRect(7, 3).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<int64_t>(), int64_t(7));
        QCOMPARE(spy.at(0).at(1).toInt(), 3);
        QCOMPARE(v.selectedSentence(), 3);

        // A drag is a pan, not a click.
        v.setZoom(4);
        v.setFirstVisibleShot(20);
        const QPoint p = v.cellRect(25, 5).center();
        sendMouse(v, QEvent::MouseButtonPress, p, Qt::LeftButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseMove, p + QPoint(20, 0), Qt::NoButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseMove, p + QPoint(80, 2), Qt::NoButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseButtonRelease, p + QPoint(80, 2), Qt::LeftButton, Qt::NoButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(v.selectedSentence(), 3);
        QVERIFY(v.firstVisibleShot() < 20);
        // A press that barely moves is still a click.
        const QPoint q = v.cellRect(v.firstVisibleShot() + 2, 8).center();
        sendMouse(v, QEvent::MouseButtonPress, q, Qt::LeftButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseMove, q + QPoint(2, 1), Qt::NoButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseButtonRelease, q + QPoint(2, 1), Qt::LeftButton, Qt::NoButton);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).value<int64_t>(), v.firstVisibleShot() + 2);
        QCOMPARE(v.selectedSentence(), 8);
    }

    void selectedSentenceIsHighlighted() {
        ui::SyncMatrixView v;
        v.resize(800, 400);
        v.setMatrix(makeMatrix(40, 10), starts(40), sentenceTexts(10));
        const QImage before = grabImage(v);
        v.setSelectedSentence(5);
        QCOMPARE(v.selectedSentence(), 5);
        const QImage after = grabImage(v);
        const QRect row = v.cellRect(0, 5).united(v.cellRect(39, 5));
        QVERIFY(differing(before, after, row) > row.width() * row.height() / 2);
        // Its label too, and a far row is untouched.
        QVERIFY(differing(before, after, QRect(0, row.top(), v.heatmapRect().left(), row.height())) > 0);
        const QRect far = v.cellRect(0, 1).united(v.cellRect(39, 1));
        QCOMPARE(differing(before, after, far), 0);
        v.setSelectedSentence(42); // no such sentence: none
        QCOMPARE(v.selectedSentence(), -1);
    }

    void modeSwitchChangesTheCells() {
        ui::SyncMatrixView v;
        v.resize(800, 400);
        v.setMatrix(makeMatrix(40, 10), starts(40), sentenceTexts(10));
        const QImage soft = grabImage(v);
        v.setMode(ui::SyncMatrixView::Mode::Expected);
        QCOMPARE(v.mode(), ui::SyncMatrixView::Mode::Expected);
        const QImage expected = grabImage(v);
        const QRect heat = v.heatmapRect();
        QVERIFY(differing(soft, expected, heat) > heat.width() * heat.height() / 2);
        // W is two colours: a W = 1 cell and a W = 0 cell differ, two W = 0 cells agree.
        const auto m = makeMatrix(40, 10);
        int64_t one = -1, zero1 = -1, zero2 = -1;
        for (int64_t i = 0; i < 40; ++i) {
            if (m.w(i, 5) && one < 0) one = i;
            if (!m.w(i, 5)) (zero1 < 0 ? zero1 : zero2) = i;
        }
        QVERIFY(one >= 0 && zero1 >= 0 && zero2 >= 0);
        const auto at = [&](int64_t shot) {
            return expected.pixel(v.cellRect(shot, 5).center() + QPoint(0, 2));
        };
        QVERIFY(at(one) != at(zero1));
        QCOMPARE(at(zero1), at(zero2));
        v.setMode(ui::SyncMatrixView::Mode::Soft);
        QCOMPARE(differing(soft, grabImage(v), heat), 0);
    }

    void clearShowsTheMessageNotAGrid() {
        ui::SyncMatrixView v;
        v.resize(800, 400);
        QVERIFY(!v.hasMatrix());
        QVERIFY(!v.message().isEmpty()); // never an empty grid, even before anything is set
        v.setMatrix(makeMatrix(40, 10), starts(40), sentenceTexts(10));
        QVERIFY(v.hasMatrix());
        QVERIFY(v.message().isEmpty());
        QVERIFY(colourful(grabImage(v)) > 10000);
        const QString msg =
            "This film has no synopsis. Import one with File > Import Synopsis... (one sentence a line, "
            "or TRIPOD's CSV)";
        v.clear(msg);
        QVERIFY(!v.hasMatrix());
        QCOMPARE(v.message(), msg);
        const QImage img = grabImage(v);
        QCOMPARE(colourful(img), 0);
        // Some text is painted, in the middle.
        const QRgb bg = img.pixel(2, 2);
        int ink = 0;
        for (int x = 0; x < img.width(); ++x)
            for (int y = 150; y < 250; ++y)
                ink += img.pixel(x, y) != bg;
        QVERIFY(ink > 100);
        QVERIFY(!v.cellAt(QPoint(400, 200)));
        QVERIFY(v.toolTipAt(QPoint(400, 200)).isEmpty());
        // A matrix whose sizes do not add up is not drawn either: the view says so.
        auto bad = makeMatrix(40, 10);
        bad.soft.resize(17);
        v.setMatrix(bad, starts(40), sentenceTexts(10));
        QVERIFY(!v.hasMatrix());
        QVERIFY(v.message().contains("40 shots x 10 sentences"));
    }

    void sceneLinesWhereScenesAreApart() {
        ui::SyncMatrixView v;
        v.resize(800, 400);
        v.setMatrix(makeMatrix(40, 10), starts(40), sentenceTexts(10));
        const QImage before = grabImage(v);
        v.setSceneEnds({9, 24});
        const QImage after = grabImage(v);
        const int x = v.cellRect(10, 0).left();
        const QRect heat = v.heatmapRect();
        QVERIFY(differing(before, after, QRect(x - 1, heat.top(), 3, heat.height())) > heat.height() / 2);
        // Scenes a couple of pixels apart would hatch over the cells: only the axis shows them.
        ui::SyncMatrixView dense;
        dense.resize(800, 400);
        dense.setMatrix(makeMatrix(3000, 60), starts(3000), sentenceTexts(60));
        const QImage plain = grabImage(dense);
        std::vector<int64_t> ends;
        for (int64_t i = 2; i < 3000; i += 3)
            ends.push_back(i);
        dense.setSceneEnds(ends);
        QCOMPARE(differing(plain, grabImage(dense), dense.heatmapRect()), 0);
        dense.setZoom(40); // zoomed in they are far enough apart again
        const QImage zoomedPlain = [&] {
            dense.setSceneEnds({});
            return grabImage(dense);
        }();
        dense.setSceneEnds(ends);
        QVERIFY(differing(zoomedPlain, grabImage(dense), dense.heatmapRect()) > 0);
    }

    void followsThePlayhead() {
        ui::SyncMatrixView v;
        v.resize(1000, 400);
        v.setMatrix(makeMatrix(3000, 60), starts(3000), sentenceTexts(60));
        v.setZoom(10);
        v.setFirstVisibleShot(0);
        QVERIFY(v.followPlayhead());
        v.setPlayheadShot(100); // in view: no scroll
        QCOMPARE(v.firstVisibleShot(), 0);
        v.setPlayheadShot(2500);
        QCOMPARE(v.playheadShot(), int64_t(2500));
        const auto first = v.firstVisibleShot();
        QVERIFY(first <= 2500 && 2500 < double(first) + v.visibleShots());
        QVERIFY(v.heatmapRect().contains(v.cellRect(2500, 0).center()));
        v.setFollowPlayhead(false);
        v.setPlayheadShot(10);
        QCOMPARE(v.firstVisibleShot(), first);
        // The playhead's line is painted (red) in view.
        v.setFollowPlayhead(true);
        v.setPlayheadShot(2600);
        const QImage img = grabImage(v);
        const QRect c = v.cellRect(2600, 30);
        const QColor red(img.pixel(c.center().x(), c.center().y()));
        QVERIFY2(red.red() > 200 && red.green() < 100, qPrintable(red.name()));
    }

    void toolTipTellsShotTimeSentenceAndValue() {
        ui::SyncMatrixView v;
        v.resize(1000, 400);
        const auto m = makeMatrix(3000, 60);
        v.setMatrix(m, starts(3000), sentenceTexts(60));
        v.setGoldTps({11, -1, -1, -1, -1});
        v.setZoom(64);
        v.setFirstVisibleShot(400);
        const QPoint at = v.cellRect(411, 11).center();
        QCOMPARE(v.cellAt(at), std::optional<Cell>(Cell(411, 11)));
        const QString tip = v.toolTipAt(at);
        QVERIFY2(tip.contains("Shot 412"), qPrintable(tip));
        QVERIFY2(tip.contains("00:17:07"), qPrintable(tip)); // 411 x 2.5 s
        QVERIFY2(tip.contains("S12"), qPrintable(tip));
        QVERIFY2(tip.contains("Ann finds the letter number 12"), qPrintable(tip));
        QVERIFY2(tip.contains(QString("A = %1").arg(double(m.a(411, 11)), 0, 'f', 3)), qPrintable(tip));
        QVERIFY2(tip.contains(QString("W = %1").arg(m.w(411, 11) ? 1 : 0)), qPrintable(tip));
        QVERIFY2(tip.contains("gold TP1"), qPrintable(tip));
        const bool band = pipeline::inDiagonalBand(411, 11, 3000, 60, m.xi);
        QVERIFY2(tip.contains(band ? "in the band" : "outside the band"), qPrintable(tip));
        // Far off the diagonal.
        const QString off = v.toolTipAt(v.cellRect(405, 59).center());
        QVERIFY2(off.contains("outside the band") && off.contains("S60"), qPrintable(off));
    }

    void speedAt3000x60() {
        ui::SyncMatrixView v;
        v.resize(1400, 420);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        const auto m = makeMatrix(3000, 60);
        const auto st = starts(3000);
        const auto texts = sentenceTexts(60);
        QElapsedTimer t;
        t.start();
        v.setMatrix(m, st, texts);
        const double setMs = double(t.nsecsElapsed()) / 1e6;
        std::vector<int64_t> scenes;
        for (int64_t i = 9; i < 3000; i += 10)
            scenes.push_back(i);
        v.setSceneEnds(scenes);
        v.setGoldTps({3, 14, 30, 45, 57});
        v.setPredictedTps({4, 14, 31, 44, 58});
        v.setGoldTpShots({150, 700, 1500, 2250, 2850});
        v.setSelectedSentence(20);
        v.setPlayheadShot(1234);
        v.repaint(); // warm the glyph cache
        auto timeRepaint = [&](int n) {
            QElapsedTimer r;
            r.start();
            for (int k = 0; k < n; ++k)
                v.repaint();
            return double(r.nsecsElapsed()) / 1e6 / n;
        };
        const double whole = timeRepaint(40);
        v.setZoom(8);
        const double zoomed = timeRepaint(40);
        v.setMode(ui::SyncMatrixView::Mode::Expected);
        const double expectedMode = timeRepaint(40);
        QImage into(v.size(), QImage::Format_ARGB32_Premultiplied);
        t.restart();
        for (int k = 0; k < 40; ++k)
            v.render(&into);
        const double rendered = double(t.nsecsElapsed()) / 1e6 / 40;
        int64_t sink = 0;
        t.restart();
        const QRect heat = v.heatmapRect();
        for (int k = 0; k < 2000; ++k)
            sink +=
                v.toolTipAt(QPoint(heat.left() + k % heat.width(), heat.top() + k % heat.height())).size();
        const double hover = double(t.nsecsElapsed()) / 1e6 / 2000;
        t.restart();
        v.setMode(ui::SyncMatrixView::Mode::Soft);
        const double modeMs = double(t.nsecsElapsed()) / 1e6;
        qDebug("3000 x 60 at %dx%d: setMatrix %.2f ms, setMode %.2f ms; repaint whole film %.2f ms, zoomed "
               "x8 %.2f ms, "
               "W %.2f ms, render() %.2f ms; tooltip %.4f ms (%lld chars)",
               v.width(), v.height(), setMs, modeMs, whole, zoomed, expectedMode, rendered, hover,
               static_cast<long long>(sink));
    }
};

QTEST_MAIN(TstSyncMatrixView)
#include "tst_sync_matrix_view.moc"
