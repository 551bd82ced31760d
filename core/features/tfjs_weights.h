#pragma once
// TensorFlow.js weight files, as npm packages ship pretrained networks: a weights manifest (JSON,
// a list of groups, each naming its shard files and its weights in order) and binary shards. A
// weight is float32, int32, or quantized: uint8/uint16 with {scale, min} (value = q * scale + min,
// as tf.io.decodeWeights computes it) or float16. Torch-free: the networks that use the weights
// (face_nets.h) make tensors of them.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mega::features {

struct WeightTensor {
    std::vector<int64_t> shape;  ///< as the manifest gives it (TensorFlow's order: HWIO for convs)
    std::vector<float> values;   ///< dequantized, row-major
};
using WeightMap = std::map<std::string, WeightTensor>;

/// A shape as the errors write it: "[3, 3, 16, 1]".
std::string shapeText(const std::vector<int64_t>& shape);

/// Reads a weights manifest (or a model.json, which carries one) and its shards (beside it). Throws mega::Error naming the file and
/// the problem: a missing or unreadable file, malformed JSON, an unknown dtype, shards shorter or
/// longer than the weights they must hold.
WeightMap readTfjsWeights(const std::string& manifestPath);

/// The weight named `name` with exactly `shape`; throws mega::Error naming `file` (the manifest
/// or the network) when it is missing or has another shape.
const WeightTensor& weight(const WeightMap& weights, const std::string& name, const std::vector<int64_t>& shape,
                           const std::string& file);

} // namespace mega::features
