// Writes the face networks' parity inputs (tests/support/encoder_cases.h) for
// tests/fixtures/make_encoder_fixtures.sh: OUT/cases.json and OUT/NAME.input.npy (1 x N float32, the
// (1, S, S, 3) pixels flattened).
#include "encoder_cases.h"

#include "core/features/npy.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: encoder_fixture_inputs SHARED_CLIPS_DIR OUT_DIR\n");
        return 2;
    }
    try {
        const std::string out = argv[2];
        std::filesystem::create_directories(out);
        const mega::features::TinyFaceDetector detector(mega::features::faceApiManifest("tiny_face_detector_model"));
        nlohmann::json index = nlohmann::json::array();
        for (const auto& c : encoder_cases::all(detector, argv[1])) {
            const auto flat = c.input.contiguous().view({-1});
            mega::features::writeNpy(out + "/" + c.name + ".input.npy", flat.data_ptr<float>(), 1, flat.numel());
            index.push_back({{"name", c.name}, {"network", c.network}, {"source", c.source},
                             {"shape", c.input.sizes().vec()}, {"input_sum", c.input.sum().item<double>()}});
        }
        std::ofstream(out + "/cases.json") << index.dump(1) << "\n";
        std::printf("%zu cases in %s\n", index.size(), out.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "encoder_fixture_inputs: %s\n", e.what());
        return 1;
    }
    return 0;
}
