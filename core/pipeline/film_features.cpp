#include "core/pipeline/film_features.h"

#include "core/common/error.h"
#include "core/features/extractors.h"
#include "core/features/npy.h"
#include "core/features/timing.h"

#include <cstdlib>
#include <mutex>
#include <optional>
#include <cctype>
#include <filesystem>
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace mega::pipeline {

namespace fs = std::filesystem;

std::vector<std::string> ingestModalities() {
    auto names = features::builtinVisualAudioExtractors();
    names.push_back("subtitles");
    names.push_back("contrast");
    for (const auto& n : pictureFreeModalities()) names.push_back(n);
    return names;
}

std::vector<std::string> pictureFreeModalities() { return {"timing", "speech"}; }

std::string featureRecipe(const store::Film& film) {
    return film.fingerprint + "|builtin-1|subtitles-1|" + features::kContrastVersion + "|" + features::kTimingVersion + "|" +
           features::kSpeechVersion;
}

namespace {

/// FNV-1a over what the picture-free features are made from: the shots' times and the cues.
struct Digest {
    uint64_t h = 1469598103934665603ull;
    void add(const void* p, size_t n) {
        for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char*>(p)[i]) * 1099511628211ull;
    }
    void add(double v) { add(&v, sizeof v); }
};

std::string pictureFreeRecipe(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues) {
    Digest d;
    for (const auto& s : shots) d.add(s.start_s), d.add(s.end_s);
    for (const auto& c : cues) d.add(c.start_s), d.add(c.end_s), d.add(c.text.data(), c.text.size());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(d.h));
    return std::string("shots+cues:") + hex + "|" + features::kTimingVersion + "|" + features::kSpeechVersion;
}

bool registeredWith(const store::Project& project, const store::Film& film, const std::vector<std::string>& names,
                    const std::string& recipe) {
    std::map<std::string, store::FeatureFile> have;
    for (auto& f : project.featureFiles(film.id)) have[f.modality] = f;
    for (const auto& name : names) {
        auto it = have.find(name);
        if (it == have.end() || it->second.made_from != recipe || !fs::exists(resolveFeaturePath(project, it->second.path)))
            return false;
    }
    return true;
}

} // namespace

std::vector<features::PerShot> pictureFreeFeatures(const std::vector<shots::Shot>& shots,
                                                   const std::vector<media::SubtitleCue>& cues) {
    return {features::timing(shots), features::speech(cues, shots)};
}

bool storePictureFreeFeatures(store::Project& project, const store::Film& film, bool force) {
    const auto shots = project.shots(film.id);
    if (shots.empty()) throw Error(fileError(project.path(), "film '" + film.name + "' has no shots to describe"));
    const auto cues = project.subtitles(film.id);
    const std::string recipe = pictureFreeRecipe(shots, cues);
    if (!force && registeredWith(project, film, pictureFreeModalities(), recipe)) return false;
    storeFeatures(project, film, pictureFreeFeatures(shots, cues), recipe);
    return true;
}

namespace {
std::mutex g_rootMutex;
std::optional<std::string> g_root; // unset: MEGA_FEATURES_DIR, else beside the project
} // namespace

void setFeaturesRoot(const std::string& folder) {
    const std::lock_guard lock(g_rootMutex);
    g_root = folder;
}

std::string featuresRoot() {
    const std::lock_guard lock(g_rootMutex);
    if (g_root) return *g_root;
    const char* env = std::getenv("MEGA_FEATURES_DIR");
    return env ? env : "";
}

std::string featureFolder(const store::Project& project, const store::Film& film) {
    std::string key = film.fingerprint.empty() ? "film-" + std::to_string(film.id) : film.fingerprint;
    for (char& c : key)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
    return (fs::path(projectFeaturesFolder(project.path())) / key).string();
}

std::string projectFeaturesFolder(const std::string& projectPath) {
    const std::string root = featuresRoot();
    return root.empty() ? projectPath + ".features" : (fs::path(root) / (fs::path(projectPath).filename().string() + ".features")).string();
}

std::string resolveFeaturePath(const store::Project& project, const std::string& stored) {
    const fs::path p(stored);
    if (p.is_absolute()) return stored;
    return (fs::absolute(project.path()).parent_path() / p).lexically_normal().string();
}

