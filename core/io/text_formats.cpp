#include "core/io/text_formats.h"

#include "core/common/error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace mega::io {

namespace {

[[noreturn]] void fail(const std::string& source, int line, const std::string& why) {
    throw Error(fileError(source, "line " + std::to_string(line) + ": " + why));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Lines without their terminators (\n, \r\n), with 1-based numbers; a UTF-8 BOM is dropped.
std::vector<std::string_view> splitLines(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

bool parseInt(std::string_view s, int64_t& out) {
    s = trim(s);
    if (s.empty()) return false;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::string joinIndices(const std::vector<int64_t>& v) {
    if (v.size() == 1) return std::to_string(v[0]);
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

std::map<std::string, size_t> header(const CsvRow& row) {
    std::map<std::string, size_t> h;
    for (size_t i = 0; i < row.fields.size(); ++i) h[std::string(trim(row.fields[i]))] = i;
    return h;
}

size_t column(const std::map<std::string, size_t>& h, const std::string& name, const std::string& source) {
    auto it = h.find(name);
    if (it == h.end()) fail(source, 1, "the header has no column '" + name + "'");
    return it->second;
}

} // namespace

// ---- CSV ----

std::vector<CsvRow> parseCsv(std::string_view text, const std::string& source) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    int line = 1, quoteLine = 0;
    bool inQuotes = false, fieldStarted = false, rowStarted = false;
    row.line = 1;
    auto endField = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        fieldStarted = false;
    };
    auto endRow = [&] {
        endField();
        rows.push_back(std::move(row));
        row = CsvRow{};
        rowStarted = false;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!rowStarted) {
            row.line = line;
            rowStarted = true;
        }
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (fieldStarted) fail(source, line, "a quote inside an unquoted field");
            inQuotes = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == ',') {
            endField();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            endRow();
            ++line;
        } else {
            if (fieldStarted && !field.empty() && i > 0 && text[i - 1] == '"')
                fail(source, line, "text after a closing quote");
            field += c;
            fieldStarted = true;
        }
    }
    if (inQuotes) fail(source, quoteLine, "a quoted field is never closed");
    if (rowStarted) endRow();
    return rows;
}

std::string csvField(std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos && (s.empty() || (s.front() != ' ' && s.back() != ' ')))
        return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::vector<int64_t> parseIndexList(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '[') {
        if (s.back() != ']') throw Error("'" + std::string(s) + "' is not a list of indices");
        s = s.substr(1, s.size() - 2);
    }
    std::vector<int64_t> out;
    std::string token;
    auto flush = [&] {
        if (token.empty()) return;
        int64_t v = 0;
        if (!parseInt(token, v) || v < 0) throw Error("'" + token + "' is not an index");
        out.push_back(v);
        token.clear();
    };
    for (char c : s) {
        if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) flush();
        else token += c;
    }
    flush();
    if (out.empty()) throw Error("an empty list of indices");
    return out;
}

// ---- TRIPOD ----

