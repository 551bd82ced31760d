// core/pipeline/review_order: the order a person reviews boundaries in, and the replay that
// measures it (issue 15), against cases worked out by hand.
#include "core/common/error.h"
#include "core/pipeline/review_order.h"

#include <QtTest>

using namespace mega;
using namespace mega::pipeline;

namespace {
film::SceneBoundary row(int64_t id, int64_t shot, std::optional<double> p,
                        film::ReviewStatus s = film::ReviewStatus::Unreviewed) {
    film::SceneBoundary b;
    b.id = id;
    b.shot_index = shot;
    b.probability = p;
    b.source = p ? "model:m" : "person:ann";
    b.status = s;
    return b;
}

std::vector<int64_t> shotsOf(const std::vector<film::SceneBoundary>& rows, const std::vector<size_t>& order) {
    std::vector<int64_t> out;
    for (size_t i : order) out.push_back(rows[i].shot_index);
    return out;
}

bool near(double a, double b) { return std::abs(a - b) < 1e-12; }
} // namespace

class TestReviewOrder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void names() {
        QCOMPARE(toString(ReviewOrder::Time), std::string("time"));
        QCOMPARE(toString(ReviewOrder::LeastCertain), std::string("least-certain"));
        for (auto o : {ReviewOrder::Time, ReviewOrder::LeastCertain}) QVERIFY(reviewOrderFromString(toString(o)) == o);
        QVERIFY(reviewOrderFromString("least_certain") == ReviewOrder::LeastCertain);
        QVERIFY_THROWS_EXCEPTION(Error, reviewOrderFromString("random"));
        QVERIFY_THROWS_EXCEPTION(Error, reviewOrderFromString(""));
    }

    void ordering() {
        // Rows out of time order; threshold 0.5 (values exact in binary, so ties are real ties).
        // Distances: shot 3 -> .375, shot 1 -> .125, shot 7 -> .125 (a tie with shot 1: time
        // decides), shot 5 accepted (left out), shot 2 a person's (no probability: last), shot 9
        // rejected (left out), shot 4 -> .25, shot 0 a person's.
        const std::vector<film::SceneBoundary> rows = {
            row(1, 3, 0.875), row(2, 1, 0.625), row(3, 7, 0.375), row(4, 5, 0.75, film::ReviewStatus::Accepted),
            row(5, 2, {}),    row(6, 9, 0.0625, film::ReviewStatus::Rejected),  row(7, 4, 0.75), row(8, 0, {}),
        };
        QCOMPARE(shotsOf(rows, reviewOrder(rows, 0.5, ReviewOrder::Time)), (std::vector<int64_t>{0, 1, 2, 3, 4, 7}));
        QCOMPARE(shotsOf(rows, reviewOrder(rows, 0.5, ReviewOrder::LeastCertain)), (std::vector<int64_t>{1, 7, 4, 3, 0, 2}));
        // Another threshold, another order: at 0.875 shot 3 is the least certain.
        QCOMPARE(shotsOf(rows, reviewOrder(rows, 0.875, ReviewOrder::LeastCertain)), (std::vector<int64_t>{3, 4, 1, 7, 0, 2}));
        // An edited row is reviewed too.
        auto edited = rows;
        edited[0].status = film::ReviewStatus::Edited;
        QCOMPARE(shotsOf(edited, reviewOrder(edited, 0.5, ReviewOrder::LeastCertain)), (std::vector<int64_t>{1, 7, 4, 0, 2}));
        QVERIFY(reviewOrder({}, 0.5, ReviewOrder::LeastCertain).empty());
        // The comparator sorts a list (the window's proxy) the same way, whatever the status.
        QVERIFY(reviewsBefore(rows[1], rows[2], 0.5, ReviewOrder::LeastCertain));
        QVERIFY(!reviewsBefore(rows[2], rows[1], 0.5, ReviewOrder::LeastCertain));
        QVERIFY(reviewsBefore(rows[0], rows[4], 0.5, ReviewOrder::LeastCertain)); // a probability before none
        QVERIFY(!reviewsBefore(rows[4], rows[0], 0.5, ReviewOrder::LeastCertain));
        QVERIFY(reviewsBefore(rows[4], rows[0], 0.5, ReviewOrder::Time));
        QVERIFY(!reviewsBefore(rows[0], rows[0], 0.5, ReviewOrder::LeastCertain));
    }

    void next() {
        std::vector<film::SceneBoundary> rows = {row(1, 3, 0.875), row(2, 1, 0.625), row(3, 7, 0.375), row(4, 4, 0.75), row(5, 2, {})};
        auto shotOf = [&](std::optional<size_t> i) { return i ? rows[*i].shot_index : int64_t(-1); };
        // Least certain: 1, 7, 4, 3, 2 (the person's last).
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::LeastCertain)), int64_t(1));
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::LeastCertain, 1)), int64_t(7)); // Tab past an undecided one
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::LeastCertain, 2)), int64_t(1)); // wraps
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::Time, 2)), int64_t(3));
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::Time, 7)), int64_t(1)); // wraps
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::Time, 5)), int64_t(7)); // no row on shot 5: the next in time
        // Enter accepted shot 7: the next is the one after it in the order, not the first again.
        rows[2].status = film::ReviewStatus::Accepted;
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::LeastCertain, 7)), int64_t(4));
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::Time, 7)), int64_t(1));
        // Only the current one left: it is the next.
        for (auto& r : rows) r.status = film::ReviewStatus::Rejected;
        QVERIFY(!nextToReview(rows, 0.5, ReviewOrder::LeastCertain, 3));
        rows[3].status = film::ReviewStatus::Unreviewed;
        QCOMPARE(shotOf(nextToReview(rows, 0.5, ReviewOrder::LeastCertain, 4)), int64_t(4));
    }

    void listed() {
        const std::vector<double> scores = {0.1, 0.35, 0.3, 0.8, 0.29};
        QCOMPARE(listedCuts(scores, 0.3), (std::vector<int64_t>{1, 2, 3}));
        const auto rows = listedRows(scores, 0.3);
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(*rows[0].probability, 0.35);
        QVERIFY(rows[0].status == film::ReviewStatus::Unreviewed);
        QVERIFY(listedCuts(scores, 0.0).size() == scores.size());
    }

    void replayByHand() {
        // 8 cuts; gold ends at cuts 1, 3, 6. Floor 0.2 lists cuts 1,2,3,4,5,7 (0 and 6 are below it);
        // threshold 0.5 answers yes at 1 (.875), 4 (.625), 5 (.5625); no at 2, 3, 7.
        const std::vector<double> scores = {0.125, 0.875, 0.4375, 0.3125, 0.625, 0.5625, 0.1875, 0.25};
        const std::vector<int> labels = {0, 1, 0, 1, 0, 0, 1, 0};
        // 0 reviews: tp 1 (cut 1), fp 2 (4, 5), fn 2 (3, 6): P 1/3, R 1/3, F1 1/3.
        // Least certain: 2 (.0625), 5 (.0625, a tie: later in time), 4 (.125), 3 (.1875), 7 (.25), 1 (.375).
        const auto lc = replayReview(scores, labels, 0.2, 0.5, ReviewOrder::LeastCertain);
        QCOMPARE(lc.reviewed, (std::vector<int64_t>{2, 5, 4, 3, 7, 1}));
        QCOMPARE(lc.f1.size(), size_t(7));
        // After 2 (a no, already no): unchanged 1/3. After 5: fp 1 -> P 1/2, R 1/3, F1 2/5.
        // After 4: fp 0 -> P 1, R 1/3, F1 1/2. After 3: tp 2, fn 1 -> P 1, R 2/3, F1 4/5; then stays
        // (7 a no already, 1 a yes already). Cut 6 is below the floor: never 1.0.
        const std::vector<double> expected = {1.0 / 3, 1.0 / 3, 0.4, 0.5, 0.8, 0.8, 0.8};
        for (size_t k = 0; k < expected.size(); ++k) QVERIFY2(near(lc.f1[k], expected[k]), qPrintable(QString::number(k)));
        // Time order: 1 (yes, yes), 2, 3 (tp 2: P 2/4, R 2/3 = 4/7), 4 (P 2/3 -> 2/3), 5 (P 1 -> 4/5), 7.
        const auto t = replayReview(scores, labels, 0.2, 0.5, ReviewOrder::Time);
        QCOMPARE(t.reviewed, (std::vector<int64_t>{1, 2, 3, 4, 5, 7}));
        const std::vector<double> expectedTime = {1.0 / 3, 1.0 / 3, 1.0 / 3, 4.0 / 7, 2.0 / 3, 0.8, 0.8};
        for (size_t k = 0; k < expectedTime.size(); ++k) QVERIFY2(near(t.f1[k], expectedTime[k]), qPrintable(QString::number(k)));
        // Time order's final F1 (0.8) is reached after 4 reviews least certain first, 5 in time order.
        QCOMPARE(reviewsToReach(lc.f1, t.f1.back()), std::optional<size_t>(4));
        QCOMPARE(reviewsToReach(t.f1, t.f1.back()), std::optional<size_t>(5));
        QCOMPARE(reviewsToReach(t.f1, 0.9), std::nullopt);
        QCOMPARE(reviewsToReach(t.f1, 0.0), std::optional<size_t>(0));
        // An explicit order (a random one, in the benchmark) and its checks.
        const auto some = replayReview(scores, labels, 0.2, 0.5, std::vector<int64_t>{3});
        QVERIFY(near(some.f1[1], 4.0 / 7)); // tp 2, fp 2, fn 1: P 1/2, R 2/3
        QVERIFY_THROWS_EXCEPTION(Error, replayReview(scores, labels, 0.2, 0.5, std::vector<int64_t>{6}));    // not listed
        QVERIFY_THROWS_EXCEPTION(Error, replayReview(scores, labels, 0.2, 0.5, std::vector<int64_t>{8}));    // no such cut
        QVERIFY_THROWS_EXCEPTION(Error, replayReview(scores, labels, 0.2, 0.5, std::vector<int64_t>{1, 1})); // twice
        QVERIFY_THROWS_EXCEPTION(Error, replayReview(scores, {0, 1}, 0.2, 0.5, ReviewOrder::Time));
    }

    void everythingListedReviewedIsPerfect() {
        // With every cut listed (floor 0), reviewing all of them gives F1 1.0 in any order,
        // whatever the model said.
        const std::vector<double> scores = {0.2, 0.95, 0.7, 0.05, 0.5, 0.4, 0.81, 0.33, 0.6};
        const std::vector<int> labels = {1, 0, 1, 0, 0, 1, 0, 0, 1};
        for (auto o : {ReviewOrder::Time, ReviewOrder::LeastCertain}) {
            const auto c = replayReview(scores, labels, 0.0, 0.5, o);
            QCOMPARE(c.reviewed.size(), scores.size());
            QCOMPARE(c.f1.back(), 1.0);
        }
        // With the floor above a gold cut it stays missed: the final F1 is the recall's.
        const auto c = replayReview(scores, labels, 0.3, 0.5, ReviewOrder::LeastCertain);
        QCOMPARE(c.reviewed.size(), size_t(7));
        QVERIFY(near(c.f1.back(), 2 * 0.75 / 1.75)); // P 1, R 3/4
    }
};

QTEST_GUILESS_MAIN(TestReviewOrder)
#include "tst_review_order.moc"
