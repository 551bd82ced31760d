#include "ui/modality_colors.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace mega::ui {

namespace {

struct Known {
    const char* name;
    QRgb rgb;
};

// A qualitative palette after Tableau 10, widened to fourteen hues and adjusted so every colour's
// relative luminance lies in about 0.15..0.31 (contrast >= 2.9 on white and >= 3.2 on Breeze Dark's
// window colour) and any two are at least ~18 apart in CIELAB.
constexpr std::array<Known, 14> kKnown{{
    {"appearance", 0x4E79A7}, // blue
    {"layout", 0xE8762C},     // orange
    {"motion", 0x59A14F},     // green
    {"audio", 0xD9484B},      // red
    {"subtitles", 0xA35FA0},  // purple
    {"contrast", 0x8C6D5A},   // brown
    {"timing", 0xD45C8E},     // pink
    {"speech", 0x2E9C94},     // teal
    {"faces", 0xA88D15},      // ochre
    {"picture", 0x7F7F86},    // grey
    {"place", 0x8F9A2E},      // olive
    {"bassl", 0x6F63C9},      // indigo
    {"cast", 0xC0583A},       // rust
    {"synopsis", 0x1AA0C8},   // cyan
}};

QString normalised(const QString& modality) {
    return modality.trimmed().toLower();
}

// FNV-1a over the UTF-16 code units: unlike qHash, the same in every run and every Qt version.
uint32_t stableHash(const QString& s) {
    uint32_t h = 2166136261u;
    for (QChar c : s) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

// WCAG relative luminance.
double luminance(const QColor& c) {
    auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}

} // namespace

QColor modalityColor(const QString& modality) {
    const QString name = normalised(modality);
    if (name.isEmpty()) return QColor(0x80, 0x80, 0x80);
    for (const Known& k : kKnown)
        if (name == QLatin1String(k.name)) return QColor::fromRgb(k.rgb);
    // Unknown: a hue (in 10-degree steps) and a saturation from the hash, the lightness chosen so
    // the relative luminance lands in the known colours' range (0.18..0.26).
    const uint32_t h = stableHash(name);
    const int hue = int(h % 36u) * 10;
    const int sat = 140 + int((h >> 8) % 70u);
    const double target = 0.18 + 0.02 * double((h >> 16) % 5u);
    int lo = 0, hi = 255;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (luminance(QColor::fromHsl(hue, sat, mid)) < target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return QColor::fromHsl(hue, sat, lo);
}

QString modalityLabel(const QString& modality) {
    const QString name = normalised(modality);
    if (name == QLatin1String("bassl")) return QStringLiteral("BaSSL");
    if (name == QLatin1String("clip")) return QStringLiteral("CLIP");
    QString label = modality.trimmed();
    label.replace(QLatin1Char('_'), QLatin1Char(' ')).replace(QLatin1Char('-'), QLatin1Char(' '));
    if (!label.isEmpty()) label[0] = label[0].toUpper();
    return label;
}

QStringList knownModalities() {
    QStringList out;
    for (const Known& k : kKnown)
        out << QLatin1String(k.name);
    return out;
}

} // namespace mega::ui
