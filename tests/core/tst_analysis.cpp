// What a prediction was based on, stored with it (core/pipeline/analysis.h): the synchronization
// and the explanations round-trip through the project exactly, the newest replaces the last, a
// damaged row is named, and the synchronization's rules (the band, the shots paired with a
// sentence) are as MEGA.md section 4 states them.
#include "core/pipeline/analysis.h"
#include "core/store/project.h"
#include "core/common/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace mega;

namespace {

pipeline::SyncMatrix smallSync(int64_t version) {
    pipeline::SyncMatrix s;
    s.model_version = version;
    s.model_name = "v";
    s.method = "text";
    s.annotator = "ann";
    s.shots = 5;
    s.sentences = 3;
    s.lambda = 1.0;
    for (int64_t i = 0; i < 5; ++i)
        for (int64_t j = 0; j < 3; ++j) {
            s.soft.push_back(float(i * 3 + j) / 100.f);
            s.expected.push_back(uint8_t((i + j) % 2));
        }
    return s;
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    std::pair<int64_t, int64_t> filmAndVersion(store::Project& p) {
        store::Film f;
        f.name = "film";
        const int64_t film = p.addFilm(f);
        p.setShots(film, {{0, 9, 0, 1}, {10, 19, 1, 2}, {20, 29, 2, 3}, {30, 39, 3, 4}, {40, 49, 4, 5}});
        store::ModelVersion m;
        m.name = "v";
        m.config_json = R"({"name": "a test version"})";
        m.metrics_json = R"({"note": "none measured"})";
        return {film, p.addModelVersion(m)};
    }

  private Q_SLOTS:
    void roundTripAndReplace() {
        store::Project p(m_tmp.filePath("a.mega").toStdString(), store::Project::Mode::Create);
        const auto [film, version] = filmAndVersion(p);
        QVERIFY(!pipeline::storedSync(p, film, "ann"));
        QVERIFY(!pipeline::storedExplanations(p, film, "scene"));
        const auto s = smallSync(version);
        pipeline::storeSync(p, film, s);
        const auto back = pipeline::storedSync(p, film, "ann");
        QVERIFY(back);
        QCOMPARE(back->soft, s.soft);
        QCOMPARE(back->expected, s.expected);
        QCOMPARE(back->method, std::string("text"));
        QCOMPARE(back->model_version, version);
        QCOMPARE(back->lambda, 1.0);
        QVERIFY(!pipeline::storedSync(p, film, "")); // per annotator
        pipeline::Explanations e;
        e.model_version = version;
        e.model_name = "v";
        e.task = "scene";
        e.modalities = {"appearance", "audio"};
        e.bottleneck = 2;
        e.shot_share = {{0.25, 0.75}, {1, 0}, {0, 0}, {0.5, 0.5}};
        e.units.push_back({"boundary", 1, 0.9, {1, 0}, {{1, 0.5f, 0.25f, 0}, {0, 0, 1, 0.5f}}});
        pipeline::storeExplanations(p, film, e);
        auto x = pipeline::storedExplanations(p, film, "scene");
        QVERIFY(x);
        QCOMPARE(x->modalities, e.modalities);
        QCOMPARE(x->bottleneck, int64_t(2));
        QCOMPARE(x->shot_share, e.shot_share); // float storage: these are exact
        QCOMPARE(x->units.size(), size_t(1));
        QCOMPARE(x->find("boundary", 1)->attention, e.units[0].attention);
        QVERIFY(!x->find("boundary", 2));
        QVERIFY(!pipeline::storedExplanations(p, film, "tp"));
        // Proposing again (here: a model that explains nothing) replaces what was there.
        pipeline::storeUnexplained(p, film, p.modelVersion(version));
        x = pipeline::storedExplanations(p, film, "scene");
        QVERIFY(x && x->modalities.empty() && x->units.empty() && x->shot_share.empty());
        // A share per modality, or it is refused before anything is written.
        e.units[0].share = {1};
        QVERIFY_THROWS_EXCEPTION(mega::Error, pipeline::storeExplanations(p, film, e));
    }

    void damagedRowsAreNamed() {
        const std::string path = m_tmp.filePath("d.mega").toStdString();
        int64_t film = 0;
        {
            store::Project p(path, store::Project::Mode::Create);
            const auto fv = filmAndVersion(p);
            film = fv.first;
            pipeline::storeSync(p, film, smallSync(fv.second));
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE analyses SET data = substr(data, 1, 7)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        const store::Project p(path, store::Project::Mode::ReadOnly);
        try {
            pipeline::storedSync(p, film, "ann");
            QFAIL("read a damaged synchronization");
        } catch (const mega::Error& e) {
            QVERIFY2(QString(e.what()).contains("d.mega") && QString(e.what()).contains("damaged"), e.what());
        }
    }

    void aReadOnlyProjectRefusesAndKeepsWhatItHas() {
        const std::string path = m_tmp.filePath("ro.mega").toStdString();
        int64_t film = 0, version = 0;
        {
            store::Project p(path, store::Project::Mode::Create);
            std::tie(film, version) = filmAndVersion(p);
            pipeline::storeSync(p, film, smallSync(version));
        }
        store::Project ro(path, store::Project::Mode::ReadOnly);
        auto changed = smallSync(version);
        changed.soft[0] = 0.5f;
        QVERIFY_THROWS_EXCEPTION(mega::Error, pipeline::storeSync(ro, film, changed));
        QCOMPARE(pipeline::storedSync(ro, film, "ann")->soft, smallSync(version).soft);
    }

    void bandAndPairedShots() {
        // Eq. 2's band, 0-based with real lengths: j < i S/N + xi S and i < j N/S + xi N.
        for (int64_t i = 0; i < 10; ++i)
            for (int64_t j = 0; j < 4; ++j)
                QCOMPARE(pipeline::inDiagonalBand(i, j, 10, 4, 0.3), double(j) < i * 0.4 + 1.2 && double(i) < j * 2.5 + 3.0);
        auto s = smallSync(1);
        // Sentence 1 is paired (W) with shots 0, 2, 4; A grows with the shot, so 4 first.
        const auto paired = pipeline::syncedShots(s, 1);
        QCOMPARE(paired.size(), size_t(3));
        QCOMPARE(paired[0].first, int64_t(4));
        QCOMPARE(paired[0].second, 1.0);
        QCOMPARE(paired[2].first, int64_t(0));
        QCOMPARE(pipeline::bestShotOf(s, 1), int64_t(4));
        QCOMPARE(pipeline::syncedShots(s, 1, 1).size(), size_t(1));
        std::fill(s.expected.begin(), s.expected.end(), uint8_t(0));
        QCOMPARE(pipeline::bestShotOf(s, 1), int64_t(-1)); // W pairs it with nothing
        QCOMPARE(pipeline::bestShotOf(s, 7), int64_t(-1));
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
