#include "ui/sync_matrix_view.h"

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace mega::ui {

namespace {

// Viridis (matplotlib's perceptually uniform sequential map), dark to bright: readable in both
// themes since the cells are an opaque block of their own colours.
constexpr int kViridis[9][3] = {{68, 1, 84},    {71, 44, 122}, {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
                                {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};

QRgb viridis(double v) {
    const double t = std::clamp(v, 0.0, 1.0) * 8;
    const int k = std::min(7, int(t));
    const double f = t - k;
    auto mix = [&](int c) {
        return int(std::lround(kViridis[k][c] + (kViridis[k + 1][c] - kViridis[k][c]) * f));
    };
    return qRgb(mix(0), mix(1), mix(2));
}

const QColor kGold(255, 128, 32);      // gold TPs: solid orange
const QColor kPredicted(235, 80, 235); // predicted TPs: dashed magenta
const QColor kPlayhead(230, 60, 60);   // as on the timeline

constexpr int kSceneLineGap = 8; // px between scenes for their lines across the cells
constexpr int kPanThreshold = 4; // pixels a press moves before it is a pan, not a click
constexpr int kMaxLevels = 16;

/// "S12 is TP3 and TP4" as "TP3+4".
QString tpList(const std::array<int, 5>& tps, int row) {
    QString s;
    for (int n = 0; n < 5; ++n)
        if (tps[size_t(n)] == row) s += s.isEmpty() ? QString("TP%1").arg(n + 1) : QString("+%1").arg(n + 1);
    return s;
}

} // namespace

SyncMatrixView::SyncMatrixView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_message = "No synchronization matrix yet.";
    updateMetrics();
}

// --- content -------------------------------------------------------------------------------------

void SyncMatrixView::setMatrix(const pipeline::SyncMatrix& m, std::vector<double> shotStart,
                               QStringList sentences) {
    const int64_t n = m.shots, s = m.sentences;
    const size_t cells = n > 0 && s > 0 ? size_t(n) * size_t(s) : 0;
    if (cells == 0 || m.soft.size() != cells || (!m.expected.empty() && m.expected.size() != cells)) {
        clear(QString(
                  "The synchronization matrix cannot be shown: it says %1 shots x %2 sentences but holds %3 "
                  "values of A and %4 of W. Propose again to recompute it.")
                  .arg(n)
                  .arg(s)
                  .arg(qulonglong(m.soft.size()))
                  .arg(qulonglong(m.expected.size())));
        return;
    }
    const bool sameShape = m_has && m_m.shots == n && m_m.sentences == s;
    m_m = m;
    m_has = true;
    m_message.clear();
    m_hasW = !m.expected.empty();
    m_shotStart = shotStart.size() == size_t(n) ? std::move(shotStart) : std::vector<double>{};
    m_sentences = std::move(sentences);
    m_maxA = 0;
    for (float a : m_m.soft)
        if (std::isfinite(a)) m_maxA = std::max(m_maxA, a);
    if (!sameShape) { // another film: show all of it
        m_zoom = 1;
        m_first = 0;
        if (m_selected >= s) m_selected = -1;
    }
    m_hover.reset();
    rebuildImage();
    update();
}

void SyncMatrixView::clear(const QString& message) {
    m_has = false;
    m_message = message;
    m_m = {};
    m_shotStart.clear();
    m_sentences.clear();
    m_levels.clear();
    m_hover.reset();
    m_zoom = 1;
    m_first = 0;
    update();
}

void SyncMatrixView::setMode(Mode mode) {
    if (mode == m_mode) return;
    m_mode = mode;
    rebuildImage();
    update();
}

void SyncMatrixView::setGoldTps(std::array<int, 5> sentenceOfTp) {
    m_goldTps = sentenceOfTp;
    update();
}

void SyncMatrixView::setPredictedTps(std::array<int, 5> sentenceOfTp) {
    m_predTps = sentenceOfTp;
    update();
}

void SyncMatrixView::setGoldTpShots(std::array<int64_t, 5> shotOfTp) {
    m_goldTpShots = shotOfTp; // may add or drop the axis's TP row
    update();
}

void SyncMatrixView::setPredictedTpShots(std::array<int64_t, 5> shotOfTp) {
    m_predTpShots = shotOfTp;
    update();
}

void SyncMatrixView::setSceneEnds(std::vector<int64_t> shots) {
    std::sort(shots.begin(), shots.end());
    m_sceneEnds = std::move(shots);
    update();
}

void SyncMatrixView::setPlayheadShot(int64_t shot) {
    if (shot == m_playhead) return;
    m_playhead = shot;
    if (m_follow && m_has && shot >= 0 && shot < m_m.shots) {
        const double visible = visibleShots();
        if (double(shot) < m_first || double(shot + 1) > m_first + visible)
            setFirstVisibleShot(double(shot) - visible * 0.3);
    }
    update();
}

void SyncMatrixView::setSelectedSentence(int row) {
    if (m_has && (row < 0 || row >= m_m.sentences)) row = -1;
    if (row == m_selected) return;
    m_selected = row;
    update();
}

// --- the cells' image ------------------------------------------------------------------------------

void SyncMatrixView::rebuildImage() {
    m_levels.clear();
    if (!m_has) return;
    const int n = int(m_m.shots), s = int(m_m.sentences);
    // Each cell's value in 0..1 (A over its maximum, or W), sentence-major like the image's scanlines.
    std::vector<float> vals(size_t(n) * size_t(s));
    const bool soft = m_mode == Mode::Soft;
    const float scale = m_maxA > 0 ? 1.0f / m_maxA : 0.0f;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < s; ++j) {
            const size_t at = size_t(i) * size_t(s) + size_t(j);
            float v = 0;
            if (soft)
                v = std::isfinite(m_m.soft[at]) ? m_m.soft[at] * scale : 0.0f;
            else if (m_hasW)
                v = m_m.expected[at] ? 1.0f : 0.0f;
            vals[size_t(j) * size_t(n) + size_t(i)] = v;
        }
    QRgb lut[256];
    const QRgb w0 = palette().color(QPalette::Base).rgb(), w1 = palette().color(QPalette::Highlight).rgb();
    for (int k = 0; k < 256; ++k)
        lut[k] = soft ? viridis(k / 255.0) : (k >= 128 ? w1 : w0);
    auto paint = [&](const std::vector<float>& v, int w) {
        QImage img(w, s, QImage::Format_RGB32); // opaque: the fastest scaled blit
        for (int j = 0; j < s; ++j) {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(j));
            const float* row = v.data() + size_t(j) * size_t(w);
            for (int i = 0; i < w; ++i)
                line[i] = lut[std::clamp(int(row[i] * 255.0f + 0.5f), 0, 255)];
        }
        m_levels.push_back(std::move(img));
    };
    paint(vals, n);
    // Coarser levels for zoomed-out views: each pixel the larger of the two it halves.
    for (int w = n; w > 1 && int(m_levels.size()) < kMaxLevels;) {
        const int half = (w + 1) / 2;
        std::vector<float> next(size_t(half) * size_t(s));
        for (int j = 0; j < s; ++j) {
            const float* src = vals.data() + size_t(j) * size_t(w);
            float* dst = next.data() + size_t(j) * size_t(half);
            for (int k = 0; k < half; ++k)
                dst[k] = 2 * k + 1 < w ? std::max(src[2 * k], src[2 * k + 1]) : src[2 * k];
        }
        vals = std::move(next);
        w = half;
        paint(vals, w);
    }
}

