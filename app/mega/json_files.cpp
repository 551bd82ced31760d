#include "app/mega/json_files.h"

#include "core/common/error.h"
#include "core/io/text_formats.h"

namespace mega::cli {

using nlohmann::json;

std::map<std::string, json> filmsById(const std::string& path) {
    json j;
    try {
        j = json::parse(io::readTextFile(path));
    } catch (const json::exception& e) {
        throw Error(fileError(path, std::string("not valid JSON: ") + e.what()));
    }
    std::map<std::string, json> out;
    try {
        for (const auto& f : j.at("films")) {
            const std::string id = f.at("id").is_string() ? f.at("id").get<std::string>() : f.at("id").dump();
            // Two entries for one film would be scored as one, silently: refused.
            if (!out.emplace(id, f).second) throw Error(fileError(path, "film '" + id + "' is listed twice"));
        }
    } catch (const json::exception& e) {
        throw Error(fileError(path, std::string("expected {\"films\": [{\"id\": ..., ...}]}: ") + e.what()));
    }
    if (out.empty()) throw Error(fileError(path, "holds no film"));
    return out;
}

} // namespace mega::cli
