// core/eval/agreement: agreement between annotators against values worked out by hand, and
// Krippendorff's alpha against a reference computed from the formula in Python
// (tests/fixtures/krippendorff_alpha.py, /usr/bin/python3, no package), which prints
//   K2011   0.743421052631579   (Krippendorff 2011's example: 4 coders, 12 units, alpha 0.743)
//   HAND    0.533333333333333
//   MISSING 0.656250000000000
#include "core/common/error.h"
#include "core/eval/agreement.h"

#include <QtTest>
#include <cmath>

using namespace mega;
using namespace mega::eval;

namespace {

bool near(double a, double b, double eps = 1e-12) {
    return std::abs(a - b) < eps;
}

constexpr std::nullopt_t na = std::nullopt; // a missing value

} // namespace

class TestAgreement : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void boundaryF1ByHand() {
        // 10-11 and 20-19 are one shot apart, 30 and 40 have no partner.
        QCOMPARE(boundaryF1({10, 20, 30}, {11, 19, 40}, 0).matched, int64_t(0));
        QCOMPARE(boundaryF1({10, 20, 30}, {11, 19, 40}, 0).f1, 0.0);
        const auto k1 = boundaryF1({10, 20, 30}, {11, 19, 40}, 1);
        QCOMPARE(k1.matched, int64_t(2));
        QVERIFY(near(k1.precision, 2.0 / 3.0));
        QVERIFY(near(k1.recall, 2.0 / 3.0));
        QVERIFY(near(k1.f1, 2.0 / 3.0));
        // k = 10 reaches 30-40 too.
        QCOMPARE(boundaryF1({10, 20, 30}, {11, 19, 40}, 10).matched, int64_t(3));
        QCOMPARE(boundaryF1({7}, {7}, 0).f1, 1.0);
    }

    void boundaryF1OneToOne() {
        // One reference boundary cannot be matched twice: P 1/2, R 1, F1 2/3.
        const auto a = boundaryF1({10}, {10, 11}, 1);
        QCOMPARE(a.matched, int64_t(1));
        QCOMPARE(a.precision, 0.5);
        QCOMPARE(a.recall, 1.0);
        QVERIFY(near(a.f1, 2.0 / 3.0));
        // A nearest-first matching would pair 7 with 6 and leave 5 alone; the maximum matching is 2.
        QCOMPARE(boundaryF1({5, 7}, {6, 8}, 1).matched, int64_t(2));
        QCOMPARE(boundaryF1({4, 6}, {5, 7}, 1).matched, int64_t(2));
        QCOMPARE(boundaryF1({1, 2, 3}, {2}, 1).matched, int64_t(1));
        // Duplicates count once; order does not matter.
        const auto d = boundaryF1({30, 10, 10}, {10}, 0);
        QCOMPARE(d.reference, int64_t(2));
        QCOMPARE(d.matched, int64_t(1));
    }

    void boundaryF1Symmetric() {
        const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> cases{
            {{10, 20, 30}, {11, 19, 40}},
            {{10}, {10, 11}},
            {{5, 7, 9, 30}, {6, 8, 31, 50, 51}},
            {{}, {4}},
            {{3, 4, 5}, {4}}};
        for (const auto& [a, b] : cases)
            for (int64_t k : {0, 1, 2, 5}) {
                const auto ab = boundaryF1(a, b, k), ba = boundaryF1(b, a, k);
                QCOMPARE(ab.f1, ba.f1);
                QCOMPARE(ab.matched, ba.matched);
                QCOMPARE(ab.precision, ba.recall);
            }
    }

    void boundaryF1Edges() {
        const auto none = boundaryF1({}, {}, 2);
        QCOMPARE(none.f1, 1.0); // nothing to find, nothing found
        QCOMPARE(none.precision, 1.0);
        QCOMPARE(boundaryF1({3}, {}, 2).f1, 0.0);
        QCOMPARE(boundaryF1({3}, {}, 2).precision, 0.0);
        QCOMPARE(boundaryF1({3}, {}, 2).recall, 0.0);
        QVERIFY_THROWS_EXCEPTION(Error, boundaryF1({1}, {1}, -1));
    }

    void alphaByHand() {
        // Two coders, four units: 1 1 2 2 and 1 2 2 2. Coincidences o11 = 2, o12 = o21 = 1, o22 = 4;
        // n1 = 3, n2 = 5, n = 8: alpha = 1 - (n - 1) * 2 / (2 * 3 * 5) = 1 - 14 / 30 = 8 / 15.
        QVERIFY(near(krippendorffAlphaNominal({{1, 1, 2, 2}, {1, 2, 2, 2}}), 8.0 / 15.0));
        // Perfect agreement with variation: 1.
        QCOMPARE(krippendorffAlphaNominal({{1, 2, 3}, {1, 2, 3}, {1, 2, 3}}), 1.0);
    }

    void alphaKrippendorff2011() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example.
        // clang-format off
        const std::vector<CoderValues> data{
            {1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3},
            {na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na},
        };
        // clang-format on
        const double alpha = krippendorffAlphaNominal(data);
        QVERIFY2(near(alpha, 0.743421052631579, 1e-12), qPrintable(QString::number(alpha, 'g', 15)));
        QCOMPARE(QString::number(alpha, 'f', 3), QString("0.743"));
    }

    void alphaMissingValues() {
        // Worked by hand: o00 = 3, o01 = o10 = 1, o11 = 7; n0 = 4, n1 = 8, n = 12:
        // alpha = 1 - 11 * 2 / (2 * 4 * 8) = 0.65625 (the Python reference agrees).
        QCOMPARE(krippendorffAlphaNominal({{0, 0, 1, na, 1}, {0, 1, 1, 1, na}, {na, 0, 1, 1, 1}}), 0.65625);
        // A shorter coder is missing beyond its end, the same as explicit missing values.
        QCOMPARE(krippendorffAlphaNominal({{1, 1, 2, 2, na, na}, {1, 2, 2, 2}}), 8.0 / 15.0);
        // A unit with one value is not pairable and changes nothing; a coder with nothing neither.
        QCOMPARE(krippendorffAlphaNominal({{1, 1, 2, 2, 9}, {1, 2, 2, 2, na}, {}}), 8.0 / 15.0);
        // Undefined: no pairable values, or one value throughout.
        QVERIFY(std::isnan(krippendorffAlphaNominal({})));
        QVERIFY(std::isnan(krippendorffAlphaNominal({{1, na}, {na, 2}})));
        QVERIFY(std::isnan(krippendorffAlphaNominal({{1, 1}, {1, 1}})));
    }

    void perUnitLabels() {
        // TPs at 2, 4, 6, 8, 9 of 10 units: acts 0 0 1 1 2 2 3 3 4 5 (film::actsFromTurningPoints).
        const CoderValues acts = actPerUnit({{{2}, {4}, {6}, {8}, {9}}}, 10);
        QCOMPARE(acts, (CoderValues{0, 0, 1, 1, 2, 2, 3, 3, 4, 5}));
        // A TP on several units counts at its earliest.
        QCOMPARE(actPerUnit({{{2, 3}, {4}, {6}, {8}, {9}}}, 10), acts);
        // A TP missing or out of order: no acts, every unit missing.
        QCOMPARE(actPerUnit({{{2}, {}, {6}, {8}, {9}}}, 10), CoderValues(10));
        QCOMPARE(actPerUnit({{{6}, {4}, {6}, {8}, {9}}}, 10), CoderValues(10));
        // Scene ends per cut: 5 shots have 4 cuts; one after the last shot is not a cut.
        QCOMPARE(sceneEndPerCut({1, 4, 3}, 5), (CoderValues{0, 1, 0, 1}));
        QCOMPARE(sceneEndPerCut({}, 1), CoderValues{});
    }

    void tpAgreementByHand() {
        // 10 units; the reference's TPs at 1 3 5 7 9; the other's at 2 3 6 {8, 9} 0 (TP4 on two units).
        const TpUnits a{{{1}, {3}, {5}, {7}, {9}}}, b{{{2}, {3}, {6}, {8, 9}, {0}}};
        // a as gold, b predicting 2 3 6 8 0 (earliest units): windows [1,3] [2,4] [5,7] [7,9] [0,2];
        // gold 1 3 5 7 in, 9 out (distance |9 - 2| / 10): TA 4/5, PA 4/5, D 0.7 / 5.
        const auto ab = tpAgreement(a, b, 10);
        QVERIFY(ab);
        QVERIFY(near(ab->ta, 0.8));
        QVERIFY(near(ab->pa, 0.8));
        QVERIFY(near(ab->d, 0.14));
        // b as gold, a predicting: windows [0,2] [2,4] [4,6] [6,8] [7,9]; gold 2 3 6 8 in, 9 (TP4) and
        // 0 (TP5, |0 - 7| / 10) out: TA 4/6, PA 4/5, D 0.14. TA is not symmetric.
        const auto ba = tpAgreement(b, a, 10);
        QVERIFY(ba);
        QVERIFY(near(ba->ta, 4.0 / 6.0));
        QVERIFY(near(ba->pa, 0.8));
        QVERIFY(near(ba->d, 0.14));
        // The same as evaluateTurningPoints itself (one place for TA / PA / D).
        TpFilm f;
        f.units = 10;
        f.gold = b;
        f.predicted = {1, 3, 5, 7, 9};
        const auto direct = evaluateTurningPoints({f});
        QCOMPARE(ba->ta, direct.ta);
        QCOMPARE(ba->d, direct.d);
        // The other must have all five TPs inside the film; a reference's missing TP is a miss.
        QVERIFY(!tpAgreement(a, {{{1}, {3}, {}, {7}, {9}}}, 10));
        QVERIFY(!tpAgreement(a, {{{1}, {3}, {5}, {7}, {12}}}, 10));
        const auto gap = tpAgreement({{{1}, {3}, {}, {7}, {9}}}, a, 10);
        QVERIFY(gap);
        QCOMPARE(gap->pa, 0.8);
        QCOMPARE(gap->ta, 1.0);
        QCOMPARE(tpPrediction(b), (std::optional<std::array<int64_t, 5>>{{2, 3, 6, 8, 0}}));
    }

    void majorityWithTies() {
        const TpUnits a{{{1}, {3}, {5}, {7, 8}, {}}}, b{{{2}, {3}, {6}, {8}, {}}},
            c{{{2}, {4}, {4}, {9}, {}}};
        const auto m = majorityTurningPoints({a, b, c});
        QCOMPARE(m[0], std::optional<int64_t>(2)); // 2 of 3
        QCOMPARE(m[1], std::optional<int64_t>(3)); // 2 of 3
        QCOMPARE(m[2], std::optional<int64_t>(4)); // 4, 5, 6 one vote each: the earliest
        QCOMPARE(m[3], std::optional<int64_t>(8)); // a's two units vote once each: 8 has a's and b's
        QCOMPARE(m[4], std::optional<int64_t>());  // nobody set TP5
        // Two annotators: every disagreement is a tie, the earliest wins.
        const auto two = majorityTurningPoints({b, a});
        QCOMPARE(two[0], std::optional<int64_t>(1));
        // An annotator's duplicate unit is one vote.
        const TpUnits twice{{{5, 5}, {}, {}, {}, {}}}, once{{{4}, {}, {}, {}, {}}};
        const auto dup = majorityTurningPoints({twice, once});
        QCOMPARE(dup[0], std::optional<int64_t>(4));
        QVERIFY(!majorityTurningPoints({})[0]);
    }

    void matrixOfTurningPoints() {
        const TpUnits a{{{1}, {3}, {5}, {7}, {9}}}, b{{{2}, {3}, {6}, {8, 9}, {0}}};
        std::vector<AnnotatorLabels> people{{"ann", 10, a, std::nullopt},
                                            {"bob", 10, b, std::nullopt},
                                            {"cy", 10, std::nullopt, std::nullopt}, // no TPs
                                            {"dee", 12, a, std::nullopt}};          // another synopsis
        const auto ta = agreementMatrix(people, AgreementMetric::TA);
        QCOMPARE(ta.annotators, (std::vector<std::string>{"ann", "bob", "cy", "dee"}));
        QVERIFY(near(ta.cells[0][1], 0.8));       // ann the reference, bob compared
        QVERIFY(near(ta.cells[1][0], 4.0 / 6.0)); // bob the reference
        QCOMPARE(ta.cells[0][0], 1.0);
        for (size_t i = 0; i < 4; ++i) {
            QVERIFY(std::isnan(ta.cells[2][i]));
            QVERIFY(std::isnan(ta.cells[i][2]));
        }
        QVERIFY(std::isnan(ta.cells[0][3]));
        QCOMPARE(ta.cells[3][3], 1.0);
        QVERIFY(near(agreementMatrix(people, AgreementMetric::D).cells[1][0], 0.14));
        QVERIFY(near(agreementMatrix(people, AgreementMetric::PA).cells[1][0], 0.8));
        // alpha over the acts per unit: ann 0 1 1 2 2 3 3 4 4 5 (twice: dee has 12 units, the first 10
        // the same, 2 more of act 5), bob's TPs 2 3 6 8 0 are out of order: missing, cy missing.
        std::vector<CoderValues> acts{actPerUnit(a, 10), {}, {}, actPerUnit(a, 12)};
        QCOMPARE(ta.alpha, krippendorffAlphaNominal(acts));
        QVERIFY(ta.alpha > 0.99);
    }

    void matrixOfBoundaries() {
        std::vector<AnnotatorLabels> people{{"ann", 50, std::nullopt, std::vector<int64_t>{10, 20, 30}},
                                            {"bob", 50, std::nullopt, std::vector<int64_t>{11, 19, 40}},
                                            {"cy", 50, std::nullopt, std::nullopt}};
        const auto k0 = agreementMatrix(people, AgreementMetric::BoundaryF1, 0);
        QCOMPARE(k0.cells[0][1], 0.0);
        QCOMPARE(k0.cells[0][0], 1.0);
        const auto k1 = agreementMatrix(people, AgreementMetric::BoundaryF1, 1);
        QCOMPARE(k1.tolerance, int64_t(1));
        QVERIFY(near(k1.cells[0][1], 2.0 / 3.0));
        QCOMPARE(k1.cells[0][1], k1.cells[1][0]);
        QVERIFY(std::isnan(k1.cells[2][0]));
        // alpha over 0/1 scene ends per cut (49 cuts), cy missing.
        QCOMPARE(k1.alpha, krippendorffAlphaNominal(
                               {sceneEndPerCut({10, 20, 30}, 50), sceneEndPerCut({11, 19, 40}, 50)}));
        QCOMPARE(QString(toString(AgreementMetric::BoundaryF1)), QString("boundary F1"));
    }
};

QTEST_APPLESS_MAIN(TestAgreement)
#include "tst_agreement.moc"
