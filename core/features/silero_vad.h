#pragma once
// Silero VAD v5 (MIT), as @ricky0123/vad-web 0.0.31 (ISC) ships it in dist/silero_vad_v5.onnx,
// rebuilt in LibTorch from the model's own weights (onnx_weights.h) and checked against
// onnxruntime running the file as vad-web feeds it (tests/fixtures/make_vad_fixtures.sh).
//
// Per 32 ms frame (512 samples at 16 kHz, with the previous frame's last 64 samples in front):
// an STFT as a convolution (256-sample window, hop 128, reflect-padded on the right), its
// magnitude, four convolutions with ReLU to 128 features, one LSTM cell step (the state runs on
// from frame to frame), and a sigmoid head: the probability that the frame is speech.

#include "core/features/tfjs_weights.h"

#include <cstddef>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace mega::features {

class SileroVad {
  public:
    static constexpr int kSampleRate = 16000; ///< the only rate the 16 kHz weights are for
    static constexpr int kFrame = 512;        ///< samples per probability (32 ms)
    static constexpr int kContext = 64;       ///< samples of the previous frame each call sees too

    /// Reads and checks the 16 kHz weights of the model; throws mega::Error naming the file when it
    /// is unreadable, not an ONNX model, or not Silero VAD v5 (a weight missing or of another shape).
    explicit SileroVad(const std::string& onnxPath);

    /// One speech probability per full 512-sample frame of `samples` (mono, 16 kHz, -1..1), as
    /// vad-web's MicVAD computes them from the start of a stream: context and state zero at the
    /// start and carried on; a partial last frame gives none. Thread-safe (the model is read-only).
    std::vector<float> probabilities(const float* samples, size_t n) const;

  private:
    torch::Tensor features(const torch::Tensor& inputs) const;

    torch::Tensor m_basis;   // (258, 1, 256): real rows 0..128, imaginary rows 129..257
    torch::Tensor m_conv[4]; // encoder filters
    torch::Tensor m_convBias[4];
    torch::Tensor m_inputWeights; // (512, 128), gates i, f, g, o as PyTorch orders them
    torch::Tensor m_stateWeights; // (512, 128)
    torch::Tensor m_gateBias;     // (512): both of the cell's biases
    std::vector<float> m_head;    // (128) weights of the 1x1 head on relu(h)
    float m_headBias = 0.0f;
};

} // namespace mega::features
