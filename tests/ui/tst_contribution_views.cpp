// The "Modality contributions" and "Fusion attention" bottom tabs: one stable, distinct colour per
// modality; the Grad-CAM bars hold each modality's share in its colour, all zero is reported as
// such, clear() shows a message and no bars; the attention strip's cells are where cellRect says,
// the tooltip tells the cell's modality, token and value, and a weight of 1 is painted unlike 0.
// With MEGA_SHOTS_DIR set, grabs of both views (light and dark, 1000x250 and 600x200) go there.
#include "ui/attention_view.h"
#include "ui/contribution_view.h"
#include "ui/modality_colors.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLayout>
#include <QStyle>
#include <QStyleFactory>
#include <QValueAxis>
#include <QtTest>
#include <array>
#include <cmath>

using mega::ui::AttentionView;
using mega::ui::ContributionView;
using mega::ui::modalityColor;
using mega::ui::modalityLabel;

namespace {

const QStringList kFour{"appearance", "layout", "motion", "audio"};
const std::vector<double> kShares{0.45, 0.30, 0.20, 0.05};

double luminance(const QColor& c) {
    auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}

// CIELAB (D65) distance: how far apart two colours look.
double deltaE(const QColor& a, const QColor& b) {
    auto lab = [](const QColor& c) {
        auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        const double r = lin(c.redF()), g = lin(c.greenF()), bl = lin(c.blueF());
        auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
        const double x = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047),
                     y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl),
                     z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
        return std::array<double, 3>{116 * y - 16, 500 * (x - y), 200 * (y - z)};
    };
    const auto p = lab(a), q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

double contrast(const QColor& a, const QColor& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// kFour x 16 tokens: each row peaks (1) on a token of its own bottleneck, decays elsewhere.
std::vector<std::vector<float>> sampleAttention(int m, int tokens) {
    std::vector<std::vector<float>> w(size_t(m), std::vector<float>(size_t(m * tokens)));
    for (int r = 0; r < m; ++r) {
        const int peak = r * tokens + (3 * r + 5) % tokens;
        for (int t = 0; t < m * tokens; ++t) {
            const double d = std::abs(t - peak);
            const double v = std::exp(-d * d / 18.0) +
                             0.25 * std::exp(-std::pow(t % tokens - (peak % tokens), 2) / 8.0) +
                             0.05 * ((t * 7 + r * 3) % 5);
            w[size_t(r)][size_t(t)] = float(v);
        }
        const float mx = *std::max_element(w[size_t(r)].begin(), w[size_t(r)].end());
        for (float& v : w[size_t(r)])
            v /= mx;
    }
    return w;
}

QHorizontalStackedBarSeries* barsOf(const ContributionView& v) {
    const auto series = v.chart()->series();
    return series.size() == 1 ? qobject_cast<QHorizontalStackedBarSeries*>(series.front()) : nullptr;
}

void settle(QWidget& w) {
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();
    QTest::qWait(20);
}

} // namespace

