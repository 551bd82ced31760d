// libmega_torchscript.so: the TorchScript plug-in extractor, built as a module that core/features
// loads on first use (plugin.h says why). It depends only on headers of the rest of megacore.
#include "core/features/plugin.h"
#include "core/features/torch_threads.h"

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace mega::features {

namespace {

std::string inFile(const std::string& path, const std::string& what) { return "'" + path + "': " + what; }

class TorchScriptExtractor : public Extractor {
public:
    explicit TorchScriptExtractor(const PluginManifest& m) : m_m(m), m_out{m.name, m.output_dim, {}, {}} {
        m_module = torch::jit::load(m.model);
        m_module.eval();
        if (m_m.kind == PluginManifest::Kind::Audio && m_m.sample_rate != 16000)
            throw Error(inFile(m_m.path, "audio plug-ins take 16000 Hz for now, not " + std::to_string(m_m.sample_rate)));
    }

    std::string name() const override { return m_m.name; }
    bool wantsVideo() const override { return m_m.kind == PluginManifest::Kind::Frames; }
    bool wantsAudio() const override { return m_m.kind == PluginManifest::Kind::Audio; }

    void frame(const media::Frame& f) override {
        int64_t k = 0;
        if (!m_sampler.take(f.time_s, k)) return;
        const double start = static_cast<double>(k) / m_m.rate;
        // (H, W, 3) uint8 -> (1, 3, h, w) float in [0, 1], resized, normalised.
        auto img = torch::from_blob(const_cast<uint8_t*>(f.data.data()), {f.height, f.width, 3}, torch::kUInt8)
                       .permute({2, 0, 1})
                       .unsqueeze(0)
                       .to(torch::kFloat32)
                       .div(255.0);
        img = at::upsample_bilinear2d(img, {m_m.height, m_m.width}, false);
        const auto mean = torch::tensor({m_m.mean[0], m_m.mean[1], m_m.mean[2]}).view({1, 3, 1, 1});
        const auto stdev = torch::tensor({m_m.std[0], m_m.std[1], m_m.std[2]}).view({1, 3, 1, 1});
        m_pending.push_back((img - mean) / stdev);
        m_intervals.emplace_back(start, start + 1.0 / m_m.rate);
        if (static_cast<int>(m_pending.size()) >= m_m.batch) run();
    }

    void audio(const media::AudioBlock& block) override {
        m_samples.insert(m_samples.end(), block.samples.begin(), block.samples.end());
        const auto window = static_cast<size_t>(std::lround(m_m.window_s * m_m.sample_rate));
        const auto hop = static_cast<size_t>(std::lround(m_m.hop_s * m_m.sample_rate));
        while (m_samples.size() >= window) {
            m_pending.push_back(torch::from_blob(m_samples.data(), {1, static_cast<int64_t>(window)}, torch::kFloat32).clone());
            const double start = static_cast<double>(m_windows++) * m_m.hop_s;
            m_intervals.emplace_back(start, start + m_m.window_s);
            m_samples.erase(m_samples.begin(), m_samples.begin() + static_cast<std::ptrdiff_t>(std::min(hop, m_samples.size())));
            if (static_cast<int>(m_pending.size()) >= m_m.batch) run();
        }
    }

    Modality finish(double duration) override {
        if (m_m.kind == PluginManifest::Kind::Audio && m_windows == 0 && !m_samples.empty()) {
            // A film shorter than one window: one window of what there is, zero-padded.
            const auto window = static_cast<size_t>(std::lround(m_m.window_s * m_m.sample_rate));
            m_samples.resize(window, 0.0f);
            m_pending.push_back(torch::from_blob(m_samples.data(), {1, static_cast<int64_t>(window)}, torch::kFloat32).clone());
            m_intervals.emplace_back(0.0, std::max(duration, 1e-3));
        }
        run();
        return std::move(m_out);
    }

private:
    void run() {
        if (m_pending.empty()) return;
        torch::NoGradGuard noGrad;
        const auto batch = torch::cat(m_pending, 0);
        torch::Tensor y;
        try {
            y = m_module.forward({batch}).toTensor();
        } catch (const c10::Error& e) {
            throw Error(inFile(m_m.model, std::string("the model failed on input ") + shape(batch) + ": " + e.what_without_backtrace()));
        }
        if (y.dim() != 2 || y.size(0) != batch.size(0) || y.size(1) != m_m.output_dim)
            throw Error(inFile(m_m.path, "the manifest says output_dim " + std::to_string(m_m.output_dim) + " but " + m_m.model +
                                             " gives " + shape(y) + " for " + shape(batch)));
        y = y.to(torch::kFloat32).contiguous();
        for (int64_t i = 0; i < y.size(0); ++i)
            m_out.append(y[i].data_ptr<float>(), m_intervals[static_cast<size_t>(i)].first, m_intervals[static_cast<size_t>(i)].second);
        m_pending.clear();
        m_intervals.clear();
    }

    static std::string shape(const torch::Tensor& t) {
        std::string s = "(";
        for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
        return s + ")";
    }

    PluginManifest m_m;
    torch::jit::script::Module m_module;
    Modality m_out;
    Sampler m_sampler{m_m.rate};
    int64_t m_windows = 0;
    std::vector<torch::Tensor> m_pending;
    std::vector<std::pair<double, double>> m_intervals;
    std::vector<float> m_samples;
};

} // namespace

} // namespace mega::features

extern "C" __attribute__((visibility("default"))) mega::features::Extractor*
mega_make_torchscript_extractor(const mega::features::PluginManifest* manifest, char* error, size_t errorSize) {
    mega::features::useCoresBesideDecoding();
    try {
        return new mega::features::TorchScriptExtractor(*manifest);
    } catch (const c10::Error& e) {
        std::snprintf(error, errorSize, "'%s': not a TorchScript model this LibTorch can load (%s)", manifest->model.c_str(),
                      e.what_without_backtrace());
    } catch (const std::exception& e) {
        std::snprintf(error, errorSize, "%s", e.what());
    }
    return nullptr;
}
