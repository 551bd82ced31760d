#include "ui/agreement_dialog.h"

#include "core/common/error.h"
#include "core/film/source.h"
#include "core/store/project.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace mega::ui {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

QString unitWord(film::UnitKind u) {
    switch (u) {
    case film::UnitKind::Sentence:
        return "sentence";
    case film::UnitKind::Shot:
        return "shot";
    case film::UnitKind::Scene:
        return "scene";
    }
    return "unit";
}
std::string unitText(film::UnitKind u) {
    return unitWord(u).toStdString();
}

std::optional<std::string> activeSource(const store::Project& project, const char* task) {
    if (auto m = project.activeModel(task)) return film::Source::model(m->name).str();
    return std::nullopt;
}

// A model's proposal nobody has reviewed: the model's word, not (yet) the film's own label.
bool proposal(const film::TurningPoint& t) {
    return film::Source::parse(t.source).isModel() && t.status == film::ReviewStatus::Unreviewed;
}

// The film's own TP labels: annotator "", not rejected, not a proposal nobody reviewed.
bool ownLabel(const film::TurningPoint& t) {
    return t.annotator.empty() && t.status != film::ReviewStatus::Rejected && !proposal(t);
}

QString tpList(const eval::TpUnits& tps, film::UnitKind unit) {
    QStringList parts;
    for (size_t k = 0; k < 5; ++k) {
        QStringList units;
        for (int64_t u : tps[k])
            units << QString::number(u);
        parts << QString("TP%1 at %2 %3")
                     .arg(k + 1)
                     .arg(unitWord(unit), units.isEmpty() ? "-" : units.join("/"));
    }
    return parts.join(", ");
}

} // namespace

QString AgreementDialog::ownLabelsName() {
    return "Film's own labels";
}
QString AgreementDialog::majorityName() {
    return "Majority";
}
QString AgreementDialog::modelName(const QString& model) {
    return model + " (model)";
}

AgreementDialog::AgreementDialog(store::Project& project, int64_t film, QWidget* parent)
    : QDialog(parent), m_project(project), m_film(film) {
    setWindowTitle("Agreement between annotators - " + QString::fromStdString(project.film(film).name));
    m_metric = new QComboBox;
    m_metric->setObjectName("metric");
    m_metric->addItem("TA (total agreement)", int(eval::AgreementMetric::TA));
    m_metric->addItem("PA (partial agreement)", int(eval::AgreementMetric::PA));
    m_metric->addItem("D (distance)", int(eval::AgreementMetric::D));
    m_metric->addItem("Boundary F1", int(eval::AgreementMetric::BoundaryF1));
    m_unit = new QComboBox;
    m_unit->setObjectName("unit");
    m_unit->addItem("Synopsis sentences", int(film::UnitKind::Sentence));
    m_unit->addItem("Shots", int(film::UnitKind::Shot));
    m_unit->addItem("Scenes", int(film::UnitKind::Scene));
    m_unit->setToolTip("The units whose turning points are compared");
    m_tolerance = new QSpinBox;
    m_tolerance->setObjectName("tolerance");
    m_tolerance->setRange(0, 100);
    m_tolerance->setValue(1);
    m_tolerance->setSuffix(" shot(s)");
    m_tolerance->setToolTip("Two boundaries at most this many shots apart count as the same (one-to-one)");
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setObjectName("note");
    m_table = new QTableWidget;
    m_table->setObjectName("matrix");
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_alpha = new QLabel;
    m_alpha->setObjectName("alpha");
    m_alpha->setWordWrap(true);
    m_alpha->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_adopt = new QPushButton("Adopt...");
    m_adopt->setObjectName("adopt");

    // Start on the unit the most annotators labelled (sentences first on a tie: TRIPOD's synopses).
    size_t most = 0;
    int first = 0;
    for (int i = 0; i < m_unit->count(); ++i) {
        m_unit->setCurrentIndex(i);
        if (const size_t n = collect().size(); n > most) {
            most = n;
            first = i;
        }
    }
    m_unit->setCurrentIndex(first);

    auto* form = new QFormLayout;
    form->addRow("Metric:", m_metric);
    form->addRow("Turning points on:", m_unit);
    form->addRow("Boundary tolerance:", m_tolerance);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_adopt, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_alpha);
    layout->addWidget(buttons);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_tolerance, &QSpinBox::valueChanged, this, [this] { refresh(); });
    connect(m_adopt, &QPushButton::clicked, this, &AgreementDialog::askAdopt);
    reload();
    resize(640, 420);
}

