#include "ui/search_dialog.h"

#include "core/film/timecode.h"
#include "core/pipeline/search.h"
#include "ui/timeline_widget.h"

#include <QComboBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace mega::ui {

SearchDialog::SearchDialog(ReviewSession* session, const TimelineWidget* thumbnails, QWidget* parent)
    : QDialog(parent), m_session(session), m_thumbnails(thumbnails) {
    setWindowTitle("Search the Film by a Sentence");
    m_query = new QComboBox;
    m_query->setObjectName("query");
    m_query->setEditable(true);
    m_query->setInsertPolicy(QComboBox::NoInsert);
    m_query->lineEdit()->setPlaceholderText("Type a sentence, or pick one of the synopsis, then Enter");
    m_query->setMinimumWidth(520);
    m_query->lineEdit()->installEventFilter(this); // Enter searches (the combo would take it)
    connect(m_query, &QComboBox::activated, this, [this](int i) { search(m_query->itemText(i)); });
    m_results = new QListWidget;
    m_results->setObjectName("results");
    m_results->setIconSize(QSize(96, 54));
    m_results->setWordWrap(true);
    connect(m_results, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        Q_EMIT shotChosen(item->data(Qt::UserRole).toLongLong());
    });
    m_results->installEventFilter(this); // Enter plays the shot
    m_note = new QLabel;
    m_note->setWordWrap(true);
    auto* lay = new QVBoxLayout(this);
    lay->addWidget(m_query);
    lay->addWidget(m_note);
    lay->addWidget(m_results, 1);
    resize(640, 520);
}

void SearchDialog::prepare(const QStringList& sentences, const pipeline::SyncMatrix* sync) {
    m_sentences = sentences;
    m_sync.reset();
    if (sync) m_sync = *sync;
    const QString typed = m_query->currentText();
    m_query->clear();
    m_query->addItems(sentences);
    m_query->setEditText(typed);
    m_query->setFocus();
    m_query->lineEdit()->selectAll();
}

void SearchDialog::search(const QString& sentence) {
    m_results->clear();
    // A sentence of the synopsis: the shots its stored synchronization pairs with it as well.
    const int row = m_sentences.indexOf(sentence.trimmed());
    std::vector<std::pair<int64_t, double>> synced;
    if (row >= 0 && m_sync && m_sync->shots == int64_t(m_session->shots().size())) synced = pipeline::syncedShots(*m_sync, row);
    if (m_session->subtitles().empty() && synced.empty()) {
        m_note->setText("This film has no subtitles to search: add them with `mega import PROJECT --subtitles FILM FILE` "
                        "(or keep FILM.srt beside the film when opening it).");
        return;
    }
    struct Found {
        int64_t shot;
        double score;
        QString why;
    };
    std::vector<Found> found;
    for (const auto& m : pipeline::searchShots(m_session->shots(), m_session->subtitles(), sentence.toStdString()))
        found.push_back({m.shot, m.score, QString("said: %1").arg(QString::fromStdString(m.text))});
    // One list, best first: a shot found both ways keeps its better score and says both.
    for (const auto& [shot, score] : synced) {
        const QString why = QString("synchronized with sentence %1 (A = %2 of the sentence's best)").arg(row + 1).arg(score, 0, 'f', 2);
        auto it = std::find_if(found.begin(), found.end(), [shot = shot](const Found& f) { return f.shot == shot; });
        if (it == found.end()) found.push_back({shot, score, why});
        else it->score = std::max(it->score, score), it->why = why + "; " + it->why;
    }
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.score > b.score; });
    if (found.size() > 50) found.resize(50);
    m_note->setText(found.empty() ? QString("Nothing said in the film matches \"%1\".").arg(sentence)
                                  : QString("%1 shots, best first (what is said in them against the sentence%2). Enter or a "
                                            "double click plays the shot.")
                                        .arg(found.size())
                                        .arg(synced.empty() ? QString() : QString(", and the synchronization of the synopsis with the shots")));
    for (const auto& m : found) {
        const auto& shot = m_session->shots()[size_t(m.shot)];
        auto* item = new QListWidgetItem(QString("%1  shot %2  (%3)\n%4")
                                             .arg(QString::fromStdString(film::timecodeAt(shot.start_s, m_session->fps())))
                                             .arg(m.shot + 1)
                                             .arg(m.score, 0, 'f', 2)
                                             .arg(m.why));
        item->setData(Qt::UserRole, qlonglong(m.shot));
        const QPixmap thumb = m_thumbnails->thumbnail(m.shot);
        if (!thumb.isNull()) item->setIcon(QIcon(thumb));
        m_results->addItem(item);
    }
    if (m_results->count()) m_results->setCurrentRow(0);
}

bool SearchDialog::eventFilter(QObject* watched, QEvent* e) {
    if (watched == m_query->lineEdit() && (e->type() == QEvent::KeyPress || e->type() == QEvent::ShortcutOverride)) {
        const int k = static_cast<QKeyEvent*>(e)->key();
        if (k == Qt::Key_Return || k == Qt::Key_Enter) {
            // Enter is the main window's Accept key too: claimed here, it searches.
            e->accept();
            if (e->type() == QEvent::KeyPress) search(m_query->currentText());
            return true;
        }
    }
    if (watched == m_results && (e->type() == QEvent::KeyPress || e->type() == QEvent::ShortcutOverride)) {
        const int k = static_cast<QKeyEvent*>(e)->key();
        if ((k == Qt::Key_Return || k == Qt::Key_Enter) && m_results->currentItem()) {
            e->accept();
            if (e->type() == QEvent::KeyPress) Q_EMIT shotChosen(m_results->currentItem()->data(Qt::UserRole).toLongLong());
            return true;
        }
    }
    return QDialog::eventFilter(watched, e);
}

void SearchDialog::keyPressEvent(QKeyEvent* e) {
    // Enter searches (in the query) or plays the shot (in the list): never the dialog's default button.
    if (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) return;
    QDialog::keyPressEvent(e);
}

} // namespace mega::ui
