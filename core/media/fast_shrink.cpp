#include "core/media/fast_shrink.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace mega::media::detail {

SampleGrid SampleGrid::make(int fullSrc, int dst, int shift, int taps) {
    SampleGrid g;
    g.taps = std::max(1, taps);
    g.at.resize(static_cast<size_t>(dst) * static_cast<size_t>(g.taps));
    const int planeSrc = (fullSrc + (1 << shift) - 1) >> shift;
    for (int i = 0; i < dst; ++i) {
        // Box [a, b) in full-resolution units; sample the centres of `taps` equal parts of it.
        const double a = static_cast<double>(i) * fullSrc / dst,
                     b = static_cast<double>(i + 1) * fullSrc / dst;
        for (int j = 0; j < g.taps; ++j) {
            const double centre = a + (b - a) * (2 * j + 1) / (2.0 * g.taps);
            const int p = static_cast<int>(centre) >> shift;
            g.at[static_cast<size_t>(i * g.taps + j)] = std::clamp(p, 0, planeSrc - 1);
        }
    }
    return g;
}

void shrinkPlane(const uint8_t* src, int srcStride, const SampleGrid& cols, const SampleGrid& rows,
                 uint8_t* dst, int dstStride) {
    constexpr int kMaxTaps = 8;
    const size_t outW = cols.size(), outH = rows.size();
    const int rowTaps = std::min(rows.taps, kMaxTaps), colTaps = cols.taps;
    const auto n = static_cast<uint32_t>(rowTaps * colTaps);
    const uint32_t reciprocal = ((1u << 16) + n / 2) / n; // a multiply instead of a division per pixel
    for (size_t y = 0; y < outH; ++y) {
        const uint8_t* lines[kMaxTaps];
        for (int j = 0; j < rowTaps; ++j)
            lines[j] = src + static_cast<ptrdiff_t>(
                                 rows.at[y * static_cast<size_t>(rows.taps) + static_cast<size_t>(j)]) *
                                 srcStride;
        uint8_t* out = dst + static_cast<ptrdiff_t>(y) * dstStride;
        const int* at = cols.at.data();
        for (size_t x = 0; x < outW; ++x, at += colTaps) {
            uint32_t s = 0;
            for (int j = 0; j < rowTaps; ++j)
                for (int k = 0; k < colTaps; ++k)
                    s += lines[j][at[k]];
            out[x] = static_cast<uint8_t>((s * reciprocal + (1u << 15)) >> 16);
        }
    }
}

YuvToRgb::YuvToRgb(bool bt709, bool fullRange) {
    const double kr = bt709 ? 0.2126 : 0.299, kb = bt709 ? 0.0722 : 0.114, kg = 1.0 - kr - kb;
    const double ys = fullRange ? 1.0 : 255.0 / 219.0, cs = fullRange ? 1.0 : 255.0 / 224.0;
    const double yo = fullRange ? 0.0 : 16.0;
    for (int i = 0; i < 256; ++i) {
        const double c = (i - 128) * cs;
        m_y[i] = static_cast<int>(std::lround((i - yo) * ys * 65536.0));
        m_rv[i] = static_cast<int>(std::lround(2.0 * (1.0 - kr) * c * 65536.0));
        m_bu[i] = static_cast<int>(std::lround(2.0 * (1.0 - kb) * c * 65536.0));
        m_gu[i] = static_cast<int>(std::lround(-2.0 * kb * (1.0 - kb) / kg * c * 65536.0));
        m_gv[i] = static_cast<int>(std::lround(-2.0 * kr * (1.0 - kr) / kg * c * 65536.0));
    }
}

namespace {
inline uint8_t clip8(int v) {
    return static_cast<uint8_t>(std::clamp((v + 32768) >> 16, 0, 255));
}
} // namespace

void YuvToRgb::toPacked(const uint8_t* y, const uint8_t* u, const uint8_t* v, size_t n, uint8_t* out,
                        bool bgr) const {
    const int r = bgr ? 2 : 0, b = bgr ? 0 : 2;
    for (size_t i = 0; i < n; ++i, out += 3) {
        const int Y = m_y[y[i]];
        out[r] = clip8(Y + m_rv[v[i]]);
        out[1] = clip8(Y + m_gu[u[i]] + m_gv[v[i]]);
        out[b] = clip8(Y + m_bu[u[i]]);
    }
}

void YuvToRgb::toGray(const uint8_t* y, size_t n, uint8_t* out) const {
    for (size_t i = 0; i < n; ++i)
        out[i] = clip8(m_y[y[i]]);
}

} // namespace mega::media::detail
