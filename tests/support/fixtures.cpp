#include "support/fixtures.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QtDebug>

namespace fixtures {

QString clip(const QString& name) {
    return QStringLiteral(MEGA_SHARED_DATA "/clips/") + name;
}
QString source(const QString& relative) { return QStringLiteral(MEGA_SOURCE_DIR "/") + relative; }
QString shared(const QString& relative) {
    return QStringLiteral(MEGA_SHARED_DATA "/") + relative;
}

bool ffmpeg(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(MEGA_FFMPEG), QStringList{"-v", "error", "-y", "-nostdin"} + args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << "ffmpeg" << args << "failed:" << p.readAllStandardError();
        return false;
    }
    return true;
}

bool truncateCopy(const QString& path, const QString& out, qint64 bytes) {
    QFile in(path), o(out);
    if (!in.open(QIODevice::ReadOnly) || !o.open(QIODevice::WriteOnly)) return false;
    return o.write(in.read(bytes)) == qMin(bytes, in.size());
}

bool randomFile(const QString& out, qint64 size) {
    QFile o(out);
    if (!o.open(QIODevice::WriteOnly)) return false;
    QRandomGenerator gen(12345);
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        data[i] = static_cast<char>(gen.bounded(256));
    return o.write(data) == size;
}

bool writeText(const QString& out, const QByteArray& text) {
    QFile o(out);
    return o.open(QIODevice::WriteOnly) && o.write(text) == text.size();
}

CliRun runMega(const QStringList& args, int timeoutMs) {
    QProcess p;
    p.start(QStringLiteral(MEGA_CLI), args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.crashed = true;
        r.err = "timed out (hang)";
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace fixtures
