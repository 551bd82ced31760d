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

void SearchDialog::prepare() {
    const QString typed = m_query->currentText();
    m_query->clear();
    for (const auto& s : m_session->synopsis()) m_query->addItem(QString::fromStdString(s.text));
    m_query->setEditText(typed);
    m_query->setFocus();
    m_query->lineEdit()->selectAll();
}

void SearchDialog::search(const QString& sentence) {
    m_results->clear();
    if (m_session->subtitles().empty()) {
        m_note->setText("This film has no subtitles to search: add them with `mega import PROJECT --subtitles FILM FILE` "
                        "(or keep FILM.srt beside the film when opening it).");
        return;
    }
    const auto found = pipeline::searchShots(m_session->shots(), m_session->subtitles(), sentence.toStdString());
    m_note->setText(found.empty() ? QString("Nothing said in the film matches \"%1\".").arg(sentence)
                                  : QString("%1 shots, best first (what is said in them, against the sentence). Enter or a "
                                            "double click plays the shot.")
                                        .arg(found.size()));
    for (const auto& m : found) {
        const auto& shot = m_session->shots()[size_t(m.shot)];
        auto* item = new QListWidgetItem(QString("%1  shot %2  (%3)\n%4")
                                             .arg(QString::fromStdString(film::timecodeAt(shot.start_s, m_session->fps())))
                                             .arg(m.shot + 1)
                                             .arg(m.score, 0, 'f', 2)
                                             .arg(QString::fromStdString(m.text)));
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
