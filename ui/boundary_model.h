#pragma once
// The boundary list: a table model over the session's boundaries (time, confidence, source,
// status) and a filter proxy (all, unreviewed, below the threshold, changed by a person).

#include "ui/review_session.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace mega::ui {

class BoundaryModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    enum Column { Time, Confidence, Source, Status, Columns };
    enum Role { IdRole = Qt::UserRole + 1, ShotRole, TimeRole, ProbabilityRole, PersonRole };
    explicit BoundaryModel(ReviewSession* session, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    const store::SceneBoundary& boundaryAt(int row) const { return m_session->boundaries()[size_t(row)]; }

  private:
    ReviewSession* m_session;
};

class BoundaryFilter : public QSortFilterProxyModel {
    Q_OBJECT

  public:
    enum Mode { All, Unreviewed, BelowThreshold, ChangedByPerson };
    enum Order { TimeOrder, LeastCertain };
    explicit BoundaryFilter(QObject* parent = nullptr);
    void setMode(Mode m);
    Mode mode() const { return m_mode; }
    void setThreshold(double t);
    /// The rows' order: time, or least certain first (pipeline::reviewsBefore: probability nearest
    /// the threshold first, rows without one last).
    void setOrder(Order o);
    Order order() const { return m_order; }

  protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

  private:
    Mode m_mode = All;
    Order m_order = TimeOrder;
    double m_threshold = 0.5;
};

} // namespace mega::ui
