#include "core/features/extractors.h"

#include "core/common/low_priority.h"
#include "core/features/plugin.h"

#include <fftw3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <numbers>

namespace mega::features {

namespace {

// ---- per-second visual sampling ----

/// Calls `use` with the first frame at or after each whole second, for [k, k + 1).
class PerSecond {
public:
    template <typename F> void offer(const media::Frame& f, F&& use) {
        if (f.time_s + 1e-9 < static_cast<double>(m_next)) return;
        const auto k = static_cast<int64_t>(std::floor(f.time_s + 1e-9));
        use(static_cast<double>(k));
        m_next = k + 1;
    }

private:
    int64_t m_next = 0;
};

void rgbToHsv(int r, int g, int b, float& h, float& s, float& v) {
    const int mx = std::max({r, g, b}), mn = std::min({r, g, b});
    v = static_cast<float>(mx) / 255.0f;
    s = mx ? static_cast<float>(mx - mn) / static_cast<float>(mx) : 0.0f;
    if (mx == mn) {
        h = 0;
        return;
    }
    const float d = static_cast<float>(mx - mn);
    if (mx == r) h = static_cast<float>(g - b) / d;
    else if (mx == g) h = 2.0f + static_cast<float>(b - r) / d;
    else h = 4.0f + static_cast<float>(r - g) / d;
    h /= 6.0f;
    if (h < 0) h += 1.0f;
}

class Appearance : public Extractor {
public:
    std::string name() const override { return "appearance"; }
    bool wantsVideo() const override { return true; }
    void frame(const media::Frame& f) override {
        m_sample.offer(f, [&](double t) {
            std::array<float, 128> hist{};
            const size_t n = static_cast<size_t>(f.width) * static_cast<size_t>(f.height);
            for (size_t i = 0; i < n; ++i) {
                float h, s, v;
                rgbToHsv(f.data[3 * i], f.data[3 * i + 1], f.data[3 * i + 2], h, s, v);
                const int hb = std::min(7, static_cast<int>(h * 8)), sb = std::min(3, static_cast<int>(s * 4)),
                          vb = std::min(3, static_cast<int>(v * 4));
                hist[static_cast<size_t>((hb * 4 + sb) * 4 + vb)] += 1.0f;
            }
            for (auto& x : hist) x /= static_cast<float>(std::max<size_t>(1, n));
            m_out.append(hist.data(), t, t + 1.0);
        });
    }
    Modality finish(double) override { return std::move(m_out); }

private:
    PerSecond m_sample;
    Modality m_out{"appearance", 128, {}, {}};
};

class Layout : public Extractor {
public:
    std::string name() const override { return "layout"; }
    bool wantsVideo() const override { return true; }
    void frame(const media::Frame& f) override {
        m_sample.offer(f, [&](double t) {
            constexpr int G = 4;
            std::array<float, G * G * 7> v{};
            std::array<int, G * G> count{};
            std::vector<float> gray(static_cast<size_t>(f.width) * static_cast<size_t>(f.height));
            for (size_t i = 0; i < gray.size(); ++i)
                gray[i] = (0.299f * f.data[3 * i] + 0.587f * f.data[3 * i + 1] + 0.114f * f.data[3 * i + 2]) / 255.0f;
            for (int y = 0; y < f.height; ++y)
                for (int x = 0; x < f.width; ++x) {
                    const int cell = (y * G / f.height) * G + (x * G / f.width);
                    const size_t i = static_cast<size_t>(y) * static_cast<size_t>(f.width) + static_cast<size_t>(x);
                    float* c = v.data() + cell * 7;
                    for (int k = 0; k < 3; ++k) c[k] += static_cast<float>(f.data[3 * i + static_cast<size_t>(k)]) / 255.0f;
                    ++count[static_cast<size_t>(cell)];
                    if (x == 0 || y == 0 || x + 1 == f.width || y + 1 == f.height) continue;
                    const float gx = gray[i + 1] - gray[i - 1];
                    const float gy = gray[i + static_cast<size_t>(f.width)] - gray[i - static_cast<size_t>(f.width)];
                    const float mag = std::sqrt(gx * gx + gy * gy);
                    float angle = std::atan2(gy, gx); // orientation, folded into [0, pi)
                    if (angle < 0) angle += std::numbers::pi_v<float>;
                    const int bin = std::min(3, static_cast<int>(angle / std::numbers::pi_v<float> * 4));
                    c[3 + bin] += mag;
                }
            for (int cell = 0; cell < G * G; ++cell) {
                float* c = v.data() + cell * 7;
                const float n = static_cast<float>(std::max(1, count[static_cast<size_t>(cell)]));
                for (int k = 0; k < 3; ++k) c[k] /= n;
                const float e = c[3] + c[4] + c[5] + c[6];
                for (int k = 3; k < 7; ++k) c[k] = e > 0 ? c[k] / e : 0.0f;
            }
            m_out.append(v.data(), t, t + 1.0);
        });
    }
    Modality finish(double) override { return std::move(m_out); }

private:
    PerSecond m_sample;
    Modality m_out{"layout", 112, {}, {}};
};

class Motion : public Extractor {
public:
    std::string name() const override { return "motion"; }
    bool wantsVideo() const override { return true; }
    void frame(const media::Frame& f) override {
        const auto second = static_cast<int64_t>(std::floor(f.time_s + 1e-9));
        if (second != m_second) flush();
        m_second = second;
        std::vector<uint8_t> gray(static_cast<size_t>(f.width) * static_cast<size_t>(f.height));
        for (size_t i = 0; i < gray.size(); ++i)
            gray[i] = static_cast<uint8_t>((77 * f.data[3 * i] + 150 * f.data[3 * i + 1] + 29 * f.data[3 * i + 2]) >> 8);
        if (m_prev.size() == gray.size()) {
            std::array<double, 9> cells{};
            std::array<int, 9> counts{};
            double total = 0, changed = 0;
            for (int y = 0; y < f.height; ++y)
                for (int x = 0; x < f.width; ++x) {
                    const size_t i = static_cast<size_t>(y) * static_cast<size_t>(f.width) + static_cast<size_t>(x);
                    const int d = std::abs(static_cast<int>(gray[i]) - static_cast<int>(m_prev[i]));
                    total += d;
                    changed += d > 20;
                    const int cell = (y * 3 / f.height) * 3 + (x * 3 / f.width);
                    cells[static_cast<size_t>(cell)] += d;
                    ++counts[static_cast<size_t>(cell)];
                }
            const double n = static_cast<double>(gray.size());
            m_sum[0] += static_cast<float>(total / n / 255.0);
            for (size_t c = 0; c < 9; ++c) m_sum[1 + c] += static_cast<float>(cells[c] / std::max(1, counts[c]) / 255.0);
            m_sum[10] += static_cast<float>(changed / n);
            m_max = std::max(m_max, static_cast<float>(total / n / 255.0));
            ++m_pairs;
        }
        m_prev = std::move(gray);
    }
    Modality finish(double) override {
        flush();
        return std::move(m_out);
    }

private:
    void flush() {
        if (m_second >= 0) {
            std::array<float, 12> v{};
            for (size_t k = 0; k < m_sum.size(); ++k) v[k] = m_pairs ? m_sum[k] / static_cast<float>(m_pairs) : 0.0f;
            v[11] = m_max; // a cut is one large difference, which the mean of the second dilutes
            m_out.append(v.data(), static_cast<double>(m_second), static_cast<double>(m_second + 1));
        }
        m_sum = {};
        m_max = 0;
        m_pairs = 0;
    }
    int64_t m_second = -1;
    std::array<float, 11> m_sum{};
    float m_max = 0;
    int m_pairs = 0;
    std::vector<uint8_t> m_prev;
    Modality m_out{"motion", 12, {}, {}};
};

// ---- audio: log-mel over 10 s windows every 1 s ----

std::mutex& fftwPlanMutex() { // FFTW's planner is not thread-safe
    static std::mutex m;
    return m;
}

class Audio : public Extractor {
public:
    static constexpr int kRate = 16000, kFrame = 400, kHop = 160, kFft = 512, kMels = 64;
    static constexpr int kFramesPerSecond = kRate / kHop, kWindowSeconds = 10;

