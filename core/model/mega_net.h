#pragma once
// MEGA's network in the LibTorch idiom (Impl + TORCH_MODULE + options): ../shared/docs/MEGA.md
// section 3. Parameter names match tests/fixtures/mega_reference.py's PyTorch modules one for one,
// so fixed weights can be moved between them and outputs compared.
//
// Shapes: features (B, L, D_m) per modality; `valid` (B, L) bool, false on padding. Inside, the
// transformer layers work on (L, B, C) (LibTorch 1.13 has no batch_first).

#include "core/model/config.h"

#include <torch/torch.h>

#include <optional>
#include <vector>

namespace mega::model {

/// Sinusoidal encodings (Vaswani et al.) for integer positions `index` (any shape) -> (..., C).
torch::Tensor sinusoidal(const torch::Tensor& index, int64_t channels);

/// Alignment indices (MEGA.md, Align PE): for the i-th valid element of a row with n valid
/// elements, floor(i * L_n / n); padding gets 0 (it is masked everywhere anyway). (B, L) int64.
torch::Tensor alignmentIndex(const torch::Tensor& valid, int64_t bottleneckTokens);

/// One post-norm Transformer encoder layer: self-attention, LayerNorm, Linear C->C_k, GELU,
/// Linear C_k->C, LayerNorm, dropout p on each residual branch (PyTorch's TransformerEncoderLayer
/// with activation="gelu", written out so the attention weights can be read).
struct EncoderLayerOptions {
    EncoderLayerOptions(int64_t width, int64_t ffnWidth, int64_t heads) : width_(width), ffn_width_(ffnWidth), heads_(heads) {}
    TORCH_ARG(int64_t, width);
    TORCH_ARG(int64_t, ffn_width);
    TORCH_ARG(int64_t, heads);
    TORCH_ARG(double, dropout) = 0.1;
};

class EncoderLayerImpl : public torch::nn::Module {
  public:
    explicit EncoderLayerImpl(const EncoderLayerOptions& options);
    /// x (S, B, C); keyPadding (B, S) true where a key must be ignored. If `attention` is given it
    /// receives the head-averaged attention weights (B, S, S).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& keyPadding, torch::Tensor* attention = nullptr);
    /// Inference only (no autograd, no dropout): the same layer for the query rows [begin, end)
    /// alone, attending to all keys; returns (end - begin, B, C). Attention is computed a block of
    /// query rows at a time, so the scores stay in cache instead of an (L x L) matrix per head
    /// going through memory five times. forward() takes this path when grad mode is off.
    torch::Tensor infer(const torch::Tensor& x, const torch::Tensor& keyPadding, int64_t begin, int64_t end);

    EncoderLayerOptions options;
    torch::nn::MultiheadAttention self_attn{nullptr};
    torch::nn::Linear linear1{nullptr}, linear2{nullptr};
    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
    torch::nn::Dropout dropout{nullptr}, dropout1{nullptr}, dropout2{nullptr};
};
TORCH_MODULE(EncoderLayer);

/// A modality's encoder: Linear(D_m -> C) + PE + Align PE + LayerNorm + dropout over the L units;
/// L_n bottleneck tokens + Align PE; then N_u encoder layers over the (L_n + L) tokens.
struct UnimodalEncoderOptions {
    UnimodalEncoderOptions(const ModelConfig& config, int64_t inputDim) : config_(config), input_dim_(inputDim) {}
    TORCH_ARG(ModelConfig, config);
    TORCH_ARG(int64_t, input_dim);
};

class UnimodalEncoderImpl : public torch::nn::Module {
  public:
    explicit UnimodalEncoderImpl(const UnimodalEncoderOptions& options);
    /// features (B, L, D); valid (B, L); keyValid (B, L): valid and this modality present.
    /// Returns (L_n + L, B, C): the bottleneck tokens first.
    torch::Tensor forward(const torch::Tensor& features, const torch::Tensor& valid, const torch::Tensor& keyValid,
                          bool projected = false);
    /// The bottleneck tokens with their Align PE, (L_n, C).
    torch::Tensor bottleneckTokens();

    UnimodalEncoderOptions options;
    torch::nn::Linear input{nullptr};
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Dropout dropout{nullptr};
    torch::Tensor bottleneck;
    torch::nn::Embedding position{nullptr}, align{nullptr}; ///< only when learned
    torch::nn::ModuleList layers;

