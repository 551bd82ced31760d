// The pretrained face networks (issue 17): TensorFlow.js weight files, the packaged weights'
// checks, and the LibTorch networks against @vladmandic/face-api's own JavaScript run.
// LibTorch's headers first: Qt's keyword macros (slots) break them.
#include "support/encoder_cases.h"

#include "core/common/allocator.h"
#include "core/demo/generated_film.h"
#include "core/features/extractors.h"
#include "core/features/faces.h"
#include "core/features/npy.h"
#include "core/features/packaged_weights.h"
#include "core/features/picture_net.h"
#include "core/features/silero_vad.h"
#include "core/media/audio_reader.h"
#include "core/features/tfjs_weights.h"
#include "core/media/frame_reader.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include "support/expect_error.h"
#include "support/fixtures.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace mega;
using namespace mega::features;
namespace fs = std::filesystem;

namespace {

void writeBytes(const std::string& path, const std::vector<unsigned char>& bytes) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old, m_had = true;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() { m_had ? setenv(m_name, m_old.c_str(), 1) : unsetenv(m_name); }

private:
    const char* m_name;
    std::string m_old;
    bool m_had = false;
};

} // namespace

class TestEncoders : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        keepTensorMemory();
        at::set_num_threads(2);
    }

    // Each stored form a weight can take, across two shards: uint8 and uint16 with scale and min,
    // float16, float32.
    void readsQuantizedWeights() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        // a: uint8 [2,2] {scale 0.5, min -1}; b: float16 [3]; c: float32 [1]; e: uint16 [1] {scale 0.25, min 2}
        writeBytes(d + "/s1.bin", {0, 1, 2, 255, 0x00, 0x3c /*1.0*/, 0x00, 0xc0 /*-2.0*/});
        const float c = 3.25f;
        std::vector<unsigned char> s2(2 + 4 + 2);
        s2[0] = 0x01, s2[1] = 0x00; // float16 5.96e-8 (the smallest subnormal)
        std::memcpy(s2.data() + 2, &c, 4);
        s2[6] = 0x10, s2[7] = 0x00; // uint16 16
        writeBytes(d + "/s2.bin", s2);
        std::ofstream(d + "/m.json") << R"([{"paths": ["s1.bin", "s2.bin"], "weights": [
            {"name": "a", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
            {"name": "b", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}},
            {"name": "c", "shape": [1], "dtype": "float32"},
            {"name": "e", "shape": [1], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": 0.25, "min": 2}}]}])";
        const WeightMap w = readTfjsWeights(d + "/m.json");
        QCOMPARE(w.size(), size_t(4));
        QCOMPARE(w.at("a").values, (std::vector<float>{-1.0f, -0.5f, 0.0f, 126.5f}));
        QCOMPARE(w.at("a").shape, (std::vector<int64_t>{2, 2}));
        QCOMPARE(w.at("b").values[0], 1.0f);
        QCOMPARE(w.at("b").values[1], -2.0f);
        QCOMPARE(w.at("b").values[2], std::ldexp(1.0f, -24));
        QCOMPARE(w.at("c").values[0], 3.25f);
        QCOMPARE(w.at("e").values[0], 6.0f);
        expectError([&] { weight(w, "a", {4}, "m.json"); }, "'m.json': weight 'a' is [2, 2], expected [4]");
        expectError([&] { weight(w, "z", {1}, "m.json"); }, "has no weight 'z'");
    }

    void badWeightFilesAreNamed() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const std::string m = d + "/m.json";
        const auto manifest = [&](const std::string& text) { std::ofstream(m) << text; };
        const std::string one = R"([{"paths": ["s.bin"], "weights": [{"name": "a", "shape": [4], "dtype": "float32"}]}])";
        expectError([&] { readTfjsWeights(d + "/none.json"); }, "none.json': the file does not exist");
        manifest("[{\"paths\": [");
        expectError([&] { readTfjsWeights(m); }, "m.json': not a weights manifest (malformed JSON");
        manifest(R"({"weights": 1})");
        expectError([&] { readTfjsWeights(m); }, "m.json': not a weights manifest (expected a list");
        manifest(one);
        expectError([&] { readTfjsWeights(m); }, "s.bin': the file does not exist");
        writeBytes(d + "/s.bin", std::vector<unsigned char>(10));
        expectError([&] { readTfjsWeights(m); }, "s.bin': too short: weight 'a' ends at byte 16 of 10 (truncated?)");
        writeBytes(d + "/s.bin", std::vector<unsigned char>(20));
        expectError([&] { readTfjsWeights(m); }, "s.bin': 20 bytes where the manifest's weights take 16");
        manifest(R"([{"paths": ["s.bin"], "weights": [{"name": "a", "shape": [4], "dtype": "float32", "quantization": {"dtype": "int4"}}]}])");
        expectError([&] { readTfjsWeights(m); }, "quantized as 'int4'");
        manifest(R"([{"paths": ["s.bin"], "weights": [{"name": "a", "shape": [4], "dtype": "string"}]}])");
        expectError([&] { readTfjsWeights(m); }, "weight 'a' has dtype 'string'");
    }

    // The installed package, checked file by file: missing and corrupt files are named with what to do.
    void packagedFilesAreChecked() {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const ScopedEnv env("MEGA_WEIGHTS_DIR", root);
        const auto& p = faceApiPackage();
        const std::string rel = "model/tiny_face_detector_model.bin";
        expectError([&] { packagedFile(p, rel); }, "missing: the weights of @vladmandic/face-api 1.7.15 are not installed (run packaging/install-deps.sh");
        fs::create_directories(root + "/face-api-1.7.15/model");
        writeBytes(root + "/face-api-1.7.15/" + rel, std::vector<unsigned char>(100, 7));
        expectError([&] { packagedFile(p, rel); }, "tiny_face_detector_model.bin': corrupt or not @vladmandic/face-api 1.7.15's file");
        expectError([&] { TinyFaceDetector(root + "/face-api-1.7.15/model/tiny_face_detector_model-weights_manifest.json"); },
                    "tiny_face_detector_model-weights_manifest.json': the file does not exist");
    }

    // The detector given the identity network's weights: named, not a crash.
    void aNetworkOfTheWrongShapeIsNamed() {
        const std::string recognizer = faceApiManifest("face_recognition_model");
        expectError([&] { TinyFaceDetector d(recognizer); }, "face_recognition_model-weights_manifest.json': has no weight 'conv0/filters'");
        expectError([&] { FaceRecognizer r(faceApiManifest("tiny_face_detector_model")); }, "has no weight 'conv32_down/conv/filters'");
    }

    // Parity: every case's output matches the package's JavaScript run within 1e-4.
    void matchesThePackagesJavaScript() {
        const std::string fixtures = fixtures::source("tests/fixtures/encoders").toStdString();
        nlohmann::json index;
        std::ifstream(fixtures + "/cases.json") >> index;
        const TinyFaceDetector detector(faceApiManifest("tiny_face_detector_model"));
        const FaceRecognizer recognizer(faceApiManifest("face_recognition_model"));
        const PictureNet picture(nsfwjsModel());
        const auto cases = encoder_cases::all(detector, fixtures::clip("").toStdString());
        QCOMPARE(cases.size(), index["cases"].size());
        QVERIFY(cases.size() >= 22);
        double worst = 0.0;
        for (size_t i = 0; i < cases.size(); ++i) {
            const auto& c = cases[i];
            const auto& f = index["cases"][i];
            QCOMPARE(QString::fromStdString(c.name), QString::fromStdString(f["name"].get<std::string>()));
            // Same pixels in as the fixture's JavaScript run had (else the decoder or the
            // preprocessing changed: make the fixtures again).
            const double sum = c.input.sum().item<double>(), expected = f["input_sum"].get<double>();
            QVERIFY2(std::abs(sum - expected) <= 1e-6 * std::abs(expected),
                     qPrintable(QString("%1: input sum %2, the fixture's %3").arg(c.name.c_str()).arg(sum).arg(expected)));
            const auto out = (c.network == "detector"     ? detector.forward(c.input)
                              : c.network == "recognizer" ? recognizer.forward(c.input)
                                                          : picture.forward(c.input))
                                 .contiguous();
            QCOMPARE(out.sizes().vec(), f["output_shape"].get<std::vector<int64_t>>());
            const NpyArray js = readNpy(fixtures + "/" + c.name + ".output.npy");
            QCOMPARE(static_cast<int64_t>(js.values.size()), out.numel());
            const float* o = out.data_ptr<float>();
            double diff = 0.0;
            for (size_t k = 0; k < js.values.size(); ++k) diff = std::max(diff, std::abs(static_cast<double>(o[k]) - js.values[k]));
            qInfo("%-28s %-10s max |LibTorch - JavaScript| = %.2e", c.name.c_str(), c.network.c_str(), diff);
            QVERIFY2(diff <= 1e-4, qPrintable(QString("%1 differs by %2").arg(c.name.c_str()).arg(diff)));
            worst = std::max(worst, diff);
        }
        qInfo("worst difference over %zu cases: %.2e", cases.size(), worst);
    }

    // Silero VAD against onnxruntime running the package's model as vad-web feeds it: the clip's
    // first 20 s, decoded by the product (the same samples as the fixture's, checked by their sums).
    void voiceMatchesOnnxRuntime() {
        const std::string fixtures = fixtures::source("tests/fixtures/vad").toStdString();
        nlohmann::json index;
        std::ifstream(fixtures + "/cases.json") >> index;
        const auto& c = index["cases"][0];
        media::AudioReader reader(fixtures::clip("big_buck_bunny_0_30.webm").toStdString(), {16000, -1, 16000});
        std::vector<float> samples;
        media::AudioBlock b;
        while (samples.size() < 320000 && reader.next(b)) samples.insert(samples.end(), b.samples.begin(), b.samples.end());
        samples.resize(std::min<size_t>(samples.size(), c["samples"].get<size_t>()));
        double sum = 0, abs = 0;
        for (float v : samples) sum += v, abs += std::abs(v);
        QCOMPARE(static_cast<int64_t>(samples.size()), c["samples"].get<int64_t>());
        QVERIFY2(std::abs(abs - c["sample_abs_sum"].get<double>()) < 1e-3,
                 qPrintable(QString("decoded samples differ from the fixture's: |sum| %1 vs %2").arg(abs).arg(c["sample_abs_sum"].get<double>())));
        const SileroVad vad(packagedFile(vadWebPackage(), "dist/silero_vad_v5.onnx"));
        const auto p = vad.probabilities(samples.data(), samples.size());
        const NpyArray js = readNpy(fixtures + "/big_buck_bunny_20s.probs.npy");
        QCOMPARE(p.size(), js.values.size());
        double diff = 0;
        for (size_t i = 0; i < p.size(); ++i) diff = std::max(diff, std::abs(double(p[i]) - js.values[i]));
        qInfo("%zu frames, max |LibTorch - onnxruntime| = %.2e", p.size(), diff);
        QVERIFY(diff <= 1e-4);
        // Not Silero VAD: named, never a crash.
        expectError([] { SileroVad v(faceApiManifest("tiny_face_detector_model")); }, "not an ONNX model");
        QTemporaryDir dir;
        const std::string cut = dir.filePath("cut.onnx").toStdString();
        QVERIFY(fixtures::truncateCopy(QString::fromStdString(packagedFile(vadWebPackage(), "dist/silero_vad_v5.onnx")),
                                       QString::fromStdString(cut), 1000));
        expectError([&] { SileroVad v(cut); }, "cut.onnx': truncated or not an ONNX model");
    }

    // The voice and picture extractors through the features pass: one vector a second each.
    void voiceAndPictureExtractors() {
        ExtractOptions eo;
        eo.extractors = {"voice", "picture", "motion"};
        const auto r = extractFeatures(fixtures::clip("big_buck_bunny_0_30.webm").toStdString(), eo);
        QVERIFY2(r.warnings.empty(), r.warnings.empty() ? "" : r.warnings.front().c_str());
        QCOMPARE(r.modalities.size(), size_t(3));
        const Modality& voice = r.modalities[0];
        const Modality& picture = r.modalities[1];
        QCOMPARE(voice.dim, int64_t(4));
        QCOMPARE(picture.dim, int64_t(PictureNet::kDim));
        QVERIFY(std::abs(static_cast<double>(voice.count()) - r.duration_s) <= 1.0);
        QVERIFY(std::abs(static_cast<double>(picture.count()) - r.duration_s) <= 1.0);
        for (size_t i = 0; i < voice.count(); ++i)
            for (int k = 0; k < 4; ++k) QVERIFY(voice.row(i)[k] >= 0.0f && voice.row(i)[k] <= 1.0f);
        // Centred and normalised: unit vectors whose mean is about zero.
        double norm = 0;
        for (int k = 0; k < PictureNet::kDim; ++k) norm += double(picture.row(3)[k]) * picture.row(3)[k];
        QVERIFY(std::abs(norm - 1.0) < 1e-4);
    }

    // Characters from identities: three people's faces (each a point with noise well inside 0.6),
    // mixed in time, come back as three characters ordered by how often each is seen.
    void clustersFacesIntoCharacters() {
        std::mt19937 rng(7);
        std::normal_distribution<float> n(0.0f, 1.0f);
        std::array<Identity, 3> people{};
        for (auto& p : people) {
            double norm = 0;
            for (auto& v : p) v = n(rng), norm += double(v) * v;
            for (auto& v : p) v = static_cast<float>(v * 0.5 / std::sqrt(norm)); // people 0.7 apart on average
        }
        std::vector<Identity> faces;
        std::vector<int> truth;
        for (int i = 0; i < 120; ++i) {
            const int who = i % 6 < 3 ? 0 : (i % 6 < 5 ? 1 : 2); // seen 60, 40, 20 times
            Identity f = people[static_cast<size_t>(who)];
            for (auto& v : f) v += 0.012f * n(rng); // ~0.14 from the person's point
            faces.push_back(f);
            truth.push_back(who);
        }
        const Characters c = clusterFaces(faces);
        QCOMPARE(c.centroids.size(), size_t(3));
        QCOMPARE(c.sightings, (std::vector<int64_t>{60, 40, 20}));
        for (size_t i = 0; i < faces.size(); ++i) QCOMPARE(c.of[i], truth[i]);
        QVERIFY(clusterFaces({}).centroids.empty());
        // The faces modality's vector: who is on screen, the mean identity, count and size.
        FrameFaces frame{1.0, 640, 360, {{10, 10, 50, 90, 0.9f}, {300, 40, 40, 60, 0.8f}}, {faces[0], faces[3]}};
        const auto v = facesVector(frame, {0, 1});
        QCOMPARE(v[0], 1.0f);
        QCOMPARE(v[1], 1.0f);
        QCOMPARE(v[2], 0.0f);
        QCOMPARE(v[kCastSlots], (faces[0][0] + faces[3][0]) / 2);
        QCOMPARE(v[kCastSlots + kIdentityDim], 0.5f);
        QCOMPARE(v[kCastSlots + kIdentityDim + 1], 0.25f);
        const auto none = facesVector(FrameFaces{2.0, 640, 360, {}, {}}, {});
        QVERIFY(std::all_of(none.begin(), none.end(), [](float x) { return x == 0.0f; }));
    }

    // The "faces" extractor through the features pass, on a generated film with real faces: two
    // vectors a second, characters present where the generator put them.
    void facesExtractorOnAGeneratedFilm() {
        QTemporaryDir dir;
        demo::DemoOptions o;
        o.duration_s = 40;
        o.seed = 5;
        o.setting = demo::demoSetting("faces");
        const auto g = demo::makeDemoFilm(dir.filePath("f").toStdString(), o);
        ExtractOptions eo;
        eo.extractors = {"appearance", "faces"};
        const auto r = extractFeatures(g.film, eo);
        QVERIFY2(r.warnings.empty(), r.warnings.empty() ? "" : r.warnings.front().c_str());
        QCOMPARE(r.modalities.size(), size_t(2));
        const Modality& faces = r.modalities[1];
        QCOMPARE(QString::fromStdString(faces.name), QString("faces"));
        QCOMPARE(faces.dim, int64_t(kFacesDim));
        QCOMPARE(static_cast<int64_t>(faces.count()), int64_t(80)); // 40 s, two a second
        QCOMPARE(r.frames, int64_t(1000));
        QVERIFY(std::abs(r.duration_s - 40.0) < 0.05);
        // A sampled frame in a shot with composited faces sees a character; one without sees none.
        int agree = 0, total = 0;
        for (size_t i = 0; i < faces.count(); ++i) {
            const double t = faces.intervals[i].first;
            const auto frame = static_cast<int64_t>(std::llround(t * o.fps));
            size_t shot = 0;
            while (shot + 1 < g.shot_starts.size() && g.shot_starts[shot + 1] <= frame) ++shot;
            const bool composited = !g.faces[shot].empty();
            const float* v = faces.row(i);
            const bool seen = std::any_of(v, v + kCastSlots, [](float x) { return x > 0; });
            agree += composited == seen;
            ++total;
        }
        qInfo("sampled frames where the faces found agree with the generator's: %d of %d", agree, total);
        QVERIFY(agree >= total * 9 / 10);
    }

    // Weights missing: the faces modality is left out with a warning naming the file; the built-in
    // extractors still run.
    void missingWeightsLeaveTheBuiltInsRunning() {
        QTemporaryDir dir;
        const ScopedEnv env("MEGA_WEIGHTS_DIR", dir.path().toStdString());
        ExtractOptions eo;
        eo.extractors = {"appearance", "faces"};
        const auto r = extractFeatures(fixtures::clip("bikes.mp4").toStdString(), eo);
        QCOMPARE(r.modalities.size(), size_t(1));
        QCOMPARE(QString::fromStdString(r.modalities[0].name), QString("appearance"));
        QVERIFY(r.modalities[0].count() > 0);
        QCOMPARE(r.warnings.size(), size_t(1));
        QVERIFY2(QString::fromStdString(r.warnings[0]).contains("tiny_face_detector_model.bin': missing") &&
                     QString::fromStdString(r.warnings[0]).contains("the faces modality is left out"),
                 r.warnings[0].c_str());
    }

    // The detector finds the one face in each sample photograph, and the identity of a face moved a
    // little in its crop stays within the package's 0.6 of itself.
    void findsFacesAndKeepsIdentities() {
        const TinyFaceDetector detector(faceApiManifest("tiny_face_detector_model"));
        const FaceRecognizer recognizer(faceApiManifest("face_recognition_model"));
        const std::string demo = packageFolder(faceApiPackage()) + "/demo/";
        for (int i = 1; i <= 6; ++i) {
            media::FrameReader reader(demo + "sample" + std::to_string(i) + ".jpg");
            media::Frame f;
            QVERIFY(reader.next(f));
            const auto faces = detector.detect(f.data.data(), f.width, f.height);
            QVERIFY2(!faces.empty(), qPrintable(QString("sample%1: no face").arg(i)));
            const FaceBox box = faces.front();
            QVERIFY(box.score > 0.5f && box.width > 20 && box.height > 20);
            FaceBox moved = box;
            moved.x += 0.05f * box.width;
            moved.y -= 0.05f * box.height;
            const auto a = recognizer.forward(FaceRecognizer::input(f.data.data(), f.width, f.height, box));
            const auto b = recognizer.forward(FaceRecognizer::input(f.data.data(), f.width, f.height, moved));
            const double d = (a - b).norm().item<double>();
            qInfo("sample%d: %zu face(s), best %.2f at (%.0f, %.0f) %.0fx%.0f; moved crop's distance %.3f", i, faces.size(),
                  static_cast<double>(box.score), static_cast<double>(box.x), static_cast<double>(box.y),
                  static_cast<double>(box.width), static_cast<double>(box.height), d);
            QVERIFY2(d < 0.6, qPrintable(QString("sample%1: a moved crop is %2 away").arg(i).arg(d)));
        }
    }
};

QTEST_GUILESS_MAIN(TestEncoders)
#include "tst_encoders.moc"
