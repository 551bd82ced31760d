// Every film FFmpeg can read: the real clip bikes.mp4 (cuts 30, 76, 137, 187, 242) remade by ffmpeg
// at odd, tiny, portrait and large sizes, 8/10/12-bit, 4:2:0/4:2:2/4:4:4, RGB, paletted,
// interlaced, anamorphic, rotated, with shifted, wrapping or irregular timestamps, beside other
// streams; each must give the clip's true cuts. Then damaged copies (bit flips, zeroed runs,
// truncations, hostile headers), which must give a named error or a warning, never a crash.
// Runs in the normal and the sanitizer build (cmake -DMEGA_SANITIZE=ON), where any memory error or
// undefined behaviour aborts it.
#include "core/common/error.h"
#include "core/features/extractors.h"
#include "core/media/audio_reader.h"
#include "core/media/frame_reader.h"
#include "core/media/media_info.h"
#include "core/shots/shot_list.h"
#include "support/fixtures.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <vector>

using namespace mega;

namespace {

using Cuts = std::vector<int64_t>;
const Cuts kBikesCuts{30, 76, 137, 187, 242};

std::string str(const QString& s) {
    return s.toStdString();
}

QString show(const Cuts& c) {
    QStringList s;
    for (auto x : c) s << QString::number(x);
    return "[" + s.join(", ") + "]";
}

// The clip's cuts inside frames [first, first + count), renumbered from 0.
Cuts cutsWithin(int64_t first, int64_t count) {
    Cuts c;
    for (auto x : kBikesCuts)
        if (x > first && x < first + count) c.push_back(x - first);
    return c;
}

// Mean absolute difference of two RGB frames of one size, 0..255.
double meanDiff(const media::Frame& a, const media::Frame& b) {
    if (a.data.size() != b.data.size() || a.data.empty()) return 255.0;
    double s = 0;
    for (size_t i = 0; i < a.data.size(); ++i) s += std::abs(int(a.data[i]) - int(b.data[i]));
    return s / double(a.data.size());
}

// Frame `index` of `path`, at width w (height by the display aspect).
media::Frame frameAt(const QString& path, int64_t index, int w) {
    media::FrameReader r(str(path), {w, 0, media::PixelFormat::Rgb24, 1, 0});
    r.seekToFrame(index);
    media::Frame f;
    if (!r.next(f)) throw Error("no frame");
    return f;
}

// Gives an MP4's (only) track the display matrix of a phone that was held turned: the picture is
// shown turned clockwise by `degrees`. (FFmpeg 5.1's command line no longer writes one.) The
// matrix sits 48 bytes into the version-0 tkhd box: a b u / c d v / x y w, 16.16 and 2.30 fixed.
bool setDisplayRotation(const QString& path, int degrees) {
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite)) return false;
    QByteArray bytes = f.readAll();
    const qsizetype box = bytes.indexOf("tkhd") - 4;
    if (box < 0 || bytes[box + 8] != 0) return false;
    const int c = degrees == 180 ? -1 : 0, s = degrees == 90 ? -1 : degrees == 270 ? 1 : 0; // cos, sin of -degrees
    const qint32 m[9] = {c * 65536, -s * 65536, 0, s * 65536, c * 65536, 0, 0, 0, 1 << 30};
    for (int i = 0; i < 9; ++i)
        for (int b = 0; b < 4; ++b) bytes[box + 48 + 4 * i + b] = char((quint32(m[i]) >> (24 - 8 * b)) & 0xff);
    f.seek(0);
    return f.write(bytes) == bytes.size();
}

} // namespace

