#include "core/model/mega_net.h"

#include "core/common/error.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace mega::model {

namespace F = torch::nn::functional;

torch::Tensor sinusoidal(const torch::Tensor& index, int64_t channels) {
    // pe[p, 2i] = sin(p / 10000^(2i/C)), pe[p, 2i+1] = cos(p / 10000^(2i/C))
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(index.device());
    const torch::Tensor div = torch::exp(torch::arange(0, channels, 2, opts) * (-std::log(10000.0) / double(channels)));
    const torch::Tensor angle = index.to(torch::kFloat32).unsqueeze(-1) * div; // (..., ceil(C/2))
    torch::Tensor pe = torch::stack({torch::sin(angle), torch::cos(angle)}, -1).flatten(-2);
    return pe.narrow(-1, 0, channels);
}

torch::Tensor alignmentIndex(const torch::Tensor& valid, int64_t bottleneckTokens) {
    const torch::Tensor v = valid.to(torch::kInt64);
    const torch::Tensor rank = v.cumsum(1) - 1;                     // i: rank among the valid elements
    const torch::Tensor n = v.sum(1, /*keepdim=*/true).clamp_min(1); // real length
    const torch::Tensor idx = torch::div(rank * bottleneckTokens, n, "floor");
    return torch::where(valid, idx.clamp(0, bottleneckTokens - 1), torch::zeros_like(idx));
}

EncoderLayerImpl::EncoderLayerImpl(const EncoderLayerOptions& o) : options(o) {
    self_attn = register_module(
        "self_attn", torch::nn::MultiheadAttention(torch::nn::MultiheadAttentionOptions(o.width(), o.heads()).dropout(o.dropout())));
    linear1 = register_module("linear1", torch::nn::Linear(o.width(), o.ffn_width()));
    linear2 = register_module("linear2", torch::nn::Linear(o.ffn_width(), o.width()));
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.width()})));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.width()})));
    dropout = register_module("dropout", torch::nn::Dropout(o.dropout()));
    dropout1 = register_module("dropout1", torch::nn::Dropout(o.dropout()));
    dropout2 = register_module("dropout2", torch::nn::Dropout(o.dropout()));
}

torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& keyPadding, torch::Tensor* attention) {
    if (!attention && !is_training() && !torch::GradMode::is_enabled()) return infer(x, keyPadding, 0, x.size(0));
    auto [a, w] = self_attn->forward(x, x, x, keyPadding, /*need_weights=*/attention != nullptr);
    if (attention) *attention = w;
    torch::Tensor y = norm1->forward(x + dropout1->forward(a));
    const torch::Tensor ff = linear2->forward(dropout->forward(F::gelu(linear1->forward(y))));
    return norm2->forward(y + dropout2->forward(ff));
}