// --- geometry ------------------------------------------------------------------------------------

void SyncMatrixView::updateMetrics() {
    m_small = font();
    m_small.setPointSizeF(7.5);
    const QFontMetrics fm(m_small);
    m_legendH = fm.height() + 6;
    m_axisH = fm.height() + 8;
    m_tpRowH = fm.height() + 3;
    // The row labels: two TP badges (gold, predicted) and "S60".
    m_badgeW = fm.horizontalAdvance("TP5") + 8;
    m_labelW = 2 * m_badgeW + fm.horizontalAdvance("S000") + 8;
}

bool SyncMatrixView::anyTpShot() const {
    const auto set = [](int64_t s) { return s >= 0; };
    return std::any_of(m_goldTpShots.begin(), m_goldTpShots.end(), set) ||
           std::any_of(m_predTpShots.begin(), m_predTpShots.end(), set);
}

QRect SyncMatrixView::heatmapRect() const {
    const int left = labelWidth(), top = legendHeight();
    return {left, top, std::max(1, width() - left - 4), std::max(1, height() - top - axisHeight())};
}

double SyncMatrixView::cellWidth() const {
    return m_has ? heatmapRect().width() * m_zoom / double(m_m.shots) : 1.0;
}

double SyncMatrixView::rowHeight() const {
    return m_has ? heatmapRect().height() / double(m_m.sentences) : 1.0;
}

