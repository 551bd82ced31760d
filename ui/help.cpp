#include "ui/help.h"

#include "core/common/version.h"
#include "core/media/media_info.h"
#include "core/model/version.h"
#include "core/store/project.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mega::ui {

namespace {

QString plain(QString text) { return text.remove('&').toHtmlEscaped(); }

/// What an action does: its text when it was made (Undo's says "Undo <the last edit>" later).
QString baseText(const QAction* a) {
    const QString base = a->property("baseText").toString();
    return base.isEmpty() ? plain(a->text()) : base.toHtmlEscaped();
}

void listMenu(const QMenu* menu, QString& rows) {
    QString mine;
    for (QAction* a : menu->actions()) {
        if (a->isSeparator()) continue;
        if (a->menu()) {
            listMenu(a->menu(), rows);
            continue;
        }
        const QString key = a->shortcut().toString(QKeySequence::NativeText);
        mine += QString("<tr><td>%1</td><td style='padding-left:24px'><b>%2</b></td></tr>")
                    .arg(baseText(a), key.isEmpty() ? QString("&mdash;") : key.toHtmlEscaped());
    }
    // One table for every menu, so the keys line up; each menu's name heads its rows.
    if (!mine.isEmpty()) rows += "<tr><td colspan='2' style='padding-top:10px'><h3>" + plain(menu->title()) + "</h3></td></tr>" + mine;
}

} // namespace

QString keyboardReferenceHtml(const QMenuBar* menus) {
    QString rows;
    for (QAction* a : menus->actions())
        if (a->menu()) listMenu(a->menu(), rows);
    return "<h2>Keyboard reference</h2><p>Every action and its key as they are now (change them in "
           "Settings &gt; Configure Keyboard Shortcuts).</p><table>" + rows + "</table>";
}

QString firstReviewGuideHtml(const std::function<QString(const QString&)>& keyOf) {
    QFile f(":/help/first-review.html");
    if (!f.open(QIODevice::ReadOnly)) return "<p>The guide is missing from this build.</p>";
    QString html = QString::fromUtf8(f.readAll());
    // {action.id} stands for that action's key as it is now.
    static const QRegularExpression placeholder(R"(\{([a-zA-Z]+\.[a-zA-Z0-9]+)\})");
    QString out;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        out += html.mid(last, m.capturedStart() - last);
        const QString key = keyOf(m.captured(1));
        out += "<kbd>" + (key.isEmpty() ? QString("(no key)") : key.toHtmlEscaped()) + "</kbd>";
        last = m.capturedEnd();
    }
    return out + html.mid(last);
}

QString aboutHtml(const store::Project* project) {
    QString html = QString("<h2>MEGA Studio %1</h2><p>Cuts films into shots, scenes and acts: MEGA (Multimodal Alignment, "
                           "Aggregation and Distillation, arXiv 2308.11185) proposes scene boundaries and the five turning "
                           "points; people review and correct them; the model learns from the corrections.</p><table>")
                       .arg(mega::version());
    auto row = [&](const QString& k, const QString& v) { html += "<tr><td>" + k + "</td><td style='padding-left:16px'>" + v.toHtmlEscaped() + "</td></tr>"; };
    row("Qt", QString("%1 (built with %2)").arg(qVersion(), QT_VERSION_STR));
    row("LibTorch", QString::fromStdString(model::libtorchVersion()));
    row("FFmpeg", QString::fromStdString(media::ffmpegVersion()));
    row("SQLite", QString::fromStdString(store::sqliteVersion()));
    if (project) {
        for (const char* task : {"scene", "tp"}) {
            const auto m = project->activeModel(task);
            row(QString(task) == "scene" ? "Scene model" : "Turning-point model",
                m ? QString("%1 (%2, %3)").arg(QString::fromStdString(m->name), QString::fromStdString(m->kind),
                                               QString::fromStdString(m->created_at))
                  : QString("none yet"));
        }
    } else {
        row("Active models", "open a project to see them");
    }
    html += "</table><p>Icons: Breeze, by the KDE community (LGPL-3.0-or-later).</p>";
    return html;
}

void showHelpPage(QWidget* parent, const QString& title, const QString& html) {
    QDialog* dlg = nullptr;
    for (QDialog* d : parent->findChildren<QDialog*>(QString(), Qt::FindDirectChildrenOnly))
        if (d->windowTitle() == title) dlg = d;
    if (!dlg) {
        dlg = new QDialog(parent);
        dlg->setWindowTitle(title);
        auto* text = new QTextBrowser;
        text->setObjectName("helpText");
        text->setOpenExternalLinks(true);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
        QObject::connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::hide);
        auto* lay = new QVBoxLayout(dlg);
        lay->addWidget(text);
        lay->addWidget(buttons);
        dlg->resize(620, 640);
    }
    dlg->findChild<QTextBrowser*>("helpText")->setHtml(html);
    dlg->show();
    dlg->raise();
}

} // namespace mega::ui
