#include "core/io/film_annotation.h"

#include "core/common/error.h"
#include "core/features/npy.h"
#include "core/film/source.h"
#include "core/film/structure.h"
#include "core/film/timecode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

namespace mega::io {

const char* const kMovieNetAnnotator = "movienet";

using nlohmann::json;
namespace fs = std::filesystem;

namespace {
constexpr const char* kTpNames[5] = {"Opportunity", "Change of Plans", "Point of No Return", "Major Setback", "Climax"};

const film::Source kMovieNetSource = film::Source::person(kMovieNetAnnotator);
const film::Source kMovieNetImportV1 = film::Source::import("movienet"); // how projects before schema 2's loop stored them

double filmFps(const FilmAnnotation& a) { return a.film.fps > 0 ? a.film.fps : 25.0; }

// How the exports name scenes and acts to people (chapters, subtitles, clips): numbered from 1.
std::string sceneTitle(int64_t index) { return "Scene " + std::to_string(index + 1); }
std::string actTitle(int index) { return "Act " + std::to_string(index + 1); }

} // namespace

FilmAnnotation loadAnnotation(const store::Project& project, int64_t film) {
    FilmAnnotation a;
    a.film = project.film(film);
    a.shots = project.shots(film);
    a.key_frames = project.keyFrames(film);
    a.boundaries = project.boundaries(film);
    a.scenes = project.scenes(film);
    a.turning_points = project.turningPoints(film);
    for (const auto& who : project.annotators(film))
        for (const auto& s : project.synopsis(film, who)) a.synopses[who].push_back(s.text);
    a.cues = project.subtitles(film);
    return a;
}

ExportFormat exportFormatFromString(const std::string& s) {
    if (s == "csv") return ExportFormat::Csv;
    if (s == "json") return ExportFormat::Json;
    if (s == "edl") return ExportFormat::Edl;
    if (s == "otio") return ExportFormat::Otio;
    if (s == "vtt") return ExportFormat::Vtt;
    if (s == "srt") return ExportFormat::Srt;
    if (s == "movienet") return ExportFormat::MovieNet;
    if (s == "tripod") return ExportFormat::Tripod;
    throw Error("unknown export format '" + s + "' (expected csv, json, edl, otio, vtt, srt, movienet or tripod)");
}

// ---- CSV ----

std::string toCsv(const FilmAnnotation& a) {
    std::string out = "kind,index,start_frame,end_frame,start_s,end_s,tp,unit,unit_index,annotator,status,source,probability\n";
    char buf[160];
    for (size_t i = 0; i < a.shots.size(); ++i) {
        const auto& s = a.shots[i];
        std::snprintf(buf, sizeof buf, "shot,%zu,%lld,%lld,%.6f,%.6f,,,,,,,\n", i, static_cast<long long>(s.start_frame),
                      static_cast<long long>(s.end_frame), s.start_s, s.end_s);
        out += buf;
    }
    for (const auto& sc : a.scenes) {
        const auto& first = a.shots[static_cast<size_t>(sc.first_shot)];
        const auto& last = a.shots[static_cast<size_t>(sc.last_shot)];
        std::snprintf(buf, sizeof buf, "scene,%lld,%lld,%lld,%.6f,%.6f,,shot,%lld,,,,\n", static_cast<long long>(sc.index),
                      static_cast<long long>(first.start_frame), static_cast<long long>(last.end_frame), sc.start_s,
                      sc.end_s, static_cast<long long>(sc.first_shot));
        out += buf;
    }
    for (const auto& b : a.boundaries) {
        out += "boundary," + std::to_string(b.id) + ",,,,,,shot," + std::to_string(b.shot_index) + ",," +
               store::toString(b.status) + "," + csvField(b.source) + "," +
               (b.probability ? std::to_string(*b.probability) : "") + "\n";
    }
    for (const auto& t : a.turning_points) {
        out += "tp," + std::to_string(t.id) + ",,,,," + std::to_string(t.tp) + "," + store::toString(t.unit) + "," +
               std::to_string(t.index) + "," + csvField(t.annotator) + "," + store::toString(t.status) + "," +
               csvField(t.source) + "," + (t.probability ? std::to_string(*t.probability) : "") + "\n";
    }
    return out;
}

// ---- JSON ----

std::string toJson(const FilmAnnotation& a) {
    json j;
    j["format"] = "mega-studio.film-annotation";
    j["version"] = 1;
    j["film"] = {{"name", a.film.name},   {"path", a.film.path},   {"fingerprint", a.film.fingerprint},
                 {"duration_s", a.film.duration_s}, {"fps", a.film.fps}, {"frame_count", a.film.frame_count},
                 {"width", a.film.width}, {"height", a.film.height}};
    j["shots"] = json::array();
    for (const auto& s : a.shots)
        j["shots"].push_back({{"start_frame", s.start_frame}, {"end_frame", s.end_frame}, {"start_s", s.start_s}, {"end_s", s.end_s}});
    j["key_frames"] = a.key_frames;
    j["boundaries"] = json::array();
    for (const auto& b : a.boundaries)
        j["boundaries"].push_back({{"shot_index", b.shot_index},
                                   {"probability", b.probability ? json(*b.probability) : json(nullptr)},
                                   {"source", b.source},
                                   {"status", store::toString(b.status)}});
    j["scenes"] = json::array();
    for (const auto& s : a.scenes)
        j["scenes"].push_back({{"first_shot", s.first_shot}, {"last_shot", s.last_shot}, {"start_s", s.start_s}, {"end_s", s.end_s}});
    j["turning_points"] = json::array();
    for (const auto& t : a.turning_points)
        j["turning_points"].push_back({{"tp", t.tp},
                                       {"unit", store::toString(t.unit)},
                                       {"index", t.index},
                                       {"annotator", t.annotator},
                                       {"probability", t.probability ? json(*t.probability) : json(nullptr)},
                                       {"source", t.source},
                                       {"status", store::toString(t.status)}});
    j["synopses"] = json::object();
    for (const auto& [who, sentences] : a.synopses) j["synopses"][who] = sentences;
    j["subtitles"] = json::array();
    for (const auto& c : a.cues) j["subtitles"].push_back({{"start_s", c.start_s}, {"end_s", c.end_s}, {"text", c.text}});
    return j.dump(2) + "\n";
}

FilmAnnotation fromJson(std::string_view text, const std::string& source) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) { // a syntax error, or a number too large (found by fuzzing)
        throw Error(fileError(source, std::string("not valid JSON: ") + e.what()));
    }
    FilmAnnotation a;
    try {
        if (j.value("format", "") != "mega-studio.film-annotation")
            throw Error("not a MEGA Studio film annotation (\"format\" is missing or different)");
        if (j.at("version").get<int>() > 1) throw Error("made by a newer MEGA Studio (version " + j.at("version").dump() + ")");
        const auto& f = j.at("film");
        a.film.name = f.at("name").get<std::string>();
        a.film.path = f.value("path", "");
        a.film.fingerprint = f.value("fingerprint", "");
        a.film.duration_s = f.value("duration_s", 0.0);
        a.film.fps = f.value("fps", 0.0);
        a.film.frame_count = f.value("frame_count", int64_t{0});
        a.film.width = f.value("width", 0);
        a.film.height = f.value("height", 0);
        for (const auto& s : j.at("shots"))
            a.shots.push_back({s.at("start_frame").get<int64_t>(), s.at("end_frame").get<int64_t>(),
                               s.at("start_s").get<double>(), s.at("end_s").get<double>()});
        a.key_frames = j.value("key_frames", std::vector<std::array<int64_t, 3>>{});
        for (const auto& b : j.at("boundaries")) {
            store::SceneBoundary sb;
            sb.shot_index = b.at("shot_index").get<int64_t>();
            if (!b.at("probability").is_null()) sb.probability = b.at("probability").get<double>();
            sb.source = b.at("source").get<std::string>();
            sb.status = store::reviewStatusFromString(b.at("status").get<std::string>());
            a.boundaries.push_back(sb);
        }
        for (const auto& t : j.at("turning_points")) {
            store::TurningPoint tp;
            tp.tp = t.at("tp").get<int>();
            tp.unit = store::unitKindFromString(t.at("unit").get<std::string>());
            tp.index = t.at("index").get<int64_t>();
            tp.annotator = t.at("annotator").get<std::string>();
            if (!t.at("probability").is_null()) tp.probability = t.at("probability").get<double>();
            tp.source = t.at("source").get<std::string>();
            tp.status = store::reviewStatusFromString(t.at("status").get<std::string>());
            a.turning_points.push_back(tp);
        }
        for (const auto& [who, sentences] : j.at("synopses").items()) a.synopses[who] = sentences.get<std::vector<std::string>>();
        for (const auto& c : j.at("subtitles"))
            a.cues.push_back({c.at("start_s").get<double>(), c.at("end_s").get<double>(), c.at("text").get<std::string>()});
        // "scenes" in the file are what its boundaries made when it was written; made again by the one rule.
        a.scenes = film::scenesFromBoundaries(a.shots, a.boundaries);
    } catch (const json::exception& e) {
        throw Error(fileError(source, std::string("malformed film annotation: ") + e.what()));
    } catch (const Error& e) {
        throw Error(fileError(source, e.what()));
    }
    return a;
}