double SyncMatrixView::visibleShots() const {
    return m_has ? double(m_m.shots) / m_zoom : 0.0;
}

double SyncMatrixView::maxZoom() const {
    return m_has ? std::max(1.0, double(m_m.shots) * kMaxCellWidth / heatmapRect().width()) : 1.0;
}

QRect SyncMatrixView::cellRect(int64_t shot, int sentence) const {
    if (!m_has) return {};
    // Pixel p shows the cell under its centre (p + 0.5): the pixels whose centres fall in the cell.
    const double xs = xOf(double(shot)), ys = yOf(sentence);
    const int x0 = int(std::ceil(xs - 0.5)), x1 = int(std::ceil(xs + cellWidth() - 0.5));
    const int y0 = int(std::ceil(ys - 0.5)), y1 = int(std::ceil(ys + rowHeight() - 0.5));
    return {x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

std::optional<std::pair<int64_t, int>> SyncMatrixView::cellAt(QPoint pos) const {
    const QRect heat = heatmapRect();
    if (!m_has || !heat.contains(pos)) return std::nullopt;
    const auto shot = int64_t(std::floor((pos.x() + 0.5 - heat.left()) / cellWidth() + m_first));
    const auto row = int(std::floor((pos.y() + 0.5 - heat.top()) / rowHeight()));
    return std::make_pair(std::clamp<int64_t>(shot, 0, m_m.shots - 1),
                          std::clamp(row, 0, int(m_m.sentences) - 1));
}

// --- zoom and pan --------------------------------------------------------------------------------

void SyncMatrixView::setZoom(double factor) {
    const QRect heat = heatmapRect();
    zoomAround(factor / m_zoom, heat.left() + heat.width() / 2.0);
}

void SyncMatrixView::zoomAround(double factor, double x) {
    if (!m_has || !std::isfinite(factor) || factor <= 0) return;
    const double dx = x - heatmapRect().left();
    const double anchor = m_first + dx / cellWidth(); // the shot under x stays under x
    m_zoom = std::clamp(m_zoom * factor, 1.0, maxZoom());
    m_first = anchor - dx / cellWidth();
    clampFirst();
    m_hover.reset();
    update();
}

void SyncMatrixView::setFirstVisibleShot(double first) {
    if (!std::isfinite(first)) return;
    m_first = first;
    clampFirst();
    update();
}

void SyncMatrixView::clampFirst() {
    m_first = std::clamp(m_first, 0.0, std::max(0.0, double(m_m.shots) - visibleShots()));
}

// --- text ----------------------------------------------------------------------------------------

QString SyncMatrixView::timecode(int64_t shot, bool compact) const {
    if (shot < 0 || size_t(shot) >= m_shotStart.size()) return {};
    const auto t = int64_t(std::max(0.0, m_shotStart[size_t(shot)]));
    const auto two = [](int64_t v) { return QString("%1").arg(v, 2, 10, QChar('0')); };
    if (compact && m_shotStart.back() < 3600) return two(t / 60) + ":" + two(t % 60);
    return two(t / 3600) + ":" + two(t / 60 % 60) + ":" + two(t % 60);
}

QString SyncMatrixView::sentenceLabel(int row) const {
    return QString("S%1").arg(row + 1);
}

QString SyncMatrixView::toolTipAt(QPoint pos) const {
    const auto cell = cellAt(pos);
    if (!cell) return {};
    const auto [shot, row] = *cell;
    QString text = QString("Shot %1").arg(shot + 1);
    const QString tc = timecode(shot, false);
    if (!tc.isEmpty()) text += " - " + tc;
    text += " | " + sentenceLabel(row);
    QStringList tps;
    if (const QString g = tpList(m_goldTps, row); !g.isEmpty()) tps << "gold " + g;
    if (const QString p = tpList(m_predTps, row); !p.isEmpty()) tps << "predicted " + p;
    if (!tps.isEmpty()) text += " (" + tps.join(", ") + ")";
    if (row < m_sentences.size()) {
        QString s = m_sentences[row].simplified();
        if (s.size() > 90) s = s.left(87) + "...";
        text += ": \"" + s + "\"";
    }
    text += QString(" | A = %1").arg(double(m_m.a(shot, row)), 0, 'f', 3);
    if (m_hasW) text += QString(", W = %1").arg(m_m.w(shot, row) ? 1 : 0);
    const bool band = pipeline::inDiagonalBand(shot, row, m_m.shots, m_m.sentences, m_m.xi);
    text += band ? ", in the band" : ", outside the band";
    return text;
}

// --- painting ------------------------------------------------------------------------------------

QColor SyncMatrixView::ink() const {
    // Viridis is dark to bright whatever the theme: light lines on it; W takes the palette's colours.
    return m_mode == Mode::Soft ? QColor(255, 255, 255, 200) : palette().color(QPalette::Text);
}

void SyncMatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (!m_has) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect().adjusted(24, 12, -24, -12), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const QRect heat = heatmapRect();
    // The cells in view, from the finest level whose pixels are at least a device pixel wide: then
    // no shot is skipped (a level's pixel holds the max of the shots it covers).
    const double devWidth = cellWidth() * devicePixelRatioF();
    size_t level = 0;
    while (level + 1 < m_levels.size() && devWidth * double(1 << level) < 1.0)
        ++level;
    const double per = double(1 << level);
    const QImage& img = m_levels[level];
    p.drawImage(QRectF(heat), img, QRectF(m_first / per, 0, visibleShots() / per, img.height()));
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(heat.adjusted(-1, -1, 0, 0));
    paintOverlays(p);
    paintLabels(p);
    paintAxis(p);
    paintLegend(p);
}

void SyncMatrixView::paintOverlays(QPainter& p) const {
    const QRect heat = heatmapRect();
    const double rh = rowHeight(), last = m_first + visibleShots();
    const double n = double(m_m.shots), s = double(m_m.sentences);
    p.save();
    p.setClipRect(heat);

    // Scene boundaries: a line between shot e and e + 1, where scenes are on average at least
    // kSceneLineGap px apart in view (denser, they would hatch over the cells: the axis's ticks
    // show them then), and never two within 3 px.
    const auto from = std::lower_bound(m_sceneEnds.begin(), m_sceneEnds.end(), int64_t(m_first) - 1);
    const auto to = std::lower_bound(from, m_sceneEnds.end(), int64_t(std::ceil(last)));
    if (from != to && double(heat.width()) / double(to - from) >= kSceneLineGap) {
        QColor sceneInk = ink();
        sceneInk.setAlpha(80);
        p.setPen(QPen(sceneInk, 0));
        int lastX = -1000;
        for (auto it = from; it != to; ++it) {
            const int x = int(std::lround(xOf(double(*it + 1))));
            if (x - lastX < 3) continue;
            p.drawLine(x, heat.top(), x, heat.bottom());
            lastX = x;
        }
    }

    // The band's two edges, through the cells' centres: a cell is in the band when its centre is
    // strictly between them (Eq. 2: j < i S/N + xi S and i < j N/S + xi N).
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(ink(), 1.5, Qt::DashLine));
    const double i0 = m_first - 1, i1 = last + 1;
    auto point = [&](double i, double j) { return QPointF(xOf(i + 0.5), yOf(j + 0.5)); };
    auto upper = [&](double i) { return i * s / n + m_m.xi * s; };
    auto lower = [&](double i) { return (i - m_m.xi * n) * s / n; };
    p.drawLine(point(i0, upper(i0)), point(i1, upper(i1)));
    p.drawLine(point(i0, lower(i0)), point(i1, lower(i1)));
    p.setRenderHint(QPainter::Antialiasing, false);

    // The selected sentence: tinted and outlined in the overlay ink (not the palette's highlight,
    // which is W's colour for 1).
    if (m_selected >= 0 && m_selected < m_m.sentences) {
        const QRectF r(heat.left(), yOf(m_selected), heat.width(), std::max(1.0, rh));
        QColor tint = ink();
        tint.setAlpha(60);
        p.fillRect(r, tint);
        p.setPen(QPen(ink(), 1));
        p.drawRect(r.adjusted(0, 0, -1, -1));
    }

    // TP sentences: gold outlined, predicted dashed through the row's middle, so a row that is
    // both shows both.
    for (int tp = 0; tp < 5; ++tp) {
        if (const int row = m_goldTps[size_t(tp)]; row >= 0 && row < m_m.sentences) {
            p.setPen(QPen(kGold, 2));
            p.drawRect(QRectF(heat.left() + 1, yOf(row), heat.width() - 2, std::max(2.0, rh)));
        }
        if (const int row = m_predTps[size_t(tp)]; row >= 0 && row < m_m.sentences) {
            p.setPen(QPen(kPredicted, 2, Qt::DashLine));
            const double y = std::floor(yOf(row + 0.5));
            p.drawLine(QPointF(heat.left() + 2, y), QPointF(heat.right() - 1, y));
        }
    }

    // The hovered cell.
    if (m_hover) {
        const QRect c = cellRect(m_hover->first, m_hover->second);
        p.setPen(QPen(Qt::black, 1));
        p.drawRect(c.adjusted(-2, -2, 1, 1));
        p.setPen(QPen(Qt::white, 1));
        p.drawRect(c.adjusted(-1, -1, 0, 0));
    }

    // The playhead, through the middle of its shot.
    if (m_playhead >= 0 && m_playhead < m_m.shots) {
        const int x = int(std::lround(xOf(double(m_playhead) + 0.5)));
        p.fillRect(x - 1, heat.top(), 2, heat.height(), kPlayhead);
    }
    p.restore();
}

