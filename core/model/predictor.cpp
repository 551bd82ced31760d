#include "core/model/predictor.h"

#include "core/model/checkpoint.h"
#include "core/model/inference.h"
#include "core/model/alignment.h"

#include <algorithm>

namespace mega::model {

FilmInput filmInput(const ModelConfig& c, const FilmFeatures& film) {
    FilmInput in;
    int64_t rows = -1;
    bool anyPresence = false;
    for (const auto& f : film) anyPresence |= !f.present.empty();
    for (const auto& m : c.modalities) {
        const FeatureTable* t = nullptr;
        for (const auto& f : film)
            if (f.name == m.name) t = &f;
        if (!t) throw Error("the model \"" + c.name + "\" needs the modality \"" + m.name + "\", which the film's features lack");
        if (t->cols != m.dim)
            throw Error("modality \"" + m.name + "\" has " + std::to_string(t->cols) + " dimensions; the model \"" + c.name +
                        "\" takes " + std::to_string(m.dim));
        if (int64_t(t->values.size()) != t->rows * t->cols) throw Error("modality \"" + m.name + "\": rows x cols != values");
        if (rows >= 0 && t->rows != rows)
            throw Error("modality \"" + m.name + "\" has " + std::to_string(t->rows) + " units; the others have " + std::to_string(rows));
        rows = t->rows;
        in.features.push_back(torch::from_blob(const_cast<float*>(t->values.data()), {t->rows, t->cols}, torch::kFloat32).clone());
        if (anyPresence) {
            if (t->present.empty()) {
                in.present.push_back(torch::ones({t->rows}, torch::kBool));
            } else {
                if (int64_t(t->present.size()) != t->rows) throw Error("modality \"" + m.name + "\": one presence bit per unit");
                in.present.push_back(torch::from_blob(const_cast<uint8_t*>(t->present.data()), {t->rows}, torch::kUInt8).to(torch::kBool));
            }
        }
    }
    if (rows <= 0) throw Error("the film has no units to predict");
    return in;
}

struct Predictor::Impl {
    Checkpoint ckpt;

