#pragma once
// Pretrained weights that npm packages ship, installed by packaging/install-deps.sh (pinned
// versions, `npm pack` and unpack, nothing at run time) under the weights root:
//
//   $MEGA_WEIGHTS_DIR, else /usr/local/share/mega-studio/weights
//     face-api-1.7.15/   @vladmandic/face-api (MIT): model/, demo/sample1-6.jpg, LICENSE
//     nsfwjs-4.3.0/      nsfwjs (MIT), with models/mobilenet_v2/ unbundled from its JavaScript
//                        (packaging/unbundle-tfjs.cjs: model.json and its weight shard)
//     vad-web-0.0.31/    @ricky0123/vad-web (ISC): dist/silero_vad_v5.onnx (Silero VAD v5, MIT)
//
// Every file the product reads is listed with its checksum, so a missing, truncated or replaced
// file is named (with what to do) before its numbers are used.

#include <string>
#include <vector>

namespace mega::features {

struct PackagedFile {
    std::string relative; ///< inside the package, e.g. "model/face_recognition_model.bin"
    std::string checksum; ///< fileChecksum() of the published file
};

struct WeightsPackage {
    std::string id;      ///< the folder's stem: "face-api"
    std::string npm;     ///< "@vladmandic/face-api"
    std::string version; ///< "1.7.15"
    std::string licence;
    std::vector<PackagedFile> files;
    std::string folderName() const { return id + "-" + version; }
};

/// @vladmandic/face-api 1.7.15: the Tiny Face Detector and the 128-d face identity network.
const WeightsPackage& faceApiPackage();

/// nsfwjs 4.3.0: MobileNetV2 (picture_net.h).
const WeightsPackage& nsfwjsPackage();

/// @ricky0123/vad-web 0.0.31: Silero VAD v5 (silero_vad.h).
const WeightsPackage& vadWebPackage();

/// $MEGA_WEIGHTS_DIR if set, else /usr/local/share/mega-studio/weights.
std::string weightsRoot();
/// The package's installed folder (it may not exist).
std::string packageFolder(const WeightsPackage& package);
/// A listed file of the package, checked: throws mega::Error naming the file when it is missing
/// ("run packaging/install-deps.sh") or its checksum differs (corrupt or another version).
std::string packagedFile(const WeightsPackage& package, const std::string& relative);

/// FNV-1a (64-bit) of a file's bytes as 16 hex digits. Throws mega::Error if unreadable.
std::string fileChecksum(const std::string& path);

} // namespace mega::features
