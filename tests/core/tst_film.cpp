// core/film: the domain's words and the rules between them: sources, timecode, scenes from
// boundaries, acts from turning points, a film's sidecar files.
#include "core/common/error.h"
#include "core/film/film.h"
#include "core/film/sidecars.h"
#include "core/film/source.h"
#include "core/film/structure.h"
#include "core/film/timecode.h"
#include "support/expect_error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace mega;
using namespace mega::film;

namespace {

/// n shots of 50 frames at 25 fps: shot i is [2i, 2i + 2) seconds.
std::vector<Shot> makeShots(int n) {
    std::vector<Shot> s;
    for (int i = 0; i < n; ++i)
        s.push_back({i * 50, i * 50 + 49, i * 2.0, i * 2.0 + 2.0});
    return s;
}

SceneBoundary boundary(int64_t shot, ReviewStatus status = ReviewStatus::Unreviewed) {
    SceneBoundary b;
    b.shot_index = shot;
    b.status = status;
    return b;
}

TurningPoint tpOn(int tp, UnitKind unit, int64_t index, const std::string& annotator = "",
                  ReviewStatus status = ReviewStatus::Accepted) {
    TurningPoint t;
    t.tp = tp;
    t.unit = unit;
    t.index = index;
    t.annotator = annotator;
    t.status = status;
    return t;
}

/// Each scene as "first-last".
QStringList spans(const std::vector<Scene>& scenes) {
    QStringList out;
    for (const auto& s : scenes)
        out << QString("%1-%2").arg(s.first_shot).arg(s.last_shot);
    return out;
}

/// Each act as "first-last".
QStringList spans(const std::vector<Act>& acts) {
    QStringList out;
    for (const auto& a : acts)
        out << QString("%1-%2").arg(a.first_shot).arg(a.last_shot);
    return out;
}

void touch(const QString& path) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x\n");
}

} // namespace