torch::Tensor EncoderLayerImpl::infer(const torch::Tensor& x, const torch::Tensor& keyPadding, int64_t begin, int64_t end) {
    const int64_t S = x.size(0), B = x.size(1), C = options.width(), H = options.heads(), d = C / H;
    const int64_t Q = end - begin;
    const torch::Tensor& w = self_attn->in_proj_weight;
    const torch::Tensor& b = self_attn->in_proj_bias;
    const torch::Tensor xb = x.transpose(0, 1);                   // (B, S, C)
    const torch::Tensor xq = xb.narrow(1, begin, Q);              // (B, Q, C)
    // q is scaled before the product, as PyTorch's multi_head_attention_forward does.
    const torch::Tensor q = (torch::linear(xq, w.narrow(0, 0, C), b.narrow(0, 0, C)) * (1.0 / std::sqrt(double(d))))
                                .view({B, Q, H, d}).transpose(1, 2);                                   // (B, H, Q, d)
    const torch::Tensor kv = torch::linear(xb, w.narrow(0, C, 2 * C), b.narrow(0, C, 2 * C)); // (B, S, 2C)
    const torch::Tensor kT = kv.narrow(2, 0, C).reshape({B, S, H, d}).permute({0, 2, 3, 1}).contiguous(); // (B, H, d, S)
    const torch::Tensor v = kv.narrow(2, C, C).reshape({B, S, H, d}).transpose(1, 2).contiguous();        // (B, H, S, d)
    const torch::Tensor bias = torch::zeros({B, 1, 1, S}, x.options())
                                   .masked_fill_(keyPadding.view({B, 1, 1, S}), -std::numeric_limits<float>::infinity());
    torch::Tensor ctx = torch::empty({B, H, Q, d}, x.options());
    if (S < 512) {
        // Short sequences (scene windows): one batched product over all windows and heads.
        ctx.copy_(torch::matmul(torch::softmax(torch::matmul(q, kT).add_(bias), -1), v));
    } else {
        // Long sequences (whole films): blocks of query rows of one head, in parallel, each block's
        // scores (~2 MB) staying in cache through the product, the softmax and the second product.
        const int64_t block = std::clamp<int64_t>((int64_t(1) << 19) / S, 16, 1024); // measured best on 2 cores

        const int64_t blocks = (Q + block - 1) / block;
        const torch::Tensor padBias = bias.view({B, 1, S});
        at::parallel_for(0, B * H * blocks, 1, [&](int64_t from, int64_t to) {
            for (int64_t t = from; t < to; ++t) {
                const int64_t bh = t / blocks, r = (t % blocks) * block, n = std::min(block, Q - r);
                const int64_t bi = bh / H, hi = bh % H;
                torch::Tensor scores = torch::addmm(padBias[bi], q[bi][hi].narrow(0, r, n), kT[bi][hi]); // (n, S)
                torch::softmax_out(scores, scores, -1);
                torch::Tensor out = ctx[bi][hi].narrow(0, r, n);
                torch::mm_out(out, scores, v[bi][hi]);
            }
        });
    }
    const torch::Tensor a = torch::linear(ctx.transpose(1, 2).reshape({B, Q, C}), self_attn->out_proj->weight, self_attn->out_proj->bias);
    const torch::Tensor y = norm1->forward(xq + a);                                             // (B, Q, C)
    const torch::Tensor ff = linear2->forward(torch::gelu(linear1->forward(y)));
    return norm2->forward(y + ff).transpose(0, 1);                                              // (Q, B, C)
}

UnimodalEncoderImpl::UnimodalEncoderImpl(const UnimodalEncoderOptions& o) : options(o) {
    const ModelConfig& c = o.config();
    input = register_module("input", torch::nn::Linear(o.input_dim(), c.width));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
    dropout = register_module("dropout", torch::nn::Dropout(c.dropout));
    bottleneck = register_parameter("bottleneck", torch::randn({c.bottleneck_tokens, c.width}) * 0.02);
    if (c.position == Encoding::Learned)
        position = register_module("position", torch::nn::Embedding(c.units, c.width));
    if (c.align_pe == Encoding::Learned)
        align = register_module("align", torch::nn::Embedding(c.bottleneck_tokens, c.width));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.unimodal_layers; ++i)
        layers->push_back(EncoderLayer(EncoderLayerOptions(c.width, c.ffn_width, c.heads).dropout(c.dropout)));
}

torch::Tensor UnimodalEncoderImpl::alignTable(const torch::Tensor& index) {
    const ModelConfig& c = options.config();
    if (c.align_pe == Encoding::Learned) return align->forward(index);
    return sinusoidal(index, c.width);
}

torch::Tensor UnimodalEncoderImpl::bottleneckTokens() {
    const ModelConfig& c = options.config();
    if (c.align_pe == Encoding::None) return bottleneck;
    return bottleneck + alignTable(torch::arange(c.bottleneck_tokens, torch::TensorOptions().dtype(torch::kInt64)));
}

