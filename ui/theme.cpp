#include "ui/theme.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QPalette>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

// The bundled icons and help pages live in this static library: register them before use.
static void initResources() {
    Q_INIT_RESOURCE(icons);
    Q_INIT_RESOURCE(help);
}

namespace mega::ui {

namespace {

bool g_dark = false;

// Breeze's colours (KDE's BreezeLight / BreezeDark colour schemes).
QPalette breezePalette(bool dark) {
    QPalette p;
    const QColor window = dark ? QColor(32, 35, 38) : QColor(239, 240, 241);
    const QColor base = dark ? QColor(20, 22, 24) : QColor(252, 252, 252);
    const QColor alternate = dark ? QColor(29, 31, 34) : QColor(239, 240, 241);
    const QColor text = dark ? QColor(252, 252, 252) : QColor(35, 38, 41);
    const QColor button = dark ? QColor(41, 44, 48) : QColor(239, 240, 241);
    const QColor highlight(61, 174, 233);
    const QColor disabled = dark ? QColor(110, 113, 116) : QColor(160, 162, 164);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, dark ? QColor(41, 44, 48) : QColor(247, 247, 247));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(218, 68, 83));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, QColor(252, 252, 252));
    p.setColor(QPalette::Link, dark ? QColor(29, 153, 243) : QColor(41, 128, 185));
    p.setColor(QPalette::LinkVisited, QColor(155, 89, 182));
    p.setColor(QPalette::Light, dark ? QColor(64, 69, 76) : QColor(255, 255, 255));
    p.setColor(QPalette::Midlight, dark ? QColor(52, 56, 61) : QColor(230, 231, 232));
    p.setColor(QPalette::Mid, dark ? QColor(30, 32, 35) : QColor(196, 200, 204));
    p.setColor(QPalette::Dark, dark ? QColor(20, 22, 24) : QColor(136, 142, 147));
    p.setColor(QPalette::Shadow, dark ? QColor(10, 11, 12) : QColor(118, 120, 122));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, dark ? QColor(60, 64, 70) : QColor(200, 202, 204));
    return p;
}

/// The platform theme's window colour, as it was before this program first set a palette.
QColor platformWindowColour() {
    static const QColor colour = QApplication::palette().color(QPalette::Window);
    return colour;
}

QString gnomeColorScheme() {
    const QString gsettings = QStandardPaths::findExecutable("gsettings");
    if (gsettings.isEmpty()) return {};
    QProcess p;
    p.start(gsettings, {"get", "org.gnome.desktop.interface", "color-scheme"});
    if (!p.waitForFinished(1000)) {
        p.kill();
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

Theme themeFromString(const QString& s) {
    if (s == "light") return Theme::Light;
    if (s == "dark") return Theme::Dark;
    return Theme::System;
}

QString themeToString(Theme t) {
    switch (t) {
    case Theme::Light: return "light";
    case Theme::Dark: return "dark";
    case Theme::System: break;
    }
    return "system";
}

bool desktopPrefersDark() {
    const QString gtk = qEnvironmentVariable("GTK_THEME");
    if (!gtk.isEmpty()) return gtk.contains("dark", Qt::CaseInsensitive); // "Adwaita:dark", "Adwaita-dark"
    const QString gnome = gnomeColorScheme();
    if (gnome.contains("prefer-dark")) return true;
    if (gnome.contains("prefer-light")) return false;
    const QString kdeglobals = QStandardPaths::locate(QStandardPaths::GenericConfigLocation, "kdeglobals");
    if (!kdeglobals.isEmpty()) {
        const QString scheme = QSettings(kdeglobals, QSettings::IniFormat).value("General/ColorScheme").toString();
        if (!scheme.isEmpty()) return scheme.contains("dark", Qt::CaseInsensitive);
    }
    return platformWindowColour().lightness() < 128;
}

bool applyTheme(Theme theme) {
    platformWindowColour(); // read before this program first sets a palette
    const bool dark = theme == Theme::Dark || (theme == Theme::System && desktopPrefersDark());
    if (QApplication::style()->name() != "fusion")
        if (QStyle* fusion = QStyleFactory::create("Fusion")) QApplication::setStyle(fusion);
    QApplication::setPalette(breezePalette(dark));
    static const bool resources = [] {
        initResources();
        QIcon::setThemeSearchPaths(QStringList{":/icons"} + QIcon::themeSearchPaths());
        return true;
    }();
    (void)resources;
    QIcon::setThemeName(dark ? "breeze-dark" : "breeze");
    QIcon::setFallbackThemeName("breeze");
    g_dark = dark;
    return dark;
}

bool darkThemeActive() { return g_dark; }

} // namespace mega::ui