class TestFilm : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void names() {
        for (auto s :
             {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected, ReviewStatus::Edited})
            QCOMPARE(reviewStatusFromString(toString(s)), s);
        for (auto u : {UnitKind::Shot, UnitKind::Scene, UnitKind::Sentence})
            QCOMPARE(unitKindFromString(toString(u)), u);
        QCOMPARE(std::string(toString(ReviewStatus::Rejected)), std::string("rejected"));
        QCOMPARE(std::string(toString(UnitKind::Scene)), std::string("scene"));
        expectError([] { reviewStatusFromString("maybe"); }, "unknown review status 'maybe'");
        expectError([] { unitKindFromString("act"); }, "unknown unit 'act'");
    }

    void sources() {
        const Source m = Source::parse("model:mega-v3");
        QCOMPARE(m.kind, Source::Kind::Model);
        QCOMPARE(m.name, std::string("mega-v3"));
        QVERIFY(m.isModel() && !m.isPerson() && !m.isImport());
        const Source p = Source::parse("person:ann");
        QCOMPARE(p.kind, Source::Kind::Person);
        QCOMPARE(p.name, std::string("ann"));
        QVERIFY(p.isPerson());
        QCOMPARE(Source::parse("import:movienet"), Source::import("movienet"));
        QVERIFY(Source::parse("import:movienet").isImport());
        // Only the first colon separates: a model's name may hold more.
        QCOMPARE(Source::parse("model:mega:scene:7").name, std::string("mega:scene:7"));

        QCOMPARE(Source::person("bob").str(), std::string("person:bob"));
        QCOMPARE(Source::model("novelty").str(), std::string("model:novelty"));
        QCOMPARE(Source::import("tripod").str(), std::string("import:tripod"));
        QCOMPARE(Source::parse(Source::person("bob").str()), Source::person("bob"));

        // Anything else is Unknown and comes back unchanged; a prefix is not a kind unless it is one exactly.
        for (const char* s : {"truth:generator", "", "person", "Person:ann", " model:x", "modelx:y"}) {
            const Source u = Source::parse(s);
            QVERIFY2(u.kind == Source::Kind::Unknown, s);
            QVERIFY(!u.isPerson() && !u.isModel() && !u.isImport());
            QCOMPARE(u.name, std::string(s));
        }
        for (const char* s : {"model:a", "person:", "import:json", "truth:generator", "", "model:a:b"})
            QCOMPARE(Source::parse(s).str(), std::string(s));
    }

    void timecodes() {
        QCOMPARE(timecode(0, 25.0), std::string("00:00:00:00"));
        QCOMPARE(timecode(1499, 25.0), std::string("00:00:59:24"));
        QCOMPARE(timecode(25 * 3600 + 24, 25.0), std::string("01:00:00:24"));
        QCOMPARE(timecode(24 * 61 + 5, 24.0), std::string("00:01:01:05"));
        QCOMPARE(timecode(24, 23.976), std::string("00:00:01:00")); // non-drop, counted at 24
        // 29.97 drop-frame: ;00 and ;01 are skipped at each minute but every tenth.
        QCOMPARE(timecode(1799, 29.97), std::string("00:00:59;29"));
        QCOMPARE(timecode(1800, 29.97), std::string("00:01:00;02"));
        QCOMPARE(timecode(3597, 29.97), std::string("00:01:59;29"));
        QCOMPARE(timecode(3598, 29.97), std::string("00:02:00;02"));
        QCOMPARE(timecode(17981, 29.97), std::string("00:09:59;29"));
        QCOMPARE(timecode(17982, 29.97), std::string("00:10:00;00"));
        QCOMPARE(timecode(107892, 29.97), std::string("01:00:00;00"));
        QCOMPARE(timecode(1800, 30000.0 / 1001), std::string("00:01:00;02"));
        // 59.94: ;00 to ;03 are skipped.
        QCOMPARE(timecode(3599, 59.94), std::string("00:00:59;59"));
        QCOMPARE(timecode(3600, 59.94), std::string("00:01:00;04"));
        QCOMPARE(timecode(35964, 59.94), std::string("00:10:00;00"));
        QCOMPARE(timecode(215784, 59.94), std::string("01:00:00;00"));

        QVERIFY(isDropFrame(29.97) && isDropFrame(59.94) && isDropFrame(30000.0 / 1001));
        QVERIFY(!isDropFrame(30) && !isDropFrame(25) && !isDropFrame(24) && !isDropFrame(23.976));

        // By time: the frame is round(seconds * fps).
        QCOMPARE(frameAt(3.36, 25), int64_t(84));
        QCOMPARE(timecodeAt(3.36, 25), std::string("00:00:03:09"));
        QCOMPARE(timecodeAt(0.039, 25), std::string("00:00:00:01")); // 0.975 frames
        QCOMPARE(timecodeAt(0.019, 25), std::string("00:00:00:00")); // 0.475 frames
        QCOMPARE(timecodeAt(1800 / 29.97, 29.97), std::string("00:01:00;02"));
        QCOMPARE(timecodeAt(3600.0, 24), std::string("01:00:00:00"));

        expectError([] { timecode(10, 0); }, "frame rate must be positive");
        expectError([] { timecode(-1, 25); }, "frames count from 0");
    }

    void scenesFromTheBoundaries() {
        const auto shots = makeShots(6);
        QVERIFY(scenesFromBoundaries({}, {boundary(0)}).empty());

        const auto whole = scenesFromBoundaries(shots, {});
        QCOMPARE(spans(whole), QStringList{"0-5"});
        QCOMPARE(whole[0].start_s, 0.0);
        QCOMPARE(whole[0].end_s, 12.0);

        // Every boundary but a rejected one cuts, whatever its review status.
        QCOMPARE(spans(scenesFromBoundaries(shots, {boundary(1, ReviewStatus::Accepted),
                                                    boundary(3, ReviewStatus::Rejected),
                                                    boundary(4, ReviewStatus::Edited)})),
                 (QStringList{"0-1", "2-4", "5-5"}));
        QCOMPARE(spans(scenesFromBoundaries(shots, {boundary(2, ReviewStatus::Rejected)})),
                 QStringList{"0-5"});

        // After the last shot, beyond it or before the first: nothing to cut.
        QCOMPARE(spans(scenesFromBoundaries(shots, {boundary(5), boundary(9), boundary(-1)})),
                 QStringList{"0-5"});

        // Any order, and twice the same shot, make the same scenes in film order.
        const auto scenes =
            scenesFromBoundaries(shots, {boundary(3), boundary(1), boundary(3, ReviewStatus::Accepted)});
        QCOMPARE(spans(scenes), (QStringList{"0-1", "2-3", "4-5"}));
        for (size_t i = 0; i < scenes.size(); ++i)
            QCOMPARE(scenes[i].index, int64_t(i));
        QCOMPARE(scenes[1].start_s, 4.0);
        QCOMPARE(scenes[1].end_s, 8.0);
    }

    void actsFromTheTurningPoints() {
        const auto shots = makeShots(12);
        const auto scenes =
            scenesFromBoundaries(shots, {boundary(1), boundary(3), boundary(5), boundary(7), boundary(9)});
        QCOMPARE(scenes.size(), size_t(6));
        const QStringList expected{"0-1", "2-3", "4-5", "6-7", "8-9", "10-11"};

        // On shots.
        std::vector<TurningPoint> onShots;
        for (int tp = 1; tp <= 5; ++tp)
            onShots.push_back(tpOn(tp, UnitKind::Shot, 2 * tp));
        const auto acts = actsFromTurningPoints(onShots, shots, scenes);
        QCOMPARE(spans(acts), expected);
        for (size_t k = 0; k < acts.size(); ++k)
            QCOMPARE(acts[k].index, int(k));
        QCOMPARE(acts[0].start_s, 0.0);  // the film's start
        QCOMPARE(acts[0].end_s, 4.0);    // TP1's shot starts
        QCOMPARE(acts[3].start_s, 12.0); // TP3's shot
        QCOMPARE(acts[5].end_s, 24.0);   // the film's end

        // On scenes: each on its scene's first shot.
        std::vector<TurningPoint> onScenes;
        for (int tp = 1; tp <= 5; ++tp)
            onScenes.push_back(tpOn(tp, UnitKind::Scene, tp));
        const auto tpShots = turningPointShots(onScenes, shots, scenes);
        for (int tp = 1; tp <= 5; ++tp)
            QCOMPARE(tpShots[size_t(tp - 1)], std::optional<int64_t>(2 * tp));
        QCOMPARE(spans(actsFromTurningPoints(onScenes, shots, scenes)), expected);

        // Only the film's own labels count: not an annotator's, not a rejected one, not a sentence's;
        // of two labels of one TP the earliest; shots and scenes mix.
        std::vector<TurningPoint> mixed = {
            tpOn(1, UnitKind::Shot, 3),        tpOn(1, UnitKind::Shot, 2),
            tpOn(2, UnitKind::Scene, 2),       tpOn(3, UnitKind::Shot, 6),
            tpOn(4, UnitKind::Shot, 1, "ann"), tpOn(4, UnitKind::Shot, 0, "", ReviewStatus::Rejected),
            tpOn(4, UnitKind::Sentence, 0),    tpOn(4, UnitKind::Shot, 8),
            tpOn(5, UnitKind::Scene, 5)};
        QCOMPARE(spans(actsFromTurningPoints(mixed, shots, scenes)), expected);

        // A person's TP (set, or a proposal accepted) outranks a model's unreviewed proposal, even a later one.
        auto proposed = onShots;
        TurningPoint model = tpOn(2, UnitKind::Shot, 3, "", ReviewStatus::Unreviewed);
        model.source = "model:tp-1";
        proposed.push_back(model); // earlier than the person's TP2 (shot 4), but nobody reviewed it
        QCOMPARE(turningPointShots(proposed, shots, scenes)[1], std::optional<int64_t>(4));
        proposed[1].status = ReviewStatus::Unreviewed;
        proposed[1].source = "model:tp-2"; // now both are proposals: the earliest
        QCOMPARE(turningPointShots(proposed, shots, scenes)[1], std::optional<int64_t>(3));
        proposed[1].source = "person:ann"; // set by a person (its status aside): it wins again
        QCOMPARE(turningPointShots(proposed, shots, scenes)[1], std::optional<int64_t>(4));

        // A missing TP, or one on a shot or scene that does not exist: no acts, the others' shots stay known.
        auto missing = onShots;
        missing.erase(missing.begin() + 2);
        const auto partial = turningPointShots(missing, shots, scenes);
        QVERIFY(!partial[2]);
        QCOMPARE(partial[3], std::optional<int64_t>(8));
        QVERIFY(actsFromTurningPoints(missing, shots, scenes).empty());
        auto beyond = onShots;
        beyond[4].index = 12;
        QVERIFY(!turningPointShots(beyond, shots, scenes)[4]);
        QVERIFY(actsFromTurningPoints(beyond, shots, scenes).empty());
        auto noScene = onScenes;
        noScene[4].index = 6;
        QVERIFY(actsFromTurningPoints(noScene, shots, scenes).empty());
        QVERIFY(actsFromTurningPoints({}, shots, scenes).empty());
        QVERIFY(actsFromTurningPoints(onShots, {}, {}).empty());

        // Out of order: no acts. Two on one shot: the act between them is empty.
        auto swapped = onShots;
        std::swap(swapped[1].index, swapped[2].index);
        QVERIFY(actsFromTurningPoints(swapped, shots, scenes).empty());
        auto same = onShots;
        same[2].index = same[1].index;
        const auto withEmpty = actsFromTurningPoints(same, shots, scenes);
        QCOMPARE(spans(withEmpty), (QStringList{"0-1", "2-3", "4-3", "4-7", "8-9", "10-11"}));
        QCOMPARE(withEmpty[2].start_s, withEmpty[2].end_s);
    }

    void sidecars() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto at = [&](const char* name) { return dir.filePath(name); };
        const std::string film = at("night.v2.mp4").toStdString();
        const Sidecars names = sidecarNames(film);
        QCOMPARE(names.subtitles, at("night.v2.srt").toStdString());
        QCOMPARE(names.synopsis, at("night.v2.synopsis.txt").toStdString());
        QCOMPARE(sidecarNames("film").subtitles, std::string("film.srt"));

        auto none = sidecarFiles(film);
        QVERIFY(none.subtitles.empty() && none.synopsis.empty());
        QVERIFY(QDir(dir.path()).mkdir("night.v2.synopsis.txt")); // a folder is not a sidecar file
        QVERIFY(sidecarFiles(film).synopsis.empty());

        touch(at("night.v2.vtt"));
        QCOMPARE(sidecarFiles(film).subtitles, at("night.v2.vtt").toStdString());
        touch(at("night.v2.srt")); // SRT is preferred over WebVTT
        QCOMPARE(sidecarFiles(film).subtitles, at("night.v2.srt").toStdString());
        touch(at("night.synopsis.txt")); // another film's name
        QVERIFY(sidecarFiles(film).synopsis.empty());
        QVERIFY(QDir(dir.path()).rmdir("night.v2.synopsis.txt"));
        touch(at("night.v2.synopsis.txt"));
        QCOMPARE(sidecarFiles(film).synopsis, at("night.v2.synopsis.txt").toStdString());
    }
};

QTEST_GUILESS_MAIN(TestFilm)
#include "tst_film.moc"
