#include "core/features/onnx_weights.h"

#include "core/common/error.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

namespace mega::features {

namespace fs = std::filesystem;

namespace {

// Field numbers of onnx.proto (onnx/onnx.proto3, stable since IR version 3) that are read here.
namespace model {
constexpr uint32_t kGraph = 7;
}
namespace graph {
constexpr uint32_t kNode = 1, kInitializer = 5;
}
namespace node {
constexpr uint32_t kOutput = 2, kOpType = 4, kAttribute = 5, kDomain = 7;
}
namespace attribute {
constexpr uint32_t kName = 1, kFloat = 2, kTensor = 5, kGraph = 6, kFloats = 7, kGraphs = 11;
}
namespace tensor {
constexpr uint32_t kDims = 1, kDataType = 2, kFloatData = 4, kName = 8, kRawData = 9, kExternalData = 13,
                   kDataLocation = 14;
constexpr uint64_t kFloat = 1, kExternal = 1; // TensorProto.DataType.FLOAT, DataLocation.EXTERNAL
} // namespace tensor

// Subgraphs nest (an If inside a Loop...); a hostile file must not exhaust the stack.
constexpr int kMaxDepth = 32;

enum Wire : uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

struct Field {
    uint32_t number = 0;
    uint32_t wire = 0;
    uint64_t value = 0;                  // kVarint, kFixed64, kFixed32
    const unsigned char* data = nullptr; // kBytes
    size_t size = 0;                     // kBytes
    size_t offset = 0;                   // of the field's key, in the file (for the messages)
};

float floatBits(uint32_t bits) {
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

// ONNX stores tensors little-endian, whatever the machine that reads them.
float littleEndianFloat(const unsigned char* p) {
    return floatBits(static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                     static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24);
}

class Parser {
  public:
    Parser(const std::string& path, const std::vector<unsigned char>& bytes)
        : m_path(path), m_file(bytes.data()), m_size(bytes.size()) {}

    WeightMap read() {
        bool hasGraph = false;
        forEach(m_file, m_file + m_size, [&](const Field& f) {
            if (f.number != model::kGraph) return;
            expect(f, kBytes, "the graph");
            hasGraph = true;
            readGraph(f, 0);
        });
        if (!hasGraph) throw bad("not an ONNX model (it has no graph)");
        return std::move(m_out);
    }

  private:
    Error bad(const std::string& what) const { return Error(fileError(m_path, what)); }

    // Calls `fn` with each field of the message in [p, end), checking that every length stays inside.
    template <typename Fn> void forEach(const unsigned char* p, const unsigned char* end, Fn&& fn) const {
        while (p < end) {
            Field f;
            f.offset = static_cast<size_t>(p - m_file);
            const uint64_t key = varint(p, end);
            f.number = static_cast<uint32_t>(key >> 3);
            f.wire = static_cast<uint32_t>(key & 7);
            if (f.number == 0 || key >> 32)
                throw bad("not an ONNX model (no valid protobuf field at byte " + std::to_string(f.offset) +
                          ")");
            switch (f.wire) {
            case kVarint:
                f.value = varint(p, end);
                break;
            case kFixed64:
                f.value = fixed(p, end, 8);
                break;
            case kFixed32:
                f.value = fixed(p, end, 4);
                break;
            case kBytes: {
                const size_t at = static_cast<size_t>(p - m_file);
                const uint64_t n = varint(p, end);
                const auto left = static_cast<uint64_t>(end - p);
                if (n > left)
                    throw bad("truncated or not an ONNX model (the field at byte " + std::to_string(at) +
                              " holds " + std::to_string(n) + " bytes, " + std::to_string(left) +
                              " are left)");
                f.data = p;
                f.size = static_cast<size_t>(n);
                p += n;
                break;
            }
            default: // 3 and 4 are protobuf's old groups, which ONNX does not use; 6 and 7 do not exist
                throw bad("not an ONNX model (protobuf wire type " + std::to_string(f.wire) + " at byte " +
                          std::to_string(f.offset) + ")");
            }
            fn(f);
        }
    }

    uint64_t varint(const unsigned char*& p, const unsigned char* end) const {
        const size_t at = static_cast<size_t>(p - m_file);
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p == end)
                throw bad("truncated or not an ONNX model (the number at byte " + std::to_string(at) +
                          " runs past the end)");
            const unsigned char b = *p++;
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        throw bad("not an ONNX model (the number at byte " + std::to_string(at) +
                  " is longer than 10 bytes)");
    }

    uint64_t fixed(const unsigned char*& p, const unsigned char* end, int n) const {
        if (end - p < n)
            throw bad("truncated or not an ONNX model (the number at byte " + std::to_string(p - m_file) +
                      " runs past the end)");
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | p[i]; // little-endian, whatever this machine is
        p += n;
        return v;
    }

    void expect(const Field& f, uint32_t wire, const char* what) const {
        if (f.wire != wire)
            throw bad(std::string("not an ONNX model (") + what + " at byte " + std::to_string(f.offset) +
                      " has protobuf wire type " + std::to_string(f.wire) + ", expected " +
                      std::to_string(wire) + ")");
    }

    std::string text(const Field& f, const char* what) const {
        expect(f, kBytes, what);
        return {reinterpret_cast<const char*>(f.data), f.size};
    }

    void add(std::string name, WeightTensor t, size_t offset) {
        if (!m_out.emplace(name, std::move(t)).second)
            throw bad("the tensor '" + name + "' at byte " + std::to_string(offset) + " is named twice");
    }

    void readGraph(const Field& g, int depth) {
        if (depth > kMaxDepth)
            throw bad("not a model MEGA Studio reads (graphs nested deeper than " +
                      std::to_string(kMaxDepth) + ")");
        forEach(g.data, g.data + g.size, [&](const Field& f) {
            if (f.number == graph::kInitializer) {
                expect(f, kBytes, "an initializer");
                std::string name;
                if (auto t = readTensor(f, name)) add(std::move(name), std::move(*t), f.offset);
            } else if (f.number == graph::kNode) {
                expect(f, kBytes, "a node");
                readNode(f, depth);
            }
        });
    }

    void readNode(const Field& nodeField, int depth) {
        std::string opType, domain, output;
        std::vector<Field> attributes;
        forEach(nodeField.data, nodeField.data + nodeField.size, [&](const Field& f) {
            if (f.number == node::kOpType)
                opType = text(f, "an operator's type");
            else if (f.number == node::kDomain)
                domain = text(f, "an operator's domain");
            else if (f.number == node::kOutput && output.empty())
                output = text(f, "a node's output");
            else if (f.number == node::kAttribute) {
                expect(f, kBytes, "an attribute");
                attributes.push_back(f);
            }
        });
        const bool constant = opType == "Constant" && (domain.empty() || domain == "ai.onnx");
        for (const Field& a : attributes) {
            std::string name;
            std::optional<Field> value;
            std::optional<float> single;
            std::vector<float> many;
            bool hasMany = false;
            forEach(a.data, a.data + a.size, [&](const Field& f) {
                switch (f.number) {
                case attribute::kName:
                    name = text(f, "an attribute's name");
                    break;
                case attribute::kGraph: // If's branches, Loop's and Scan's bodies
                case attribute::kGraphs:
                    expect(f, kBytes, "a subgraph");
                    readGraph(f, depth + 1);
                    break;
                case attribute::kTensor:
                    expect(f, kBytes, "an attribute's tensor");
                    value = f;
                    break;
                case attribute::kFloat:
                    expect(f, kFixed32, "an attribute's float");
                    single = floatBits(static_cast<uint32_t>(f.value));
                    break;
                case attribute::kFloats:
                    hasMany = true;
                    appendFloats(f, many, "an attribute's floats");
                    break;
                default:
                    break;
                }
            });
            if (!constant || output.empty()) continue;
            // A Constant holds its tensor in exactly one of these attributes.
            if (name == "value" && value) {
                std::string ignored;
                if (auto t = readTensor(*value, ignored)) add(output, std::move(*t), value->offset);
            } else if (name == "value_float" && single) {
                add(output, WeightTensor{{}, {*single}}, a.offset);
            } else if (name == "value_floats" && hasMany) {
                const auto n = static_cast<int64_t>(many.size());
                add(output, WeightTensor{{n}, std::move(many)}, a.offset);
            }
        }
    }

    // float_data and an attribute's floats: packed (one length-delimited run) or one fixed32 each.
    void appendFloats(const Field& f, std::vector<float>& out, const char* what) const {
        if (f.wire == kFixed32) {
            out.push_back(floatBits(static_cast<uint32_t>(f.value)));
            return;
        }
        expect(f, kBytes, what);
        if (f.size % 4)
            throw bad("not an ONNX model (" + std::string(what) + " at byte " + std::to_string(f.offset) +
                      " are " + std::to_string(f.size) + " bytes, not a multiple of 4)");
        const size_t first = out.size();
        out.resize(first + f.size / 4);
        for (size_t i = 0; i < f.size / 4; ++i)
            out[first + i] = littleEndianFloat(f.data + 4 * i);
    }

    // A TensorProto; nothing when it is not float32 (int64 shapes, indices...).
    std::optional<WeightTensor> readTensor(const Field& t, std::string& name) const {
        WeightTensor out;
        uint64_t dataType = 0;
        bool external = false;
        std::optional<Field> raw;
        bool hasFloats = false;
        forEach(t.data, t.data + t.size, [&](const Field& f) {
            switch (f.number) {
            case tensor::kDims:
                if (f.wire == kBytes) {
                    const unsigned char* p = f.data;
                    while (p < f.data + f.size)
                        out.shape.push_back(static_cast<int64_t>(varint(p, f.data + f.size)));
                } else {
                    expect(f, kVarint, "a tensor's dimension");
                    out.shape.push_back(static_cast<int64_t>(f.value));
                }
                break;
            case tensor::kDataType:
                expect(f, kVarint, "a tensor's type");
                dataType = f.value;
                break;
            case tensor::kName:
                name = text(f, "a tensor's name");
                break;
            case tensor::kRawData:
                expect(f, kBytes, "a tensor's data");
                raw = f;
                break;
            case tensor::kFloatData:
                hasFloats = true;
                appendFloats(f, out.values, "a tensor's floats");
                break;
            case tensor::kExternalData:
                external = true;
                break;
            case tensor::kDataLocation:
                external = external || f.value == tensor::kExternal;
                break;
            default:
                break;
            }
        });
        if (dataType != tensor::kFloat) return std::nullopt;
        const std::string label = "the tensor '" + name + "' at byte " + std::to_string(t.offset);
        if (external) throw bad(label + " keeps its data in another file (external data is not read)");
        // The element count, kept below what the file could hold so that it cannot overflow.
        uint64_t count = 1;
        bool empty = false;
        for (const int64_t d : out.shape) {
            if (d < 0) throw bad(label + " has a negative dimension " + shapeText(out.shape));
            empty = empty || d == 0;
        }
        if (!empty)
            for (const int64_t d : out.shape) {
                if (count > m_size / static_cast<uint64_t>(d))
                    throw bad(label + " has a shape " + shapeText(out.shape) + " larger than the file");
                count *= static_cast<uint64_t>(d);
            }
        if (empty) count = 0;
        if (raw) {
            if (raw->size != count * 4)
                throw bad(label + " holds " + std::to_string(raw->size) + " bytes; its shape " +
                          shapeText(out.shape) + " needs " + std::to_string(count * 4));
            out.values.resize(count);
            for (size_t i = 0; i < count; ++i)
                out.values[i] = littleEndianFloat(raw->data + 4 * i);
        } else if (hasFloats || count) {
            if (out.values.size() != count)
                throw bad(label + " holds " + std::to_string(out.values.size()) + " floats; its shape " +
                          shapeText(out.shape) + " needs " + std::to_string(count));
        }
        return out;
    }

    const std::string& m_path;
    const unsigned char* m_file;
    size_t m_size;
    WeightMap m_out;
};

} // namespace

WeightMap readOnnxWeights(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw Error(fileError(path, "is a folder, not an ONNX model"));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(
            fileError(path, fs::exists(path, ec) ? "cannot read the file" : "the file does not exist"));
    const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in),
                                           std::istreambuf_iterator<char>()};
    if (in.bad()) throw Error(fileError(path, "cannot read the file"));
    return Parser(path, bytes).read();
}

} // namespace mega::features
