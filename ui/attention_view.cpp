#include "ui/attention_view.h"

#include "ui/modality_colors.h"

#include <QHelpEvent>
#include <QLinearGradient>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace mega::ui {

namespace {

constexpr int kMargin = 6, kSwatch = 10, kLegendBar = 90, kMaxRow = 64, kBar = 3;

// viridis (matplotlib), nine stops.
constexpr std::array<QRgb, 9> kViridis{0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C,
                                       0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};

QString tokenRange(int tokens) {
    return tokens == 1 ? QStringLiteral("1") : QStringLiteral("1-%1").arg(tokens);
}

} // namespace

AttentionView::AttentionView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    clear(tr("Select a boundary or a turning point"));
}

QColor AttentionView::valueColor(double value) {
    if (std::isnan(value)) value = 0;
    const double x = std::clamp(value, 0.0, 1.0) * double(kViridis.size() - 1);
    const int i = std::min(int(x), int(kViridis.size()) - 2);
    const double f = x - i;
    const QColor a = QColor::fromRgb(kViridis[size_t(i)]), b = QColor::fromRgb(kViridis[size_t(i) + 1]);
    auto mix = [f](int p, int q) { return int(std::lround(p + (q - p) * f)); };
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

void AttentionView::setAttention(const QString& title, const QStringList& modalities, int tokensPerModality,
                                 const std::vector<std::vector<float>>& weights) {
    m_shown = true;
    m_message.clear();
    m_title = title;
    m_modalities = modalities;
    m_tokens = std::max(0, tokensPerModality);
    m_weights = weights;
    m_weights.resize(size_t(modalities.size()));
    update();
}

void AttentionView::clear(const QString& message) {
    m_shown = false;
    m_message = message;
    m_title.clear();
    m_modalities.clear();
    m_tokens = 0;
    m_weights.clear();
    update();
}

float AttentionView::weight(int modalityRow, int token) const {
    if (modalityRow < 0 || size_t(modalityRow) >= m_weights.size() || token < 0)
        return std::numeric_limits<float>::quiet_NaN();
    const auto& row = m_weights[size_t(modalityRow)];
    return size_t(token) < row.size() ? row[size_t(token)] : std::numeric_limits<float>::quiet_NaN();
}

AttentionView::Layout AttentionView::layout() const {
    Layout l;
    const QFontMetrics fm = fontMetrics();
    const int w = width() - 2 * kMargin;
    const int legendWidth = fm.horizontalAdvance("0") + fm.horizontalAdvance("1") + kLegendBar + 8;
    l.title = QRect(kMargin, kMargin, std::max(0, w - legendWidth - 12), fm.height() + 2);
    l.legend = QRect(width() - kMargin - legendWidth, kMargin, legendWidth, fm.height() + 2);
    l.header = QRect(kMargin, l.title.bottom() + 4, w, fm.height() + kBar + 2);
    const int m = int(m_modalities.size());
    int labels = 0;
    for (const QString& name : m_modalities)
        labels = std::max(labels, fm.horizontalAdvance(modalityLabel(name)));
    l.labelWidth = std::min(kSwatch + 5 + labels + 10, w / 4);
    const int top = l.header.bottom() + 4, bottom = height() - kMargin;
    l.grid = QRect(kMargin + l.labelWidth, top, std::max(0, w - l.labelWidth), std::max(0, bottom - top));
    l.header.setLeft(l.grid.left());
    if (m == 0) return l;
    l.rowGap = l.grid.height() >= 10 * m ? 3 : l.grid.height() >= 4 * m ? 1 : 0;
    l.rowHeight = std::clamp((l.grid.height() - (m - 1) * l.rowGap) / m, 1, kMaxRow);
    l.grid.setHeight(m * l.rowHeight + (m - 1) * l.rowGap);
    l.groupGap = l.grid.width() / m > 60 ? 8 : 2;
    l.groupWidth = std::max(0.0, double(l.grid.width() - (m - 1) * l.groupGap) / m);
    return l;
}

int AttentionView::columnEdge(const Layout& l, int group, int k) const {
    const double tokens = std::max(1, m_tokens);
    return l.grid.left() + int(std::lround(group * (l.groupWidth + l.groupGap) + k * l.groupWidth / tokens));
}

QRect AttentionView::rowRect(const Layout& l, int row) const {
    return QRect(kMargin, l.grid.top() + row * (l.rowHeight + l.rowGap), width() - 2 * kMargin, l.rowHeight);
}

QRect AttentionView::groupRect(const Layout& l, int group) const {
    return QRect(QPoint(columnEdge(l, group, 0), l.header.top()),
                 QPoint(columnEdge(l, group, m_tokens) - 1, l.header.bottom()));
}

QRect AttentionView::cellRect(int modalityRow, int token) const {
    return cellRect(layout(), modalityRow, token);
}

QRect AttentionView::cellRect(const Layout& l, int modalityRow, int token) const {
    const int m = int(m_modalities.size());
    if (!m_shown || m_tokens <= 0 || modalityRow < 0 || modalityRow >= m || token < 0 ||
        token >= m * m_tokens)
        return {};
    const int group = token / m_tokens, k = token % m_tokens;
    const int left = columnEdge(l, group, k), right = columnEdge(l, group, k + 1);
    // Cells wide enough keep a 1-pixel gap on their right, so single tokens stay visible.
    const int gap = l.groupWidth / m_tokens >= 6 ? 1 : 0;
    const QRect row = rowRect(l, modalityRow);
    return QRect(left, row.top(), right - left - gap, row.height());
}

std::pair<int, int> AttentionView::cellAt(const QPoint& pos) const {
    return cellAt(layout(), pos);
}

std::pair<int, int> AttentionView::cellAt(const Layout& l, const QPoint& pos) const {
    const int m = int(m_modalities.size());
    if (!m_shown || m_tokens <= 0 || m == 0) return {-1, -1};
    if (!l.grid.contains(pos)) return {-1, -1};
    const int row = std::min(m - 1, (pos.y() - l.grid.top()) / (l.rowHeight + l.rowGap));
    for (int group = 0; group < m; ++group) {
        if (pos.x() < columnEdge(l, group, 0) || pos.x() >= columnEdge(l, group, m_tokens)) continue;
        // The last token whose left edge is at or before pos.
        int lo = 0, hi = m_tokens - 1;
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            if (columnEdge(l, group, mid) <= pos.x())
                lo = mid;
            else
                hi = mid - 1;
        }
        const int token = group * m_tokens + lo;
        if (cellRect(l, row, token).contains(pos)) return {row, token};
        break;
    }
    return {-1, -1};
}

