#pragma once
// The pictures the pretrained networks are checked on against their packages' own JavaScript
// (@vladmandic/face-api's face networks, nsfwjs's MobileNetV2): face-api's sample photographs
// (demo/sample1-6.jpg) and frames of the shared real clips. The network inputs are built here,
// once, by the product's own decoder and preprocessing; the fixture tool (encoder_fixture_inputs)
// writes them for tests/fixtures/make_encoder_fixtures.sh, whose JavaScript run gives the outputs
// tst_encoders compares with.

#include "core/features/face_nets.h"

#include <string>
#include <vector>

namespace encoder_cases {

struct Case {
    std::string name;    ///< e.g. "detector_sample1"
    std::string network; ///< "detector", "recognizer" or "picture"
    std::string source;  ///< the picture, for the record
    torch::Tensor input; ///< (1, S, S, 3) float pixels (0..255; the picture network's 0..1)
};

/// Every case: the detector on each picture (416 px), then the identity network on the best face
/// the detector finds in each sample photograph, then the picture network on each picture. Throws mega::Error if a picture cannot be read.
std::vector<Case> all(const mega::features::TinyFaceDetector& detector, const std::string& sharedClips);

} // namespace encoder_cases
