#include "core/eval/agreement.h"

#include "core/common/error.h"
#include "core/film/structure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace mega::eval {

namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

std::vector<int64_t> sortedUnique(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

double ratio(int64_t part, int64_t whole, int64_t otherWhole) {
    if (whole > 0) return static_cast<double>(part) / static_cast<double>(whole);
    return otherWhole == 0 ? 1.0 : 0.0; // nothing to find and nothing found: agreement
}

} // namespace

BoundaryAgreement boundaryF1(std::vector<int64_t> reference, std::vector<int64_t> other,
                             int64_t toleranceShots) {
    if (toleranceShots < 0)
        throw Error("boundary F1: the tolerance cannot be negative (" + std::to_string(toleranceShots) +
                    " shots)");
    reference = sortedUnique(std::move(reference));
    other = sortedUnique(std::move(other));
    BoundaryAgreement a;
    a.reference = static_cast<int64_t>(reference.size());
    a.other = static_cast<int64_t>(other.size());
    // Greedy on sorted points: pairing each reference boundary with the earliest free one in reach
    // never blocks a later pair that a different choice would allow (the later reference boundary
    // reaches at least as far right), so the matching is of maximum size.
    size_t j = 0;
    for (int64_t r : reference) {
        while (j < other.size() && other[j] < r - toleranceShots)
            ++j;
        if (j < other.size() && other[j] <= r + toleranceShots) {
            ++a.matched;
            ++j;
        }
    }
    a.precision = ratio(a.matched, a.other, a.reference);
    a.recall = ratio(a.matched, a.reference, a.other);
    a.f1 = a.reference + a.other > 0
               ? 2.0 * static_cast<double>(a.matched) / static_cast<double>(a.reference + a.other)
               : 1.0;
    return a;
}

double krippendorffAlphaNominal(const std::vector<CoderValues>& ratings) {
    size_t units = 0;
    for (const auto& c : ratings)
        units = std::max(units, c.size());
    // The coincidence matrix: within a unit of m values, each ordered pair of values from different
    // coders adds 1 / (m - 1).
    std::map<std::pair<int64_t, int64_t>, double> o;
    std::map<int64_t, double> n;
    for (size_t u = 0; u < units; ++u) {
        std::vector<int64_t> values;
        for (const auto& c : ratings)
            if (u < c.size() && c[u]) values.push_back(*c[u]);
        if (values.size() < 2) continue;
        const double w = 1.0 / static_cast<double>(values.size() - 1);
        for (size_t i = 0; i < values.size(); ++i)
            for (size_t j = 0; j < values.size(); ++j)
                if (i != j) o[{values[i], values[j]}] += w;
    }
    double total = 0, observed = 0; // n, and sum over c != k of o_ck
    for (const auto& [ck, v] : o) {
        n[ck.first] += v;
        total += v;
        if (ck.first != ck.second) observed += v;
    }
    if (total < 2) return kUndefined;
    double expected = 0; // sum over c != k of n_c n_k
    for (const auto& [c, nc] : n)
        for (const auto& [k, nk] : n)
            if (c != k) expected += nc * nk;
    if (expected == 0) return kUndefined; // one value throughout: no disagreement could be expected
    return 1.0 - (total - 1.0) * observed / expected;
}

CoderValues actPerUnit(const TpUnits& tps, int64_t units) {
    CoderValues out(static_cast<size_t>(std::max<int64_t>(0, units)));
    std::array<std::optional<int64_t>, 5> first;
    for (size_t k = 0; k < 5; ++k)
        if (!tps[k].empty()) first[k] = *std::min_element(tps[k].begin(), tps[k].end());
    // The film module's acts, over units standing in for shots (only their count matters to it).
    const auto acts = film::actsFromTurningPoints(first, std::vector<film::Shot>(out.size()));
    for (const auto& act : acts)
        for (int64_t u = act.first_shot; u <= act.last_shot; ++u)
            out[static_cast<size_t>(u)] = act.index;
    return out;
}