namespace {

std::vector<std::string> segmentedSentences(std::string_view s, const std::string& source, int line) {
    static constexpr std::string_view kOpen = "[STR_SENT]", kClose = "[END_SENT]";
    std::vector<std::string> out;
    size_t pos = 0;
    while (true) {
        const size_t open = s.find(kOpen, pos);
        if (open == std::string_view::npos) {
            if (!trim(s.substr(pos)).empty() && s.find(kClose, pos) != std::string_view::npos)
                fail(source, line, "[END_SENT] without [STR_SENT] in synopsis_segmented");
            break;
        }
        const size_t close = s.find(kClose, open);
        if (close == std::string_view::npos)
            fail(source, line, "sentence " + std::to_string(out.size()) + " of synopsis_segmented has no [END_SENT]");
        const size_t nextOpen = s.find(kOpen, open + kOpen.size());
        if (nextOpen != std::string_view::npos && nextOpen < close)
            fail(source, line, "sentence " + std::to_string(out.size()) + " of synopsis_segmented has no [END_SENT]");
        out.emplace_back(trim(s.substr(open + kOpen.size(), close - open - kOpen.size())));
        pos = close + kClose.size();
    }
    return out;
}

void splitAnnotator(const std::string& name, std::string& movie, std::string& annotator) {
    const size_t us = name.rfind('_');
    int64_t n = 0;
    if (us != std::string::npos && parseInt(std::string_view(name).substr(us + 1), n)) {
        movie = name.substr(0, us);
        annotator = name.substr(us + 1);
    } else {
        movie = name;
        annotator.clear();
    }
}

std::array<std::vector<int64_t>, 5> tpColumns(const CsvRow& row, const std::map<std::string, size_t>& h,
                                              const std::string& source, size_t limit, const char* unit) {
    std::array<std::vector<int64_t>, 5> tps;
    for (int n = 0; n < 5; ++n) {
        const std::string col = "tp" + std::to_string(n + 1);
        const std::string& v = row.fields[column(h, col, source)];
        try {
            tps[static_cast<size_t>(n)] = parseIndexList(v);
        } catch (const Error& e) {
            fail(source, row.line, col + ": " + e.what());
        }
        for (int64_t i : tps[static_cast<size_t>(n)])
            if (limit && static_cast<size_t>(i) >= limit)
                fail(source, row.line,
                     col + " = " + std::to_string(i) + " but the synopsis has " + std::to_string(limit) + " " + unit);
    }
    return tps;
}

} // namespace

std::vector<TripodSynopsis> parseTripodSynopses(std::string_view csv, const std::string& source) {
    const auto rows = parseCsv(csv, source);
    if (rows.empty()) fail(source, 1, "empty file (expected a TRIPOD synopses CSV)");
    const auto h = header(rows[0]);
    const size_t name = column(h, "movie_name", source), seg = column(h, "synopsis_segmented", source);
    const auto rawIt = h.find("synopsis_raw");
    std::vector<TripodSynopsis> out;
    for (size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (row.fields.size() == 1 && trim(row.fields[0]).empty()) continue; // a blank line
        if (row.fields.size() != rows[0].fields.size())
            fail(source, row.line, std::to_string(row.fields.size()) + " fields where the header has " +
                                       std::to_string(rows[0].fields.size()));
        TripodSynopsis s;
        splitAnnotator(row.fields[name], s.movie, s.annotator);
        if (s.movie.empty()) fail(source, row.line, "movie_name is empty");
        if (rawIt != h.end()) s.raw = row.fields[rawIt->second];
        s.sentences = segmentedSentences(row.fields[seg], source, row.line);
        if (s.sentences.empty()) fail(source, row.line, "synopsis_segmented holds no [STR_SENT] ... [END_SENT] sentence");
        s.tps = tpColumns(row, h, source, s.sentences.size(), "sentences");
        out.push_back(std::move(s));
    }
    return out;
}

std::string writeTripodSynopses(const std::vector<TripodSynopsis>& rows) {
    std::string out = "movie_name,synopsis_raw,synopsis_segmented,tp1,tp2,tp3,tp4,tp5\n";
    for (const auto& s : rows) {
        std::string seg;
        for (size_t i = 0; i < s.sentences.size(); ++i) seg += (i ? " " : "") + std::string("[STR_SENT] ") + s.sentences[i] + " [END_SENT]";
        out += csvField(s.annotator.empty() ? s.movie : s.movie + "_" + s.annotator) + "," + csvField(s.raw) + "," +
               csvField(seg);
        for (const auto& tp : s.tps) out += "," + csvField(joinIndices(tp));
        out += "\n";
    }
    return out;
}