class TstContributionViews : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { QApplication::setStyle(QStyleFactory::create("Fusion")); }

    void colorsStableAndDistinct() {
        const QStringList known = mega::ui::knownModalities();
        QCOMPARE(known.size(), 14);
        for (const char* name : {"appearance", "layout", "motion", "audio", "subtitles", "contrast", "timing",
                                 "speech", "faces", "picture", "place", "bassl", "cast", "synopsis"})
            QVERIFY2(known.contains(name), name);
        for (int i = 0; i < known.size(); ++i) {
            const QColor c = modalityColor(known[i]);
            QVERIFY(c.isValid());
            QCOMPARE(modalityColor(known[i]), c);
            QCOMPARE(modalityColor(" " + known[i].toUpper() + " "), c);
            // Bars and swatches stay visible on a light and on a dark window.
            QVERIFY2(contrast(c, Qt::white) >= 2.5, qPrintable(known[i]));
            QVERIFY2(contrast(c, QColor(0x20, 0x23, 0x26)) >= 3.0, qPrintable(known[i]));
            for (int j = 0; j < i; ++j) {
                QVERIFY2(deltaE(c, modalityColor(known[j])) >= 15, qPrintable(known[i] + " ~ " + known[j]));
            }
        }
        // Unknown names: the same colour every time, valid, and not all the same.
        QCOMPARE(modalityColor("clip"), modalityColor("clip"));
        QCOMPARE(modalityColor("action"), modalityColor("Action"));
        QVERIFY(modalityColor("clip").isValid());
        QVERIFY(modalityColor("clip") != modalityColor("action") ||
                modalityColor("clip") != modalityColor("wind"));
        for (const char* name : {"clip", "action", "wind", "x", "music", "depth"})
            QVERIFY2(contrast(modalityColor(name), Qt::white) >= 2.0 &&
                         contrast(modalityColor(name), Qt::black) >= 3.0,
                     name);

        QCOMPARE(modalityLabel("appearance"), QString("Appearance"));
        QCOMPARE(modalityLabel("bassl"), QString("BaSSL"));
        QCOMPARE(modalityLabel("scene_audio"), QString("Scene audio"));
    }

    void contributionShowsShares() {
        ContributionView v;
        v.resize(1000, 250);
        const QString title = "Boundary after shot 41 - P = 0.83 - model scene-3";
        v.setContribution(title, kFour, kShares);
        QVERIFY(v.hasContribution());
        QVERIFY(v.message().isEmpty());
        QCOMPARE(v.title(), title);
        QCOMPARE(v.modalities(), kFour);
        QCOMPARE(v.shares(), kShares);
        QVERIFY(!v.allZero());
        QVERIFY(v.note().isEmpty());
        QCOMPARE(v.findChild<QLabel*>("contributionTitle")->toolTip(), title);

        auto* bars = barsOf(v);
        QVERIFY(bars);
        QCOMPARE(bars->count(), 4);
        const int n = int(kFour.size());
        for (int i = 0; i < n; ++i) {
            QBarSet* set = bars->barSets()[i];
            QCOMPARE(set->label(), modalityLabel(kFour[i]));
            QCOMPARE(set->color(), modalityColor(kFour[i]));
            QCOMPARE(set->count(), n);
            // Its own row (the first modality on top: categories run bottom-up) holds its share.
            for (int row = 0; row < n; ++row)
                QCOMPARE(set->at(row), row == n - 1 - i ? kShares[size_t(i)] * 100 : 0.0);
        }
        const auto vertical = v.chart()->axes(Qt::Vertical);
        QCOMPARE(vertical.size(), 1);
        auto* cats = qobject_cast<QBarCategoryAxis*>(vertical.front());
        QVERIFY(cats);
        QCOMPARE(cats->categories(), (QStringList{"Audio", "Motion", "Layout", "Appearance"}));
        auto* values = qobject_cast<QValueAxis*>(v.chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(values);
        QCOMPARE(values->min(), 0.0);
        QCOMPARE(values->max(), 100.0);

        // Each bar is painted in its modality's colour, longer for a larger share.
        settle(v);
        QCOMPARE(v.findChild<QLabel*>("contributionTitle")->text(), title);
        const QImage img = v.grab().toImage();
        std::vector<int> pixels(kFour.size(), 0);
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                for (int i = 0; i < n; ++i)
                    pixels[size_t(i)] += img.pixelColor(x, y) == modalityColor(kFour[i]);
        for (int i = 0; i < n; ++i)
            QVERIFY2(pixels[size_t(i)] > 100, qPrintable(kFour[i]));
        for (int i = 1; i < n; ++i)
            QVERIFY(pixels[size_t(i)] < pixels[size_t(i) - 1]);

        // A long title is elided, never widening the tab.
        v.setContribution(QString("Boundary after shot 41 ").repeated(20), kFour, kShares);
        QVERIFY(v.layout()->minimumSize().width() < 400);
        QVERIFY(v.findChild<QLabel*>("contributionTitle")->text().endsWith(QChar(0x2026)));

        // Out-of-range, NaN and missing shares.
        v.setContribution("TP3 on shot 912 - model act-2", {"appearance", "audio", "speech"},
                          {1.5, std::nan("")}, "note");
        QCOMPARE(v.shares(), (std::vector<double>{1.0, 0.0, 0.0}));
        QCOMPARE(v.note(), QString("note"));
        QCOMPARE(barsOf(v)->count(), 3);
    }

    void contributionClearShowsMessage() {
        ContributionView v;
        v.resize(600, 200);
        settle(v);
        v.setContribution("t", kFour, kShares);
        QVERIFY(v.findChild<QChartView*>("contributionChart")->isVisible());
        const QString msg =
            "The cold-start proposer has no Grad-CAM: train a model (Model > Train on Corrections)";
        v.clear(msg);
        QVERIFY(!v.hasContribution());
        QCOMPARE(v.message(), msg);
        QVERIFY(v.chart()->series().isEmpty());
        QVERIFY(v.chart()->axes().isEmpty());
        QVERIFY(v.modalities().isEmpty());
        QVERIFY(v.shares().empty());
        auto* label = v.findChild<QLabel*>("contributionMessage");
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), msg);
        QVERIFY(!v.findChild<QChartView*>("contributionChart")->isVisible());
        // A fresh view starts cleared too.
        ContributionView fresh;
        QVERIFY(!fresh.hasContribution());
        QVERIFY(!fresh.message().isEmpty());
    }

    void contributionAllZero() {
        ContributionView v;
        v.resize(600, 200);
        settle(v);
        v.setContribution("Boundary after shot 7 - P = 0.51 - model scene-1", kFour, {0, 0, 0, 0});
        QVERIFY(v.allZero());
        QCOMPARE(v.note(), ContributionView::allZeroNote());
        QVERIFY(v.note().contains("no modality contributes positively", Qt::CaseInsensitive));
        auto* note = v.findChild<QLabel*>("contributionNote");
        QVERIFY(note->isVisible());
        QCOMPARE(note->text(), v.note());
        auto* bars = barsOf(v);
        QVERIFY(bars);
        QCOMPARE(bars->count(), 4);
        for (QBarSet* set : bars->barSets())
            for (int i = 0; i < set->count(); ++i)
                QCOMPARE(set->at(i), 0.0);
        v.setContribution("x", kFour, {0, 0, 0, 0}, "extra");
        QVERIFY(v.note().startsWith(ContributionView::allZeroNote()) && v.note().endsWith("extra"));
        v.setContribution("x", kFour, kShares);
        QVERIFY(!note->isVisible());
    }

    void attentionCellsAndToolTips() {
        AttentionView v;
        v.resize(1000, 250);
        const int tokens = 16, m = int(kFour.size());
        auto w = sampleAttention(m, tokens);
        w[1][2 * tokens + 5] = 1.0f;
        w[1][2 * tokens + 6] = 0.0f;
        v.setAttention("Shot 41 - model scene-3", kFour, tokens, w);
        QVERIFY(v.hasAttention());
        QCOMPARE(v.tokensPerModality(), tokens);
        for (int r = 0; r < m; ++r)
            for (int t = 0; t < m * tokens; ++t) {
                const QRect cell = v.cellRect(r, t);
                QVERIFY2(!cell.isEmpty(), qPrintable(QString("%1 %2").arg(r).arg(t)));
                QVERIFY(v.rect().contains(cell));
                QCOMPARE(v.cellAt(cell.center()), std::make_pair(r, t));
                QCOMPARE(v.cellAt(cell.topLeft()), std::make_pair(r, t));
                QCOMPARE(v.cellAt(cell.bottomRight()), std::make_pair(r, t));
            }
        // Rows one under the other, tokens left to right, groups apart.
        QVERIFY(v.cellRect(1, 0).top() > v.cellRect(0, 0).bottom());
        QVERIFY(v.cellRect(0, 1).left() > v.cellRect(0, 0).right());
        QVERIFY(v.cellRect(0, tokens).left() - v.cellRect(0, tokens - 1).right() > 2);
        QVERIFY(v.cellRect(m, 0).isEmpty());
        QVERIFY(v.cellRect(0, m * tokens).isEmpty());

        const QString tip = v.toolTipAt(v.cellRect(1, 2 * tokens + 5).center());
        QVERIFY2(tip.contains("Layout") && tip.contains("Motion") && tip.contains("token 6 of 16") &&
                     tip.endsWith("1.00"),
                 qPrintable(tip));
        QVERIFY(v.toolTipAt(v.cellRect(1, 2 * tokens + 6).center()).endsWith("0.00"));
        QVERIFY(!v.toolTipAt(QPoint(2, 2)).contains("token"));
        const QRect first = v.cellRect(0, 0), last = v.cellRect(0, m * tokens - 1);
        QVERIFY(v.toolTipAt(QPoint(first.center().x(), first.top() - 8))
                    .startsWith("Appearance's bottleneck: tokens 1-16"));
        QVERIFY(v.toolTipAt(QPoint(last.center().x(), first.top() - 8)).startsWith("Audio's bottleneck"));
        QVERIFY(v.toolTipAt(QPoint(first.left() - 20, v.cellRect(2, 0).center().y())).startsWith("Motion: "));
        QVERIFY(v.toolTipAt(QPoint(last.right() - 10, 10)).startsWith("Cell colour"));
        // Missing values read as such.
        auto short_ = w;
        short_[3].resize(10);
        v.setAttention("t", kFour, tokens, short_);
        QVERIFY(v.toolTipAt(v.cellRect(3, 20).center()).endsWith("no value"));
        QVERIFY(std::isnan(v.weight(3, 20)));
        v.setAttention("Shot 41 - model scene-3", kFour, tokens, w);

        // A weight of 1 and one of 0 are painted apart, in the scale's colours.
        const QImage img = v.grab().toImage();
        const QColor one = img.pixelColor(v.cellRect(1, 2 * tokens + 5).center());
        const QColor zero = img.pixelColor(v.cellRect(1, 2 * tokens + 6).center());
        QVERIFY(one != zero);
        QCOMPARE(one, AttentionView::valueColor(1.0));
        QCOMPARE(zero, AttentionView::valueColor(0.0));

        // Small: still every cell, still round trips.
        v.resize(600, 200);
        for (int t = 0; t < m * tokens; ++t)
            QCOMPARE(v.cellAt(v.cellRect(3, t).center()), std::make_pair(3, t));

        v.clear("Late fusion has no bottleneck attention");
        QVERIFY(!v.hasAttention());
        QCOMPARE(v.message(), QString("Late fusion has no bottleneck attention"));
        QVERIFY(v.cellRect(0, 0).isEmpty());
        QVERIFY(v.toolTipAt(QPoint(300, 100)).isEmpty());
    }
};

QTEST_MAIN(TstContributionViews)
#include "tst_contribution_views.moc"