torch::Tensor UnimodalEncoderImpl::forward(const torch::Tensor& features, const torch::Tensor& valid, const torch::Tensor& keyValid,
                                           bool projected) {
    const ModelConfig& c = options.config();
    const int64_t B = features.size(0), L = features.size(1);
    torch::Tensor x = projected ? features : input->forward(features); // (B, L, C)
    const torch::Tensor pos = torch::arange(L, torch::TensorOptions().dtype(torch::kInt64));
    if (c.position == Encoding::Learned) {
        if (L > c.units)
            throw Error("a learned position table has " + std::to_string(c.units) + " rows; got " + std::to_string(L) + " units");
        x = x + position->forward(pos);
    } else if (c.position == Encoding::Sinusoidal) {
        x = x + sinusoidal(pos, c.width);
    }
    if (c.align_pe != Encoding::None) x = x + alignTable(alignmentIndex(valid, c.bottleneck_tokens));
    x = dropout->forward(norm->forward(x));
    const torch::Tensor b = bottleneckTokens().unsqueeze(0).expand({B, c.bottleneck_tokens, c.width});
    torch::Tensor seq = torch::cat({b, x}, 1).transpose(0, 1); // (L_n + L, B, C)
    const torch::Tensor keyPadding =
        torch::cat({torch::zeros({B, c.bottleneck_tokens}, torch::kBool), keyValid.logical_not()}, 1);
    for (const auto& layer : *layers) seq = layer->as<EncoderLayer>()->forward(seq, keyPadding);
    return seq;
}

MegaNetImpl::MegaNetImpl(const ModelConfig& c) : config(c) {
    encoders = register_module("encoders", torch::nn::ModuleList());
    fusion = register_module("fusion", torch::nn::ModuleList());
    for (const auto& m : c.modalities) {
        if (m.dim <= 0)
            throw Error("modality \"" + m.name + "\" of config \"" + c.name + "\" has no input dimension (give it \"dim\" or --dims)");
        encoders->push_back(UnimodalEncoder(UnimodalEncoderOptions(c, m.dim)));
        if (c.fusion == Fusion::Bottleneck && c.fusion_layers > 0) {
            torch::nn::ModuleList stack;
            for (int64_t i = 0; i < c.fusion_layers; ++i)
                stack->push_back(EncoderLayer(EncoderLayerOptions(c.width, c.ffn_width, c.heads).dropout(c.dropout)));
            fusion->push_back(stack);
        }
    }
    out = register_module("out", torch::nn::Linear(c.fusedWidth(), c.classes));
    if (c.context.enabled()) context = register_module("context", FilmContext(c));
}

int64_t MegaNetImpl::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : parameters())
        if (p.requires_grad()) n += p.numel();
    return n;
}

FilmContextImpl::FilmContextImpl(const ModelConfig& c) : config(c) {
    int64_t dims = 0;
    for (const auto& m : c.modalities) dims += m.dim;
    const int64_t H = c.context.hidden;
    mean = register_parameter("mean", torch::zeros({dims}), false);
    scale = register_parameter("scale", torch::ones({dims}), false);
    share = register_parameter("share", torch::zeros({1}), false);
    inDropout = register_module("in_dropout", torch::nn::Dropout(0.1));
    input = register_module("input", torch::nn::Linear(dims + int64_t(c.modalities.size()), H));
    gru = register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(H, H)
                                                    .num_layers(c.context.layers)
                                                    .bidirectional(true)
                                                    .batch_first(true)
                                                    .dropout(c.context.layers > 1 ? 0.2 : 0.0)));
    outDropout = register_module("out_dropout", torch::nn::Dropout(0.3));
    hidden = register_module("hidden", torch::nn::Linear(4 * H, H));
    out = register_module("out", torch::nn::Linear(H, 1));
}

torch::Tensor FilmContextImpl::forward(const std::vector<torch::Tensor>& features, const std::vector<torch::Tensor>& present) {
    std::vector<torch::Tensor> parts, masks;
    int64_t col = 0;
    for (size_t m = 0; m < features.size(); ++m) {
        const torch::Tensor f = features[m].to(mean.scalar_type());
        const int64_t d = f.size(2);
        const torch::Tensor here = present.empty() ? torch::ones({f.size(0), f.size(1)}, f.options()) : present[m].to(f.scalar_type());
        parts.push_back((f - mean.narrow(0, col, d)) / scale.narrow(0, col, d) * here.unsqueeze(-1));
        masks.push_back(here.unsqueeze(-1));
        col += d;
    }
    parts.insert(parts.end(), masks.begin(), masks.end());
    // The input layer on (B x L, D) rows: in this LibTorch (1.13, Debian's), GELU on a (B, L, H) tensor
    // feeding the GRU gets a wrong gradient (the input layer's off by up to 1e20; tst_train checks
    // the gradients against float64).
    const torch::Tensor joined = inDropout->forward(torch::cat(parts, -1));
    const int64_t B = joined.size(0), L = joined.size(1);
    const torch::Tensor x = torch::gelu(input->forward(joined.reshape({B * L, joined.size(2)}))).view({B, L, -1});
    const torch::Tensor h = std::get<0>(gru->forward(x)); // (B, L, 2H)
    if (L < 2) return torch::zeros({B, L}, h.options());
    const torch::Tensor cut = torch::cat({h.narrow(1, 0, L - 1), h.narrow(1, 1, L - 1)}, -1); // (B, L - 1, 4H)
    const torch::Tensor logit = out->forward(torch::gelu(hidden->forward(outDropout->forward(cut)))).squeeze(-1);
    return torch::cat({logit, torch::zeros({B, 1}, logit.options())}, 1);
}

