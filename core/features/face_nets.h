#pragma once
// The two face networks of @vladmandic/face-api 1.7.15 (packaged_weights.h), rebuilt in LibTorch
// from the package's TensorFlow.js weights and checked against the package's own JavaScript
// (tests/core/tst_encoders.cpp, fixtures from tests/fixtures/make_encoder_fixtures.sh):
//
// - TinyFaceDetector: a Tiny-YOLOv2 with depthwise-separable convolutions; an S x S RGB picture
//   (S a multiple of 32) gives (S/32) x (S/32) cells of 5 anchors x (x, y, w, h, score); it is
//   convolutional, so an H x W picture (multiples of 32) gives (H/32) x (W/32) cells.
// - FaceRecognizer: a port of dlib's ResNet (99.38% on LFW); a 150 x 150 face gives a 128-d
//   identity vector, two faces of one person lying closer than 0.6 (Euclidean).
//
// Both take pixels as the package does, float (B, H, W, 3) in 0..255, and follow its arithmetic
// (mean subtraction, /255, TensorFlow's padding) so that their outputs match its to 1e-4.

#include "core/features/faces.h"
#include "core/features/tfjs_weights.h"

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace mega::features {

class TinyFaceDetector {
public:
    /// Reads and checks the weights (face-api's tiny_face_detector_model); throws mega::Error naming
    /// the manifest when a weight is missing or of another shape.
    explicit TinyFaceDetector(const std::string& manifestPath);
    /// (B, H, W, 3) pixels -> (B, H/32, W/32, 25) raw outputs, as the package's forwardInput gives
    /// (it takes squares).
    torch::Tensor forward(const torch::Tensor& pixels) const;
    /// Pads an RGB picture (H, W, 3 uint8, row-major) to a square at its bottom and right and scales it
    /// to `inputSize`: the (1, S, S, 3) float input the package builds (bilinear).
    static torch::Tensor input(const uint8_t* rgb, int width, int height, int inputSize);
    /// Faces above `minScore` after non-maximum suppression (IoU 0.4), as the package's
    /// locateFaces finds them (longer side scaled to `inputSize`), in the picture's pixels, best
    /// first. Padded to multiples of 32 rather than to a square.
    std::vector<FaceBox> detect(const uint8_t* rgb, int width, int height, int inputSize = 416,
                                float minScore = 0.5f) const;

private:
    std::vector<torch::Tensor> m_w; // conv0 (w, b), conv1-5 (depthwise, pointwise, b), conv8 (w, b)
};

class FaceRecognizer {
public:
    explicit FaceRecognizer(const std::string& manifestPath);
    /// (B, 150, 150, 3) pixels -> (B, 128) identity vectors.
    torch::Tensor forward(const torch::Tensor& pixels) const;
    /// The package's crop of a detected face: the box (clipped to the picture), padded to a square
    /// around its centre and scaled to 150 x 150: (1, 150, 150, 3) float pixels.
    static torch::Tensor input(const uint8_t* rgb, int width, int height, const FaceBox& box);

private:
    struct Layer {
        torch::Tensor w, b, scale, shift;
    };
    torch::Tensor conv(const torch::Tensor& x, const Layer& l, int stride, bool relu, bool same) const;
    torch::Tensor residual(const torch::Tensor& x, const std::string& block, bool down) const;
    std::map<std::string, Layer> m_layers;
    torch::Tensor m_fc;
};

/// The installed face-api manifest of `stem` ("tiny_face_detector_model", "face_recognition_model"),
/// its shard checked too. Throws mega::Error naming a missing or corrupt file.
std::string faceApiManifest(const std::string& stem);

/// Both networks from the installed face-api package (checked, packaged_weights.h): the faces on a
/// picture and their identities, as the "faces" extractor sees them. Throws mega::Error naming a
/// missing or corrupt weight file.
class FaceEncoder {
public:
    static constexpr int kInputSize = 416; ///< the detector's picture
    FaceEncoder();
    FrameFaces look(const uint8_t* rgb, int width, int height, double time_s) const;

private:
    TinyFaceDetector m_detector;
    FaceRecognizer m_recognizer;
};

} // namespace mega::features
