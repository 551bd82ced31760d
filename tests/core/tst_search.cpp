// core/pipeline/search: the shots ranked by how well their subtitles match a sentence.
#include "core/pipeline/search.h"

#include <QtTest>

using namespace mega;

class TestSearch : public QObject {
    Q_OBJECT

    static std::vector<shots::Shot> shots(int n) {
        std::vector<shots::Shot> s;
        for (int i = 0; i < n; ++i) s.push_back({i * 50LL, i * 50LL + 49, i * 2.0, (i + 1) * 2.0});
        return s;
    }

  private Q_SLOTS:
    void ranksTheShotsThatSayIt() {
        const std::vector<media::SubtitleCue> cues{{0.5, 1.5, "The weather is fine today."},
                                                   {4.2, 5.8, "Where did you hide the golden key?"},
                                                   {9.0, 11.5, "The key is under the old red boat."}, // shots 4 and 5
                                                   {14.0, 15.0, "Nothing to see here."}};
        const auto r = pipeline::searchShots(shots(10), cues, "the old red boat");
        QVERIFY(r.size() >= 2);
        QCOMPARE(r[0].shot, int64_t(4)); // the cue spans shots 4 and 5: equal scores, the earlier first
        QCOMPARE(r[1].shot, int64_t(5));
        QCOMPARE(r[0].score, r[1].score);
        QCOMPARE(QString::fromStdString(r[0].text), QString("The key is under the old red boat."));
        for (const auto& m : r) QVERIFY(m.score > 0 && m.score <= 1.0 + 1e-9);
        // "golden key" is said in shot 2; "key" alone also in shots 4-5, but less of it matches.
        const auto k = pipeline::searchShots(shots(10), cues, "the golden key");
        QCOMPARE(k[0].shot, int64_t(2));
        QVERIFY(k[0].score > k[1].score);
        // Shots where nothing is said, or nothing in common, are left out; the limit holds.
        for (const auto& m : k) QVERIFY(m.shot != 7 && m.shot != 9);
        QCOMPARE(pipeline::searchShots(shots(10), cues, "the golden key", 1).size(), size_t(1));
    }

    void cuesInAnyOrderAndOverlapping() {
        // A long cue over several shots, listed after a later one: still found in each shot.
        const std::vector<media::SubtitleCue> cues{{8.5, 9.0, "later line"}, {0.5, 7.5, "a very long speech about ships"}};
        const auto r = pipeline::searchShots(shots(6), cues, "speech about ships");
        QCOMPARE(r.size(), size_t(4)); // shots 0-3
        for (size_t i = 0; i < r.size(); ++i) QCOMPARE(r[i].shot, int64_t(i));
    }

    void nothingToSearch() {
        QVERIFY(pipeline::searchShots(shots(3), {}, "anything").empty());
        QVERIFY(pipeline::searchShots({}, {{0, 1, "x"}}, "x").empty());
        QVERIFY(pipeline::searchShots(shots(3), {{0, 1, "words here"}}, "").empty());
        QVERIFY(pipeline::searchShots(shots(3), {{0, 1, "words here"}}, "zebra").empty());
    }
};

QTEST_APPLESS_MAIN(TestSearch)
#include "tst_search.moc"