void SyncMatrixView::paintLabels(QPainter& p) const {
    const QRect heat = heatmapRect();
    const QFont f = smallFont();
    const QFontMetrics fm(f);
    const int fh = fm.height(), badge = m_badgeW;
    const double rh = rowHeight();
    const int s = int(m_m.sentences);
    p.save();
    p.setClipRect(QRect(0, heat.top() - fh / 2, heat.left(), heat.height() + fh));
    p.setFont(f);

    // Rows that must be labelled: the TP rows and the selected one; the others as room allows.
    std::vector<int> marked;
    for (int n = 0; n < 5; ++n)
        for (int row : {m_goldTps[size_t(n)], m_predTps[size_t(n)]})
            if (row >= 0 && row < s) marked.push_back(row);
    if (m_selected >= 0) marked.push_back(m_selected);
    auto centre = [&](int row) { return yOf(row + 0.5); };
    const int textRight = heat.left() - 4, textW = fm.horizontalAdvance("S000");
    double lastY = -1e9;
    for (int row = 0; row < s; ++row) {
        const double y = centre(row);
        const bool isMarked = std::find(marked.begin(), marked.end(), row) != marked.end();
        if (!isMarked) {
            if (y - lastY < fh) continue;
            if (std::any_of(marked.begin(), marked.end(),
                            [&](int m) { return std::abs(centre(m) - y) < fh; }))
                continue;
        }
        const QRect box(textRight - textW, int(y) - fh / 2, textW, fh);
        if (row == m_selected) {
            p.fillRect(box.adjusted(-2, 0, 4, 0), palette().color(QPalette::Highlight));
            p.setPen(palette().color(QPalette::HighlightedText));
        } else {
            p.setPen(palette().color(QPalette::WindowText));
        }
        p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, sentenceLabel(row));
        lastY = y;
        // TP badges: gold filled, predicted outlined; "TP3+4" where a sentence is both.
        const int bh = std::clamp(int(rh), std::min(fh, 9), fh);
        for (const bool gold : {true, false}) {
            const QString tps = tpList(gold ? m_goldTps : m_predTps, row);
            if (tps.isEmpty()) continue;
            const QRect b(gold ? 2 : 4 + badge, int(y) - bh / 2, badge, bh);
            if (gold) {
                p.fillRect(b, kGold);
                p.setPen(Qt::black);
            } else {
                p.setPen(QPen(kPredicted, 1));
                p.drawRect(b.adjusted(0, 0, -1, -1));
                p.setPen(palette().color(QPalette::WindowText));
            }
            p.drawText(b, Qt::AlignCenter, fm.elidedText(tps, Qt::ElideRight, badge));
        }
    }
    p.restore();
}

