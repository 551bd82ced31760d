#pragma once
// Agreement between a film's annotators (issue 15): a matrix of TA, PA, D (turning points) or
// boundary F1 at k shots (scene boundaries) for every pair, the film's active model as one more
// annotator, Krippendorff's alpha over all of them, and "Adopt...": one annotator's TPs, or the
// majority's, become the film's own labels. The numbers come from core/eval/agreement.h, which
// scores a pair exactly as `mega eval` scores a prediction file against a gold file.

#include "core/eval/agreement.h"
#include "core/film/film.h"

#include <QDialog>
#include <QString>
#include <QStringList>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace mega::store {
class Project;
}

namespace mega::ui {

class AgreementDialog : public QDialog {
    Q_OBJECT

  public:
    AgreementDialog(store::Project& project, int64_t film, QWidget* parent = nullptr);

    /// The name the film's own labels (annotator "") go by in the matrix.
    static QString ownLabelsName();
    /// What adopt() takes for the majority of the people's TPs (eval::majorityTurningPoints).
    static QString majorityName();
    /// The name a model's proposals go by: "<model name> (model)".
    static QString modelName(const QString& model);

    void setMetric(eval::AgreementMetric metric);
    eval::AgreementMetric metric() const;
    /// k: two boundaries at most k shots apart match (boundary F1).
    void setTolerance(int shots);
    int tolerance() const;
    /// The unit whose TPs are compared: sentences of the synopses, shots or scenes.
    void setUnit(film::UnitKind unit);
    film::UnitKind unit() const;

    /// The matrix's annotators, rows and columns in the same order.
    QStringList annotators() const;
    /// `row` as the reference (the gold of `mega eval`), `column` compared with it (the prediction);
    /// NaN where the pair has no value or a name is not in the matrix.
    double cell(const QString& row, const QString& column) const;
    /// Krippendorff's alpha over all annotators of the matrix (NaN: undefined).
    double alpha() const;
    QTableWidget* table() const { return m_table; }

    /// Who can be adopted on the current unit: the annotators with all five TPs, and the majority
    /// when two or more people have TPs.
    QStringList adoptable() const;
    /// What adopting `who` would write and replace, as the confirmation asks it.
    QString adoptionSummary(const QString& who) const;
    /// Makes `who`'s TPs on the current unit (or majorityName()'s) the film's own labels, without
    /// asking: the film's own TPs on that unit are replaced (proposals nobody reviewed stay), the
    /// new ones carry the source "person:adopted-from-<who>". Throws mega::Error.
    void adopt(const QString& who);

  Q_SIGNALS:
    /// The film's own labels changed (after adopt()).
    void adopted();

  private:
    struct Annotator {
        QString name;
        enum class Kind { Person, Own, Model, Import } kind = Kind::Person;
        eval::AnnotatorLabels labels;
        std::vector<std::string> sentences; ///< a person's synopsis (sentence units)
    };

    void reload();
    void refresh();
    void askAdopt();
    std::vector<Annotator> collect() const;
    const Annotator* find(const QString& name) const;
    int index(const QString& name) const;
    /// The TPs adopt(who) writes on the current unit.
    eval::TpUnits adoptedTps(const QString& who, std::vector<std::string>* sentences = nullptr) const;

    store::Project& m_project;
    int64_t m_film;
    std::vector<Annotator> m_people;
    eval::AgreementMatrix m_matrix;
    QComboBox* m_metric;
    QComboBox* m_unit;
    QSpinBox* m_tolerance;
    QLabel* m_note;
    QTableWidget* m_table;
    QLabel* m_alpha;
    QPushButton* m_adopt;
};

} // namespace mega::ui