// ---- EDL ----

std::string toEdl(const FilmAnnotation& a) {
    const double fps = filmFps(a);
    const bool drop = film::isDropFrame(fps);
    std::string title = a.film.name.empty() ? "MEGA Studio scenes" : a.film.name;
    std::string out = "TITLE: " + title.substr(0, 70) + "\nFCM: " + (drop ? "DROP FRAME" : "NON-DROP FRAME") + "\n\n";
    const std::string clip = a.film.path.empty() ? a.film.name : fs::path(a.film.path).filename().string();
    int64_t record = 0;
    char buf[256];
    for (const auto& sc : a.scenes) {
        const int64_t in = a.shots[static_cast<size_t>(sc.first_shot)].start_frame;
        const int64_t outFrame = a.shots[static_cast<size_t>(sc.last_shot)].end_frame + 1; // exclusive
        std::snprintf(buf, sizeof buf, "%03lld  AX       V     C        %s %s %s %s\n",
                      static_cast<long long>(sc.index + 1), film::timecode(in, fps).c_str(), film::timecode(outFrame, fps).c_str(),
                      film::timecode(record, fps).c_str(), film::timecode(record + outFrame - in, fps).c_str());
        out += buf;
        out += "* FROM CLIP NAME: " + clip + "\n* COMMENT: SCENE " + std::to_string(sc.index + 1) + "\n\n";
        record += outFrame - in;
    }
    return out;
}

