#pragma once
// Faces over a film (torch-free): who is on screen. The face networks (face_nets.h) find faces on
// sampled frames and give each a 128-d identity; clusterFaces() groups the identities of a film into
// characters; facesVector() is the "faces" modality's vector for one sampled frame.

#include <array>
#include <cstdint>
#include <vector>

namespace mega::features {

/// A face found in a picture, in the picture's pixels.
struct FaceBox {
    float x = 0, y = 0, width = 0, height = 0;
    float score = 0;
};

constexpr int kIdentityDim = 128;
using Identity = std::array<float, kIdentityDim>;

/// face-api's rule: two faces of one person lie closer than 0.6 (Euclidean).
constexpr double kSamePerson = 0.6;

struct Characters {
    std::vector<int> of;                 ///< per identity given, its character (0 = seen most)
    std::vector<Identity> centroids;     ///< per character, the mean identity
    std::vector<int64_t> sightings;      ///< per character, how many faces
};

/// Groups identities into characters: each joins the nearest character whose mean lies within
/// `radius` (else starts one), characters seen three times or more whose means lie within `radius`
/// merge, and every face then goes to its nearest mean. A mean lies nearer its faces than two faces of one person lie
/// to each other, so `radius` is below kSamePerson. Deterministic; characters ordered by sightings.
Characters clusterFaces(const std::vector<Identity>& identities, double radius = 0.45);

/// The "faces" modality: for one sampled frame, which of the film's main characters are on screen
/// (kCastSlots, 1 or 0), the mean identity of its faces (128; zeros with none), how many faces
/// (a quarter each, at most 1) and the largest face's share of the picture's height.
constexpr int kCastSlots = 8;
constexpr int kFacesDim = kCastSlots + kIdentityDim + 2;

struct FrameFaces {
    double time_s = 0;
    int width = 0, height = 0;
    std::vector<FaceBox> boxes;
    std::vector<Identity> identities;
};
std::array<float, kFacesDim> facesVector(const FrameFaces& frame, const std::vector<int>& characterOfFace);

} // namespace mega::features
