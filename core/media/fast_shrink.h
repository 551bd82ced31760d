#pragma once
// Private to core/media: the fast path from a decoded 8-bit YUV frame to a small packed RGB/gray
// picture, for analysis sizes (~256 pixels wide, every frame of a film).
//
// Each output pixel averages a few samples spread evenly over its box of source pixels. Reading the
// source dominates (a 1080p frame is 3 MB, just written by a decoder thread on another core), so
// only a couple of rows and columns of each box are read; at analysis sizes that still smooths
// away noise and fine detail. Several times cheaper than swscale's area filter, whose own cost
// came close to the decode's.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mega::media::detail {

/// Where each output pixel samples along one axis: `taps` source positions per output pixel.
struct SampleGrid {
    int taps = 1;
    std::vector<int> at; ///< output i samples at[i * taps + j], j < taps
    size_t size() const { return at.size() / static_cast<size_t>(taps); }
    /// Output pixel i covers [i * fullSrc / dst, (i + 1) * fullSrc / dst) of the full-resolution
    /// axis; a plane subsampled by `shift` (chroma) is sampled over the same area at its resolution.
    static SampleGrid make(int fullSrc, int dst, int shift, int taps);
};

/// dst (cols.size() x rows.size(), stride dstStride) = the mean of each output pixel's samples.
void shrinkPlane(const uint8_t* src, int srcStride, const SampleGrid& cols, const SampleGrid& rows,
                 uint8_t* dst, int dstStride);

/// Y'CbCr -> R'G'B' for one colour matrix (BT.601 or BT.709) and range (video 16-235 or full).
class YuvToRgb {
  public:
    YuvToRgb(bool bt709, bool fullRange);
    /// n pixels from three planes into packed triplets, RGB or (bgr) BGR order.
    void toPacked(const uint8_t* y, const uint8_t* u, const uint8_t* v, size_t n, uint8_t* out,
                  bool bgr) const;
    /// Luma scaled to 0..255.
    void toGray(const uint8_t* y, size_t n, uint8_t* out) const;

  private:
    int m_y[256], m_rv[256], m_gu[256], m_gv[256], m_bu[256]; // 16.16 fixed point
};

} // namespace mega::media::detail
