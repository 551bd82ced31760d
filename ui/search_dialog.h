#pragma once
// Edit > Search the Film (Ctrl+F, UX.md): type any sentence, or pick one of the synopsis; the shots
// whose subtitles match it best (pipeline::searchShots) and, for a sentence of the synopsis, the
// shots the stored synchronization pairs with it (pipeline::syncedShots), one list with their
// thumbnails, each saying why it is there; Enter or a double click plays that shot.

#include "core/pipeline/analysis.h"
#include "ui/review_session.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QListWidget;

namespace mega::ui {

class TimelineWidget;

class SearchDialog : public QDialog {
    Q_OBJECT

  public:
    SearchDialog(ReviewSession* session, const TimelineWidget* thumbnails, QWidget* parent = nullptr);
    /// Fills the synopsis sentences in (the film may have changed) and puts the focus on the query.
    /// `sentences` is the synopsis shown; `sync` its stored synchronization with the shots (or null).
    void prepare(const QStringList& sentences, const pipeline::SyncMatrix* sync);
    /// Runs the search; the results list shows the shots found, best first.
    void search(const QString& sentence);
    QComboBox* query() const { return m_query; }
    QListWidget* results() const { return m_results; }
    QLabel* note() const { return m_note; }

  Q_SIGNALS:
    /// A result was chosen (Enter, double click): the window plays that shot.
    void shotChosen(qint64 shot);

  protected:
    void keyPressEvent(QKeyEvent* e) override;
    bool eventFilter(QObject* watched, QEvent* e) override;

  private:
    ReviewSession* m_session;
    const TimelineWidget* m_thumbnails;
    QComboBox* m_query;
    QListWidget* m_results;
    QLabel* m_note;
    QStringList m_sentences;
    std::optional<pipeline::SyncMatrix> m_sync;
};

} // namespace mega::ui