    Audio() : m_in(static_cast<float*>(fftwf_malloc(sizeof(float) * kFft))),
              m_out(static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * (kFft / 2 + 1)))) {
        {
            std::lock_guard lock(fftwPlanMutex());
            m_plan = fftwf_plan_dft_r2c_1d(kFft, m_in, m_out, FFTW_ESTIMATE);
        }
        for (int i = 0; i < kFrame; ++i)
            m_window[static_cast<size_t>(i)] =
                static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / (kFrame - 1)));
        // HTK mel filterbank over 0-8 kHz.
        auto mel = [](double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); };
        auto hz = [](double m) { return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0); };
        std::array<double, kMels + 2> edges{};
        for (int i = 0; i < kMels + 2; ++i) edges[static_cast<size_t>(i)] = hz(mel(8000.0) * i / (kMels + 1));
        for (int m = 0; m < kMels; ++m)
            for (int b = 0; b <= kFft / 2; ++b) {
                const double f = static_cast<double>(b) * kRate / kFft;
                const double lo = edges[static_cast<size_t>(m)], mid = edges[static_cast<size_t>(m) + 1],
                             hi = edges[static_cast<size_t>(m) + 2];
                double w = 0;
                if (f > lo && f <= mid) w = (f - lo) / (mid - lo);
                else if (f > mid && f < hi) w = (hi - f) / (hi - mid);
                m_filters[static_cast<size_t>(m)][static_cast<size_t>(b)] = static_cast<float>(w);
            }
    }
    ~Audio() override {
        std::lock_guard lock(fftwPlanMutex());
        fftwf_destroy_plan(m_plan);
        fftwf_free(m_in);
        fftwf_free(m_out);
    }
    Audio(const Audio&) = delete;
    Audio& operator=(const Audio&) = delete;

    std::string name() const override { return "audio"; }
    bool wantsAudio() const override { return true; }

    void audio(const media::AudioBlock& block) override {
        m_samples.insert(m_samples.end(), block.samples.begin(), block.samples.end());
        while (m_samples.size() >= static_cast<size_t>(kFrame)) {
            logMelFrame();
            m_samples.erase(m_samples.begin(), m_samples.begin() + kHop);
        }
    }

    Modality finish(double duration) override {
        // Windows [k, k + 10) every second while they fit; the tail after the last full window (or
        // the whole of a film shorter than 10 s) gets one window of what is left.
        const int64_t total = m_dropped + static_cast<int64_t>(m_frames.size());
        const int64_t start = m_emitted * kFramesPerSecond;
        const double lastEnd = m_emitted ? static_cast<double>(m_emitted - 1 + kWindowSeconds) : 0.0;
        if (total > start && (m_emitted == 0 || lastEnd < duration - 1e-6))
            emit(start - m_dropped, total - start, static_cast<double>(m_emitted),
                 std::max(duration, static_cast<double>(total) / kFramesPerSecond));
        return std::move(m_outModality);
    }

