// The cut at a glance (issue 15), offscreen: the three pictures shown for a cut are the exact frames
// (compared with frames read in order from the film's start), cuts decoded ahead are shown from the
// cache without decoding, and a missing, truncated or foreign file, or a frame past the end, gives a
// failure naming the file and a placeholder, never a crash or a hang.
#include "core/demo/generated_film.h"
#include "core/film/timecode.h"
#include "core/media/frame_reader.h"
#include "support/fixtures.h"
#include "ui/cut_frames.h"

#include <QApplication>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>
#include <set>

using namespace mega;

namespace {

constexpr int kHeight = 120; // decoded smaller than the film (320x180): the scaling path too

/// Mean absolute difference per channel value between a shown picture and a decoded frame.
double meanAbsDiff(const QImage& shown, const media::Frame& f) {
    if (shown.isNull()) return 1e9;
    const QImage img = shown.convertToFormat(QImage::Format_RGB888);
    if (img.width() != f.width || img.height() != f.height) return 1e9;
    double sum = 0;
    const int rowBytes = f.width * 3;
    for (int y = 0; y < f.height; ++y) {
        const uchar* a = img.constScanLine(y);
        const uint8_t* b = f.row(y);
        for (int x = 0; x < rowBytes; ++x)
            sum += std::abs(int(a[x]) - int(b[x]));
    }
    return sum / (double(rowBytes) * f.height);
}

} // namespace

