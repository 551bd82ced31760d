#include "core/pipeline/film_features.h"

#include "core/common/error.h"
#include "core/features/extractors.h"
#include "core/features/npy.h"

#include <cctype>
#include <filesystem>
#include <map>

namespace mega::pipeline {

namespace fs = std::filesystem;

std::vector<std::string> ingestModalities() {
    auto names = features::builtinVisualAudioExtractors();
    names.push_back("subtitles");
    names.push_back("contrast");
    return names;
}

std::string featureRecipe(const store::Film& film) {
    return film.fingerprint + "|builtin-1|subtitles-1|" + features::kContrastVersion;
}

std::string featureFolder(const store::Project& project, const store::Film& film) {
    std::string key = film.fingerprint.empty() ? "film-" + std::to_string(film.id) : film.fingerprint;
    for (char& c : key)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
    return (fs::path(project.path() + ".features") / key).string();
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
        files.push_back({t.name, fs::relative(data, base).string(), rows, t.dim, recipe});
    }
    project.batch([&] {
        for (const auto& f : files) project.setFeatureFile(film.id, f);
    });
}

bool featuresCurrent(const store::Project& project, const store::Film& film) {
    std::map<std::string, store::FeatureFile> have;
    for (auto& f : project.featureFiles(film.id)) have[f.modality] = f;
    const std::string recipe = featureRecipe(film);
    for (const auto& name : ingestModalities()) {
        auto it = have.find(name);
        if (it == have.end() || it->second.made_from != recipe || !fs::exists(resolveFeaturePath(project, it->second.path)))
            return false;
    }
    return true;
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

} // namespace mega::pipeline
