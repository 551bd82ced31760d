#include "core/features/modality.h"

#include <algorithm>
#include <cmath>

namespace mega::features {

PerShot aggregate(const Modality& m, const std::vector<shots::Shot>& shots) {
    PerShot out;
    out.name = m.name;
    out.dim = m.dim;
    const auto d = static_cast<size_t>(m.dim);
    out.data.assign(shots.size() * d, 0.0f);
    out.mask.assign(shots.size(), 0);
    std::vector<int> counts(shots.size(), 0);
    // Vectors come in time order (and shots do): sweep both, so a two-hour film costs one pass.
    size_t first = 0;
    for (size_t v = 0; v < m.count(); ++v) {
        const auto [a, b] = m.intervals[v];
        while (first < shots.size() && shots[first].end_s <= a) ++first;
        for (size_t s = first; s < shots.size() && shots[s].start_s < b; ++s) {
            if (!(a < shots[s].end_s && b > shots[s].start_s)) continue;
            float* dst = out.data.data() + s * d;
            const float* src = m.row(v);
            for (size_t k = 0; k < d; ++k) dst[k] += src[k];
            ++counts[s];
        }
    }
    for (size_t s = 0; s < shots.size(); ++s) {
        if (!counts[s]) continue;
        out.mask[s] = 1;
        float* dst = out.data.data() + s * d;
        for (size_t k = 0; k < d; ++k) dst[k] /= static_cast<float>(counts[s]);
    }
    return out;
}

double cosine(const float* a, const float* b, size_t n) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < n; ++i) {
        ab += static_cast<double>(a[i]) * b[i];
        aa += static_cast<double>(a[i]) * a[i];
        bb += static_cast<double>(b[i]) * b[i];
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

} // namespace mega::features
