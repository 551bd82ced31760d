#pragma once
// The float32 tensors of an ONNX model, read straight from the file's protobuf wire format (no
// protobuf or onnx library: a model file is a few nested messages, and only the tensors are
// wanted). Torch-free, like tfjs_weights.h: the networks that use the weights (silero_vad.h)
// make tensors of them.
//
// Exporters put weights in two places: the graph's initializers, and Constant nodes whose 'value'
// is the tensor (Silero VAD keeps all of its weights so, inside the branches of an If node). Both
// are read, in every graph, subgraphs (If, Loop, Scan attributes) included.

#include "core/features/tfjs_weights.h"

#include <string>

namespace mega::features {

/// Every float32 tensor of the ONNX model at `path`: initializers by their name, Constant nodes
/// ('value', 'value_float', 'value_floats') by their output's name; shapes as the file gives them
/// (ONNX's order, as LibTorch's: (out, in, k) for convolutions). Tensors of other types (int64
/// shapes and indices) are left out. Throws mega::Error naming the file and the problem: a missing
/// or unreadable file, a truncated or malformed protobuf, a file that is not an ONNX model (no
/// graph), a float tensor whose data does not fill its shape or lies in an external file, a name
/// given twice.
WeightMap readOnnxWeights(const std::string& path);

} // namespace mega::features
