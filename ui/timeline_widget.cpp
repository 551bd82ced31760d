#include "ui/timeline_widget.h"

#include "core/film/structure.h"

#include "core/film/timecode.h"
#include "ui/modality_colors.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace mega::ui {

namespace {

constexpr int kRuler = 16, kScenes = 14, kActs = 16, kWave = 30, kGap = 2;
const QColor kSceneColours[2] = {QColor(70, 110, 160), QColor(95, 140, 190)};
const QColor kActColours[6] = {QColor(90, 120, 90),  QColor(120, 140, 80), QColor(150, 130, 70),
                               QColor(160, 100, 70), QColor(150, 80, 90),  QColor(110, 80, 130)};

QColor statusColour(store::ReviewStatus s) {
    switch (s) {
    case store::ReviewStatus::Unreviewed: return QColor(80, 150, 230);
    case store::ReviewStatus::Accepted: return QColor(80, 190, 100);
    case store::ReviewStatus::Rejected: return QColor(120, 120, 120);
    case store::ReviewStatus::Edited: return QColor(235, 150, 60);
    }
    return Qt::white;
}

} // namespace

TimelineWidget::TimelineWidget(ReviewSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(session, &ReviewSession::opened, this, [this] {
        m_thumbs.clear();
        m_wave.clear();
        fitFilm();
    });
    connect(session, &ReviewSession::changed, this, qOverload<>(&QWidget::update));
}

void TimelineWidget::setContributionBand(const QStringList& modalities, std::vector<std::vector<double>> perCut, const QString& model) {
    const bool resized = perCut.empty() != m_band.empty();
    m_bandModalities = modalities;
    m_band = std::move(perCut);
    m_bandModel = model;
    if (resized) updateGeometry();
    update();
}

void TimelineWidget::setActAnnotators(const QStringList& annotators) {
    m_actAnnotators = annotators.isEmpty() ? QStringList{QString()} : annotators;
    updateGeometry();
    update();
}

int TimelineWidget::actsHeight() const { return m_actAnnotators.size() <= 1 ? kActs : 13 * int(m_actAnnotators.size()); }

std::array<std::optional<int64_t>, 5> TimelineWidget::tpShotsOf(const QString& annotator) const {
    // film::turningPointShots reads the film's own labels: an annotator's are handed to it as such.
    std::vector<store::TurningPoint> tps;
    const std::string who = annotator.toStdString();
    for (auto t : m_session->turningPoints())
        if (t.annotator == who) {
            t.annotator.clear();
            tps.push_back(std::move(t));
        }
    return film::turningPointShots(tps, m_session->shots(), m_session->scenes());
}

QRect TimelineWidget::rowRect(Row row) const {
    int y = 0;
    const int heights[] = {kRuler, m_thumbHeight, kScenes, actsHeight(), kWave, bandHeight()};
    for (int r = 0; r < 6; ++r) {
        if (r == int(row)) return {0, y, width(), heights[r]};
        y += heights[r] + kGap;
    }
    return confidenceRect();
}

QString TimelineWidget::rowName(Row row) {
    switch (row) {
    case Row::Ruler: return "Time";
    case Row::Shots: return "Shots";
    case Row::Scenes: return "Scenes";
    case Row::Acts: return "Acts";
    case Row::Audio: return "Audio";
    case Row::Modalities: return "Modalities";
    case Row::Confidence: return "Confidence";
    }
    return {};
}

