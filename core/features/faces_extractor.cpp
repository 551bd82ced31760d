// The "faces" extractor (faces.h), in the LibTorch module: face-api's detector and identity network
// on two frames a second, the film's faces grouped into characters when the film ends.
#include "core/features/extractors.h"
#include "core/features/face_nets.h"
#include "core/features/torch_threads.h"

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
        const double tick = static_cast<double>(m_nextTick) / kRate;
        if (f.time_s + 1e-9 < tick) return;
        m_nextTick = static_cast<int64_t>(std::floor((f.time_s + 1e-9) * kRate)) + 1;
        m_frames.push_back(m_encoder.look(f.data.data(), f.width, f.height, static_cast<double>(m_nextTick - 1) / kRate));
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
    int64_t m_nextTick = 0;
    std::vector<FrameFaces> m_frames;
};

} // namespace

} // namespace mega::features

extern "C" __attribute__((visibility("default"))) mega::features::Extractor*
mega_make_encoder_extractor(const char* name, char* error, size_t errorSize) {
    mega::features::useCoresBesideDecoding();
    try {
        if (std::string(name) == "faces") return new mega::features::FacesExtractor();
        std::snprintf(error, errorSize, "unknown encoder '%s' (faces)", name);
    } catch (const c10::Error& e) {
        std::snprintf(error, errorSize, "the %s encoder: %s", name, e.what_without_backtrace());
    } catch (const std::exception& e) {
        std::snprintf(error, errorSize, "%s", e.what());
    }
    return nullptr;
}
