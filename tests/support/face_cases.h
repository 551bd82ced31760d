#pragma once
// The pictures the face networks are checked on against @vladmandic/face-api's own JavaScript:
// the package's sample photographs (demo/sample1-6.jpg) and frames of the shared real clips. The
// network inputs are built here, once, by the product's own decoder and preprocessing; the fixture
// tool (face_fixture_inputs) writes them for tests/fixtures/make_face_fixtures.sh, whose JavaScript
// run gives the outputs tst_face_nets compares with.

#include "core/features/face_nets.h"

#include <string>
#include <vector>

namespace face_cases {

struct Case {
    std::string name;    ///< e.g. "detector_sample1"
    std::string network; ///< "detector" or "recognizer"
    std::string source;  ///< the picture, for the record
    torch::Tensor input; ///< (1, S, S, 3) float pixels
};

/// Every case: the detector on each picture (416 px), then the identity network on the best face
/// the detector finds in each sample photograph. Throws mega::Error if a picture cannot be read.
std::vector<Case> all(const mega::features::TinyFaceDetector& detector, const std::string& sharedClips);

} // namespace face_cases
