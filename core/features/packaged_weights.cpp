#include "core/features/packaged_weights.h"

#include "core/common/error.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace mega::features {

namespace fs = std::filesystem;

const WeightsPackage& faceApiPackage() {
    static const WeightsPackage p{
        "face-api", "@vladmandic/face-api", "1.7.15", "MIT",
        {{"model/tiny_face_detector_model-weights_manifest.json", "3fc8f99410b987f3"},
         {"model/tiny_face_detector_model.bin", "5efd42fcaa58af13"},
         {"model/face_recognition_model-weights_manifest.json", "86b912581e019d39"},
         {"model/face_recognition_model.bin", "efb5d5e573b71af3"}}};
    return p;
}

const WeightsPackage& nsfwjsPackage() {
    static const WeightsPackage p{"nsfwjs", "nsfwjs", "4.3.0", "MIT",
                                  {{"models/mobilenet_v2/model.json", "a80eeef8d25ee9c3"},
                                   {"models/mobilenet_v2/group1-shard1of1.bin", "9f86c914b9aabd32"}}};
    return p;
}

const WeightsPackage& vadWebPackage() {
    static const WeightsPackage p{"vad-web", "@ricky0123/vad-web", "0.0.31", "ISC (the Silero VAD model: MIT)",
                                  {{"dist/silero_vad_v5.onnx", "84f7860c21991aca"}}};
    return p;
}

std::string weightsRoot() {
    if (const char* env = std::getenv("MEGA_WEIGHTS_DIR"); env && *env) return env;
    return "/usr/local/share/mega-studio/weights";
}

std::string packageFolder(const WeightsPackage& package) {
    return (fs::path(weightsRoot()) / package.folderName()).string();
}

std::string packagedFile(const WeightsPackage& package, const std::string& relative) {
    const std::string path = (fs::path(packageFolder(package)) / relative).string();
    const std::string what = package.npm + " " + package.version;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(fileError(path, "missing: the weights of " + what +
                                        " are not installed (run packaging/install-deps.sh as root, or set MEGA_WEIGHTS_DIR)"));
    for (const auto& f : package.files) {
        if (f.relative != relative) continue;
        if (const auto sum = fileChecksum(path); sum != f.checksum)
            throw Error(fileError(path, "corrupt or not " + what + "'s file (checksum " + sum + ", expected " +
                                            f.checksum + "; delete " + packageFolder(package) +
                                            " and run packaging/install-deps.sh as root)"));
        return path;
    }
    throw Error(fileError(path, "is not a file of " + what + " that MEGA Studio knows"));
}

std::string fileChecksum(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fileError(path, fs::exists(path) ? "cannot read the file" : "the file does not exist"));
    uint64_t h = 1469598103934665603ull;
    char buf[1 << 16];
    while (in) {
        in.read(buf, sizeof buf);
        for (std::streamsize i = 0; i < in.gcount(); ++i) {
            h ^= static_cast<unsigned char>(buf[i]);
            h *= 1099511628211ull;
        }
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

} // namespace mega::features