QString AttentionView::toolTipAt(const QPoint& pos) const {
    if (!m_shown) return {};
    const int m = int(m_modalities.size());
    const Layout l = layout();
    if (l.legend.contains(pos))
        return tr("Cell colour: the attention weight, from 0 to the row's maximum (1)");
    if (const auto [row, token] = cellAt(l, pos); row >= 0) {
        const int group = token / m_tokens, k = token % m_tokens;
        const float v = weight(row, token);
        const QString value = std::isnan(v) ? tr("no value") : QString::number(double(v), 'f', 2);
        return tr("%1 \u2192 %2 bottleneck token %3 of %4: %5")
            .arg(modalityLabel(m_modalities[row]), modalityLabel(m_modalities[group]))
            .arg(k + 1)
            .arg(m_tokens)
            .arg(value);
    }
    for (int g = 0; g < m && m_tokens > 0; ++g)
        if (groupRect(l, g).contains(pos))
            return tr("%1's bottleneck: tokens %2 (token k carries the k-th slice of the film's progress)")
                .arg(modalityLabel(m_modalities[g]), tokenRange(m_tokens));
    for (int r = 0; r < m; ++r)
        if (QRect(kMargin, rowRect(l, r).top(), l.labelWidth, l.rowHeight).contains(pos))
            return tr("%1: its fusion stack's attention from this unit to every modality's bottleneck "
                      "tokens, "
                      "normalised so the row's maximum is 1")
                .arg(modalityLabel(m_modalities[r]));
    return {};
}