std::vector<TripodScreenplayTps> parseTripodScreenplayTps(std::string_view csv, const std::string& source) {
    const auto rows = parseCsv(csv, source);
    if (rows.empty()) fail(source, 1, "empty file (expected movie_name,tp1,...,tp5)");
    const auto h = header(rows[0]);
    const size_t name = column(h, "movie_name", source);
    std::vector<TripodScreenplayTps> out;
    for (size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (row.fields.size() == 1 && trim(row.fields[0]).empty()) continue;
        if (row.fields.size() != rows[0].fields.size())
            fail(source, row.line, std::to_string(row.fields.size()) + " fields where the header has " +
                                       std::to_string(rows[0].fields.size()));
        TripodScreenplayTps t;
        t.movie = std::string(trim(row.fields[name]));
        if (t.movie.empty()) fail(source, row.line, "movie_name is empty");
        t.scenes = tpColumns(row, h, source, 0, "scenes");
        out.push_back(std::move(t));
    }
    return out;
}

std::string writeTripodScreenplayTps(const std::vector<TripodScreenplayTps>& rows) {
    std::string out = "movie_name,tp1,tp2,tp3,tp4,tp5\n";
    for (const auto& t : rows) {
        out += csvField(t.movie);
        for (const auto& tp : t.scenes) out += "," + csvField(joinIndices(tp));
        out += "\n";
    }
    return out;
}

// ---- MovieNet ----

MovieNetFilm parseMovieNet(const std::string& imdb, std::string_view labels, const std::string& labelSource,
                           std::string_view shots, const std::string& shotSource, std::string* adjusted) {
    MovieNetFilm film;
    film.imdb = imdb;
    const auto shotLines = splitLines(shots);
    for (size_t i = 0; i < shotLines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        std::istringstream in{std::string(shotLines[i])};
        MovieNetShot s;
        std::string extra;
        if (!(in >> s.start_frame >> s.end_frame >> s.key_frames[0] >> s.key_frames[1] >> s.key_frames[2]) || (in >> extra))
            fail(shotSource, line, "expected 'start_frame end_frame kf1 kf2 kf3'");
        if (s.end_frame < s.start_frame) fail(shotSource, line, "the shot ends before it starts");
        if (!film.shots.empty() && s.start_frame <= film.shots.back().end_frame)
            fail(shotSource, line, "the shot overlaps the one before");
        film.shots.push_back(s);
    }
    if (film.shots.empty()) fail(shotSource, 1, "no shots");
    const auto labelLines = splitLines(labels);
    for (size_t i = 0; i < labelLines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        std::istringstream in{std::string(labelLines[i])};
        std::string shot, extra;
        int64_t index = 0, label = 0;
        if (!(in >> shot >> label) || (in >> extra) || !parseInt(shot, index))
            fail(labelSource, line, "expected 'shot_index label'");
        if (index != static_cast<int64_t>(i))
            fail(labelSource, line, "shot index " + shot + " where " + std::to_string(i) + " was expected");
        if (label != 0 && label != 1 && label != -1) fail(labelSource, line, "label must be 1, 0 or -1");
        film.labels.push_back(static_cast<int>(label));
    }
    if (adjusted && film.labels.size() + 1 != film.shots.size()) {
        const size_t had = film.labels.size(), cuts = film.shots.size() - 1;
        film.labels.resize(cuts, 0);
        *adjusted = labelSource + ": " + std::to_string(had) + " labels for " + std::to_string(cuts) + " cuts; " +
                    (had > cuts ? "the last " + std::to_string(had - cuts) + " dropped"
                                : "the last " + std::to_string(cuts - had) + " cuts taken as inside a scene");
    }
    if (film.labels.size() + 1 != film.shots.size())
        fail(labelSource, static_cast<int>(labelLines.size()),
             std::to_string(film.labels.size()) + " labels for " + std::to_string(film.shots.size()) +
                 " shots (expected one per shot boundary: " + std::to_string(film.shots.size() - 1) + ")");
    return film;
}

