// `mega model-info`, `mega train`, `mega predict`, `mega explain` end to end on synthetic feature
// folders (as `mega features --per-shot` writes them), scored by `mega eval`; and their errors.
#include "core/features/npy.h"
#include "core/store/project.h"
#include "support/fixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <random>

using nlohmann::json;
using fixtures::runMega;

namespace {

const char* kTinyScene = R"({"name": "tiny", "task": "scene", "units": 9, "bottleneck_tokens": 3, "width": 32,
  "ffn_width": 64, "heads": 4, "unimodal_layers": 1, "fusion_layers": 1, "dropout": 0.1, "classes": 2,
  "modalities": [{"name": "a", "dim": 8}, {"name": "b", "dim": 4}],
  "train": {"lr": 2e-3, "epochs": 25, "batch": 16, "patience": 100}})";

const char* kTinyAct = R"({"name": "tinyact", "task": "act_shot", "units": 300, "bottleneck_tokens": 50, "width": 16,
  "ffn_width": 32, "heads": 4, "unimodal_layers": 1, "fusion_layers": 1, "dropout": 0.1, "classes": 5,
  "modalities": [{"name": "a", "dim": 8}], "train": {"lr": 2e-3, "epochs": 10, "batch": 4, "patience": 100}})";

const char* kTinySynopsis = R"({"name": "tinysyn", "task": "act_synopsis", "units": 60, "bottleneck_tokens": 4, "width": 16,
  "ffn_width": 32, "heads": 4, "unimodal_layers": 1, "fusion": "late", "dropout": 0.1, "classes": 5,
  "modalities": [{"name": "synopsis", "dim": 8}], "train": {"epochs": 10}})";

void writeMatrix(const QString& path, const std::vector<float>& v, int64_t rows, int64_t cols) {
    mega::features::writeNpy(path.toStdString(), v.data(), rows, cols);
}

/// A film folder whose shots form scenes of 3..8 shots: modality "a" is the scene's vector plus
/// noise, "b" is noise. Returns the labels (1 after a scene's last shot).
std::vector<int> sceneFilm(const QString& dir, int shots, uint32_t seed) {
    QDir().mkpath(dir);
    std::mt19937 rng{seed};
    std::normal_distribution<float> normal;
    std::vector<int> labels;
    std::vector<float> a, b;
    std::vector<float> scene(8);
    int left = 0;
    for (int s = 0; s < shots; ++s) {
        if (left == 0) {
            left = std::uniform_int_distribution<int>(3, 8)(rng);
            for (auto& x : scene) x = normal(rng);
        }
        for (int k = 0; k < 8; ++k) a.push_back(scene[k] + 0.4f * normal(rng));
        for (int k = 0; k < 4; ++k) b.push_back(normal(rng));
        --left;
        labels.push_back(left == 0 || s + 1 == shots ? 1 : 0);
    }
    writeMatrix(dir + "/a.shots.npy", a, shots, 8);
    writeMatrix(dir + "/b.shots.npy", b, shots, 4);
    return labels;
}

/// An act film folder of noise features whose TPs sit at 10/25/50/75/90 % of the film and of its
/// 10-sentence synopsis.
json actFilm(const QString& dir, int shots, uint32_t seed) {
    QDir().mkpath(dir);
    std::mt19937 rng{seed};
    std::normal_distribution<float> normal;
    std::vector<float> a(size_t(shots) * 8), syn(10 * 8);
    for (auto& x : a) x = normal(rng);
    for (auto& x : syn) x = normal(rng);
    writeMatrix(dir + "/a.shots.npy", a, shots, 8);
    writeMatrix(dir + "/synopsis.npy", syn, 10, 8);
    const double rel[5] = {0.1, 0.25, 0.5, 0.75, 0.9};
    json tps = json::array(), sentences = json::array();
    for (double r : rel) {
        tps.push_back({int(r * shots)});
        sentences.push_back({int(r * 10)});
    }
    return {{"id", QDir(dir).dirName().toStdString()}, {"units", shots}, {"tps", tps}, {"sentence_tps", sentences}};
}

json parse(const QByteArray& b) { return json::parse(b.toStdString()); }

} // namespace

class TestModelCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString tmp(const QString& n) const { return m_tmp.filePath(n); }

  private Q_SLOTS:
    void modelInfoGivesThePapersSize() {
        auto r = runMega({"model-info", MEGA_SOURCE_DIR "/models/scene.json", "--dims", "2048,2048,512", "--json"});
        QCOMPARE(r.code, 0);
        const double n = parse(r.out).at("parameters").get<double>();
        QVERIFY2(std::abs(n - 67.57e6) / 67.57e6 < 0.01, std::to_string(n).c_str());
        r = runMega({"model-info", MEGA_SOURCE_DIR "/models/scene.json", "--dims", "2048,2048,512"});
        QVERIFY2(r.out.contains("parameters: 67355138 (67.36M)"), r.out.constData());
        r = runMega({"model-info", MEGA_SOURCE_DIR "/models/scene.json", "--dims", "2048,512"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("3 modalities but 2 dimensions"), r.err.constData());
        r = runMega({"model-info", MEGA_SOURCE_DIR "/models/scene.json", "--dims", "20x8"});
        QCOMPARE(r.code, 2);
        r = runMega({"model-info", tmp("none.json")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("none.json"));
    }

    void trainPredictExplainScenes() {
        QVERIFY(fixtures::writeText(tmp("tiny.json"), kTinyScene));
        json gold = {{"films", json::array()}}, testGold = {{"films", json::array()}};
        QStringList dirs;
        for (int f = 0; f < 6; ++f) {
            const QString dir = tmp(QString("film%1").arg(f));
            auto labels = sceneFilm(dir, 90, uint32_t(100 + f));
            // Gold as `mega eval` counts it, one label per cut (89 for 90 shots); film0 keeps the
            // per-shot form (90: the film's end counted as a scene end), which training reads too.
            if (f != 0) labels.pop_back();
            (f == 5 ? testGold : gold)["films"].push_back({{"id", QString("film%1").arg(f).toStdString()}, {"labels", labels}});
            if (f < 5) dirs << dir;
        }
        QVERIFY(fixtures::writeText(tmp("gold.json"), QByteArray::fromStdString(gold.dump())));
        QVERIFY(fixtures::writeText(tmp("test.json"), QByteArray::fromStdString(testGold.dump())));
        auto r = runMega(QStringList{"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("gold.json"), "-o",
                                     tmp("m.ckpt"), "--val", "film4", "--seed", "1", "--threads", "2", "--quiet"} + dirs, 300000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("best epoch"));
        QVERIFY(QFile::exists(tmp("m.ckpt")) && QFile::exists(tmp("m.ckpt.last")));

        r = runMega({"predict", "scenes", "--model", tmp("m.ckpt"), "-o", tmp("pred.json"), tmp("film5")});
        QVERIFY2(r.code == 0, r.err.constData());
        {
            QFile pred(tmp("pred.json"));
            QVERIFY(pred.open(QIODevice::ReadOnly));
            QCOMPARE(parse(pred.readAll()).at("films")[0].at("scores").size(), size_t(89)); // one per cut
        }
        r = runMega({"eval", "scenes", "--gold", tmp("test.json"), "--pred", tmp("pred.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        // A wiring test, not a learning one (tst_train is): scores that do not belong to their shots
        // would give about the boundaries' share (~0.18); this short run reaches 0.7 to 0.9.
        const json m = parse(r.out);
        const double ap = m.at("AP").get<double>(), base = m.at("gold_boundaries").get<double>() / m.at("boundaries").get<double>();
        qInfo("held-out AP %.3f (chance %.3f)", ap, base);
        QVERIFY2(ap > 2.5 * base, r.out.constData());

        r = runMega({"explain", "--model", tmp("m.ckpt"), "--shot", "3", tmp("film5")});
        QVERIFY2(r.code == 0, r.err.constData());
        const json e = parse(r.out);
        const double sum = e.at("contribution").at("a").get<double>() + e.at("contribution").at("b").get<double>();
        QVERIFY(std::abs(sum - 1) < 1e-6 || sum == 0);
        QCOMPARE(e.at("fusion_attention").size(), size_t(2));
        QCOMPARE(e.at("fusion_attention")[0].size(), size_t(6)); // M x L_n

        // Stored in a project as the film's proposals, for review in mega-studio.
        {
            mega::store::Project project(tmp("p.mega").toStdString(), mega::store::Project::Mode::Create);
            mega::store::Film film;
            film.name = "film5";
            const int64_t id = project.addFilm(film);
            std::vector<mega::shots::Shot> shots;
            for (int i = 0; i < 90; ++i) shots.push_back({i * 10, i * 10 + 9, i * 0.4, (i + 1) * 0.4});
            project.setShots(id, shots);
        }
        r = runMega({"predict", "scenes", "--model", tmp("m.ckpt"), "--project", tmp("p.mega"), "--film", "film5", tmp("film5")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.isEmpty());
        {
            mega::store::Project project(tmp("p.mega").toStdString(), mega::store::Project::Mode::ReadOnly);
            const auto bs = project.boundaries(project.films().front().id);
            QVERIFY(!bs.empty());
            for (const auto& b : bs) {
                QCOMPARE(b.source, std::string("model:tiny"));
                QVERIFY(b.probability && *b.probability >= 0.5);
            }
            QCOMPARE(project.modelVersions().size(), size_t(1));
        }
        r = runMega({"predict", "scenes", "--model", tmp("m.ckpt"), "--project", tmp("p.mega"), "--film", "film5", tmp("film0")});
        QCOMPARE(r.code, 0); // film0 has 90 shots too: the count is all that can be checked
        r = runMega({"predict", "scenes", "--model", tmp("m.ckpt"), "--project", tmp("p.mega"), "--film", "nofilm", tmp("film5")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no film 'nofilm'"), r.err.constData());

        // Resume continues from the last epoch: asking for the same epochs again does no more work.
        r = runMega(QStringList{"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("gold.json"), "-o", tmp("m.ckpt"),
                                "--val", "film4", "--seed", "1", "--resume", "--quiet"} + dirs, 300000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("of 25,"), r.out.constData());
    }

    void trainPredictTurningPoints() {
        QVERIFY(fixtures::writeText(tmp("act.json"), kTinyAct));
        QVERIFY(fixtures::writeText(tmp("syn.json"), kTinySynopsis));
        json gold = {{"films", json::array()}};
        QStringList dirs;
        for (int f = 0; f < 8; ++f) {
            const QString dir = tmp(QString("act%1").arg(f));
            gold["films"].push_back(actFilm(dir, 40 + 15 * f, uint32_t(200 + f)));
            dirs << dir;
        }
        QVERIFY(fixtures::writeText(tmp("actgold.json"), QByteArray::fromStdString(gold.dump())));
        for (const bool distill : {false, true}) {
            QStringList args{"train", "tp", "--config", tmp("act.json"), "--gold", tmp("actgold.json"), "-o", tmp("act.ckpt"), "--quiet"};
            args << (distill ? QStringList{"--synopsis-config", tmp("syn.json")} : QStringList{"--shot-labels"});
            auto r = runMega(args + dirs, 300000);
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(QFile::exists(tmp("act.ckpt.synopsis")), distill);
            r = runMega(QStringList{"predict", "tp", "--model", tmp("act.ckpt"), "-o", tmp("actpred.json")} + dirs);
            QVERIFY2(r.code == 0, r.err.constData());
            QFile predFile(tmp("actpred.json"));
            QVERIFY(predFile.open(QIODevice::ReadOnly));
            const json p = parse(predFile.readAll());
            QCOMPARE(p.at("films").size(), size_t(8));
            const auto& dist = p.at("films")[0].at("distributions");
            QCOMPARE(dist.size(), size_t(5));
            QCOMPARE(dist[0].size(), size_t(40));
            double s = 0;
            for (double x : dist[2]) s += x;
            QVERIFY(std::abs(s - 1) < 1e-6);
            r = runMega({"eval", "tp", "--gold", tmp("actgold.json"), "--pred", tmp("actpred.json"), "--json"});
            QVERIFY2(r.code == 0, r.err.constData());
            qInfo("%s: %s", distill ? "distillation" : "shot labels", r.out.simplified().constData());
        }
        // Explaining a TP of a one-modality model gives that modality everything (or nothing).
        auto r = runMega({"explain", "--model", tmp("act.ckpt"), "--tp", "3", tmp("act0")});
        QVERIFY2(r.code == 0, r.err.constData());
        const double share = parse(r.out).at("contribution").at("a").get<double>();
        QVERIFY(share == 1.0 || share == 0.0);
    }

    void badInputsGetClearErrors() {
        QVERIFY(fixtures::writeText(tmp("tiny.json"), kTinyScene));
        QVERIFY(fixtures::writeText(tmp("g.json"), R"({"films": [{"id": "bad", "labels": [0, 1]}]})"));
        // A folder without one of the model's modalities.
        QDir().mkpath(tmp("bad"));
        writeMatrix(tmp("bad/a.shots.npy"), std::vector<float>(16, 0.f), 2, 8);
        auto r = runMega({"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("g.json"), "-o", tmp("x.ckpt"), tmp("bad")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("bad") && r.err.contains("\"b\""), r.err.constData());
        // Features of the wrong dimension.
        writeMatrix(tmp("bad/b.shots.npy"), std::vector<float>(10, 0.f), 2, 5);
        r = runMega({"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("g.json"), "-o", tmp("x.ckpt"), tmp("bad")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("bad") && r.err.contains("\"b\" has 5 dimensions; the model \"tiny\" takes 4"), r.err.constData());
        // A model file that is not a checkpoint, and one cut short.
        QVERIFY(fixtures::writeText(tmp("junk.ckpt"), "junk"));
        r = runMega({"predict", "scenes", "--model", tmp("junk.ckpt"), tmp("film5")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("junk.ckpt") && r.err.contains("not a MEGA checkpoint"), r.err.constData());
        if (QFile::exists(tmp("m.ckpt"))) {
            QVERIFY(fixtures::truncateCopy(tmp("m.ckpt"), tmp("cut.ckpt"), QFileInfo(tmp("m.ckpt")).size() / 3));
            r = runMega({"predict", "scenes", "--model", tmp("cut.ckpt"), tmp("film5")});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("cut.ckpt"), r.err.constData());
            // A scene model asked for turning points.
            r = runMega({"predict", "tp", "--model", tmp("m.ckpt"), tmp("film5")});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("not act_shot"), r.err.constData());
        }
        // Bad command lines exit 2.
        QCOMPARE(runMega({"train"}).code, 2);
        QCOMPARE(runMega({"predict", "scenes"}).code, 2);
        QCOMPARE(runMega({"train", "scenes", "--bogus"}).code, 2);
        r = runMega({"train", "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("train scenes"));
    }
};

QTEST_GUILESS_MAIN(TestModelCli)
#include "tst_model_cli.moc"
