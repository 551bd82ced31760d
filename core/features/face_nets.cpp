#include "core/features/face_nets.h"

#include "core/common/error.h"
#include "core/features/packaged_weights.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mega::features {

namespace {

const std::vector<int64_t> kOne{1, 1}, kZero{0, 0};

torch::Tensor tensorOf(const WeightMap& weights, const std::string& name, const std::vector<int64_t>& shape,
                       const std::string& file) {
    const WeightTensor& w = weight(weights, name, shape, file);
    return torch::from_blob(const_cast<float*>(w.values.data()), shape, torch::kFloat32).clone();
}
// TensorFlow keeps a convolution's filters as (H, W, in, out), LibTorch as (out, in, H, W).
torch::Tensor convFilters(const torch::Tensor& hwio) { return hwio.permute({3, 2, 0, 1}).contiguous(); }
// A depthwise filter (H, W, C, 1) as LibTorch's grouped one (C, 1, H, W).
torch::Tensor depthwiseFilters(const torch::Tensor& hwc1) { return hwc1.permute({2, 3, 0, 1}).contiguous(); }

/// face-api's leaky ReLU, written as it is: relu(x - 0.1 x) + 0.1 x.
torch::Tensor leaky(const torch::Tensor& x) {
    const auto m = x * 0.10000000149011612f;
    return torch::relu(x - m) + m;
}

/// TensorFlow's max pooling with 'same' padding: the padding goes after more than before, and padded
/// cells never win.
torch::Tensor maxPoolSame(const torch::Tensor& x, int64_t k, int64_t s) {
    const auto pad = [&](int64_t n) {
        const int64_t out = (n + s - 1) / s;
        const int64_t total = std::max<int64_t>((out - 1) * s + k - n, 0);
        return std::pair{total / 2, total - total / 2};
    };
    const auto [top, bottom] = pad(x.size(2));
    const auto [left, right] = pad(x.size(3));
    const auto padded = torch::constant_pad_nd(x, {left, right, top, bottom}, -std::numeric_limits<float>::infinity());
    return torch::max_pool2d(padded, {k, k}, {s, s});
}

/// TensorFlow's resizeBilinear without half-pixel centres or aligned corners (what the package
/// calls): output pixel i samples input i * in / out.
torch::Tensor resizeBilinearLegacy(const torch::Tensor& hwc, int64_t outH, int64_t outW) {
    const auto axis = [](int64_t in, int64_t out) {
        const auto pos = torch::arange(out, torch::kFloat32) * (static_cast<float>(in) / static_cast<float>(out));
        auto lo = pos.floor().to(torch::kLong).clamp(0, in - 1);
        auto hi = (lo + 1).clamp(0, in - 1);
        return std::tuple{lo, hi, pos - lo.to(torch::kFloat32)};
    };
    const auto [y0, y1, wy] = axis(hwc.size(0), outH);
    const auto [x0, x1, wx] = axis(hwc.size(1), outW);
    const auto rows = [&](const torch::Tensor& ys) {
        const auto r = hwc.index_select(0, ys);
        const auto a = r.index_select(1, x0).to(torch::kFloat32), b = r.index_select(1, x1).to(torch::kFloat32);
        return a + (b - a) * wx.view({1, -1, 1});
    };
    const auto top = rows(y0), bottom = rows(y1);
    return top + (bottom - top) * wy.view({-1, 1, 1});
}

torch::Tensor pictureTensor(const uint8_t* rgb, int width, int height) {
    if (!rgb || width <= 0 || height <= 0) throw Error("a face network was given an empty picture");
    return torch::from_blob(const_cast<uint8_t*>(rgb), {height, width, 3}, torch::kUInt8);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// The Tiny Face Detector

TinyFaceDetector::TinyFaceDetector(const std::string& manifestPath) {
    const WeightMap w = readTfjsWeights(manifestPath);
    const auto t = [&](const std::string& name, const std::vector<int64_t>& shape) {
        return tensorOf(w, name, shape, manifestPath);
    };
    m_w.push_back(convFilters(t("conv0/filters", {3, 3, 3, 16})));
    m_w.push_back(t("conv0/bias", {16}));
    const int64_t sizes[] = {16, 32, 64, 128, 256, 512};
    for (int i = 1; i <= 5; ++i) {
        const std::string p = "conv" + std::to_string(i);
        const int64_t in = sizes[i - 1], out = sizes[i];
        m_w.push_back(depthwiseFilters(t(p + "/depthwise_filter", {3, 3, in, 1})));
        m_w.push_back(convFilters(t(p + "/pointwise_filter", {1, 1, in, out})));
        m_w.push_back(t(p + "/bias", {out}));
    }
    m_w.push_back(convFilters(t("conv8/filters", {1, 1, 512, 25})));
    m_w.push_back(t("conv8/bias", {25}));
}

torch::Tensor TinyFaceDetector::forward(const torch::Tensor& pixels) const {
    torch::NoGradGuard noGrad;
    if (pixels.dim() != 4 || pixels.size(3) != 3 || pixels.size(1) % 32 != 0 || pixels.size(2) % 32 != 0)
        throw Error("the face detector takes (B, H, W, 3) pictures with H and W multiples of 32");
    const auto mean = torch::tensor({117.001f, 114.697f, 97.404f});
    auto x = ((pixels.to(torch::kFloat32) - mean) / 255.0f).permute({0, 3, 1, 2}).contiguous();
    x = leaky(torch::conv2d(x, m_w[0]) + m_w[1].view({1, -1, 1, 1}));
    x = maxPoolSame(x, 2, 2);
    for (int i = 0; i < 5; ++i) {
        const auto& dw = m_w[2 + 3 * i];
        const auto& pw = m_w[3 + 3 * i];
        const auto& b = m_w[4 + 3 * i];
        x = torch::conv2d(torch::constant_pad_nd(x, {1, 1, 1, 1}, 0.0), dw, torch::Tensor(), kOne, kZero, kOne, x.size(1));
        x = leaky(torch::conv2d(x, pw) + b.view({1, -1, 1, 1}));
        x = maxPoolSame(x, 2, i < 4 ? 2 : 1);
    }
    x = torch::conv2d(x, m_w[17]) + m_w[18].view({1, -1, 1, 1});
    return x.permute({0, 2, 3, 1}).contiguous();
}

torch::Tensor TinyFaceDetector::input(const uint8_t* rgb, int width, int height, int inputSize) {
    const auto img = pictureTensor(rgb, width, height);
    const int side = std::max(width, height);
    const auto square = torch::constant_pad_nd(img, {0, 0, 0, side - width, 0, side - height}, 0);
    return resizeBilinearLegacy(square, inputSize, inputSize).unsqueeze(0);
}

std::vector<FaceBox> TinyFaceDetector::detect(const uint8_t* rgb, int width, int height, int inputSize,
                                              float minScore) const {
    static const float anchors[5][2] = {
        {1.603231f, 2.094468f}, {6.041143f, 7.080126f}, {2.882459f, 3.518061f}, {4.266906f, 5.178857f}, {9.041765f, 10.66308f}};
    // The package pads the picture to a square before scaling it; the network is convolutional, so
    // here the padding only reaches the next multiple of 32 (a 16:9 picture costs 40 % less) and
    // each cell still covers 32 of the network's pixels.
    const double scale = static_cast<double>(inputSize) / std::max(width, height);
    const auto inW = std::max<int64_t>(1, std::lround(width * scale)), inH = std::max<int64_t>(1, std::lround(height * scale));
    const auto scaled = resizeBilinearLegacy(pictureTensor(rgb, width, height), inH, inW);
    const auto padded = torch::constant_pad_nd(scaled, {0, 0, 0, (32 - inW % 32) % 32, 0, (32 - inH % 32) % 32}, 0.0);
    const auto out = forward(padded.unsqueeze(0))[0].contiguous();
    const int64_t rows = out.size(0), cols = out.size(1);
    const float* o = out.data_ptr<float>();
    const auto sigmoid = [](float v) { return 1.0f / (1.0f + std::exp(-v)); };
    const auto cell = static_cast<float>(32.0 / scale); // a cell's side in the picture's pixels
    std::vector<FaceBox> found;
    for (int64_t row = 0; row < rows; ++row)
        for (int64_t col = 0; col < cols; ++col)
            for (int a = 0; a < 5; ++a) {
                const float* c = o + ((row * cols + col) * 5 + a) * 5;
                const float score = sigmoid(c[4]);
                if (score <= minScore) continue;
                const float cx = (static_cast<float>(col) + sigmoid(c[0])) * cell;
                const float cy = (static_cast<float>(row) + sigmoid(c[1])) * cell;
                const float w = std::exp(c[2]) * anchors[a][0] * cell;
                const float h = std::exp(c[3]) * anchors[a][1] * cell;
                found.push_back({cx - w / 2, cy - h / 2, w, h, score});
            }
    std::stable_sort(found.begin(), found.end(), [](const FaceBox& a, const FaceBox& b) { return a.score > b.score; });
    const auto iou = [](const FaceBox& a, const FaceBox& b) {
        const float w = std::max(0.0f, std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x));
        const float h = std::max(0.0f, std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y));
        const float inter = w * h;
        return inter / (a.width * a.height + b.width * b.height - inter);
    };
    std::vector<FaceBox> kept;
    for (const auto& f : found)
        if (std::none_of(kept.begin(), kept.end(), [&](const FaceBox& k) { return iou(k, f) > 0.4f; })) kept.push_back(f);
    // Clip to the picture (the padding is not picture).
    for (auto& f : kept) {
        const float x1 = std::clamp(f.x + f.width, 0.0f, static_cast<float>(width));
        const float y1 = std::clamp(f.y + f.height, 0.0f, static_cast<float>(height));
        f.x = std::clamp(f.x, 0.0f, static_cast<float>(width));
        f.y = std::clamp(f.y, 0.0f, static_cast<float>(height));
        f.width = x1 - f.x;
        f.height = y1 - f.y;
    }
    std::erase_if(kept, [](const FaceBox& f) { return f.width < 1.0f || f.height < 1.0f; });
    return kept;
}