void AgreementDialog::setMetric(eval::AgreementMetric metric) {
    m_metric->setCurrentIndex(m_metric->findData(int(metric)));
}
eval::AgreementMetric AgreementDialog::metric() const {
    return eval::AgreementMetric(m_metric->currentData().toInt());
}
void AgreementDialog::setTolerance(int shots) {
    m_tolerance->setValue(shots);
}
int AgreementDialog::tolerance() const {
    return m_tolerance->value();
}
void AgreementDialog::setUnit(film::UnitKind unit) {
    m_unit->setCurrentIndex(m_unit->findData(int(unit)));
}
film::UnitKind AgreementDialog::unit() const {
    return film::UnitKind(m_unit->currentData().toInt());
}

QStringList AgreementDialog::annotators() const {
    QStringList out;
    for (const auto& a : m_people)
        out << a.name;
    return out;
}

int AgreementDialog::index(const QString& name) const {
    for (size_t i = 0; i < m_people.size(); ++i)
        if (m_people[i].name == name) return int(i);
    return -1;
}

const AgreementDialog::Annotator* AgreementDialog::find(const QString& name) const {
    const int i = index(name);
    return i < 0 ? nullptr : &m_people[size_t(i)];
}

double AgreementDialog::cell(const QString& row, const QString& column) const {
    const int r = index(row), c = index(column);
    if (r < 0 || c < 0) return kNone;
    return m_matrix.cells[size_t(r)][size_t(c)];
}

double AgreementDialog::alpha() const {
    return m_matrix.alpha;
}