class TestMediaCorpus : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }
    QString bikes() const { return fixtures::clip("bikes.mp4"); }

    // ffmpeg -i bikes.mp4 [frames first..first+count) ARGS... OUT
    bool make(const QString& out, const QStringList& args, int first = 0, int count = 250) {
        QStringList a{"-i", bikes()};
        if (first > 0 || count < 250)
            a << "-vf" << QString("trim=start_frame=%1:end_frame=%2,setpts=PTS-STARTPTS").arg(first).arg(first + count);
        // Filters given by the row run after the trim (one -vf: join them).
        QStringList rest = args;
        const int vf = rest.indexOf("-vf");
        if (vf >= 0 && (first > 0 || count < 250)) {
            a[a.size() - 1] += "," + rest[vf + 1];
            rest.remove(vf, 2);
        }
        return fixtures::ffmpeg(a + rest + QStringList{out});
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFile::exists(bikes()), "../shared/data is missing beside the source tree");
    }

    // ---- every size and format gives the clip's true cuts ----
    void trueCuts_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("first"); // a stretch of the clip: big pictures stay quick to make
        QTest::addColumn<int>("count");
        const QStringList h264{"-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"};
        const QStringList ffv1{"-an", "-c:v", "ffv1"};
        auto row = [](const char* name, const QString& file, const QStringList& args, int first = 0, int count = 250) {
            QTest::newRow(name) << file << args << first << count;
        };
        // Sizes: the heap corruption of swscale writing past lines of 426, 427, 360 and 318 pixels.
        row("426x240 (240p)", "s426x240.mp4", QStringList{"-vf", "scale=426:240"} + h264);
        row("427x240 odd", "s427x240.mkv", QStringList{"-vf", "scale=427:240", "-pix_fmt", "yuv420p"} + ffv1);
        row("360x240", "s360x240.mp4", QStringList{"-vf", "scale=360:240"} + h264);
        row("318x180", "s318x180.mp4", QStringList{"-vf", "scale=318:180"} + h264);
        row("318x179 odd", "s318x179.mkv", QStringList{"-vf", "scale=318:179", "-pix_fmt", "yuv420p"} + ffv1);
        row("1919x1079 odd", "s1919x1079.mkv", QStringList{"-vf", "scale=1919:1079", "-pix_fmt", "yuv420p"} + ffv1, 120, 80);
        row("64x36 tiny", "s64x36.mp4", QStringList{"-vf", "scale=64:36"} + h264);
        row("270x480 portrait", "s270x480.mp4", QStringList{"-vf", "scale=270:480"} + h264);
        row("1080x1920 portrait", "s1080x1920.mp4", QStringList{"-vf", "scale=1080:1920"} + h264, 120, 80);
        row("3840x2160", "s3840x2160.mp4", QStringList{"-vf", "scale=3840:2160"} + h264, 125, 30);
        row("7680x4320 (8K)", "s7680x4320.mp4", QStringList{"-vf", "scale=7680:4320"} + h264, 130, 15);
        // Depths, chroma and pixel formats.
        row("10-bit 4:2:0", "p10.mp4", {"-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"});
        row("12-bit 4:4:4", "p12.mkv", QStringList{"-vf", "scale=320:136", "-pix_fmt", "yuv444p12le"} + ffv1);
        row("4:2:2", "p422.mp4", {"-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv422p"});
        row("4:4:4", "p444.mp4", {"-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p"});
        row("RGB", "rgb.mkv", QStringList{"-vf", "scale=320:136", "-pix_fmt", "bgr0"} + ffv1);
        row("paletted", "pal8.mkv",
            {"-an", "-vf", "scale=320:136,split[a][b];[a]palettegen[p];[b][p]paletteuse", "-c:v", "png", "-pix_fmt", "pal8"});
        row("full-range JPEG", "mjpeg.mkv", {"-an", "-vf", "scale=320:136", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "3"});
        row("interlaced", "interlaced.mp4", QStringList{"-flags", "+ildct+ilme", "-field_order", "tt"} + h264);
        // Display geometry: anamorphic (pixels 4:3 wide) and turned (a phone's display matrix).
        row("anamorphic", "anamorphic.mp4", QStringList{"-vf", "scale=480:272,setsar=4/3"} + h264);
        row("rotated 90", "rotated.mp4", QStringList{"-vf", "transpose=cclock"} + h264);
        // Timing.
        row("start at 10 s", "offset.ts", QStringList{"-output_ts_offset", "10"} + h264);
        row("timestamps wrap", "wrap.ts", QStringList{"-output_ts_offset", "95440"} + h264);
        row("irregular times", "vfr.mkv",
            QStringList{"-vf", "setpts=(N+0.3*mod(N\\,3))/25/TB", "-fps_mode", "passthrough"} + h264);
    }

    void trueCuts() {
        QFETCH(QString, file);
        QFETCH(QStringList, args);
        QFETCH(int, first);
        QFETCH(int, count);
        const QString path = tmp(file);
        QVERIFY(make(path, args, first, count));
        if (file == "rotated.mp4") QVERIFY(setDisplayRotation(path, 90));
        shots::DetectorParams p;
        p.threads = 2;
        if (count < 40) p.min_shot_len = 5; // a short stretch: its first cut comes early
        const auto r = shots::detectShots(str(path), p);
        const Cuts want = cutsWithin(first, count);
        QVERIFY2(r.cuts == want, qPrintable(file + ": cuts " + show(r.cuts) + ", want " + show(want)));
        QCOMPARE(r.frame_count, int64_t(count));
        QVERIFY2(r.warnings.empty(), r.warnings.empty() ? "" : r.warnings.front().c_str());
        // Seeking lands on the frame sequential decoding numbers so (thumbnails, the player's steps),
        // wrapped and shifted timestamps included.
        const int64_t k = count / 2 + 1;
        media::FrameReader seq(str(path), {64, 0, media::PixelFormat::Gray8, 1, 0});
        media::Frame f, g;
        while (seq.next(f) && f.index < k) {
        }
        QCOMPARE(f.index, k);
        media::FrameReader seeker(str(path), {64, 0, media::PixelFormat::Gray8, 1, 0});
        seeker.seekToFrame(k);
        QVERIFY(seeker.next(g));
        QCOMPARE(g.index, k);
        QVERIFY2(g.data == f.data, qPrintable(QString("frame %1 by seeking differs from frame %1 decoded in order").arg(k)));
        // Seconds and frame numbers agree: each shot starts at its first frame's time.
        for (const auto& s : r.shots)
            QVERIFY2(std::abs(s.start_s - r.shots.front().start_s - double(s.start_frame) / 25.0) < 0.35,
                     qPrintable(QString("shot at frame %1 starts at %2 s").arg(s.start_frame).arg(s.start_s)));
    }

    // Tiny pictures decode whole, but hold too little to tell every cut from motion: at 2x2 the cut
    // at 187 moves the 4 pixels less than the fast motion at 100 does (only the cut at 30 stands
    // out above the threshold), and at 16x16 that motion
    // scores above the cut at 76. What holds: every frame is read, 16x16 finds every true cut
    // (and the motion at 100), 2x2 finds only true ones.
    void tinyPictures() {
        for (const char* size : {"2:2", "16:16"}) {
            const QString path = tmp(QString("s%1.mp4").arg(QString(size).replace(':', 'x')));
            QVERIFY(make(path, {"-an", "-vf", QString("scale=") + size, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"}));
            shots::DetectorParams p;
            p.threads = 2;
            const auto r = shots::detectShots(str(path), p);
            QCOMPARE(r.frame_count, int64_t(250));
            QVERIFY(r.warnings.empty());
            int trueOnes = 0;
            for (auto c : r.cuts) trueOnes += std::count(kBikesCuts.begin(), kBikesCuts.end(), c) > 0;
            if (QString(size) == "2:2")
                QVERIFY2(trueOnes == int(r.cuts.size()) && trueOnes >= 1, qPrintable(show(r.cuts)));
            else
                QVERIFY2(trueOnes == 5 && r.cuts.size() <= 6, qPrintable(show(r.cuts)));
        }
    }

    // Several video streams: the default one is the film; cover art is never taken for it.
    void choosesTheFilmsStream() {
        const QString cover = tmp("cover.png");
        QVERIFY(fixtures::ffmpeg({"-f", "lavfi", "-i", "color=red:size=300x300", "-frames:v", "1", cover}));
        const QString art = tmp("cover_art.mp4");
        QVERIFY(fixtures::ffmpeg({"-i", cover, "-i", bikes(), "-map", "0", "-map", "1:v", "-c:v:0", "png",
                                  "-disposition:v:0", "attached_pic", "-c:v:1", "libx264", "-preset", "ultrafast", art}));
        const QString two = tmp("two_videos.mkv");
        QVERIFY(fixtures::ffmpeg({"-f", "lavfi", "-i", "color=black:size=800x600:rate=25", "-i", bikes(), "-map", "0:v",
                                  "-map", "1:v", "-t", "10", "-c:v", "libx264", "-preset", "ultrafast",
                                  "-disposition:v:0", "0", "-disposition:v:1", "default", two}));
        for (const QString& f : {art, two}) {
            const auto info = media::probe(str(f));
            QVERIFY(info.video);
            QCOMPARE(info.video->codec, std::string("h264"));
            QCOMPARE(info.video->width, 640);
            if (f == two) QCOMPARE(info.video->index, 1); // the default, though the other is larger
            QVERIFY(info.video->video_streams == (f == art ? 1 : 2));
            shots::DetectorParams p;
            p.threads = 2;
            QVERIFY2(shots::detectShots(str(f), p).cuts == kBikesCuts, qPrintable(f));
        }
    }

    // Of two audio streams the default one is the film's sound: probe names it, the reader reads it.
    void choosesTheDefaultSound() {
        const QString two = tmp("two_sounds.mkv");
        QVERIFY(fixtures::ffmpeg({"-i", bikes(), "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-f", "lavfi", "-i",
                                  "sine=frequency=440:sample_rate=16000", "-map", "0:v", "-map", "1:a", "-map", "2:a", "-t", "3",
                                  "-c:v", "copy", "-c:a", "aac", "-disposition:a:0", "0", "-disposition:a:1", "default", two}));
        const auto info = media::probe(str(two));
        QCOMPARE(info.audio.size(), size_t(2));
        QCOMPARE(info.main_audio, 2);
        media::AudioReader reader(str(two));
        QCOMPARE(reader.stream().index, 2);
        media::AudioBlock b;
        double energy = 0;
        while (reader.next(b))
            for (float s : b.samples) energy += double(s) * s;
        QVERIFY2(energy > 100, qPrintable(QString::number(energy))); // the tone, not the silence
    }

    // Audio that starts a second after the picture, and no audio at all: the picture's frame times
    // do not move.
    void audioOffsetKeepsFrameTimes() {
        const QString late = tmp("late_audio.mkv");
        QVERIFY(fixtures::ffmpeg({"-i", bikes(), "-f", "lavfi", "-i", "sine=frequency=300:duration=9", "-map", "0:v",
                                  "-map", "1:a", "-c:v", "copy", "-af", "adelay=1000:all=1", "-c:a", "aac", late}));
        const QString early = tmp("early_audio.mkv");
        QVERIFY(fixtures::ffmpeg({"-itsoffset", "0.5", "-i", bikes(), "-f", "lavfi", "-i", "sine=frequency=300:duration=10",
                                  "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", early}));
        shots::DetectorParams p;
        p.threads = 2;
        const auto base = shots::detectShots(str(bikes()), p);
        for (const QString& f : {late, early}) {
            const auto r = shots::detectShots(str(f), p);
            QVERIFY2(r.cuts == kBikesCuts, qPrintable(f + show(r.cuts)));
            // The video starts 0.5 s into the early-audio file's clock: every shot moves with it.
            const double shift = f == early ? 0.5 : 0.0;
            for (size_t i = 0; i < r.shots.size(); ++i)
                QVERIFY2(std::abs(r.shots[i].start_s - base.shots[i].start_s - shift) < 0.03,
                         qPrintable(QString("%1 shot %2: %3 s vs %4 s").arg(f).arg(i).arg(r.shots[i].start_s).arg(base.shots[i].start_s)));
        }
    }

    // What a person and a model see: the anamorphic and the turned film come out as the upright,
    // square-pixel one does (thumbnails, analysis frames, features).
    void displayGeometry_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("sarNum");
        QTest::addColumn<int>("rotation");
        const QStringList h264{"-an", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-pix_fmt", "yuv420p"};
        QTest::newRow("anamorphic 480x272 at 4:3") << "g_anamorphic.mp4" << (QStringList{"-vf", "scale=480:272,setsar=4/3"} + h264) << 4 << 0;
        QTest::newRow("stored turned left, shown turned right")
            << "g_rot90.mp4" << (QStringList{"-vf", "transpose=cclock"} + h264) << 1 << 90;
        QTest::newRow("stored upside down") << "g_rot180.mp4" << (QStringList{"-vf", "hflip,vflip"} + h264) << 1 << 180;
        QTest::newRow("stored turned right, shown turned left")
            << "g_rot270.mp4" << (QStringList{"-vf", "transpose=clock"} + h264) << 1 << 270;
    }

    void displayGeometry() {
        QFETCH(QString, file);
        QFETCH(QStringList, args);
        QFETCH(int, sarNum);
        QFETCH(int, rotation);
        const QString path = tmp(file);
        QVERIFY(make(path, args));
        if (rotation) QVERIFY(setDisplayRotation(path, rotation));
        const auto info = media::probe(str(path));
        QVERIFY(info.video);
        QCOMPARE(info.video->sample_aspect.num, sarNum);
        QCOMPARE(info.video->rotation, rotation);
        QCOMPARE(info.video->display_width, 640);
        QCOMPARE(info.video->display_height, 272);
        // Frames as seen: same size and nearly the same pixels as the upright, square-pixel clip.
        for (int64_t frame : {10, 100, 200}) {
            const auto a = frameAt(path, frame, 160), b = frameAt(bikes(), frame, 160);
            QCOMPARE(a.width, 160);
            QCOMPARE(a.height, 68);
            const double d = meanDiff(a, b);
            QVERIFY2(d < 8.0, qPrintable(QString("frame %1 differs from the upright clip by %2").arg(frame).arg(d)));
        }
        // Thumbnails keep the display aspect when only a height is asked for.
        const auto t = media::thumbnail(str(path), 3.0, 0, 44);
        QCOMPARE(t.width, 104);
        // Features: near-equal to the upright clip's.
        features::ExtractOptions eo;
        eo.extractors = {"appearance", "layout"};
        eo.threads = 2;
        const auto fa = features::extractFeatures(str(path), eo), fb = features::extractFeatures(str(bikes()), eo);
        QCOMPARE(fa.modalities.size(), fb.modalities.size());
        for (size_t m = 0; m < fa.modalities.size(); ++m) {
            const auto& x = fa.modalities[m];
            const auto& y = fb.modalities[m];
            QCOMPARE(x.count(), y.count());
            double dot = 0, nx = 0, ny = 0;
            for (size_t i = 0; i < x.data.size(); ++i) dot += x.data[i] * y.data[i], nx += x.data[i] * x.data[i], ny += y.data[i] * y.data[i];
            const double cosine = dot / std::sqrt(nx * ny + 1e-12);
            QVERIFY2(cosine > 0.98, qPrintable(QString("%1: cosine %2 to the upright clip's").arg(QString::fromStdString(x.name)).arg(cosine)));
        }
    }

    // ---- damaged and hostile files: a named error or a warning, never a crash ----
    void damaged_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expect"); // "error", "warning" or "either"
        for (const char* base : {"d_h264.mp4", "d_faststart.mp4", "d_ffv1.mkv"}) {
            for (const char* d : {"truncated 10%", "truncated 50%", "truncated 90%"})
                QTest::newRow(qPrintable(QString("%1 %2").arg(base, d))) << base << d << "either";
            QTest::newRow(qPrintable(QString("%1 zeroed middle").arg(base))) << base << "zeroed" << "warning";
            for (int seed = 1; seed <= 4; ++seed)
                QTest::newRow(qPrintable(QString("%1 bit flips %2").arg(base).arg(seed))) << base << QString("flips %1").arg(seed) << "either";
            QTest::newRow(qPrintable(QString("%1 flipped header").arg(base))) << base << "header" << "either";
        }
        QTest::newRow("zero bytes") << "" << "empty" << "error";
        QTest::newRow("text") << "" << "text" << "error";
        QTest::newRow("audio only") << "" << "audio" << "error";
        QTest::newRow("100000x100000 header") << "" << "huge" << "error";
    }

    void damaged() {
        QFETCH(QString, file);
        QFETCH(QString, damage);
        QFETCH(QString, expect);
        if (!file.isEmpty() && !QFile::exists(tmp(file))) {
            if (file == "d_h264.mp4") QVERIFY(make(tmp(file), {"-an", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50"}));
            if (file == "d_faststart.mp4")
                QVERIFY(make(tmp(file), {"-an", "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart"}));
            if (file == "d_ffv1.mkv") QVERIFY(make(tmp(file), {"-an", "-vf", "scale=320:136", "-c:v", "ffv1"}));
        }
        QByteArray bytes;
        if (!file.isEmpty()) {
            QFile in(tmp(file));
            QVERIFY(in.open(QIODevice::ReadOnly));
            bytes = in.readAll();
        }
        const qsizetype n = bytes.size();
        if (damage.startsWith("truncated")) {
            bytes.truncate(n * damage.mid(10, damage.size() - 11).toInt() / 100);
        } else if (damage == "zeroed") {
            bytes.replace(n / 2, 20000, QByteArray(20000, '\0'));
        } else if (damage.startsWith("flips")) {
            QRandomGenerator rng(damage.mid(6).toUInt());
            for (int i = 0; i < 60; ++i) bytes[n / 4 + rng.bounded(n / 2)] ^= char(1 << rng.bounded(8));
        } else if (damage == "header") {
            QRandomGenerator rng(7);
            for (int i = 0; i < 12; ++i) bytes[rng.bounded(std::min<qsizetype>(n, 4096))] ^= char(1 << rng.bounded(8));
        } else if (damage == "text") {
            bytes = "This is not a film.\n";
        } else if (damage == "huge") {
            bytes = "YUV4MPEG2 W100000 H100000 F25:1 Ip A1:1 C420jpeg\nFRAME\n" + QByteArray(4096, '\x80');
        } else if (damage == "audio") {
            QVERIFY(fixtures::ffmpeg({"-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", tmp("audio.m4a")}));
        }
        const QString path = damage == "audio" ? tmp("audio.m4a") : tmp("damaged_" + QString(QTest::currentDataTag()).replace(QRegularExpression("[^A-Za-z0-9]"), "_") + (damage == "huge" ? ".y4m" : ".bin"));
        if (damage != "audio") QVERIFY(fixtures::writeText(path, bytes));
        const QString name = QFileInfo(path).fileName();
        shots::DetectorParams p;
        p.threads = 2;
        try {
            const auto r = shots::detectShots(str(path), p);
            QVERIFY2(expect != "error", "no error");
            if (expect == "warning") QVERIFY2(!r.warnings.empty(), "no warning");
            for (const auto& w : r.warnings) QVERIFY2(QString::fromStdString(w).contains(name), w.c_str());
            // What was read keeps its true cuts, give or take those the damage hides or fakes.
            int found = 0;
            for (auto c : r.cuts) found += std::count(kBikesCuts.begin(), kBikesCuts.end(), c) > 0;
            QVERIFY2(r.cuts.empty() || found >= 1, qPrintable(show(r.cuts)));
        } catch (const Error& e) {
            QVERIFY2(expect != "warning", e.what());
            QVERIFY2(QString::fromStdString(e.what()).contains(name), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestMediaCorpus)
#include "tst_media_corpus.moc"
