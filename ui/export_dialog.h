#pragma once
// File > Export: every format `mega export` writes (core/io/film_annotation.h), each with what its
// file holds and who reads it, a path whose name follows the format, and Export / Cancel. The
// dialog writes nothing itself: on Export it checks that the target folder is there and takes
// files, then calls the exporter it was given; an error (its own or the exporter's) is shown in
// the dialog, naming the path, and the dialog stays open for another folder.

#include <QDialog>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mega::ui {

class ExportDialog : public QDialog {
    Q_OBJECT

  public:
    /// `filmBaseName`: the film file's name without its extension, the exported file's default
    /// name; `startDir`: the folder the path starts in (empty: the home folder).
    ExportDialog(const QString& filmBaseName, const QString& startDir, QWidget* parent = nullptr);

    /// The formats' ids in the order shown, as io::exportFormatFromString takes them:
    /// "otio", "edl", "csv", "vtt", "srt", "json", "tripod", "movienet".
    static QStringList formats();
    /// The name a format's export of `filmBaseName` gets ("film.otio", "film-tripod.csv",
    /// "film-movienet" for MovieNet's folder); empty for an unknown id.
    static QString fileName(const QString& filmBaseName, const QString& id);

    /// The format chosen (an id of formats()).
    QString format() const;
    /// Chooses a format; the path's name takes its ending ("film.edl" -> "film.otio"). An unknown
    /// id changes nothing.
    void setFormat(const QString& id);
    /// Where the export goes: a file, or for MovieNet the folder that gets label318/ and shot_movie318/.
    QString path() const;
    void setPath(const QString& path);
    /// What a format's file holds and who reads it, as the dialog shows it; empty for an unknown id.
    QString description(const QString& id) const;
    /// The error shown in the dialog; empty when none is.
    QString error() const;

    /// Called on Export with path() and format() once the folder was found to take files: returns
    /// "" when the export was written (the dialog accepts) or the error to show (it stays open).
    /// Without one, Export accepts after the check and the caller writes.
    void setExporter(std::function<QString(const QString& path, const QString& format)> fn);

    /// Why `path` cannot take an export in `format` ("Cannot write to /media/ro: the folder is
    /// read-only. Choose another folder."), or "" when its folder is there and writable.
    static QString checkTarget(const QString& path, const QString& format);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void choose();
    void tryExport();
    void showError(const QString& message);
    void fitHeight();

    QString m_base;
    QString m_format;
    QButtonGroup* m_group;
    std::map<QString, QLabel*> m_descriptions;
    QLineEdit* m_path;
    QLabel* m_error;
    QPushButton* m_export;
    std::function<QString(const QString&, const QString&)> m_exporter;
};

} // namespace mega::ui