// ---- OpenTimelineIO ----

namespace {
json rationalTime(double value, double rate) {
    return {{"OTIO_SCHEMA", "RationalTime.1"}, {"rate", rate}, {"value", value}};
}
json timeRange(double start, double duration, double rate) {
    return {{"OTIO_SCHEMA", "TimeRange.1"}, {"start_time", rationalTime(start, rate)}, {"duration", rationalTime(duration, rate)}};
}
} // namespace

std::string toOtio(const FilmAnnotation& a) {
    const double fps = filmFps(a);
    json reference = {{"OTIO_SCHEMA", "ExternalReference.1"},
                      {"metadata", json::object()},
                      {"name", a.film.name},
                      {"available_range", a.film.frame_count > 0 ? timeRange(0, static_cast<double>(a.film.frame_count), fps)
                                                                 : json(nullptr)},
                      {"available_image_bounds", nullptr},
                      {"target_url", a.film.path.empty() ? "" : "file://" + fs::absolute(a.film.path).string()}};
    json clips = json::array();
    for (const auto& sc : a.scenes) {
        const double in = static_cast<double>(a.shots[static_cast<size_t>(sc.first_shot)].start_frame);
        const double out = static_cast<double>(a.shots[static_cast<size_t>(sc.last_shot)].end_frame + 1);
        clips.push_back({{"OTIO_SCHEMA", "Clip.2"},
                         {"name", sceneTitle(sc.index)},
                         {"metadata", {{"mega_studio", {{"first_shot", sc.first_shot}, {"last_shot", sc.last_shot}}}}},
                         {"source_range", timeRange(in, out - in, fps)},
                         {"effects", json::array()},
                         {"markers", json::array()},
                         {"enabled", true},
                         {"media_references", {{"DEFAULT_MEDIA", reference}}},
                         {"active_media_reference_key", "DEFAULT_MEDIA"}});
    }
    // TPs on shots and scenes become markers on the track, in the track's (record) time.
    json markers = json::array();
    for (const auto& t : a.turning_points) {
        if (t.status == store::ReviewStatus::Rejected || t.unit == store::UnitKind::Sentence) continue;
        int64_t first = t.index, last = t.index;
        if (t.unit == store::UnitKind::Scene) {
            if (t.index >= static_cast<int64_t>(a.scenes.size())) continue;
            first = a.scenes[static_cast<size_t>(t.index)].first_shot;
            last = a.scenes[static_cast<size_t>(t.index)].last_shot;
        }
        if (last >= static_cast<int64_t>(a.shots.size())) continue;
        const double start = static_cast<double>(a.shots[static_cast<size_t>(first)].start_frame);
        const double end = static_cast<double>(a.shots[static_cast<size_t>(last)].end_frame + 1);
        markers.push_back({{"OTIO_SCHEMA", "Marker.2"},
                           {"name", "TP" + std::to_string(t.tp) + " " + kTpNames[t.tp - 1]},
                           {"metadata", {{"mega_studio", {{"tp", t.tp}, {"unit", store::toString(t.unit)}, {"index", t.index},
                                                          {"annotator", t.annotator}, {"source", t.source}}}}},
                           {"color", "RED"},
                           {"comment", ""},
                           {"marked_range", timeRange(start, end - start, fps)}});
    }
    json track = {{"OTIO_SCHEMA", "Track.1"}, {"name", "Scenes"}, {"metadata", json::object()}, {"source_range", nullptr},
                  {"effects", json::array()}, {"markers", markers}, {"enabled", true}, {"children", clips}, {"kind", "Video"}};
    json stack = {{"OTIO_SCHEMA", "Stack.1"}, {"name", "tracks"}, {"metadata", json::object()}, {"source_range", nullptr},
                  {"effects", json::array()}, {"markers", json::array()}, {"enabled", true}, {"children", json::array({track})}};
    json timeline = {{"OTIO_SCHEMA", "Timeline.1"},
                     {"name", a.film.name},
                     {"metadata", {{"mega_studio", {{"fps", fps}}}}},
                     {"global_start_time", nullptr},
                     {"tracks", stack}};
    return timeline.dump(4) + "\n";
}

