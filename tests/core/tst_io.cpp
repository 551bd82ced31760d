// core/io: parsers on real TRIPOD and MovieNet files, round trips, malformed input, and the
// editors' formats (EDL timecode, OpenTimelineIO structure, WebVTT chapters, SRT scenes), and
// exports to folders that take no file.
#include "core/common/error.h"
#include "core/features/npy.h"
#include "core/io/film_annotation.h"
#include "core/io/text_formats.h"
#include "support/fixtures.h"
#include "support/expect_error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <tuple>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

using namespace mega;
using namespace mega::io;

namespace {

std::string tripodCsv() { return readTextFile(fixtures::shared("tripod/TRIPOD_synopses_train.csv").toStdString()); }

// Six shots of 1500.25 s (hours in the timestamps, milliseconds too) in three scenes of two.
FilmAnnotation threeScenes() {
    FilmAnnotation a;
    a.film.name = "three";
    a.film.fps = 25;
    for (int i = 0; i < 6; ++i) {
        const double start = i * 1500.25, end = (i + 1) * 1500.25;
        a.shots.push_back({static_cast<int64_t>(std::llround(start * 25)), static_cast<int64_t>(std::llround(end * 25)) - 1, start, end});
    }
    for (int k = 0; k < 3; ++k) a.scenes.push_back({k, 2 * k, 2 * k + 1, a.shots[size_t(2 * k)].start_s, a.shots[size_t(2 * k + 1)].end_s});
    return a;
}

} // namespace

