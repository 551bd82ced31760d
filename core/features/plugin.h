#pragma once
// Plug-in extractors: a manifest (models/extractors/*.json) names a TorchScript file, what it takes
// and what it gives. A user with a CLIP-class model exports it to TorchScript and drops it in:
//
//   {"name": "clip", "model": "clip_visual.pt",
//    "input": {"kind": "frames", "width": 224, "height": 224, "rate": 1.0,
//              "mean": [0.481, 0.458, 0.408], "std": [0.269, 0.261, 0.276]},
//    "output_dim": 512, "batch": 8}
//   {"name": "vggish", "model": "vggish.pt",
//    "input": {"kind": "audio", "sample_rate": 16000, "window_s": 1.0, "hop_s": 1.0}, "output_dim": 128}
//
// frames: RGB frames sampled at `rate` per second, resized to width x height, scaled to [0, 1] and
// normalised by mean/std, go in as (B, 3, H, W) float32; audio: mono windows (B, window samples).
// The model must return (B, output_dim).
//
// LibTorch is large (it adds ~0.6 s and ~160 MB to a program's start), so it lives in its own
// module, libmega_torchscript.so, loaded the first time a plug-in is used: `mega shots` and the
// other commands never pay for it.

#include "core/features/extractors.h"

#include <array>
#include <memory>
#include <optional>
#include <string>

namespace mega::features {

struct PluginManifest {
    std::string path;  ///< the manifest file
    std::string name;
    std::string model; ///< the TorchScript file, absolute
    enum class Kind { Frames, Audio } kind = Kind::Frames;
    int width = 0, height = 0;
    double rate = 1.0;
    std::array<float, 3> mean{0, 0, 0}, std{1, 1, 1};
    int sample_rate = 16000;
    double window_s = 1.0, hop_s = 1.0;
    int64_t output_dim = 0;
    int batch = 8;
};

/// A file of the models folder (e.g. "scene_loop.json"): in $MEGA_MODELS_DIR, this source tree's
/// models/ (a build tree), or the installed models folder; none if there is none.
std::optional<std::string> findModelsFile(const std::string& relative);

/// models/extractors/NAME.json in $MEGA_MODELS_DIR, this source tree's models/ (a build tree), or
/// the installed models folder; none if there is none.
std::optional<std::string> findPluginManifest(const std::string& name);

/// Reads and checks a manifest; throws mega::Error naming the file and the problem.
PluginManifest readPluginManifest(const std::string& path);

/// A pretrained encoder's extractor (isEncoder(name); the LibTorch module makes it). Throws
/// mega::Error naming the weight file that is missing or corrupt, or the module that cannot load.
std::unique_ptr<Extractor> makeEncoderExtractor(const std::string& name);

/// An extractor running the manifest's TorchScript model (loads libmega_torchscript.so on first
/// use). Throws mega::Error if the module or the model cannot be loaded.
std::unique_ptr<Extractor> makePluginExtractor(const PluginManifest& manifest);

} // namespace mega::features
