#pragma once
// Every correction is a QUndoCommand that writes the store at once. The first redo() performs the
// edit (one durable transaction, logged with who/when/before/after); undo() and later redo()s walk
// the store's own per-session undo log, so the window's undo stack and the project file never
// disagree, and a crash loses nothing.

#include "ui/review_session.h"

#include <QUndoCommand>

#include <functional>

namespace mega::ui {

class StoreEditCommand : public QUndoCommand {
  public:
    using Edit = std::function<int64_t(store::Project&)>;
    StoreEditCommand(ReviewSession* session, const QString& text, Edit edit);
    void redo() override;
    void undo() override;

  private:
    ReviewSession* m_session;
    Edit m_edit;
    bool m_done = false;
};

/// Pushes an edit on the session's undo stack (performing it). Returns false, after the session
/// has emitted editFailed, if the store refused it.
bool pushEdit(ReviewSession* session, const QString& text, StoreEditCommand::Edit edit);

} // namespace mega::ui
