#include "ui/undo_commands.h"

#include "core/common/error.h"

namespace mega::ui {

namespace {
// Set while a push is in flight, so pushEdit can tell the first redo() failed.
bool g_failed = false;
} // namespace

StoreEditCommand::StoreEditCommand(ReviewSession* session, const QString& text, Edit edit)
    : QUndoCommand(text), m_session(session), m_edit(std::move(edit)) {}

void StoreEditCommand::redo() {
    try {
        if (!m_done) {
            m_edit(m_session->project());
            m_done = true;
        } else if (m_session->project().redo() == 0) {
            throw Error("nothing to redo in the project (another window undid it?)");
        }
    } catch (const std::exception& e) {
        g_failed = true;
        setObsolete(true); // the stack drops a command that did nothing
        Q_EMIT m_session->editFailed(QString::fromStdString(e.what()));
    }
    m_session->reload();
}

void StoreEditCommand::undo() {
    try {
        if (m_session->project().undo() == 0) throw Error("nothing to undo in the project");
    } catch (const std::exception& e) {
        setObsolete(true);
        Q_EMIT m_session->editFailed(QString::fromStdString(e.what()));
    }
    m_session->reload();
}

bool pushEdit(ReviewSession* session, const QString& text, StoreEditCommand::Edit edit) {
    if (!session->isOpen()) return false;
    g_failed = false;
    session->undoStack()->push(new StoreEditCommand(session, text, std::move(edit)));
    return !g_failed;
}

} // namespace mega::ui