// ---------------------------------------------------------------------------------------------
// The face identity network

FaceRecognizer::FaceRecognizer(const std::string& manifestPath) {
    const WeightMap w = readTfjsWeights(manifestPath);
    const auto layer = [&](const std::string& p, int64_t k, int64_t in, int64_t out) {
        return Layer{convFilters(tensorOf(w, p + "/conv/filters", {k, k, in, out}, manifestPath)),
                     tensorOf(w, p + "/conv/bias", {out}, manifestPath).view({1, -1, 1, 1}),
                     tensorOf(w, p + "/scale/weights", {out}, manifestPath).view({1, -1, 1, 1}),
                     tensorOf(w, p + "/scale/biases", {out}, manifestPath).view({1, -1, 1, 1})};
    };
    m_layers["conv32_down"] = layer("conv32_down", 7, 3, 32);
    const struct {
        const char* name;
        int64_t in, out;
    } blocks[] = {{"conv32_1", 32, 32},      {"conv32_2", 32, 32},      {"conv32_3", 32, 32},     {"conv64_down", 32, 64},
                  {"conv64_1", 64, 64},      {"conv64_2", 64, 64},      {"conv64_3", 64, 64},     {"conv128_down", 64, 128},
                  {"conv128_1", 128, 128},   {"conv128_2", 128, 128},   {"conv256_down", 128, 256}, {"conv256_1", 256, 256},
                  {"conv256_2", 256, 256},   {"conv256_down_out", 256, 256}};
    for (const auto& b : blocks) {
        m_layers[std::string(b.name) + "/conv1"] = layer(std::string(b.name) + "/conv1", 3, b.in, b.out);
        m_layers[std::string(b.name) + "/conv2"] = layer(std::string(b.name) + "/conv2", 3, b.out, b.out);
    }
    m_fc = tensorOf(w, "fc", {256, 128}, manifestPath);
}

