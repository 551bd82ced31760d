#pragma once
// Checkpoints: one file holding the config (JSON), the weights, the optimizer state (when training)
// and training metadata (JSON), written with LibTorch's serialize archives.

#include "core/model/mega_net.h"

#include <string>

namespace mega::model {

struct Checkpoint {
    ModelConfig config;
    MegaNet net{nullptr};
    std::string metadata = "{}"; ///< JSON: epoch, step, metrics, seed, ...
    bool has_optimizer = false;
};

/// Writes atomically (a temporary file renamed over `path`), so a crash never leaves half a file.
void saveCheckpoint(const std::string& path, MegaNet& net, const torch::optim::Optimizer* optimizer,
                    const std::string& metadataJson);
/// Builds the network from the checkpoint's own config and loads its weights.
Checkpoint loadCheckpoint(const std::string& path);
/// Loads the weights into an existing network; throws mega::Error naming the file and every
/// parameter whose shape differs, is missing, or is not expected.
void loadWeights(const std::string& path, MegaNet& net);
/// Restores the optimizer state; throws mega::Error if the checkpoint has none.
void loadOptimizer(const std::string& path, torch::optim::Optimizer& optimizer);
/// The checkpoint's config alone (cheap: no network is built).
ModelConfig readCheckpointConfig(const std::string& path);
/// The checkpoint's training metadata (JSON) alone (cheap: no network is built).
std::string readCheckpointMetadata(const std::string& path);

} // namespace mega::model
