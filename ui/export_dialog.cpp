#include "ui/export_dialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>
#include <utility>

namespace mega::ui {

namespace {

// What each format of core/io/film_annotation.cpp writes, as the people who pick one need to know
// it. `ending` is what the film's base name gets: a suffix, or a name part where two formats share
// one (TRIPOD's CSV is not the CSV export) or MovieNet's folder has none.
struct Format {
    const char* id;
    const char* name;
    const char* ending;
    const char* filter; ///< QFileDialog's name filter; empty: a folder
    const char* description;
};

const Format kFormats[] = {
    {"otio", "OpenTimelineIO (.otio)", ".otio", "OpenTimelineIO (*.otio)",
     "A timeline with one clip per scene and the turning points on shots or scenes as markers. DaVinci "
     "Resolve and Kdenlive open it; OpenTimelineIO's tools convert it for other editors."},
    {"edl", "CMX 3600 EDL (.edl)", ".edl", "CMX 3600 EDL (*.edl)",
     "One event per scene, in timecode at the film's frame rate (drop-frame at 29.97 and 59.94 fps). "
     "Practically every editing program imports it."},
    {"csv", "CSV (.csv)", ".csv", "CSV (*.csv)",
     "One row per shot, scene, scene boundary and turning point (a \"kind\" column): frames, seconds, "
     "review status, source, probability. For spreadsheets, pandas and R."},
    {"vtt", "WebVTT chapters (.vtt)", ".vtt", "WebVTT (*.vtt)",
     "One chapter per act when all five turning points are set, else one per scene. For web video "
     "players (an HTML5 chapters track) and other players that read WebVTT."},
    {"srt", "SRT subtitles (.srt)", ".srt", "SubRip subtitles (*.srt)",
     "One subtitle per scene naming it and, when all five turning points are set, its act "
     "(\"Scene 3, Act 2\"). Any video player shows it over the film."},
    {"json", "JSON (.json)", ".json", "JSON (*.json)",
     "The film's whole annotation: shots, scene boundaries with their review status and source, scenes, "
     "turning points, synopses and subtitles. \"mega import --json\" reads it back."},
    {"tripod", "TRIPOD synopses (.csv)", "-tripod.csv", "TRIPOD synopses (*.csv)",
     "Each annotator's synopsis sentences with the sentences of TP1 to TP5, in TRIPOD's CSV; every "
     "annotator needs all five turning points. \"mega import --tripod\" reads it back."},
    {"movienet", "MovieNet-SSeg (a folder)", "-movienet", "",
     "A folder with the film's shots (shot_movie318/) and scene boundary labels (label318/) in "
     "MovieNet-SSeg's layout. \"mega import --movienet\" reads it back."},
};

constexpr int kMinWidth = 640;

const Format* formatOf(const QString& id) {
    for (const auto& f : kFormats)
        if (id == QLatin1String(f.id)) return &f;
    return nullptr;
}

// "/films/out/" and "film.edl" of "/films/out/film.edl": the folder part kept as it was typed.
std::pair<QString, QString> splitPath(const QString& path) {
    const qsizetype slash = path.lastIndexOf('/');
    return {path.left(slash + 1), path.mid(slash + 1)};
}

} // namespace

QStringList ExportDialog::formats() {
    QStringList ids;
    for (const auto& f : kFormats) ids << f.id;
    return ids;
}

QString ExportDialog::fileName(const QString& filmBaseName, const QString& id) {
    const Format* f = formatOf(id);
    return f ? (filmBaseName.isEmpty() ? QString("film") : filmBaseName) + f->ending : QString();
}

ExportDialog::ExportDialog(const QString& filmBaseName, const QString& startDir, QWidget* parent)
    : QDialog(parent), m_base(filmBaseName.isEmpty() ? QString("film") : filmBaseName), m_format(kFormats[0].id) {
    setWindowTitle("Export - " + m_base);
    auto* intro = new QLabel("The film's shots, scenes and turning points, in the format of the program that will read them:");
    intro->setWordWrap(true);

    auto* box = new QGroupBox("Format");
    auto* grid = new QGridLayout(box);
    grid->setColumnMinimumWidth(0, 22);
    grid->setColumnStretch(1, 1);
    grid->setVerticalSpacing(2);
    m_group = new QButtonGroup(this);
    int row = 0, n = 0;
    for (const auto& f : kFormats) {
        auto* radio = new QRadioButton(f.name);
        radio->setObjectName(QString("format-%1").arg(f.id));
        radio->setToolTip(f.description);
        radio->setAccessibleDescription(f.description);
        auto* text = new QLabel(f.description);
        text->setObjectName(QString("description-%1").arg(f.id));
        text->setWordWrap(true);
        text->setForegroundRole(QPalette::PlaceholderText);
        text->installEventFilter(this); // a click on the description picks its format too
        text->setProperty("format", f.id);
        m_group->addButton(radio, n++);
        m_descriptions[f.id] = text;
        grid->addWidget(radio, row++, 0, 1, 2);
        text->setContentsMargins(0, 0, 0, 6);
        grid->addWidget(text, row++, 1);
    }
    m_group->button(0)->setChecked(true);

    const QString dir = startDir.isEmpty() ? QDir::homePath() : startDir;
    m_path = new QLineEdit(QDir(dir).filePath(fileName(m_base, m_format)));
    m_path->setObjectName("path");
    m_path->setToolTip("The file the export writes (MovieNet: the folder it makes)");
    auto* choose = new QPushButton("Choose...");
    choose->setObjectName("choose");
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(new QLabel("Save to:"));
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(choose);

    m_error = new QLabel;
    m_error->setObjectName("error");
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet("QLabel { color: #da4453; }"); // the theme's BrightText: readable light and dark
    m_error->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_export = buttons->addButton("Export", QDialogButtonBox::AcceptRole);
    m_export->setObjectName("export");
    m_export->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(box);
    layout->addLayout(pathRow);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(kMinWidth);
    fitHeight();

    connect(m_group, &QButtonGroup::idToggled, this, [this](int id, bool on) {
        if (on) setFormat(kFormats[id].id);
    });
    connect(m_path, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_error->hide();
        m_error->clear();
        m_export->setEnabled(!text.trimmed().isEmpty());
    });
    connect(choose, &QPushButton::clicked, this, &ExportDialog::choose);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::tryExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ExportDialog::format() const { return m_format; }

void ExportDialog::setFormat(const QString& id) {
    const Format* to = formatOf(id);
    if (!to) return;
    if (id != m_format) {
        // The name keeps what came before the old format's ending ("cut1.edl" -> "cut1.otio").
        const Format* from = formatOf(m_format);
        auto [folder, name] = splitPath(m_path->text());
        QString stem = name.endsWith(QLatin1String(from->ending)) ? name.chopped(qsizetype(qstrlen(from->ending)))
                                                                   : QFileInfo(name).completeBaseName();
        if (stem.isEmpty()) stem = m_base;
        m_format = id;
        m_path->setText(folder + stem + to->ending);
    }
    const int index = int(to - kFormats);
    if (!m_group->button(index)->isChecked()) m_group->button(index)->setChecked(true);
}

QString ExportDialog::path() const { return m_path->text().trimmed(); }
void ExportDialog::setPath(const QString& path) { m_path->setText(path); }

QString ExportDialog::description(const QString& id) const {
    const Format* f = formatOf(id);
    return f ? QString(f->description) : QString();
}

QString ExportDialog::error() const { return m_error->isHidden() ? QString() : m_error->text(); }

void ExportDialog::setExporter(std::function<QString(const QString& path, const QString& format)> fn) {
    m_exporter = std::move(fn);
}

QString ExportDialog::checkTarget(const QString& path, const QString& format) {
    if (path.trimmed().isEmpty()) return "Choose where to export the film.";
    const QFileInfo target(path.trimmed());
    QString folder = target.absolutePath();
    if (format == "movienet") {
        // The folder that gets label318/ and shot_movie318/: made in its parent, or an existing one written into.
        if (target.exists() && !target.isDir())
            return QString("Cannot write to %1: it is a file, and a MovieNet export is a folder. Choose another name.")
                .arg(QDir::toNativeSeparators(target.absoluteFilePath()));
        if (target.isDir()) folder = target.absoluteFilePath();
    } else if (target.isDir()) {
        return QString("Cannot write to %1: it is a folder. Choose a file name.").arg(QDir::toNativeSeparators(target.absoluteFilePath()));
    }
    const QFileInfo dir(folder);
    const QString shown = QDir::toNativeSeparators(folder);
    if (!dir.exists()) return QString("Cannot write to %1: the folder does not exist. Choose another folder.").arg(shown);
    if (!dir.isDir()) return QString("Cannot write to %1: it is not a folder. Choose another folder.").arg(shown);
    if (!dir.isWritable()) return QString("Cannot write to %1: the folder is read-only. Choose another folder.").arg(shown);
    return {};
}

void ExportDialog::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
    fitHeight();
}