QString TimelineWidget::toolTipAt(const QPoint& pos) const {
    const double t = timeAt(pos.x());
    const double fps = m_session->fps();
    auto tc = [fps](double s) { return QString::fromStdString(film::timecodeAt(s, fps)); };
    const auto& shots = m_session->shots();
    Row row = Row::Confidence;
    for (Row r : {Row::Ruler, Row::Shots, Row::Scenes, Row::Acts, Row::Audio, Row::Modalities})
        if (rowRect(r).height() > 0 && pos.y() >= rowRect(r).top() && pos.y() <= rowRect(r).bottom() + kGap) {
            row = r;
            break;
        }
    switch (row) {
    case Row::Ruler: return tc(t);
    case Row::Shots: {
        if (shots.empty()) return {};
        const int64_t i = m_session->shotAt(t);
        const auto& s = shots[size_t(i)];
        return QString("Shot %1: %2 - %3 (%4 s)").arg(i + 1).arg(tc(s.start_s), tc(s.end_s)).arg(s.end_s - s.start_s, 0, 'f', 2);
    }
    case Row::Scenes:
        for (const auto& sc : m_session->scenes())
            if (t >= sc.start_s && t < sc.end_s)
                return QString("Scene %1: shots %2-%3, %4 - %5").arg(sc.index + 1).arg(sc.first_shot + 1).arg(sc.last_shot + 1).arg(tc(sc.start_s), tc(sc.end_s));
        return {};
    case Row::Acts: {
        const int rows = int(m_actAnnotators.size());
        const int r = std::clamp((pos.y() - rowRect(Row::Acts).top()) * rows / actsHeight(), 0, rows - 1);
        const QString who = m_actAnnotators[r].isEmpty() ? QString() : m_actAnnotators[r] + ": ";
        const auto tpShots = tpShotsOf(m_actAnnotators[r]);
        if (std::none_of(tpShots.begin(), tpShots.end(), [](const auto& s) { return s.has_value(); }) && !who.isEmpty())
            return who + "no turning point on shots or scenes (synopsis-sentence TPs have no place on the film until it is "
                         "synchronised with the synopsis)";
        for (size_t n = 0; n < tpShots.size(); ++n)
            if (tpShots[n] && std::abs(xAt(shots[size_t(*tpShots[n])].start_s) - pos.x()) <= 4)
                return who + QString("TP%1 at shot %2 (%3)").arg(n + 1).arg(*tpShots[n] + 1).arg(tc(shots[size_t(*tpShots[n])].start_s));
        for (const auto& act : film::actsFromTurningPoints(tpShots, shots))
            if (t >= act.start_s && t < act.end_s) return who + QString("Act %1: %2 - %3").arg(act.index + 1).arg(tc(act.start_s), tc(act.end_s));
        return who + "Acts: set all five turning points (1-5) to see the six acts";
    }
    case Row::Audio: {
        const size_t i = size_t(std::max(0.0, t / m_waveStep));
        if (i >= m_wave.size()) return "Audio: not read yet, or the film has none";
        return QString("Audio at %1: peak %2 %").arg(tc(t)).arg(int(std::lround(m_wave[i] * 100)));
    }
    case Row::Modalities: {
        if (shots.empty() || m_band.empty()) return {};
        // As painted: cut i spans from the middle of shot i to the middle of shot i + 1.
        int64_t i = m_session->shotAt(t);
        if (t < (shots[size_t(i)].start_s + shots[size_t(i)].end_s) / 2) --i;
        if (i < 0 || i >= int64_t(m_band.size())) return {};
        QStringList parts;
        const auto& shares = m_band[size_t(i)];
        for (int m = 0; m < m_bandModalities.size() && m < int(shares.size()); ++m)
            parts << QString("%1 %2 %").arg(modalityLabel(m_bandModalities[m])).arg(int(std::lround(100 * shares[size_t(m)])));
        const bool zero = std::all_of(shares.begin(), shares.end(), [](double v) { return v <= 0; });
        return QString("Cut after shot %1, what the scene model (%2) based its score on: %3")
            .arg(i + 1)
            .arg(m_bandModel, zero ? QString("no modality contributes positively") : parts.join(", "));
    }
    case Row::Confidence: {
        const int b = boundaryNear(pos.x());
        if (b >= 0) {
            const auto& bd = m_session->boundaries()[size_t(b)];
            return QString("Boundary after shot %1 at %2: %3, %4, %5")
                .arg(bd.shot_index + 1)
                .arg(tc(m_session->boundaryTime(bd)))
                .arg(bd.probability ? QString("confidence %1").arg(*bd.probability, 0, 'f', 2) : QString("set by a person"))
                .arg(QString::fromLatin1(store::toString(bd.status)), QString::fromStdString(bd.source));
        }
        const QRect conf = confidenceRect();
        const int ty = conf.bottom() - int(m_threshold * (conf.height() - 4));
        if (std::abs(pos.y() - ty) <= 3) return QString("Threshold %1: drag it; weaker proposals are dimmed").arg(m_threshold, 0, 'f', 2);
        return "Confidence of each proposed boundary (drag a bar to move the boundary)";
    }
    }
    return {};
}

bool TimelineWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