private:
    void logMelFrame() {
        for (int i = 0; i < kFrame; ++i) m_in[i] = m_samples[static_cast<size_t>(i)] * m_window[static_cast<size_t>(i)];
        std::fill(m_in + kFrame, m_in + kFft, 0.0f);
        fftwf_execute(m_plan);
        std::array<float, kFft / 2 + 1> power{};
        for (int b = 0; b <= kFft / 2; ++b) power[static_cast<size_t>(b)] = m_out[b][0] * m_out[b][0] + m_out[b][1] * m_out[b][1];
        std::array<float, kMels> logMel{};
        for (int m = 0; m < kMels; ++m) {
            float e = 0;
            for (int b = 0; b <= kFft / 2; ++b) e += m_filters[static_cast<size_t>(m)][static_cast<size_t>(b)] * power[static_cast<size_t>(b)];
            logMel[static_cast<size_t>(m)] = std::log(e + 1e-6f);
        }
        m_frames.push_back(logMel);
        // A window starting at second k is complete once 10 s of frames after it exist.
        const int64_t window = static_cast<int64_t>(kWindowSeconds) * kFramesPerSecond;
        const int64_t start = m_emitted * kFramesPerSecond;
        if (m_dropped + static_cast<int64_t>(m_frames.size()) >= start + window) {
            emit(start - m_dropped, window, static_cast<double>(m_emitted), static_cast<double>(m_emitted + kWindowSeconds));
            // Frames before the next window's start are no longer needed: memory stays bounded.
            while (m_dropped < (m_emitted)*kFramesPerSecond) {
                m_frames.pop_front();
                ++m_dropped;
            }
        }
    }

    void emit(int64_t first, int64_t count, double start, double end) {
        std::array<float, 2 * kMels> v{};
        for (int64_t i = first; i < first + count; ++i)
            for (int m = 0; m < kMels; ++m) v[static_cast<size_t>(m)] += m_frames[static_cast<size_t>(i)][static_cast<size_t>(m)];
        for (int m = 0; m < kMels; ++m) v[static_cast<size_t>(m)] /= static_cast<float>(count);
        for (int64_t i = first; i < first + count; ++i)
            for (int m = 0; m < kMels; ++m) {
                const float d = m_frames[static_cast<size_t>(i)][static_cast<size_t>(m)] - v[static_cast<size_t>(m)];
                v[static_cast<size_t>(kMels + m)] += d * d;
            }
        for (int m = 0; m < kMels; ++m) v[static_cast<size_t>(kMels + m)] = std::sqrt(v[static_cast<size_t>(kMels + m)] / static_cast<float>(count));
        m_outModality.append(v.data(), start, end);
        ++m_emitted;
    }

    float* m_in;
    fftwf_complex* m_out;
    fftwf_plan m_plan = nullptr;
    std::array<float, kFrame> m_window{};
    std::array<std::array<float, kFft / 2 + 1>, kMels> m_filters{};
    std::vector<float> m_samples;
    std::deque<std::array<float, kMels>> m_frames;
    int64_t m_dropped = 0; // log-mel frames already discarded before m_frames.front()
    int64_t m_emitted = 0;
    Modality m_outModality{"audio", 2 * kMels, {}, {}};
};