std::vector<AgreementDialog::Annotator> AgreementDialog::collect() const {
    std::vector<Annotator> out;
    const auto shotCount = int64_t(m_project.shots(m_film).size());
    auto make = [](const QString& name, Annotator::Kind kind, int64_t units) {
        Annotator a;
        a.name = name;
        a.kind = kind;
        a.labels.name = name.toStdString();
        a.labels.units = units;
        return a;
    };

    if (metric() == eval::AgreementMetric::BoundaryF1) {
        // Boundaries carry no annotator: their source says who. A person's reviewed set is the film's
        // own labels (what a person added, and the proposals a person accepted).
        const auto model = activeSource(m_project, "scene");
        std::vector<int64_t> own, proposed;
        std::map<std::string, std::vector<int64_t>> people, imports;
        for (const auto& b : m_project.boundaries(m_film)) {
            if (b.status == film::ReviewStatus::Rejected) continue;
            const auto source = film::Source::parse(b.source);
            if (source.isPerson() || b.status != film::ReviewStatus::Unreviewed) own.push_back(b.shot_index);
            if (source.isPerson()) people[source.name].push_back(b.shot_index);
            if (source.isImport()) imports[b.source].push_back(b.shot_index);
            if (model && b.source == *model) proposed.push_back(b.shot_index);
        }
        auto add = [&](const QString& name, Annotator::Kind kind, const std::vector<int64_t>& list) {
            out.push_back(make(name, kind, shotCount));
            out.back().labels.boundaries = list;
        };
        if (!own.empty()) add(ownLabelsName(), Annotator::Kind::Own, own);
        for (const auto& [name, list] : people)
            add(QString::fromStdString(name), Annotator::Kind::Person, list);
        for (const auto& [name, list] : imports)
            add(QString::fromStdString(name), Annotator::Kind::Import, list);
        if (model)
            add(modelName(QString::fromStdString(film::Source::parse(*model).name)), Annotator::Kind::Model,
                proposed);
        return out;
    }

    const film::UnitKind u = unit();
    const auto model = activeSource(m_project, "tp");
    eval::TpUnits own, proposed;
    bool hasOwn = false, hasProposed = false;
    std::map<std::string, eval::TpUnits> people;
    for (const auto& t : m_project.turningPoints(m_film)) {
        if (t.unit != u || t.status == film::ReviewStatus::Rejected || t.tp < 1 || t.tp > 5) continue;
        const auto k = size_t(t.tp - 1);
        if (!t.annotator.empty()) {
            people[t.annotator][k].push_back(t.index);
            continue;
        }
        if (model && t.source == *model) { // the active model's word, reviewed or not
            proposed[k].push_back(t.index);
            hasProposed = true;
        }
        if (ownLabel(t)) {
            own[k].push_back(t.index);
            hasOwn = true;
        }
    }
    int64_t sentences = 0; // the film's own synopsis, else the longest an annotator gave
    if (u == film::UnitKind::Sentence) {
        sentences = int64_t(m_project.synopsis(m_film, "").size());
        if (sentences == 0)
            for (const auto& who : m_project.annotators(m_film))
                sentences = std::max(sentences, int64_t(m_project.synopsis(m_film, who).size()));
    }
    const int64_t units = u == film::UnitKind::Shot    ? shotCount
                          : u == film::UnitKind::Scene ? int64_t(m_project.scenes(m_film).size())
                                                       : sentences;
    if (hasOwn) {
        out.push_back(make(ownLabelsName(), Annotator::Kind::Own, units));
        out.back().labels.tps = own;
    }
    for (const auto& [name, tps] : people) {
        Annotator a = make(QString::fromStdString(name), Annotator::Kind::Person, units);
        a.labels.tps = tps;
        if (u == film::UnitKind::Sentence) { // each annotator's TPs index their own synopsis
            for (const auto& s : m_project.synopsis(m_film, name))
                a.sentences.push_back(s.text);
            a.labels.units = int64_t(a.sentences.size());
        }
        out.push_back(std::move(a));
    }
    if (hasProposed) {
        out.push_back(make(modelName(QString::fromStdString(film::Source::parse(*model).name)),
                           Annotator::Kind::Model, units));
        out.back().labels.tps = proposed;
    }
    return out;
}

void AgreementDialog::reload() {
    m_people = collect();
    refresh();
}

void AgreementDialog::refresh() {
    const auto chosen = metric();
    const bool boundaries = chosen == eval::AgreementMetric::BoundaryF1;
    m_unit->setEnabled(!boundaries);
    m_tolerance->setEnabled(boundaries);
    std::vector<eval::AnnotatorLabels> labels;
    for (const auto& a : m_people)
        labels.push_back(a.labels);
    m_matrix = eval::agreementMatrix(labels, chosen, m_tolerance->value());

    const QString name = eval::toString(chosen);
    if (boundaries) {
        m_note->setText(
            QString("Boundary F1 in %, at a tolerance of %1 shots: boundaries at most k shots apart match, "
                    "each at most once. It is symmetric: the row (the reference) and the column can swap.")
                .arg(m_tolerance->value()));
    } else {
        m_note->setText(
            QString("%1 in %, as <tt>mega eval tp</tt> computes it: each row is treated as the reference "
                    "(the gold), each column as the prediction (each TP at its earliest %2). TA and PA are "
                    "not symmetric: swapping row and column can change them.%3")
                .arg(name, unitWord(unit()),
                     chosen == eval::AgreementMetric::D ? QString(" D is a distance: lower is closer.")
                                                        : QString()));
    }
    const QStringList names = annotators();
    m_table->clear();
    m_table->setRowCount(int(names.size()));
    m_table->setColumnCount(int(names.size()));
    m_table->setHorizontalHeaderLabels(names);
    m_table->setVerticalHeaderLabels(names);
    for (int r = 0; r < names.size(); ++r)
        for (int c = 0; c < names.size(); ++c) {
            const double v = m_matrix.cells[size_t(r)][size_t(c)];
            auto* item = new QTableWidgetItem(std::isnan(v) ? QString::fromUtf8("\u2014")
                                                            : QString::number(100 * v, 'f', 2));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            const auto& row = m_people[size_t(r)].labels;
            const auto& col = m_people[size_t(c)].labels;
            QString tip = QString("%1 as the reference, %2 compared with it").arg(names[r], names[c]);
            if (!std::isnan(v))
                tip += QString(": %1 %2 %").arg(name).arg(100 * v, 0, 'f', 2);
            else if (row.units != col.units)
                tip += QString(": no value, they label different units (%1 and %2 %3s)")
                           .arg(row.units)
                           .arg(col.units)
                           .arg(unitWord(unit()));
            else if (!boundaries && col.tps && !eval::tpPrediction(*col.tps))
                tip += QString(": no value, %1 has not set all five turning points").arg(names[c]);
            else
                tip += ": no value";
            item->setToolTip(tip);
            m_table->setItem(r, c, item);
        }
    const QString over = boundaries ? "the scene end (0/1) at each cut"
                                    : QString("the act each %1 falls in").arg(unitWord(unit()));
    m_alpha->setText(
        std::isnan(m_matrix.alpha)
            ? QString("Krippendorff's alpha (nominal, on %1): undefined (fewer than two annotators with "
                      "labels to pair, or no variation)")
                  .arg(over)
            : QString("Krippendorff's alpha (nominal, on %1) over all %2: %3")
                  .arg(over)
                  .arg(names.size())
                  .arg(m_matrix.alpha, 0, 'f', 3));
    m_adopt->setEnabled(!adoptable().isEmpty());
    m_adopt->setToolTip(
        boundaries ? "Adopt takes turning points: choose TA, PA or D"
                   : "Make one annotator's turning points, or the majority's, the film's own labels");
}

