#include "core/features/silero_vad.h"

#include "core/common/error.h"
#include "core/features/onnx_weights.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mega::features {

namespace {

// The 16 kHz model is the then-branch of the graph's If (sr == 16000); the else-branch holds the
// 8 kHz one under the same names.
const std::string kPrefix = "If_0_then_branch__Inline_0__";
constexpr int64_t kWindow = 256, kHop = 128, kBins = kWindow / 2 + 1, kPad = 64, kHidden = 128;
constexpr int64_t kInput = SileroVad::kContext + SileroVad::kFrame; // 576 samples per call
// Frames whose front end runs in one batch: bounds the memory (about 15 MB) on hours of audio.
constexpr int64_t kBlock = 1024;

torch::Tensor tensorOf(const WeightMap& weights, const std::string& name, const std::vector<int64_t>& shape,
                       const std::string& file) {
    const WeightTensor& w = weight(weights, kPrefix + name, shape, file);
    return torch::from_blob(const_cast<float*>(w.values.data()), shape, torch::kFloat32).clone();
}

float sigmoid(float v) {
    return 1.0f / (1.0f + std::exp(-v));
}

} // namespace

SileroVad::SileroVad(const std::string& onnxPath) {
    const WeightMap w = readOnnxWeights(onnxPath);
    const auto t = [&](const std::string& name, const std::vector<int64_t>& shape) {
        return tensorOf(w, name, shape, onnxPath);
    };
    m_basis = t("stft.forward_basis_buffer", {2 * kBins, 1, kWindow});
    const int64_t channels[5] = {kBins, 128, 64, 64, kHidden};
    for (int i = 0; i < 4; ++i) {
        const std::string p = "encoder." + std::to_string(i) + ".reparam_conv.";
        m_conv[i] = t(p + "weight", {channels[i + 1], channels[i], 3});
        m_convBias[i] = t(p + "bias", {channels[i + 1]});
    }
    m_inputWeights = t("decoder.rnn.weight_ih", {4 * kHidden, kHidden});
    m_stateWeights = t("decoder.rnn.weight_hh", {4 * kHidden, kHidden});
    m_gateBias = t("decoder.rnn.bias_ih", {4 * kHidden}) + t("decoder.rnn.bias_hh", {4 * kHidden});
    m_head = weight(w, kPrefix + "decoder.decoder.2.weight", {1, kHidden, 1}, onnxPath).values;
    m_headBias = weight(w, kPrefix + "decoder.decoder.2.bias", {1}, onnxPath).values[0];
}

// The front end of B calls, (B, 576) samples -> (B, 128) features. It does not depend on the
// LSTM's state, so frames go through it together: with the cell below in plain loops, a second of
// audio takes about 1 ms on one thread, where one call per frame (as the graph runs) takes 5 to 7.
torch::Tensor SileroVad::features(const torch::Tensor& inputs) const {
    const auto x = torch::reflection_pad1d(inputs.unsqueeze(1), {0, kPad}); // (B, 1, 640)
    const auto spectrum = torch::conv1d(x, m_basis, {}, kHop);              // (B, 258, 4)
    const auto re = spectrum.narrow(1, 0, kBins), im = spectrum.narrow(1, kBins, kBins);
    auto h = torch::sqrt(re * re + im * im); // no log, no epsilon
    const int64_t strides[4] = {1, 2, 2, 1};
    for (int i = 0; i < 4; ++i)
        h = torch::relu(torch::conv1d(h, m_conv[i], m_convBias[i], strides[i], 1));
    return h.squeeze(-1); // (B, 128): 4 -> 2 -> 1 steps
}

std::vector<float> SileroVad::probabilities(const float* samples, size_t n) const {
    const auto frames = static_cast<int64_t>(n / kFrame);
    std::vector<float> out(static_cast<size_t>(frames));
    if (frames == 0) return out;
    if (!samples) throw Error("the voice activity detector was given no samples");
    torch::NoGradGuard noGrad;

    // The LSTM cell's state (h, c), zeros at the start as in vad-web.
    std::vector<float> h(kHidden, 0.0f), c(kHidden, 0.0f), gates(4 * kHidden);
    const auto hTensor = torch::from_blob(h.data(), {kHidden}, torch::kFloat32);
    auto recurrent = torch::empty({4 * kHidden}, torch::kFloat32);

    for (int64_t first = 0; first < frames; first += kBlock) {
        const int64_t count = std::min(kBlock, frames - first);
        // Row k: the 64 samples before frame k (zeros before the first) and its 512.
        auto inputs = torch::zeros({count, kInput}, torch::kFloat32);
        float* row = inputs.data_ptr<float>();
        for (int64_t k = first; k < first + count; ++k, row += kInput) {
            const float* frame = samples + k * kFrame;
            if (k > 0) std::memcpy(row, frame - kContext, kContext * sizeof(float));
            std::memcpy(row + kContext, frame, kFrame * sizeof(float));
        }
        // The input half of the gates for every frame at once: features W_ih^T + b_ih + b_hh.
        const auto inputGates = torch::addmm(m_gateBias, features(inputs), m_inputWeights.t()).contiguous();
        const float* gx = inputGates.data_ptr<float>();

        // Only the cell itself must go frame by frame. PyTorch's gate order: i, f, g, o.
        for (int64_t k = 0; k < count; ++k, gx += 4 * kHidden) {
            torch::mv_out(recurrent, m_stateWeights, hTensor);
            const float* r = recurrent.data_ptr<float>();
            for (int64_t j = 0; j < 4 * kHidden; ++j)
                gates[static_cast<size_t>(j)] = gx[j] + r[j];
            float logit = m_headBias;
            for (size_t j = 0; j < static_cast<size_t>(kHidden); ++j) {
                const float i = sigmoid(gates[j]), f = sigmoid(gates[kHidden + j]);
                const float g = std::tanh(gates[2 * kHidden + j]), o = sigmoid(gates[3 * kHidden + j]);
                c[j] = f * c[j] + i * g;
                h[j] = o * std::tanh(c[j]);
                logit += m_head[j] * std::max(h[j], 0.0f); // the head sees relu(h); the state keeps h
            }
            out[static_cast<size_t>(first + k)] = sigmoid(logit);
        }
    }
    return out;
}

} // namespace mega::features
