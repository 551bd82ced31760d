#pragma once
// JSON forms of core results, as the command line prints them.

#include "core/media/media_info.h"
#include "core/shots/shot_list.h"

#include <nlohmann/json.hpp>

namespace mega::cli {

nlohmann::json toJson(const media::MediaInfo& info);
nlohmann::json toJson(const shots::ShotList& shots);

} // namespace mega::cli