class TestCutFrames : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_film;
    demo::GeneratedFilm m_generated;
    std::vector<film::Shot> m_shots;
    std::map<int64_t, media::Frame> m_reference; // frames read in order from the start

    bool waitComplete(ui::CutFramesView& v, int ms = 20000) {
        QElapsedTimer t;
        t.start();
        while (!v.complete() && t.elapsed() < ms)
            QTest::qWait(5);
        return v.complete();
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("MEGA Studio Tests");
        QVERIFY(m_tmp.isValid());
        demo::DemoOptions o;
        o.duration_s = 40;
        o.width = 320;
        o.height = 180;
        m_generated = demo::makeDemoFilm(m_tmp.filePath("demo").toStdString(), o);
        m_film = QString::fromStdString(m_generated.film);
        const auto& starts = m_generated.shot_starts;
        QVERIFY(starts.size() >= 8);
        for (size_t i = 0; i < starts.size(); ++i) {
            film::Shot s;
            s.start_frame = starts[i];
            s.end_frame = i + 1 < starts.size() ? starts[i + 1] - 1 : m_generated.frame_count - 1;
            s.start_s = double(s.start_frame) / o.fps;
            s.end_s = double(s.end_frame + 1) / o.fps;
            m_shots.push_back(s);
        }
        // Every frame around every cut, decoded in order from the first frame (no seeking).
        std::set<int64_t> wanted;
        for (const int64_t c : m_generated.cuts)
            for (int64_t f = c - 2; f <= c + 2; ++f)
                wanted.insert(f);
        media::FrameReaderOptions ro;
        ro.height = kHeight;
        media::FrameReader reader(m_generated.film, ro);
        media::Frame f;
        while (reader.next(f))
            if (wanted.contains(f.index)) m_reference[f.index] = f;
        QCOMPARE(m_reference.size(), wanted.size());
    }

    void cutFramesOfShots() {
        for (size_t i = 0; i + 1 < m_shots.size(); ++i) {
            const auto c = ui::cutFrames(m_shots, int64_t(i));
            QVERIFY(c);
            QCOMPARE(c->first_in, m_generated.cuts[i]);
            QCOMPARE(c->last_out, m_generated.cuts[i] - 1);
            QCOMPARE(c->second_in, m_generated.cuts[i] + 1);
        }
        QVERIFY(!ui::cutFrames(m_shots, -1));
        QVERIFY(!ui::cutFrames(m_shots, int64_t(m_shots.size()) - 1)); // no cut after the last shot
        QVERIFY(!ui::cutFrames({m_shots.front()}, 0));
        // A last shot of one frame: its "second" frame is clamped to the film's last.
        std::vector<film::Shot> shots{{0, 9, 0.0, 0.4}, {10, 10, 0.4, 0.44}};
        const auto c = ui::cutFrames(shots, 0);
        QVERIFY(c);
        QCOMPARE(c->frames(), (std::array<int64_t, 3>{9, 10, 10}));
    }

    void showsTheExactFrames() {
        ui::CutFramesView view;
        view.resize(960, 220);
        view.setFilm(m_film, kHeight);
        view.show();
        const int64_t n = int64_t(m_shots.size());
        for (const int64_t shot : {int64_t(0), n / 2, n - 2, int64_t(1)}) { // backwards too
            view.showCut(m_shots, shot, 25.0);
            QVERIFY2(waitComplete(view), qPrintable(QString("cut after shot %1 not shown").arg(shot)));
            const auto frames = view.wantedFrames();
            QCOMPARE(view.displayedFrames(), frames);
            QCOMPARE(frames[1], m_generated.cuts[size_t(shot)]);
            for (int k = 0; k < 3; ++k) {
                const double same = meanAbsDiff(view.image(k), m_reference.at(frames[size_t(k)]));
                QVERIFY2(
                    same < 0.5,
                    qPrintable(
                        QString("shot %1 slot %2: differs from its frame by %3").arg(shot).arg(k).arg(same)));
            }
            // The neighbour across the cut is another picture altogether.
            const double across0 = meanAbsDiff(view.image(0), m_reference.at(frames[1]));
            const double across1 = meanAbsDiff(view.image(1), m_reference.at(frames[0]));
            QVERIFY2(
                across0 > 8 && across1 > 8,
                qPrintable(QString("shot %1: across the cut %2 / %3").arg(shot).arg(across0).arg(across1)));
            QVERIFY(view.caption(0).contains(QString("last of shot %1").arg(shot + 1)));
            QVERIFY(view.caption(0).contains(QString::fromStdString(film::timecode(frames[0], 25.0))));
            QVERIFY(view.caption(1).contains(QString("first of shot %1").arg(shot + 2)));
            QVERIFY(view.caption(2).contains(QString("second of shot %1").arg(shot + 2)));
            QVERIFY(!view.grab().isNull());
        }
        // A cut's three frames take one seek: two adjacent ones after the first.
        QVERIFY2(view.cache()->stats().seeks <= 4, qPrintable(QString::number(view.cache()->stats().seeks)));
        view.showCut(m_shots, n - 1, 25.0); // no cut after the last shot
        QCOMPARE(view.wantedFrames(), (std::array<int64_t, 3>{-1, -1, -1}));
        QVERIFY(!view.complete());
    }

    void prefetchedCutsAreNotDecodedAgain() {
        ui::CutFramesView view;
        view.resize(960, 220);
        view.setFilm(m_film, kHeight);
        view.show();
        view.showCut(m_shots, 0, 25.0, {1, 2, 3, 4});
        QVERIFY(waitComplete(view));
        auto* cache = view.cache();
        QTRY_COMPARE_WITH_TIMEOUT(cache->pending(), 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(cache->stats().delivered >= 15, 20000);
        const auto before = cache->stats();
        QVERIFY2(before.seeks <= 5, qPrintable(QString::number(before.seeks)));
        for (int64_t shot = 1; shot <= 4; ++shot) {
            // Shown at once, without the event loop: nothing to wait for.
            view.showCut(m_shots, shot, 25.0);
            QVERIFY2(view.complete(), qPrintable(QString("cut after shot %1 was not prefetched").arg(shot)));
            for (int k = 0; k < 3; ++k)
                QVERIFY(meanAbsDiff(view.image(k), m_reference.at(view.wantedFrames()[size_t(k)])) < 0.5);
        }
        QTest::qWait(50);
        const auto after = cache->stats();
        QCOMPARE(after.decoded, before.decoded);
        QCOMPARE(after.seeks, before.seeks);
        QCOMPARE(after.hits - before.hits, int64_t(12));
        // The next one was not asked ahead: it is decoded, once.
        view.showCut(m_shots, 6, 25.0);
        QVERIFY(!view.complete());
        QVERIFY(waitComplete(view));
        QCOMPARE(cache->stats().delivered, after.delivered + 3);
    }

    void newerRequestsComeFirst() {
        // A long list of prefetches queued, then a cut far away: it is shown before the prefetches end.
        ui::CutFrameCache cache;
        cache.setFilm(m_film, kHeight);
        QSignalSpy ready(&cache, &ui::CutFrameCache::frameReady);
        std::vector<int64_t> lots;
        for (int64_t f = 0; f < 300; f += 7)
            lots.push_back(f);
        cache.request(lots);
        const int64_t far = m_generated.cuts.back();
        cache.request({far});
        QTRY_VERIFY_WITH_TIMEOUT(cache.cached(far).has_value(), 20000);
        int position = -1;
        for (int i = 0; i < ready.count(); ++i)
            if (ready.at(i).at(0).toLongLong() == far) position = i;
        QVERIFY(position >= 0);
        QVERIFY2(position < 5, qPrintable(QString("the newest request came %1th").arg(position)));
    }

    void missingFile() {
        ui::CutFramesView view;
        view.resize(960, 220);
        const QString missing = m_tmp.filePath("no/such/film.mp4");
        QSignalSpy failed(view.cache(), &ui::CutFrameCache::failed);
        view.setFilm(missing);
        view.show();
        view.showCut(m_shots, 0, 25.0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 10000);
        for (const auto& args : failed)
            QVERIFY2(args.at(1).toString().contains(missing), qPrintable(args.at(1).toString()));
        for (int k = 0; k < 3; ++k)
            QVERIFY(view.failure(k).contains(missing));
        qInfo("missing: %s", qPrintable(view.failure(0)));
        QVERIFY(!view.complete());
        QCOMPARE(view.displayedFrames(), (std::array<int64_t, 3>{-1, -1, -1}));
        QVERIFY(!view.grab().isNull()); // the placeholders paint
        QCOMPARE(view.cache()->frameCount(), int64_t(-1));
    }

    void notAFilm() {
        const QString junk = m_tmp.filePath("junk.mp4");
        QVERIFY(fixtures::randomFile(junk, 200000));
        ui::CutFrameCache cache;
        QSignalSpy failed(&cache, &ui::CutFrameCache::failed);
        cache.setFilm(junk);
        cache.request({0, 1});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
        QVERIFY(failed.at(0).at(1).toString().contains(junk));
        qInfo("not a film: %s", qPrintable(failed.at(0).at(1).toString()));
    }

    void truncatedFile() {
        const QString cut = m_tmp.filePath("truncated.mp4");
        QVERIFY(fixtures::truncateCopy(m_film, cut, QFileInfo(m_film).size() / 2));
        ui::CutFramesView view;
        view.resize(960, 220);
        QSignalSpy failed(view.cache(), &ui::CutFrameCache::failed);
        QSignalSpy ready(view.cache(), &ui::CutFrameCache::frameReady);
        view.setFilm(cut, kHeight);
        view.show();
        // The last cut lies in the half that is gone.
        view.showCut(m_shots, int64_t(m_shots.size()) - 2, 25.0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count() + ready.count(), 3, 20000);
        QVERIFY(failed.count() >= 1);
        qInfo("truncated: %s", qPrintable(failed.at(0).at(1).toString()));
        for (const auto& args : failed)
            QVERIFY2(args.at(1).toString().contains(cut), qPrintable(args.at(1).toString()));
        QVERIFY(!view.complete());
        QVERIFY(!view.grab().isNull());
        // The same request again answers from what it learnt, at once, and nothing hangs.
        failed.clear();
        view.showCut(m_shots, int64_t(m_shots.size()) - 2, 25.0);
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 1, 10000);
    }

    void pastTheEnd() {
        ui::CutFrameCache cache;
        QSignalSpy failed(&cache, &ui::CutFrameCache::failed);
        QSignalSpy ready(&cache, &ui::CutFrameCache::frameReady);
        cache.setFilm(m_film, kHeight);
        const int64_t n = m_generated.frame_count;
        cache.request({n, n + 1000, -1});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 20000);
        for (const auto& args : failed) {
            QVERIFY2(args.at(1).toString().contains(m_film), qPrintable(args.at(1).toString()));
            QVERIFY2(args.at(1).toString().contains("past the end"), qPrintable(args.at(1).toString()));
        }
        qInfo("past the end: %s", qPrintable(failed.at(0).at(1).toString()));
        QCOMPARE(cache.frameCount(), n);
        // The cache still works afterwards: the very last frame decodes.
        cache.request({n - 1});
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
        QCOMPARE(ready.at(0).at(0).toLongLong(), n - 1);
        QCOMPARE(ready.at(0).at(1).value<QImage>().height(), kHeight);
    }

    void switchingFilmsForgetsTheOld() {
        ui::CutFramesView view;
        view.setFilm(m_film, kHeight);
        view.showCut(m_shots, 0, 25.0);
        view.setFilm(m_tmp.filePath("gone.mp4"), kHeight); // at once, while decoding
        QCOMPARE(view.wantedFrames(), (std::array<int64_t, 3>{-1, -1, -1}));
        QSignalSpy failed(view.cache(), &ui::CutFrameCache::failed);
        view.showCut(m_shots, 0, 25.0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, 10000);
        QTest::qWait(100);
        QCOMPARE(view.displayedFrames(), (std::array<int64_t, 3>{-1, -1, -1})); // no picture of the old film
        QVERIFY(!view.cache()->cached(m_generated.cuts[0]).has_value());
    }

    void destroyedWhileDecoding() {
        // Closing the window while the worker is busy neither hangs nor crashes.
        auto view = std::make_unique<ui::CutFramesView>();
        view->setFilm(m_film, kHeight);
        std::vector<ui::CutFrames> ahead;
        for (int64_t s = 0; s + 1 < int64_t(m_shots.size()); ++s)
            ahead.push_back(*ui::cutFrames(m_shots, s));
        view->prefetchCuts(ahead);
        QTest::qWait(20);
        QElapsedTimer t;
        t.start();
        view.reset();
        QVERIFY(t.elapsed() < 5000);
    }
};

QTEST_MAIN(TestCutFrames)
#include "tst_cut_frames.moc"