  private:
    torch::Tensor alignTable(const torch::Tensor& index);
};
TORCH_MODULE(UnimodalEncoder);

/// What a forward pass gives.
struct NetOutput {
    torch::Tensor logits; ///< (B, L, N_c)
    torch::Tensor fused;  ///< (B, L, C x M): the units' fused activations, the head's input
    /// Per modality, from the last fusion layer: head-averaged attention from the L unit tokens to
    /// the M x L_n bottleneck tokens, (B, L, M x L_n). Only when asked for and fusion is bottleneck.
    std::vector<torch::Tensor> fusion_attention;
};

struct NetInput {
    std::vector<torch::Tensor> features; ///< per modality (B, L, D_m), float
    torch::Tensor valid;                 ///< (B, L) bool: false on padding
    std::vector<torch::Tensor> present;  ///< optional, per modality (B, L) bool: false where it has no feature
    /// The features have already been through each encoder's input Linear, (B, L, C): scene
    /// inference projects every shot once instead of once per window it appears in (17 times).
    bool projected = false;
};

/// The film-level context of a scene model (ModelConfig::context): per shot, each modality's
/// features standardised (`mean`, `scale`: statistics of the training shots, not trained) and zeroed
/// where absent, with the masks; Linear -> GELU -> a bidirectional GRU over the film; each cut scored
/// from the states of the shots on either side. `share` is the weight of its logit in the scene score:
/// 0 until the context has been trained, so an untrained context changes nothing.
class FilmContextImpl : public torch::nn::Module {
  public:
    explicit FilmContextImpl(const ModelConfig& config);
    /// features per modality (B, L, D_m), present per modality (B, L) bool or empty (all present):
    /// the logit of a scene ending after each shot, (B, L) (the last shot's is 0: no cut after it).
    torch::Tensor forward(const std::vector<torch::Tensor>& features, const std::vector<torch::Tensor>& present);

    ModelConfig config;
    torch::Tensor mean, scale, share;
    torch::nn::Dropout inDropout{nullptr}, outDropout{nullptr};
    torch::nn::Linear input{nullptr}, hidden{nullptr}, out{nullptr};
    torch::nn::GRU gru{nullptr};
};
TORCH_MODULE(FilmContext);

/// The whole network: M unimodal encoders, bottleneck (or late) fusion, the output head.
class MegaNetImpl : public torch::nn::Module {
  public:
    explicit MegaNetImpl(const ModelConfig& config);
    /// `units`, if given, limits the output to that range of units [first, last): inference then
    /// computes the last fusion layer for those rows only (the scene model needs only the centre).
    NetOutput forward(const NetInput& input, bool wantAttention = false, std::optional<std::pair<int64_t, int64_t>> units = {});
    /// Applies the head alone (used by Grad-CAM, which differentiates through it).
    torch::Tensor head(const torch::Tensor& fused) { return out->forward(fused); }
    int64_t parameterCount() const;

    ModelConfig config;
    torch::nn::ModuleList encoders;
    torch::nn::ModuleList fusion; ///< fusion[m] is a ModuleList of N_f EncoderLayers
    torch::nn::Linear out{nullptr};
    FilmContext context{nullptr}; ///< only when config.context.enabled()
};
TORCH_MODULE(MegaNet);

/// Checks shapes and types of an input against the config; throws mega::Error naming the problem.
void checkInput(const ModelConfig& config, const NetInput& input);

/// Grad-CAM modality contributions (MEGA.md 6.3.1) for the output (unit, cls) of batch row b:
/// the gradient of that logit with respect to the head's input, split into the modalities' C-wide
/// chunks, times the fused activation, summed over channels, ReLU, normalised to sum to 1 (all zero
/// stays all zero). Returns M values.
std::vector<double> gradCam(MegaNet& net, const torch::Tensor& fused, int64_t b, int64_t unit, int64_t cls);
/// The same for R units at once: `fused` (R, C x M) the units' fused activations, `cls` (R) the
/// output each is explained for. Returns (R, M) shares, double; gradCam is this for one row.
torch::Tensor gradCamRows(MegaNet& net, const torch::Tensor& fused, const torch::Tensor& cls);

} // namespace mega::model
