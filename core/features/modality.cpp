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

PerShot contrast(const std::vector<PerShot>& bases, const std::vector<shots::Shot>& shots) {
    const auto n = static_cast<int64_t>(shots.size());
    PerShot out;
    out.name = "contrast";
    out.dim = static_cast<int64_t>(4 * bases.size() + 2);
    const auto D = static_cast<size_t>(out.dim);
    out.data.assign(static_cast<size_t>(n) * D, 0.0f);
    out.mask.assign(static_cast<size_t>(n), 1);
    for (size_t b = 0; b < bases.size(); ++b) {
        const PerShot& m = bases[b];
        const auto d = static_cast<size_t>(m.dim);
        if (static_cast<int64_t>(m.mask.size()) != n) continue; // not this film's shots
        // The mean of shots [from, to) that have a vector; false if none has.
        std::vector<double> mean(d);
        auto average = [&](int64_t from, int64_t to, std::vector<float>& dst) {
            std::fill(mean.begin(), mean.end(), 0.0);
            int count = 0;
            for (int64_t s = std::max<int64_t>(0, from); s < std::min(n, to); ++s) {
                if (!m.mask[static_cast<size_t>(s)]) continue;
                const float* row = m.data.data() + static_cast<size_t>(s) * d;
                for (size_t k = 0; k < d; ++k) mean[k] += row[k];
                ++count;
            }
            dst.resize(d);
            for (size_t k = 0; k < d; ++k) dst[k] = count ? static_cast<float>(mean[k] / count) : 0.f;
            return count > 0;
        };
        std::vector<float> before, after;
        std::vector<double> step(static_cast<size_t>(n), 0.0);
        for (int64_t i = 0; i + 1 < n; ++i) {
            float* row = out.data.data() + static_cast<size_t>(i) * D;
            int slot = 0;
            for (int64_t w : {1, 2, 4}) {
                if (average(i - w + 1, i + 1, before) && average(i + 1, i + 1 + w, after)) {
                    const double c = 1.0 - cosine(before.data(), after.data(), d);
                    row[4 * b + static_cast<size_t>(slot)] = static_cast<float>(c);
                    if (w == 1) step[static_cast<size_t>(i)] = c;
                }
                ++slot;
            }
        }
        for (int64_t i = 0; i + 1 < n; ++i) {
            double sum = 0;
            int count = 0;
            for (int64_t j = std::max<int64_t>(0, i - 4); j <= std::min(n - 2, i + 4); ++j)
                if (j != i) sum += step[static_cast<size_t>(j)], ++count;
            out.data[static_cast<size_t>(i) * D + 4 * b + 3] =
                static_cast<float>(step[static_cast<size_t>(i)] - (count ? sum / count : 0.0));
        }
    }
    for (int64_t i = 0; i + 1 < n; ++i) {
        float* row = out.data.data() + static_cast<size_t>(i) * D;
        const auto len = [&](int64_t s) {
            const auto& shot = shots[static_cast<size_t>(s)];
            return static_cast<float>(std::log1p(std::max(0.0, shot.end_s - shot.start_s)));
        };
        row[D - 2] = len(i);
        row[D - 1] = len(i + 1);
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
