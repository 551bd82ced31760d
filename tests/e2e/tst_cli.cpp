// The `mega` command line end to end: output formats, exit codes, and one clear line on stderr for
// every bad input, never a crash or a hang.
#include "support/fixtures.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

namespace {

using Run = fixtures::CliRun;
Run mega(const QStringList& args, int timeoutMs = 60000) { return fixtures::runMega(args, timeoutMs); }

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString tmp(const QString& n) const { return m_tmp.filePath(n); }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QFile::exists(QStringLiteral(MEGA_CLI)));
        QVERIFY(fixtures::writeText(tmp("empty.mp4"), ""));
        QVERIFY(fixtures::writeText(tmp("notes.mp4"), "Shot list, draft 2\n1. Exterior, day\n"));
        QVERIFY(fixtures::randomFile(tmp("noise.mp4"), 400000));
        QVERIFY(fixtures::truncateCopy(fixtures::clip("bikes.mp4"), tmp("cut_short.mp4"), 250000));
        QVERIFY(fixtures::ffmpeg(
            {"-f", "lavfi", "-i", "sine=frequency=300", "-t", "2", "-c:a", "aac", tmp("speech.m4a")}));
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-c", "copy", tmp("bikes.mkv")}));
        QVERIFY(fixtures::truncateCopy(tmp("bikes.mkv"), tmp("half.mkv"),
                                       QFileInfo(tmp("bikes.mkv")).size() / 2));
    }

    void shotsJson() {
        const Run r = mega({"shots", fixtures::clip("bikes.mp4"), "--json"});
        QVERIFY2(!r.crashed && r.code == 0, r.err.constData());
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("cuts").get<std::vector<int>>(), (std::vector<int>{30, 76, 137, 187, 242}));
        QCOMPARE(j.at("fps").get<double>(), 25.0);
        QCOMPARE(j.at("frame_count").get<int>(), 250);
        QCOMPARE(j.at("shots").size(), size_t(6));
        QCOMPARE(j.at("shots")[1].at("start_frame").get<int>(), 30);
        QCOMPARE(j.at("shots")[1].at("end_frame").get<int>(), 75);
        QCOMPARE(j.at("shots")[1].at("start_s").get<double>(), 1.2);
        QCOMPARE(j.at("shots")[1].at("end_s").get<double>(), 3.04);
        QCOMPARE(j.at("detector").at("name").get<std::string>(), std::string("content"));
        QCOMPARE(j.at("detector").at("threshold").get<double>(), 27.0);
        QCOMPARE(j.at("detector").at("min_shot_len").get<double>(), 15.0);
        QVERIFY(j.at("complete").get<bool>());
        QVERIFY(r.err.isEmpty()); // not a terminal: no progress bar
    }

    void shotsOptionsAndTable() {
        const Run r = mega({"shots", fixtures::clip("fades.mp4"), "--detector", "threshold", "--min-shot-len",
                            "10", "--threshold", "12", "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("threshold detector"));
        QVERIFY(r.out.contains("min_shot_len=10"));
        QVERIFY2(r.out.contains("00:00:03:09"), r.out.constData()); // the cut at frame 84 of 25 fps
        QCOMPARE(r.out.count('\n'), 2 + 3);      // title, header, three shots
    }

    void statsCsv() {
        const Run r = mega({"shots", fixtures::clip("counter.mp4"), "--stats", tmp("stats.csv"), "--quiet"});
        QCOMPARE(r.code, 0);
        QFile f(tmp("stats.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 31);
        QCOMPARE(lines[0], QByteArray("frame,time_s,content_score,mean_intensity"));
        QVERIFY(lines[21].startsWith("20,2.000000,"));
    }

    void probeJson() {
        const Run r = mega({"probe", fixtures::clip("big_buck_bunny_0_30.webm"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("video").at("frame_count").get<int>(), 720);
        QCOMPARE(j.at("video").at("codec").get<std::string>(), std::string("vp8"));
        QCOMPARE(j.at("audio")[0].at("codec").get<std::string>(), std::string("vorbis"));
        const Run text = mega({"probe", fixtures::clip("bikes.mp4")});
        QVERIFY(text.out.contains("640x272"));
        QVERIFY(text.out.contains("250 frames"));
        QVERIFY(!text.out.contains("shown as"));
        QCOMPARE(j.at("video").at("display_width").get<int>(), 1280);
        // An anamorphic film: stored 480 wide, shown 640.
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-t", "1", "-vf", "scale=480:272,setsar=4/3", "-c:v",
                                  "libx264", "-preset", "ultrafast", tmp("anamorphic.mp4")}));
        const Run wide = mega({"probe", tmp("anamorphic.mp4")});
        QVERIFY2(wide.out.contains("480x272") && wide.out.contains("shown as   640x272 (pixels 4:3"), wide.out.constData());
    }

    void truncatedFilmWarnsAndGivesShots() {
        const Run r = mega({"shots", tmp("half.mkv"), "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("cuts").get<std::vector<int>>(), (std::vector<int>{30, 76}));
        QVERIFY(!j.at("complete").get<bool>());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("warning") && r.err.contains("half.mkv") &&
                     r.err.contains("decoding stopped"),
                 r.err.constData());
    }

    void projectImportExportStatus() {
        const QString project = tmp("p.mega");
        Run r = mega({"import", project, "--movienet", fixtures::shared("movienet"), "--author", "ada"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("imported 3 MovieNet films"));
        r = mega({"import", project, "--film", fixtures::clip("bikes.mp4")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("6 shots"));
        QVERIFY(QDir().mkpath(tmp("moved")) && QFile::copy(fixtures::clip("bikes.mp4"), tmp("moved/renamed.mp4")));
        r = mega({"import", project, "--film", tmp("moved/renamed.mp4")}); // moved and renamed: found again
        QVERIFY2(r.out.contains("film 4:"), r.out.constData());
        QVERIFY(fixtures::writeText(tmp("subs.srt"), "1\n00:00:01,000 --> 00:00:02,000\nHi\n"));
        r = mega({"import", project, "--subtitles", "bikes", tmp("subs.srt")});
        QVERIFY2(r.code == 0 && r.out.contains("1 subtitle cues"), r.err.constData());
        r = mega({"status", project, "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("films").size(), size_t(4));
        QCOMPARE(j.at("subtitle_cues").get<int>(), 1);
        QVERIFY(j.at("boundaries").at("accepted").get<int>() > 100);
        QVERIFY(j.at("edits_by_person").at("ada").get<int>() > 0);
        r = mega({"export", project, "--film", "bikes", "--format", "edl", "-o", tmp("bikes.edl")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile edl(tmp("bikes.edl"));
        QVERIFY(edl.open(QIODevice::ReadOnly));
        QVERIFY(edl.readAll().contains("001  AX       V     C        00:00:00:00 00:00:10:00"));
        r = mega({"export", project, "--film", "tt0052357", "--format", "movienet", "-o", tmp("mn")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile labels(tmp("mn/label318/tt0052357.txt")), original(fixtures::shared("movienet/label318/tt0052357.txt"));
        QVERIFY(labels.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
        QCOMPARE(labels.readAll(), original.readAll());
    }

    void projectErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::newRow("status of nothing") << QStringList{"status", tmp("none.mega")} << 1 << "no such project";
        QTest::newRow("status of a film") << QStringList{"status", fixtures::clip("bikes.mp4")} << 1 << "not a MEGA Studio project";
        QTest::newRow("bad tripod") << QStringList{"import", tmp("e.mega"), "--tripod", tmp("notes.mp4")} << 1
                                    << "no column 'movie_name'";
        QTest::newRow("no such film") << QStringList{"export", tmp("p.mega"), "--film", "Metropolis", "--format", "csv", "-o",
                                                     tmp("x.csv")}
                                      << 1 << "no film 'Metropolis'";
        QTest::newRow("bad format") << QStringList{"export", tmp("p.mega"), "--film", "1", "--format", "fcpxml", "-o", tmp("x")}
                                    << 2 << "unknown export format";
        QTest::newRow("nothing to import") << QStringList{"import", tmp("p.mega")} << 2 << "import needs one of";
        QTest::newRow("no-labels alone") << QStringList{"import", tmp("p.mega"), "--no-labels", "--tripod", tmp("x.csv")} << 2
                                         << "go with --movienet";
        QTest::newRow("unknown split") << QStringList{"import", tmp("s.mega"), "--movienet", fixtures::shared("movienet-sseg"),
                                                      "--movienet-split", "test"}
                                       << 1 << "has no split 'test' (it has: train, val)";
    }
    void projectErrors() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, says);
        const Run r = mega(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.code, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
    }

    // A film that cannot be opened leaves no project behind; one that was there is left as it was.
    void failedImportLeavesNoProject() {
        for (const QString& bad : {tmp("notes.mp4"), tmp("empty.mp4"), tmp("speech.m4a"), tmp("noise.mp4")}) {
            const QString project = tmp("stray.mega");
            Run r = mega({"import", project, "--film", bad, "--quiet"});
            QVERIFY(!r.crashed);
            QCOMPARE(r.code, 1);
            QVERIFY2(QString::fromUtf8(r.err).contains(QFileInfo(bad).fileName()), r.err.constData());
            QVERIFY2(!QFile::exists(project), qPrintable(bad));
            QVERIFY(!QFile::exists(project + "-wal") && !QFile::exists(project + ".features"));
            r = mega({"ingest", bad, "-p", project, "--quiet"});
            QVERIFY(!r.crashed);
            QCOMPARE(r.code, 1);
            QVERIFY2(!QFile::exists(project), qPrintable("ingest " + bad));
        }
        // An existing project keeps its films when an import into it fails.
        const QString kept = tmp("kept.mega");
        Run r = mega({"import", kept, "--film", fixtures::clip("bikes.mp4"), "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        r = mega({"import", kept, "--film", tmp("notes.mp4"), "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY(QFile::exists(kept));
        r = mega({"status", kept});
        QVERIFY2(r.code == 0 && QString::fromUtf8(r.out).contains("1 films, 6 shots"), r.out.constData());
    }

    void featuresAndDemo() {
        Run r = mega({"make-demo", "-o", tmp("demo/film"), "--duration", "30", "--size", "320x180", "--seed", "5"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(QFile::exists(tmp("demo/film.mp4")) && QFile::exists(tmp("demo/film.truth.json")));
        r = mega({"features", tmp("demo/film.mp4"), "-o", tmp("feat"), "--per-shot", "--synopsis", tmp("demo/film.synopsis.txt")});
        QVERIFY2(r.code == 0, r.err.constData());
        for (const char* n : {"appearance", "layout", "motion", "audio", "subtitles", "synopsis"})
            QVERIFY2(QFile::exists(tmp("feat/%1.npy").arg(n)) && QFile::exists(tmp("feat/%1.intervals.npy").arg(n)), n);
        QVERIFY(QFile::exists(tmp("feat/appearance.shots.npy")) && QFile::exists(tmp("feat/appearance.mask.npy")));
        QVERIFY(!QFile::exists(tmp("feat/synopsis.shots.npy"))); // sentences are not on the film's clock
        // ... and words.json: the shots' times, the subtitles and the synopsis (what a model computes its
        // "position" and "synopsis_tp" from), one row per shot as the per-shot features.
        {
            QFile wf(tmp("feat/words.json")), nf(tmp("feat/appearance.shots.npy")), sf(tmp("demo/film.synopsis.txt"));
            QVERIFY(wf.open(QIODevice::ReadOnly) && nf.open(QIODevice::ReadOnly) && sf.open(QIODevice::ReadOnly));
            const auto words = nlohmann::json::parse(wf.readAll().toStdString());
            const QByteArray header = nf.read(128); // NumPy's header: {'descr': ..., 'shape': (ROWS, COLS), }
            const auto shape = QRegularExpression(R"('shape': \((\d+),)").match(QString::fromLatin1(header));
            QVERIFY(shape.hasMatch());
            QCOMPARE(words.at("shots").size(), size_t(shape.captured(1).toInt()));
            QCOMPARE(words.at("shots")[0][0].get<double>(), 0.0);
            QVERIFY(std::abs(words.at("shots").back()[1].get<double>() - 30.0) < 0.1);
            QVERIFY(!words.at("subtitles").empty() && words.at("subtitles")[0].at("text").is_string());
            QCOMPARE(words.at("synopsis").size(), size_t(sf.readAll().trimmed().count('\n') + 1));
        }
        // Only what is asked for: no subtitles unless listed.
        r = mega({"features", tmp("demo/film.mp4"), "-o", tmp("feat2"), "--extractors", "motion"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(QFile::exists(tmp("feat2/motion.npy")) && !QFile::exists(tmp("feat2/subtitles.npy")));
        // A listed synopsis is the film's sidecar, which must exist.
        r = mega({"features", tmp("demo/film.mp4"), "-o", tmp("feat4"), "--extractors", "motion,synopsis"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(QFile::exists(tmp("feat4/synopsis.npy")) && !QFile::exists(tmp("feat4/subtitles.npy")));
        QVERIFY(QFile::copy(tmp("demo/film.mp4"), tmp("demo/bare.mp4")));
        r = mega({"features", tmp("demo/bare.mp4"), "-o", tmp("feat5"), "--extractors", "motion,synopsis"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("bare.mp4': has no synopsis beside it"), r.err.constData());
        r = mega({"features", tmp("demo/film.mp4"), "-o", tmp("feat3"), "--extractors", "clip"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("unknown extractor 'clip'"));
    }

    void goldFromTruthAndProjects() {
        // A generated film's truth as gold (featuresAndDemo made it): one label per cut, its TPs.
        Run r = mega({"export", tmp("demo/film.truth.json"), "--gold", "-o", tmp("gold/truth.json")});
        QCOMPARE(r.code, 1); // the folder is missing: named
        QVERIFY2(r.err.contains("gold/truth.json"), r.err.constData());
        r = mega({"export", tmp("demo/film.truth.json"), "--gold", "-o", tmp("truthgold.json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile f(tmp("truthgold.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto gold = nlohmann::json::parse(f.readAll().toStdString()).at("films");
        QFile t(tmp("demo/film.truth.json"));
        QVERIFY(t.open(QIODevice::ReadOnly));
        const auto truth = nlohmann::json::parse(t.readAll().toStdString());
        QCOMPARE(gold.size(), size_t(1));
        const auto& g = gold[0];
        const size_t shots = truth.at("shots").size();
        QCOMPARE(g.at("labels").size(), shots - 1);
        QCOMPARE(g.at("boundary_times").size(), shots - 1);
        QCOMPARE(g.at("shots").size(), shots);
        int ends = 0;
        for (int l : g.at("labels")) ends += l;
        QCOMPARE(size_t(ends), truth.at("scenes").size() - 1);
        for (const auto& sc : truth.at("scenes"))
            if (sc.at("last_shot").get<size_t>() + 1 < shots) QCOMPARE(g.at("labels")[sc.at("last_shot").get<size_t>()].get<int>(), 1);
        QCOMPARE(g.at("tps").size(), size_t(5));
        QCOMPARE(g.at("units").get<size_t>(), shots);
        // The TPs' synopsis sentences too (what `mega train tp` by distillation learns from): the
        // generator's sentence j tells scene j.
        QCOMPARE(g.at("sentence_tps").size(), size_t(5));
        for (size_t k = 0; k < 5; ++k)
            QCOMPARE(g.at("sentence_tps")[k], nlohmann::json::array({truth.at("generator").at("tp_scenes")[k]}));
        // mega eval reads it: the labels as scores give AP 1; the TP baselines are scored.
        nlohmann::json pred = {{"films", {{{"id", g.at("id")}, {"scores", g.at("labels")}}}}};
        QVERIFY(fixtures::writeText(tmp("truthpred.json"), QByteArray::fromStdString(pred.dump())));
        r = mega({"eval", "scenes", "--gold", tmp("truthgold.json"), "--pred", tmp("truthpred.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(nlohmann::json::parse(r.out.toStdString()).at("AP").get<double>(), 1.0);
        r = mega({"eval", "tp", "--gold", tmp("truthgold.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());

        // A project: only reviewed films are gold, with a person's decisions as labels. A film
        // cut into shots and not reviewed is not gold.
        r = mega({"import", tmp("unreviewed.mega"), "--film", tmp("demo/film.mp4")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = mega({"export", tmp("unreviewed.mega"), "--gold", "-o", tmp("pgold.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unreviewed.mega") && r.err.contains("no reviewed film"), r.err.constData());
        // The truth imported is a person's annotation (its boundaries accepted), and its TPs set.
        r = mega({"import", tmp("gold.mega"), "--json", tmp("demo/film.truth.json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QString name = QString::fromStdString(truth.at("film").at("name").get<std::string>());
        r = mega({"review", tmp("gold.mega"), "--film", name, "--from", tmp("demo/film.truth.json")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = mega({"export", tmp("gold.mega"), "--gold", "-o", tmp("pgold.json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile pf(tmp("pgold.json"));
        QVERIFY(pf.open(QIODevice::ReadOnly));
        const auto pg = nlohmann::json::parse(pf.readAll().toStdString()).at("films");
        QCOMPARE(pg.size(), size_t(1));
        QCOMPARE(pg[0].at("labels"), g.at("labels"));
        QCOMPARE(pg[0].at("tps"), g.at("tps"));
        // A model's proposal nobody reviewed (an export of a film under review) is not gold.
        nlohmann::json review = truth;
        const auto firstEnd = review.at("boundaries")[0].at("shot_index").get<size_t>();
        review["boundaries"][0]["status"] = "unreviewed";
        review["boundaries"][0]["source"] = "model:test";
        review["boundaries"][0]["probability"] = 0.9;
        QVERIFY(fixtures::writeText(tmp("underreview.json"), QByteArray::fromStdString(review.dump())));
        r = mega({"export", tmp("underreview.json"), "--gold", "-o", tmp("urgold.json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QFile ur(tmp("urgold.json"));
        QVERIFY(ur.open(QIODevice::ReadOnly));
        const auto urg = nlohmann::json::parse(ur.readAll().toStdString()).at("films")[0];
        QCOMPARE(g.at("labels")[firstEnd].get<int>(), 1);
        QCOMPARE(urg.at("labels")[firstEnd].get<int>(), 0);
        // --film of a film nobody reviewed is refused too.
        r = mega({"export", tmp("unreviewed.mega"), "--gold", "--film", name, "-o", tmp("x.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unreviewed.mega") && r.err.contains("is not reviewed"), r.err.constData());
        // eval tp leaves out a film without TPs (and says so); one with none at all is an error.
        nlohmann::json mixed;
        {
            QFile tg(tmp("truthgold.json"));
            QVERIFY(tg.open(QIODevice::ReadOnly));
            mixed = nlohmann::json::parse(tg.readAll().toStdString());
        }
        nlohmann::json scenesOnly = mixed["films"][0];
        scenesOnly["id"] = "scenes only";
        scenesOnly.erase("tps");
        scenesOnly.erase("units");
        mixed["films"].push_back(scenesOnly);
        QVERIFY(fixtures::writeText(tmp("mixed.json"), QByteArray::fromStdString(mixed.dump())));
        r = mega({"eval", "tp", "--gold", tmp("mixed.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(nlohmann::json::parse(r.out.toStdString()).at("films").get<int>(), 1);
        QCOMPARE(nlohmann::json::parse(r.out.toStdString()).at("films_without_tps").get<int>(), 1);
        mixed["films"].erase(0);
        QVERIFY(fixtures::writeText(tmp("notps.json"), QByteArray::fromStdString(mixed.dump())));
        r = mega({"eval", "tp", "--gold", tmp("notps.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("notps.json") && r.err.contains("no film with turning points"), r.err.constData());
        // The same film from two sources is refused; so are bad command lines and files.
        r = mega({"export", tmp("gold.mega"), tmp("demo/film.truth.json"), "--gold", "-o", tmp("twice.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("twice.json") && r.err.contains("two films are named"), r.err.constData());
        QCOMPARE(mega({"export", tmp("gold.mega"), "--gold"}).code, 2);
        QCOMPARE(mega({"export", tmp("gold.mega"), "--gold", "--format", "csv", "-o", tmp("x.json")}).code, 2);
        QVERIFY(fixtures::writeText(tmp("broken.json"), "{\"film\": "));
        r = mega({"export", tmp("broken.json"), "--gold", "-o", tmp("x.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("broken.json"), r.err.constData());
    }

    void evalScoresAnyToolsOutput() {
        QVERIFY(fixtures::writeText(tmp("tpg.json"), R"({"films": [{"id": "a", "units": 20, "tps": [[2], [5, 6], [10], [15], [19]]}]})"));
        QVERIFY(fixtures::writeText(tmp("tpp.json"), R"({"films": [{"id": "a", "tps": [3, 9, 10, 18, 19]}]})"));
        Run r = mega({"eval", "tp", "--gold", tmp("tpg.json"), "--pred", tmp("tpp.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("TA").get<double>(), 0.5);
        QCOMPARE(j.at("PA").get<double>(), 0.6);
        QVERIFY(std::abs(j.at("D").get<double>() - 0.04) < 1e-12); // to each window's nearest unit: (0+2+0+2+0)/20/5
        QVERIFY(j.at("baselines").contains("random") && j.at("baselines").contains("theory"));
        QVERIFY(fixtures::writeText(tmp("sg.json"), R"({"films": [{"id": "x", "labels": [1, 0, 0, 1]}]})"));
        QVERIFY(fixtures::writeText(tmp("sp.json"), R"({"films": [{"id": "x", "scores": [0.9, 0.2, 0.6, 0.1]}]})"));
        r = mega({"eval", "scenes", "--gold", tmp("sg.json"), "--pred", tmp("sp.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("AP").get<double>(), 0.75);
        QCOMPARE(j.at("F1").get<double>(), 0.5);
        QVERIFY(fixtures::writeText(tmp("sp2.json"), R"({"films": [{"id": "y", "scores": [0.9]}]})"));
        r = mega({"eval", "scenes", "--gold", tmp("sg.json"), "--pred", tmp("sp2.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("has no film x"), r.err.constData());
        QVERIFY(fixtures::writeText(tmp("sp3.json"), R"({"films": [{"id": "x", "scores": [0.9]}]})"));
        r = mega({"eval", "scenes", "--gold", tmp("sg.json"), "--pred", tmp("sp3.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("1 scores for 4 gold boundaries"), r.err.constData());
        r = mega({"eval", "acts", "--gold", tmp("sg.json")});
        QCOMPARE(r.code, 2);
        // A film listed twice (in gold or predictions) is refused, naming it and the file.
        QVERIFY(fixtures::writeText(tmp("sp4.json"), R"({"films": [{"id": "x", "scores": [0.9, 0.2, 0.6, 0.1]}, {"id": "x", "scores": [0.1, 0.2, 0.6, 0.1]}]})"));
        r = mega({"eval", "scenes", "--gold", tmp("sg.json"), "--pred", tmp("sp4.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("sp4.json") && r.err.contains("film 'x' is listed twice"), r.err.constData());
    }

    void badInputs_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing file") << QStringList{"shots", tmp("nope.mp4")} << 1 << "no such file";
        QTest::newRow("zero bytes") << QStringList{"shots", tmp("empty.mp4")} << 1 << "empty";
        QTest::newRow("text named .mp4")
            << QStringList{"shots", tmp("notes.mp4")} << 1 << "not a recognised media file";
        QTest::newRow("random bytes") << QStringList{"shots", tmp("noise.mp4")} << 1 << "noise.mp4";
        QTest::newRow("truncated, index lost")
            << QStringList{"shots", tmp("cut_short.mp4")} << 1 << "truncated";
        QTest::newRow("audio only") << QStringList{"shots", tmp("speech.m4a")} << 1 << "no video stream";
        QTest::newRow("probe missing")
            << QStringList{"probe", tmp("nope.mp4"), "--json"} << 1 << "no such file";
        QTest::newRow("unknown detector")
            << QStringList{"shots", fixtures::clip("bikes.mp4"), "--detector", "magic"} << 2
            << "unknown detector";
        QTest::newRow("bad number") << QStringList{"shots", fixtures::clip("bikes.mp4"), "--threshold",
                                                   "lots"}
                                    << 2 << "expects a number";
        QTest::newRow("unknown option")
            << QStringList{"shots", fixtures::clip("bikes.mp4"), "--fast"} << 2 << "--fast";
        QTest::newRow("no file") << QStringList{"shots"} << 2 << "one FILE";
        QTest::newRow("unknown command") << QStringList{"cut"} << 2 << "unknown command";
        QTest::newRow("stats unwritable")
            << QStringList{"shots", fixtures::clip("bikes.mp4"), "--stats", "/nonexistent/x.csv"} << 1
            << "/nonexistent/x.csv";
    }
    void badInputs() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, says);
        const Run r = mega(args, 30000);
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.code, code);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(says), qPrintable(err));
        if (code == 1) {
            QCOMPARE(err.count('\n'), 1); // one clear line
            if (args.size() > 1 && !args[1].startsWith(fixtures::clip("")))
                QVERIFY2(err.contains(args[1]), qPrintable(err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