std::string writeMovieNetLabels(const MovieNetFilm& film) {
    std::string out;
    char buf[32];
    for (size_t i = 0; i < film.labels.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%04zu %d\n", i, film.labels[i]);
        out += buf;
    }
    return out;
}

std::string writeMovieNetShots(const MovieNetFilm& film) {
    std::string out;
    for (const auto& s : film.shots)
        out += std::to_string(s.start_frame) + " " + std::to_string(s.end_frame) + " " + std::to_string(s.key_frames[0]) +
               " " + std::to_string(s.key_frames[1]) + " " + std::to_string(s.key_frames[2]) + "\n";
    return out;
}

// ---- subtitles ----

double parseTimestamp(std::string_view s) {
    s = trim(s);
    int64_t part[3] = {0, 0, 0};
    int parts = 0;
    size_t pos = 0;
    while (true) {
        const size_t colon = s.find(':', pos);
        if (colon == std::string_view::npos) break;
        if (parts == 2 || !parseInt(s.substr(pos, colon - pos), part[parts]) || part[parts] < 0)
            throw Error("'" + std::string(s) + "' is not a timestamp");
        ++parts;
        pos = colon + 1;
    }
    const std::string_view rest = s.substr(pos);
    const size_t dot = rest.find_first_of(".,");
    int64_t sec = 0, ms = 0;
    if (parts == 0 || dot == std::string_view::npos || !parseInt(rest.substr(0, dot), sec) || sec < 0 || sec > 59 ||
        rest.size() - dot - 1 != 3 || !parseInt(rest.substr(dot + 1), ms) || ms < 0 ||
        (parts == 2 && part[1] > 59) || (parts == 1 && part[0] > 59 && false))
        throw Error("'" + std::string(s) + "' is not a timestamp (HH:MM:SS,mmm)");
    const int64_t hours = parts == 2 ? part[0] : 0, minutes = parts == 2 ? part[1] : part[0];
    return static_cast<double>(hours * 3600 + minutes * 60 + sec) + static_cast<double>(ms) / 1000.0;
}

std::string formatTimestamp(double seconds, char sep) {
    const auto ms = static_cast<long long>(std::llround(std::max(0.0, seconds) * 1000.0));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%03lld", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, sep,
                  ms % 1000);
    return buf;
}

namespace {

// "00:00:01,000 --> 00:00:02,500 [settings]"
bool timingLine(std::string_view line, double& start, double& end) {
    const size_t arrow = line.find("-->");
    if (arrow == std::string_view::npos) return false;
    std::string_view right = trim(line.substr(arrow + 3));
    const size_t space = right.find_first_of(" \t");
    if (space != std::string_view::npos) right = right.substr(0, space); // WebVTT cue settings
    start = parseTimestamp(line.substr(0, arrow));
    end = parseTimestamp(right);
    return true;
}

std::vector<media::SubtitleCue> parseCues(std::string_view text, const std::string& source, bool vtt, int* skipped = nullptr) {
    const auto lines = splitLines(text);
    std::vector<media::SubtitleCue> cues;
    size_t i = 0;
    if (vtt) {
        if (lines.empty() || trim(lines[0]).substr(0, 6) != "WEBVTT") fail(source, 1, "a WebVTT file starts with WEBVTT");
        ++i;
    }
    while (i < lines.size()) {
        if (trim(lines[i]).empty()) {
            ++i;
            continue;
        }
        const int blockLine = static_cast<int>(i) + 1;
        if (vtt && (lines[i].substr(0, 4) == "NOTE" || lines[i].substr(0, 5) == "STYLE" || lines[i].substr(0, 6) == "REGION")) {
            while (i < lines.size() && !trim(lines[i]).empty()) ++i;
            continue;
        }
        try {
            // An identifier line (SRT's counter, WebVTT's optional id) comes before the timing.
            size_t timing = i;
            if (lines[i].find("-->") == std::string_view::npos) ++timing;
            if (timing >= lines.size()) fail(source, blockLine, "a cue without a timing line");
            media::SubtitleCue cue;
            try {
                if (!timingLine(lines[timing], cue.start_s, cue.end_s))
                    fail(source, static_cast<int>(timing) + 1, "expected 'start --> end'");
            } catch (const Error& e) {
                if (std::string(e.what()).rfind("'" + source + "'", 0) == 0) throw; // already says where
                fail(source, static_cast<int>(timing) + 1, e.what());
            }
            if (cue.end_s < cue.start_s) fail(source, static_cast<int>(timing) + 1, "the cue ends before it starts");
            i = timing + 1;
            std::string body;
            while (i < lines.size() && !trim(lines[i]).empty()) {
                if (!body.empty()) body += '\n';
                body += lines[i];
                ++i;
            }
            cue.text = std::move(body);
            cues.push_back(std::move(cue));
        } catch (const Error&) {
            if (!skipped) throw;
            // Lenient (a corpus): the malformed cue is skipped, up to the next blank line, and counted.
            ++*skipped;
            while (i < lines.size() && !trim(lines[i]).empty()) ++i;
        }
    }
    return cues;
}

} // namespace

