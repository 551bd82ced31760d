#include "core/features/plugin.h"

#include <nlohmann/json.hpp>

#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unistd.h>

namespace mega::features {

namespace fs = std::filesystem;

PluginManifest readPluginManifest(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(fileError(path, "no such manifest"));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(fileError(path, std::string("not valid JSON: ") + e.what()));
    }
    PluginManifest m;
    m.path = path;
    try {
        m.name = j.at("name").get<std::string>();
        m.model = (fs::absolute(path).parent_path() / j.at("model").get<std::string>()).lexically_normal().string();
        m.output_dim = j.at("output_dim").get<int64_t>();
        m.batch = j.value("batch", 8);
        const auto& input = j.at("input");
        const std::string kind = input.at("kind").get<std::string>();
        if (kind == "frames") {
            m.kind = PluginManifest::Kind::Frames;
            m.width = input.at("width").get<int>();
            m.height = input.at("height").get<int>();
            m.rate = input.value("rate", 1.0);
            m.mean = input.value("mean", m.mean);
            m.std = input.value("std", m.std);
        } else if (kind == "audio") {
            m.kind = PluginManifest::Kind::Audio;
            m.sample_rate = input.value("sample_rate", 16000);
            m.window_s = input.value("window_s", 1.0);
            m.hop_s = input.value("hop_s", 1.0);
        } else {
            throw Error("input.kind must be \"frames\" or \"audio\", not \"" + kind + "\"");
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(fileError(path, std::string("malformed manifest: ") + e.what()));
    } catch (const Error& e) {
        throw Error(fileError(path, e.what()));
    }
    auto bad = [&](const std::string& why) { throw Error(fileError(path, why)); };
    if (m.name.empty()) bad("\"name\" is empty");
    if (m.output_dim <= 0) bad("\"output_dim\" must be positive");
    if (m.batch <= 0) bad("\"batch\" must be positive");
    if (m.kind == PluginManifest::Kind::Frames && (m.width <= 0 || m.height <= 0 || m.rate <= 0))
        bad("frames need a positive width, height and rate");
    if (m.kind == PluginManifest::Kind::Frames)
        for (float s : m.std)
            if (s <= 0) bad("every \"std\" must be positive");
    if (m.kind == PluginManifest::Kind::Audio && (m.sample_rate <= 0 || m.window_s <= 0 || m.hop_s <= 0))
        bad("audio needs a positive sample_rate, window_s and hop_s");
    if (!fs::exists(m.model)) bad("its model " + m.model + " does not exist");
    return m;
}

std::optional<std::string> findModelsFile(const std::string& relative) {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("MEGA_MODELS_DIR"); env && *env) dirs.emplace_back(env);
    dirs.emplace_back(MEGA_MODELS_DIR_SOURCE);
    dirs.emplace_back(MEGA_MODELS_DIR_INSTALLED);
    for (const auto& d : dirs) {
        const fs::path p = fs::path(d) / relative;
        std::error_code ec;
        if (!d.empty() && fs::exists(p, ec)) return p.string();
    }
    return std::nullopt;
}

std::optional<std::string> findPluginManifest(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
    return findModelsFile("extractors/" + name + ".json");
}

namespace {

using Factory = Extractor* (*)(const PluginManifest*, char* error, size_t errorSize);
using EncoderFactory = Extractor* (*)(const char* name, char* error, size_t errorSize);

/// A symbol of the LibTorch module, loaded on first use.
void* moduleSymbol(const char* symbol) {
    static std::once_flag once;
    static void* handle = nullptr;
    static std::string failure, loaded;
    std::call_once(once, [] {
        // Beside the running program's build (tests, a build tree), then where it is installed.
        std::vector<std::string> candidates;
        if (const char* env = std::getenv("MEGA_TORCHSCRIPT_MODULE")) candidates.emplace_back(env);
        candidates.emplace_back(MEGA_TORCHSCRIPT_MODULE_BUILD);
        candidates.emplace_back(MEGA_TORCHSCRIPT_MODULE_INSTALLED);
        std::string tried;
        for (const auto& c : candidates) {
            if (c.empty()) continue;
            if (!fs::exists(c)) {
                tried += " " + c;
                continue;
            }
            handle = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) failure = std::string("cannot load ") + c + ": " + dlerror();
            loaded = c;
            return;
        }
        failure = "the LibTorch module (libmega_torchscript.so) is not installed; looked in" + tried;
    });
    if (!handle) throw Error(failure);
    void* s = dlsym(handle, symbol);
    if (!s) throw Error(loaded + " is not MEGA Studio's LibTorch module (it lacks " + symbol + ")");
    return s;
}

} // namespace

std::unique_ptr<Extractor> makePluginExtractor(const PluginManifest& manifest) {
    const auto factory = reinterpret_cast<Factory>(moduleSymbol("mega_make_torchscript_extractor"));
    char error[1024] = {};
    Extractor* e = factory(&manifest, error, sizeof error);
    if (!e) throw Error(error);
    return std::unique_ptr<Extractor>(e);
}

std::unique_ptr<Extractor> makeEncoderExtractor(const std::string& name) {
    const auto factory = reinterpret_cast<EncoderFactory>(moduleSymbol("mega_make_encoder_extractor"));
    char error[1024] = {};
    Extractor* e = factory(name.c_str(), error, sizeof error);
    if (!e) throw Error(error);
    return std::unique_ptr<Extractor>(e);
}

} // namespace mega::features
