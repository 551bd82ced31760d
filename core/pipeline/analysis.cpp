#include "core/pipeline/analysis.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace mega::pipeline {

using nlohmann::json;

bool inDiagonalBand(int64_t shot, int64_t sentence, int64_t shots, int64_t sentences, double xi) {
    if (shots <= 0 || sentences <= 0) return false;
    const double i = double(shot), j = double(sentence), n = double(shots), s = double(sentences);
    return j < i * s / n + xi * s && i < j * n / s + xi * n;
}

bool SyncMatrix::inBand(int64_t shot, int64_t sentence) const { return inDiagonalBand(shot, sentence, shots, sentences, xi); }

std::vector<std::pair<int64_t, double>> syncedShots(const SyncMatrix& s, int64_t j, size_t limit) {
    std::vector<std::pair<int64_t, double>> out;
    if (j < 0 || j >= s.sentences) return out;
    double top = 0;
    for (int64_t i = 0; i < s.shots; ++i) top = std::max(top, double(s.a(i, j)));
    for (int64_t i = 0; i < s.shots; ++i)
        if (s.w(i, j)) out.emplace_back(i, top > 0 ? double(s.a(i, j)) / top : 0.0);
    std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

int64_t bestShotOf(const SyncMatrix& s, int64_t j) {
    const auto best = syncedShots(s, j, 1);
    return best.empty() ? -1 : best.front().first;
}

const UnitExplanation* Explanations::find(const std::string& what, int64_t unit) const {
    for (const auto& u : units)
        if (u.what == what && u.unit == unit) return &u;
    return nullptr;
}

const UnitExplanation* Explanations::findTp(int tp) const {
    const std::string what = "tp" + std::to_string(tp);
    for (const auto& u : units)
        if (u.what == what) return &u;
    return nullptr;
}

namespace {

std::string syncKind(const std::string& annotator) { return std::string(kSyncKind) + ":" + annotator; }

[[noreturn]] void damaged(const store::Project& project, int64_t film, const std::string& kind, const std::string& what) {
    throw Error(fileError(project.path(), "the stored " + kind + " of film " + std::to_string(film) + " is damaged: " + what +
                                              " (propose again to replace it)"));
}

template <typename T> void append(std::string& out, const std::vector<T>& v) {
    const size_t at = out.size();
    out.resize(at + v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(out.data() + at, v.data(), v.size() * sizeof(T));
}

template <typename T> std::vector<T> take(const std::string& in, size_t& at, size_t count) {
    std::vector<T> v(count);
    if (count) std::memcpy(v.data(), in.data() + at, count * sizeof(T));
    at += count * sizeof(T);
    return v;
}

} // namespace

void storeSync(store::Project& project, int64_t film, const SyncMatrix& s) {
    const auto cells = size_t(s.shots * s.sentences);
    if (s.soft.size() != cells || s.expected.size() != cells)
        throw Error("a synchronization of " + std::to_string(s.shots) + " x " + std::to_string(s.sentences) + " needs that many cells");
    const json meta{{"model_name", s.model_name}, {"method", s.method}, {"annotator", s.annotator}, {"shots", s.shots},
                    {"sentences", s.sentences}, {"tau", s.tau}, {"lambda", s.lambda}, {"xi", s.xi}};
    std::string data;
    data.reserve(cells * 5);
    append(data, s.soft);
    append(data, s.expected);
    project.setAnalysis(film, syncKind(s.annotator), s.model_version, meta.dump(), data);
}

std::optional<SyncMatrix> storedSync(const store::Project& project, int64_t film, const std::string& annotator) {
    const std::string kind = syncKind(annotator);
    const auto a = project.analysis(film, kind);
    if (!a) return std::nullopt;
    SyncMatrix s;
    try {
        const json m = json::parse(a->meta_json);
        s.model_version = a->model_version;
        s.model_name = m.at("model_name").get<std::string>();
        s.method = m.at("method").get<std::string>();
        s.annotator = m.at("annotator").get<std::string>();
        s.shots = m.at("shots").get<int64_t>();
        s.sentences = m.at("sentences").get<int64_t>();
        s.tau = m.at("tau").get<double>();
        s.lambda = m.at("lambda").get<double>();
        s.xi = m.at("xi").get<double>();
    } catch (const json::exception& e) {
        damaged(project, film, "synchronization", e.what());
    }
    if (s.shots < 0 || s.sentences < 0) damaged(project, film, "synchronization", "negative size");
    const auto cells = size_t(s.shots) * size_t(s.sentences);
    if (a->data.size() != cells * (sizeof(float) + 1))
        damaged(project, film, "synchronization", std::to_string(a->data.size()) + " bytes for " + std::to_string(cells) + " cells");
    size_t at = 0;
    s.soft = take<float>(a->data, at, cells);
    s.expected = take<uint8_t>(a->data, at, cells);
    return s;
}

void storeExplanations(store::Project& project, int64_t film, const Explanations& e) {
    const size_t M = e.modalities.size();
    json units = json::array();
    for (const auto& u : e.units) {
        if (u.share.size() != M) throw Error("an explanation needs one share per modality");
        units.push_back({{"what", u.what}, {"unit", u.unit}, {"probability", u.probability}, {"share", u.share}, {"attention", u.attention}});
    }
    const json meta{{"model_name", e.model_name}, {"task", e.task}, {"modalities", e.modalities}, {"bottleneck", e.bottleneck},
                    {"shot_rows", e.shot_share.size()}, {"units", units}, {"note", e.note}};
    std::vector<float> band;
    band.reserve(e.shot_share.size() * M);
    for (const auto& row : e.shot_share) {
        if (row.size() != M) throw Error("an explanation needs one share per modality");
        for (double v : row) band.push_back(float(v));
    }
    std::string data;
    append(data, band);
    project.setAnalysis(film, e.task == "tp" ? kTpExplanationsKind : kSceneExplanationsKind, e.model_version, meta.dump(), data);
}

void storeUnexplained(store::Project& project, int64_t film, const store::ModelVersion& model, const std::string& note) {
    Explanations e;
    e.model_version = model.id;
    e.model_name = model.name;
    e.task = model.task;
    e.note = note;
    storeExplanations(project, film, e);
}

std::optional<Explanations> storedExplanations(const store::Project& project, int64_t film, const std::string& task) {
    const auto a = project.analysis(film, task == "tp" ? kTpExplanationsKind : kSceneExplanationsKind);
    if (!a) return std::nullopt;
    Explanations e;
    size_t rows = 0;
    try {
        const json m = json::parse(a->meta_json);
        e.model_version = a->model_version;
        e.model_name = m.at("model_name").get<std::string>();
        e.task = m.at("task").get<std::string>();
        e.modalities = m.at("modalities").get<std::vector<std::string>>();
        e.bottleneck = m.at("bottleneck").get<int64_t>();
        rows = m.at("shot_rows").get<size_t>();
        e.note = m.value("note", std::string());
        for (const auto& u : m.at("units")) {
            UnitExplanation x;
            x.what = u.at("what").get<std::string>();
            x.unit = u.at("unit").get<int64_t>();
            x.probability = u.at("probability").get<double>();
            x.share = u.at("share").get<std::vector<double>>();
            x.attention = u.at("attention").get<std::vector<std::vector<float>>>();
            if (x.share.size() != e.modalities.size()) damaged(project, film, "explanations", "a unit's shares do not match the modalities");
            e.units.push_back(std::move(x));
        }
    } catch (const json::exception& ex) {
        damaged(project, film, "explanations", ex.what());
    }
    const size_t M = e.modalities.size();
    if (a->data.size() != rows * M * sizeof(float))
        damaged(project, film, "explanations", std::to_string(a->data.size()) + " bytes for " + std::to_string(rows) + " shots");
    size_t at = 0;
    const auto band = take<float>(a->data, at, rows * M);
    e.shot_share.resize(rows);
    for (size_t r = 0; r < rows; ++r) e.shot_share[r].assign(band.begin() + long(r * M), band.begin() + long((r + 1) * M));
    return e;
}

} // namespace mega::pipeline