// ---- WebVTT chapters ----

std::string toVttChapters(const FilmAnnotation& a) {
    std::vector<media::SubtitleCue> chapters;
    const auto acts = film::actsFromTurningPoints(a.turning_points, a.shots, a.scenes);
    for (const auto& act : acts) chapters.push_back({act.start_s, act.end_s, actTitle(act.index)});
    if (acts.empty())
        for (const auto& sc : a.scenes) chapters.push_back({sc.start_s, sc.end_s, sceneTitle(sc.index)});
    return writeWebVtt(chapters);
}

// ---- SRT ----

std::string toSrt(const FilmAnnotation& a) {
    const auto acts = film::actsFromTurningPoints(a.turning_points, a.shots, a.scenes);
    // The act holding a shot (an empty act, between two TPs on one shot, holds none).
    auto actOf = [&](int64_t shot) {
        for (const auto& act : acts)
            if (shot >= act.first_shot && shot <= act.last_shot) return act.index;
        return -1;
    };
    std::vector<media::SubtitleCue> cues;
    for (const auto& sc : a.scenes) {
        std::string text = sceneTitle(sc.index);
        const int first = actOf(sc.first_shot), last = actOf(sc.last_shot);
        if (first >= 0 && first == last) text += ", " + actTitle(first);
        else if (first >= 0 && last >= 0) text += ", Acts " + std::to_string(first + 1) + "-" + std::to_string(last + 1);
        cues.push_back({sc.start_s, sc.end_s, text});
    }
    return writeSrt(cues);
}