QRect TimelineWidget::confidenceRect() const {
    const int top = kRuler + m_thumbHeight + kScenes + actsHeight() + kWave + bandHeight() + (m_band.empty() ? 5 : 6) * kGap;
    return {0, top, width(), std::max(20, height() - top - 2)};
}

double TimelineWidget::duration() const {
    const auto& s = m_session->shots();
    if (!s.empty()) return s.back().end_s;
    return std::max(1.0, m_session->film().duration_s);
}

void TimelineWidget::setThumbnailHeight(int pixels) {
    m_thumbHeight = std::clamp(pixels, kMinThumbnailHeight, kMaxThumbnailHeight);
    for (auto& pm : m_thumbs)
        if (!pm.isNull()) pm = pm.scaledToHeight(m_thumbHeight, Qt::SmoothTransformation); // until the loader's come
    updateGeometry();
    update();
}

void TimelineWidget::setThumbnail(int64_t shot, const QImage& image) {
    if (shot < 0) return;
    if (size_t(shot) >= m_thumbs.size()) m_thumbs.resize(size_t(shot) + 1);
    m_thumbs[size_t(shot)] = QPixmap::fromImage(image.scaledToHeight(m_thumbHeight, Qt::SmoothTransformation));
    update();
}

void TimelineWidget::setWaveform(std::vector<float> peaks, double step) {
    m_wave = std::move(peaks);
    m_waveStep = step;
    update();
}

void TimelineWidget::setPlayhead(double s) {
    if (s == m_playhead) return;
    const double old = xAt(m_playhead);
    m_playhead = s;
    const double now = xAt(s);
    update(QRect(int(std::min(old, now)) - 2, 0, int(std::abs(now - old)) + 5, height()));
}

void TimelineWidget::setThreshold(double t) {
    t = std::clamp(t, 0.0, 1.0);
    if (t == m_threshold) return;
    m_threshold = t;
    update();
    Q_EMIT thresholdChanged(t);
}

void TimelineWidget::setSelectedBoundary(int index) {
    m_selected = index;
    update();
}

void TimelineWidget::setZoom(double pps) {
    m_pps = std::clamp(pps, width() / std::max(1.0, duration()) * 0.5, 400.0);
    clampOffset();
    update();
}

void TimelineWidget::setOffset(double s) {
    m_offset = s;
    clampOffset();
    update();
}

void TimelineWidget::fitFilm() {
    m_pps = std::max(1e-3, width() / duration());
    m_offset = 0;
    update();
}

void TimelineWidget::ensureVisible(double s) {
    const double visible = width() / m_pps;
    if (s < m_offset || s > m_offset + visible) setOffset(s - visible * 0.3);
}

void TimelineWidget::clampOffset() {
    const double visible = width() / m_pps;
    m_offset = std::clamp(m_offset, 0.0, std::max(0.0, duration() - visible));
}

void TimelineWidget::resizeEvent(QResizeEvent*) {
    if (m_pps * duration() <= width() + 1) fitFilm();
    clampOffset();
}