class TestIo : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::string path(const QString& n) const { return m_tmp.filePath(n).toStdString(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void csvQuotingAndLines() {
        const auto rows = parseCsv("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,,3\n", "t.csv");
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(rows[1].fields[0], std::string("x, y"));
        QCOMPARE(rows[1].fields[1], std::string("say \"hi\""));
        QCOMPARE(rows[1].fields[2], std::string("two\nlines"));
        QCOMPARE(rows[2].line, 4);
        QCOMPARE(rows[2].fields[1], std::string());
        QCOMPARE(csvField("plain"), std::string("plain"));
        QCOMPARE(csvField("a,\"b\""), std::string("\"a,\"\"b\"\"\""));
        expectError([] { parseCsv("a,b\n1,\"open\n2,3\n", "t.csv"); }, "t.csv': line 2: a quoted field is never closed");
        expectError([] { parseCsv("a,b\n1,x\"y\n", "t.csv"); }, "line 2");
    }

    void tripodRealFile() {
        const auto rows = parseTripodSynopses(tripodCsv(), "train.csv");
        QCOMPARE(rows.size(), size_t(128));
        QCOMPARE(rows[0].movie, std::string("Beloved (film)"));
        QCOMPARE(rows[0].annotator, std::string("1"));
        QCOMPARE(rows[0].sentences.size(), size_t(40));
        QCOMPARE(rows[0].tps[0], std::vector<int64_t>{5});
        QCOMPARE(rows[0].tps[4], std::vector<int64_t>{37});
        QVERIFY(rows[0].sentences[0].rfind("Set shortly after the Civil War", 0) == 0);
        std::set<std::string> films;
        size_t sentences = 0;
        for (const auto& r : rows) {
            films.insert(r.movie);
            sentences += r.sentences.size();
        }
        QCOMPARE(films.size(), size_t(84));
        QVERIFY(sentences / rows.size() >= 30 && sentences / rows.size() <= 40); // ~34 on average
        // Written and read back: the same synopses, annotators and turning points.
        const auto again = parseTripodSynopses(writeTripodSynopses(rows), "again.csv");
        QCOMPARE(again.size(), rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(again[i].movie, rows[i].movie);
            QCOMPARE(again[i].annotator, rows[i].annotator);
            QCOMPARE(again[i].sentences, rows[i].sentences);
            QCOMPARE(again[i].tps, rows[i].tps);
            QCOMPARE(again[i].raw, rows[i].raw);
        }
    }

    void tripodThroughAProject() {
        store::Project p(path("tripod.mega"), store::Project::Mode::Create);
        QCOMPARE(importTripodSynopses(p, fixtures::shared("tripod/TRIPOD_synopses_train.csv").toStdString()), 128);
        QCOMPARE(p.films().size(), size_t(84));
        const auto beloved = p.findFilmByName("Beloved (film)");
        QVERIFY(beloved);
        QCOMPARE(p.annotators(beloved->id), (std::vector<std::string>{"0", "1", "2"})); // kept apart
        // project -> TRIPOD -> a new project: the same sentences and TPs for every annotator.
        std::vector<TripodSynopsis> exported;
        for (const auto& f : p.films())
            for (auto& s : toTripod(loadAnnotation(p, f.id))) exported.push_back(std::move(s));
        writeTextFile(path("exported.csv"), writeTripodSynopses(exported));
        store::Project q(path("tripod2.mega"), store::Project::Mode::Create);
        QCOMPARE(importTripodSynopses(q, path("exported.csv")), 128);
        for (const auto& f : p.films()) {
            const auto g = q.findFilmByName(f.name);
            QVERIFY(g);
            const auto a = loadAnnotation(p, f.id), b = loadAnnotation(q, g->id);
            QVERIFY(a.synopses == b.synopses);
            QCOMPARE(a.turning_points.size(), b.turning_points.size());
            for (size_t i = 0; i < a.turning_points.size(); ++i) {
                QCOMPARE(a.turning_points[i].tp, b.turning_points[i].tp);
                QCOMPARE(a.turning_points[i].index, b.turning_points[i].index);
                QCOMPARE(a.turning_points[i].annotator, b.turning_points[i].annotator);
            }
        }
    }

    void tripodMalformed() {
        const std::string header = "movie_name,synopsis_raw,synopsis_segmented,tp1,tp2,tp3,tp4,tp5\n";
        const std::string good = "Film_0,raw,\"[STR_SENT] A. [END_SENT] [STR_SENT] B. [END_SENT]\",0,1,1,1,\"[0, 1]\"\n";
        QCOMPARE(parseTripodSynopses(header + good, "t.csv")[0].tps[4], (std::vector<int64_t>{0, 1}));
        expectError([&] { parseTripodSynopses(header + good + "Film_1,raw,\"[STR_SENT] A. [END_SENT]\",0,1,0,0,0\n", "t.csv"); },
                    "t.csv': line 3: tp2 = 1 but the synopsis has 1 sentences");
        expectError([&] { parseTripodSynopses(header + "Film_0,raw,\"[STR_SENT] A.\",0,0,0,0,0\n", "t.csv"); },
                    "line 2: sentence 0 of synopsis_segmented has no [END_SENT]");
        expectError([&] { parseTripodSynopses(header + "Film_0,raw,\"[STR_SENT] A. [END_SENT]\",0,zero,0,0,0\n", "t.csv"); },
                    "line 2: tp2");
        expectError([&] { parseTripodSynopses("movie_name,tp1\nx,1\n", "t.csv"); }, "no column 'synopsis_segmented'");
        expectError([&] { parseTripodSynopses(header + "Film_0,raw\n", "t.csv"); }, "line 2: 2 fields where the header has 8");
        // Nothing half-imported: the bad row is the last one, the project is unchanged.
        writeTextFile(path("bad.csv"), header + good + good + "Film_2,raw,\"[STR_SENT] A. [END_SENT]\",0,0,0,0,4\n");
        store::Project p(path("bad.mega"), store::Project::Mode::Create);
        expectError([&] { importTripodSynopses(p, path("bad.csv")); }, "line 4: tp5 = 4");
        QCOMPARE(p.films().size(), size_t(0));
        QCOMPARE(p.edits().size(), size_t(0));
    }

    void tripodScreenplayTps() {
        const std::string csv = "movie_name,tp1,tp2,tp3,tp4,tp5\nJaws,[3],\"[10, 11]\",20,31,40\n";
        const auto rows = parseTripodScreenplayTps(csv, "s.csv");
        QCOMPARE(rows[0].scenes[1], (std::vector<int64_t>{10, 11}));
        QCOMPARE(parseTripodScreenplayTps(writeTripodScreenplayTps(rows), "again.csv")[0].scenes, rows[0].scenes);
        expectError([] { parseTripodScreenplayTps("movie_name,tp1,tp2,tp3,tp4,tp5\nJaws,[3],[],1,2,3\n", "s.csv"); },
                    "line 2: tp2");
    }

    void movieNetRealFilesRoundTrip() {
        store::Project p(path("movienet.mega"), store::Project::Mode::Create);
        QCOMPARE(importMovieNet(p, fixtures::shared("movienet").toStdString()), 3);
        const auto f = p.findFilmByName("tt0052357");
        QVERIFY(f);
        QCOMPARE(p.shots(f->id).size(), size_t(1101));
        int ones = 0, unsure = 0;
        for (const auto& b : p.boundaries(f->id)) {
            ones += b.status == store::ReviewStatus::Accepted;
            unsure += b.status == store::ReviewStatus::Unreviewed;
        }
        QCOMPARE(unsure, 47); // the -1 labels
        QVERIFY(ones > 0);
        for (const char* id : {"tt0052357", "tt0063442", "tt0068646"}) {
            const auto film = p.findFilmByName(id);
            exportAnnotation(loadAnnotation(p, film->id), ExportFormat::MovieNet, path("out"));
            for (const char* sub : {"label318", "shot_movie318"}) {
                const std::string name = std::string(sub) + "/" + id + ".txt";
                QCOMPARE(readTextFile(path("out/" + QString::fromStdString(name))),
                         readTextFile(fixtures::shared("movienet/" + QString::fromStdString(name)).toStdString()));
            }
        }
    }

    void movieNetSplitsAndLabels() {
        // The shared three films, split as a corpus is: two to train on (labels), one to propose on (none).
        const QString dir = m_tmp.filePath("corpus");
        for (const char* sub : {"label318", "shot_movie318"}) {
            QVERIFY(QDir().mkpath(dir + "/" + sub));
            for (const char* id : {"tt0052357", "tt0063442", "tt0068646"})
                QVERIFY(QFile::copy(fixtures::shared(QString("movienet/%1/%2.txt").arg(sub, id)), QString("%1/%2/%3.txt").arg(dir, sub, id)));
        }
        const std::string d = dir.toStdString();
        MovieNetOptions o;
        o.split = "train";
        expectError([&] { store::Project p(path("s0.mega"), store::Project::Mode::Create); importMovieNet(p, d, nullptr, o); },
                    "split.json': no such file");
        writeTextFile(d + "/split.json", R"({"train": ["tt0052357", "tt0063442", "tt9999999"], "val": ["tt0068646"]})");
        store::Project p(path("splits.mega"), store::Project::Mode::Create);
        std::vector<std::string> warnings;
        std::vector<int64_t> ids;
        QCOMPARE(importMovieNet(p, d, &warnings, o, &ids), 2);
        QCOMPARE(ids.size(), size_t(2));
        QCOMPARE(p.films().size(), size_t(2));
        QVERIFY2(warnings.size() == 1 && warnings[0].find("tt9999999") != std::string::npos, warnings[0].c_str());
        for (int64_t id : ids) {
            QVERIFY(p.filmMarkedReviewed(id)); // the labels are a person's review: they train the loop
            for (const auto& b : p.boundaries(id)) QCOMPARE(b.source, std::string("person:movienet"));
        }
        o.split = "val";
        o.labels = false;
        ids.clear();
        QCOMPARE(importMovieNet(p, d, nullptr, o, &ids), 1);
        QCOMPARE(p.film(ids[0]).name, std::string("tt0068646"));
        QVERIFY(p.boundaries(ids[0]).empty());
        QVERIFY(!p.filmMarkedReviewed(ids[0]));
        QVERIFY(p.shots(ids[0]).size() > 100);
        o.split = "test";
        expectError([&] { importMovieNet(p, d, nullptr, o); }, "split.json': has no split 'test' (it has: train, val)");
        QCOMPARE(p.films().size(), size_t(3)); // nothing changed
        writeTextFile(d + "/split.json", "[1, 2]");
        expectError([&] { importMovieNet(p, d, nullptr, o); }, "split.json': is not a JSON object");
    }

    void movieNetMalformed() {
        expectError([] { parseMovieNet("tt1", "0000 0\n", "l.txt", "0 9 1 2 3\n10 19 11 12 13\n20 29 21 22 23\n", "s.txt"); },
                    "l.txt': line 1: 1 labels for 3 shots");
        expectError([] { parseMovieNet("tt1", "0000 2\n", "l.txt", "0 9 1 2 3\n10 19 11 12 13\n", "s.txt"); },
                    "l.txt': line 1: label must be 1, 0 or -1");
        expectError([] { parseMovieNet("tt1", "0000 0\n", "l.txt", "0 9 1 2 3\n5 19 11 12 13\n", "s.txt"); },
                    "s.txt': line 2: the shot overlaps the one before");
        expectError([] { parseMovieNet("tt1", "0000 0\n", "l.txt", "0 9 1 2\n10 19 11 12 13\n", "s.txt"); },
                    "s.txt': line 1: expected 'start_frame end_frame kf1 kf2 kf3'");
        expectError([] { parseMovieNet("tt1", "0001 0\n", "l.txt", "0 9 1 2 3\n10 19 11 12 13\n", "s.txt"); },
                    "line 1: shot index 0001 where 0 was expected");
    }

    void subtitles() {
        const std::string srt = "\xEF\xBB\xBF" "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello, world\r\n\r\n"
                                "2\r\n00:01:04,250 --> 00:01:05,000\r\nTwo\r\nlines\r\n";
        const auto cues = parseSrt(srt, "a.srt");
        QCOMPARE(cues.size(), size_t(2));
        QCOMPARE(cues[0].start_s, 1.0);
        QCOMPARE(cues[0].end_s, 2.5);
        QCOMPARE(cues[1].start_s, 64.25);
        QCOMPARE(cues[1].text, std::string("Two\nlines"));
        const auto srtAgain = parseSrt(writeSrt(cues), "b.srt");
        QCOMPARE(srtAgain.size(), cues.size());
        for (size_t i = 0; i < cues.size(); ++i) {
            QCOMPARE(srtAgain[i].start_s, cues[i].start_s);
            QCOMPARE(srtAgain[i].end_s, cues[i].end_s);
            QCOMPARE(srtAgain[i].text, cues[i].text);
        }
        const std::string vtt = "WEBVTT - a film\n\nNOTE a comment\nspanning lines\n\nintro\n00:01.000 --> 00:02.000 align:start\n"
                                "<v Ann>Hi</v>\n\n00:00:03.000 --> 00:00:04.000\nBye\n";
        const auto v = parseWebVtt(vtt, "a.vtt");
        QCOMPARE(v.size(), size_t(2));
        QCOMPARE(v[0].start_s, 1.0);
        QCOMPARE(v[0].text, std::string("<v Ann>Hi</v>"));
        QCOMPARE(parseWebVtt(writeWebVtt(v), "b.vtt").size(), size_t(2));
        expectError([] { parseSrt("1\n00:00:01,000 --> 00:00:02\nx\n", "bad.srt"); }, "bad.srt': line 2");
        expectError([] { parseSrt("1\n00:00:05,000 --> 00:00:02,000\nx\n", "bad.srt"); }, "line 2: the cue ends before it starts");
        expectError([] { parseWebVtt("00:01.000 --> 00:02.000\nx\n", "bad.vtt"); }, "bad.vtt': line 1: a WebVTT file starts with WEBVTT");
        QCOMPARE(formatTimestamp(3723.5, ','), std::string("01:02:03,500"));

        // A subtitle file by its extension, else by its content.
        QVERIFY(fixtures::writeText(m_tmp.filePath("s.srt"), QByteArray::fromStdString(srt)));
        QVERIFY(fixtures::writeText(m_tmp.filePath("s.vtt"), QByteArray::fromStdString(vtt)));
        QVERIFY(fixtures::writeText(m_tmp.filePath("s.txt"), QByteArray::fromStdString(vtt)));
        QVERIFY(fixtures::writeText(m_tmp.filePath("s2.txt"), QByteArray::fromStdString(srt)));
        QCOMPARE(readSubtitleFile(path("s.srt")).size(), cues.size());
        QCOMPARE(readSubtitleFile(path("s.vtt")).size(), size_t(2));
        QCOMPARE(readSubtitleFile(path("s.txt"))[0].text, std::string("<v Ann>Hi</v>"));
        QCOMPARE(readSubtitleFile(path("s2.txt")).size(), cues.size());
        expectError([&] { readSubtitleFile(path("s.vtt.missing")); }, "s.vtt.missing");

        // Every encoding MovieNet's subtitles come in: UTF-16 (either byte order, by its BOM), and
        // Windows-1252 / Latin-1 where the bytes are not UTF-8; and MicroDVD at the film's rate.
        const std::string plain = "1\n00:00:01,000 --> 00:00:02,000\nCaf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D\n";
        std::string utf16le = "\xFF\xFE", utf16be = "\xFE\xFF", latin1;
        for (unsigned char c : std::string("1\n00:00:01,000 --> 00:00:02,000\nCaf")) {
            utf16le += static_cast<char>(c), utf16le += '\0';
            utf16be += '\0', utf16be += static_cast<char>(c);
            latin1 += static_cast<char>(c);
        }
        utf16le += std::string("\xE9\x00 \x00\x1C\x20o\x00k\x00\x1D\x20\n\x00", 14);
        utf16be += std::string("\x00\xE9\x00 \x20\x1C\x00o\x00k\x20\x1D\x00\n", 14);
        latin1 += "\xE9 \x93ok\x94\n";
        std::string enc;
        for (const auto& [name, bytes, expected] : {std::tuple{"le.srt", utf16le, "utf-16le"}, std::tuple{"be.srt", utf16be, "utf-16be"},
                                                    std::tuple{"l1.srt", latin1, "latin-1"}, std::tuple{"u8.srt", plain, "utf-8"}}) {
            QVERIFY(fixtures::writeText(m_tmp.filePath(name), QByteArray::fromStdString(bytes)));
            const auto c = readSubtitleFile(path(name), 0, &enc);
            QCOMPARE(enc, std::string(expected));
            QCOMPARE(c.size(), size_t(1));
            QCOMPARE(c[0].text, std::string("Caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D"));
        }
        QVERIFY(fixtures::writeText(m_tmp.filePath("m.sub"), "{1}{1}23.976\n{48}{96}Two|lines\n{120}{144}Three\n"));
        const auto micro = readSubtitleFile(path("m.sub"), 24.0);
        QCOMPARE(micro.size(), size_t(2));
        QCOMPARE(micro[0].start_s, 2.0);
        QCOMPARE(micro[0].end_s, 4.0);
        QCOMPARE(micro[0].text, std::string("Two\nlines"));
        expectError([&] { readSubtitleFile(path("m.sub")); }, "frame rate is needed");
        // A corpus's odd file: strict, the first malformed cue is an error naming it; lenient, it is
        // skipped and counted, and the rest is read.
        QVERIFY(fixtures::writeText(m_tmp.filePath("odd.srt"), "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:2,00 --> 00:00:03,000\nB\n\n"
                                                              "3\n00:00:05,000 --> 00:00:04,000\nC\n\n4\n00:00:06,000 --> 00:00:07,000\nD\n"));
        expectError([&] { readSubtitleFile(path("odd.srt")); }, "odd.srt': line 6: ");
        int skipped = 0;
        const auto odd = readSubtitleFile(path("odd.srt"), 0, nullptr, &skipped);
        QCOMPARE(skipped, 2);
        QCOMPARE(odd.size(), size_t(2));
        QCOMPARE(odd[1].text, std::string("D"));
        QVERIFY(fixtures::writeText(m_tmp.filePath("bad.sub"), "{10}{5}backwards\n"));
        expectError([&] { readSubtitleFile(path("bad.sub"), 24.0); }, "bad.sub': line 1: the cue ends before it starts");
    }

    void synopsisText() {
        const auto lines = parseSynopsisText("First line.\n\nSecond line. It has two sentences! \"Quoted\" too.\n", false);
        QCOMPARE(lines.size(), size_t(2));
        const auto split = parseSynopsisText("First line.\n\nSecond line. It has two sentences! \"Quoted\" too.\n", true);
        QCOMPARE(split, (std::vector<std::string>{"First line.", "Second line.", "It has two sentences!", "\"Quoted\" too."}));
        // Either form: plain lines, or TRIPOD's markers (over several lines too).
        QCOMPARE(parseSynopsis("A.\nB. C.\n", false, "s.txt"), (std::vector<std::string>{"A.", "B. C."}));
        QCOMPARE(parseSynopsis("[STR_SENT] A, then\nB. [END_SENT] [STR_SENT] C. [END_SENT]\n", false, "s.txt"),
                 (std::vector<std::string>{"A, then B.", "C."}));
        expectError([&] { parseSynopsis("[STR_SENT] A. [STR_SENT] B. [END_SENT]", false, "s.txt"); }, "s.txt");
    }

    void editorsFormats() {
        FilmAnnotation a;
        a.film.name = "demo";
        a.film.path = "/films/demo.mp4";
        a.film.fps = 29.97;
        a.film.frame_count = 900;
        for (int i = 0; i < 6; ++i) a.shots.push_back({i * 150, i * 150 + 149, i * 150 / 29.97, (i + 1) * 150 / 29.97});
        a.scenes = {{0, 0, 1, a.shots[0].start_s, a.shots[1].end_s}, {1, 2, 5, a.shots[2].start_s, a.shots[5].end_s}};
        for (int tp = 1; tp <= 5; ++tp) {
            store::TurningPoint t;
            t.tp = tp;
            t.unit = store::UnitKind::Shot;
            t.index = tp;
            t.status = store::ReviewStatus::Accepted;
            a.turning_points.push_back(t);
        }
        const std::string edl = toEdl(a);
        QVERIFY(edl.find("FCM: DROP FRAME") != std::string::npos);
        QVERIFY2(edl.find("001  AX       V     C        00:00:00;00 00:00:10;00 00:00:00;00 00:00:10;00") != std::string::npos, edl.c_str());
        QVERIFY(edl.find("002  AX       V     C        00:00:10;00 00:00:30;00 00:00:10;00 00:00:30;00") != std::string::npos);
        QVERIFY(edl.find("* FROM CLIP NAME: demo.mp4") != std::string::npos);

        const auto otio = nlohmann::json::parse(toOtio(a));
        QCOMPARE(otio.at("OTIO_SCHEMA").get<std::string>(), std::string("Timeline.1"));
        const auto& track = otio.at("tracks").at("children").at(0);
        QCOMPARE(track.at("OTIO_SCHEMA").get<std::string>(), std::string("Track.1"));
        QCOMPARE(track.at("kind").get<std::string>(), std::string("Video"));
        QCOMPARE(track.at("children").size(), size_t(2));
        double frames = 0;
        for (const auto& clip : track.at("children")) {
            QCOMPARE(clip.at("OTIO_SCHEMA").get<std::string>(), std::string("Clip.2"));
            QCOMPARE(clip.at("source_range").at("duration").at("rate").get<double>(), 29.97);
            frames += clip.at("source_range").at("duration").at("value").get<double>();
            QCOMPARE(clip.at("media_references").at("DEFAULT_MEDIA").at("target_url").get<std::string>(),
                     std::string("file:///films/demo.mp4"));
        }
        QCOMPARE(frames, 900.0);
        QCOMPARE(track.at("markers").size(), size_t(5));
        QCOMPARE(track.at("markers").at(2).at("name").get<std::string>(), std::string("TP3 Point of No Return"));
        QCOMPARE(track.at("markers").at(2).at("marked_range").at("start_time").at("value").get<double>(), 450.0);

        const auto chapters = parseWebVtt(toVttChapters(a), "chapters.vtt");
        QCOMPARE(chapters.size(), size_t(6)); // six acts
        QCOMPARE(chapters[1].text, std::string("Act 2"));
        QCOMPARE(chapters[1].start_s, std::round(a.shots[1].start_s * 1000) / 1000);
        a.turning_points.pop_back(); // without all five TPs: chapters are scenes
        QCOMPARE(parseWebVtt(toVttChapters(a), "chapters.vtt").size(), size_t(2));

        const auto csv = parseCsv(toCsv(a), "a.csv");
        QCOMPARE(csv[0].fields[0], std::string("kind"));
        QCOMPARE(csv.size(), size_t(1 + 6 + 2 + 4));
    }

    void srtScenes() {
        FilmAnnotation a = threeScenes();
        // Without the five TPs: the scenes alone.
        QCOMPARE(toSrt(a), std::string("1\n00:00:00,000 --> 00:50:00,500\nScene 1\n\n"
                                       "2\n00:50:00,500 --> 01:40:01,000\nScene 2\n\n"
                                       "3\n01:40:01,000 --> 02:30:01,500\nScene 3\n\n"));
        // TP1-TP5 on shots 2, 2, 3, 4, 4: acts 1 [0-1], 2 (empty), 3 [2], 4 [3], 5 (empty), 6 [4-5].
        // Each scene gets the act it lies in, with the chapters' names; scene 2 holds TP3's shot.
        for (int tp = 1; tp <= 5; ++tp) {
            store::TurningPoint t;
            t.tp = tp;
            t.unit = store::UnitKind::Shot;
            t.index = std::array<int64_t, 5>{2, 2, 3, 4, 4}[size_t(tp - 1)];
            t.status = store::ReviewStatus::Accepted;
            a.turning_points.push_back(t);
        }
        const std::string srt = "1\n00:00:00,000 --> 00:50:00,500\nScene 1, Act 1\n\n"
                                "2\n00:50:00,500 --> 01:40:01,000\nScene 2, Acts 3-4\n\n"
                                "3\n01:40:01,000 --> 02:30:01,500\nScene 3, Act 6\n\n";
        QCOMPARE(toSrt(a), srt);
        QCOMPARE(parseWebVtt(toVttChapters(a), "c.vtt")[5].text, std::string("Act 6")); // the same names
        // Read back by our own SRT reader; written by `mega export --format srt`.
        const auto cues = parseSrt(srt, "scenes.srt");
        QCOMPARE(cues.size(), size_t(3));
        QCOMPARE(cues[2].start_s, 6001.0);
        QCOMPARE(cues[2].end_s, 9001.5);
        QVERIFY(exportFormatFromString("srt") == ExportFormat::Srt);
        exportAnnotation(a, exportFormatFromString("srt"), path("scenes.srt"));
        QCOMPARE(readTextFile(path("scenes.srt")), srt);
        for (const char* id : {"csv", "json", "edl", "otio", "vtt", "srt", "movienet", "tripod"}) exportFormatFromString(id);
        expectError([] { exportFormatFromString("sub"); }, "unknown export format 'sub' (expected csv, json, edl, otio, vtt, srt, movienet or tripod)");
        a.scenes.clear();
        QCOMPARE(toSrt(a), std::string());
    }

    void exportToAFolderThatTakesNoFile() {
        const FilmAnnotation a = threeScenes();
        // A folder that is not there: an error naming the file and the folder, for every user.
        const std::string missing = path("no-such-folder/three.srt");
        for (auto format : {ExportFormat::Srt, ExportFormat::Csv, ExportFormat::Json, ExportFormat::Edl, ExportFormat::Otio,
                            ExportFormat::Vtt})
            expectError([&] { exportAnnotation(a, format, missing); },
                        QString("'%1': cannot write the file: the folder %2 does not exist")
                            .arg(QString::fromStdString(missing), m_tmp.filePath("no-such-folder")));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("no-such-folder")));
        // A read-only folder: an error naming the path, nothing left in it. Tried, not assumed:
        // a user who may write anywhere (root) can write there, and then only the above holds.
        const QString ro = m_tmp.filePath("read-only");
        QVERIFY(QDir().mkpath(ro));
        QVERIFY(QFile::setPermissions(ro, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup |
                                              QFile::ReadOther | QFile::ExeOther)); // 0555
        QFile probe(ro + "/probe");
        const bool takesFiles = probe.open(QIODevice::WriteOnly);
        if (takesFiles) probe.remove();
        if (!takesFiles) {
            const std::string file = (ro + "/three.srt").toStdString(), folder = (ro + "/three-movienet").toStdString();
            expectError([&] { exportAnnotation(a, ExportFormat::Srt, file); }, QString::fromStdString("'" + file + "': cannot write the file"));
            expectError([&] { exportAnnotation(a, ExportFormat::MovieNet, folder); },
                        QString::fromStdString("'" + folder + "': cannot create the folder"));
            QCOMPARE(QDir(ro).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
        } else {
            qInfo("the read-only folder takes files for this user (root?): only the missing folder was checked");
        }
        QVERIFY(QFile::setPermissions(ro, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)); // for the clean-up
    }

