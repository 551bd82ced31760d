#pragma once
// Every correction is a QUndoCommand that writes the store at once. The first redo() performs the
// edit (one durable transaction, logged with who/when/before/after); undo() and later redo()s walk
// the store's own per-session undo log, so the window's undo stack and the project file never
// disagree, and a crash loses nothing. A window reopening a project resumes the session it left
// (ReviewSession::open), so undo and redo go on across restarts.

#include "ui/review_session.h"

#include <QUndoCommand>

#include <functional>

namespace mega::ui {

class StoreEditCommand : public QUndoCommand {
  public:
    using Edit = std::function<int64_t(store::Project&)>;
    /// `mergeKey` >= 0 (a boundary's id for a move): consecutive edits with the same key are one
    /// undo step (a drag, or a run of nudges).
    StoreEditCommand(ReviewSession* session, const QString& text, Edit edit, int64_t mergeKey = -1);
    /// An edit the store already holds from an earlier session (done, or undone when `undone`):
    /// pushing it only records it on the stack.
    static StoreEditCommand* resumed(ReviewSession* session, const QString& text, bool undone);
    void redo() override;
    void undo() override;
    int id() const override { return m_mergeKey >= 0 ? 1 : -1; }
    bool mergeWith(const QUndoCommand* other) override;
    /// How many of the store's edits this step undoes.
    int storeEdits() const { return m_steps; }

  private:
    void walk(bool back); ///< undo (back) or redo the step's store edits, all or none
    ReviewSession* m_session;
    Edit m_edit;
    int64_t m_mergeKey = -1;
    int m_steps = 1;
    int m_silent = 0; ///< undo()/redo() calls that only record (a resumed edit)
    bool m_done = false;
};

/// Pushes an edit on the session's undo stack (performing it). Returns false, after the session
/// has emitted editFailed, if the store refused it.
bool pushEdit(ReviewSession* session, const QString& text, StoreEditCommand::Edit edit, int64_t mergeKey = -1);

} // namespace mega::ui