torch::Tensor FaceRecognizer::conv(const torch::Tensor& x, const Layer& l, int stride, bool relu, bool same) const {
    auto out = torch::conv2d(same ? torch::constant_pad_nd(x, {1, 1, 1, 1}, 0.0) : x, l.w, torch::Tensor(), torch::IntArrayRef{stride, stride});
    out = (out + l.b) * l.scale + l.shift;
    return relu ? torch::relu(out) : out;
}

torch::Tensor FaceRecognizer::residual(const torch::Tensor& x, const std::string& block, bool down) const {
    auto out = conv(x, m_layers.at(block + "/conv1"), down ? 2 : 1, true, !down);
    out = conv(out, m_layers.at(block + "/conv2"), 1, false, true);
    if (!down) return torch::relu(out + x);
    auto pooled = torch::avg_pool2d(x, {2, 2}, {2, 2});
    if (pooled.size(1) != out.size(1)) pooled = torch::cat({pooled, torch::zeros_like(pooled)}, 1);
    if (pooled.size(2) != out.size(2) || pooled.size(3) != out.size(3))
        out = torch::constant_pad_nd(out, {0, pooled.size(3) - out.size(3), 0, pooled.size(2) - out.size(2)}, 0.0);
    return torch::relu(pooled + out);
}