QStringList AgreementDialog::adoptable() const {
    QStringList out;
    if (metric() == eval::AgreementMetric::BoundaryF1) return out;
    int people = 0;
    for (const auto& a : m_people) {
        if (a.kind == Annotator::Kind::Person && a.labels.tps) ++people;
        if (a.kind != Annotator::Kind::Own && a.labels.tps && eval::tpPrediction(*a.labels.tps))
            out << a.name;
    }
    if (people >= 2) out << majorityName();
    return out;
}

eval::TpUnits AgreementDialog::adoptedTps(const QString& who, std::vector<std::string>* sentences) const {
    if (metric() == eval::AgreementMetric::BoundaryF1)
        throw Error("adopting takes turning points: choose TA, PA or D first");
    eval::TpUnits out;
    if (who == majorityName()) {
        std::vector<eval::TpUnits> votes;
        const Annotator* first = nullptr;
        for (const auto& a : m_people) {
            if (a.kind != Annotator::Kind::Person || !a.labels.tps) continue;
            if (first && a.labels.units != first->labels.units)
                throw Error("no majority: " + first->name.toStdString() + " and " + a.name.toStdString() +
                            " label different " + unitText(unit()) + "s (" +
                            std::to_string(first->labels.units) + " and " + std::to_string(a.labels.units) +
                            ")");
            if (!first) first = &a;
            votes.push_back(*a.labels.tps);
        }
        if (votes.size() < 2)
            throw Error("a majority needs two annotators or more with turning points on " + unitText(unit()) +
                        "s");
        const auto majority = eval::majorityTurningPoints(votes);
        for (size_t k = 0; k < 5; ++k)
            if (majority[k]) out[k] = {*majority[k]};
        if (sentences) *sentences = first->sentences;
        return out;
    }
    const Annotator* a = find(who);
    if (!a || !a->labels.tps)
        throw Error("'" + who.toStdString() + "' has no turning points on " + unitText(unit()) +
                    "s of this film");
    out = *a->labels.tps;
    for (auto& units : out) {
        std::sort(units.begin(), units.end());
        units.erase(std::unique(units.begin(), units.end()), units.end());
    }
    if (sentences) *sentences = a->sentences;
    return out;
}

