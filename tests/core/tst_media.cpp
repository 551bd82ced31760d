// core/media: probing, frame-accurate reading and seeking, audio, subtitles, and bad input.
#include "core/common/error.h"
#include "core/media/audio_reader.h"
#include "core/media/frame_reader.h"
#include "core/media/media_info.h"
#include "core/media/subtitle_reader.h"
#include "support/fixtures.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace mega;

namespace {

QByteArray digest(const media::Frame& f) {
    return QCryptographicHash::hash(QByteArrayView(f.data.data(), static_cast<qsizetype>(f.data.size())),
                                    QCryptographicHash::Md5);
}

std::string str(const QString& s) {
    return s.toStdString();
}

} // namespace

class TestMedia : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString tmp(const QString& name) const { return m_tmp.filePath(name); }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFile::exists(fixtures::clip("bikes.mp4")),
                 "../shared/data is missing beside the source tree");
        // 50 frames at 25 fps with frames 10-19 dropped and the timestamps kept: variable rate.
        QVERIFY(fixtures::ffmpeg({"-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "2", "-vf",
                                  "select='lt(n,10)+gte(n,20)'", "-fps_mode", "passthrough", "-c:v",
                                  "libx264", "-preset", "ultrafast", tmp("vfr.mkv")}));
        QVERIFY(fixtures::writeText(tmp("subs.srt"),
                                    "1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i>, world\n\n"
                                    "2\n00:00:04,000 --> 00:00:05,000\nTwo\nlines\n\n"));
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-i", tmp("subs.srt"), "-map", "0:v",
                                  "-map", "1", "-c:v", "copy", "-c:s", "srt", tmp("subs.mkv")}));
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-i", tmp("subs.srt"), "-map", "0:v",
                                  "-map", "1", "-c:v", "copy", "-c:s", "mov_text", tmp("subs.mp4")}));
        QVERIFY(fixtures::ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "1",
                                  "-ac", "2", "-c:a", "aac", tmp("tone.m4a")}));
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-c", "copy", "-movflags", "+faststart",
                                  tmp("faststart.mp4")}));
        QVERIFY(fixtures::truncateCopy(tmp("faststart.mp4"), tmp("faststart_half.mp4"),
                                       QFileInfo(tmp("faststart.mp4")).size() / 2));
        // bikes.mp4 keeps its index (moov) at the end: half of it has no index at all.
        QVERIFY(fixtures::truncateCopy(fixtures::clip("bikes.mp4"), tmp("moov_lost.mp4"), 250000));
        QVERIFY(fixtures::writeText(tmp("empty.mp4"), ""));
        QVERIFY(
            fixtures::writeText(tmp("text.mp4"), "This is not a film, just some words in a text file.\n"));
        QVERIFY(fixtures::randomFile(tmp("random.mp4"), 300000));
    }

    void probeMp4() {
        const auto info = media::probe(str(fixtures::clip("bikes.mp4")));
        QVERIFY(info.container.find("mp4") != std::string::npos);
        QVERIFY(info.video.has_value());
        const auto& v = *info.video;
        QCOMPARE(v.codec, std::string("h264"));
        QCOMPARE(v.width, 640);
        QCOMPARE(v.height, 272);
        QCOMPARE(v.avg_frame_rate.num, 25);
        QCOMPARE(v.avg_frame_rate.den, 1);
        QCOMPARE(v.frame_count, 250);
        QVERIFY(!v.frame_count_counted);
        QVERIFY(!v.variable_frame_rate);
        QVERIFY(std::abs(info.duration_s - 10.0) < 0.01);
    }

    void probeWebmCountsFrames() {
        // WebM states no frame count: probe counts the packets.
        const auto info = media::probe(str(fixtures::clip("big_buck_bunny_0_30.webm")));
        QVERIFY(info.video.has_value());
        QCOMPARE(info.video->codec, std::string("vp8"));
        QCOMPARE(info.video->width, 1280);
        QCOMPARE(info.video->height, 720);
        QCOMPARE(info.video->frame_count, 720);
        QVERIFY(info.video->frame_count_counted);
        QVERIFY(!info.video->variable_frame_rate);
        QCOMPARE(info.video->avg_frame_rate.value(), 24.0);
        QCOMPARE(info.audio.size(), size_t(1));
        QCOMPARE(info.audio[0].codec, std::string("vorbis"));
        QCOMPARE(info.audio[0].sample_rate, 44100);
        QCOMPARE(info.audio[0].channels, 2);
    }

    void probeCountsWhenAsked() {
        const auto info = media::probe(str(fixtures::clip("bikes.mp4")), {true});
        QCOMPARE(info.video->frame_count, 250);
        QVERIFY(info.video->frame_count_counted);
    }

    void probeVariableRate() {
        const auto info = media::probe(str(tmp("vfr.mkv")));
        QVERIFY(info.video.has_value());
        QCOMPARE(info.video->frame_count, 40);
        QVERIFY(info.video->variable_frame_rate);
        const auto cfr = media::probe(str(fixtures::clip("testvideo.mp4")));
        QVERIFY(!cfr.video->variable_frame_rate);
    }

    void probeAudioOnlyAndSubtitles() {
        const auto audio = media::probe(str(tmp("tone.m4a")));
        QVERIFY(!audio.video.has_value());
        QCOMPARE(audio.audio.size(), size_t(1));
        QCOMPARE(audio.audio[0].sample_rate, 48000);
        const auto subs = media::probe(str(tmp("subs.mkv")));
        QCOMPARE(subs.subtitles.size(), size_t(1));
        QVERIFY(subs.subtitles[0].text);
        QCOMPARE(subs.subtitles[0].codec, std::string("subrip"));
    }

    void counterFramesAreExact() {
        // counter.mp4: frame n shows n + 1 and has PTS n / 10 s.
        media::FrameReader reader(str(fixtures::clip("counter.mp4")),
                                  {64, 0, media::PixelFormat::Rgb24, 0, 0});
        media::Frame f;
        int64_t n = 0;
        while (reader.next(f)) {
            QCOMPARE(f.index, n);
            QVERIFY2(std::abs(f.time_s - static_cast<double>(n) / 10.0) < 1e-9,
                     qPrintable(QString::number(f.time_s)));
            ++n;
        }
        QCOMPARE(n, int64_t(30));
        QVERIFY(reader.warning().empty());
    }

    void scalesKeepingAspect() {
        media::FrameReader rgb(str(fixtures::clip("bikes.mp4")), {320, 0, media::PixelFormat::Rgb24, 0, 0});
        QCOMPARE(rgb.outputWidth(), 320);
        QCOMPARE(rgb.outputHeight(), 136);
        media::Frame f;
        QVERIFY(rgb.next(f));
        QCOMPARE(f.data.size(), size_t(320 * 136 * 3));
        media::FrameReader gray(str(fixtures::clip("bikes.mp4")), {0, 68, media::PixelFormat::Gray8, 0, 0});
        QVERIFY(gray.next(f));
        QCOMPARE(f.width, 160);
        QCOMPARE(f.data.size(), size_t(160 * 68));
        media::FrameReader full(str(fixtures::clip("bikes.mp4")));
        QVERIFY(full.next(f));
        QCOMPARE(f.width, 640);
        QCOMPARE(f.height, 272);
    }

    void shrunkFramesMatchFfmpegsAreaScaler() {
        // The fast shrink path and its colour conversion against ffmpeg's own area scaler.
        const QString raw = tmp("frame100.rgb");
        QVERIFY(fixtures::ffmpeg({"-i", fixtures::clip("bikes.mp4"), "-vf",
                                  "select='eq(n,100)',scale=160:68:flags=area", "-frames:v", "1", "-pix_fmt",
                                  "rgb24", "-f", "rawvideo", raw}));
        QFile file(raw);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray expected = file.readAll();
        QCOMPARE(expected.size(), 160 * 68 * 3);
        media::FrameReader reader(str(fixtures::clip("bikes.mp4")),
                                  {160, 68, media::PixelFormat::Rgb24, 0, 0});
        reader.seekToFrame(100);
        media::Frame f;
        QVERIFY(reader.next(f));
        double diff = 0;
        for (int i = 0; i < expected.size(); ++i)
            diff += std::abs(static_cast<int>(f.data[static_cast<size_t>(i)]) -
                             static_cast<unsigned char>(expected[i]));
        diff /= expected.size();
        QVERIFY2(diff < 6.0, qPrintable(QString("mean difference %1 levels").arg(diff)));
    }

    void coloursMatchFfmpeg_data() {
        QTest::addColumn<QString>("matrix");
        QTest::newRow("untagged (BT.601)") << "";
        QTest::newRow("BT.709") << "bt709";
    }
    void coloursMatchFfmpeg() {
        // A flat colour, so only the colour conversion (matrix, range, rounding) is compared.
        QFETCH(QString, matrix);
        const QString film = tmp("colour" + matrix + ".mkv"), raw = tmp("colour" + matrix + ".rgb");
        QStringList args{"-f",        "lavfi", "-i",       "color=c=0xC04020:s=320x240",
                         "-frames:v", "2",     "-pix_fmt", "yuv420p"};
        if (!matrix.isEmpty())
            args << "-vf"
                 << "scale=out_color_matrix=" + matrix << "-colorspace" << matrix;
        QVERIFY(fixtures::ffmpeg(args << "-c:v"
                                      << "ffv1" << film));
        QVERIFY(fixtures::ffmpeg({"-i", film, "-frames:v", "1", "-vf", "scale=64:48:flags=area", "-pix_fmt",
                                  "rgb24", "-f", "rawvideo", raw}));
        QFile file(raw);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray expected = file.readAll();
        media::FrameReader reader(str(film), {64, 48, media::PixelFormat::Rgb24, 0, 0});
        media::Frame f;
        QVERIFY(reader.next(f));
        QCOMPARE(static_cast<qsizetype>(f.data.size()), expected.size());
        for (int i = 0; i < 3; ++i) // within a few levels of ffmpeg's own conversion, two of the true colour
            QVERIFY2(std::abs(int(f.data[size_t(i)]) - int(static_cast<unsigned char>(expected[i]))) <= 3,
                     qPrintable(QString("channel %1: ours %2, ffmpeg %3")
                                    .arg(i)
                                    .arg(f.data[size_t(i)])
                                    .arg(int(static_cast<unsigned char>(expected[i])))));
        QVERIFY(std::abs(int(f.data[0]) - 0xC0) <= 2 && std::abs(int(f.data[1]) - 0x40) <= 2 &&
                std::abs(int(f.data[2]) - 0x20) <= 2);
    }

    void seekToFrameMatchesSequentialDecode_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("h264 mp4") << fixtures::clip("bikes.mp4");
        QTest::newRow("vp8 webm") << fixtures::clip("big_buck_bunny_0_30.webm");
        QTest::newRow("variable rate mkv") << tmp("vfr.mkv");
    }
    void seekToFrameMatchesSequentialDecode() {
        QFETCH(QString, file);
        const media::FrameReaderOptions opt{96, 0, media::PixelFormat::Rgb24, 0, 0};
        std::vector<QByteArray> digests;
        std::vector<double> times;
        {
            media::FrameReader reader(str(file), opt);
            media::Frame f;
            while (reader.next(f)) {
                QCOMPARE(f.index, static_cast<int64_t>(digests.size()));
                digests.push_back(digest(f));
                times.push_back(f.time_s);
            }
        }
        QVERIFY(digests.size() > 30);
        media::FrameReader reader(str(file), opt);
        const int64_t last = static_cast<int64_t>(digests.size()) - 1;
        for (int64_t i : {int64_t(17), int64_t(0), last, int64_t(11), last / 2, last / 2 + 1, int64_t(1)}) {
            reader.seekToFrame(i);
            media::Frame f;
            QVERIFY(reader.next(f));
            QCOMPARE(f.index, i);
            QCOMPARE(f.time_s, times[static_cast<size_t>(i)]);
            QVERIFY2(digest(f) == digests[static_cast<size_t>(i)],
                     qPrintable(QString("frame %1 differs").arg(i)));
            if (i < last) { // and decoding goes on from there
                QVERIFY(reader.next(f));
                QCOMPARE(f.index, i + 1);
            }
        }
        reader.seekToFrame(last + 1);
        media::Frame f;
        QVERIFY(!reader.next(f));
        QCOMPARE(reader.exactFrameCount(), last + 1);
    }

    void variableRateKeepsTimesAndIndices() {
        media::FrameReader reader(str(tmp("vfr.mkv")), {32, 0, media::PixelFormat::Gray8, 0, 0});
        media::Frame f;
        std::vector<double> times;
        while (reader.next(f))
            times.push_back(f.time_s);
        QCOMPARE(times.size(), size_t(40));
        // Frames 0-9 at 0.04 s steps, then a 0.44 s gap (frames 10-19 were dropped), then 0.04 s again.
        QVERIFY(std::abs((times[9] - times[0]) - 0.36) < 1e-3);
        QVERIFY(std::abs((times[10] - times[9]) - 0.44) < 1e-3);
        reader.seek(times[0] + 0.5); // inside the gap: the next frame is the first after it
        QVERIFY(reader.next(f));
        QCOMPARE(f.index, int64_t(10));
        QCOMPARE(f.time_s, times[10]);
    }

    void seekToTime() {
        media::FrameReader reader(str(fixtures::clip("bikes.mp4")), {64, 0, media::PixelFormat::Gray8, 0, 0});
        media::Frame f;
        reader.seek(4.0);
        QVERIFY(reader.next(f));
        QCOMPARE(f.index, int64_t(100));
        QCOMPARE(f.time_s, 4.0);
        reader.seek(4.01);
        QVERIFY(reader.next(f));
        QCOMPARE(f.index, int64_t(101));
        reader.seek(100.0);
        QVERIFY(!reader.next(f));
    }

    void thumbnails() {
        const auto t = media::thumbnail(str(fixtures::clip("bikes.mp4")), 4.0, 160, 0);
        QCOMPARE(t.index, int64_t(100));
        QCOMPARE(t.width, 160);
        QCOMPARE(t.height, 68);
        const auto past = media::thumbnail(str(fixtures::clip("bikes.mp4")), 1000.0, 160, 0);
        QCOMPARE(past.index, int64_t(249));
    }

    void readAheadGivesTheSameFrames() {
        media::FrameReaderOptions direct{80, 0, media::PixelFormat::Rgb24, 2, 0};
        media::FrameReaderOptions ahead = direct;
        ahead.read_ahead = 4;
        media::FrameReader a(str(fixtures::clip("bikes.mp4")), direct),
            b(str(fixtures::clip("bikes.mp4")), ahead);
        media::Frame fa, fb;
        int n = 0;
        while (a.next(fa)) {
            QVERIFY(b.next(fb));
            QCOMPARE(fb.index, fa.index);
            QCOMPARE(fb.time_s, fa.time_s);
            QVERIFY(digest(fa) == digest(fb));
            if (++n == 120) { // seeking stops and restarts the read-ahead
                a.seekToFrame(30);
                b.seekToFrame(30);
            }
        }
        QVERIFY(!b.next(fb));
        QCOMPARE(n, 120 + (250 - 30));
    }

    void audioIsMonoAtTheRequestedRate() {
        media::AudioReader reader(str(fixtures::clip("big_buck_bunny_0_30.webm")), {16000, -1, 16000});
        QCOMPARE(reader.stream().codec, std::string("vorbis"));
        media::AudioBlock block;
        int64_t total = 0;
        double energy = 0;
        double expectedStart = 0;
        while (reader.next(block)) {
            QVERIFY(std::abs(block.start_s - expectedStart) < 0.05);
            for (float s : block.samples) {
                QVERIFY(s >= -1.0f && s <= 1.0f);
                energy += static_cast<double>(s) * s;
            }
            total += static_cast<int64_t>(block.samples.size());
            if (block.samples.size() == 16000) expectedStart += 1.0;
        }
        QVERIFY2(std::abs(static_cast<double>(total) / 16000.0 - 30.0) < 0.1,
                 qPrintable(QString::number(total)));
        QVERIFY(std::sqrt(energy / static_cast<double>(total)) > 0.01);
        QVERIFY(reader.warning().empty());
    }

    void audioToneKeepsItsPitch() {
        media::AudioReader reader(str(tmp("tone.m4a")), {8000, -1, 1000});
        media::AudioBlock block;
        std::vector<float> all;
        while (reader.next(block))
            all.insert(all.end(), block.samples.begin(), block.samples.end());
        QVERIFY(std::abs(static_cast<int>(all.size()) - 8000) < 400);
        int crossings = 0;
        for (size_t i = 1000; i + 1000 < all.size(); ++i)
            crossings += (all[i - 1] < 0) != (all[i] < 0);
        const double seconds = static_cast<double>(all.size() - 2000) / 8000.0;
        QVERIFY2(std::abs(crossings / seconds - 880.0) < 20.0,
                 qPrintable(QString::number(crossings / seconds)));
    }

    void subtitles_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("SubRip in Matroska") << tmp("subs.mkv");
        QTest::newRow("mov_text in MP4") << tmp("subs.mp4");
    }
    void subtitles() {
        QFETCH(QString, file);
        const auto cues = media::readSubtitles(str(file));
        QCOMPARE(cues.size(), size_t(2));
        QVERIFY(std::abs(cues[0].start_s - 1.0) < 0.01);
        QVERIFY(std::abs(cues[0].end_s - 2.5) < 0.01);
        QCOMPARE(cues[0].text, std::string("Hello, world"));
        QVERIFY(std::abs(cues[1].start_s - 4.0) < 0.01);
        QCOMPARE(cues[1].text, std::string("Two\nlines"));
        QVERIFY(media::readSubtitles(str(fixtures::clip("bikes.mp4"))).empty());
        QVERIFY_THROWS_EXCEPTION(Error, media::readSubtitles(str(file), 0)); // stream 0 is video
    }

    void assEventText() {
        QCOMPARE(media::assEventText("0,0,Default,,0,0,0,,{\\i1}Hi{\\i0}, there\\Nnext"),
                 std::string("Hi, there\nnext"));
        QCOMPARE(media::assEventText("plain text"), std::string("plain text"));
        QCOMPARE(media::assEventText("0,0,Default,,0,0,0,,a,b,c"), std::string("a,b,c"));
    }

    void badInputsGetClearErrors_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing") << tmp("no-such-film.mp4") << "no such file";
        QTest::newRow("zero bytes") << tmp("empty.mp4") << "empty";
        QTest::newRow("directory") << m_tmp.path() << "directory";
        QTest::newRow("text named .mp4") << tmp("text.mp4") << "not a recognised media file";
        QTest::newRow("random bytes") << tmp("random.mp4") << "";
        QTest::newRow("truncated, index lost") << tmp("moov_lost.mp4") << "truncated";
        QTest::newRow("audio only") << tmp("tone.m4a") << "no video stream";
    }
    void badInputsGetClearErrors() {
        QFETCH(QString, file);
        QFETCH(QString, reason);
        try {
            media::FrameReader reader(str(file));
            media::Frame f;
            while (reader.next(f)) {
            }
            QFAIL("no error for a bad input");
        } catch (const Error& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(file), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
        }
    }

    void truncatedFileWarnsWhereDecodingStopped() {
        media::FrameReader reader(str(tmp("faststart_half.mp4")), {64, 0, media::PixelFormat::Gray8, 0, 0});
        media::Frame f;
        int n = 0;
        while (reader.next(f))
            ++n;
        QVERIFY2(n > 60 && n < 200, qPrintable(QString::number(n)));
        const QString w = QString::fromStdString(reader.warning());
        QVERIFY2(w.contains("faststart_half.mp4") && w.contains(QString("after %1 frames").arg(n)) &&
                     w.contains("truncated"),
                 qPrintable(w));
    }
};

QTEST_GUILESS_MAIN(TestMedia)
#include "tst_media.moc"
