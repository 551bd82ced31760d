#pragma once
// The shot timeline, painted by hand: a ruler, a thumbnail per shot, the scene band, the act band
// with the five TP markers, the audio waveform, each proposed boundary's confidence as a bar with a
// draggable threshold, and the playhead. Wheel scrolls, Ctrl+wheel zooms around the pointer; a
// click seeks; dragging a boundary's bar moves it, snapping to shot cuts (one edit on release).

#include "ui/review_session.h"

#include <QImage>
#include <QPixmap>
#include <QWidget>

#include <array>
#include <optional>
#include <vector>

namespace mega::ui {

class TimelineWidget : public QWidget {
    Q_OBJECT

  public:
    explicit TimelineWidget(ReviewSession* session, QWidget* parent = nullptr);

    void setThumbnail(int64_t shot, const QImage& image);
    /// A shot's thumbnail (null until the loader has read it).
    QPixmap thumbnail(int64_t shot) const { return shot >= 0 && size_t(shot) < m_thumbs.size() ? m_thumbs[size_t(shot)] : QPixmap(); }
    /// Peak amplitude (0..1) per `step` seconds from the film's start.
    void setWaveform(std::vector<float> peaks, double step);
    void setPlayhead(double seconds);
    double playhead() const { return m_playhead; }
    void setThreshold(double t);
    double threshold() const { return m_threshold; }
    /// The boundary drawn as selected (an index into session->boundaries(), or -1).
    void setSelectedBoundary(int index);
    /// Zoom: pixels per second, and the time at the left edge.
    void setZoom(double pixelsPerSecond);
    double zoom() const { return m_pps; }
    void setOffset(double seconds);
    double offset() const { return m_offset; }
    /// Shows the whole film.
    void fitFilm();
    /// Scrolls (if needed) so `seconds` is in view.
    void ensureVisible(double seconds);

    QSize sizeHint() const override { return {900, 140 + actsHeight() + m_thumbHeight + bandHeight()}; }
    /// The thumbnails' row height in pixels (Settings; 24 to 160, default 44).
    static constexpr int kMinThumbnailHeight = 24, kMaxThumbnailHeight = 160, kDefaultThumbnailHeight = 44;
    void setThumbnailHeight(int pixels);
    /// Whose turning points the act band shows: {""} the film's own (default), one annotator, or
    /// several, each in a row of its own (never mixed).
    void setActAnnotators(const QStringList& annotators);
    QStringList actAnnotators() const { return m_actAnnotators; }
    /// The acts (and each TP's shot) of one annotator's TPs on shots or scenes ("" the film's own).
    std::array<std::optional<int64_t>, 5> tpShotsOf(const QString& annotator) const;
    int thumbnailHeight() const { return m_thumbHeight; }
    QSize minimumSizeHint() const override { return {300, 140 + actsHeight() + m_thumbHeight + bandHeight()}; }
    /// The act band's height: one row, or a row per annotator shown.
    int actsHeight() const;

    double timeAt(double x) const { return m_offset + x / m_pps; }
    double xAt(double seconds) const { return (seconds - m_offset) * m_pps; }
    /// The rows' vertical extents, for tests and hit-testing.
    QRect confidenceRect() const;
    enum class Row { Ruler, Shots, Scenes, Acts, Audio, Modalities, Confidence };
    /// The band along the film (View > Analysis): per cut, the Grad-CAM share of each modality of
    /// the scene model's prediction there, stacked in the modalities' colours (ui/modality_colors),
    /// in a row under the audio. Empty `perCut` hides the row. `model` names who made it.
    void setContributionBand(const QStringList& modalities, std::vector<std::vector<double>> perCut, const QString& model = {});
    bool hasContributionBand() const { return !m_band.empty(); }
    int bandHeight() const { return m_band.empty() ? 0 : kBandHeight; }
    static constexpr int kBandHeight = 16;
    QRect rowRect(Row row) const;
    /// Each row's name, drawn at its left end.
    static QString rowName(Row row);
    /// What the element under `pos` is (the tooltip): a shot, a scene, an act or TP, the sound
    /// there, a boundary's confidence, or the threshold.
    QString toolTipAt(const QPoint& pos) const;

  Q_SIGNALS:
    void seekRequested(double seconds);
    void thresholdChanged(double threshold);
    void boundaryMoveRequested(int64_t boundaryId, int64_t shotIndex);
    void boundaryClicked(int index);

  protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    bool event(QEvent* e) override;

  private:
    int boundaryNear(double x) const;
    int64_t snapShot(double seconds) const;
    double duration() const;
    void clampOffset();

    ReviewSession* m_session;
    std::vector<QPixmap> m_thumbs;
    int m_thumbHeight = kDefaultThumbnailHeight;
    std::vector<float> m_wave;
    double m_waveStep = 0.1;
    double m_playhead = 0, m_threshold = 0.5;
    double m_pps = 10, m_offset = 0;
    int m_selected = -1;
    QStringList m_actAnnotators{QString()};
    QStringList m_bandModalities;
    std::vector<std::vector<double>> m_band;
    QString m_bandModel;
    enum class Drag { None, Boundary, Threshold, Seek } m_drag = Drag::None;
    int m_dragBoundary = -1;
    int64_t m_dragShot = -1;
};

} // namespace mega::ui
