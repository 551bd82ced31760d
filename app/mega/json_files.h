#pragma once
// Reading the JSON files the command line shares (mega eval's and mega train's gold and prediction
// files: {"films": [{"id": ..., ...}]}).

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace mega::cli {

/// The films of such a file by id (a number id is kept as its JSON text). Throws mega::Error naming
/// the file: not JSON, not that layout, or no film at all.
std::map<std::string, nlohmann::json> filmsById(const std::string& path);

} // namespace mega::cli