// ---- text ----

uint32_t fnv1a(std::string_view s) {
    uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

} // namespace

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80 || c == '\'') w += static_cast<char>(std::tolower(u));
        else if (!w.empty()) out.push_back(std::move(w)), w.clear();
    }
    if (!w.empty()) out.push_back(std::move(w));
    return out;
}

std::vector<std::string> builtinVisualAudioExtractors() { return {"appearance", "layout", "motion", "audio"}; }

bool isEncoder(const std::string& name) { return name == "faces" || name == "picture" || name == "voice"; }

std::unique_ptr<Extractor> makeExtractor(const std::string& name) {
    if (name == "appearance") return std::make_unique<Appearance>();
    if (name == "layout") return std::make_unique<Layout>();
    if (name == "motion") return std::make_unique<Motion>();
    if (name == "audio") return std::make_unique<Audio>();
    if (isEncoder(name)) return makeEncoderExtractor(name);
    if (name.size() > 5 && name.substr(name.size() - 5) == ".json") return makePluginExtractor(readPluginManifest(name));
    if (auto manifest = findPluginManifest(name)) return makePluginExtractor(readPluginManifest(*manifest));
    throw Error("unknown extractor '" + name + "' (built in: appearance, layout, motion, audio; pretrained: faces, picture, voice; or a plug-in: a manifest's "
                "path, or NAME for models/extractors/NAME.json)");
}

Modality TextEncoder::encode(const std::string& name, const std::vector<std::string>& texts,
                             const std::vector<std::pair<double, double>>& intervals) const {
    if (texts.size() != intervals.size()) throw Error("text encoder: one interval per text is needed");
    const auto d = static_cast<size_t>(m_dim);
    std::vector<std::map<uint32_t, float>> counts(texts.size());
    std::vector<float> df(d, 0.0f);
    for (size_t t = 0; t < texts.size(); ++t) {
        const auto w = words(texts[t]);
        auto add = [&](std::string_view token) { counts[t][fnv1a(token) % static_cast<uint32_t>(m_dim)] += 1.0f; };
        for (size_t i = 0; i < w.size(); ++i) {
            add("w:" + w[i]);
            if (i + 1 < w.size()) add("p:" + w[i] + " " + w[i + 1]);
            const std::string padded = "<" + w[i] + ">";
            for (size_t k = 0; k + 3 <= padded.size(); ++k) add("c:" + padded.substr(k, 3));
        }
        for (const auto& [bin, c] : counts[t]) df[bin] += 1.0f;
    }
    Modality m{name, m_dim, {}, {}};
    const auto n = static_cast<float>(texts.size());
    std::vector<float> v(d);
    for (size_t t = 0; t < texts.size(); ++t) {
        std::fill(v.begin(), v.end(), 0.0f);
        double norm = 0;
        for (const auto& [bin, c] : counts[t]) {
            const float w = (1.0f + std::log(c)) * (std::log((1.0f + n) / (1.0f + df[bin])) + 1.0f);
            v[bin] = w;
            norm += static_cast<double>(w) * w;
        }
        if (norm > 0)
            for (auto& x : v) x = static_cast<float>(x / std::sqrt(norm));
        m.append(v.data(), intervals[t].first, intervals[t].second);
    }
    return m;
}

