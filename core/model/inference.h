#pragma once
// Inference on whole films (LibTorch level): the scene window slid over a film with the windows
// batched, turning-point distributions over all shots of a film of any length, fused embeddings.
// predictor.h wraps these in plain C++ types for the store, the CLI and the window.

#include "core/common/error.h"
#include "core/model/mega_net.h"
#include "core/model/predictor.h"

#include <array>
#include <stop_token>
#include <vector>

namespace mega::model {

/// One film's per-unit features, per modality (L, D_m), plus optional presence masks (L) bool.
struct FilmInput {
    std::vector<torch::Tensor> features;
    std::vector<torch::Tensor> present;
    int64_t units() const { return features.empty() ? 0 : features[0].size(0); }
};

/// A film's plain feature tables (predictor.h) as the model's input, matched to its modalities by
/// name and checked (dimensions, equal unit counts); throws mega::Error naming the modality.
FilmInput filmInput(const ModelConfig& config, const FilmFeatures& film);

/// The scene windows centred on shots [first, first + count): (count, L, D_m) with padding beyond
/// the film's ends marked invalid.
NetInput sceneWindows(const ModelConfig& config, const FilmInput& film, int64_t first, int64_t count);

/// The scene score of windows centred on shots [first, first + B) from their centre unit's logits
/// (B, 2) and the film-level context's logits of the whole film (see contextLogits): softmax class 1
/// without a context (undefined), else sigmoid((1 - w) (l1 - l0) + w x context) with w the context's
/// trained share. The one rule for every scene probability (proposals, evaluation, explanations).
torch::Tensor sceneProbability(MegaNet& net, const torch::Tensor& centreLogits, const torch::Tensor& context, int64_t first);
/// The film-level context's logits for every shot of a film (the cut after it), (L); undefined when
/// the model has no trained context.
torch::Tensor contextLogits(MegaNet& net, const FilmInput& film);

/// P(a scene ends after shot i) for every shot: sceneProbability of each shot's window.
/// Windows go 32 at a time (measured fastest on 2 cores: 128 and 512 were 5-20 % slower).
/// Progress is reported per batch of windows; `stop` throws mega::Cancelled between batches.
torch::Tensor sceneProbabilities(MegaNet& net, const FilmInput& film, int64_t batch = 32, const ProgressFn& progress = {},
                                 std::stop_token stop = {});

/// The whole film as one sequence (1, L, D_m): act models.
NetInput wholeFilm(const FilmInput& film);

/// Softmax over the valid units, per class: (B, L, N) logits -> (B, L, N) distributions.
torch::Tensor maskedSoftmaxOverUnits(const torch::Tensor& logits, const torch::Tensor& valid);

} // namespace mega::model