void AttentionView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.window());
    if (!m_shown) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const Layout l = layout();
    const QColor text = pal.color(QPalette::WindowText);
    const QFontMetrics fm = fontMetrics();

    // The title, then the colour scale at the right of the same line.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(text);
    p.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, l.title.width()));
    p.setFont(font());
    const int zero = fm.horizontalAdvance("0");
    const QRect bar(l.legend.left() + zero + 4, l.legend.center().y() - 5, kLegendBar, 10);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (size_t i = 0; i < kViridis.size(); ++i)
        gradient.setColorAt(double(i) / double(kViridis.size() - 1), QColor::fromRgb(kViridis[i]));
    p.fillRect(bar, gradient);
    p.drawText(QRect(l.legend.left(), l.legend.top(), zero, l.legend.height()), Qt::AlignCenter, "0");
    p.drawText(QRect(bar.right() + 5, l.legend.top(), l.legend.right() - bar.right() - 4, l.legend.height()),
               Qt::AlignLeft | Qt::AlignVCenter, "1");

    const int m = int(m_modalities.size());
    if (m == 0 || m_tokens <= 0) return;

    // The groups: "Appearance tokens 1-16" over each (or "Appearance 1-16", or "Appearance", the
    // longest form that fits over every group), underlined in the modality's colour.
    auto groupLabel = [&](int g, int form) {
        const QString name = modalityLabel(m_modalities[g]);
        return form == 0   ? tr("%1 tokens %2").arg(name, tokenRange(m_tokens))
               : form == 1 ? QStringLiteral("%1 %2").arg(name, tokenRange(m_tokens))
                           : name;
    };
    int form = 0;
    for (int g = 0; g < m; ++g)
        while (form < 2 && fm.horizontalAdvance(groupLabel(g, form)) > groupRect(l, g).width())
            ++form;
    for (int g = 0; g < m; ++g) {
        const QRect r = groupRect(l, g);
        p.fillRect(QRect(r.left(), r.bottom() - kBar + 1, r.width(), kBar), modalityColor(m_modalities[g]));
        const QRect textRect(r.left(), r.top(), r.width(), r.height() - kBar - 1);
        const QString label = groupLabel(g, form);
        p.setPen(text);
        p.drawText(textRect, Qt::AlignHCenter | Qt::AlignBottom,
                   fm.elidedText(label, Qt::ElideRight, r.width()));
    }

    // The rows: a swatch and the modality's name, then its cells.
    QFont rowFont = font();
    if (l.rowHeight < fm.height()) rowFont.setPixelSize(std::max(7, l.rowHeight));
    const QFontMetrics rfm(rowFont);
    p.setFont(rowFont);
    const QBrush missing(pal.color(QPalette::Mid), Qt::BDiagPattern);
    for (int r = 0; r < m; ++r) {
        const QRect row = rowRect(l, r);
        const int swatch = std::min(kSwatch, std::max(4, row.height() - 2));
        const QRect sw(kMargin, row.center().y() - swatch / 2, swatch, swatch);
        p.fillRect(sw, modalityColor(m_modalities[r]));
        const QRect name(sw.right() + 6, row.top(), l.labelWidth - swatch - 12, row.height());
        p.setPen(text);
        p.drawText(name, Qt::AlignLeft | Qt::AlignVCenter,
                   rfm.elidedText(modalityLabel(m_modalities[r]), Qt::ElideRight, name.width()));
        for (int t = 0; t < m * m_tokens; ++t) {
            const QRect cell = cellRect(l, r, t);
            if (cell.isEmpty()) continue;
            const float v = weight(r, t);
            if (std::isnan(v))
                p.fillRect(cell, missing);
            else
                p.fillRect(cell, valueColor(double(v)));
        }
    }
}

bool AttentionView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* he = static_cast<QHelpEvent*>(e);
        const QString tip = toolTipAt(he->pos());
        if (tip.isEmpty()) {
            QToolTip::hideText();
            e->ignore();
        } else {
            QToolTip::showText(he->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(e);
}

} // namespace mega::ui
