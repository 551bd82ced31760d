#pragma once
// Test fixtures: paths to the shared real clips, and small files made on the fly with ffmpeg.

#include <QString>
#include <QStringList>

namespace fixtures {

/// ../shared/data/clips/<name>
QString clip(const QString& name);
/// A file of this source tree, e.g. "tests/fixtures/tiny_frames.json".
QString source(const QString& relative);
/// ../shared/data/<relative>
QString shared(const QString& relative);

/// Runs ffmpeg with `args` (quiet, overwrite); QFAIL-style: returns false and prints why on failure.
bool ffmpeg(const QStringList& args);

/// Writes `bytes` bytes of `path`'s beginning into `out` (a file cut short, as by a failed copy).
bool truncateCopy(const QString& path, const QString& out, qint64 bytes);
/// Writes `size` pseudo-random bytes (fixed seed) to `out`.
bool randomFile(const QString& out, qint64 size);
/// Writes text to a file.
bool writeText(const QString& out, const QByteArray& text);

/// What a run of the `mega` command line gave.
struct CliRun {
    int code = -1;
    bool crashed = false; ///< crashed or hung (then err says "timed out (hang)")
    QByteArray out, err;
};
CliRun runMega(const QStringList& args, int timeoutMs = 60000);

} // namespace fixtures
