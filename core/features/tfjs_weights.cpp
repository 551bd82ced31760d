#include "core/features/tfjs_weights.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace mega::features {

namespace fs = std::filesystem;

namespace {

std::vector<unsigned char> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fileError(path, fs::exists(path) ? "cannot read the file" : "the file does not exist"));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

float halfToFloat(uint16_t h) {
    const uint32_t sign = (h >> 15) & 1u, exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
    float v = 0.0f;
    if (exponent == 0)
        v = std::ldexp(static_cast<float>(mantissa), -24); // subnormal (or zero)
    else if (exponent == 31)
        v = mantissa ? std::nanf("") : INFINITY;
    else
        v = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
    return sign ? -v : v;
}

template <typename T> T load(const unsigned char* p) {
    T v;
    std::memcpy(&v, p, sizeof v); // little-endian, as the files are (and as this machine is)
    return v;
}

} // namespace

WeightMap readTfjsWeights(const std::string& manifestPath) {
    const auto bad = [&](const std::string& what) { return Error(fileError(manifestPath, what)); };
    const auto text = readBytes(manifestPath);
    nlohmann::json manifest;
    try {
        manifest = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        throw bad(std::string("not a weights manifest (malformed JSON: ") + e.what() + ")");
    }
    // A layers model's model.json carries its manifest.
    if (manifest.is_object() && manifest.contains("weightsManifest")) manifest = manifest.at("weightsManifest");
    if (!manifest.is_array() || manifest.empty()) throw bad("not a weights manifest (expected a list of weight groups)");
    const fs::path dir = fs::path(manifestPath).parent_path();
    WeightMap out;
    try {
        for (const auto& group : manifest) {
            std::vector<unsigned char> bytes;
            std::string shardNames;
            for (const auto& p : group.at("paths")) {
                const std::string shard = (dir / p.get<std::string>()).string();
                const auto b = readBytes(shard);
                bytes.insert(bytes.end(), b.begin(), b.end());
                shardNames += (shardNames.empty() ? "" : ", ") + shard;
            }
            size_t offset = 0;
            for (const auto& w : group.at("weights")) {
                const std::string name = w.at("name").get<std::string>();
                WeightTensor t;
                int64_t count = 1;
                for (const auto& d : w.at("shape")) {
                    const auto n = d.get<int64_t>();
                    if (n < 0) throw bad("weight '" + name + "' has a negative dimension");
                    // More values than the shards have bytes: say so before the count can overflow.
                    if (n > 0 && count > static_cast<int64_t>(bytes.size()) / n)
                        throw Error(fileError(shardNames, "too short for weight '" + name + "' (or its shape is corrupt)"));
                    t.shape.push_back(n);
                    count *= n;
                }
                const std::string dtype = w.at("dtype").get<std::string>();
                if (dtype != "float32" && dtype != "int32")
                    throw bad("weight '" + name + "' has dtype '" + dtype + "' (float32 and int32 are read)");
                std::string stored = dtype;
                double scale = 1.0, minimum = 0.0;
                if (w.contains("quantization")) {
                    const auto& q = w.at("quantization");
                    stored = q.at("dtype").get<std::string>();
                    if (stored == "uint8" || stored == "uint16") {
                        scale = q.at("scale").get<double>();
                        minimum = q.at("min").get<double>();
                    } else if (stored != "float16") {
                        throw bad("weight '" + name + "' is quantized as '" + stored + "' (uint8, uint16 and float16 are read)");
                    }
                }
                const size_t size = stored == "uint8" ? 1 : (stored == "uint16" || stored == "float16") ? 2 : 4;
                const auto needed = static_cast<size_t>(count) * size;
                if (needed > bytes.size() - offset)
                    throw Error(fileError(shardNames, "too short: weight '" + name + "' ends at byte " +
                                                          std::to_string(offset + needed) + " of " +
                                                          std::to_string(bytes.size()) + " (truncated?)"));
                t.values.resize(static_cast<size_t>(count));
                const unsigned char* p = bytes.data() + offset;
                for (size_t i = 0; i < t.values.size(); ++i, p += size) {
                    if (stored == "uint8")
                        t.values[i] = static_cast<float>(static_cast<double>(*p) * scale + minimum);
                    else if (stored == "uint16")
                        t.values[i] = static_cast<float>(static_cast<double>(load<uint16_t>(p)) * scale + minimum);
                    else if (stored == "float16")
                        t.values[i] = halfToFloat(load<uint16_t>(p));
                    else if (stored == "int32")
                        t.values[i] = static_cast<float>(load<int32_t>(p));
                    else
                        t.values[i] = load<float>(p);
                }
                offset += needed;
                if (!out.emplace(name, std::move(t)).second) throw bad("weight '" + name + "' is listed twice");
            }
            if (offset != bytes.size())
                throw Error(fileError(shardNames, std::to_string(bytes.size()) + " bytes where the manifest's weights take " +
                                                      std::to_string(offset) + " (not the file the manifest describes)"));
        }
    } catch (const nlohmann::json::exception& e) {
        throw bad(std::string("not a weights manifest (") + e.what() + ")");
    }
    return out;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string t = "[";
    for (size_t i = 0; i < shape.size(); ++i) t += (i ? ", " : "") + std::to_string(shape[i]);
    return t + "]";
}

const WeightTensor& weight(const WeightMap& weights, const std::string& name, const std::vector<int64_t>& shape,
                           const std::string& file) {
    const auto it = weights.find(name);
    if (it == weights.end()) throw Error(fileError(file, "has no weight '" + name + "' (not the network it should be)"));
    if (it->second.shape != shape)
        throw Error(fileError(file, "weight '" + name + "' is " + shapeText(it->second.shape) + ", expected " + shapeText(shape)));
    return it->second;
}

} // namespace mega::features
