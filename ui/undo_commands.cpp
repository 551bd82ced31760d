#include "ui/undo_commands.h"

#include "core/common/error.h"

namespace mega::ui {

namespace {
// Set while a push is in flight, so pushEdit can tell the first redo() failed.
bool g_failed = false;
} // namespace

StoreEditCommand::StoreEditCommand(ReviewSession* session, const QString& text, Edit edit, int64_t mergeKey)
    : QUndoCommand(text), m_session(session), m_edit(std::move(edit)), m_mergeKey(mergeKey) {}

StoreEditCommand* StoreEditCommand::resumed(ReviewSession* session, const QString& text, bool undone) {
    auto* c = new StoreEditCommand(session, text, {});
    c->m_done = true;
    c->m_silent = undone ? 2 : 1; // the push's redo(), and for an undone edit the stack's undo() after it
    return c;
}

void StoreEditCommand::redo() {
    if (m_silent > 0) {
        --m_silent;
        return;
    }
    try {
        if (!m_done) {
            m_edit(m_session->project());
            m_done = true;
        } else {
            walk(false);
        }
    } catch (const std::exception& e) {
        g_failed = true;
        setObsolete(true); // the stack drops a command that did nothing
        Q_EMIT m_session->editFailed(QString::fromStdString(e.what()));
    }
    m_session->reload();
}

void StoreEditCommand::undo() {
    if (m_silent > 0) {
        --m_silent;
        return;
    }
    try {
        walk(true);
    } catch (const std::exception& e) {
        setObsolete(true);
        Q_EMIT m_session->editFailed(QString::fromStdString(e.what()));
    }
    m_session->reload();
}

void StoreEditCommand::walk(bool back) {
    // All of the step's store edits or none: if one is refused half-way, those already walked are
    // walked back, so the stack and the project never disagree.
    int walked = 0;
    try {
        for (; walked < m_steps; ++walked)
            if ((back ? m_session->project().undo() : m_session->project().redo()) == 0)
                throw Error(back ? "nothing to undo in the project (another window took this session over?)"
                                 : "nothing to redo in the project (another window undid it?)");
    } catch (...) {
        for (int i = 0; i < walked; ++i) back ? m_session->project().redo() : m_session->project().undo();
        throw;
    }
}

bool StoreEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const StoreEditCommand*>(other);
    if (!o || o->m_mergeKey != m_mergeKey || m_mergeKey < 0 || o->isObsolete()) return false;
    m_steps += o->m_steps;
    return true;
}

bool pushEdit(ReviewSession* session, const QString& text, StoreEditCommand::Edit edit, int64_t mergeKey) {
    if (!session->isOpen()) return false;
    g_failed = false;
    session->undoStack()->push(new StoreEditCommand(session, text, std::move(edit), mergeKey));
    return !g_failed;
}

} // namespace mega::ui
