#pragma once
// The "picture" encoder: nsfwjs 4.3.0's MobileNetV2 (MIT; packaged_weights.h), rebuilt in LibTorch
// from the package's TensorFlow.js weights and checked against the package's own JavaScript
// (tests/core/tst_encoders.cpp's pictureNetMatchesThePackage; fixtures from
// tests/fixtures/make_encoder_fixtures.sh).
//
// nsfwjs fine-tuned the network's last blocks for its own classes; its model marks the layers up
// to block 10 as frozen in that last tuning, so the embedding is block 10's depthwise activation
// (384 channels at 14 x 14), averaged over the picture: a general description of what the picture
// shows, not of nsfwjs's classes.

#include "core/features/tfjs_weights.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace mega::features {

class PictureNet {
public:
    static constexpr int kSize = 224; ///< the network's picture (nsfwjs squashes a frame to it)
    static constexpr int kDim = 384;
    /// Reads and checks nsfwjs's model.json (TensorFlow.js layers model, unbundled by
    /// packaging/unbundle-tfjs.cjs); throws mega::Error naming it when a weight is missing or of
    /// another shape.
    explicit PictureNet(const std::string& modelJson);
    /// (B, 224, 224, 3) pictures in [0, 1] -> (B, 384).
    torch::Tensor forward(const torch::Tensor& pictures) const;
    /// nsfwjs's input of an RGB picture (H, W, 3 uint8): /255, then bilinear to 224 x 224 with
    /// aligned corners: (1, 224, 224, 3).
    static torch::Tensor input(const uint8_t* rgb, int width, int height);

private:
    struct Conv {
        torch::Tensor w, bias; // the convolution with its batch norm folded in
    };
    Conv conv(const WeightMap& w, const std::string& name, const std::string& bn, std::vector<int64_t> shape, bool depthwise);
    std::string m_file;
    std::map<std::string, Conv> m_layers;
};

/// nsfwjs's installed model.json (checked, with its shard). Throws mega::Error naming a missing or
/// corrupt file.
std::string nsfwjsModel();

} // namespace mega::features
