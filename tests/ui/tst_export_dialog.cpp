// File > Export's dialog, on its own: every format of `mega export` with what its file holds, the
// path's name following the format, a folder that is missing or read-only refused in the dialog
// naming it (the exporter never called), an exporter's success accepting and its error shown
// inline with the dialog left open. Needs Qt Widgets and Test only.
#include "ui/export_dialog.h"

#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <stdexcept>

using mega::ui::ExportDialog;

namespace {

// The ids io::exportFormatFromString takes, in the order shown.
const QStringList kIds{"otio", "edl", "csv", "vtt", "srt", "json", "tripod", "movienet"};

// What the format's export of "film" is named.
const QStringList kNames{"film.otio", "film.edl",  "film.csv",        "film.vtt",
                         "film.srt",  "film.json", "film-tripod.csv", "film-movienet"};

// A folder chmod 0555. Whether it takes files anyway (root) is tried, not assumed.
bool makeReadOnly(const QString& dir, bool* takesFiles) {
    if (!QDir().mkpath(dir)) return false;
    if (!QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                        QFile::ExeOther))
        return false;
    QFile probe(dir + "/probe");
    *takesFiles = probe.open(QIODevice::WriteOnly);
    if (*takesFiles) probe.remove();
    return true;
}

} // namespace

class TstExportDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    // Export clicked as a person clicks it.
    static void clickExport(ExportDialog& d) { QTest::mouseClick(d.findChild<QPushButton*>("export"), Qt::LeftButton); }

  private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void everyFormatSaysWhatItHolds() {
        ExportDialog d("film", m_tmp.path(), nullptr);
        QCOMPARE(ExportDialog::formats(), kIds);
        QCOMPARE(d.format(), QString("otio"));
        for (const QString& id : kIds) {
            d.setFormat(id);
            QCOMPARE(d.format(), id);
            QVERIFY(d.findChild<QRadioButton*>("format-" + id)->isChecked());
            const QString text = d.description(id);
            QVERIFY2(text.size() > 60, qPrintable(id + ": " + text));
            QCOMPARE(d.findChild<QLabel*>("description-" + id)->text(), text); // shown as it is
        }
        QVERIFY(d.findChild<QRadioButton*>("format-srt")->text().contains(".srt"));
        // What the code writes (core/io/film_annotation.cpp), said as such.
        QVERIFY(d.description("otio").contains("one clip per scene"));
        QVERIFY(d.description("otio").contains("markers"));
        QVERIFY(d.description("edl").contains("drop-frame at 29.97"));
        QVERIFY(d.description("csv").contains("One row per shot, scene, scene boundary and turning point"));
        QVERIFY(d.description("vtt").contains("One chapter per act when all five turning points are set, else one per scene"));
        QVERIFY(d.description("srt").contains("\"Scene 3, Act 2\""));
        QVERIFY(d.description("json").contains("mega import --json"));
        QVERIFY(d.description("tripod").contains("all five turning points"));
        QVERIFY(d.description("movienet").contains("label318/"));
        QVERIFY(d.description("mp4").isEmpty());
        d.setFormat("mp4"); // unknown: nothing changes
        QCOMPARE(d.format(), QString("movienet"));
    }

    void thePathFollowsTheFormat() {
        ExportDialog d("film", m_tmp.path(), nullptr);
        QCOMPARE(d.path(), m_tmp.filePath("film.otio"));
        for (qsizetype i = 0; i < kIds.size(); ++i) {
            d.setFormat(kIds[i]);
            QCOMPARE(d.path(), m_tmp.filePath(kNames[i]));
            QCOMPARE(ExportDialog::fileName("film", kIds[i]), kNames[i]);
        }
        for (qsizetype i = kIds.size() - 1; i >= 0; --i) { // and back: CSV and TRIPOD's CSV kept apart
            d.setFormat(kIds[i]);
            QCOMPARE(d.path(), m_tmp.filePath(kNames[i]));
        }
        // A name and folder of one's own keep, and take the new format's ending.
        d.setPath("/elsewhere/cut 1.otio");
        d.setFormat("edl");
        QCOMPARE(d.path(), QString("/elsewhere/cut 1.edl"));
        d.setFormat("movienet");
        QCOMPARE(d.path(), QString("/elsewhere/cut 1-movienet"));
        d.setFormat("srt");
        QCOMPARE(d.path(), QString("/elsewhere/cut 1.srt"));
        d.setPath("/elsewhere/notes.txt"); // another ending: its base name kept
        d.setFormat("json");
        QCOMPARE(d.path(), QString("/elsewhere/notes.json"));
        ExportDialog home("", "", nullptr); // no film name, no folder: "film" in the home folder
        QCOMPARE(home.path(), QDir::home().filePath("film.otio"));
    }

    void clickingAFormatOrItsDescriptionPicksIt() {
        ExportDialog d("film", m_tmp.path(), nullptr);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto* srt = d.findChild<QRadioButton*>("format-srt");
        QTest::mouseClick(srt, Qt::LeftButton, {}, QPoint(8, srt->height() / 2)); // on its circle
        QCOMPARE(d.format(), QString("srt"));
        QCOMPARE(d.path(), m_tmp.filePath("film.srt"));
        QTest::mouseClick(d.findChild<QLabel*>("description-json"), Qt::LeftButton);
        QCOMPARE(d.format(), QString("json"));
        QVERIFY(d.findChild<QRadioButton*>("format-json")->isChecked());
        QCOMPARE(d.path(), m_tmp.filePath("film.json"));
    }

    void aFolderThatTakesNoFileIsRefusedNamingIt() {
        int calls = 0;
        ExportDialog d("film", m_tmp.path(), nullptr);
        d.setExporter([&](const QString&, const QString&) {
            ++calls;
            return QString();
        });
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        // Not there: refused for every user, root included, for files and MovieNet's folder.
        const QString missing = m_tmp.filePath("no-such-folder");
        for (const QString& id : {QString("srt"), QString("movienet")}) {
            d.setFormat(id);
            d.setPath(missing + "/" + ExportDialog::fileName("film", id));
            clickExport(d);
            QCOMPARE(d.error(), QString("Cannot write to %1: the folder does not exist. Choose another folder.").arg(missing));
            QVERIFY(d.findChild<QLabel*>("error")->isVisible());
            QVERIFY(d.isVisible());
            QCOMPARE(d.result(), int(QDialog::Rejected));
        }
        // A folder where a file goes, a file where MovieNet's folder goes.
        d.setFormat("csv");
        d.setPath(m_tmp.path());
        clickExport(d);
        QVERIFY2(d.error().startsWith("Cannot write to " + m_tmp.path() + ": it is a folder"), qPrintable(d.error()));
        QFile file(m_tmp.filePath("plain-file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        d.setFormat("movienet");
        d.setPath(file.fileName());
        clickExport(d);
        QVERIFY2(d.error().startsWith("Cannot write to " + file.fileName() + ": it is a file"), qPrintable(d.error()));
        // Read-only (chmod 0555), where this user cannot write there.
        const QString ro = m_tmp.filePath("read-only");
        bool takesFiles = false;
        QVERIFY(makeReadOnly(ro, &takesFiles));
        if (!takesFiles) {
            const QString says = QString("Cannot write to %1: the folder is read-only. Choose another folder.").arg(ro);
            for (const QString& id : {QString("srt"), QString("tripod"), QString("movienet")}) {
                d.setFormat(id);
                d.setPath(ro + "/" + ExportDialog::fileName("film", id));
                clickExport(d);
                QCOMPARE(d.error(), says);
                QVERIFY(d.isVisible());
            }
            d.setPath(ro); // MovieNet into the read-only folder itself
            clickExport(d);
            QCOMPARE(d.error(), says);
            QCOMPARE(ExportDialog::checkTarget(ro + "/film.srt", "srt"), says);
        } else {
            qInfo("the read-only folder takes files for this user (root?): only missing folders were checked");
        }
        QCOMPARE(calls, 0);
        QVERIFY(QFile::setPermissions(ro, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        // Editing the path takes the message away.
        d.setPath(m_tmp.filePath("film-movienet"));
        QCOMPARE(d.error(), QString());
        QVERIFY(!d.findChild<QLabel*>("error")->isVisible());
        QCOMPARE(ExportDialog::checkTarget("", "srt"), QString("Choose where to export the film."));
        d.setPath(" ");
        QVERIFY(!d.findChild<QPushButton*>("export")->isEnabled());
    }

    void anExportThatWorksAcceptsTheDialog() {
        QString gotPath, gotFormat;
        int calls = 0;
        ExportDialog d("film", m_tmp.path(), nullptr);
        d.setExporter([&](const QString& path, const QString& format) {
            ++calls, gotPath = path, gotFormat = format;
            return QString();
        });
        d.setFormat("srt");
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        clickExport(d);
        QCOMPARE(calls, 1);
        QCOMPARE(gotPath, m_tmp.filePath("film.srt"));
        QCOMPARE(gotFormat, QString("srt"));
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QVERIFY(!d.isVisible());
        // MovieNet's folder may be new (made in a folder that is there) or one already there.
        d.setFormat("movienet");
        d.show();
        clickExport(d);
        QCOMPARE(gotPath, m_tmp.filePath("film-movienet"));
        QCOMPARE(d.result(), int(QDialog::Accepted));
        d.setPath(m_tmp.path());
        d.show();
        clickExport(d);
        QCOMPARE(gotFormat, QString("movienet"));
        QCOMPARE(d.result(), int(QDialog::Accepted));
        // Without an exporter, Export accepts after the check: the caller writes.
        ExportDialog plain("film", m_tmp.path(), nullptr);
        plain.show();
        clickExport(plain);
        QCOMPARE(plain.result(), int(QDialog::Accepted));
    }

    void anExportersErrorIsShownAndTheDialogStays() {
        int calls = 0;
        ExportDialog d("film", m_tmp.path(), nullptr);
        const QString says = "'" + m_tmp.filePath("film.edl") + "': cannot write the file (disk full?)";
        d.setExporter([&](const QString&, const QString&) {
            if (++calls == 2) throw std::runtime_error("thrown, not returned");
            return says;
        });
        d.setFormat("edl");
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        clickExport(d);
        QCOMPARE(calls, 1);
        QCOMPARE(d.error(), says);
        QCOMPARE(d.findChild<QLabel*>("error")->text(), says);
        QVERIFY(d.findChild<QLabel*>("error")->isVisible());
        QVERIFY(d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));
        clickExport(d); // tried again: an exception is said too
        QCOMPARE(d.error(), QString("thrown, not returned"));
        QVERIFY(d.isVisible());
        clickExport(d);
        QCOMPARE(calls, 3);
        QCOMPARE(d.error(), says);
    }

    void chooseOffersTheFormatsName() {
        ExportDialog d("film", m_tmp.path(), nullptr);
        d.setFormat("vtt");
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QString offered;
        QTimer::singleShot(0, &d, [&] {
            auto* chooser = d.findChild<QFileDialog*>("chooser");
            QVERIFY(chooser);
            offered = chooser->selectedFiles().value(0);
            chooser->selectFile(m_tmp.filePath("chapters.vtt"));
            QMetaObject::invokeMethod(chooser, "accept"); // protected, a slot
        });
        QTest::mouseClick(d.findChild<QPushButton*>("choose"), Qt::LeftButton);
        QCOMPARE(offered, m_tmp.filePath("film.vtt"));
        QCOMPARE(d.path(), m_tmp.filePath("chapters.vtt"));
        QCOMPARE(d.format(), QString("vtt"));
    }

    void screenshot() {
        // MEGA_EXPORT_SHOT=FILE.png: the dialog as a person sees it, with an error shown.
        ExportDialog d("night_of_the_hunter", "/media/ro", nullptr);
        d.setFormat("srt");
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QTest::mouseClick(d.findChild<QPushButton*>("export"), Qt::LeftButton);
        QVERIFY(!d.error().isEmpty());
        const QPixmap shot = d.grab();
        QVERIFY(!shot.isNull());
        if (const QString out = qEnvironmentVariable("MEGA_EXPORT_SHOT"); !out.isEmpty()) QVERIFY(shot.save(out));
    }
};

QTEST_MAIN(TstExportDialog)
#include "tst_export_dialog.moc"
