#include "core/pipeline/folder_words.h"

#include "core/common/error.h"
#include "core/io/text_formats.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace mega::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

FolderWords readFolderWords(const std::string& dir) {
    const fs::path path = fs::path(dir) / kFolderWordsFile;
    if (!fs::exists(path))
        throw Error(fileError(dir, std::string("has no ") + kFolderWordsFile +
                                       " (the shots' times, subtitles and synopsis that `mega features --per-shot` writes)"));
    const std::string where = path.string();
    const json j = json::parse(io::readTextFile(where), nullptr, false);
    if (!j.is_object() || !j.contains("shots") || !j["shots"].is_array())
        throw Error(fileError(where, "is not a features folder's words file: a JSON object with \"shots\" [[start, end], ...]"));
    FolderWords w;
    try {
        for (const auto& s : j["shots"]) {
            film::Shot shot;
            shot.start_s = s.at(0).get<double>();
            shot.end_s = s.at(1).get<double>();
            if (!(shot.end_s >= shot.start_s)) throw Error("a shot ends before it starts");
            w.shots.push_back(shot);
        }
        for (const auto& c : j.value("subtitles", json::array()))
            w.subtitles.push_back({c.at("start").get<double>(), c.at("end").get<double>(), c.at("text").get<std::string>()});
        for (const auto& s : j.value("synopsis", json::array())) w.synopsis.push_back(s.get<std::string>());
    } catch (const std::exception& e) {
        throw Error(fileError(where, std::string("is malformed: ") + e.what()));
    }
    return w;
}

void writeFolderWords(const std::string& dir, const FolderWords& w) {
    json j{{"shots", json::array()}, {"subtitles", json::array()}, {"synopsis", w.synopsis}};
    for (const auto& s : w.shots) j["shots"].push_back({s.start_s, s.end_s});
    for (const auto& c : w.subtitles) j["subtitles"].push_back({{"start", c.start_s}, {"end", c.end_s}, {"text", c.text}});
    io::writeTextFile((fs::path(dir) / kFolderWordsFile).string(), j.dump(1) + "\n");
}

} // namespace mega::pipeline
