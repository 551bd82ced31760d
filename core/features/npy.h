#pragma once
// NumPy .npy files (format 1.0): float32 [N, D] features and float64 [N, 2] intervals, readable by
// numpy.load and research tools; MovieNet-style precomputed per-shot features come in this way.

#include <cstdint>
#include <string>
#include <vector>

namespace mega::features {

struct NpyArray {
    std::vector<int64_t> shape;
    std::string descr; ///< '<f4' or '<f8'
    std::vector<double> values; ///< converted to double, row-major
};

void writeNpy(const std::string& path, const float* data, int64_t rows, int64_t cols);
void writeNpy(const std::string& path, const double* data, int64_t rows, int64_t cols);
/// Reads a little-endian float32 or float64, C-order .npy of 1 or 2 dimensions; throws mega::Error
/// naming the file and the problem otherwise.
NpyArray readNpy(const std::string& path);

} // namespace mega::features
