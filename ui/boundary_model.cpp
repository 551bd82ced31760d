#include "ui/boundary_model.h"

#include "core/film/source.h"
#include "core/film/timecode.h"
#include "core/pipeline/review_order.h"

#include <QBrush>
#include <QColor>

namespace mega::ui {

BoundaryModel::BoundaryModel(ReviewSession* session, QObject* parent) : QAbstractTableModel(parent), m_session(session) {
    connect(session, &ReviewSession::changed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int BoundaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_session->boundaries().size());
}
int BoundaryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Columns; }

QVariant BoundaryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_session->boundaries().size())) return {};
    const auto& b = m_session->boundaries()[size_t(index.row())];
    const bool person = film::Source::parse(b.source).isPerson();
    switch (role) {
    case IdRole: return qlonglong(b.id);
    case ShotRole: return qlonglong(b.shot_index);
    case TimeRole: return m_session->boundaryTime(b);
    case ProbabilityRole: return b.probability ? QVariant(*b.probability) : QVariant();
    case PersonRole: return person || b.status == store::ReviewStatus::Edited;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time: return QString::fromStdString(film::timecodeAt(m_session->boundaryTime(b), m_session->fps()));
        case Confidence: return b.probability ? QString::number(*b.probability, 'f', 2) : QStringLiteral("-");
        case Source: return QString::fromStdString(b.source);
        case Status: return QString::fromLatin1(store::toString(b.status));
        }
        break;
    case Qt::ToolTipRole: return QString("boundary after shot %1").arg(b.shot_index + 1);
    case Qt::ForegroundRole:
        if (b.status == store::ReviewStatus::Rejected) return QBrush(QColor(140, 140, 140));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Confidence) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant BoundaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Time", "Confidence", "Source", "Status"};
    return section >= 0 && section < Columns ? QString(names[section]) : QVariant();
}

BoundaryFilter::BoundaryFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    sort(0);
}

void BoundaryFilter::setOrder(Order o) {
    m_order = o;
    invalidate();
}

bool BoundaryFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    // Source rows are in time order; least certain first sorts by the distance to the threshold.
    if (m_order == TimeOrder) return left.row() < right.row();
    const auto* m = static_cast<const BoundaryModel*>(sourceModel());
    return pipeline::reviewsBefore(m->boundaryAt(left.row()), m->boundaryAt(right.row()), m_threshold, pipeline::ReviewOrder::LeastCertain);
}

void BoundaryFilter::setMode(Mode m) {
    m_mode = m;
    invalidateFilter();
}

void BoundaryFilter::setThreshold(double t) {
    m_threshold = t;
    if (m_mode == BelowThreshold || m_order == LeastCertain) invalidate();
}

bool BoundaryFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QModelIndex i = sourceModel()->index(row, 0, parent);
    switch (m_mode) {
    case All: return true;
    case Unreviewed: return sourceModel()->data(i, Qt::DisplayRole).isValid() &&
                            sourceModel()->index(row, BoundaryModel::Status, parent).data().toString() == "unreviewed";
    case BelowThreshold: {
        const QVariant p = i.data(BoundaryModel::ProbabilityRole);
        return p.isValid() && p.toDouble() < m_threshold;
    }
    case ChangedByPerson: return i.data(BoundaryModel::PersonRole).toBool();
    }
    return true;
}

} // namespace mega::ui
