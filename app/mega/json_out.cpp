#include "app/mega/json_out.h"

namespace mega::cli {

using nlohmann::json;

namespace {
json rational(const media::Rational& r) {
    return {{"num", r.num}, {"den", r.den}, {"value", r.value()}};
}
} // namespace

json toJson(const media::MediaInfo& info) {
    json j{{"path", info.path},
           {"container", info.container},
           {"duration_s", info.duration_s},
           {"size_bytes", info.size_bytes},
           {"video", nullptr},
           {"audio", json::array()},
           {"main_audio", info.main_audio},
           {"subtitles", json::array()}};
    if (info.video) {
        const auto& v = *info.video;
        j["video"] = {{"index", v.index},
                      {"codec", v.codec},
                      {"width", v.width},
                      {"height", v.height},
                      {"avg_frame_rate", rational(v.avg_frame_rate)},
                      {"real_frame_rate", rational(v.real_frame_rate)},
                      {"time_base", rational(v.time_base)},
                      {"frame_count", v.frame_count},
                      {"frame_count_counted", v.frame_count_counted},
                      {"variable_frame_rate", v.variable_frame_rate},
                      {"start_s", v.start_s},
                      {"duration_s", v.duration_s},
                      {"sample_aspect", rational(v.sample_aspect)},
                      {"rotation", v.rotation},
                      {"display_width", v.display_width},
                      {"display_height", v.display_height},
                      {"video_streams", v.video_streams}};
    }
    for (const auto& a : info.audio)
        j["audio"].push_back({{"index", a.index},
                              {"codec", a.codec},
                              {"sample_rate", a.sample_rate},
                              {"channels", a.channels},
                              {"language", a.language}});
    for (const auto& s : info.subtitles)
        j["subtitles"].push_back(
            {{"index", s.index}, {"codec", s.codec}, {"text", s.text}, {"language", s.language}});
    return j;
}

json toJson(const shots::ShotList& list) {
    json detector{{"name", shots::toString(list.params.kind)},
                  {"analysis_width", list.analysis_width},
                  {"analysis_height", list.analysis_height}};
    for (const auto& [name, value] : list.params.describe())
        detector[name] = value;
    json shots = json::array();
    for (const auto& s : list.shots)
        shots.push_back({{"start_frame", s.start_frame},
                         {"end_frame", s.end_frame},
                         {"start_s", s.start_s},
                         {"end_s", s.end_s}});
    return {{"path", list.path},
            {"fps", list.fps},
            {"frame_count", list.frame_count},
            {"cuts", list.cuts},
            {"shots", shots},
            {"detector", detector},
            {"flashes_rejected", list.flashes_rejected},
            {"complete", list.warnings.empty()},
            {"warnings", list.warnings}};
}

} // namespace mega::cli
