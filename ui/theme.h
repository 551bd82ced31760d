#pragma once
// The window's look: a light and a dark theme (Qt's Fusion style with Breeze's colours and the
// Breeze or Breeze Dark icons bundled in resources/icons), or the desktop's preference.

#include <QString>

namespace mega::ui {

enum class Theme { System, Light, Dark };

/// "system", "light", "dark" (Settings, View > Theme); anything else reads as system.
Theme themeFromString(const QString& s);
QString themeToString(Theme t);

/// Whether the desktop asks for dark windows: GNOME's color-scheme (gsettings), KDE's colour scheme
/// (kdeglobals), GTK_THEME ending in ":dark", else the platform palette's window colour.
bool desktopPrefersDark();

/// Applies the theme to the whole application: style, palette, icon theme. Returns whether the
/// result is dark. Needs a QApplication.
bool applyTheme(Theme theme);

/// Whether the theme applied last is dark.
bool darkThemeActive();

} // namespace mega::ui
