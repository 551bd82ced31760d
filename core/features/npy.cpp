#include "core/features/npy.h"

#include "core/common/error.h"

#include <cstring>
#include <fstream>
#include <regex>

namespace mega::features {

namespace {

template <typename T>
void write(const std::string& path, const T* data, int64_t rows, int64_t cols, const char* descr) {
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" +
                         std::to_string(rows) + ", " + std::to_string(cols) + "), }";
    // magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, '\n' last.
    const size_t total = ((10 + header.size() + 1 + 63) / 64) * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fileError(path, "cannot write the file"));
    const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    out.write(reinterpret_cast<const char*>(magic), 8);
    const auto len = static_cast<uint16_t>(header.size());
    const unsigned char le[2] = {static_cast<unsigned char>(len & 0xff), static_cast<unsigned char>(len >> 8)};
    out.write(reinterpret_cast<const char*>(le), 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(sizeof(T) * static_cast<size_t>(rows * cols)));
    if (!out) throw Error(fileError(path, "cannot write the file (disk full?)"));
}

} // namespace

void writeNpy(const std::string& path, const float* data, int64_t rows, int64_t cols) { write(path, data, rows, cols, "<f4"); }
void writeNpy(const std::string& path, const double* data, int64_t rows, int64_t cols) { write(path, data, rows, cols, "<f8"); }

NpyArray readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fileError(path, "no such file or not readable"));
    unsigned char magic[10] = {};
    in.read(reinterpret_cast<char*>(magic), 10);
    if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw Error(fileError(path, "not a NumPy .npy file"));
    size_t headerLen = magic[8] | (magic[9] << 8);
    if (magic[6] >= 2) { // versions 2 and 3: a 4-byte length
        unsigned char more[2];
        in.read(reinterpret_cast<char*>(more), 2);
        headerLen |= (static_cast<size_t>(more[0]) << 16) | (static_cast<size_t>(more[1]) << 24);
    }
    if (headerLen > 65536) throw Error(fileError(path, "damaged .npy header"));
    std::string header(headerLen, '\0');
    in.read(header.data(), static_cast<std::streamsize>(headerLen));
    if (!in) throw Error(fileError(path, "truncated .npy header"));
    std::smatch m;
    NpyArray a;
    if (!std::regex_search(header, m, std::regex("'descr':\\s*'([^']*)'"))) throw Error(fileError(path, "no dtype in the .npy header"));
    a.descr = m[1];
    if (a.descr != "<f4" && a.descr != "<f8")
        throw Error(fileError(path, "dtype " + a.descr + " is not float32 or float64 (little-endian)"));
    if (std::regex_search(header, m, std::regex("'fortran_order':\\s*True"))) throw Error(fileError(path, "Fortran order is not supported"));
    if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)"))) throw Error(fileError(path, "no shape in the .npy header"));
    const std::string shape = m[1];
    const std::regex number("\\d+");
    for (std::sregex_iterator it(shape.begin(), shape.end(), number), end; it != end; ++it)
        a.shape.push_back(std::stoll(it->str()));
    if (a.shape.empty() || a.shape.size() > 2) throw Error(fileError(path, "only 1- and 2-dimensional arrays are supported"));
    int64_t n = 1;
    for (int64_t s : a.shape) n *= s;
    const size_t width = a.descr == "<f4" ? 4 : 8;
    std::vector<char> raw(static_cast<size_t>(n) * width);
    in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
    if (in.gcount() != static_cast<std::streamsize>(raw.size()))
        throw Error(fileError(path, "truncated: the header promises " + std::to_string(n) + " values"));
    a.values.resize(static_cast<size_t>(n));
    for (size_t i = 0; i < a.values.size(); ++i) {
        if (width == 4) {
            float f;
            std::memcpy(&f, raw.data() + i * 4, 4);
            a.values[i] = f;
        } else {
            std::memcpy(&a.values[i], raw.data() + i * 8, 8);
        }
    }
    return a;
}

} // namespace mega::features
