#include "core/store/new_project.h"

#include <filesystem>
#include <system_error>

namespace mega::store {

NewProject::NewProject(std::string path, std::string featuresFolder)
    : m_path(std::move(path)), m_features(featuresFolder.empty() ? m_path + ".features" : std::move(featuresFolder)) {
    std::error_code ec;
    m_new = !std::filesystem::exists(m_path, ec) && !ec;
    m_newFeatures = m_new && !std::filesystem::exists(m_features, ec) && !ec;
}

NewProject::~NewProject() { discard(); }

void NewProject::discard() noexcept {
    if (!m_new || m_keep) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(m_path + suffix, ec);
    if (m_newFeatures) fs::remove_all(m_features, ec);
    m_keep = true; // once
}

} // namespace mega::store