QString AgreementDialog::adoptionSummary(const QString& who) const {
    const auto tps = adoptedTps(who);
    const film::UnitKind u = unit();
    int own = 0;
    for (const auto& t : m_project.turningPoints(m_film))
        if (t.unit == u && ownLabel(t)) ++own;
    const QString whose = who == majorityName() ? QString("the majority of the annotators") : who;
    QString text = QString("Make %1's turning points on %2s the film's own labels?\n\n%3.\n\n")
                       .arg(whose, unitWord(u), tpList(tps, u));
    text +=
        own == 0
            ? QString("The film has no turning points of its own on %1s yet.").arg(unitWord(u))
            : QString("This replaces the film's own %1 turning point(s) on %2s; they are gone from the film "
                      "(the edit log keeps them) and Undo does not bring them back.")
                  .arg(own)
                  .arg(unitWord(u));
    text += QString(
        " Each annotator's own labels, proposals nobody reviewed and turning points on other units stay.");
    if (u == film::UnitKind::Sentence && m_project.synopsis(m_film, "").empty())
        text += QString(" The film has no synopsis of its own: %1's becomes it.").arg(whose);
    return text;
}

void AgreementDialog::adopt(const QString& who) {
    std::vector<std::string> sentences;
    const auto tps = adoptedTps(who, &sentences);
    const film::UnitKind u = unit();
    const std::string source = film::Source::person("adopted-from-" + who.toStdString()).str();
    std::vector<film::TurningPoint> fresh;
    for (size_t k = 0; k < 5; ++k)
        for (int64_t index : tps[k]) {
            film::TurningPoint t;
            t.film_id = m_film;
            t.tp = int(k) + 1;
            t.unit = u;
            t.index = index;
            t.source = source;
            t.status = film::ReviewStatus::Accepted;
            fresh.push_back(t);
        }
    m_project.batch([&] {
        // Sentence TPs point into a synopsis: without one of its own the film takes the adopted one's.
        if (u == film::UnitKind::Sentence && m_project.synopsis(m_film, "").empty() && !sentences.empty())
            m_project.setSynopsis(m_film, "", sentences, {}, source);
        std::map<std::string, std::vector<film::TurningPoint>> bySource;
        for (const auto& t : m_project.turningPoints(m_film))
            if (t.annotator.empty()) bySource[t.source].push_back(t);
        // The store holds one label per TP, unit and annotator: a row where a new one goes must go too.
        auto collides = [&](const film::TurningPoint& t) {
            return std::any_of(fresh.begin(), fresh.end(), [&](const film::TurningPoint& f) {
                return f.tp == t.tp && f.unit == t.unit && f.index == t.index;
            });
        };
        auto replaced = [&](const film::TurningPoint& t) {
            return t.unit == u && (ownLabel(t) || collides(t));
        };
        std::vector<film::TurningPoint> adoptedKeep;
        for (const auto& [src, list] : bySource) {
            std::vector<film::TurningPoint> keep;
            std::copy_if(list.begin(), list.end(), std::back_inserter(keep),
                         [&](const film::TurningPoint& t) { return !replaced(t); });
            if (src == source)
                adoptedKeep = keep;
            else if (keep.size() != list.size())
                m_project.setTurningPoints(m_film, src, "", keep);
        }
        adoptedKeep.insert(adoptedKeep.end(), fresh.begin(), fresh.end());
        m_project.setTurningPoints(m_film, source, "", adoptedKeep);
    });
    reload();
    Q_EMIT adopted();
}

void AgreementDialog::askAdopt() {
    const QStringList who = adoptable();
    if (who.isEmpty()) return;
    bool ok = false;
    const QString choice = QInputDialog::getItem(
        this, "Adopt turning points",
        QString("Whose turning points on %1s become the film's own labels?").arg(unitWord(unit())), who, 0,
        false, &ok);
    if (!ok || choice.isEmpty()) return;
    try {
        if (QMessageBox::question(this, "Adopt turning points", adoptionSummary(choice)) != QMessageBox::Yes)
            return;
        adopt(choice);
    } catch (const Error& e) {
        QMessageBox::warning(this, "Adopt turning points", QString::fromStdString(e.what()));
    }
}

} // namespace mega::ui