    void perShotFeatureFiles() {
        store::Project p(path("feat.mega"), store::Project::Mode::Create);
        importMovieNet(p, fixtures::shared("movienet").toStdString());
        const int64_t film = p.findFilmByName("tt0052357")->id; // 1101 shots
        std::vector<float> good(1101 * 4, 0.5f), bad(1100 * 4, 0.5f);
        features::writeNpy(path("good.npy"), good.data(), 1101, 4);
        features::writeNpy(path("bad.npy"), bad.data(), 1100, 4);
        QCOMPARE(importShotFeatures(p, film, "bassl", path("good.npy")), int64_t(4));
        QCOMPARE(p.featureFiles(film).size(), size_t(1));
        QCOMPARE(p.featureFiles(film)[0].count, int64_t(1101));
        expectError([&] { importShotFeatures(p, film, "other", path("bad.npy")); }, "1100 rows, but film");
        QCOMPARE(p.featureFiles(film).size(), size_t(1));
    }

    void jsonRoundTripThroughProjects() {
        store::Project p(path("json.mega"), store::Project::Mode::Create);
        importMovieNet(p, fixtures::shared("movienet").toStdString());
        const auto film = p.findFilmByName("tt0063442")->id;
        p.acceptBoundary(p.boundaries(film)[0].id);
        p.setTurningPoint(film, 2, store::UnitKind::Shot, 100);
        media::SubtitleCue cue{1.5, 2.0, "line, with \"quotes\""};
        p.setSubtitles(film, {cue});
        p.setSynopsis(film, "ann", {"S one.", "S two."}, {{{0}, {1}, {1}, {1}, {1}}}, "import:text");
        const std::string first = toJson(loadAnnotation(p, film));
        writeTextFile(path("film.json"), first);
        store::Project q(path("json2.mega"), store::Project::Mode::Create);
        const int64_t copy = importAnnotationJson(q, path("film.json"));
        QCOMPARE(toJson(loadAnnotation(q, copy)), first);
        expectError([&] { fromJson("{\"format\": \"something else\"}", "x.json"); }, "x.json': not a MEGA Studio film annotation");
        expectError([&] { fromJson("{oops", "x.json"); }, "x.json': not valid JSON");
        expectError([&] { fromJson("[2222222222222222222222222222222e222222]", "x.json"); }, "x.json': not valid JSON");
    }
};

QTEST_GUILESS_MAIN(TestIo)
#include "tst_io.moc"