void checkInput(const ModelConfig& c, const NetInput& in) {
    const size_t M = c.modalities.size();
    if (in.features.size() != M)
        throw Error("the model \"" + c.name + "\" takes " + std::to_string(M) + " modalities; got " + std::to_string(in.features.size()));
    if (!in.valid.defined() || in.valid.dim() != 2 || in.valid.scalar_type() != torch::kBool)
        throw Error("the padding mask must be a (B, L) bool tensor");
    const int64_t B = in.valid.size(0), L = in.valid.size(1);
    if (L == 0) throw Error("the input has no units");
    for (size_t m = 0; m < M; ++m) {
        const auto& f = in.features[m];
        const auto& spec = c.modalities[m];
        const int64_t dim = in.projected ? c.width : spec.dim;
        if (f.dim() != 3 || f.size(0) != B || f.size(1) != L || f.size(2) != dim)
            throw Error("modality \"" + spec.name + "\" must be (" + std::to_string(B) + ", " + std::to_string(L) + ", " +
                        std::to_string(dim) + "); got " + c10::str(f.sizes()));
        if (!in.present.empty() && (in.present[m].sizes() != in.valid.sizes() || in.present[m].scalar_type() != torch::kBool))
            throw Error("modality \"" + spec.name + "\"'s presence mask must be a (B, L) bool tensor like the padding mask");
    }
    if (!in.present.empty() && in.present.size() != M) throw Error("give a presence mask for every modality, or none");
    if (c.position == Encoding::Learned && L > c.units)
        throw Error("the model \"" + c.name + "\" has a learned position table of " + std::to_string(c.units) +
                    " units; got " + std::to_string(L));
}