std::vector<media::SubtitleCue> parseSrt(std::string_view text, const std::string& source) {
    return parseCues(text, source, false);
}

std::vector<media::SubtitleCue> parseWebVtt(std::string_view text, const std::string& source) {
    return parseCues(text, source, true);
}

std::string writeSrt(const std::vector<media::SubtitleCue>& cues) {
    std::string out;
    for (size_t i = 0; i < cues.size(); ++i)
        out += std::to_string(i + 1) + "\n" + formatTimestamp(cues[i].start_s, ',') + " --> " +
               formatTimestamp(cues[i].end_s, ',') + "\n" + cues[i].text + "\n\n";
    return out;
}

std::string writeWebVtt(const std::vector<media::SubtitleCue>& cues) {
    std::string out = "WEBVTT\n\n";
    for (const auto& c : cues)
        out += formatTimestamp(c.start_s) + " --> " + formatTimestamp(c.end_s) + "\n" + c.text + "\n\n";
    return out;
}

// ---- synopsis text ----

std::vector<std::string> parseSynopsisText(std::string_view text, bool split) {
    std::vector<std::string> out;
    for (std::string_view line : splitLines(text)) {
        line = trim(line);
        if (line.empty()) continue;
        if (!split) {
            out.emplace_back(line);
            continue;
        }
        size_t start = 0;
        for (size_t i = 0; i + 2 < line.size(); ++i) {
            const char c = line[i];
            if ((c == '.' || c == '!' || c == '?') && line[i + 1] == ' ' &&
                (std::isupper(static_cast<unsigned char>(line[i + 2])) || line[i + 2] == '"')) {
                out.emplace_back(trim(line.substr(start, i + 1 - start)));
                start = i + 2;
            }
        }
        if (auto rest = trim(line.substr(start)); !rest.empty()) out.emplace_back(rest);
    }
    return out;
}

std::vector<std::string> parseSynopsis(std::string_view text, bool split, const std::string& source) {
    if (text.find("[STR_SENT]") != std::string_view::npos || text.find("[END_SENT]") != std::string_view::npos) {
        // TRIPOD's segmented form may run over several lines; its sentences are what the markers hold.
        std::string flat(text);
        std::replace(flat.begin(), flat.end(), '\n', ' ');
        std::replace(flat.begin(), flat.end(), '\r', ' ');
        return segmentedSentences(flat, source, 1);
    }
    return parseSynopsisText(text, split);
}

// ---- files ----

std::string readTextFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(fileError(path, "no such file"));
    if (std::filesystem::is_directory(path, ec)) throw Error(fileError(path, "is a directory"));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fileError(path, "cannot read the file (permissions?)"));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeTextFile(const std::string& path, std::string_view text) {
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(fileError(path, "cannot write the file (folder missing or not writable?)"));
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) throw Error(fileError(path, "cannot write the file (disk full?)"));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(fileError(path, "cannot replace the file: " + ec.message()));
    }
}

