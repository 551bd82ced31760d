#pragma once
// The "Modality contributions" bottom tab (MEGA.md section 6, supplementary 6.3.1): for the
// selected boundary or turning point, each modality's Grad-CAM share of the prediction as a
// horizontal bar (Qt Charts), in the modality's colour (modalityColor), on a 0..100 % axis, under a
// title that says what is explained. Without a prediction to explain it shows a message instead.

#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

class QChart;
class QChartView;
class QGraphicsSimpleTextItem;
class QLabel;
class QStackedLayout;

namespace mega::ui {

class ContributionView : public QWidget {
    Q_OBJECT

  public:
    explicit ContributionView(QWidget* parent = nullptr);
    ~ContributionView() override;

    /// Shows one bar per modality, top to bottom in the given order: `shares[i]` is modalities[i]'s
    /// share, a fraction in [0, 1] (the M shares of a prediction sum to 1, or are all 0); values
    /// outside are clamped, NaN and missing ones read as 0, extra ones are ignored. `title` says
    /// what is explained, elided to the width ("Boundary after shot 41 - P = 0.83 - model scene-3"); `note`
    /// is shown under the bars. All zero is shown as such: bars at 0 and allZeroNote() before `note`.
    void setContribution(const QString& title, const QStringList& modalities,
                         const std::vector<double>& shares, const QString& note = {});
    /// Shows `message` in place of the chart ("Select a boundary or a turning point", "The
    /// cold-start proposer has no Grad-CAM: ..."), and forgets the bars.
    void clear(const QString& message);

    /// The note shown where every share is 0 (MEGA.md: all zero is reported as such).
    static QString allZeroNote();

    /// Whether a contribution is shown (false after clear()).
    bool hasContribution() const { return m_shown; }
    /// The message shown by clear() (empty while a contribution is shown).
    QString message() const { return m_shown ? QString() : m_message; }
    QString title() const { return m_title; }
    /// The note under the bars, allZeroNote() included where it applies.
    QString note() const { return m_note; }
    QStringList modalities() const { return m_modalities; }
    /// The shares shown, one per modality, after clamping (fractions, not percent).
    std::vector<double> shares() const { return m_shares; }
    /// Whether every share shown is 0.
    bool allZero() const;
    /// The chart: one QHorizontalStackedBarSeries holding a QBarSet per modality (in modalities()
    /// order, labelled modalityLabel, coloured modalityColor), each non-zero only in its own row.
    QChart* chart() const { return m_chart; }

    QSize sizeHint() const override { return {1000, 250}; }
    QSize minimumSizeHint() const override { return {300, 140}; }

  protected:
    void changeEvent(QEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

  private:
    void rebuild();
    void applyPalette();
    void fitLabels();
    void positionNames();
    void elideTitle();
    QString toolTipOf(int i) const;
    static double percent(double share);

    QStackedLayout* m_stack;
    QLabel* m_messageLabel;
    QLabel* m_titleLabel;
    QLabel* m_noteLabel;
    QChart* m_chart;
    QChartView* m_chartView;
    bool m_shown = false;
    QString m_message, m_title, m_note;
    QStringList m_modalities;
    std::vector<double> m_shares;
    std::vector<QGraphicsSimpleTextItem*> m_names; ///< the rows' names, left of the bars, top to bottom
    std::vector<QGraphicsSimpleTextItem*> m_zeros; ///< "0 %" where a row's share is 0, else null
};

} // namespace mega::ui
