// core/features: extractors on real clips (determinism, what each one captures), the text encoder,
// per-shot aggregation, and .npy files.
#include "core/common/error.h"
#include "core/features/extractors.h"
#include "core/features/modality.h"
#include "core/features/npy.h"
#include "core/features/plugin.h"
#include "core/features/timing.h"
#include "core/shots/shot_list.h"
#include "support/fixtures.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace mega;
using namespace mega::features;

namespace {

const Modality& find(const ExtractResult& r, const std::string& name) {
    for (const auto& m : r.modalities)
        if (m.name == name) return m;
    throw Error("no modality " + name);
}

bool near(double a, double b) { return std::abs(a - b) < 1e-5; }

double distance(const float* a, const float* b, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

} // namespace

class TestFeatures : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::string path(const QString& n) const { return m_tmp.filePath(n).toStdString(); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        // 12 s: a low tone for 6 s then noise, over a red then a blue picture.
        QVERIFY(fixtures::ffmpeg({"-f", "lavfi", "-i", "color=c=red:s=320x180:r=25:d=6", "-f", "lavfi", "-i",
                                  "color=c=blue:s=320x180:r=25:d=6", "-f", "lavfi", "-i", "sine=f=220:d=6:sample_rate=44100",
                                  "-f", "lavfi", "-i", "anoisesrc=d=6:a=0.3:sample_rate=44100", "-filter_complex",
                                  "[0:v][1:v]concat=n=2:v=1:a=0[v];[2:a][3:a]concat=n=2:v=0:a=1[a]", "-map", "[v]",
                                  "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                                  m_tmp.filePath("two_halves.mp4")}));
    }

    void deterministic() {
        const auto a = extractFeatures(fixtures::clip("bikes.mp4").toStdString());
        const auto b = extractFeatures(fixtures::clip("bikes.mp4").toStdString());
        QCOMPARE(a.modalities.size(), size_t(4));
        for (size_t i = 0; i < a.modalities.size(); ++i) {
            QCOMPARE(a.modalities[i].name, b.modalities[i].name);
            QVERIFY(a.modalities[i].data == b.modalities[i].data);
            QVERIFY(a.modalities[i].intervals == b.modalities[i].intervals);
        }
        QCOMPARE(find(a, "appearance").count(), size_t(10)); // 10 s: one per second
        QCOMPARE(find(a, "appearance").intervals[3], (std::pair<double, double>(3.0, 4.0)));
        QVERIFY(find(a, "audio").count() == 0); // bikes.mp4 has no sound
        QVERIFY(!a.warnings.empty() && QString::fromStdString(a.warnings[0]).contains("no audio stream"));
    }

    void visualFeaturesFollowShots() {
        // bikes.mp4: vectors of seconds inside one shot are closer than across a cut, on average.
        const auto r = extractFeatures(fixtures::clip("bikes.mp4").toStdString());
        const auto shotList = shots::detectShots(fixtures::clip("bikes.mp4").toStdString()).shots;
        for (const char* name : {"appearance", "layout"}) {
            const Modality& m = find(r, name);
            auto shotOf = [&](double t) {
                for (size_t s = 0; s < shotList.size(); ++s)
                    if (t >= shotList[s].start_s && t < shotList[s].end_s) return static_cast<int>(s);
                return -1;
            };
            double same = 0, cross = 0;
            int nSame = 0, nCross = 0;
            for (size_t i = 0; i < m.count(); ++i)
                for (size_t j = i + 1; j < m.count(); ++j) {
                    const double d = distance(m.row(i), m.row(j), m.dim);
                    if (shotOf(m.intervals[i].first) == shotOf(m.intervals[j].first)) same += d, ++nSame;
                    else cross += d, ++nCross;
                }
            QVERIFY(nSame > 0 && nCross > 0);
            QVERIFY2(same / nSame < cross / nCross, qPrintable(QString("%1: within %2, across %3").arg(name).arg(same / nSame).arg(cross / nCross)));
        }
    }

    void eachModalitySeesItsChange() {
        const auto r = extractFeatures(path("two_halves.mp4"));
        const Modality& app = find(r, "appearance");
        QCOMPARE(app.count(), size_t(12));
        // Red and blue pictures: the same within a half, apart across.
        QVERIFY(distance(app.row(1), app.row(4), app.dim) < 0.05);
        QVERIFY(distance(app.row(1), app.row(8), app.dim) > 0.5);
        const Modality& motion = find(r, "motion");
        for (size_t i = 0; i < motion.count(); ++i)
            if (i != 5 && i != 6) QVERIFY(motion.row(i)[0] < 0.01); // still pictures
        QCOMPARE(motion.dim, int64_t(12));
        QVERIFY(motion.row(6)[11] > 0.1); // the cut: one large frame difference in second 6
        QVERIFY(std::abs(motion.row(6)[0] - motion.row(6)[11] / 25.0f) < 0.005); // the mean over its 25 pairs
        QVERIFY(motion.row(3)[11] < 0.01);
        const Modality& audio = find(r, "audio");
        QVERIFY(audio.count() >= 3);
        QCOMPARE(audio.intervals[0], (std::pair<double, double>(0.0, 10.0)));
        QVERIFY(std::abs(audio.intervals.back().second - 12.0) < 0.1);
        // A tone is quiet across most mel bands and steady; noise is loud everywhere and varies:
        // the mean log energy of the noise half's bands is far higher.
        const auto alone = extractFeatures(path("two_halves.mp4"), {{"audio"}, 256, 0}); // audio alone, no video decode
        QVERIFY(find(alone, "audio").data == audio.data);
        double toneHigh = 0, noiseHigh = 0;
        for (int m = 48; m < 64; ++m) { // high bands: silent for a 220 Hz tone
            toneHigh += audio.row(0)[m];
            noiseHigh += audio.row(audio.count() - 1)[m];
        }
        QVERIFY2(noiseHigh / 16 > toneHigh / 16 + 3.0, qPrintable(QString("%1 vs %2").arg(noiseHigh / 16).arg(toneHigh / 16)));
    }

    void textEncoder() {
        const TextEncoder enc;
        const std::vector<std::string> texts{"Brody closes the beaches after the shark attack.",
                                             "Brody closes the beaches after the shark attack.",
                                             "The mayor keeps the beaches open; the shark strikes again.",
                                             "Sethe lives alone with her daughter Denver near Cincinnati."};
        const auto m = enc.encode("t", texts, {{0, 1}, {1, 2}, {2, 3}, {3, 4}});
        QCOMPARE(m.count(), size_t(4));
        QCOMPARE(m.dim, int64_t(1024));
        QVERIFY(std::abs(cosine(m.row(0), m.row(1), 1024) - 1.0) < 1e-6);
        const double related = cosine(m.row(0), m.row(2), 1024), unrelated = cosine(m.row(0), m.row(3), 1024);
        QVERIFY2(related > unrelated + 0.1, qPrintable(QString("%1 vs %2").arg(related).arg(unrelated)));
        double norm = 0;
        for (int i = 0; i < 1024; ++i) norm += m.row(3)[i] * m.row(3)[i];
        QVERIFY(std::abs(norm - 1.0) < 1e-5);
        QVERIFY_THROWS_EXCEPTION(Error, enc.encode("t", texts, {{0, 1}}));
        // IDF: a word in every text counts less than a rare one. "alpha" and "zeta" look alike to
        // the hashing (five letters each), but only "zeta" is rare here.
        const std::vector<std::string> corpus{"alpha zeta", "alpha", "zeta", "alpha", "alpha", "alpha", "alpha", "alpha"};
        std::vector<std::pair<double, double>> at;
        for (size_t i = 0; i < corpus.size(); ++i) at.emplace_back(i, i + 1);
        const auto c = enc.encode("idf", corpus, at);
        const double rare = cosine(c.row(0), c.row(2), 1024), common = cosine(c.row(0), c.row(1), 1024);
        QVERIFY2(rare > common + 0.1, qPrintable(QString("%1 vs %2").arg(rare).arg(common)));
    }

    void aggregationFollowsTheOverlapRule() {
        Modality m{"m", 2, {}, {}};
        const float a[2] = {1, 0}, b[2] = {0, 1}, c[2] = {4, 4};
        m.append(a, 0.0, 1.0);
        m.append(b, 1.0, 2.0);
        m.append(c, 0.5, 3.5); // a long window overlaps several shots
        const std::vector<shots::Shot> shotList{{0, 9, 0.0, 0.4}, {10, 39, 0.4, 1.5}, {40, 59, 1.5, 3.0}, {60, 99, 3.6, 5.0}};
        const auto per = aggregate(m, shotList);
        QCOMPARE(per.mask, (std::vector<uint8_t>{1, 1, 1, 0}));
        QCOMPARE(per.data[0], 1.0f); // only a
        QCOMPARE(per.data[2], 5.0f / 3.0f); // a, b and c
        QCOMPARE(per.data[3], 5.0f / 3.0f);
        QCOMPARE(per.data[4], 2.0f); // b and c
        QCOMPARE(per.data[6], 0.0f); // none: zeros and mask 0
        QCOMPARE(aggregate(m, {}).data.size(), size_t(0));
    }

    void timingOfShots() {
        // Five shots of 1 s around a long one of 8 s (an establishing shot), then three more.
        std::vector<shots::Shot> list;
        double t = 0;
        for (double len : {1.0, 1.0, 1.0, 1.0, 1.0, 8.0, 1.0, 1.0, 1.0}) {
            list.push_back({int64_t(t * 24), int64_t((t + len) * 24) - 1, t, t + len});
            t += len;
        }
        const PerShot p = timing(list);
        QCOMPARE(p.name, std::string("timing"));
        QCOMPARE(p.dim, kTimingDim);
        QCOMPARE(p.mask, std::vector<uint8_t>(9, 1));
        auto at = [&](int shot, int col) { return double(p.data[size_t(shot * p.dim + col)]); };
        QVERIFY(near(at(5, 0), std::log(8.0)));
        QVERIFY(near(at(0, 0), 0.0));
        QVERIFY(near(at(0, 1), 0.0));                 // the film's start
        QVERIFY(near(at(5, 1), 5.0 / 16.0));          // starts at 5 s of 16
        QVERIFY(near(at(5, 2), std::log(8.0)));       // its 2 neighbours each side are 1 s (log 0)
        QVERIFY(at(4, 2) < 0 && at(6, 2) < 0);   // beside it, each shot is shorter than its neighbours
        QVERIFY(at(5, 5) > 2.5);                 // stands out over the film
        QVERIFY(near(at(5, 6), 1.0));                 // longer than the 4 shots on each side
        QVERIFY(near(at(0, 6), 0.0));                 // as long as the others: none shorter
        QVERIFY(near(at(4, 7), std::log(8.0)));       // the cut after shot 4 opens on the long shot
        QVERIFY(near(at(4, 8), at(5, 3)));
        QVERIFY(near(at(4, 9), at(5, 5)));
        QVERIFY(near(at(8, 7), 0.0));                 // no cut after the last shot
        QCOMPARE(timing({}).data.size(), size_t(0));
        const PerShot one = timing({list[0]});
        QCOMPARE(one.data[2], 0.0f); // no neighbours: no difference
    }

    void speechOfSubtitles() {
        // Six 2-second shots; a conversation about a boat over shots 0-2 (one line runs across the cut
        // after shot 0), 3 s of silence around the cut after shot 2, then a different conversation.
        std::vector<shots::Shot> list;
        for (int i = 0; i < 6; ++i) list.push_back({i * 48, i * 48 + 47, 2.0 * i, 2.0 * i + 2});
        const std::vector<media::SubtitleCue> cues{
            {4.2, 5.0, "the boat leaves at dawn"}, // out of order: sorted by start
            {0.5, 3.0, "is the boat ready for the sea"},
            {3.0, 3.5, "the boat is ready"},
            {7.5, 9.5, "my train to paris was late again"},
            {9.6, 11.5, "paris in the rain with the train"},
        };
        const PerShot p = speech(cues, list);
        QCOMPARE(p.name, std::string("speech"));
        QCOMPARE(p.dim, kSpeechDim);
        QCOMPARE(p.mask, std::vector<uint8_t>(6, 1));
        auto at = [&](int shot, int col) { return double(p.data[size_t(shot * p.dim + col)]); };
        QVERIFY(near(at(0, 0), 1.5 / 2.0));       // shot 0 [0, 2): spoken 0.5-2.0
        QVERIFY(near(at(1, 0), 1.5 / 2.0));       // shot 1 [2, 4): 2.0-3.0 and 3.0-3.5
        QVERIFY(near(at(0, 3), 1.0));             // a cue runs across the cut at 2 s
        QVERIFY(near(at(0, 2), 0.0));
        QVERIFY(near(at(2, 3), 0.0));
        QVERIFY(near(at(2, 2), std::log1p(2.5))); // cut at 6 s: speech ends at 5.0, starts again at 7.5
        QVERIFY(at(0, 1) > 0);               // words per second
        QVERIFY(near(at(5, 2), 0.0));             // no cut after the last shot
        // The words change across the cut after shot 2 (boats, then trains) more than after shot 0.
        QVERIFY2(at(2, 4) > at(0, 4) + 0.3, qPrintable(QString("%1 vs %2").arg(at(2, 4)).arg(at(0, 4))));
        // A line that starts right at a cut does not run across it.
        const std::vector<shots::Shot> two{{0, 47, 0.0, 2.0}, {48, 95, 2.0, 4.0}};
        const PerShot edge = speech({{0.5, 1.5, "hello there"}, {2.0, 3.0, "and here"}}, two);
        QCOMPARE(edge.data[3], 0.f);
        QVERIFY(near(edge.data[2], std::log1p(0.5)));
        // No subtitles: absent (mask 0), not silent.
        const PerShot none = speech({}, list);
        QCOMPARE(none.mask, std::vector<uint8_t>(6, 0));
        QCOMPARE(none.data, std::vector<float>(6 * size_t(kSpeechDim), 0.f));
    }

    void wordsCarryWithinScenes() {
        // Forty 3-second shots: Jack and boats over shots 0-19 (0-60 s), silence over 20-24, Maria and
        // trains over 25-39. Every line has "the" (a word in every cue weighs nothing).
        std::vector<shots::Shot> list;
        for (int i = 0; i < 40; ++i) list.push_back({i * 72, i * 72 + 71, 3.0 * i, 3.0 * i + 3});
        const char* boats[] = {"boat sails at dawn", "harbour boat anchor", "sails and anchor rope", "dawn harbour sea"};
        const char* trains[] = {"train to paris", "station platform ticket", "paris platform delay", "ticket train station"};
        std::vector<media::SubtitleCue> cues;
        for (int i = 0; i < 40; ++i) {
            if (i < 20) cues.push_back({3.0 * i + 0.5, 3.0 * i + 2.5, std::string("well Jack the ") + boats[i % 4]});
            if (i >= 25) cues.push_back({3.0 * i + 0.5, 3.0 * i + 2.5, std::string("<i>so Maria the ") + trains[i % 4] + "</i>"});
        }
        const PerShot p = speech(cues, list);
        auto at = [&](int shot, int col) { return double(p.data[size_t(shot * p.dim + col)]); };
        // Within the boats (the cut at 30 s): the words carry at every scale that holds both sides.
        for (int w = 0; w < 2; ++w) QVERIFY2(at(9, 8 + w) > 0.5, qPrintable(QString("%1: %2").arg(w).arg(at(9, 8 + w))));
        QVERIFY(near(at(4, 12), 1.0)); // the cut at 15 s: Jack on both sides within 60 s, no one else
        QVERIFY(near(at(9, 12), 0.5)); // at 30 s: Maria too, 46.5 s after
        // The cut at 60 s ends the boats: nothing said in the next 15 s (-0.2), no word carries over
        // 30, 60 or 120 s, nor a name.
        QVERIFY(near(at(19, 8), -0.2));
        for (int w = 1; w < 4; ++w) QVERIFY2(near(at(19, 8 + w), 0.0), qPrintable(QString("%1: %2").arg(w).arg(at(19, 8 + w))));
        QVERIFY(near(at(19, 12), 0.0));
        QVERIFY(near(at(19, 13), std::log1p(20.0))); // the cues within 60 s before and after
        QVERIFY(near(at(19, 14), std::log1p(15.0)));
        QVERIFY(at(9, 11) > at(19, 11) + 0.3);
        // The last shot has no cut.
        for (int c = 8; c < kSpeechDim; ++c) QCOMPARE(at(39, c), 0.0);
    }

    void subtitlesFittedToTheCuts() {
        // 400 shots of 1-6 s; the subtitles were timed for a 25 fps release starting 3.2 s later: a
        // time t of the film's cuts is (t - 3.2) * 25 / 24 in the subtitles. Half the cues start or end
        // on a cut (as their authors time them), the rest anywhere.
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> len(1.0, 6.0), u(0.0, 1.0);
        std::vector<shots::Shot> list;
        double t = 0;
        for (int i = 0; i < 400; ++i) {
            const double l = len(rng);
            list.push_back({int64_t(t * 24), int64_t((t + l) * 24) - 1, t, t + l});
            t += l;
        }
        std::vector<media::SubtitleCue> truth;
        for (size_t i = 10; i + 2 < list.size(); i += 3) {
            const double start = (u(rng) < 0.5 || i == 10) ? list[i].start_s : list[i].start_s + 0.3 + 0.4 * u(rng);
            truth.push_back({start, start + 0.8 + 0.8 * u(rng), "a line of words number " + std::to_string(i)});
        }
        const double scale = 25.0 / 24.0, offset = -3.2 * 25.0 / 24.0; // film time to subtitle time
        std::vector<media::SubtitleCue> shifted = truth;
        for (auto& c : shifted) c.start_s = c.start_s * scale + offset, c.end_s = c.end_s * scale + offset;

        const CueFit fit = fitCuesToCuts(shifted, list);
        QVERIFY(fit.applied);
        QVERIFY2(std::abs(fit.scale - 24.0 / 25.0) < 1e-9, qPrintable(QString::number(fit.scale, 'f', 6)));
        QVERIFY2(std::abs(fit.offset_s - 3.2) < 0.005, qPrintable(QString::number(fit.offset_s, 'f', 4)));
        QCOMPARE(fit.edges, int(2 * shifted.size()));
        QVERIFY(fit.on_cut >= int(shifted.size() / 2) - 5);
        QVERIFY(fit.on_cut >= 3 * fit.chance);
        const auto back = retimed(shifted, fit, list);
        // Within 60 ms of the truth (an edge that near a cut is put on it; the truth keeps it where it is).
        for (size_t i = 0; i < back.size(); ++i) {
            QVERIFY(std::abs(back[i].start_s - truth[i].start_s) < 0.07);
            QVERIFY(std::abs(back[i].end_s - truth[i].end_s) < 0.07);
        }
        QCOMPARE(back[0].start_s, list[10].start_s); // an edge timed to a cut is put on it exactly
        // The speech rule reads the cues retimed: shifted subtitles describe the shots as the true ones.
        const PerShot a = speech(truth, list), b = speech(shifted, list);
        int differ = 0;
        for (size_t i = 0; i < a.data.size(); ++i) differ += std::abs(a.data[i] - b.data[i]) > 0.01f;
        QVERIFY2(differ < int(a.data.size() / 50), qPrintable(QString::number(differ))); // edges near a cut are put on it

        // Cues timed to the cuts already: nothing to do.
        QVERIFY(!fitCuesToCuts(truth, list).applied);
        // Cues that ignore the cuts (every edge 0.3-0.7 s after a shot's start): no fit stands out; the
        // times are kept.
        std::vector<media::SubtitleCue> loose;
        for (size_t i = 0; i + 1 < list.size(); ++i) {
            const double s = list[i].start_s + 0.3 + 0.4 * u(rng);
            loose.push_back({s * 1.013 + 11.7, s * 1.013 + 11.7 + 0.5 + u(rng), "words"});
        }
        const CueFit none = fitCuesToCuts(loose, list);
        QVERIFY2(!none.applied, qPrintable(QString("%1 on cuts, chance %2").arg(none.on_cut).arg(none.chance)));
        QCOMPARE(retimed(loose, none, list)[5].start_s, loose[5].start_s);
        // A few dozen edges on cuts under some offset are not a release's timing: every 12th shot's
        // last line ending 1.5 s before its cut (a scene's talk stops before the scene does).
        std::vector<media::SubtitleCue> talk;
        for (size_t i = 11; i < list.size(); i += 12) talk.push_back({list[i].end_s - 3.5, list[i].end_s - 1.5, "words"});
        const CueFit few = fitCuesToCuts(talk, list);
        QVERIFY2(!few.applied, qPrintable(QString("%1 on cuts of %2").arg(few.on_cut).arg(few.edges)));
        QVERIFY(!fitCuesToCuts({}, list).applied);
        QVERIFY(!fitCuesToCuts(shifted, {}).applied);
    }

    void npyFiles() {
        const std::vector<float> f{1.5f, -2.0f, 3.25f, 0.0f, 1e-3f, 7.0f};
        writeNpy(path("a.npy"), f.data(), 2, 3);
        const auto a = readNpy(path("a.npy"));
        QCOMPARE(a.shape, (std::vector<int64_t>{2, 3}));
        QCOMPARE(a.descr, std::string("<f4"));
        for (size_t i = 0; i < f.size(); ++i) QCOMPARE(static_cast<float>(a.values[i]), f[i]);
        QFile raw(m_tmp.filePath("a.npy"));
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray bytes = raw.readAll();
        QCOMPARE(bytes.size(), 128 + 24); // a 64-aligned header, then the data
        QVERIFY(bytes.startsWith("\x93NUMPY\x01\x00"));
        const std::vector<double> d{0.0, 1.0, 1.0, 2.0};
        writeNpy(path("d.npy"), d.data(), 2, 2);
        QCOMPARE(readNpy(path("d.npy")).values, d);
        fixtures::writeText(m_tmp.filePath("bad.npy"), "not numpy");
        QVERIFY_THROWS_EXCEPTION(Error, readNpy(path("bad.npy")));
        fixtures::truncateCopy(m_tmp.filePath("a.npy"), m_tmp.filePath("short.npy"), 140);
        try {
            readNpy(path("short.npy"));
            QFAIL("read a truncated file");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("short.npy") && QString(e.what()).contains("truncated"), e.what());
        }
    }

    void pluginExtractors() {
        const std::string frames = fixtures::source("tests/fixtures/tiny_frames.json").toStdString();
        const std::string audio = fixtures::source("tests/fixtures/tiny_audio.json").toStdString();
        const auto r = extractFeatures(path("two_halves.mp4"), {{frames, audio}, 256, 0});
        const Modality& f = find(r, "tiny_frames");
        QCOMPARE(f.dim, int64_t(8));
        QCOMPARE(f.count(), size_t(24)); // 2 per second for 12 s
        QCOMPARE(f.intervals[3], (std::pair<double, double>(1.5, 2.0)));
        // The model is W * normalised channel means + b, with W[i][j] = cos(3i + j), b = linspace(-.5, .5):
        // a red frame must give exactly that, which checks channel order, scaling and mean/std.
        const double mean[3] = {0.485, 0.456, 0.406}, stdev[3] = {0.229, 0.224, 0.225};
        const double red[3] = {254.0 / 255.0, 0.0, 0.0};
        for (int i = 0; i < 8; ++i) {
            double expected = -0.5 + i / 7.0;
            for (int j = 0; j < 3; ++j) expected += std::cos(3.0 * i + j) * (red[j] - mean[j]) / stdev[j];
            QVERIFY2(std::abs(f.row(2)[i] - expected) < 0.08, qPrintable(QString("output %1: %2 vs %3").arg(i).arg(f.row(2)[i]).arg(expected)));
        }
        const Modality& a = find(r, "tiny_audio");
        QCOMPARE(a.dim, int64_t(4));
        QVERIFY(a.count() >= 11);
        QVERIFY2(a.row(a.count() - 1)[1] > 5 * a.row(1)[1], "noise must change faster than a 220 Hz tone");
    }

    void pluginsByName() {
        // NAME finds models/extractors/NAME.json in $MEGA_MODELS_DIR (then the source tree's, then the installed one).
        QVERIFY(QDir().mkpath(m_tmp.filePath("models/extractors")));
        QVERIFY(QFile::copy(fixtures::source("tests/fixtures/tiny_frames.json"), m_tmp.filePath("models/extractors/tiny.json")));
        QVERIFY(QFile::copy(fixtures::source("tests/fixtures/tiny_frames.pt"), m_tmp.filePath("models/extractors/tiny_frames.pt")));
        qputenv("MEGA_MODELS_DIR", m_tmp.filePath("models").toUtf8());
        QCOMPARE(findPluginManifest("tiny").value_or(""), path("models/extractors/tiny.json"));
        QVERIFY(!findPluginManifest("nothing-like-this"));
        const auto r = extractFeatures(fixtures::clip("bikes.mp4").toStdString(), {{"tiny"}, 256, 0});
        QCOMPARE(find(r, "tiny_frames").count(), size_t(20)); // 10 s at 2 per second
        qunsetenv("MEGA_MODELS_DIR");
    }

    void pluginErrors() {
        auto manifest = [&](const QString& name, const QByteArray& text) {
            fixtures::writeText(m_tmp.filePath(name), text);
            return path(name);
        };
        QFile::copy(fixtures::source("tests/fixtures/tiny_frames.pt"), m_tmp.filePath("tiny_frames.pt"));
        fixtures::writeText(m_tmp.filePath("words.pt"), "this is not a model");
        const std::string lying = manifest("lying.json", R"({"name": "x", "model": "tiny_frames.pt", "output_dim": 9,
            "input": {"kind": "frames", "width": 32, "height": 32}})");
        const std::string notModel = manifest("words.json", R"({"name": "x", "model": "words.pt", "output_dim": 8,
            "input": {"kind": "frames", "width": 32, "height": 32}})");
        const std::string missing = manifest("missing.json", R"({"name": "x", "model": "gone.pt", "output_dim": 8,
            "input": {"kind": "frames", "width": 32, "height": 32}})");
        const std::string broken = manifest("broken.json", R"({"name": "x", "model": )");
        const std::string kind = manifest("kind.json", R"({"name": "x", "model": "tiny_frames.pt", "output_dim": 8,
            "input": {"kind": "video"}})");
        auto says = [&](const std::string& m, const QString& what) {
            try {
                extractFeatures(fixtures::clip("bikes.mp4").toStdString(), {{m}, 256, 0});
                QFAIL("no error");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(what), e.what());
            }
        };
        says(lying, "the manifest says output_dim 9 but");
        says(lying, "lying.json");
        says(notModel, "not a TorchScript model");
        says(missing, "gone.pt does not exist");
        says(broken, "broken.json': not valid JSON");
        says(kind, "input.kind must be");
    }

    void badInput() {
        QVERIFY_THROWS_EXCEPTION(Error, makeExtractor("clip"));
        QVERIFY_THROWS_EXCEPTION(Error, extractFeatures(path("none.mp4")));
        std::stop_source stop;
        stop.request_stop();
        QVERIFY_THROWS_EXCEPTION(Cancelled, extractFeatures(fixtures::clip("bikes.mp4").toStdString(), {}, {}, stop.get_token()));
    }
};

QTEST_GUILESS_MAIN(TestFeatures)
#include "tst_features.moc"
