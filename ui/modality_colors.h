#pragma once
// One colour per modality, the same in every view (the contribution bars, the fusion attention
// rows, the timeline's contribution band): fixed colours for the modalities the project knows, a
// stable hash-derived one for any other name. All are mid-lightness, so that bars and swatches keep
// a contrast of about 3:1 or more against both the light and the dark theme's backgrounds.

#include <QColor>
#include <QString>
#include <QStringList>

namespace mega::ui {

/// The colour of `modality` (case and surrounding spaces ignored). The known modalities
/// (knownModalities()) have fixed, mutually distinct colours; any other name gets a colour derived
/// from a hash of its name, the same in every run and on every machine. An empty name is grey.
QColor modalityColor(const QString& modality);

/// The name shown for `modality`: capitalised ("appearance" -> "Appearance", "bassl" -> "BaSSL"),
/// underscores and dashes read as spaces.
QString modalityLabel(const QString& modality);

/// The modalities with a fixed colour, in the palette's order.
QStringList knownModalities();

} // namespace mega::ui
