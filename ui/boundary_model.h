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

  private:
    ReviewSession* m_session;
};

class BoundaryFilter : public QSortFilterProxyModel {
    Q_OBJECT

  public:
    enum Mode { All, Unreviewed, BelowThreshold, ChangedByPerson };
    explicit BoundaryFilter(QObject* parent = nullptr);
    void setMode(Mode m);
    Mode mode() const { return m_mode; }
    void setThreshold(double t);

  protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

  private:
    Mode m_mode = All;
    double m_threshold = 0.5;
};

} // namespace mega::ui