    FilmInput input(const FilmFeatures& film) const { return filmInput(ckpt.config, film); }
    Contribution contribution(const std::vector<double>& share, int64_t unit) const {
        Contribution r;
        r.unit = unit;
        for (const auto& m : ckpt.config.modalities) r.modality.push_back(m.name);
        r.share = share;
        return r;
    }
    void need(Task t) const {
        if (ckpt.config.task != t)
            throw Error("the model \"" + ckpt.config.name + "\" is a " + toString(ckpt.config.task) + " model, not " + toString(t));
    }
};

Predictor::Predictor(const std::string& path) : d(std::make_unique<Impl>()) {
    d->ckpt = loadCheckpoint(path);
}
Predictor::~Predictor() = default;
const ModelConfig& Predictor::config() const { return d->ckpt.config; }
const std::string& Predictor::metadata() const { return d->ckpt.metadata; }

std::vector<double> Predictor::sceneProbabilities(const FilmFeatures& film, const ProgressFn& progress, std::stop_token stop) {
    d->need(Task::Scene);
    const FilmInput in = d->input(film);
    c10::InferenceMode guard;
    const torch::Tensor p = model::sceneProbabilities(d->ckpt.net, in, 32, progress, stop).to(torch::kFloat64).contiguous();
    std::vector<double> out(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
    return out;
}

TurningPoints Predictor::turningPoints(const FilmFeatures& film) {
    if (d->ckpt.config.task != Task::ActSynopsis) d->need(Task::ActShot); // a synopsis model's units are sentences
    const FilmInput in = d->input(film);
    c10::InferenceMode guard;
    const NetInput net = wholeFilm(in);
    const torch::Tensor dist = maskedSoftmaxOverUnits(d->ckpt.net->forward(net).logits, net.valid)[0].to(torch::kFloat64).contiguous();
    TurningPoints r;
    for (int n = 0; n < 5; ++n) {
        const torch::Tensor col = dist.select(1, n).contiguous();
        r.distribution[n].assign(col.data_ptr<double>(), col.data_ptr<double>() + col.numel());
        r.shot[n] = col.argmax().item<int64_t>();
    }
    return r;
}

Contribution Predictor::explainScene(const FilmFeatures& film, int64_t shot) {
    d->need(Task::Scene);
    const FilmInput in = d->input(film);
    if (shot < 0 || shot >= in.units()) throw Error("shot " + std::to_string(shot) + " is outside the film");
    MegaNet& net = d->ckpt.net;
    torch::NoGradGuard g;
    const NetOutput o = net->forward(sceneWindows(net->config, in, shot, 1));
    const int64_t c = net->config.centre();
    const int64_t cls = o.logits[0][c].argmax().item<int64_t>();
    return d->contribution(gradCam(net, o.fused, 0, c, cls), shot);
}

Contribution Predictor::explainTurningPoint(const FilmFeatures& film, int tp, int64_t at) {
    d->need(Task::ActShot);
    if (tp < 0 || tp > 4) throw Error("a turning point is 0..4 (TP1..TP5)");
    const FilmInput in = d->input(film);
    MegaNet& net = d->ckpt.net;
    torch::NoGradGuard g;
    const NetOutput o = net->forward(wholeFilm(in));
    if (at >= in.units()) throw Error("shot " + std::to_string(at) + " is outside the film");
    const int64_t unit = at >= 0 ? at : o.logits[0].select(1, tp).argmax().item<int64_t>();
    return d->contribution(gradCam(net, o.fused, 0, unit, tp), unit);
}

SceneExplanation Predictor::explainSceneFilm(const FilmFeatures& film, const std::vector<int64_t>& attend, std::stop_token stop) {
    d->need(Task::Scene);
    const FilmInput in = d->input(film);
    MegaNet& net = d->ckpt.net;
    torch::NoGradGuard g;
    const int64_t n = in.units(), centre = net->config.centre(), batch = 32;
    std::vector<uint8_t> wanted(size_t(n), 0);
    for (int64_t u : attend)
        if (u >= 0 && u < n) wanted[size_t(u)] = 1;
    const torch::Tensor context = contextLogits(net, in);
    SceneExplanation r;
    r.probability.reserve(size_t(n));
    r.share.reserve(size_t(n));
    r.attention.resize(size_t(n));
    for (int64_t first = 0; first < n; first += batch) {
        if (stop.stop_requested()) throw Cancelled();
        const int64_t count = std::min(batch, n - first);
        const bool attention = std::any_of(wanted.begin() + first, wanted.begin() + first + count, [](uint8_t w) { return w != 0; });
        const NetOutput o = net->forward(sceneWindows(net->config, in, first, count), attention, std::pair{centre, centre + 1});
        const torch::Tensor logits = o.logits.select(1, 0);                        // (B, 2)
        const torch::Tensor p = sceneProbability(net, logits, context, first).to(torch::kFloat64).contiguous();
        const torch::Tensor shares = gradCamRows(net, o.fused.select(1, 0), logits.argmax(1)); // (B, M) double
        const int64_t M = shares.size(1);
        for (int64_t b = 0; b < count; ++b) {
            r.probability.push_back(p[b].item<double>());
            const double* row = shares.data_ptr<double>() + b * M;
            r.share.emplace_back(row, row + M);
            if (!wanted[size_t(first + b)]) continue;
            for (const auto& a : o.fusion_attention) {
                torch::Tensor w = a[b][centre];
                w = (w / w.max().clamp_min(1e-12)).contiguous();
                r.attention[size_t(first + b)].emplace_back(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
            }
        }
    }
    return r;
}

std::vector<std::vector<float>> Predictor::fusionAttention(const FilmFeatures& film, int64_t unit) {
    const FilmInput in = d->input(film);
    if (unit < 0 || unit >= in.units()) throw Error("unit " + std::to_string(unit) + " is outside the film");
    MegaNet& net = d->ckpt.net;
    c10::InferenceMode guard;
    const bool scene = net->config.task == Task::Scene;
    const NetOutput o = net->forward(scene ? sceneWindows(net->config, in, unit, 1) : wholeFilm(in), /*wantAttention=*/true);
    const int64_t row = scene ? net->config.centre() : unit;
    std::vector<std::vector<float>> r;
    for (const auto& a : o.fusion_attention) {
        torch::Tensor w = a[0][row];
        w = (w / w.max().clamp_min(1e-12)).contiguous();
        r.emplace_back(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    }
    return r;
}

Synchronization Predictor::synchronize(Predictor& shotModel, const FilmFeatures& film, Predictor& synopsisModel, const FeatureTable& sentences) {
    shotModel.d->need(Task::ActShot);
    synopsisModel.d->need(Task::ActSynopsis);
    const FilmInput shots = shotModel.d->input(film);
    const FilmInput syn = synopsisModel.d->input({sentences});
    c10::InferenceMode guard;
    const torch::Tensor u = shotModel.d->ckpt.net->forward(wholeFilm(shots)).fused[0];
    const torch::Tensor v = synopsisModel.d->ckpt.net->forward(wholeFilm(syn)).fused[0];
    if (u.size(1) != v.size(1))
        throw Error("the shot model embeds in " + std::to_string(u.size(1)) + " channels, the synopsis model in " + std::to_string(v.size(1)));
    const TrainConfig& t = shotModel.config().train;
    const torch::Tensor a = torch::softmax(u.matmul(v.t()) / t.tau, 1).contiguous();
    const torch::Tensor w = eStep(similarity(u, v, t.tau), t.lambda, t.xi).to(torch::kUInt8).contiguous();
    Synchronization s;
    s.shots = u.size(0);
    s.sentences = v.size(0);
    s.soft.assign(a.data_ptr<float>(), a.data_ptr<float>() + a.numel());
    s.expected.assign(w.data_ptr<uint8_t>(), w.data_ptr<uint8_t>() + w.numel());
    return s;
}

} // namespace mega::model
