#include "core/features/faces.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mega::features {

namespace {

double distance(const Identity& a, const Identity& b) {
    double s = 0;
    for (int i = 0; i < kIdentityDim; ++i) {
        const double d = static_cast<double>(a[static_cast<size_t>(i)]) - b[static_cast<size_t>(i)];
        s += d * d;
    }
    return std::sqrt(s);
}

struct Cluster {
    std::array<double, kIdentityDim> sum{};
    int64_t n = 0;
    Identity mean() const {
        Identity m{};
        for (int i = 0; i < kIdentityDim; ++i) m[static_cast<size_t>(i)] = static_cast<float>(sum[static_cast<size_t>(i)] / static_cast<double>(n));
        return m;
    }
    void add(const Identity& v) {
        for (int i = 0; i < kIdentityDim; ++i) sum[static_cast<size_t>(i)] += v[static_cast<size_t>(i)];
        ++n;
    }
};

size_t nearest(const std::vector<Identity>& means, const Identity& v, double& best) {
    best = std::numeric_limits<double>::infinity();
    size_t at = 0;
    for (size_t c = 0; c < means.size(); ++c)
        if (const double d = distance(means[c], v); d < best) best = d, at = c;
    return at;
}

} // namespace

Characters clusterFaces(const std::vector<Identity>& identities, double radius) {
    // 1. Each face joins the nearest mean within the radius, else starts a character.
    std::vector<Cluster> clusters;
    std::vector<Identity> means;
    for (const auto& v : identities) {
        double d = 0;
        const size_t c = nearest(means, v, d);
        if (!means.empty() && d < radius) {
            clusters[c].add(v);
            means[c] = clusters[c].mean();
        } else {
            clusters.emplace_back().add(v);
            means.push_back(v);
        }
    }
    // 2. Characters whose means lie within the radius merge, the closest pair first. Only those
    //    seen three times or more take part (a film's extras and false faces can make thousands of
    //    one-off clusters, and this search is cubic in their number); step 3 gives their faces to
    //    the nearest mean anyway.
    for (;;) {
        double best = radius;
        size_t a = 0, b = 0;
        for (size_t i = 0; i < means.size(); ++i) {
            if (clusters[i].n < 3) continue;
            for (size_t j = i + 1; j < means.size(); ++j)
                if (clusters[j].n >= 3)
                    if (const double d = distance(means[i], means[j]); d < best) best = d, a = i, b = j;
        }
        if (best >= radius) break;
        for (int k = 0; k < kIdentityDim; ++k) clusters[a].sum[static_cast<size_t>(k)] += clusters[b].sum[static_cast<size_t>(k)];
        clusters[a].n += clusters[b].n;
        means[a] = clusters[a].mean();
        clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(b));
        means.erase(means.begin() + static_cast<std::ptrdiff_t>(b));
    }
    // 3. Every face to its nearest mean; characters by sightings (then by first sighting).
    std::vector<int> raw(identities.size());
    std::vector<int64_t> count(means.size(), 0);
    std::vector<size_t> first(means.size(), identities.size());
    for (size_t i = 0; i < identities.size(); ++i) {
        double d = 0;
        const size_t c = nearest(means, identities[i], d);
        raw[i] = static_cast<int>(c);
        ++count[c];
        first[c] = std::min(first[c], i);
    }
    std::vector<size_t> order(means.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
        return count[x] != count[y] ? count[x] > count[y] : first[x] < first[y];
    });
    std::vector<int> rank(means.size());
    Characters out;
    for (size_t r = 0; r < order.size(); ++r) {
        if (count[order[r]] == 0) continue; // a mean that lost every face to another
        rank[order[r]] = static_cast<int>(out.centroids.size());
        Cluster c;
        for (size_t i = 0; i < identities.size(); ++i)
            if (static_cast<size_t>(raw[i]) == order[r]) c.add(identities[i]);
        out.centroids.push_back(c.mean());
        out.sightings.push_back(count[order[r]]);
    }
    out.of.resize(identities.size());
    for (size_t i = 0; i < identities.size(); ++i) out.of[i] = rank[static_cast<size_t>(raw[i])];
    return out;
}

std::array<float, kFacesDim> facesVector(const FrameFaces& frame, const std::vector<int>& characterOfFace) {
    std::array<float, kFacesDim> v{};
    float largest = 0;
    for (size_t f = 0; f < frame.identities.size(); ++f) {
        if (f < characterOfFace.size() && characterOfFace[f] >= 0 && characterOfFace[f] < kCastSlots)
            v[static_cast<size_t>(characterOfFace[f])] = 1.0f;
        for (int k = 0; k < kIdentityDim; ++k)
            v[static_cast<size_t>(kCastSlots + k)] += frame.identities[f][static_cast<size_t>(k)] / static_cast<float>(frame.identities.size());
        if (f < frame.boxes.size() && frame.height > 0)
            largest = std::max(largest, frame.boxes[f].height / static_cast<float>(frame.height));
    }
    v[kCastSlots + kIdentityDim] = std::min(1.0f, 0.25f * static_cast<float>(frame.identities.size()));
    v[kCastSlots + kIdentityDim + 1] = std::min(1.0f, largest);
    return v;
}

} // namespace mega::features