void SyncMatrixView::paintAxis(QPainter& p) const {
    const QRect heat = heatmapRect();
    const QFont f = smallFont();
    const QFontMetrics fm(f);
    const double cw = cellWidth(), last = m_first + visibleShots();
    const int y0 = heat.bottom() + 2;
    const QColor text = palette().color(QPalette::WindowText);
    p.save();
    p.setClipRect(QRect(heat.left() - 30, y0, heat.width() + 34, axisHeight() - 1));
    p.setFont(f);

    // Scene boundaries as ticks (thinned like the lines).
    p.setPen(palette().color(QPalette::Mid));
    int lastX = -1000;
    for (auto it = std::lower_bound(m_sceneEnds.begin(), m_sceneEnds.end(), int64_t(m_first) - 1);
         it != m_sceneEnds.end() && double(*it) < last; ++it) {
        const int x = int(std::lround(xOf(double(*it + 1))));
        if (x - lastX < 3) continue;
        p.drawLine(x, y0, x, y0 + 3);
        lastX = x;
    }

    // Shot numbers (1-based) and their start times, a "nice" step apart.
    const QString widest = m_shotStart.empty() ? QString("00000") : QString("00000 ") + timecode(0, true);
    const double room = fm.horizontalAdvance(widest) + 14;
    static const int64_t steps[] = {1,   2,    5,    10,   20,    50,    100,  200,
                                    500, 1000, 2000, 5000, 10000, 20000, 50000};
    int64_t step = steps[std::size(steps) - 1];
    for (int64_t st : steps)
        if (double(st) * cw >= room) {
            step = st;
            break;
        }
    p.setPen(text);
    for (int64_t number = int64_t(m_first) / step * step; double(number) <= last + 1; number += step) {
        const int64_t shot = std::max<int64_t>(0, number - 1);
        if (shot >= m_m.shots) break;
        const int x = int(std::lround(xOf(double(shot) + 0.5)));
        p.drawLine(x, y0, x, y0 + 4);
        const QString tc = timecode(shot, true);
        p.drawText(x + 3, y0 + 4 + fm.ascent(),
                   QString::number(shot + 1) + (tc.isEmpty() ? QString() : " " + tc));
    }

    // TP shots, in their own row under the numbers: a triangle under the shot, gold filled with its
    // name on the left, predicted outlined with its name on the right (so a pair near each other
    // stays readable).
    const int y1 = y0 + m_axisH - 1;
    p.setRenderHint(QPainter::Antialiasing);
    for (const bool gold : {true, false}) {
        const auto& shots = gold ? m_goldTpShots : m_predTpShots;
        for (int n = 0; n < 5; ++n) {
            const int64_t shot = shots[size_t(n)];
            if (shot < 0 || shot >= m_m.shots) continue;
            const double x = xOf(double(shot) + 0.5);
            QPainterPath tri;
            tri.moveTo(x, y1);
            tri.lineTo(x - 4.5, y1 + 8);
            tri.lineTo(x + 4.5, y1 + 8);
            tri.closeSubpath();
            const QString name = QString("TP%1").arg(n + 1);
            const double w = fm.horizontalAdvance(name) + 4;
            const QRectF box(gold ? x - 6 - w : x + 6, y1, w, fm.height());
            if (gold) {
                p.fillPath(tri, kGold);
                p.fillRect(box, kGold);
                p.setPen(Qt::black);
            } else {
                p.setPen(QPen(kPredicted, 1.5));
                p.drawPath(tri);
                p.drawRect(box);
                p.setPen(text);
            }
            p.drawText(box, Qt::AlignCenter, name);
        }
    }
    p.restore();
}