// ---- MovieNet, TRIPOD ----

GoldFilm goldShots(const std::string& id, const std::vector<shots::Shot>& shots) {
    GoldFilm g;
    g.id = id;
    for (size_t i = 0; i < shots.size(); ++i) {
        g.shots.emplace_back(shots[i].start_frame, shots[i].end_frame);
        if (i + 1 < shots.size()) g.boundary_times.push_back(shots[i + 1].start_s);
    }
    g.labels.assign(g.boundary_times.size(), 0);
    return g;
}

GoldFilm toGold(const FilmAnnotation& a) {
    // People's decisions only, as a project's gold (pipeline::projectGold) and training read them:
    // a model's proposals nobody reviewed (an export of a film under review) are not gold.
    GoldFilm g = goldShots(a.film.name, a.shots);
    for (const auto& b : a.boundaries)
        if (film::decidedSceneEnd(b) && b.shot_index >= 0 && b.shot_index < int64_t(g.labels.size())) g.labels[size_t(b.shot_index)] = 1;
    g.tps = film::decidedTurningPointShots(a.turning_points, a.shots, a.scenes);
    g.sentence_tps = film::decidedTurningPointSentences(a.turning_points);
    return g;
}

std::string writeGold(const std::vector<GoldFilm>& films) {
    std::string out = "{\"films\": [";
    std::set<std::string> ids;
    for (const auto& g : films) {
        if (!ids.insert(g.id).second) throw Error("two films are named \"" + g.id + "\"; gold needs one id a film");
        json f = {{"id", g.id}, {"labels", g.labels}, {"shots", g.shots}, {"boundary_times", g.boundary_times}};
        if (g.tps) {
            f["units"] = g.shots.size();
            json tps = json::array();
            for (int64_t s : *g.tps) tps.push_back({s});
            f["tps"] = tps;
        }
        if (g.sentence_tps) f["sentence_tps"] = *g.sentence_tps;
        out += (ids.size() > 1 ? ",\n " : "\n ") + f.dump(); // a film a line
    }
    return out + "\n]}\n";
}

MovieNetFilm toMovieNet(const FilmAnnotation& a) {
    MovieNetFilm m;
    m.imdb = a.film.name;
    const bool known = a.key_frames.size() == a.shots.size();
    for (size_t i = 0; i < a.shots.size(); ++i) {
        const auto& s = a.shots[i];
        const int64_t len = s.end_frame - s.start_frame; // without MovieNet's own: at 1/4, 1/2, 3/4
        m.shots.push_back({s.start_frame, s.end_frame,
                           known ? a.key_frames[i]
                                 : std::array<int64_t, 3>{s.start_frame + len / 4, s.start_frame + len / 2,
                                                          s.start_frame + 3 * len / 4}});
    }
    m.labels.assign(a.shots.empty() ? 0 : a.shots.size() - 1, 0);
    for (const auto& b : a.boundaries) {
        if (b.status == store::ReviewStatus::Rejected || b.shot_index < 0 || b.shot_index >= static_cast<int64_t>(m.labels.size()))
            continue;
        const film::Source from = film::Source::parse(b.source);
        const bool unsure = b.status == store::ReviewStatus::Unreviewed && (from == kMovieNetSource || from == kMovieNetImportV1);
        m.labels[static_cast<size_t>(b.shot_index)] = unsure ? -1 : 1;
    }
    return m;
}