void TimelineWidget::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.fillRect(event->rect(), QColor(30, 30, 34));
    const auto& shots = m_session->shots();
    const double t0 = timeAt(event->rect().left() - 1), t1 = timeAt(event->rect().right() + 1);
    // Shots in view: binary search on start times.
    const auto firstShot = std::upper_bound(shots.begin(), shots.end(), t0, [](double t, const shots::Shot& s) { return t < s.end_s; });
    int y = kRuler + kGap;

    // Ruler: a tick every "nice" interval of >= 60 px.
    p.setPen(QColor(150, 150, 150));
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
    double step = steps[std::size(steps) - 1];
    for (double s : steps)
        if (s * m_pps >= 60) {
            step = s;
            break;
        }
    QFont small = font();
    small.setPointSizeF(7.5);
    p.setFont(small);
    for (double t = std::floor(t0 / step) * step; t <= t1; t += step) {
        const int x = int(xAt(t));
        p.drawLine(x, kRuler - 5, x, kRuler);
        const int s = int(t);
        p.drawText(x + 3, kRuler - 5, QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0')));
    }

    // Thumbnails: each shot shows the middle of its thumbnail, cropped to the shot's width; shots
    // narrower than 3 px (a zoomed-out long film) are skipped, their neighbours' pictures stand in.
    const QRect thumbRow(0, y, width(), m_thumbHeight);
    p.fillRect(thumbRow, QColor(22, 22, 25));
    double covered = -1e9;
    for (auto it = firstShot; it != shots.end() && it->start_s <= t1; ++it) {
        const size_t i = size_t(it - shots.begin());
        const double x0 = std::max(xAt(it->start_s), covered), x1 = xAt(it->end_s);
        if (x1 - x0 < 3) continue;
        const double w = x1 - x0 - 1;
        if (i < m_thumbs.size() && !m_thumbs[i].isNull()) {
            const QPixmap& pm = m_thumbs[i];
            const double sw = std::min<double>(pm.width(), w);
            p.drawPixmap(QRectF(x0 + 1, y, sw, pm.height()), pm, QRectF((pm.width() - sw) / 2, 0, sw, pm.height()));
            // A shot wider than its picture repeats it (as editors' timelines do).
            for (double x = x0 + 1 + pm.width(); x + 4 < x1; x += pm.width()) {
                const double rw = std::min<double>(pm.width(), x1 - 1 - x);
                p.drawPixmap(QRectF(x, y, rw, pm.height()), pm, QRectF(0, 0, rw, pm.height()));
            }
        } else {
            p.fillRect(QRectF(x0 + 1, y + 2, std::max(1.0, w - 1), m_thumbHeight - 4), QColor(50, 50, 56));
        }
        covered = x1;
    }
    // Cut lines across the thumbnail row where shots are wide enough to tell apart.
    if (!shots.empty() && m_pps * duration() / double(shots.size()) > 3) {
        p.setPen(QColor(10, 10, 10));
        for (auto it = firstShot; it != shots.end() && it->start_s <= t1; ++it) p.drawLine(int(xAt(it->start_s)), y, int(xAt(it->start_s)), y + m_thumbHeight);
    }
    y += m_thumbHeight + kGap;

    // Scenes.
    const auto& scenes = m_session->scenes();
    for (const auto& sc : scenes) {
        if (sc.end_s < t0 || sc.start_s > t1) continue;
        p.fillRect(QRectF(xAt(sc.start_s), y, std::max(1.0, (sc.end_s - sc.start_s) * m_pps - 1), kScenes),
                   kSceneColours[sc.index % 2]);
    }
    y += kScenes + kGap;

    // Acts: the six the five TPs make (none until all five are set, in order); each TP that is set
    // gets its mark. One row per annotator shown (the film's own by default), never mixed.
    const int rows = int(m_actAnnotators.size());
    for (int r = 0; r < rows; ++r) {
        const double top = y + double(actsHeight()) * r / rows, h = double(actsHeight()) / rows;
        const auto tpShots = tpShotsOf(m_actAnnotators[r]);
        for (const auto& act : film::actsFromTurningPoints(tpShots, shots))
            p.fillRect(QRectF(xAt(act.start_s), top, std::max(0.0, (act.end_s - act.start_s) * m_pps), h - (r + 1 < rows ? 1 : 0)),
                       kActColours[act.index % 6]);
        p.setPen(Qt::white);
        for (size_t n = 0; n < tpShots.size(); ++n) {
            if (!tpShots[n]) continue;
            const int x = int(xAt(shots[size_t(*tpShots[n])].start_s));
            p.fillRect(QRectF(x - 1, top, 3, h), QColor(250, 220, 90));
            if (rows == 1) p.drawText(x + 4, y + kActs - 4, QString("TP%1").arg(n + 1));
        }
        if (!m_actAnnotators[r].isEmpty()) {
            // Whose row it is; an annotator whose TPs are all on synopsis sentences has no place on
            // the film to show them yet (that takes the synopsis-shot synchronisation).
            const bool none = std::none_of(tpShots.begin(), tpShots.end(), [](const auto& s) { return s.has_value(); });
            QFont tiny = small;
            tiny.setPixelSize(std::clamp(int(h) - 1, 6, 11));
            p.setFont(tiny);
            p.setPen(none ? QColor(160, 160, 160) : Qt::white);
            p.drawText(QPointF(std::max(0.0, xAt(0)) + 60, top + h - 2),
                       none ? m_actAnnotators[r] + ": turning points on synopsis sentences only" : m_actAnnotators[r]);
            p.setFont(small);
        }
    }
    y += actsHeight() + kGap;

    // Waveform.
    const QRect waveRow(0, y, width(), kWave);
    p.fillRect(waveRow, QColor(24, 26, 30));
    if (!m_wave.empty()) {
        p.setPen(QColor(90, 170, 140));
        const int mid = y + kWave / 2;
        for (int x = event->rect().left(); x <= event->rect().right(); ++x) {
            const double a = timeAt(x), b = timeAt(x + 1);
            size_t i0 = size_t(std::max(0.0, a / m_waveStep)), i1 = size_t(std::max(0.0, b / m_waveStep)) + 1;
            if (i0 >= m_wave.size()) break;
            i1 = std::min(i1, m_wave.size());
            float peak = 0;
            for (size_t i = i0; i < i1; ++i) peak = std::max(peak, m_wave[i]);
            const int h = int(peak * (kWave / 2 - 1));
            p.drawLine(x, mid - h, x, mid + h);
        }
    }
    y += kWave + kGap;

    // The modality contributions along the film: each cut's shares stacked, bottom to top in the
    // model's order, from its shot's middle to the next's (the cut sits between them).
    if (!m_band.empty()) {
        const int h = kBandHeight;
        p.fillRect(QRect(0, y, width(), h), QColor(24, 26, 30));
        std::vector<QColor> colours;
        for (const auto& m : m_bandModalities) colours.push_back(modalityColor(m));
        const double minW = 1.0 / m_pps; // at most one column per pixel: the widest cut there wins
        double lastX = -1;
        for (size_t i = 0; i < m_band.size() && i + 1 < shots.size(); ++i) {
            const double a = (shots[i].start_s + shots[i].end_s) / 2, b = (shots[i + 1].start_s + shots[i + 1].end_s) / 2;
            if (b < t0 || a > t1) continue;
            if (b - a < minW && xAt(a) < lastX + 1) continue;
            const double x0 = xAt(a), x1 = std::max(x0 + 1, xAt(b));
            lastX = x0;
            double bottom = y + h;
            for (size_t m = 0; m < m_band[i].size() && m < colours.size(); ++m) {
                const double part = std::clamp(m_band[i][m], 0.0, 1.0) * h;
                if (part <= 0) continue;
                p.fillRect(QRectF(x0, bottom - part, x1 - x0, part), colours[m]);
                bottom -= part;
            }
        }
        y += h + kGap;
    }

    // Confidence bars and the threshold.
    const QRect conf = confidenceRect();
    p.fillRect(conf, QColor(26, 26, 30));
    const auto& bounds = m_session->boundaries();
    for (size_t i = 0; i < bounds.size(); ++i) {
        const auto& b = bounds[i];
        double t = m_session->boundaryTime(b);
        if (m_drag == Drag::Boundary && int(i) == m_dragBoundary && m_dragShot >= 0 && m_dragShot < int64_t(shots.size()))
            t = shots[size_t(m_dragShot)].end_s;
        if (t < t0 || t > t1) continue;
        const double prob = b.probability.value_or(1.0);
        const int h = std::max(3, int(prob * (conf.height() - 4)));
        QColor c = statusColour(b.status);
        if (b.probability && prob < m_threshold && b.status == store::ReviewStatus::Unreviewed) c = c.darker(220);
        const int x = int(xAt(t));
        const int w = int(i) == m_selected ? 5 : 3;
        p.fillRect(x - w / 2, conf.bottom() - h, w, h, c);
        if (int(i) == m_selected) {
            p.setPen(QPen(Qt::white, 1, Qt::DashLine));
            p.drawLine(x, kRuler, x, conf.bottom());
        }
    }
    const int ty = conf.bottom() - int(m_threshold * (conf.height() - 4));
    p.setPen(QPen(QColor(240, 200, 80), 1, Qt::DashLine));
    p.drawLine(0, ty, width(), ty);
    p.setPen(QColor(240, 200, 80));
    p.drawText(4, ty - 3, QString("threshold %1").arg(m_threshold, 0, 'f', 2));

    // Each row's name at its left end, over what is drawn there.
    p.setFont(small);
    for (Row r : {Row::Shots, Row::Scenes, Row::Acts, Row::Audio, Row::Modalities, Row::Confidence}) {
        const QRect rr = rowRect(r);
        if (rr.height() <= 0) continue;
        const QString name = rowName(r);
        const int w = p.fontMetrics().horizontalAdvance(name) + 8, h = std::min(rr.height(), p.fontMetrics().height() + 2);
        const QRect box(0, r == Row::Confidence ? rr.top() : rr.top() + (rr.height() - h) / 2, w, h);
        if (!event->rect().intersects(box)) continue;
        p.fillRect(box, QColor(0, 0, 0, 150));
        p.setPen(QColor(225, 225, 225));
        p.drawText(box, Qt::AlignCenter, name);
    }

    // Playhead.
    const int px = int(xAt(m_playhead));
    p.fillRect(px - 1, 0, 2, height(), QColor(230, 60, 60));
}