void SyncMatrixView::paintLegend(QPainter& p) const {
    const QFont f = smallFont();
    const QFontMetrics fm(f);
    const int h = legendHeight(), fh = fm.height();
    const int y = (h - fh) / 2, sw = fh - 4; // text top; swatch size
    const QColor text = palette().color(QPalette::WindowText);
    p.save();
    p.setFont(f);
    p.setPen(text);
    int x = 6;
    auto word = [&](const QString& s) {
        p.setPen(text);
        p.drawText(x, y + fm.ascent(), s);
        x += fm.horizontalAdvance(s) + 6;
    };
    auto swatch = [&](const QColor& c) {
        p.fillRect(x, y + 2, sw, sw, c);
        x += sw + 3;
    };
    if (m_mode == Mode::Soft) {
        word(QString("A (Eq. 5), max %1").arg(double(m_maxA), 0, 'f', 2));
        for (int k = 0; k < 64; ++k)
            p.fillRect(x + k, y + 2, 1, sw, QColor(viridis(k / 63.0)));
        x += 64 + 10;
    } else if (m_hasW) {
        word("W (Eq. 2):");
        swatch(palette().color(QPalette::Highlight));
        word("1");
        swatch(palette().color(QPalette::Base));
        word("0");
        x += 4;
    } else {
        word("W (Eq. 2): not stored with this matrix");
    }
    p.setPen(QPen(text, 1.5, Qt::DashLine));
    p.drawLine(x, y + fh / 2, x + 16, y + fh / 2);
    x += 20;
    word(QString("band (xi = %1)").arg(m_m.xi, 0, 'f', 2));
    p.setPen(QPen(kGold, 2));
    p.drawRect(x, y + 2, sw + 4, sw);
    x += sw + 8;
    word("gold TP");
    p.setPen(QPen(kPredicted, 2, Qt::DashLine));
    p.drawLine(x, y + fh / 2, x + 16, y + fh / 2);
    x += 20;
    word("predicted TP");
    p.fillRect(x, y + 1, 2, fh - 2, kPlayhead);
    x += 6;
    word("playhead");

    // Right: what the matrix came from.
    QStringList what;
    if (!m_m.method.empty()) what << QString::fromStdString(m_m.method);
    if (!m_m.model_name.empty()) what << "model " + QString::fromStdString(m_m.model_name);
    what << (m_m.annotator.empty() ? QString("the film's synopsis")
                                   : "synopsis of " + QString::fromStdString(m_m.annotator));
    const int room = width() - x - 8;
    if (room > 40) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(x, 0, room, h), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(what.join(QStringLiteral(" \u00b7 ")), Qt::ElideLeft, room));
    }
    p.restore();
}