NetOutput MegaNetImpl::forward(const NetInput& in, bool wantAttention, std::optional<std::pair<int64_t, int64_t>> unitRange) {
    checkInput(config, in);
    const int64_t M = static_cast<int64_t>(config.modalities.size());
    const int64_t Ln = config.bottleneck_tokens;
    const int64_t B = in.valid.size(0);
    // At inference, when the modalities split evenly over the threads (the act model: 6 over 2),
    // each thread runs whole modalities with single-threaded ops instead of every op forking and
    // joining over all threads.
    const bool inference = !is_training() && !torch::GradMode::is_enabled() && !wantAttention;
    const int threads = at::get_num_threads();
    const bool acrossModalities = inference && threads > 1 && M >= threads && M % threads == 0;
    auto eachModality = [&](const std::function<void(int64_t)>& fn) {
        if (!acrossModalities) {
            for (int64_t m = 0; m < M; ++m) fn(m);
            return;
        }
        at::parallel_for(0, M, 1, [&](int64_t from, int64_t to) {
            c10::InferenceMode guard; // thread-local: the workers need it too
            for (int64_t m = from; m < to; ++m) fn(m);
        });
    };
    std::vector<torch::Tensor> encoded(M);
    std::vector<torch::Tensor> keyValid(M);
    for (int64_t m = 0; m < M; ++m) keyValid[m] = in.present.empty() ? in.valid : in.valid.logical_and(in.present[m]);
    eachModality([&](int64_t m) {
        encoded[m] = encoders[m]->as<UnimodalEncoder>()->forward(in.features[m].to(torch::kFloat32), in.valid, keyValid[m], in.projected);
    });
    NetOutput o;
    std::vector<torch::Tensor> units(M);
    const bool bottleneckFusion = config.fusion == Fusion::Bottleneck && config.fusion_layers > 0;
    if (bottleneckFusion) {
        std::vector<torch::Tensor> bottlenecks(M);
        for (int64_t m = 0; m < M; ++m) bottlenecks[m] = encoded[m].narrow(0, 0, Ln);
        const torch::Tensor shared = torch::cat(bottlenecks, 0); // (M L_n, B, C)
        const torch::Tensor sharedPad = torch::zeros({B, M * Ln}, torch::kBool);
        eachModality([&](int64_t m) {
            torch::Tensor seq = torch::cat({shared, encoded[m].narrow(0, Ln, encoded[m].size(0) - Ln)}, 0);
            const torch::Tensor keyPadding = torch::cat({sharedPad, keyValid[m].logical_not()}, 1);
            auto& stack = *fusion[m]->as<torch::nn::ModuleList>();
            const int64_t L = seq.size(0) - M * Ln;
            auto [first, last] = unitRange.value_or(std::pair<int64_t, int64_t>{0, L});
            for (size_t k = 0; k < stack.size(); ++k) {
                const bool lastLayer = k + 1 == stack.size();
                auto* impl = stack[k]->as<EncoderLayerImpl>();
                if (lastLayer && !wantAttention && !is_training() && !torch::GradMode::is_enabled()) {
                    // Only the units asked for: the shared bottleneck tokens' outputs are not used after
                    // the last fusion layer, nor (for the scene model) any unit but the centre.
                    seq = impl->infer(seq, keyPadding, M * Ln + first, M * Ln + last);
                    first = 0;
                    last = seq.size(0);
                    continue;
                }
                torch::Tensor w;
                seq = impl->forward(seq, keyPadding, wantAttention && lastLayer ? &w : nullptr);
                if (wantAttention && lastLayer) o.fusion_attention.push_back(w.narrow(1, M * Ln, L).narrow(2, 0, M * Ln));
                if (lastLayer) seq = seq.narrow(0, M * Ln, L);
            }
            units[m] = seq.narrow(0, first, last - first);
        });
    } else {
        for (int64_t m = 0; m < M; ++m) {
            const int64_t L = encoded[m].size(0) - Ln;
            const auto [first, last] = unitRange.value_or(std::pair<int64_t, int64_t>{0, L});
            units[m] = encoded[m].narrow(0, Ln + first, last - first);
        }
    }
    o.fused = torch::cat(units, 2).transpose(0, 1); // (B, L, C M)
    o.logits = out->forward(o.fused);
    return o;
}

torch::Tensor gradCamRows(MegaNet& net, const torch::Tensor& fused, const torch::Tensor& cls) {
    const int64_t M = static_cast<int64_t>(net->config.modalities.size());
    const int64_t C = net->config.width;
    const int64_t R = fused.size(0);
    c10::InferenceMode off(false); // autograd, even when called under inference mode
    torch::AutoGradMode grad(true);
    // Clones made here are normal tensors: an inference tensor cannot be saved for backward.
    const torch::Tensor h = fused.detach().clone().requires_grad_(true); // (R, C M); rows are independent through the head
    const torch::Tensor idx = cls.to(torch::kLong).clone().view({R, 1});
    const torch::Tensor score = net->head(h).gather(1, idx).sum();
    const torch::Tensor g = torch::autograd::grad({score}, {h})[0];
    const torch::Tensor contribution = (g * h.detach()).view({R, M, C}).sum(2).clamp_min(0).to(torch::kFloat64);
    const torch::Tensor total = contribution.sum(1, true);
    // All zero stays all zero (MEGA.md 6.3.1).
    return torch::where(total > 0, contribution / total.clamp_min(1e-300), torch::zeros_like(contribution)).contiguous();
}

std::vector<double> gradCam(MegaNet& net, const torch::Tensor& fused, int64_t b, int64_t unit, int64_t cls) {
    const torch::Tensor r = gradCamRows(net, fused.index({b, unit}).unsqueeze(0), torch::tensor({cls}));
    return {r.data_ptr<double>(), r.data_ptr<double>() + r.numel()};
}

} // namespace mega::model
