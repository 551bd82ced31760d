#include "ui/contribution_view.h"

#include "ui/modality_colors.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QStackedLayout>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace mega::ui {

ContributionView::ContributionView(QWidget* parent) : QWidget(parent) {
    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);

    m_messageLabel = new QLabel;
    m_messageLabel->setObjectName("contributionMessage");
    m_messageLabel->setAlignment(Qt::AlignCenter);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setMargin(12);
    m_stack->addWidget(m_messageLabel);

    auto* page = new QWidget;
    auto* col = new QVBoxLayout(page);
    col->setContentsMargins(8, 6, 8, 4);
    col->setSpacing(2);
    m_titleLabel = new QLabel;
    m_titleLabel->setObjectName("contributionTitle");
    // Elided to its width (elideTitle), so a long title never widens the tab.
    m_titleLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_titleLabel->installEventFilter(this);
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    m_chart = new QChart;
    m_chart->legend()->hide();
    m_chart->setBackgroundRoundness(0);
    connect(m_chart, &QChart::plotAreaChanged, this, &ContributionView::positionNames);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chartView = new QChartView(m_chart);
    m_chartView->setObjectName("contributionChart");
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setFrameShape(QFrame::NoFrame);
    m_chartView->setMinimumHeight(80);
    m_chartView->installEventFilter(this);
    m_noteLabel = new QLabel;
    m_noteLabel->setObjectName("contributionNote");
    m_noteLabel->setWordWrap(true);
    m_noteLabel->hide();
    col->addWidget(m_titleLabel);
    col->addWidget(m_chartView, 1);
    col->addWidget(m_noteLabel);
    m_stack->addWidget(page);

    applyPalette();
    clear(tr("Select a boundary or a turning point"));
}

QString ContributionView::allZeroNote() {
    return tr("No modality contributes positively to this prediction.");
}

bool ContributionView::allZero() const {
    return !m_shares.empty() &&
           std::all_of(m_shares.begin(), m_shares.end(), [](double s) { return s == 0.0; });
}

void ContributionView::setContribution(const QString& title, const QStringList& modalities,
                                       const std::vector<double>& shares, const QString& note) {
    m_shown = true;
    m_message.clear();
    m_title = title;
    m_modalities = modalities;
    m_shares.assign(size_t(modalities.size()), 0.0);
    for (size_t i = 0; i < m_shares.size() && i < shares.size(); ++i)
        m_shares[i] = std::isnan(shares[i]) ? 0.0 : std::clamp(shares[i], 0.0, 1.0);
    m_note = note;
    if (allZero()) m_note = note.isEmpty() ? allZeroNote() : allZeroNote() + "  " + note;
    rebuild();
    m_stack->setCurrentIndex(1);
}

void ContributionView::clear(const QString& message) {
    m_shown = false;
    m_message = message;
    m_title.clear();
    m_note.clear();
    m_modalities.clear();
    m_shares.clear();
    rebuild();
    m_messageLabel->setText(message);
    m_stack->setCurrentIndex(0);
}

void ContributionView::rebuild() {
    m_chart->removeAllSeries();
    for (QAbstractAxis* a : m_chart->axes()) {
        m_chart->removeAxis(a);
        delete a;
    }
    for (QGraphicsSimpleTextItem* item : m_names)
        delete item;
    for (QGraphicsSimpleTextItem* item : m_zeros)
        delete item;
    m_names.clear();
    m_zeros.clear();
    elideTitle();
    m_titleLabel->setToolTip(m_title);
    m_noteLabel->setText(m_note);
    m_noteLabel->setVisible(!m_note.isEmpty());
    if (m_modalities.isEmpty()) return;

    // One set per modality, non-zero only in its own row: a stacked series then draws each row as
    // one full-width bar in that modality's colour. Qt lists categories bottom-up, so the first
    // modality goes last to be drawn on top.
    const int n = int(m_modalities.size());
    auto* series = new QHorizontalStackedBarSeries;
    series->setBarWidth(n <= 2 ? 0.5 : 0.72);
    series->setLabelsVisible(true);
    series->setLabelsFormat("@value %");
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    QStringList categories;
    for (int i = n - 1; i >= 0; --i)
        categories << modalityLabel(m_modalities[i]);
    for (int i = 0; i < n; ++i) {
        auto* set = new QBarSet(modalityLabel(m_modalities[i]));
        for (int row = 0; row < n; ++row)
            set->append(row == n - 1 - i ? percent(m_shares[size_t(i)]) : 0.0);
        const QColor c = modalityColor(m_modalities[i]);
        set->setColor(c);
        set->setBorderColor(c);
        series->append(set);
    }
    connect(series, &QAbstractBarSeries::hovered, this, [this, series](bool status, int, QBarSet* set) {
        const int i = int(series->barSets().indexOf(set));
        if (!status || i < 0 || i >= m_modalities.size()) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(), toolTipOf(i), m_chartView);
    });
    m_chart->addSeries(series);
    // The category axis only spaces the rows: Qt Charts elides or hides its labels where a row is
    // lower than the label plus padding, so the names are drawn beside it (positionNames).
    auto* ay = new QBarCategoryAxis;
    ay->append(categories);
    ay->setLabelsVisible(false);
    ay->setGridLineVisible(false);
    auto* ax = new QValueAxis;
    ax->setRange(0, 100);
    ax->setTickCount(6);
    ax->setLabelFormat("%d %%");
    m_chart->addAxis(ay, Qt::AlignLeft);
    m_chart->addAxis(ax, Qt::AlignBottom);
    series->attachAxis(ay);
    series->attachAxis(ax);
    for (int i = 0; i < n; ++i) {
        auto* item = new QGraphicsSimpleTextItem(modalityLabel(m_modalities[i]), m_chart);
        item->setToolTip(toolTipOf(i));
        m_names.push_back(item);
        // Qt Charts draws no label for a bar of 0: "0 %" is drawn here, so no row reads as missing.
        m_zeros.push_back(m_shares[size_t(i)] == 0.0 ? new QGraphicsSimpleTextItem("0 %", m_chart) : nullptr);
    }
    applyPalette();
    fitLabels();
}

