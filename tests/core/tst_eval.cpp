// core/eval: every metric against small cases worked out by hand, including the edge cases.
#include "core/common/error.h"
#include "core/eval/metrics.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace mega;
using namespace mega::eval;

class TestEval : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void averagePrecisionByHand() {
        // Ranked: 0.9 (+), 0.8 (-), 0.7 (+), 0.1 (-): AP = 1/2 * 1 + 1/2 * 2/3 = 0.8333
        QVERIFY(std::abs(averagePrecision({0.9, 0.8, 0.7, 0.1}, {1, 0, 1, 0}) - 5.0 / 6.0) < 1e-12);
        QCOMPARE(averagePrecision({0.9, 0.8}, {1, 1}), 1.0);
        QCOMPARE(averagePrecision({0.9, 0.8}, {0, 0}), 0.0); // no positives
        // Ties form one threshold: both at 0.5, one positive -> precision 1/2 at recall 1.
        QCOMPARE(averagePrecision({0.5, 0.5}, {0, 1}), 0.5);
        QCOMPARE(averagePrecision({0.5, 0.5}, {1, 0}), 0.5); // order within a tie does not matter
        QCOMPARE(averagePrecision({0.2, 0.9}, {-1, 0}), 0.5); // -1 counts as a boundary
        QVERIFY_THROWS_EXCEPTION(Error, averagePrecision({0.1}, {1, 0}));
        // A score that is not a number is refused (NaN equals no score: it could not join a tie).
        QVERIFY_THROWS_EXCEPTION(Error, averagePrecision({0.1, std::nan(""), 0.3}, {1, 0, 1}));
        QVERIFY_THROWS_EXCEPTION(Error, averagePrecision({0.1, HUGE_VAL}, {1, 0}));
    }

    void f1ByHand() {
        // predicted: 1, 1, 0, 0 (>= 0.5); gold: 1, 0, 1, 0 -> tp 1, fp 1, fn 1
        const auto r = precisionRecallF1({0.9, 0.5, 0.4, 0.1}, {1, 0, 1, 0});
        QCOMPARE(r.precision, 0.5);
        QCOMPARE(r.recall, 0.5);
        QCOMPARE(r.f1, 0.5);
        QCOMPARE(precisionRecallF1({0.1}, {0}).f1, 0.0);
    }

    void bestF1ThresholdByHand() {
        // At 0.9: F1 1/2; 0.8: 4/5; 0.3: 2/3; 0.2: P 3/4, R 1, F1 6/7 (the best).
        QCOMPARE(bestF1Threshold({0.9, 0.8, 0.3, 0.2}, {1, 1, 0, 1}), 0.2);
        // Tied scores are one threshold: at 0.6 all three count (F1 2/5), not the positive alone (2/3),
        // so 0.2 (F1 2/3) wins.
        QCOMPARE(bestF1Threshold({0.6, 0.6, 0.6, 0.2}, {1, 0, 0, 1}), 0.2);
        QCOMPARE(bestF1Threshold({0.6, 0.6, 0.6, 0.2}, {0, 0, 1, 1}), 0.2);
        QCOMPARE(bestF1Threshold({0.7, 0.4, 0.2}, {0, 1, 0}), 0.4);
        QCOMPARE(bestF1Threshold({0.7, 0.2}, {0, 0}), 0.5); // no positive
        QVERIFY_THROWS_EXCEPTION(Error, bestF1Threshold({0.1}, {1, 0}));
    }

    void miouByHand() {
        // gold [0,9] [10,19]; predicted [0,4] [5,19]: gold->pred best 5/10 and 10/15; pred->gold 5/10, 10/15
        const double expected = ((0.5 + 10.0 / 15.0) / 2 + (0.5 + 10.0 / 15.0) / 2) / 2;
        QVERIFY(std::abs(meanIoU({{0, 9}, {10, 19}}, {{0, 4}, {5, 19}}) - expected) < 1e-12);
        QCOMPARE(meanIoU({{0, 9}}, {{0, 9}}), 1.0);
        const auto scenes = scenesFromBoundaries({{0, 4}, {5, 9}, {10, 19}}, {true, false});
        QCOMPARE(scenes.size(), size_t(2));
        QCOMPARE(scenes[1], (std::pair<int64_t, int64_t>(5, 19)));
    }

    void sceneEvaluation() {
        SceneFilm f;
        f.scores = {0.9, 0.2, 0.6, 0.1};
        f.labels = {1, 0, 0, 1};
        f.shots = {{0, 9}, {10, 19}, {20, 29}, {30, 39}, {40, 49}};
        f.boundary_times = {0.4, 0.8, 1.2, 5.0};
        const auto m = evaluateScenes({f});
        QCOMPARE(m.boundaries, int64_t(4));
        QCOMPARE(m.gold_boundaries, int64_t(2));
        QCOMPARE(m.precision, 0.5);
        QCOMPARE(m.recall, 0.5);
        // Recall@3s: gold at 0.4 s is found (0.4 itself); gold at 5.0 s: nearest prediction 1.2 s is 3.8 s away.
        QCOMPARE(m.recall_at_3s, 0.5);
        SceneFilm wider = f;
        wider.boundary_times = {0.4, 0.8, 2.5, 5.0};
        QCOMPARE(evaluateScenes({wider}).recall_at_3s, 1.0);
        QVERIFY_THROWS_EXCEPTION(Error, evaluateScenes({SceneFilm{{0.1}, {1, 0}, {}, {}}}));
    }

    void tpWindows() {
        QCOMPARE(tpWindow(5, 10), (std::vector<int64_t>{4, 5, 6}));
        QCOMPARE(tpWindow(0, 10), (std::vector<int64_t>{0, 1, 2})); // shifted inward
        QCOMPARE(tpWindow(9, 10), (std::vector<int64_t>{7, 8, 9}));
        QCOMPARE(tpWindow(0, 2), (std::vector<int64_t>{0, 1}));     // a film shorter than the window
        QCOMPARE(tpWindow(0, 1), (std::vector<int64_t>{0}));
    }

    void tpMetricsByHand() {
        TpFilm f;
        f.units = 20;
        f.gold = {{{2}, {5, 6}, {10}, {15}, {19}}};
        f.predicted = {3, 9, 10, 18, 19};
        // windows: {2,3,4} {8,9,10} {9,10,11} {17,18,19} {17,18,19}
        // gold inside: 2 yes; 5,6 no; 10 yes; 15 no; 19 yes -> TA = 3/6; PA = 3/5
        // distances to the window's nearest unit: 0, |6-8|=2, 0, |15-17|=2, 0 -> D = (0+2+0+2+0)/20/5
        const auto m = evaluateTurningPoints({f});
        QCOMPARE(m.ta, 0.5);
        QCOMPARE(m.pa, 0.6);
        QVERIFY(std::abs(m.d - 4.0 / 100.0) < 1e-12);
        QCOMPARE(argmax({{{0.1, 0.7, 0.2}, {1, 0, 0}, {0, 0, 1}, {0.5, 0.5, 0}, {0, 0.2, 0.2}}}),
                 (std::array<int64_t, 5>{1, 0, 2, 0, 1})); // ties: the first maximum
    }

    void baselines() {
        // round(p (n - 1)): 9.9, 24.75, 49.5, 74.25, 89.1
        QCOMPARE(theoryPositions(100), (std::array<int64_t, 5>{10, 25, 50, 74, 89}));
        QCOMPARE(theoryPositions(11), (std::array<int64_t, 5>{1, 3, 5, 8, 9})); // 1, 2.5, 5, 7.5, 9
        QCOMPARE(theoryPositions(1), (std::array<int64_t, 5>{0, 0, 0, 0, 0}));
        TpFilm a, b;
        a.units = 10;
        a.gold = {{{1}, {2}, {5}, {7}, {9}}};
        b.units = 20;
        b.gold = {{{4}, {6}, {10}, {14}, {17}}};
        const auto rel = meanRelativePositions({a, b});
        QVERIFY(std::abs(rel[0] - (1.0 / 9 + 4.0 / 19) / 2) < 1e-12); // unit g of n at g / (n - 1)
        QVERIFY(std::abs(rel[4] - (9.0 / 9 + 17.0 / 19) / 2) < 1e-12);
        QCOMPARE(positionsAt(rel, 20)[0], int64_t(3));  // (19/9 + 4) / 2 = 3.06
        QCOMPARE(positionsAt(rel, 20)[4], int64_t(18)); // (19 + 17) / 2 = 18
        // The inverse of positionsAt: one film's TPs come back on their own units (g / n did not:
        // unit 18 of 20 came back as 17).
        TpFilm c;
        c.units = 20;
        c.gold = {{{0}, {5}, {10}, {18}, {19}}};
        QCOMPARE(positionsAt(meanRelativePositions({c}), 20), (std::array<int64_t, 5>{0, 5, 10, 18, 19}));
    }

    void randomBaselineIsAnExactExpectation() {
        // One film of 4 units, every TP at unit 0. Windows for arg-max 0..3: {0,1,2} {0,1,2} {1,2,3} {1,2,3}:
        // unit 0 is inside for 2 of 4 -> TA = PA = 1/2; distances to the windows 0,0,1,1 / 4 units -> D = 2/16.
        TpFilm f;
        f.units = 4;
        f.gold = {{{0}, {0}, {0}, {0}, {0}}};
        const auto m = randomBaseline({f});
        QCOMPARE(m.ta, 0.5);
        QCOMPARE(m.pa, 0.5);
        QCOMPARE(m.d, 2.0 / 16.0);
    }
    // The five TPs decoded jointly in order: the best strictly increasing placement by the sum of
    // log-probabilities, checked against every placement on small films; the arg-maxes when they are
    // in order; non-decreasing on a film of fewer than 5 units.
    void orderedPeaksIsTheBestOrderedPlacement() {
        std::array<std::vector<double>, 5> d;
        // TP3's peak (unit 1) comes before TP2's (unit 4): the arg-maxes cross.
        const std::vector<std::vector<double>> rows{{.6, .1, .1, .1, .05, .05, 0, 0}, {.05, .1, .1, .1, .5, .1, .05, 0},
                                                    {.1, .5, .1, .1, .1, .1, 0, 0}, {0, 0, 0, .1, .2, .3, .3, .1},
                                                    {0, 0, 0, 0, 0, .1, .3, .6}};
        for (size_t k = 0; k < 5; ++k) d[k] = rows[k];
        QCOMPARE(argmax(d)[2], int64_t(1));
        const auto o = orderedPeaks(d);
        for (size_t k = 1; k < 5; ++k) QVERIFY(o[k] > o[k - 1]);
        auto sum = [&](const std::array<int64_t, 5>& u) {
            double s = 0;
            for (size_t k = 0; k < 5; ++k) s += std::log(std::max(d[k][size_t(u[k])], 1e-300));
            return s;
        };
        auto bruteForce = [&](int64_t n) {
            std::array<int64_t, 5> best{}, u{};
            double top = -1e300;
            for (u[0] = 0; u[0] < n; ++u[0])
                for (u[1] = u[0] + 1; u[1] < n; ++u[1])
                    for (u[2] = u[1] + 1; u[2] < n; ++u[2])
                        for (u[3] = u[2] + 1; u[3] < n; ++u[3])
                            for (u[4] = u[3] + 1; u[4] < n; ++u[4])
                                if (sum(u) > top + 1e-12) top = sum(u), best = u;
            return best;
        };
        QCOMPARE(o, bruteForce(8));
        // Random films of 5 to 12 units.
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> uni(0, 1);
        for (int trial = 0; trial < 200; ++trial) {
            const int64_t n = 5 + trial % 8;
            for (auto& row : d) {
                row.assign(size_t(n), 0);
                double total = 0;
                for (double& v : row) total += v = uni(rng) * uni(rng);
                for (double& v : row) v /= total;
            }
            QCOMPARE(sum(orderedPeaks(d)), sum(bruteForce(n)));
        }
        // In order already: the arg-maxes themselves.
        for (size_t k = 0; k < 5; ++k) {
            d[k].assign(10, 0.01);
            d[k][2 * k] = 0.9;
        }
        QCOMPARE(orderedPeaks(d), argmax(d));
        // Three units: TPs may share one, still in order.
        for (size_t k = 0; k < 5; ++k) d[k] = {k < 2 ? .8 : .1, .1, k < 2 ? .1 : .8};
        QCOMPARE(orderedPeaks(d), (std::array<int64_t, 5>{0, 0, 2, 2, 2}));
        d[1].pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, orderedPeaks(d));
    }
};

QTEST_GUILESS_MAIN(TestEval)
#include "tst_eval.moc"