namespace {

bool validUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        if (n < 0 || i + static_cast<size_t>(n) >= s.size() + (n == 0 ? 1 : 0)) return false;
        for (int k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) >> 6) != 0x2) return false;
        i += static_cast<size_t>(n) + 1;
    }
    return true;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::string decodeText(std::string_view b, std::string* encoding) {
    auto say = [&](const char* e) {
        if (encoding) *encoding = e;
    };
    const bool le = b.size() >= 2 && b[0] == '\xFF' && b[1] == '\xFE', be = b.size() >= 2 && b[0] == '\xFE' && b[1] == '\xFF';
    if (le || be) {
        say(le ? "utf-16le" : "utf-16be");
        std::string out;
        auto unit = [&](size_t i) -> uint32_t {
            const auto lo = static_cast<unsigned char>(b[i]), hi = static_cast<unsigned char>(b[i + 1]);
            return le ? (uint32_t(hi) << 8 | lo) : (uint32_t(lo) << 8 | hi);
        };
        for (size_t i = 2; i + 1 < b.size(); i += 2) {
            uint32_t cp = unit(i);
            if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < b.size()) {
                const uint32_t low = unit(i + 2);
                if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), i += 2;
            }
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD; // an unpaired surrogate is no character
            appendUtf8(out, cp);
        }
        return out;
    }
    if (validUtf8(b)) {
        say("utf-8");
        return std::string(b);
    }
    // Windows-1252 (a superset of Latin-1's printable characters) for 0x80-0x9F, Latin-1 above.
    static const uint16_t cp1252[32] = {0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
                                        0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                        0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
    say("latin-1");
    std::string out;
    for (char ch : b) {
        const auto c = static_cast<unsigned char>(ch);
        appendUtf8(out, c >= 0x80 && c < 0xA0 ? cp1252[c - 0x80] : c);
    }
    return out;
}

std::vector<media::SubtitleCue> parseMicroDvd(std::string_view text, double fps, const std::string& source) {
    if (fps <= 0) throw Error(fileError(source, "MicroDVD subtitles count frames: the film's frame rate is needed to read them"));
    std::vector<media::SubtitleCue> cues;
    const auto lines = splitLines(text);
    for (size_t n = 0; n < lines.size(); ++n) {
        const int number = static_cast<int>(n + 1);
        const std::string line(trim(lines[n]));
        if (line.empty()) continue;
        long long a = 0, b = 0;
        int used = 0;
        if (std::sscanf(line.c_str(), "{%lld}{%lld}%n", &a, &b, &used) != 2 || used <= 0)
            fail(source, number, "expected a MicroDVD line '{start frame}{end frame}text'");
        if (b < a) fail(source, number, "the cue ends before it starts");
        std::string t = line.substr(static_cast<size_t>(used));
        for (char& c : t)
            if (c == '|') c = '\n';
        if ((a == 0 || a == 1) && a == b && cues.empty()) continue; // "{1}{1}23.976": the file's own frame rate line
        cues.push_back({static_cast<double>(a) / fps, static_cast<double>(b) / fps, t});
    }
    return cues;
}

std::vector<media::SubtitleCue> readSubtitleFile(const std::string& path, double fps, std::string* encoding, int* skipped) {
    const std::string text = decodeText(readTextFile(path), encoding);
    const auto dot = path.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : path.substr(dot);
    std::string_view body = text;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    while (!body.empty() && (body[0] == '\n' || body[0] == '\r' || body[0] == ' ')) body.remove_prefix(1);
    if (!body.empty() && body[0] == '{') return parseMicroDvd(body, fps, path);
    const bool vtt = ext == ".vtt" || (ext != ".srt" && body.rfind("WEBVTT", 0) == 0);
    return parseCues(text, path, vtt, skipped);
}

} // namespace mega::io
