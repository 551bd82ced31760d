// MEGA inference in LibTorch against PyTorch eager on the same config and weights (issue 4):
// the act model on a 3,000-shot film with 6 modalities and the paper's scene config over 1,500
// shots. Run through bench_model.sh, which first runs bench_model.py (PyTorch) to write the
// weights, inputs, outputs and times this program loads; it prints both times, the ratio and the
// largest output difference.
//
//   bench_model DIR THREADS REPEATS [act|scene]
#include "core/model/config.h"
#include "core/model/inference.h"
#include "core/model/mega_net.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>
#include <torch/script.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

using namespace mega::model;

namespace {

std::string mangle(const std::string& s) {
    std::string r;
    for (char c : s) r += c == '.' ? std::string("__") : std::string(1, c);
    return r;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::fprintf(stderr, "usage: bench_model DIR THREADS REPEATS (run tests/bench/bench_model.sh)\n");
        return 2;
    }
    const std::string dir = argv[1];
    const int threads = std::atoi(argv[2]), repeats = std::atoi(argv[3]);
    at::set_num_threads(threads);
    nlohmann::json py;
    std::ifstream(dir + "/pytorch.json") >> py;
    int failures = 0;
    for (const std::string name : {"act", "scene"}) {
        if (argc == 5 && name != argv[4]) continue;
        torch::jit::Module ref = torch::jit::load(dir + "/" + name + ".pt");
        ModelConfig c = readModelConfig(dir + "/" + name + ".json");
        MegaNet net(c);
        {
            torch::NoGradGuard g;
            for (auto& p : net->named_parameters()) p.value().copy_(ref.attr("w__" + mangle(p.key())).toTensor());
        }
        net->eval();
        FilmInput film;
        for (size_t m = 0; m < c.modalities.size(); ++m) film.features.push_back(ref.attr("in__" + std::to_string(m)).toTensor());
        auto run = [&] {
            c10::InferenceMode guard;
            if (name == "scene") return sceneProbabilities(net, film, 32);
            const NetInput in = wholeFilm(film);
            return maskedSoftmaxOverUnits(net->forward(in).logits, in.valid)[0];
        };
        torch::Tensor out = run(); // warm-up
        std::vector<double> times;
        for (int r = 0; r < repeats; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            out = run();
            times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        const double diff = (out - ref.attr("out").toTensor()).abs().max().item<double>();
        const double cpp = median(times), eager = py["cases"][name]["median"].get<double>();
        const int shots = py["cases"][name]["shots"].get<int>();
        std::printf("%-5s %4d shots, %zu modalities, %lld params: PyTorch eager %8.1f ms, LibTorch %8.1f ms (median of %d), "
                    "speed-up %.2fx, max |difference| %.2e\n",
                    name.c_str(), shots, c.modalities.size(), static_cast<long long>(net->parameterCount()), eager * 1000, cpp * 1000,
                    repeats, eager / cpp, diff);
        if (diff > 1e-4) {
            std::printf("  outputs differ by more than 1e-4\n");
            ++failures;
        }
    }
    return failures ? 1 : 0;
}
