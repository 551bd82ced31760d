// The pretrained encoders' extractors, in the LibTorch module (extractors.h's isEncoder):
// - "faces" (faces.h): face-api's detector and identity network on two frames a second at 640 px,
//   the film's faces grouped into characters when the film ends;
// - "picture" (picture_net.h): nsfwjs's MobileNetV2 on a frame a second of the analysis frames,
//   less the film's mean and L2-normalised (the raw activations of any two pictures lie at cosine
//   0.97; what tells pictures apart is how each differs from the film's usual picture);
// - "voice" (silero_vad.h): Silero VAD's speech probability every 32 ms, summed up each second:
//   its mean, the share of frames above 0.5, speech onsets (a quarter each, at most 1) and its
//   largest value. The audio goes through in minutes (the detector's state starts anew each
//   minute), so memory stays small.
#include "core/features/extractors.h"
#include "core/features/face_nets.h"
#include "core/features/packaged_weights.h"
#include "core/features/picture_net.h"
#include "core/features/silero_vad.h"
#include "core/features/torch_threads.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace mega::features {

namespace {

class FacesExtractor : public Extractor {
public:
    static constexpr double kRate = 2.0; // sampled frames a second (at least two a shot of a second)
    static constexpr int kWidth = 640;   // the frames' width: a face a sixth of the height gets ~60 px

    std::string name() const override { return "faces"; }
    bool wantsVideo() const override { return true; }
    int frameWidth() const override { return kWidth; }
    double frameRate() const override { return kRate; }

    void frame(const media::Frame& f) override {
        int64_t k = 0;
        if (!m_sampler.take(f.time_s, k)) return;
        m_frames.push_back(m_encoder.look(f.data.data(), f.width, f.height, static_cast<double>(k) / kRate));
    }

    Modality finish(double duration_s) override {
        std::vector<Identity> all;
        for (const auto& f : m_frames) all.insert(all.end(), f.identities.begin(), f.identities.end());
        const Characters cast = clusterFaces(all);
        Modality m{"faces", kFacesDim, {}, {}};
        size_t at = 0;
        for (const auto& f : m_frames) {
            const std::vector<int> of(cast.of.begin() + static_cast<std::ptrdiff_t>(at),
                                      cast.of.begin() + static_cast<std::ptrdiff_t>(at + f.identities.size()));
            at += f.identities.size();
            const auto v = facesVector(f, of);
            m.append(v.data(), f.time_s, std::min(duration_s, f.time_s + 1.0 / kRate));
        }
        return m;
    }

private:
    FaceEncoder m_encoder;
    Sampler m_sampler{kRate};
    std::vector<FrameFaces> m_frames;
};

class VoiceExtractor : public Extractor {
public:
    static constexpr int kDim = 4;
    static constexpr size_t kChunk = 60 * SileroVad::kSampleRate; // a minute

    VoiceExtractor() : m_vad(packagedFile(vadWebPackage(), "dist/silero_vad_v5.onnx")), m_out{"voice", kDim, {}, {}} {}
    std::string name() const override { return "voice"; }
    bool wantsAudio() const override { return true; }

    void audio(const media::AudioBlock& block) override {
        m_samples.insert(m_samples.end(), block.samples.begin(), block.samples.end());
        if (m_samples.size() >= kChunk) run(kChunk);
    }

    Modality finish(double duration_s) override {
        run(m_samples.size());
        // One vector a second: the frames whose middle falls in it.
        const double frame = static_cast<double>(SileroVad::kFrame) / SileroVad::kSampleRate;
        size_t i = 0;
        bool speaking = false;
        for (int64_t second = 0; static_cast<double>(second) < duration_s; ++second) {
            std::array<float, kDim> v{};
            int n = 0, onsets = 0;
            for (; i < m_probs.size() && (static_cast<double>(i) + 0.5) * frame < static_cast<double>(second + 1); ++i, ++n) {
                const float p = m_probs[i];
                v[0] += p;
                v[1] += p > 0.5f ? 1.0f : 0.0f;
                onsets += p > 0.5f && !speaking;
                speaking = p > 0.5f;
                v[3] = std::max(v[3], p);
            }
            if (n == 0) break; // past the audio
            v[0] /= static_cast<float>(n);
            v[1] /= static_cast<float>(n);
            v[2] = std::min(1.0f, 0.25f * static_cast<float>(onsets));
            m_out.append(v.data(), static_cast<double>(second), std::min(duration_s, static_cast<double>(second + 1)));
        }
        return m_out;
    }

private:
    void run(size_t n) {
        // Whole frames only; the rest waits for the next block (or is the film's last few ms).
        const size_t whole = n / SileroVad::kFrame * SileroVad::kFrame;
        if (whole == 0) return;
        const auto p = m_vad.probabilities(m_samples.data(), whole);
        m_probs.insert(m_probs.end(), p.begin(), p.end());
        m_samples.erase(m_samples.begin(), m_samples.begin() + static_cast<std::ptrdiff_t>(whole));
    }

    SileroVad m_vad;
    Modality m_out;
    std::vector<float> m_samples, m_probs;
};

class PictureExtractor : public Extractor {
public:
    PictureExtractor() : m_net(nsfwjsModel()) {}
    std::string name() const override { return "picture"; }
    bool wantsVideo() const override { return true; }
    double frameRate() const override { return 1.0; }

    void frame(const media::Frame& f) override {
        int64_t second = 0;
        if (!m_sampler.take(f.time_s, second)) return;
        m_pending.push_back(PictureNet::input(f.data.data(), f.width, f.height));
        m_starts.push_back(static_cast<double>(second));
        run(); // one at a time: a batch's tensors outgrow the heap (allocator.h)
    }

    Modality finish(double duration_s) override {
        run();
        Modality m{"picture", PictureNet::kDim, {}, {}};
        if (m_vectors.empty()) return m;
        const auto all = torch::cat(m_vectors);
        auto centred = all - all.mean(0, true);
        centred = centred / centred.norm(2, 1, true).clamp_min(1e-6);
        centred = centred.contiguous();
        for (int64_t i = 0; i < centred.size(0); ++i) {
            const double start = m_starts[static_cast<size_t>(i)];
            m.append(centred[i].data_ptr<float>(), start, std::min(duration_s, start + 1.0));
        }
        return m;
    }

private:
    void run() {
        if (m_pending.empty()) return;
        m_vectors.push_back(m_net.forward(torch::cat(m_pending)));
        m_pending.clear();
    }

    PictureNet m_net;
    Sampler m_sampler{1.0};
    std::vector<torch::Tensor> m_pending, m_vectors;
    std::vector<double> m_starts;
};

} // namespace

} // namespace mega::features

extern "C" __attribute__((visibility("default"))) mega::features::Extractor*
mega_make_encoder_extractor(const char* name, char* error, size_t errorSize) {
    mega::features::useCoresBesideDecoding();
    try {
        if (std::string(name) == "faces") return new mega::features::FacesExtractor();
        if (std::string(name) == "picture") return new mega::features::PictureExtractor();
        if (std::string(name) == "voice") return new mega::features::VoiceExtractor();
        std::snprintf(error, errorSize, "unknown encoder '%s' (faces, picture, voice)", name);
    } catch (const c10::Error& e) {
        std::snprintf(error, errorSize, "the %s encoder: %s", name, e.what_without_backtrace());
    } catch (const std::exception& e) {
        std::snprintf(error, errorSize, "%s", e.what());
    }
    return nullptr;
}