torch::Tensor FaceRecognizer::forward(const torch::Tensor& pixels) const {
    torch::NoGradGuard noGrad;
    if (pixels.dim() != 4 || pixels.size(1) != 150 || pixels.size(2) != 150 || pixels.size(3) != 3)
        throw Error("the face identity network takes (B, 150, 150, 3) faces");
    const auto mean = torch::tensor({122.782f, 117.001f, 104.298f});
    auto x = ((pixels.to(torch::kFloat32) - mean) / 255.0f).permute({0, 3, 1, 2}).contiguous();
    x = conv(x, m_layers.at("conv32_down"), 2, true, false);
    x = torch::max_pool2d(x, {3, 3}, {2, 2});
    for (const char* b : {"conv32_1", "conv32_2", "conv32_3"}) x = residual(x, b, false);
    x = residual(x, "conv64_down", true);
    for (const char* b : {"conv64_1", "conv64_2", "conv64_3"}) x = residual(x, b, false);
    x = residual(x, "conv128_down", true);
    for (const char* b : {"conv128_1", "conv128_2"}) x = residual(x, b, false);
    x = residual(x, "conv256_down", true);
    for (const char* b : {"conv256_1", "conv256_2"}) x = residual(x, b, false);
    x = residual(x, "conv256_down_out", true);
    return torch::matmul(x.mean({2, 3}), m_fc);
}

torch::Tensor FaceRecognizer::input(const uint8_t* rgb, int width, int height, const FaceBox& box) {
    const auto img = pictureTensor(rgb, width, height);
    const int x0 = std::clamp(static_cast<int>(std::floor(box.x)), 0, width - 1);
    const int y0 = std::clamp(static_cast<int>(std::floor(box.y)), 0, height - 1);
    const int x1 = std::clamp(static_cast<int>(std::ceil(box.x + box.width)), x0 + 1, width);
    const int y1 = std::clamp(static_cast<int>(std::ceil(box.y + box.height)), y0 + 1, height);
    auto face = img.slice(0, y0, y1).slice(1, x0, x1);
    const int64_t h = face.size(0), w = face.size(1), diff = std::abs(h - w);
    const int64_t after = static_cast<int64_t>(std::lround(static_cast<double>(diff) * 0.5)), before = diff - after;
    face = h > w ? torch::constant_pad_nd(face, {0, 0, before, after}, 0) : torch::constant_pad_nd(face, {0, 0, 0, 0, before, after}, 0);
    return resizeBilinearLegacy(face, 150, 150).unsqueeze(0);
}

// ---------------------------------------------------------------------------------------------
// Both

std::string faceApiManifest(const std::string& stem) {
    const auto& p = faceApiPackage();
    packagedFile(p, "model/" + stem + ".bin");
    return packagedFile(p, "model/" + stem + "-weights_manifest.json");
}

FaceEncoder::FaceEncoder()
    : m_detector(faceApiManifest("tiny_face_detector_model")), m_recognizer(faceApiManifest("face_recognition_model")) {}

FrameFaces FaceEncoder::look(const uint8_t* rgb, int width, int height, double time_s) const {
    FrameFaces ff;
    ff.time_s = time_s;
    ff.width = width;
    ff.height = height;
    ff.boxes = m_detector.detect(rgb, width, height, kInputSize);
    if (ff.boxes.empty()) return ff;
    std::vector<torch::Tensor> crops;
    for (const auto& b : ff.boxes) crops.push_back(FaceRecognizer::input(rgb, width, height, b));
    const auto ids = m_recognizer.forward(torch::cat(crops)).contiguous();
    const float* p = ids.data_ptr<float>();
    for (int64_t i = 0; i < ids.size(0); ++i, p += kIdentityDim) {
        Identity id;
        std::copy(p, p + kIdentityDim, id.begin());
        ff.identities.push_back(id);
    }
    return ff;
}

} // namespace mega::features