ExtractResult extractFeatures(const std::string& path, const ExtractOptions& options, const ProgressFn& progress,
                              std::stop_token stop) {
    ExtractResult result;
    std::vector<std::unique_ptr<Extractor>> extractors;
    bool audio = false;
    for (const auto& n : options.extractors) {
        try {
            extractors.push_back(makeExtractor(n));
        } catch (const Error& e) {
            // A pretrained encoder whose weights or runtime are missing is left out with a warning:
            // the built-in extractors still run.
            if (!isEncoder(n)) throw;
            result.warnings.push_back(std::string(e.what()) + "; the " + n + " modality is left out");
            continue;
        }
        audio |= extractors.back()->wantsAudio();
    }
    // The frames each video extractor sees: the analysis width, or a wider picture it asks for
    // (one decoding pass per width; the first also streams the audio).
    const int analysisWidth = options.analysis_width > 0 ? options.analysis_width : 256;
    std::map<int, std::vector<Extractor*>> passes;
    for (auto& e : extractors)
        if (e->wantsVideo()) passes[e->frameWidth() > 0 ? e->frameWidth() : analysisWidth].push_back(e.get());
    std::unique_ptr<media::AudioReader> audioReader;
    if (audio) {
        try {
            audioReader = std::make_unique<media::AudioReader>(path, media::AudioReaderOptions{16000, -1, 1600});
        } catch (const Error& e) {
            result.warnings.push_back(std::string(e.what()) + "; the audio modality is empty");
        }
    }
    media::AudioBlock block;
    double audioTime = 0.0;
    bool audioDone = !audioReader;
    auto feedAudioUntil = [&](double t) {
        while (!audioDone && audioTime <= t) {
            if (!audioReader->next(block)) {
                audioDone = true;
                if (!audioReader->warning().empty()) result.warnings.push_back(audioReader->warning());
                break;
            }
            audioTime = block.start_s + static_cast<double>(block.samples.size()) / 16000.0;
            for (auto& e : extractors)
                if (e->wantsAudio()) e->audio(block);
        }
    };

    // The analysis width's pass first (it carries the audio), then the others.
    std::vector<std::pair<int, std::vector<Extractor*>>> order;
    if (passes.count(analysisWidth)) order.emplace_back(analysisWidth, passes[analysisWidth]);
    for (auto& [w, group] : passes)
        if (w != analysisWidth) order.emplace_back(w, group);
    const auto passCount = static_cast<int64_t>(order.size());
    for (int64_t pass = 0; pass < passCount; ++pass) {
        const auto& [width, group] = order[static_cast<size_t>(pass)];
        media::FrameReaderOptions ro;
        ro.threads = options.threads;
        ro.read_ahead = 8;
        media::FrameReader reader(path, ro);
        reader.setOutputSize(std::min(width, reader.video().display_width), 0);
        const int64_t total = std::max<int64_t>(reader.video().frame_count, 1);
        media::Frame f;
        double last = 0.0;
        int64_t frames = 0;
        const bool withAudio = pass == 0;
        // Extractors that all sample at one rate get only those frames, converted.
        double rate = group.front()->frameRate();
        for (Extractor* e : group)
            if (e->frameRate() != rate) rate = 0.0;
        Sampler sampler{rate > 0 ? rate : 1.0};
        const auto nextFrame = [&] {
            if (rate <= 0) return reader.next(f);
            int64_t k = 0;
            return reader.nextFrom(sampler.nextTime(), f) && sampler.take(f.time_s, k);
        };
        // As in shot detection: the decoder's threads first, the extractors in the time they leave.
        runAtLowPriority([&] {
            while (nextFrame()) {
                if (stop.stop_requested()) throw Cancelled();
                for (Extractor* e : group) e->frame(f);
                if (withAudio) feedAudioUntil(f.time_s); // audio keeps pace with the picture: both stream, neither piles up
                last = f.time_s;
                ++frames;
                const int64_t done = rate > 0 ? f.index + 1 : frames;
                if (progress && (rate > 0 || frames % 16 == 0))
                    progress({pass * total + std::min(done, total), passCount * total, "features"});
            }
        });
        // Each pass decodes the same stream: its damage is told once.
        if (!reader.warning().empty() && std::find(result.warnings.begin(), result.warnings.end(), reader.warning()) == result.warnings.end())
            result.warnings.push_back(reader.warning());
        if (frames == 0) throw Error(fileError(path, "no video frame could be decoded"));
        if (pass == 0) {
            // The last frame decoded, also where a sampling pass dropped it.
            const auto [lastIndex, lastTime] = reader.lastDecoded();
            const double fps = reader.video().avg_frame_rate.value();
            result.frames = rate > 0 ? lastIndex + 1 : frames;
            result.duration_s = std::max(last, lastTime) + (fps > 0 ? 1.0 / fps : 0.0);
        }
    }
    feedAudioUntil(1e18);
    if (passes.empty()) result.duration_s = audioTime;
    for (auto& e : extractors) result.modalities.push_back(e->finish(result.duration_s));
    if (progress) progress({result.frames, result.frames, "features"});
    return result;
}

} // namespace mega::features