int TimelineWidget::boundaryNear(double x) const {
    int best = -1;
    double bestD = 5;
    const auto& b = m_session->boundaries();
    for (size_t i = 0; i < b.size(); ++i) {
        const double d = std::abs(xAt(m_session->boundaryTime(b[i])) - x);
        if (d < bestD) {
            bestD = d;
            best = int(i);
        }
    }
    return best;
}

int64_t TimelineWidget::snapShot(double seconds) const {
    // The shot whose end (a cut) is nearest.
    const auto& s = m_session->shots();
    int64_t best = 0;
    double bestD = 1e18;
    auto it = std::lower_bound(s.begin(), s.end(), seconds, [](const shots::Shot& a, double t) { return a.end_s < t; });
    for (auto j = it == s.begin() ? it : it - 1; j != s.end() && j <= it + 1 && j != s.end(); ++j) {
        const double d = std::abs(j->end_s - seconds);
        if (d < bestD) {
            bestD = d;
            best = int64_t(j - s.begin());
        }
    }
    return best;
}

void TimelineWidget::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    const QRect conf = confidenceRect();
    const double x = e->position().x();
    if (conf.contains(e->position().toPoint())) {
        const int ty = conf.bottom() - int(m_threshold * (conf.height() - 4));
        if (std::abs(e->position().y() - ty) <= 4) {
            m_drag = Drag::Threshold;
            return;
        }
        const int b = boundaryNear(x);
        if (b >= 0) {
            m_drag = Drag::Boundary;
            m_dragBoundary = b;
            m_dragShot = m_session->boundaries()[size_t(b)].shot_index;
            Q_EMIT boundaryClicked(b);
            return;
        }
    }
    m_drag = Drag::Seek;
    Q_EMIT seekRequested(std::clamp(timeAt(x), 0.0, duration()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* e) {
    const QRect conf = confidenceRect();
    switch (m_drag) {
    case Drag::Threshold:
        setThreshold(double(conf.bottom() - e->position().y()) / double(conf.height() - 4));
        break;
    case Drag::Boundary: {
        const int64_t s = snapShot(timeAt(e->position().x()));
        if (s != m_dragShot) {
            m_dragShot = s;
            update();
        }
        break;
    }
    case Drag::Seek: Q_EMIT seekRequested(std::clamp(timeAt(e->position().x()), 0.0, duration())); break;
    case Drag::None: {
        const bool overBar = conf.contains(e->position().toPoint()) && boundaryNear(e->position().x()) >= 0;
        setCursor(overBar ? Qt::SizeHorCursor : Qt::ArrowCursor);
        break;
    }
    }
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent*) {
    if (m_drag == Drag::Boundary && m_dragBoundary >= 0 && size_t(m_dragBoundary) < m_session->boundaries().size()) {
        const auto& b = m_session->boundaries()[size_t(m_dragBoundary)];
        const int64_t id = b.id, from = b.shot_index, to = m_dragShot;
        m_drag = Drag::None;
        m_dragBoundary = -1;
        if (to != from && to >= 0) Q_EMIT boundaryMoveRequested(id, to); // one edit, one undo step
        update();
        return;
    }
    m_drag = Drag::None;
}

void TimelineWidget::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (e->modifiers() & Qt::ControlModifier) {
        const double anchor = timeAt(e->position().x());
        setZoom(m_pps * std::pow(1.25, steps));
        m_offset = anchor - e->position().x() / m_pps;
        clampOffset();
        update();
    } else {
        setOffset(m_offset - steps * 80 / m_pps);
    }
    e->accept();
}

} // namespace mega::ui