std::vector<TripodSynopsis> toTripod(const FilmAnnotation& a) {
    std::vector<TripodSynopsis> rows;
    for (const auto& [who, sentences] : a.synopses) {
        TripodSynopsis s;
        s.movie = a.film.name;
        s.annotator = who;
        s.sentences = sentences;
        for (size_t i = 0; i < sentences.size(); ++i) s.raw += (i ? "\n" : "") + sentences[i];
        for (const auto& t : a.turning_points)
            if (t.unit == store::UnitKind::Sentence && t.annotator == who && t.status != store::ReviewStatus::Rejected)
                s.tps[static_cast<size_t>(t.tp - 1)].push_back(t.index);
        for (auto& tp : s.tps) std::sort(tp.begin(), tp.end());
        rows.push_back(std::move(s));
    }
    return rows;
}

namespace {
// An export's file: its folder must be there (a missing one is said as such, not guessed at);
// a folder that takes no files (read-only, no permission) fails in writeTextFile, naming `path`.
void writeExport(const std::string& path, std::string_view text) {
    fs::path folder = fs::path(path).parent_path();
    if (folder.empty()) folder = ".";
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(fileError(path, "cannot write the file: the folder " + folder.string() + " does not exist"));
    writeTextFile(path, text);
}
} // namespace

void exportAnnotation(const FilmAnnotation& a, ExportFormat format, const std::string& path) {
    switch (format) {
    case ExportFormat::Csv: writeExport(path, toCsv(a)); return;
    case ExportFormat::Json: writeExport(path, toJson(a)); return;
    case ExportFormat::Edl: writeExport(path, toEdl(a)); return;
    case ExportFormat::Otio: writeExport(path, toOtio(a)); return;
    case ExportFormat::Vtt: writeExport(path, toVttChapters(a)); return;
    case ExportFormat::Srt: writeExport(path, toSrt(a)); return;
    case ExportFormat::Tripod:
        for (const auto& s : toTripod(a))
            if (std::any_of(s.tps.begin(), s.tps.end(), [](const auto& v) { return v.empty(); }))
                throw Error(fileError(path, "cannot write TRIPOD: annotator '" + s.annotator + "' has not set all five TPs"));
        writeExport(path, writeTripodSynopses(toTripod(a)));
        return;
    case ExportFormat::MovieNet: {
        const MovieNetFilm m = toMovieNet(a);
        for (const char* sub : {"label318", "shot_movie318"}) {
            std::error_code ec;
            fs::create_directories(fs::path(path) / sub, ec);
            if (ec) throw Error(fileError(path, "cannot create the folder: " + ec.message()));
        }
        writeTextFile((fs::path(path) / "label318" / (m.imdb + ".txt")).string(), writeMovieNetLabels(m));
        writeTextFile((fs::path(path) / "shot_movie318" / (m.imdb + ".txt")).string(), writeMovieNetShots(m));
        return;
    }
    }
}

// ---- imports ----

namespace {
int64_t filmNamed(store::Project& p, const std::string& name) {
    if (auto f = p.findFilmByName(name)) return f->id;
    store::Film film;
    film.name = name;
    return p.addFilm(film);
}
} // namespace

int importTripodSynopses(store::Project& project, const std::string& csvPath) {
    const auto rows = parseTripodSynopses(readTextFile(csvPath), csvPath); // all checked before anything is written
    project.batch([&] {
        for (const auto& r : rows) project.setSynopsis(filmNamed(project, r.movie), r.annotator, r.sentences, r.tps, film::Source::import("tripod").str());
    });
    return static_cast<int>(rows.size());
}

int importTripodScreenplayTps(store::Project& project, const std::string& csvPath) {
    const auto rows = parseTripodScreenplayTps(readTextFile(csvPath), csvPath);
    project.batch([&] {
        for (const auto& r : rows) {
            std::vector<store::TurningPoint> tps;
            for (int n = 0; n < 5; ++n)
                for (int64_t scene : r.scenes[static_cast<size_t>(n)]) {
                    store::TurningPoint t;
                    t.tp = n + 1;
                    t.unit = store::UnitKind::Scene;
                    t.index = scene;
                    t.status = store::ReviewStatus::Accepted;
                    tps.push_back(t);
                }
            project.setTurningPoints(filmNamed(project, r.movie), film::Source::import("tripod-screenplay").str(), "", tps);
        }
    });
    return static_cast<int>(rows.size());
}

