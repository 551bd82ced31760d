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
        // A --val film that is none of the folders to train on would be silently ignored: refused.
        auto r = runMega(QStringList{"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("gold.json"), "-o",
                                     tmp("m.ckpt"), "--val", "film5", "--quiet"} + dirs, 300000);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--val names film5, which is none of the DIRs"), r.err.constData());
        QVERIFY(!QFile::exists(tmp("m.ckpt")));
        r = runMega(QStringList{"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("gold.json"), "-o",
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

    void actLoopOnFeatureFolders() {
        // The project loop's act model (models/act_loop.json) on feature folders: its "position" and
        // "synopsis_tp" are computed from each folder's words.json, as the loop computes them from
        // the project. Films whose TPs sit at 20, 35, 55, 70, 95 % of their shots (not the theory
        // positions), no synopsis: it must learn the places from "position" alone.
        const double rel[5] = {0.2, 0.35, 0.55, 0.7, 0.95};
        json gold = {{"films", json::array()}}, heldGold = {{"films", json::array()}};
        QStringList train, held;
        for (int f = 0; f < 8; ++f) {
            const QString dir = tmp(QString("loopact%1").arg(f));
            QVERIFY(QDir().mkpath(dir));
            const int n = 40 + 11 * f;
            json words = {{"shots", json::array()}, {"subtitles", json::array()}, {"synopsis", json::array()}};
            for (int i = 0; i < n; ++i) words["shots"].push_back({2.0 * i, 2.0 * (i + 1)});
            QVERIFY(fixtures::writeText(dir + "/words.json", QByteArray::fromStdString(words.dump())));
            json tps = json::array();
            for (double r : rel) tps.push_back({int(std::lround(r * (n - 1)))});
            const json film = {{"id", QDir(dir).dirName().toStdString()}, {"units", n}, {"tps", tps}};
            gold["films"].push_back(film);
            if (f >= 6) heldGold["films"].push_back(film);
            (f < 6 ? train : held) << dir;
        }
        QVERIFY(fixtures::writeText(tmp("loopgold.json"), QByteArray::fromStdString(gold.dump())));
        QVERIFY(fixtures::writeText(tmp("loopheld.json"), QByteArray::fromStdString(heldGold.dump())));
        const QString config = MEGA_SOURCE_DIR "/models/act_loop.json";
        auto r = runMega(QStringList{"train", "tp", "--config", config, "--shot-labels", "--gold", tmp("loopgold.json"), "-o",
                                     tmp("loopact.ckpt"), "--seed", "1", "--quiet"} + train, 300000);
        QVERIFY2(r.code == 0, r.err.constData());
        r = runMega(QStringList{"predict", "tp", "--model", tmp("loopact.ckpt"), "-o", tmp("looppred.json")} + held);
        QVERIFY2(r.code == 0, r.err.constData());
        r = runMega({"eval", "tp", "--gold", tmp("loopheld.json"), "--pred", tmp("looppred.json"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const json e = parse(r.out);
        qInfo("act_loop on 2 held-out folders: %s", e.dump().c_str());
        // The theory positions (10, 25, 50, 75, 90 %) are 3 or more shots from every one of these TPs.
        QVERIFY2(e.at("TA").get<double>() >= 0.6 && e.at("baselines").at("theory").at("TA").get<double>() == 0.0, r.out.constData());

        // A folder without its words, or with malformed ones: named.
        QVERIFY(QFile::remove(held[0] + "/words.json"));
        r = runMega(QStringList{"predict", "tp", "--model", tmp("loopact.ckpt")} + held);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("loopact6") && r.err.contains("has no words.json"), r.err.constData());
        QVERIFY(fixtures::writeText(held[0] + "/words.json", R"({"shots": [[0, 2], [2]]})"));
        r = runMega(QStringList{"predict", "tp", "--model", tmp("loopact.ckpt")} + held);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("loopact6/words.json") && r.err.contains("malformed"), r.err.constData());
    }

    void synopsisTurningPoints() {
        // Synopses whose TPs sit at shares of the story the theory positions do not give
        // (20, 35, 55, 70, 95 %), 2 annotators for one film: the model must learn where they lie.
        const char* kTinyPositions = R"({"name": "tinypos", "task": "act_synopsis", "units": 40, "bottleneck_tokens": 4, "width": 16, "ffn_width": 32,
          "heads": 2, "unimodal_layers": 1, "fusion": "late", "fusion_layers": 0, "dropout": 0.1, "classes": 5,
          "align_pe": "none", "position": "none", "modalities": [{"name": "position", "dim": 16}, {"name": "sentence_shape", "dim": 7}],
          "train": {"lr": 3e-3, "epochs": 40, "batch": 2, "patience": 1000}})";
        QVERIFY(fixtures::writeText(tmp("pos.json"), kTinyPositions));
        const double rel[5] = {0.2, 0.35, 0.55, 0.7, 0.95};
        QByteArray csv = "movie_name,synopsis_raw,synopsis_segmented,tp1,tp2,tp3,tp4,tp5\n";
        for (int f = 0; f < 10; ++f) {
            const int n = 20 + 3 * f;
            QByteArray seg;
            for (int j = 0; j < n; ++j) seg += "[STR_SENT] Sentence " + QByteArray::number(j) + " of story " + QByteArray::number(f) + ". [END_SENT] ";
            for (int annotator = 0; annotator < (f == 0 ? 2 : 1); ++annotator) {
                csv += "Story " + QByteArray::number(f) + "_" + QByteArray::number(annotator) + ",raw,\"" + seg + "\"";
                for (double r : rel) csv += "," + QByteArray::number(int(std::lround(r * (n - 1))) + annotator);
                csv += "\n";
            }
        }
        QVERIFY(fixtures::writeText(tmp("tripod.csv"), csv));
        auto r = runMega({"train", "synopsis", "--tripod", tmp("tripod.csv"), "--config", tmp("pos.json"), "-o", tmp("syn.ckpt"),
                          "--folds", "5", "--json", tmp("synreport.json"), "--quiet"}, 300000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.out.contains("all 10 films") && r.out.contains("distribution"), r.out.constData());
        QVERIFY(QFile::exists(tmp("syn.ckpt")));
        json report;
        {
            QFile f(tmp("synreport.json"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            report = parse(f.readAll());
        }
        QCOMPARE(report.at("folds").size(), size_t(5));
        const json& pooled = report.at("pooled");
        const double ta = pooled.at("model").at("ta").get<double>(), theory = pooled.at("theory").at("ta").get<double>(),
                     random = pooled.at("random").at("ta").get<double>();
        qInfo("held-out TA: model %.3f, theory %.3f, random %.3f", ta, theory, random);
        QVERIFY2(ta > theory && ta > 0.8 && random < 0.3, report.dump().c_str());

        // A plain synopsis, one sentence a line: five TPs in order, each with its probability.
        QByteArray plain;
        for (int j = 0; j < 30; ++j) plain += "Sentence " + QByteArray::number(j) + " of a new story.\n";
        QVERIFY(fixtures::writeText(tmp("plain.txt"), plain));
        r = runMega({"predict", "tp", "--model", tmp("syn.ckpt"), "--synopsis", tmp("plain.txt"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        json p = parse(r.out);
        QCOMPARE(p.at("sentences").get<int>(), 30);
        int64_t last = -1;
        for (int n = 0; n < 5; ++n) {
            const int64_t s = p.at("tps")[size_t(n)].at("sentence").get<int64_t>();
            QVERIFY2(s > last, r.out.constData());
            QVERIFY(std::abs(s - std::lround(rel[n] * 29)) <= 2); // where the training synopses put it
            const double prob = p.at("tps")[size_t(n)].at("probability").get<double>();
            QVERIFY(prob > 0 && prob <= 1);
            last = s;
        }
        r = runMega({"predict", "tp", "--model", tmp("syn.ckpt"), "--synopsis", tmp("plain.txt")});
        QVERIFY2(r.code == 0 && r.out.count("TP") == 5 && r.out.contains("of a new story"), r.out.constData());

        // The shipped model, on TRIPOD's segmented form of a real synopsis.
        QVERIFY(fixtures::writeText(tmp("seg.txt"), QByteArray("[STR_SENT] ") + plain.replace("\n", " [END_SENT] [STR_SENT] ") + "End. [END_SENT]"));
        r = runMega({"predict", "tp", "--synopsis", tmp("seg.txt"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        p = parse(r.out);
        QCOMPARE(p.at("sentences").get<int>(), 31);
        QVERIFY(p.at("model").get<std::string>().find("synopsis_tp.ckpt") != std::string::npos);
        for (int n = 1; n < 5; ++n) QVERIFY(p.at("tps")[size_t(n)].at("sentence") > p.at("tps")[size_t(n - 1)].at("sentence"));

        // Fewer sentences than TPs: they share sentences, in order, and the user is told.
        QVERIFY(fixtures::writeText(tmp("short.txt"), "One.\nTwo.\nThree.\n"));
        r = runMega({"predict", "tp", "--synopsis", tmp("short.txt"), "--json"});
        QVERIFY2(r.code == 0 && r.err.contains("short.txt has 3 sentences"), r.err.constData());
        p = parse(r.out);
        for (int n = 1; n < 5; ++n) QVERIFY(p.at("tps")[size_t(n)].at("sentence") >= p.at("tps")[size_t(n - 1)].at("sentence"));

        // Bad inputs: named files, exit 1; bad command lines exit 2.
        r = runMega({"predict", "tp", "--synopsis", tmp("none.txt")});
        QVERIFY2(r.code == 1 && r.err.contains("none.txt"), r.err.constData());
        QVERIFY(fixtures::writeText(tmp("empty.txt"), "\n\n"));
        r = runMega({"predict", "tp", "--synopsis", tmp("empty.txt")});
        QVERIFY2(r.code == 1 && r.err.contains("empty.txt") && r.err.contains("no sentence"), r.err.constData());
        QVERIFY(fixtures::writeText(tmp("broken.txt"), "[STR_SENT] One. [STR_SENT] Two. [END_SENT]"));
        r = runMega({"predict", "tp", "--synopsis", tmp("broken.txt")});
        QVERIFY2(r.code == 1 && r.err.contains("broken.txt") && r.err.contains("[END_SENT]"), r.err.constData());
        QVERIFY(fixtures::writeText(tmp("tiny.json"), kTinyScene));
        r = runMega({"train", "synopsis", "--tripod", tmp("tripod.csv"), "--config", tmp("tiny.json"), "-o", tmp("x.ckpt")});
        QVERIFY2(r.code == 1 && r.err.contains("tiny.json") && r.err.contains("not an act synopsis model"), r.err.constData());
        // Another kind of model given for a synopsis, and the synopsis model given features folders.
        const auto labels = sceneFilm(tmp("synfilm"), 12, 7);
        QVERIFY(fixtures::writeText(tmp("syngold.json"),
                                    QByteArray::fromStdString(json{{"films", {{{"id", "synfilm"}, {"labels", labels}}}}}.dump())));
        r = runMega({"train", "scenes", "--config", tmp("tiny.json"), "--gold", tmp("syngold.json"), "-o", tmp("scene1.ckpt"), "--epochs",
                     "1", "--quiet", tmp("synfilm")});
        QVERIFY2(r.code == 0, r.err.constData());
        r = runMega({"predict", "tp", "--model", tmp("scene1.ckpt"), "--synopsis", tmp("plain.txt")});
        QVERIFY2(r.code == 1 && r.err.contains("not an act synopsis model"), r.err.constData());
        r = runMega({"predict", "tp", "--model", tmp("syn.ckpt"), tmp("synfilm")});
        QVERIFY2(r.code == 1 && r.err.contains("syn.ckpt") && r.err.contains("--synopsis"), r.err.constData());
        QVERIFY(fixtures::writeText(tmp("twice.csv"), csv + "Story 1_1,raw,\"[STR_SENT] Other. [END_SENT]\",0,0,0,0,0\n"));
        r = runMega({"train", "synopsis", "--tripod", tmp("twice.csv"), "--config", tmp("pos.json"), "-o", tmp("x.ckpt")});
        QVERIFY2(r.code == 1 && r.err.contains("twice.csv") && r.err.contains("Story 1"), r.err.constData());
        r = runMega({"train", "synopsis", "--tripod", tmp("tripod.csv"), "--config", tmp("pos.json"), "-o", tmp("x.ckpt"), "--folds", "1"});
        QVERIFY2(r.code == 1 && r.err.contains("--folds"), r.err.constData());
        QCOMPARE(runMega({"train", "synopsis", "--tripod", tmp("tripod.csv")}).code, 2);
        QCOMPARE(runMega({"predict", "scenes", "--synopsis", tmp("plain.txt")}).code, 2);
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
