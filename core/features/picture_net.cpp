#include "core/features/picture_net.h"

#include "core/common/error.h"
#include "core/features/packaged_weights.h"

#include <cmath>

namespace mega::features {

namespace {

// The inverted residual blocks up to block 10: expansion channels, output channels, stride.
struct Block {
    int64_t in, expand, out, stride;
};
constexpr Block kBlocks[] = {{16, 96, 24, 2},  {24, 144, 24, 1}, {24, 144, 32, 2}, {32, 192, 32, 1}, {32, 192, 32, 1},
                             {32, 192, 64, 2}, {64, 384, 64, 1}, {64, 384, 64, 1}, {64, 384, 64, 1}, {64, 384, 96, 1}};

torch::Tensor clampedRelu(const torch::Tensor& x) { return torch::clamp(x, 0.0, 6.0); } // ReLU6

} // namespace

PictureNet::Conv PictureNet::conv(const WeightMap& w, const std::string& name, const std::string& bn,
                                  std::vector<int64_t> shape, bool depthwise) {
    const WeightTensor& k = weight(w, name + (depthwise ? "/depthwise_kernel" : "/kernel"), shape, m_file);
    auto kernel = torch::from_blob(const_cast<float*>(k.values.data()), shape, torch::kFloat32).clone();
    // Keras: (H, W, in, out) and depthwise (H, W, C, 1); LibTorch: (out, in, H, W) and (C, 1, H, W).
    kernel = depthwise ? kernel.permute({2, 3, 0, 1}).contiguous() : kernel.permute({3, 2, 0, 1}).contiguous();
    const int64_t c = depthwise ? shape[2] : shape[3];
    const auto vec = [&](const std::string& part) {
        const WeightTensor& t = weight(w, bn + "/" + part, {c}, m_file);
        return torch::from_blob(const_cast<float*>(t.values.data()), {c}, torch::kFloat32).to(torch::kFloat64);
    };
    // Inference batch norm (Keras' epsilon 0.001) folded into the convolution, computed in double:
    // one operation a layer (within 1e-6 of the package's separate steps).
    const auto scale = vec("gamma") / torch::sqrt(vec("moving_variance") + 0.001);
    const auto shift = vec("beta") - vec("moving_mean") * scale;
    return {(kernel.to(torch::kFloat64) * scale.view({-1, 1, 1, 1})).to(torch::kFloat32), shift.to(torch::kFloat32)};
}

PictureNet::PictureNet(const std::string& modelJson) : m_file(modelJson) {
    const WeightMap w = readTfjsWeights(modelJson);
    m_layers["Conv1"] = conv(w, "Conv1", "bn_Conv1", {3, 3, 3, 32}, false);
    m_layers["expanded_conv_depthwise"] = conv(w, "expanded_conv_depthwise", "expanded_conv_depthwise_BN", {3, 3, 32, 1}, true);
    m_layers["expanded_conv_project"] = conv(w, "expanded_conv_project", "expanded_conv_project_BN", {1, 1, 32, 16}, false);
    for (int i = 1; i <= 10; ++i) {
        const Block& b = kBlocks[i - 1];
        const std::string p = "block_" + std::to_string(i);
        m_layers[p + "_expand"] = conv(w, p + "_expand", p + "_expand_BN", {1, 1, b.in, b.expand}, false);
        m_layers[p + "_depthwise"] = conv(w, p + "_depthwise", p + "_depthwise_BN", {3, 3, b.expand, 1}, true);
        if (i < 10) m_layers[p + "_project"] = conv(w, p + "_project", p + "_project_BN", {1, 1, b.expand, b.out}, false);
    }
}

torch::Tensor PictureNet::forward(const torch::Tensor& pictures) const {
    torch::NoGradGuard noGrad;
    if (pictures.dim() != 4 || pictures.size(1) != kSize || pictures.size(2) != kSize || pictures.size(3) != 3)
        throw Error("the picture encoder takes (B, 224, 224, 3) pictures");
    // TensorFlow pads a stride-2 convolution after, not before (0 top and left, 1 bottom and right).
    const auto apply = [&](const torch::Tensor& x, const std::string& name, int64_t stride, bool depthwise, bool relu) {
        const Conv& c = m_layers.at(name);
        const bool three = c.w.size(2) == 3;
        const auto in = !three ? x : stride == 2 ? torch::constant_pad_nd(x, {0, 1, 0, 1}, 0.0) : torch::constant_pad_nd(x, {1, 1, 1, 1}, 0.0);
        auto out = torch::conv2d(in, c.w, c.bias, torch::IntArrayRef{stride, stride}, torch::IntArrayRef{0, 0},
                                 torch::IntArrayRef{1, 1}, depthwise ? x.size(1) : 1);
        return relu ? clampedRelu(out) : out;
    };
    auto x = pictures.to(torch::kFloat32).permute({0, 3, 1, 2}).contiguous();
    x = apply(x, "Conv1", 2, false, true);
    x = apply(x, "expanded_conv_depthwise", 1, true, true);
    x = apply(x, "expanded_conv_project", 1, false, false);
    for (int i = 1; i <= 10; ++i) {
        const Block& b = kBlocks[i - 1];
        const std::string p = "block_" + std::to_string(i);
        auto y = apply(x, p + "_expand", 1, false, true);
        y = apply(y, p + "_depthwise", b.stride, true, true);
        if (i == 10) return y.mean({2, 3}); // the embedding: block 10's depthwise activation, averaged
        y = apply(y, p + "_project", 1, false, false);
        x = b.stride == 1 && b.in == b.out ? x + y : y;
    }
    return x; // not reached
}

torch::Tensor PictureNet::input(const uint8_t* rgb, int width, int height) {
    if (!rgb || width <= 0 || height <= 0) throw Error("the picture encoder was given an empty picture");
    // nsfwjs resizes after dividing by 255, in double precision (TensorFlow.js's CPU kernel).
    auto x = torch::from_blob(const_cast<uint8_t*>(rgb), {1, height, width, 3}, torch::kUInt8).to(torch::kFloat64).div(255.0);
    if (width != kSize || height != kSize)
        x = torch::upsample_bilinear2d(x.permute({0, 3, 1, 2}), {kSize, kSize}, true).permute({0, 2, 3, 1});
    return x.to(torch::kFloat32).contiguous();
}

std::string nsfwjsModel() {
    const auto& p = nsfwjsPackage();
    packagedFile(p, "models/mobilenet_v2/group1-shard1of1.bin");
    return packagedFile(p, "models/mobilenet_v2/model.json");
}

} // namespace mega::features
