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
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mega::ui {

namespace {

QString plain(QString text) { return text.remove('&').toHtmlEscaped(); }

void listMenu(const QMenu* menu, QString& html) {
    QString rows;
    for (QAction* a : menu->actions()) {
        if (a->isSeparator()) continue;
        if (a->menu()) {
            listMenu(a->menu(), html);
            continue;
        }
        const QString key = a->shortcut().toString(QKeySequence::NativeText);
        rows += QString("<tr><td>%1</td><td style='padding-left:24px'><b>%2</b></td></tr>")
                    .arg(plain(a->text()), key.isEmpty() ? QString("&mdash;") : key.toHtmlEscaped());
    }
    if (!rows.isEmpty()) html += "<h3>" + plain(menu->title()) + "</h3><table>" + rows + "</table>";
}

} // namespace

QString keyboardReferenceHtml(const QMenuBar* menus) {
    QString html = "<h2>Keyboard reference</h2><p>Every action and its key as they are now (change them in "
                   "Settings &gt; Keyboard Shortcuts).</p>";
    for (QAction* a : menus->actions())
        if (a->menu()) listMenu(a->menu(), html);
    return html;
}

QString firstReviewGuideHtml() {
    QFile f(":/help/first-review.html");
    if (!f.open(QIODevice::ReadOnly)) return "<p>The guide is missing from this build.</p>";
    return QString::fromUtf8(f.readAll());
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