int importMovieNet(store::Project& project, const std::string& dir, std::vector<std::string>* warnings,
                   const MovieNetOptions& o, std::vector<int64_t>* imported) {
    fs::path labels = fs::path(dir) / "label318", shots = fs::path(dir) / "shot_movie318";
    std::error_code ec;
    if (!fs::is_directory(labels, ec) || !fs::is_directory(shots, ec))
        throw Error(fileError(dir, "not a MovieNet folder (expected label318/ and shot_movie318/ in it)"));
    auto warn = [&](const std::string& w) {
        if (warnings) warnings->push_back(w);
    };
    std::vector<MovieNetFilm> films;
    std::set<std::string> ids;
    for (const auto& e : fs::directory_iterator(labels))
        if (e.path().extension() == ".txt") ids.insert(e.path().stem().string());
    if (ids.empty()) throw Error(fileError(labels.string(), "holds no <imdb id>.txt label file"));
    if (!o.split.empty()) {
        const std::string path = (fs::path(dir) / "split.json").string();
        const json split = json::parse(readTextFile(path), nullptr, false);
        if (!split.is_object()) throw Error(fileError(path, "is not a JSON object of split names"));
        if (!split.contains(o.split) || !split[o.split].is_array()) {
            std::string names;
            for (const auto& [k, v] : split.items()) names += (names.empty() ? "" : ", ") + k;
            throw Error(fileError(path, "has no split '" + o.split + "' (it has: " + names + ")"));
        }
        std::set<std::string> listed;
        for (const auto& v : split[o.split])
            if (v.is_string()) listed.insert(v.get<std::string>());
        for (const auto& id : listed)
            if (!ids.count(id)) warn("film " + id + " of split '" + o.split + "' has no label file in " + labels.string());
        std::erase_if(ids, [&](const std::string& id) { return !listed.count(id); });
        if (ids.empty()) throw Error(fileError(path, "split '" + o.split + "' names no film of " + labels.string()));
    }
    // Subtitles, where the corpus has them (subtitle/<id>.srt: UTF-8, UTF-16, Latin-1 or MicroDVD).
    const fs::path subs = fs::path(dir) / "subtitle";
    const bool hasSubs = fs::is_directory(subs, ec);
    std::map<std::string, std::vector<media::SubtitleCue>> cues;
    for (const auto& id : ids) {
        const std::string lp = (labels / (id + ".txt")).string(), sp = (shots / (id + ".txt")).string();
        std::string adjusted;
        films.push_back(parseMovieNet(id, readTextFile(lp), lp, readTextFile(sp), sp, &adjusted));
        if (!adjusted.empty()) warn("film " + id + ": " + adjusted);
        if (!hasSubs) continue;
        const fs::path srt = subs / (id + ".srt");
        if (!fs::exists(srt, ec)) {
            warn("film " + id + ": no subtitles (" + srt.string() + "); imported without them");
            continue;
        }
        try {
            int skipped = 0;
            cues[id] = readSubtitleFile(srt.string(), 24.0, nullptr, &skipped); // MovieNet's frames are at 24 fps
            if (skipped)
                warn("film " + id + ": " + std::to_string(skipped) + " malformed subtitle cues of " + srt.string() +
                     " skipped, " + std::to_string(cues[id].size()) + " read");
        } catch (const Error& e) {
            warn("film " + id + ": subtitles not read (" + std::string(e.what()) + "); imported without them");
        }
    }
    project.batch([&] {
        for (const auto& m : films) {
            const int64_t film = filmNamed(project, m.imdb);
            // MovieNet's shots are frame ranges at 24 fps (its convention when no film is attached).
            const store::Film f = project.film(film);
            const double fps = f.fps > 0 ? f.fps : 24.0;
            std::vector<shots::Shot> list;
            for (const auto& s : m.shots)
                list.push_back({s.start_frame, s.end_frame, static_cast<double>(s.start_frame) / fps,
                                static_cast<double>(s.end_frame + 1) / fps});
            project.setShots(film, list);
            std::vector<std::array<int64_t, 3>> keyFrames;
            for (const auto& s : m.shots) keyFrames.push_back(s.key_frames);
            project.setKeyFrames(film, keyFrames);
            if (imported) imported->push_back(film);
            if (auto c = cues.find(m.imdb); c != cues.end() && !c->second.empty()) project.setSubtitles(film, c->second);
            if (!o.labels) continue;
            std::vector<store::SceneBoundary> bounds;
            for (size_t i = 0; i < m.labels.size(); ++i)
                if (m.labels[i] != 0) {
                    // -1 (the annotators were unsure) is a boundary still to be reviewed; it counts as
                    // a boundary, as the reference evaluations count it.
                    store::SceneBoundary b;
                    b.shot_index = static_cast<int64_t>(i);
                    b.status = m.labels[i] > 0 ? store::ReviewStatus::Accepted : store::ReviewStatus::Unreviewed;
                    bounds.push_back(b);
                }
            project.setBoundaries(film, kMovieNetSource.str(), bounds);
            project.setFilmReviewed(film, true);
        }
    });
    return static_cast<int>(films.size());
}

