// mega-studio: the review window. `mega-studio [FILM | PROJECT.mega]`; with --screenshots DIR it
// saves grabs of its main states and quits (tests/bench/screenshots.sh runs it under Xvfb).
#include "core/common/version.h"
#include "core/store/project.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MEGA Studio");
    QApplication::setApplicationName("mega-studio");
    QApplication::setApplicationVersion(mega::version());
    QApplication::setApplicationDisplayName("MEGA Studio");
    QApplication::setDesktopFileName("org.megastudio.MegaStudio");
    QCommandLineParser cli;
    cli.setApplicationDescription("Review and correct scene boundaries and turning points.");
    cli.addHelpOption();
    cli.addVersionOption();
    cli.addPositionalArgument("file", "a film (ingested into FILM's name + .mega beside it) or a project (*.mega)");
    QCommandLineOption shots("screenshots", "save screenshots of the main states to DIR, then quit", "DIR");
    cli.addOption(shots);
    QCommandLineOption loopShots("loop-screenshots", "open PROJECT.mega, train on its corrections, save screenshots before, "
                                                     "during and after to DIR, then quit", "DIR");
    cli.addOption(loopShots);
    QCommandLineOption analysisShots("analysis-screenshots", "open PROJECT.mega (--film), save screenshots of the analysis views "
                                                             "(synchronization, contributions, attention, search, export, training) "
                                                             "to DIR, then quit", "DIR");
    cli.addOption(analysisShots);
    QCommandLineOption filmOption("film", "the film of PROJECT.mega to open (its name or id; default: the first)", "FILM");
    cli.addOption(filmOption);
    QCommandLineOption theme("theme", "the theme for this run: light, dark or system (View > Theme keeps one)", "THEME");
    cli.addOption(theme);
    cli.process(app);
    mega::ui::MainWindow w; // applies the theme, which registers the bundled icons
    QApplication::setWindowIcon(QIcon::fromTheme("org.megastudio.MegaStudio", QIcon(":/icons/app/org.megastudio.MegaStudio.svg")));
    if (cli.isSet(theme)) w.setTheme(mega::ui::themeFromString(cli.value(theme)), false);
    w.show();
    const QStringList files = cli.positionalArguments();
    if (!files.isEmpty()) {
        const QString f = files.first();
        const bool screenshots = cli.isSet(shots);
        const QString dir = cli.value(shots);
        auto afterOpen = [&w, screenshots, dir] {
            if (screenshots) w.takeScreenshots(dir);
        };
        if (f.endsWith(".mega") && cli.isSet(loopShots)) {
            const QString loopDir = cli.value(loopShots);
            if (w.openProject(f)) QTimer::singleShot(1500, &w, [&w, loopDir] { w.takeLoopScreenshots(loopDir); });
        } else if (f.endsWith(".mega")) {
            qint64 film = 0;
            if (cli.isSet(filmOption)) {
                try {
                    const mega::store::Project p(f.toStdString(), mega::store::Project::Mode::ReadOnly);
                    film = p.filmByIdOrName(cli.value(filmOption).toStdString()).id;
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "mega-studio: %s\n", e.what());
                    return 1;
                }
            }
            const QString analysisDir = cli.value(analysisShots);
            if (w.openProject(f, film) && cli.isSet(analysisShots))
                QTimer::singleShot(1500, &w, [&w, analysisDir] { w.takeAnalysisScreenshots(analysisDir); });
            else if (w.isVisible()) QTimer::singleShot(500, &w, afterOpen);
        } else {
            w.openFilm(f);
            if (screenshots)
                QObject::connect(w.session(), &mega::ui::ReviewSession::opened, &w, [&w, afterOpen] { QTimer::singleShot(1500, &w, afterOpen); });
        }
    }
    return app.exec();
}