// --- input ---------------------------------------------------------------------------------------

void SyncMatrixView::setHover(std::optional<std::pair<int64_t, int>> cell) {
    if (cell == m_hover) return;
    if (m_hover) update(cellRect(m_hover->first, m_hover->second).adjusted(-3, -3, 3, 3));
    m_hover = cell;
    if (m_hover) update(cellRect(m_hover->first, m_hover->second).adjusted(-3, -3, 3, 3));
}

void SyncMatrixView::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || !m_has) return;
    m_pressed = true;
    m_panning = false;
    m_pressPos = e->position().toPoint();
    m_pressFirst = m_first;
}

void SyncMatrixView::mouseMoveEvent(QMouseEvent* e) {
    const QPoint pos = e->position().toPoint();
    if (m_pressed && !m_panning && (pos - m_pressPos).manhattanLength() > kPanThreshold) {
        m_panning = true;
        setCursor(Qt::ClosedHandCursor);
        setHover(std::nullopt);
        QToolTip::hideText();
    }
    if (m_panning) {
        setFirstVisibleShot(m_pressFirst - (pos.x() - m_pressPos.x()) / cellWidth());
        return;
    }
    setHover(cellAt(pos));
    // Hovering on while a tooltip is up keeps it on the cell under the pointer.
    if (QToolTip::isVisible()) {
        const QString text = toolTipAt(pos);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(e->globalPosition().toPoint(), text, this);
    }
}

void SyncMatrixView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || !m_pressed) return;
    const bool click = !m_panning;
    m_pressed = m_panning = false;
    unsetCursor();
    if (!click) return;
    if (const auto cell = cellAt(m_pressPos)) {
        setSelectedSentence(cell->second);
        Q_EMIT cellClicked(cell->first, cell->second);
    }
}

void SyncMatrixView::leaveEvent(QEvent*) {
    setHover(std::nullopt);
}

void SyncMatrixView::wheelEvent(QWheelEvent* e) {
    if (!m_has) return;
    const QPoint d = e->angleDelta();
    const bool horizontal = std::abs(d.x()) > std::abs(d.y());
    if (horizontal || (e->modifiers() & Qt::ShiftModifier)) {
        // A horizontal scroll (or Shift+wheel) pans, 60 px a notch.
        const double steps = (horizontal ? d.x() : d.y()) / 120.0;
        setFirstVisibleShot(m_first - steps * 60 / cellWidth());
    } else {
        // The wheel (with or without Ctrl) zooms around the pointer.
        zoomAround(std::pow(1.25, d.y() / 120.0), e->position().x());
    }
    e->accept();
}

void SyncMatrixView::changeEvent(QEvent* e) {
    // W's colours come from the palette.
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::StyleChange) {
        rebuildImage();
        update();
    } else if (e->type() == QEvent::FontChange) {
        updateMetrics();
        update();
    }
    QWidget::changeEvent(e);
}

bool SyncMatrixView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

} // namespace mega::ui
