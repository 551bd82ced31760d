// The pretrained encoders (issue 17), on demand:
//   bench_encoders cast
//       The faces of face-api's sample photographs that the generator's cast uses: each face the
//       detector finds with score >= 0.7 and height >= 160 px, kept only if its identity lies
//       beyond 0.6 of every face kept before (distinct people to the network). Prints the table
//       that core/demo/generated_film.cpp carries.
//   bench_encoders purity OUT_DIR SEEDS FILMS DURATION_S
//       Generated films with real faces (setting "faces"): faces found on two frames a second at
//       640 px, grouped into characters by clusterFaces; purity and inverse purity against the
//       generator's truth (which composited face each found face lies on), per seed.
//   bench_encoders speed FILM
//       The faces pass alone (its own decoding at 640 px, detection, identities, clustering), the
//       picture pass alone (a frame a second), and the built-in pass with and without the picture
//       encoder, on a film: seconds and times real time (the LibTorch module's threads: all cores
//       but one, or MEGA_THREADS).
#include "core/common/allocator.h"
#include "core/demo/generated_film.h"
#include "core/features/extractors.h"
#include "core/features/face_nets.h"
#include "core/features/packaged_weights.h"
#include "core/media/frame_reader.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

using namespace mega;
using namespace mega::features;

namespace {

media::Frame picture(const std::string& path) {
    media::FrameReader r(path);
    media::Frame f;
    if (!r.next(f)) throw Error(fileError(path, "no picture"));
    return f;
}

int cast() {
    const TinyFaceDetector detector(faceApiManifest("tiny_face_detector_model"));
    const FaceRecognizer recognizer(faceApiManifest("face_recognition_model"));
    std::vector<Identity> kept;
    std::printf("// {photo, x, y, width, height}: bench_encoders cast\n");
    for (int i = 1; i <= 6; ++i) {
        const std::string path = packageFolder(faceApiPackage()) + "/demo/sample" + std::to_string(i) + ".jpg";
        const auto f = picture(path);
        for (const auto& b : detector.detect(f.data.data(), f.width, f.height, 608, 0.7f)) {
            if (b.height < 160) continue;
            const auto id = recognizer.forward(FaceRecognizer::input(f.data.data(), f.width, f.height, b)).contiguous();
            Identity v;
            std::copy(id.data_ptr<float>(), id.data_ptr<float>() + kIdentityDim, v.begin());
            double nearest = 1e9;
            for (const auto& k : kept) {
                double s = 0;
                for (int d = 0; d < kIdentityDim; ++d) s += (v[size_t(d)] - k[size_t(d)]) * (v[size_t(d)] - k[size_t(d)]);
                nearest = std::min(nearest, std::sqrt(s));
            }
            if (nearest < kSamePerson) {
                std::fprintf(stderr, "sample%d face at %.0f,%.0f: %.2f from a kept face, left out\n", i, double(b.x), double(b.y), nearest);
                continue;
            }
            kept.push_back(v);
            std::printf("{%d, %d, %d, %d, %d}, // score %.2f, nearest kept %.2f\n", i, int(b.x), int(b.y), int(b.width), int(b.height),
                        double(b.score), nearest > 1e8 ? 0.0 : nearest);
        }
    }
    std::fprintf(stderr, "%zu faces kept\n", kept.size());
    return 0;
}

double iou(const FaceBox& a, const demo::GeneratedFace& b) {
    const double w = std::max(0.0, std::min<double>(a.x + a.width, b.x + b.width) - std::max<double>(a.x, b.x));
    const double h = std::max(0.0, std::min<double>(a.y + a.height, b.y + b.height) - std::max<double>(a.y, b.y));
    const double inter = w * h;
    return inter / (double(a.width) * a.height + b.width * b.height - inter);
}

struct Purity {
    double purity = 0, inverse = 0;
    long long faces = 0, unmatched = 0, composited = 0, characters = 0, clusters = 0;
};

/// Purity and inverse purity of the characters found on one generated film.
Purity purityOf(const demo::GeneratedFilm& g, const FaceEncoder& encoder, int fps) {
    media::FrameReaderOptions ro;
    ro.width = 640;
    media::FrameReader reader(g.film, ro);
    media::Frame f;
    Sampler sampler{2.0};
    std::vector<Identity> ids;
    std::vector<int> truth;
    Purity p;
    int64_t tick = 0;
    while (reader.nextFrom(sampler.nextTime(), f) && sampler.take(f.time_s, tick)) {
        const auto ff = encoder.look(f.data.data(), f.width, f.height, f.time_s);
        // The shot this frame is in, and its composited faces.
        const auto frame = static_cast<int64_t>(std::llround(f.time_s * fps));
        size_t shot = 0;
        while (shot + 1 < g.shot_starts.size() && g.shot_starts[shot + 1] <= frame) ++shot;
        p.composited += static_cast<long long>(g.faces[shot].size());
        for (size_t k = 0; k < ff.boxes.size(); ++k) {
            int who = -1;
            double best = 0.3;
            for (const auto& c : g.faces[shot])
                if (const double o = iou(ff.boxes[k], c); o > best) best = o, who = c.character;
            if (who < 0) {
                ++p.unmatched; // not on a composited face: left out of the score
                continue;
            }
            ids.push_back(ff.identities[k]);
            truth.push_back(who);
        }
    }
    const Characters found = clusterFaces(ids);
    std::map<std::pair<int, int>, int64_t> both; // (cluster, character) -> faces
    std::map<int, int64_t> clusterMax, characterMax;
    for (size_t i = 0; i < ids.size(); ++i) ++both[{found.of[i], truth[i]}];
    for (const auto& [key, n] : both) {
        clusterMax[key.first] = std::max(clusterMax[key.first], n);
        characterMax[key.second] = std::max(characterMax[key.second], n);
    }
    p.faces = static_cast<long long>(ids.size());
    for (const auto& [c, n] : clusterMax) p.purity += static_cast<double>(n);
    for (const auto& [c, n] : characterMax) p.inverse += static_cast<double>(n);
    if (p.faces > 0) p.purity /= static_cast<double>(p.faces), p.inverse /= static_cast<double>(p.faces);
    p.characters = static_cast<long long>(characterMax.size());
    p.clusters = static_cast<long long>(found.centroids.size());
    return p;
}

int purity(const std::string& dir, int seeds, int films, double duration) {
    const FaceEncoder encoder;
    std::printf("seed film  faces  composited  off-face  characters  clusters  purity  inverse\n");
    std::vector<double> seedPurity, seedInverse;
    for (int s = 0; s < seeds; ++s) {
        double sp = 0, si = 0;
        for (int k = 0; k < films; ++k) {
            demo::DemoOptions o;
            o.duration_s = duration;
            o.seed = static_cast<uint64_t>(1000 * (s + 1) + k);
            o.setting = demo::demoSetting("faces");
            const auto g = demo::makeDemoFilm(dir + "/faces_s" + std::to_string(s) + "_f" + std::to_string(k), o);
            const Purity p = purityOf(g, encoder, o.fps);
            std::printf("%4d %4d %6lld %11lld %9lld %11lld %9lld %7.3f %8.3f\n", s, k, p.faces, p.composited,
                        p.unmatched, p.characters, p.clusters, p.purity, p.inverse);
            std::fflush(stdout);
            sp += p.purity / films, si += p.inverse / films;
        }
        seedPurity.push_back(sp), seedInverse.push_back(si);
    }
    const auto meanStd = [](const std::vector<double>& v) {
        double m = 0, q = 0;
        for (double x : v) m += x / static_cast<double>(v.size());
        for (double x : v) q += (x - m) * (x - m) / static_cast<double>(v.size());
        return std::pair{m, std::sqrt(q)};
    };
    const auto [pm, ps] = meanStd(seedPurity);
    const auto [im, is] = meanStd(seedInverse);
    std::printf("purity %.3f +- %.3f, inverse purity %.3f +- %.3f over %d seeds of %d films (%.0f s each)\n", pm, ps, im, is, seeds, films, duration);
    return 0;
}

int speed(const std::string& film) {
    // The networks alone, on one sampled picture, then the whole pass.
    {
        const FaceEncoder encoder;
        media::FrameReaderOptions ro;
        ro.width = 640;
        media::FrameReader reader(film, ro);
        reader.seek(5.0);
        media::Frame f;
        if (!reader.next(f)) throw Error(fileError(film, "no picture at 5 s"));
        encoder.look(f.data.data(), f.width, f.height, 0); // warm-up
        const auto t0 = std::chrono::steady_clock::now();
        size_t faces = 0;
        for (int i = 0; i < 10; ++i) faces += encoder.look(f.data.data(), f.width, f.height, 0).boxes.size();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 10;
        std::printf("one sampled picture (%dx%d, %zu faces): %.1f ms\n", f.width, f.height, faces / 10, ms);
    }
    {
        // Decoding alone, as the pass samples: two frames a second converted to 640 px.
        media::FrameReaderOptions ro;
        ro.width = 640;
        media::FrameReader reader(film, ro);
        media::Frame f;
        Sampler sampler{2.0};
        int64_t n = 0, k = 0;
        const auto t0 = std::chrono::steady_clock::now();
        while (reader.nextFrom(sampler.nextTime(), f) && sampler.take(f.time_s, k)) ++n;
        const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("decoding alone: %lld sampled frames of %lld in %.1f s: %.1fx real time\n", static_cast<long long>(n),
                    static_cast<long long>(reader.lastDecoded().first + 1), sec, reader.lastDecoded().second / sec);
    }
    {
        // The networks on the sampled frames, in this thread (no extractor pass).
        const FaceEncoder encoder;
        media::FrameReaderOptions ro;
        ro.width = 640;
        ro.read_ahead = 8;
        media::FrameReader reader(film, ro);
        media::Frame f;
        Sampler sampler{2.0};
        int64_t k = 0;
        double look = 0;
        const auto t0 = std::chrono::steady_clock::now();
        while (reader.nextFrom(sampler.nextTime(), f) && sampler.take(f.time_s, k)) {
            const auto a = std::chrono::steady_clock::now();
            encoder.look(f.data.data(), f.width, f.height, f.time_s);
            look += std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
        }
        const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("decoding and networks in one loop: %.1f s (networks %.1f s)\n", sec, look);
    }
    // Each encoder's pass alone, then the built-in pass with and without the picture encoder (which
    // shares its frames).
    const auto pass = [&](const std::vector<std::string>& extractors) {
        ExtractOptions o;
        o.extractors = extractors;
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = extractFeatures(film, o);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (const auto& w : r.warnings) std::printf("warning: %s\n", w.c_str());
        std::string names;
        for (const auto& n : extractors) names += (names.empty() ? "" : ",") + n;
        std::printf("%-34s %.1f s of film in %5.1f s: %5.1fx real time (%d LibTorch threads)\n", names.c_str(), r.duration_s, s,
                    r.duration_s / s, at::get_num_threads());
        return s;
    };
    pass({"faces"});
    pass({"picture"});
    const double builtins = pass({"appearance", "layout", "motion", "audio"});
    const double with = pass({"appearance", "layout", "motion", "audio", "picture"});
    std::printf("the picture encoder adds %.1f s to the built-in pass\n", with - builtins);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (const char* env = std::getenv("MEGA_THREADS"); env && std::atoi(env) > 0) threads = std::atoi(env);
    at::set_num_threads(threads);
    keepTensorMemory();
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "cast") return cast();
        if (mode == "speed" && argc == 3) return speed(argv[2]);
        if (mode == "purity" && argc == 6) {
            std::filesystem::create_directories(argv[2]);
            return purity(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atof(argv[5]));
        }
        std::fprintf(stderr, "usage: bench_encoders cast | purity OUT_DIR SEEDS FILMS DURATION_S | speed FILM\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_encoders: %s\n", e.what());
        return 1;
    }
}
