#pragma once
// The synopsis-shot synchronization matrix (MEGA.md §4-6; a bottom tab): shots along x (time runs
// left to right, as on the timeline), synopsis sentences down y (row j = sentence j), each cell
// coloured by Eq. 5's soft A or the E-step's W. Over it: the diagonal band's two edges (Eq. 2's xi),
// the scene boundaries, the gold and predicted TP sentences (rows) and TP shots (axis marks), the
// selected sentence and the playhead. Hover tells a cell's value, shot time and sentence; a click
// plays that shot and selects that sentence; the wheel zooms around the pointer, dragging or a
// horizontal scroll pans, and the view follows the playhead.
//
// Speed: the cells are painted once into a one-pixel-per-cell image (rebuilt on setMatrix, setMode
// and a palette change) and the visible part is blitted scaled; paintEvent never visits every cell.

#include "core/pipeline/analysis.h"

#include <QImage>
#include <QRect>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace mega::ui {

class SyncMatrixView : public QWidget {
    Q_OBJECT

  public:
    /// What the cells show: Eq. 5's soft A (scaled by the matrix's maximum) or Eq. 2's W (0/1).
    enum class Mode { Soft, Expected };

    explicit SyncMatrixView(QWidget* parent = nullptr);

    /// Shows `m`. `shotStart`: each shot's start in seconds (for the tooltip and the axis; may be
    /// empty); `sentences`: the synopsis text, one per row (missing ones show as "S12" alone). A
    /// matrix whose sizes do not add up is not drawn: the view says what is wrong instead.
    void setMatrix(const pipeline::SyncMatrix& m, std::vector<double> shotStart, QStringList sentences);
    /// No matrix: the view paints `message` centred (why there is none, and what to do), never an
    /// empty grid.
    void clear(const QString& message);
    bool hasMatrix() const { return m_has; }
    /// The message shown while there is no matrix (empty while one is shown).
    QString message() const { return m_has ? QString() : m_message; }
    const pipeline::SyncMatrix& matrix() const { return m_m; }

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }

    /// The sentence (row) of each TP, TP1..TP5; -1 = none. Gold: the annotator's; predicted: the
    /// synopsis model's. Marked at the row's label and outlined across the matrix.
    void setGoldTps(std::array<int, 5> sentenceOfTp);
    void setPredictedTps(std::array<int, 5> sentenceOfTp);
    /// The shot of each TP (TP scenes as their shot on the film), -1 = none: marks on the axis.
    void setGoldTpShots(std::array<int64_t, 5> shotOfTp);
    void setPredictedTpShots(std::array<int64_t, 5> shotOfTp);
    /// Scene boundaries: a scene ends after each of these shots (a line between shot i and i + 1).
    void setSceneEnds(std::vector<int64_t> shots);

    /// The shot under the player's playhead (-1: none). With follow on (the default) a playhead
    /// out of view scrolls the view to it.
    void setPlayheadShot(int64_t shot);
    int64_t playheadShot() const { return m_playhead; }
    void setFollowPlayhead(bool on) { m_follow = on; }
    bool followPlayhead() const { return m_follow; }

    /// The highlighted sentence row (-1: none). Does not emit: the synopsis list calls it.
    void setSelectedSentence(int row);
    int selectedSentence() const { return m_selected; }

    /// Horizontal zoom: 1 shows the whole film, 2 half of it...; kept about the view's centre and
    /// limited to about kMaxCellWidth pixels a shot.
    void setZoom(double factor);
    double zoom() const { return m_zoom; }
    /// Pans so that shot `first` (fractional) is at the left edge, within the film.
    void setFirstVisibleShot(double first);
    int64_t firstVisibleShot() const { return int64_t(m_first); }
    /// Shots in view (fractional): shots / zoom.
    double visibleShots() const;
    static constexpr int kMaxCellWidth = 48;

    /// Where the cells are drawn (widget coordinates): right of the row labels, between the legend
    /// and the axis.
    QRect heatmapRect() const;
    /// A cell's pixels (widget coordinates); at least 1 px wide where shots are thinner than a pixel
    /// (several shots then share a pixel: cellAt gives the one under its centre).
    QRect cellRect(int64_t shot, int sentence) const;
    /// The cell under `pos`, or nothing outside the cells or without a matrix.
    std::optional<std::pair<int64_t, int>> cellAt(QPoint pos) const;
    /// What hovering `pos` shows: the shot and its time, the sentence and its text, A and W, and
    /// whether the cell is in the band; empty where there is no cell.
    QString toolTipAt(QPoint pos) const;

    QSize sizeHint() const override { return {900, 360}; }
    QSize minimumSizeHint() const override { return {300, 160}; }

  Q_SIGNALS:
    /// A click on a cell (not the end of a pan): play that shot, select that sentence. The view has
    /// already selected the sentence.
    void cellClicked(int64_t shot, int sentence);

  protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void changeEvent(QEvent*) override;
    bool event(QEvent* e) override;

  private:
    void rebuildImage();
    void zoomAround(double factor, double x);
    void clampFirst();
    double cellWidth() const; ///< pixels per shot (fractional)
    double rowHeight() const; ///< pixels per sentence (fractional)
    double xOf(double shot) const { return heatmapRect().left() + (shot - m_first) * cellWidth(); }
    double yOf(double sentence) const { return heatmapRect().top() + sentence * rowHeight(); }
    /// The small font and the layout sizes that follow from it, kept (xOf and yOf run often).
    void updateMetrics();
    int labelWidth() const { return m_labelW; }
    int legendHeight() const { return m_legendH; }
    /// The axis: shot numbers and times, and under them a row for the TP shots where any is set.
    int axisHeight() const { return m_axisH + (anyTpShot() ? m_tpRowH : 0); }
    bool anyTpShot() const;
    const QFont& smallFont() const { return m_small; }
    /// A shot's start as hh:mm:ss (compact: mm:ss below an hour); empty without start times.
    QString timecode(int64_t shot, bool compact) const;
    double maxZoom() const;
    QColor ink() const; ///< overlay lines: readable on the cells of the current mode
    QString sentenceLabel(int row) const;
    void paintLegend(QPainter& p) const;
    void paintAxis(QPainter& p) const;
    void paintLabels(QPainter& p) const;
    void paintOverlays(QPainter& p) const;
    void setHover(std::optional<std::pair<int64_t, int>> cell);

    bool m_has = false;
    QString m_message;
    pipeline::SyncMatrix m_m;
    std::vector<double> m_shotStart;
    QStringList m_sentences;
    Mode m_mode = Mode::Soft;
    float m_maxA = 0;
    bool m_hasW = false;
    /// The cells, one pixel each (level 0), then halved in width level by level, each pixel the
    /// maximum of the two it covers, so a peak stays visible when many shots share a screen pixel.
    std::vector<QImage> m_levels;
    std::array<int, 5> m_goldTps{-1, -1, -1, -1, -1}, m_predTps{-1, -1, -1, -1, -1};
    std::array<int64_t, 5> m_goldTpShots{-1, -1, -1, -1, -1}, m_predTpShots{-1, -1, -1, -1, -1};
    std::vector<int64_t> m_sceneEnds; // sorted
    int64_t m_playhead = -1;
    bool m_follow = true;
    int m_selected = -1;
    double m_zoom = 1, m_first = 0;
    QFont m_small;
    int m_labelW = 80, m_legendH = 16, m_axisH = 20, m_tpRowH = 14, m_badgeW = 24;
    std::optional<std::pair<int64_t, int>> m_hover;
    // A left press becomes a pan once it moves a few pixels; otherwise its release is a click.
    bool m_pressed = false, m_panning = false;
    QPoint m_pressPos;
    double m_pressFirst = 0;
};

} // namespace mega::ui
