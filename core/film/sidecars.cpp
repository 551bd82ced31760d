#include "core/film/sidecars.h"

#include <filesystem>

namespace mega::film {

namespace fs = std::filesystem;

namespace {
std::string beside(const std::string& filmPath, const char* suffix) {
    return fs::path(filmPath).replace_extension().string() + suffix;
}
std::string ifFile(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec) ? path : std::string();
}
} // namespace

Sidecars sidecarNames(const std::string& filmPath) {
    return {beside(filmPath, ".srt"), beside(filmPath, ".synopsis.txt")};
}

Sidecars sidecarFiles(const std::string& filmPath) {
    const Sidecars names = sidecarNames(filmPath);
    std::string subtitles = ifFile(names.subtitles);
    if (subtitles.empty()) subtitles = ifFile(beside(filmPath, ".vtt"));
    return {subtitles, ifFile(names.synopsis)};
}

} // namespace mega::film
