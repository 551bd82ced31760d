#include "encoder_cases.h"

#include "core/common/error.h"
#include "core/features/packaged_weights.h"
#include "core/features/picture_net.h"
#include "core/media/frame_reader.h"

#include <filesystem>

namespace encoder_cases {

using namespace mega;

namespace {

media::Frame pictureAt(const std::string& path, double seconds) {
    media::FrameReader reader(path);
    if (seconds > 0) reader.seek(seconds);
    media::Frame f;
    if (!reader.next(f)) throw Error(fileError(path, "no picture"));
    return f;
}

} // namespace

std::vector<Case> all(const features::TinyFaceDetector& detector, const std::string& sharedClips) {
    std::vector<Case> cases;
    std::vector<Case> faces, pictures;
    const std::string demo = features::packageFolder(features::faceApiPackage()) + "/demo/";
    for (int i = 1; i <= 6; ++i) {
        const std::string path = demo + "sample" + std::to_string(i) + ".jpg";
        const auto f = pictureAt(path, 0);
        const std::string record = "@vladmandic/face-api demo/sample" + std::to_string(i) + ".jpg";
        cases.push_back({"detector_sample" + std::to_string(i), "detector", record,
                         features::TinyFaceDetector::input(f.data.data(), f.width, f.height, 416)});
        pictures.push_back({"picture_sample" + std::to_string(i), "picture", record,
                            features::PictureNet::input(f.data.data(), f.width, f.height)});
        const auto found = detector.detect(f.data.data(), f.width, f.height);
        if (found.empty()) throw Error(fileError(path, "the detector finds no face in it"));
        faces.push_back({"recognizer_sample" + std::to_string(i), "recognizer", record + ", its best face",
                         features::FaceRecognizer::input(f.data.data(), f.width, f.height, found.front())});
    }
    for (const auto& [clip, t] : {std::pair{"bikes.mp4", 2.0}, std::pair{"big_buck_bunny_0_30.webm", 12.0}}) {
        const std::string path = sharedClips + "/" + clip;
        const auto f = pictureAt(path, t);
        const std::string record = std::string("shared/data/clips/") + clip + " at " + std::to_string(t) + " s";
        const std::string stem = std::filesystem::path(clip).stem().string();
        cases.push_back({"detector_" + stem, "detector", record, features::TinyFaceDetector::input(f.data.data(), f.width, f.height, 416)});
        pictures.push_back({"picture_" + stem, "picture", record, features::PictureNet::input(f.data.data(), f.width, f.height)});
    }
    cases.insert(cases.end(), faces.begin(), faces.end());
    cases.insert(cases.end(), pictures.begin(), pictures.end());
    return cases;
}

} // namespace encoder_cases