CoderValues sceneEndPerCut(const std::vector<int64_t>& boundaries, int64_t shots) {
    CoderValues out(static_cast<size_t>(std::max<int64_t>(0, shots - 1)), int64_t{0});
    for (int64_t b : boundaries)
        if (b >= 0 && b < static_cast<int64_t>(out.size())) out[static_cast<size_t>(b)] = 1;
    return out;
}

std::optional<std::array<int64_t, 5>> tpPrediction(const TpUnits& tps) {
    std::array<int64_t, 5> out{};
    for (size_t k = 0; k < 5; ++k) {
        if (tps[k].empty()) return std::nullopt;
        out[k] = *std::min_element(tps[k].begin(), tps[k].end());
    }
    return out;
}

std::optional<TpMetrics> tpAgreement(const TpUnits& reference, const TpUnits& other, int64_t units) {
    const auto predicted = tpPrediction(other);
    if (!predicted || units <= 0) return std::nullopt;
    for (int64_t u : *predicted)
        if (u < 0 || u >= units) return std::nullopt; // mega eval refuses such a prediction too
    TpFilm film;
    film.units = units;
    film.gold = reference;
    film.predicted = *predicted;
    return evaluateTurningPoints({film});
}

std::array<std::optional<int64_t>, 5> majorityTurningPoints(const std::vector<TpUnits>& annotators) {
    std::array<std::optional<int64_t>, 5> out;
    for (size_t k = 0; k < 5; ++k) {
        std::map<int64_t, int64_t> votes; // ordered by unit: the first of the most voted is the earliest
        for (const auto& a : annotators)
            for (int64_t u : sortedUnique(a[k]))
                ++votes[u];
        int64_t best = 0;
        for (const auto& [unit, count] : votes)
            if (count > best) {
                best = count;
                out[k] = unit;
            }
    }
    return out;
}

const char* toString(AgreementMetric m) {
    switch (m) {
    case AgreementMetric::TA:
        return "TA";
    case AgreementMetric::PA:
        return "PA";
    case AgreementMetric::D:
        return "D";
    case AgreementMetric::BoundaryF1:
        return "boundary F1";
    }
    return "?";
}

AgreementMatrix agreementMatrix(const std::vector<AnnotatorLabels>& annotators, AgreementMetric metric,
                                int64_t toleranceShots) {
    AgreementMatrix m;
    m.metric = metric;
    m.tolerance = toleranceShots;
    const bool boundaries = metric == AgreementMetric::BoundaryF1;
    const size_t count = annotators.size();
    m.cells.assign(count, std::vector<double>(count, kUndefined));
    std::vector<CoderValues> perUnit;
    for (size_t r = 0; r < count; ++r) {
        const auto& ref = annotators[r];
        m.annotators.push_back(ref.name);
        if (boundaries) {
            perUnit.push_back(ref.boundaries ? sceneEndPerCut(*ref.boundaries, ref.units) : CoderValues{});
        } else {
            perUnit.push_back(ref.tps ? actPerUnit(*ref.tps, ref.units) : CoderValues{});
        }
        for (size_t c = 0; c < count; ++c) {
            const auto& other = annotators[c];
            if (ref.units != other.units) continue; // different units (another synopsis): no pairing
            if (boundaries) {
                if (ref.boundaries && other.boundaries)
                    m.cells[r][c] = boundaryF1(*ref.boundaries, *other.boundaries, toleranceShots).f1;
                continue;
            }
            if (!ref.tps || !other.tps) continue;
            if (const auto tp = tpAgreement(*ref.tps, *other.tps, ref.units))
                m.cells[r][c] = metric == AgreementMetric::TA   ? tp->ta
                                : metric == AgreementMetric::PA ? tp->pa
                                                                : tp->d;
        }
    }
    m.alpha = krippendorffAlphaNominal(perUnit);
    return m;
}

} // namespace mega::eval