int importSubtitleFile(store::Project& project, int64_t film, const std::string& path) {
    const auto cues = readSubtitleFile(path);
    project.setSubtitles(film, cues);
    return static_cast<int>(cues.size());
}

int importSynopsisText(store::Project& project, int64_t film, const std::string& path, const std::string& annotator,
                       bool split) {
    const auto sentences = parseSynopsisText(readTextFile(path), split);
    if (sentences.empty()) throw Error(fileError(path, "holds no sentence"));
    project.setSynopsis(film, annotator, sentences, {}, film::Source::import("text").str());
    return static_cast<int>(sentences.size());
}

int64_t importShotFeatures(store::Project& project, int64_t film, const std::string& modality, const std::string& npyPath) {
    const auto a = features::readNpy(npyPath);
    const auto shots = project.shots(film);
    if (a.shape.size() != 2) throw Error(fileError(npyPath, "per-shot features must be a 2-dimensional array [shots, D]"));
    if (a.shape[0] != static_cast<int64_t>(shots.size()))
        throw Error(fileError(npyPath, std::to_string(a.shape[0]) + " rows, but film " + std::to_string(film) + " has " +
                                           std::to_string(shots.size()) + " shots"));
    for (double v : a.values)
        if (!std::isfinite(v)) throw Error(fileError(npyPath, "holds a NaN or infinite value"));
    if (modality.empty()) throw Error("a modality name is needed");
    project.setFeatureFile(film, {modality, fs::absolute(npyPath).string(), a.shape[0], a.shape[1], "import:" + fs::absolute(npyPath).string()});
    return a.shape[1];
}

int64_t importAnnotationJson(store::Project& project, const std::string& path) {
    const FilmAnnotation a = fromJson(readTextFile(path), path);
    int64_t film = 0;
    project.batch([&] {
        if (auto existing = project.findFilmByName(a.film.name)) film = existing->id;
        else film = project.addFilm(a.film);
        project.setShots(film, a.shots);
        if (!a.key_frames.empty()) project.setKeyFrames(film, a.key_frames);
        std::map<std::string, std::vector<store::SceneBoundary>> bySource;
        for (const auto& b : a.boundaries) bySource[b.source].push_back(b);
        for (const auto& [source, list] : bySource) project.setBoundaries(film, source, list);
        for (const auto& [who, sentences] : a.synopses) project.setSynopsis(film, who, sentences, {}, film::Source::import("json").str());
        std::map<std::pair<std::string, std::string>, std::vector<store::TurningPoint>> tps;
        for (const auto& t : a.turning_points) tps[{t.source, t.annotator}].push_back(t);
        for (const auto& [key, list] : tps) project.setTurningPoints(film, key.first, key.second, list);
        project.setSubtitles(film, a.cues);
    });
    return film;
}

} // namespace mega::io
