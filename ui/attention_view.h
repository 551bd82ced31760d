#pragma once
// The "Fusion attention" bottom tab (MEGA.md section 6, supplementary 6.3.3, Figs. 6-7): for the
// selected unit (shot or sentence), each modality's fusion stack's attention to the M x L_n
// bottleneck tokens, one row per modality, painted by hand as a heat strip. The columns are grouped
// by the modality whose bottleneck they are (M groups of L_n tokens, labelled and underlined in the
// modality's colour); each row is normalised so its maximum is 1, and a cell's colour follows its
// value on the viridis scale (0 dark purple, 1 yellow). Hovering a cell tells its value.

#include <QPoint>
#include <QRect>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <utility>
#include <vector>

namespace mega::ui {

class AttentionView : public QWidget {
    Q_OBJECT

  public:
    explicit AttentionView(QWidget* parent = nullptr);

    /// Shows the attention of one unit. `weights[m]` is modality m's row: M * tokensPerModality
    /// values, bottleneck token k of modality g at g * tokensPerModality + k, already normalised so
    /// the row's maximum is 1 (values are clamped to [0, 1] for colour; NaN or missing values are
    /// drawn hatched, as "no value"). Missing rows read as all missing. `title` says whose
    /// attention it is ("Shot 41 - model scene-3").
    void setAttention(const QString& title, const QStringList& modalities, int tokensPerModality,
                      const std::vector<std::vector<float>>& weights);
    /// Shows `message` instead ("Late fusion has no bottleneck attention", "Select a boundary"),
    /// and forgets the weights.
    void clear(const QString& message);

    /// Whether attention is shown (false after clear()).
    bool hasAttention() const { return m_shown; }
    /// The message shown by clear() (empty while attention is shown).
    QString message() const { return m_shown ? QString() : m_message; }
    QString title() const { return m_title; }
    QStringList modalities() const { return m_modalities; }
    int tokensPerModality() const { return m_tokens; }
    /// The value of a cell as given (NaN where missing or out of range).
    float weight(int modalityRow, int token) const;

    /// Where the cell of `modalityRow`'s attention to bottleneck token `token` (0 .. M * L_n - 1,
    /// grouped as in setAttention) is drawn; empty when out of range or nothing is shown. Cells
    /// may be empty too where there are more tokens than pixels.
    QRect cellRect(int modalityRow, int token) const;
    /// The cell under `pos` as {row, token}, or {-1, -1}.
    std::pair<int, int> cellAt(const QPoint& pos) const;
    /// What is under `pos` (the tooltip): a cell's modality, token and value, a row's or a group's
    /// meaning, the colour scale; empty elsewhere.
    QString toolTipAt(const QPoint& pos) const;

    /// The colour of a value in [0, 1] (viridis; clamped).
    static QColor valueColor(double value);

    QSize sizeHint() const override { return {1000, 250}; }
    QSize minimumSizeHint() const override { return {300, 120}; }

  protected:
    void paintEvent(QPaintEvent*) override;
    bool event(QEvent* e) override;

  private:
    struct Layout {
        QRect title, legend, header, grid;
        int labelWidth = 0, rowHeight = 0, rowGap = 0, groupGap = 0;
        double groupWidth = 0;
    };
    Layout layout() const;
    int columnEdge(const Layout& l, int group, int k) const;
    QRect rowRect(const Layout& l, int row) const;
    QRect groupRect(const Layout& l, int group) const;
    QRect cellRect(const Layout& l, int modalityRow, int token) const;
    std::pair<int, int> cellAt(const Layout& l, const QPoint& pos) const;

    bool m_shown = false;
    QString m_message, m_title;
    QStringList m_modalities;
    int m_tokens = 0;
    std::vector<std::vector<float>> m_weights;
};

} // namespace mega::ui