void storeFeatures(store::Project& project, const store::Film& film, const std::vector<features::PerShot>& tables,
                   const std::string& recipe) {
    const fs::path dir = featureFolder(project, film);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(fileError(dir.string(), "cannot create the features folder: " + ec.message()));
    const fs::path base = fs::absolute(project.path()).parent_path();
    std::vector<store::FeatureFile> files;
    for (const auto& t : tables) {
        const auto rows = static_cast<int64_t>(t.mask.size());
        const fs::path data = dir / (t.name + ".shots.npy"), mask = dir / (t.name + ".mask.npy");
        features::writeNpy(data.string(), t.data.data(), rows, t.dim);
        std::vector<float> m(t.mask.begin(), t.mask.end());
        features::writeNpy(mask.string(), m.data(), rows, 1);
        // Relative to the project's folder when inside it (the project can move with its folder),
        // absolute when kept elsewhere (setFeaturesRoot).
        const fs::path rel = fs::relative(data, base);
        const bool inside = !rel.empty() && *rel.begin() != "..";
        files.push_back({t.name, inside ? rel.string() : fs::absolute(data).lexically_normal().string(), rows, t.dim, recipe});
    }
    project.batch([&] {
        for (const auto& f : files) project.setFeatureFile(film.id, f);
    });
}

bool featuresCurrent(const store::Project& project, const store::Film& film) {
    return registeredWith(project, film, ingestModalities(), featureRecipe(film));
}

model::FeatureTable readFeatureTable(const std::string& path, const std::string& name) {
    const auto a = features::readNpy(path);
    if (a.shape.size() != 2) throw Error(fileError(path, "features must be a 2-D array (units x dimensions)"));
    model::FeatureTable t;
    t.name = name;
    t.rows = a.shape[0];
    t.cols = a.shape[1];
    t.values.assign(a.values.begin(), a.values.end());
    std::string maskPath = path;
    const std::string suffix = ".shots.npy";
    if (maskPath.size() > suffix.size() && maskPath.compare(maskPath.size() - suffix.size(), suffix.size(), suffix) == 0)
        maskPath.replace(maskPath.size() - suffix.size(), suffix.size(), ".mask.npy");
    else
        maskPath = (fs::path(path).parent_path() / (name + ".mask.npy")).string();
    if (fs::exists(maskPath)) {
        const auto m = features::readNpy(maskPath);
        if (static_cast<int64_t>(m.values.size()) != t.rows) throw Error(fileError(maskPath, "needs one value per row of " + path));
        for (double v : m.values) t.present.push_back(v != 0 ? 1 : 0);
    }
    return t;
}

model::FilmFeatures loadFeatures(const store::Project& project, const store::Film& film, const std::vector<std::string>& names) {
    std::map<std::string, store::FeatureFile> have;
    for (auto& f : project.featureFiles(film.id)) have[f.modality] = f;
    const auto shots = static_cast<int64_t>(project.shots(film.id).size());
    model::FilmFeatures out;
    for (const auto& name : names) {
        auto it = have.find(name);
        if (it == have.end())
            throw Error(fileError(project.path(), "film '" + film.name + "' has no \"" + name +
                                                      "\" features (the model needs them; ingest the film again or import them)"));
        const std::string path = resolveFeaturePath(project, it->second.path);
        model::FeatureTable t = readFeatureTable(path, name);
        if (t.rows != shots)
            throw Error(fileError(path, "holds " + std::to_string(t.rows) + " rows but film '" + film.name + "' has " +
                                            std::to_string(shots) + " shots"));
        out.push_back(std::move(t));
    }
    return out;
}

model::FilmFeatures loadFeaturesMasked(const store::Project& project, const store::Film& film,
                                       const std::vector<std::pair<std::string, int64_t>>& modalities) {
    std::set<std::string> have;
    for (const auto& f : project.featureFiles(film.id)) have.insert(f.modality);
    std::vector<std::string> present;
    std::string wanted;
    for (const auto& [name, dim] : modalities) {
        wanted += (wanted.empty() ? "\"" : ", \"") + name + "\"";
        if (have.count(name)) present.push_back(name);
    }
    if (present.empty())
        throw Error(fileError(project.path(), "film '" + film.name + "' has none of the features the model needs (" + wanted +
                                                  "): ingest the film again or import them"));
    model::FilmFeatures loaded = loadFeatures(project, film, present);
    const auto shots = static_cast<int64_t>(project.shots(film.id).size());
    model::FilmFeatures out;
    for (const auto& [name, dim] : modalities) {
        auto it = std::find_if(loaded.begin(), loaded.end(), [&](const model::FeatureTable& t) { return t.name == name; });
        if (it != loaded.end()) {
            out.push_back(std::move(*it));
            continue;
        }
        model::FeatureTable absent; // every row masked: the model reads the modalities the film has
        absent.name = name;
        absent.rows = shots;
        absent.cols = dim;
        absent.values.assign(static_cast<size_t>(shots * dim), 0.f);
        absent.present.assign(static_cast<size_t>(shots), 0);
        out.push_back(std::move(absent));
    }
    return out;
}

} // namespace mega::pipeline
