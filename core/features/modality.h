#pragma once
// A modality: a named sequence of float vectors, each with the time interval of the input it was
// computed from (MEGA.md section 2), and its per-shot aggregation.

#include "core/shots/shot.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mega::features {

struct Modality {
    std::string name;
    int64_t dim = 0;
    std::vector<float> data;                          ///< count() x dim, row-major
    std::vector<std::pair<double, double>> intervals; ///< [start_s, end_s) of each vector's input

    size_t count() const { return intervals.size(); }
    const float* row(size_t i) const { return data.data() + i * static_cast<size_t>(dim); }
    /// Adds a vector of `dim` floats (inline: the TorchScript module uses it without linking megacore).
    void append(const float* v, double start, double end) {
        const size_t old = data.size();
        data.resize(old + static_cast<size_t>(dim));
        std::copy(v, v + dim, data.begin() + static_cast<std::ptrdiff_t>(old));
        intervals.emplace_back(start, end);
    }
};

/// One vector per shot: the mean of the vectors whose interval overlaps the shot's; a shot with
/// none gets zeros and mask 0, so "absent" and "zero" stay apart.
struct PerShot {
    std::string name;
    int64_t dim = 0;
    std::vector<float> data;   ///< shots x dim
    std::vector<uint8_t> mask; ///< 1 where the shot got at least one vector
};

/// The paper's overlap rule: vector [a, b) goes to every shot [s, e) with a < e and b > s.
PerShot aggregate(const Modality& m, const std::vector<shots::Shot>& shots);

/// The "contrast" modality: how much each cut changes the film, derived from other modalities'
/// per-shot vectors. For the cut after shot i and each base modality, 1 - cos between the mean of
/// the w shots before the cut and the w shots after it (w = 1, 2, 4), and the w = 1 value less its
/// mean over the 8 cuts around (how it stands out); then the log lengths of the shots on either side.
/// The last shot (no cut after it) and cuts where a side has no vector get zeros. dim = 4 x bases + 2.
/// This is what makes scene structure learnable from a few films: a scene boundary is a cut where
/// several modalities change at once, more than at the cuts around it.
PerShot contrast(const std::vector<PerShot>& bases, const std::vector<shots::Shot>& shots);
/// The version of contrast()'s rule, recorded with feature files so they are remade when it changes.
constexpr const char* kContrastVersion = "contrast-1";

/// Cosine similarity of two vectors of length n (0 if either is all zeros).
double cosine(const float* a, const float* b, size_t n);

} // namespace mega::features
