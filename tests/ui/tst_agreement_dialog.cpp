// The agreement dialog (issue 15): two annotators' TPs are kept apart in the store, the matrix's
// cells are what the built `mega eval tp` prints for the same labels written as its gold and
// prediction files, the active model is one more annotator, boundary F1 follows k, and adopting
// makes one annotator's (or the majority's) TPs the film's own labels.
#include "core/common/error.h"
#include "core/eval/agreement.h"
#include "core/film/source.h"
#include "core/store/project.h"
#include "support/fixtures.h"
#include "ui/agreement_dialog.h"

#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

using namespace mega;
using mega::eval::AgreementMetric;
using mega::eval::TpUnits;
using mega::ui::AgreementDialog;
using nlohmann::json;

namespace {

const std::vector<std::string> kSentences{
    "A man wakes.",  "He finds a letter.", "He leaves home.", "The city.",  "He meets her.",
    "They quarrel.", "A storm.",           "He is lost.",     "The fight.", "Home again."};
// ann and bob disagree; bob's TP4 holds two sentences, so TA is not symmetric between them.
const TpUnits kAnn{{{1}, {3}, {5}, {7}, {9}}};
const TpUnits kBob{{{2}, {3}, {6}, {8, 9}, {0}}};
const TpUnits kCy{{{2}, {4}, {5}, {8}, {9}}};
constexpr int64_t kShots = 20;

// The film's own (annotator "") TPs on `unit` that count: not rejected.
std::map<int, std::vector<int64_t>> ownTps(const store::Project& p, int64_t film, store::UnitKind unit,
                                           std::string* source = nullptr) {
    std::map<int, std::vector<int64_t>> out;
    for (const auto& t : p.turningPoints(film))
        if (t.annotator.empty() && t.unit == unit && t.status != store::ReviewStatus::Rejected &&
            !film::Source::parse(t.source).isModel()) {
            out[t.tp].push_back(t.index);
            if (source) *source = t.source;
        }
    for (auto& [tp, list] : out)
        std::sort(list.begin(), list.end());
    return out;
}

std::map<int, std::vector<int64_t>> asMap(const TpUnits& tps) {
    std::map<int, std::vector<int64_t>> out;
    for (size_t k = 0; k < 5; ++k)
        if (!tps[k].empty()) out[int(k) + 1] = tps[k];
    return out;
}

} // namespace

class TestAgreementDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_path;
    int64_t m_film = 0;

    bool write(const QString& name, const json& j) {
        return fixtures::writeText(m_tmp.filePath(name), QByteArray::fromStdString(j.dump()));
    }

    /// `mega eval tp` with `gold`'s TPs as the gold file and `pred`'s as the prediction (each TP at its
    /// earliest unit, as a person's several units are read), once as --json and once as text.
    struct Eval {
        json numbers;
        QString text;
    };
    Eval megaEval(const TpUnits& gold, const TpUnits& pred, int64_t units) {
        json tps = json::array();
        for (const auto& g : gold)
            tps.push_back(g);
        std::array<int64_t, 5> first{};
        for (size_t k = 0; k < 5; ++k)
            first[k] = *std::min_element(pred[k].begin(), pred[k].end());
        [&] {
            QVERIFY(write("gold.json", {{"films", {{{"id", "film"}, {"units", units}, {"tps", tps}}}}}));
            QVERIFY(write("pred.json", {{"films", {{{"id", "film"}, {"tps", first}}}}}));
        }();
        const QStringList args{
            "eval", "tp", "--gold", m_tmp.filePath("gold.json"), "--pred", m_tmp.filePath("pred.json")};
        const auto asJson = fixtures::runMega(args + QStringList{"--json"});
        const auto asText = fixtures::runMega(args);
        if (asJson.code != 0 || asText.code != 0)
            qWarning("mega eval: %s %s", asJson.err.constData(), asText.err.constData());
        Eval e;
        e.numbers = json::parse(asJson.out.toStdString(), nullptr, false);
        e.text = QString::fromUtf8(asText.out);
        return e;
    }

    /// The number `mega eval` prints on its line for `metric` ("TA      80.00").
    static QString printed(const QString& text, const QString& metric) {
        for (const QString& line : text.split('\n')) {
            const auto words = line.simplified().split(' ');
            if (words.size() == 2 && words[0] == metric) return words[1];
        }
        return {};
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_path = m_tmp.filePath("agree.mega");
        store::Project p(m_path.toStdString(), store::Project::Mode::Create);
        p.setAuthor("tester");
        store::Film f;
        f.name = "The Letter";
        f.fps = 25;
        m_film = p.addFilm(f);
        std::vector<shots::Shot> shots;
        for (int64_t i = 0; i < kShots; ++i)
            shots.push_back({i * 50, i * 50 + 49, double(i) * 2.0, double(i + 1) * 2.0});
        p.setShots(m_film, shots);
        // Two annotators' synopses (TRIPOD's way: the same sentences, each with their own TPs).
        p.setSynopsis(m_film, "ann", kSentences, kAnn, film::Source::import("tripod").str());
        p.setSynopsis(m_film, "bob", kSentences, kBob, film::Source::import("tripod").str());
        // The film's own TPs on shots (a person's), and the active TP model's proposals on shots.
        for (int tp = 1; tp <= 5; ++tp)
            p.setTurningPoint(m_film, tp, store::UnitKind::Shot, tp * 3);
        store::ModelVersion tpModel;
        tpModel.name = "tp-v1";
        tpModel.task = "tp";
        p.activateModel(p.addModelVersion(tpModel));
        std::vector<store::TurningPoint> proposals;
        for (int tp = 1; tp <= 5; ++tp) {
            store::TurningPoint t;
            t.tp = tp;
            t.unit = store::UnitKind::Shot;
            t.index = tp * 3 + 1;
            t.probability = 0.5;
            proposals.push_back(t);
        }
        p.setProposedTurningPoints(m_film, film::Source::model("tp-v1").str(), proposals);
        // Boundaries: a person's and an import's.
        p.setBoundaries(m_film, film::Source::import("movienet").str(),
                        {{0, 0, 4, std::nullopt, "", store::ReviewStatus::Unreviewed},
                         {0, 0, 9, std::nullopt, "", store::ReviewStatus::Unreviewed},
                         {0, 0, 15, std::nullopt, "", store::ReviewStatus::Unreviewed}});
        p.addBoundary(m_film, 5);
        p.addBoundary(m_film, 12);
    }

    void annotatorsKeptApart() {
        store::Project p(m_path.toStdString());
        QCOMPARE(p.annotators(m_film), (std::vector<std::string>{"ann", "bob"}));
        std::map<std::string, TpUnits> byAnnotator;
        for (const auto& t : p.turningPoints(m_film))
            if (t.unit == store::UnitKind::Sentence)
                byAnnotator[t.annotator][size_t(t.tp - 1)].push_back(t.index);
        for (auto& [who, tps] : byAnnotator)
            for (auto& units : tps)
                std::sort(units.begin(), units.end());
        QCOMPARE(byAnnotator.size(), size_t(2)); // no sentence TP of the film's own, none mixed
        QVERIFY(byAnnotator["ann"] == kAnn);
        QVERIFY(byAnnotator["bob"] == kBob);
        QCOMPARE(p.synopsis(m_film, "ann").size(), kSentences.size());
        QVERIFY(p.synopsis(m_film, "").empty());
    }

    void matrixMatchesMegaEval() {
        store::Project p(m_path.toStdString());
        AgreementDialog dlg(p, m_film);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        // Sentences and shots both have two annotators: sentences (TRIPOD's unit) first.
        QCOMPARE(dlg.unit(), store::UnitKind::Sentence);
        QCOMPARE(dlg.annotators(), (QStringList{"ann", "bob"}));
        const auto n = int64_t(kSentences.size());
        const auto annGold = megaEval(kAnn, kBob, n), bobGold = megaEval(kBob, kAnn, n);
        QVERIFY(annGold.numbers.contains("TA"));
        QVERIFY(bobGold.numbers.contains("TA"));
        const std::map<AgreementMetric, std::string> keys{
            {AgreementMetric::TA, "TA"}, {AgreementMetric::PA, "PA"}, {AgreementMetric::D, "D"}};
        for (const auto& [metric, key] : keys) {
            dlg.setMetric(metric);
            QCOMPARE(dlg.metric(), metric);
            // The row is the reference: `mega eval --gold ROW --pred COLUMN`.
            QVERIFY(std::abs(dlg.cell("ann", "bob") - annGold.numbers[key].get<double>()) < 1e-12);
            QVERIFY(std::abs(dlg.cell("bob", "ann") - bobGold.numbers[key].get<double>()) < 1e-12);
            // And the table shows what mega eval prints (percent, two decimals).
            QCOMPARE(dlg.table()->item(0, 1)->text(), printed(annGold.text, QString::fromStdString(key)));
            QCOMPARE(dlg.table()->item(1, 0)->text(), printed(bobGold.text, QString::fromStdString(key)));
        }
        // TA is not symmetric here (bob's TP4 holds two sentences): 4/5 one way, 4/6 the other.
        dlg.setMetric(AgreementMetric::TA);
        QVERIFY(std::abs(dlg.cell("ann", "bob") - 0.8) < 1e-12);
        QVERIFY(std::abs(dlg.cell("bob", "ann") - 4.0 / 6.0) < 1e-12);
        QVERIFY(dlg.findChild<QLabel*>("note")->text().contains("not symmetric"));
        // alpha on the act of each sentence: bob's TPs are out of order (TP5 first), so his acts are
        // missing and one annotator alone gives no alpha.
        QVERIFY(std::isnan(dlg.alpha()));
        QVERIFY(dlg.findChild<QLabel*>("alpha")->text().contains("undefined"));
    }

    void modelIsOneMoreAnnotator() {
        store::Project p(m_path.toStdString());
        AgreementDialog dlg(p, m_film);
        dlg.setUnit(store::UnitKind::Shot);
        const QString model = AgreementDialog::modelName("tp-v1");
        QCOMPARE(dlg.annotators(), (QStringList{AgreementDialog::ownLabelsName(), model}));
        // The film's own TPs at shots 3 6 9 12 15, the model's at 4 7 10 13 16: all inside the windows.
        const TpUnits own{{{3}, {6}, {9}, {12}, {15}}}, proposed{{{4}, {7}, {10}, {13}, {16}}};
        const auto e = megaEval(own, proposed, kShots);
        QCOMPARE(dlg.cell(AgreementDialog::ownLabelsName(), model), e.numbers["TA"].get<double>());
        QCOMPARE(dlg.cell(AgreementDialog::ownLabelsName(), model), 1.0);
        dlg.setMetric(AgreementMetric::D);
        QVERIFY(std::abs(dlg.cell(model, AgreementDialog::ownLabelsName()) -
                         megaEval(proposed, own, kShots).numbers["D"].get<double>()) < 1e-12);
        // Both in order: alpha on the act of each shot, as the core computes it.
        const double alpha = eval::krippendorffAlphaNominal(
            {eval::actPerUnit(own, kShots), eval::actPerUnit(proposed, kShots)});
        QCOMPARE(dlg.alpha(), alpha);
        QVERIFY(dlg.findChild<QLabel*>("alpha")->text().contains(QString::number(alpha, 'f', 3)));
    }

    void boundaryF1FollowsTolerance() {
        store::Project p(m_path.toStdString());
        AgreementDialog dlg(p, m_film);
        dlg.setMetric(AgreementMetric::BoundaryF1);
        // Person "tester" added 5 and 12 (also the film's own reviewed set); the import says 4, 9, 15.
        QCOMPARE(dlg.annotators(),
                 (QStringList{AgreementDialog::ownLabelsName(), "tester", "import:movienet"}));
        dlg.setTolerance(0);
        QCOMPARE(dlg.cell("tester", "import:movienet"), 0.0);
        dlg.setTolerance(1); // 5 ~ 4
        QVERIFY(std::abs(dlg.cell("tester", "import:movienet") -
                         eval::boundaryF1({5, 12}, {4, 9, 15}, 1).f1) < 1e-12);
        QVERIFY(std::abs(dlg.cell("tester", "import:movienet") - 2.0 / 5.0) < 1e-12);
        QCOMPARE(dlg.cell("import:movienet", "tester"), dlg.cell("tester", "import:movienet"));
        dlg.setTolerance(3); // 12 ~ 9 or 15 too
        QVERIFY(std::abs(dlg.cell("tester", "import:movienet") - 4.0 / 5.0) < 1e-12);
        QCOMPARE(dlg.table()->item(1, 2)->text(), QString("80.00"));
        QVERIFY(!std::isnan(dlg.alpha()));
        QVERIFY(dlg.adoptable().isEmpty()); // adopting takes TPs
        QVERIFY_THROWS_EXCEPTION(Error, dlg.adopt("tester"));
    }

    void adoptOneAnnotator() {
        store::Project p(m_path.toStdString());
        p.setAuthor("tester");
        AgreementDialog dlg(p, m_film);
        QSignalSpy adopted(&dlg, &AgreementDialog::adopted);
        // Each annotator with all five TPs, and the majority of the people (the film's own is no choice).
        QCOMPARE(dlg.adoptable(), (QStringList{"ann", "bob", AgreementDialog::majorityName()}));
        const QString summary = dlg.adoptionSummary("bob");
        QVERIFY2(summary.contains("TP4 at sentence 8/9"), qPrintable(summary));
        QVERIFY(summary.contains("no turning points of its own on sentences"));
        dlg.adopt("bob");
        QCOMPARE(adopted.count(), 1);
        std::string source;
        QCOMPARE(ownTps(p, m_film, store::UnitKind::Sentence, &source), asMap(kBob));
        QCOMPARE(film::Source::parse(source), film::Source::person("adopted-from-bob"));
        // The film takes bob's synopsis as its own; the annotators' labels stay apart and unchanged.
        QCOMPARE(p.synopsis(m_film, "").size(), kSentences.size());
        QCOMPARE(dlg.annotators(), (QStringList{AgreementDialog::ownLabelsName(), "ann", "bob"}));
        QCOMPARE(dlg.cell(AgreementDialog::ownLabelsName(), "ann"), dlg.cell("bob", "ann"));
        // The film's own TPs on shots and the model's proposals are another unit's: untouched.
        QCOMPARE(ownTps(p, m_film, store::UnitKind::Shot), asMap({{{3}, {6}, {9}, {12}, {15}}}));
        int proposals = 0;
        for (const auto& t : p.turningPoints(m_film))
            proposals += t.source == film::Source::model("tp-v1").str();
        QCOMPARE(proposals, 5);
        // Adopting ann replaces bob's, saying so.
        QVERIFY(
            dlg.adoptionSummary("ann").contains("replaces the film's own 6 turning point(s) on sentences"));
        dlg.adopt("ann");
        QCOMPARE(ownTps(p, m_film, store::UnitKind::Sentence, &source), asMap(kAnn));
        QCOMPARE(source, film::Source::person("adopted-from-ann").str());
        QVERIFY_THROWS_EXCEPTION(Error, dlg.adopt("nobody"));
    }

    void adoptTheMajority() {
        {
            store::Project p(m_path.toStdString());
            p.setSynopsis(m_film, "cy", kSentences, kCy, film::Source::import("tripod").str());
        }
        store::Project p(m_path.toStdString());
        AgreementDialog dlg(p, m_film);
        QVERIFY(dlg.adoptable().contains(AgreementDialog::majorityName()));
        // ann 1 3 5 7 9, bob 2 3 6 {8 9} 0, cy 2 4 5 8 9: TP1 2 (bob, cy), TP2 3 (ann, bob), TP3 5
        // (ann, cy), TP4 8 (bob, cy; 7 and 9 have one vote each), TP5 9 (ann, cy).
        const auto majority = eval::majorityTurningPoints({kAnn, kBob, kCy});
        QCOMPARE(majority[3], std::optional<int64_t>(8));
        dlg.adopt(AgreementDialog::majorityName());
        QCOMPARE(ownTps(p, m_film, store::UnitKind::Sentence), asMap({{{2}, {3}, {5}, {8}, {9}}}));
        // A tie goes to the earliest: with ann and bob alone TP1 is 1 (ann), not 2 (bob).
        const auto tie = eval::majorityTurningPoints({kAnn, kBob});
        QCOMPARE(tie[0], std::optional<int64_t>(1));
        QCOMPARE(tie[4], std::optional<int64_t>(0));
        // The three annotators' own labels are still theirs.
        QCOMPARE(p.annotators(m_film), (std::vector<std::string>{"", "ann", "bob", "cy"}));
        // MEGA_SCREENSHOTS=DIR saves the dialog as it looks now (four annotators, alpha), to be looked at.
        if (const QString dir = qEnvironmentVariable("MEGA_SCREENSHOTS"); !dir.isEmpty()) {
            dlg.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dlg));
            QVERIFY(dlg.grab().save(QDir(dir).filePath("agreement_dialog.png")));
        }
    }
};

QTEST_MAIN(TestAgreementDialog)
#include "tst_agreement_dialog.moc"