double ContributionView::percent(double share) {
    return std::round(share * 1000.0) / 10.0;
}

QString ContributionView::toolTipOf(int i) const {
    return tr("%1: %2 % of the prediction (Grad-CAM)")
        .arg(modalityLabel(m_modalities[i]))
        .arg(percent(m_shares[size_t(i)]));
}

void ContributionView::fitLabels() {
    // Names and values shrink with the rows' height (many modalities in a low view), down to 7 px;
    // the chart's left margin makes room for the longest name.
    const int n = int(m_modalities.size());
    if (n == 0) return;
    const QFont base = font();
    const QFontMetrics bfm(base);
    const int row = std::max(1, m_chartView->height() - bfm.height() - 10) / n;
    QFont f = base;
    if (row < bfm.height() + 2) f.setPixelSize(std::max(7, row - 2));
    const QFontMetrics fm(f);
    int names = 0;
    for (QGraphicsSimpleTextItem* item : m_names) {
        item->setFont(f);
        names = std::max(names, fm.horizontalAdvance(item->text()));
    }
    for (QGraphicsSimpleTextItem* item : m_zeros)
        if (item) item->setFont(f);
    names = std::min(names, std::max(40, m_chartView->width() / 3));
    for (QAbstractSeries* s : m_chart->series())
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
            for (QBarSet* set : bars->barSets())
                set->setLabelFont(f);
    for (QAbstractAxis* a : m_chart->axes(Qt::Horizontal))
        a->setLabelsFont(base);
    // Left: the names, less the ~20 px the category axis keeps for its (hidden) labels and ticks.
    // Right: room for a "100 %" label at the end of a bar.
    m_chart->setMargins(QMargins(std::max(0, names - 8), 0, bfm.horizontalAdvance("100 %") / 2 + 8, 0));
    positionNames();
}

void ContributionView::positionNames() {
    const int n = int(m_names.size());
    const QRectF plot = m_chart->plotArea();
    if (n == 0 || plot.isEmpty()) return;
    const double step = plot.height() / n;
    for (int i = 0; i < n; ++i) {
        QGraphicsSimpleTextItem* item = m_names[size_t(i)];
        const QRectF r = item->boundingRect();
        const double y = plot.top() + (i + 0.5) * step; // the first modality on top
        item->setPos(std::max(0.0, plot.left() - 6 - r.width()), y - r.height() / 2);
        if (QGraphicsSimpleTextItem* zero = m_zeros[size_t(i)])
            zero->setPos(plot.left() + 4, y - zero->boundingRect().height() / 2);
    }
}

ContributionView::~ContributionView() {
    // The chart and the view go with the children, after this object's members.
    disconnect(m_chart, nullptr, this, nullptr);
    m_chartView->removeEventFilter(this);
    m_titleLabel->removeEventFilter(this);
}

void ContributionView::elideTitle() {
    m_titleLabel->setText(
        m_titleLabel->fontMetrics().elidedText(m_title, Qt::ElideRight, std::max(0, m_titleLabel->width())));
}

bool ContributionView::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_chartView && e->type() == QEvent::Resize) fitLabels();
    if (watched == m_titleLabel && e->type() == QEvent::Resize) elideTitle();
    return QWidget::eventFilter(watched, e);
}

void ContributionView::applyPalette() {
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText), window = pal.color(QPalette::Window);
    QColor grid = text;
    grid.setAlphaF(0.15);
    QColor minor = text;
    minor.setAlphaF(0.07);
    QColor faint = text;
    faint.setAlphaF(0.45);
    m_chart->setBackgroundBrush(window);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chartView->setBackgroundBrush(window);
    QPalette np = m_noteLabel->palette();
    np.setColor(QPalette::WindowText, pal.color(QPalette::PlaceholderText));
    m_noteLabel->setPalette(np);
    m_messageLabel->setPalette(np);
    for (QAbstractAxis* a : m_chart->axes()) {
        a->setLabelsBrush(text);
        a->setLinePen(QPen(faint, 1));
        a->setGridLineColor(grid);
        a->setMinorGridLineColor(minor);
    }
    for (QAbstractSeries* s : m_chart->series())
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
            for (QBarSet* set : bars->barSets())
                set->setLabelColor(text);
    for (QGraphicsSimpleTextItem* item : m_names)
        item->setBrush(text);
    for (QGraphicsSimpleTextItem* item : m_zeros)
        if (item) item->setBrush(text);
}

void ContributionView::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::StyleChange) applyPalette();
    if (e->type() == QEvent::FontChange) fitLabels();
}

} // namespace mega::ui
