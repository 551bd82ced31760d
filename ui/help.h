#pragma once
// The Help menu's pages: the keyboard reference (made from the window's menus as they are, so it
// never goes stale), the first-review guide (resources/help), About with the versions of what the
// program runs on.

#include <QString>

#include <functional>

class QMenuBar;
class QWidget;

namespace mega::store {
class Project;
}

namespace mega::ui {

/// Every action of every menu, with its shortcut as it is now (remapped ones included), as HTML.
QString keyboardReferenceHtml(const QMenuBar* menus);
/// resources/help/first-review.html, its {action.id} placeholders replaced by keyOf(id): the keys
/// as they are now.
QString firstReviewGuideHtml(const std::function<QString(const QString&)>& keyOf);
/// MEGA Studio's version and those of Qt, LibTorch, FFmpeg and SQLite; the project's active models.
QString aboutHtml(const store::Project* project);

/// Shows HTML in a non-modal, resizable window with a Close button (one per title).
void showHelpPage(QWidget* parent, const QString& title, const QString& html);

} // namespace mega::ui