void ExportDialog::fitHeight() {
    // Word-wrapped text: a window is sized by its size hint, which does not ask the layout for the
    // height its width needs; so it is told that height at its width (its narrowest at first).
    const int w = std::max(width(), kMinWidth);
    const int h = layout()->totalHeightForWidth(w);
    setMinimumHeight(h);
    if (height() < h) resize(w, h);
}

void ExportDialog::tryExport() {
    if (const QString why = checkTarget(path(), m_format); !why.isEmpty()) return showError(why);
    if (m_exporter) {
        QString why;
        try {
            why = m_exporter(path(), m_format);
        } catch (const std::exception& e) { // an exporter that throws instead of saying
            why = QString::fromUtf8(e.what());
        }
        if (!why.isEmpty()) return showError(why);
    }
    accept();
}

void ExportDialog::choose() {
    const Format* f = formatOf(m_format);
    const auto [folder, name] = splitPath(path());
    const QFileInfo current(folder.isEmpty() ? QString(".") : folder);
    const QString dir = current.isDir() ? current.absoluteFilePath() : QDir::homePath();
    QFileDialog dlg(this);
    dlg.setObjectName("chooser");
    dlg.setOption(QFileDialog::DontUseNativeDialog); // the same dialog everywhere, and under tests
    dlg.setDirectory(dir);
    const QString fileName = name.isEmpty() ? ExportDialog::fileName(m_base, m_format) : name;
    if (*f->filter == 0) {
        dlg.setWindowTitle(QString("Choose the folder to put the MovieNet folder \"%1\" in").arg(fileName));
        dlg.setFileMode(QFileDialog::Directory);
        dlg.setOption(QFileDialog::ShowDirsOnly);
        if (dlg.exec() != QDialog::Accepted || dlg.selectedFiles().isEmpty()) return;
        setPath(QDir(dlg.selectedFiles().first()).filePath(fileName));
        return;
    }
    dlg.setWindowTitle(QString("Export as %1").arg(f->name));
    dlg.setAcceptMode(QFileDialog::AcceptSave);
    dlg.setFileMode(QFileDialog::AnyFile);
    dlg.setNameFilter(f->filter);
    dlg.setDefaultSuffix(QString(f->ending).section('.', -1));
    dlg.selectFile(fileName);
    if (dlg.exec() != QDialog::Accepted || dlg.selectedFiles().isEmpty()) return;
    setPath(dlg.selectedFiles().first());
}

bool ExportDialog::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonRelease) {
        const QString id = watched->property("format").toString();
        if (!id.isEmpty()) setFormat(id);
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace mega::ui
