#include "core/train/trainer.h"

#include "core/common/error.h"
#include "core/model/checkpoint.h"
#include "core/train/sync.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>

namespace mega::train {

using model::MegaNet;

namespace {

void setLearningRate(torch::optim::Optimizer& opt, double lr) {
    for (auto& g : opt.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
}

/// Linear warm-up over the first `warmup` fraction of all steps, then cosine decay to zero.
double scheduledRate(double base, double warmupFraction, int64_t step, int64_t total) {
    const int64_t warm = std::max<int64_t>(1, static_cast<int64_t>(std::llround(warmupFraction * double(total))));
    if (step < warm) return base * double(step + 1) / double(warm);
    const double t = double(step - warm) / double(std::max<int64_t>(1, total - warm));
    return base * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, t)));
}

std::vector<torch::Tensor> snapshot(const std::vector<MegaNet*>& nets) {
    std::vector<torch::Tensor> s;
    for (auto* n : nets)
        for (const auto& p : (*n)->parameters()) s.push_back(p.detach().clone());
    return s;
}

void restore(const std::vector<MegaNet*>& nets, const std::vector<torch::Tensor>& s) {
    torch::NoGradGuard g;
    size_t i = 0;
    for (auto* n : nets)
        for (auto& p : (*n)->parameters()) p.copy_(s.at(i++));
}

std::string companion(const std::string& path, size_t net) { return net == 0 ? path : path + ".synopsis"; }

void saveAll(const std::string& path, const std::vector<MegaNet*>& nets, const torch::optim::Optimizer* opt, const std::string& meta) {
    for (size_t i = 0; i < nets.size(); ++i) model::saveCheckpoint(companion(path, i), *nets[i], i == 0 ? opt : nullptr, meta);
}

struct Hooks {
    std::function<int64_t(std::mt19937_64&)> shuffle; ///< starts an epoch; returns its number of steps
    std::function<torch::Tensor(int64_t)> stepLoss;    ///< the loss of the epoch's step-th batch
    std::function<double()> validate;                  ///< higher is better; nets are in eval mode
};

int64_t batchesOf(size_t films, int64_t batch) { return (int64_t(films) + batch - 1) / batch; }

/// Shuffled batches of whole films (act and synopsis models): a step's loss is the mean of its films'.
Hooks filmBatches(size_t films, int64_t batch, std::function<torch::Tensor(size_t)> filmLoss) {
    auto order = std::make_shared<std::vector<size_t>>(films);
    const int64_t steps = batchesOf(films, batch);
    Hooks h;
    h.shuffle = [order, steps](std::mt19937_64& rng) {
        std::iota(order->begin(), order->end(), 0);
        std::shuffle(order->begin(), order->end(), rng);
        return steps;
    };
    h.stepLoss = [order, batch, filmLoss = std::move(filmLoss)](int64_t s) {
        const int64_t first = s * batch, count = std::min<int64_t>(batch, int64_t(order->size()) - first);
        torch::Tensor loss = torch::zeros({});
        for (int64_t k = 0; k < count; ++k) loss = loss + filmLoss((*order)[size_t(first + k)]);
        return loss / double(count);
    };
    return h;
}

/// The loop both tasks share: seeding per epoch (so resume reproduces an uninterrupted run), the
/// schedule, clipping, validation, checkpoints, early stopping and cancellation.
TrainResult runLoop(const model::ModelConfig& cfg, const std::vector<MegaNet*>& nets, const TrainOptions& o, int64_t stepsPerEpoch,
                    Hooks hooks, const TrainProgressFn& progress, std::stop_token stop) {
    const model::TrainConfig& tc = cfg.train;
    std::vector<torch::Tensor> params;
    for (auto* n : nets)
        for (const auto& p : (*n)->parameters()) params.push_back(p);
    torch::optim::AdamW opt(params, torch::optim::AdamWOptions(tc.lr).weight_decay(tc.weight_decay));
    const int epochs = o.epochs.value_or(tc.epochs);
    const int64_t totalSteps = std::max<int64_t>(1, int64_t(epochs) * stepsPerEpoch);

    TrainResult result;
    int start = 0, bad = 0;
    int64_t globalStep = 0;
    std::vector<torch::Tensor> best;
    if (!o.resume.empty()) {
        nlohmann::json meta;
        try {
            meta = nlohmann::json::parse(model::readCheckpointMetadata(o.resume));
            start = meta.at("epoch").get<int>() + 1;
            globalStep = meta.at("global_step").get<int64_t>();
            bad = meta.at("bad_epochs").get<int>();
            result.best_epoch = meta.at("best_epoch").get<int>();
            result.best_metric = meta.at("best_metric").get<double>();
            for (const auto& h : meta.at("history")) result.history.push_back({h.at(0).get<int>(), h.at(1).get<double>(), h.at(2).get<double>()});
        } catch (const nlohmann::json::exception& e) {
            throw Error(fileError(o.resume, std::string("cannot resume from it: its training metadata is incomplete (") + e.what() + ")"));
        }
        if (!o.checkpoint.empty() && std::filesystem::exists(o.checkpoint)) {
            for (size_t i = 0; i < nets.size(); ++i) model::loadWeights(companion(o.checkpoint, i), *nets[i]);
            best = snapshot(nets);
        }
        for (size_t i = 0; i < nets.size(); ++i) model::loadWeights(companion(o.resume, i), *nets[i]);
        model::loadOptimizer(o.resume, opt);
        if (best.empty()) best = snapshot(nets);
    }

    for (int epoch = start; epoch < epochs; ++epoch) {
        torch::manual_seed(o.seed * 7919 + uint64_t(epoch));
        std::mt19937_64 rng(o.seed * 104729 + uint64_t(epoch));
        const int64_t steps = hooks.shuffle(rng);
        for (auto* n : nets) (*n)->train();
        double sum = 0;
        for (int64_t s = 0; s < steps; ++s) {
            if (stop.stop_requested()) throw Cancelled();
            setLearningRate(opt, scheduledRate(tc.lr, tc.warmup, globalStep, totalSteps));
            opt.zero_grad();
            torch::Tensor loss = hooks.stepLoss(s);
            loss.backward();
            if (tc.grad_clip > 0) torch::nn::utils::clip_grad_norm_(params, tc.grad_clip);
            opt.step();
            ++globalStep;
            sum += loss.item<double>();
            if (progress) progress({epoch, epochs, s + 1, steps, sum / double(s + 1), result.best_metric, "train"});
        }
        for (auto* n : nets) (*n)->eval();
        double metric;
        {
            torch::NoGradGuard g;
            metric = hooks.validate ? hooks.validate() : -sum / double(std::max<int64_t>(1, steps));
        }
        const double loss = sum / double(std::max<int64_t>(1, steps));
        result.history.push_back({epoch, loss, metric});
        if (progress) progress({epoch, epochs, steps, steps, loss, metric, "validate"});
        if (result.best_epoch < 0 || metric > result.best_metric + 1e-12) {
            result.best_epoch = epoch;
            result.best_metric = metric;
            best = snapshot(nets);
            bad = 0;
        } else {
            ++bad;
        }
        nlohmann::json meta = {{"task", model::toString(cfg.task)}, {"epoch", epoch},          {"global_step", globalStep},
                               {"best_epoch", result.best_epoch}, {"best_metric", result.best_metric},
                               {"bad_epochs", bad},               {"seed", o.seed},             {"loss", loss},
                               {"metric", metric},                {"history", nlohmann::json::array()}};
        for (const auto& h : result.history) meta["history"].push_back({h.epoch, h.loss, h.metric});
        if (!o.checkpoint.empty()) {
            if (result.best_epoch == epoch) saveAll(o.checkpoint, nets, nullptr, meta.dump());
            saveAll(o.checkpoint + ".last", nets, &opt, meta.dump());
        }
        if (bad >= tc.patience) {
            result.stopped_early = true;
            break;
        }
    }
    if (!best.empty()) restore(nets, best);
    for (auto* n : nets) (*n)->eval();
    return result;
}

void checkFilm(const model::ModelConfig& cfg, const model::FilmInput& f, const std::string& id) {
    if (f.features.size() != cfg.modalities.size())
        throw Error("film \"" + id + "\" has " + std::to_string(f.features.size()) + " modalities; the model \"" + cfg.name +
                    "\" takes " + std::to_string(cfg.modalities.size()));
    for (size_t m = 0; m < f.features.size(); ++m)
        if (f.features[m].dim() != 2 || f.features[m].size(0) != f.units() || f.features[m].size(1) != cfg.modalities[m].dim)
            throw Error("film \"" + id + "\": modality \"" + cfg.modalities[m].name + "\" must be (" + std::to_string(f.units()) +
                        ", " + std::to_string(cfg.modalities[m].dim) + "), not " + c10::str(f.features[m].sizes()));
}

/// -log of the probability mass a distribution over units puts on the gold units.
torch::Tensor goldNll(const torch::Tensor& logProbs, const std::vector<int64_t>& gold) {
    const torch::Tensor idx = torch::tensor(gold, torch::kInt64);
    return -torch::logsumexp(logProbs.index_select(0, idx), 0);
}

void checkGold(const std::vector<int64_t>& gold, int64_t units, const std::string& id, const char* what) {
    for (int64_t g : gold)
        if (g < 0 || g >= units)
            throw Error("film \"" + id + "\": a gold " + what + " TP label (" + std::to_string(g) + ") is outside its " +
                        std::to_string(units) + " " + what + "s");
}

/// The film-level context (ModelConfig::context), trained after MEGA's windows: random crops of the
/// films, the decided cuts scored (binary cross-entropy), AdamW with its own rate, warm-up (then cosine
/// decay) and modality dropout (context.lr, .warmup, .modality_dropout; the weight decay and gradient
/// clipping are the windows'). A fresh context first takes the training shots' statistics; one
/// already trained (fine-tuning) keeps them. Its share in the scene score is set when it is done; the
/// checkpoint, if any, is written again with it.
void trainContext(MegaNet& net, const std::vector<SceneExample>& train, const TrainOptions& o, const TrainProgressFn& progress,
                  std::stop_token stop) {
    const model::ModelConfig& cfg = net->config;
    const model::ContextConfig& x = cfg.context;
    model::FilmContext& ctx = net->context;
    std::vector<size_t> usable; // films with a cut someone decided on
    for (size_t i = 0; i < train.size(); ++i) {
        const auto& f = train[i];
        for (int64_t s = 0; s + 1 < f.film.units(); ++s)
            if (f.use.empty() || f.use[size_t(s)]) {
                usable.push_back(i);
                break;
            }
    }
    if (usable.empty()) return; // nothing to learn from: the context keeps its share (0 when fresh)
    torch::NoGradGuard noGrad;
    const bool fresh = ctx->share.item<double>() == 0.0;
    if (fresh) {
        int64_t col = 0;
        for (size_t m = 0; m < cfg.modalities.size(); ++m) {
            std::vector<torch::Tensor> rows;
            for (const auto& f : train) {
                torch::Tensor v = f.film.features[m].to(torch::kFloat32);
                if (!f.film.present.empty()) v = v.index({f.film.present[m]});
                rows.push_back(v);
            }
            const torch::Tensor all = torch::cat(rows);
            const int64_t d = cfg.modalities[m].dim;
            if (all.size(0) > 1) {
                ctx->mean.narrow(0, col, d).copy_(all.mean(0));
                ctx->scale.narrow(0, col, d).copy_(all.std(0).clamp_min(1e-5));
            }
            col += d;
        }
    }
    std::vector<torch::Tensor> params;
    for (const auto& p : ctx->parameters())
        if (p.requires_grad()) params.push_back(p);
    torch::optim::AdamW opt(params, torch::optim::AdamWOptions(x.lr).weight_decay(cfg.train.weight_decay));
    const int64_t steps = std::max<int64_t>(1, int64_t(usable.size()) * 4 / x.batch);
    const int64_t total = int64_t(x.epochs) * steps;
    const auto M = int64_t(cfg.modalities.size());
    std::mt19937_64 rng(o.seed * 104729 + 7777);
    torch::manual_seed(o.seed * 7919 + 7777);
    int64_t step = 0;
    double last = 0;
    for (int epoch = 0; epoch < x.epochs; ++epoch) {
        ctx->train();
        double sum = 0;
        for (int64_t s = 0; s < steps; ++s, ++step) {
            if (stop.stop_requested()) throw Cancelled();
            // A batch of crops of one length (the shortest film's, if shorter than `crop`).
            std::vector<size_t> films;
            int64_t len = x.crop;
            for (int b = 0; b < x.batch; ++b) {
                films.push_back(usable[std::uniform_int_distribution<size_t>(0, usable.size() - 1)(rng)]);
                len = std::min(len, train[films.back()].film.units());
            }
            std::vector<std::vector<torch::Tensor>> feats(static_cast<size_t>(M)), pres(static_cast<size_t>(M));
            std::vector<float> target, weight;
            for (size_t f : films) {
                const SceneExample& e = train[f];
                const int64_t start = std::uniform_int_distribution<int64_t>(0, e.film.units() - len)(rng);
                const bool drop = M > 1 && std::uniform_real_distribution<double>(0, 1)(rng) < x.modality_dropout;
                const int64_t dropped = drop ? std::uniform_int_distribution<int64_t>(0, M - 1)(rng) : -1;
                for (int64_t m = 0; m < M; ++m) {
                    torch::Tensor p = e.film.present.empty() ? torch::ones({len}, torch::kBool) : e.film.present[size_t(m)].narrow(0, start, len);
                    if (m == dropped) p = torch::zeros({len}, torch::kBool); // read as a film without it
                    feats[size_t(m)].push_back(e.film.features[size_t(m)].narrow(0, start, len));
                    pres[size_t(m)].push_back(p);
                }
                for (int64_t k = 0; k < len; ++k) {
                    const int64_t shot = start + k;
                    const bool scored = k + 1 < len && shot + 1 < e.film.units() && (e.use.empty() || e.use[size_t(shot)]);
                    target.push_back(scored && e.labels[size_t(shot)] != 0 ? 1.f : 0.f);
                    weight.push_back(scored ? 1.f : 0.f);
                }
            }
            std::vector<torch::Tensor> f, p;
            for (int64_t m = 0; m < M; ++m) f.push_back(torch::stack(feats[size_t(m)])), p.push_back(torch::stack(pres[size_t(m)]));
            const auto B = int64_t(films.size());
            const torch::Tensor w = torch::tensor(weight).view({B, len});
            torch::Tensor loss;
            {
                torch::AutoGradMode grad(true);
                const torch::Tensor logits = ctx->forward(f, p);
                loss = (torch::binary_cross_entropy_with_logits(logits, torch::tensor(target).view({B, len}), {}, {},
                                                                at::Reduction::None) * w).sum() / w.sum().clamp_min(1.0);
                setLearningRate(opt, scheduledRate(x.lr, x.warmup, step, total));
                opt.zero_grad();
                loss.backward();
                if (cfg.train.grad_clip > 0) torch::nn::utils::clip_grad_norm_(params, cfg.train.grad_clip);
                opt.step();
            }
            sum += loss.item<double>();
            if (progress) progress({epoch, x.epochs, s + 1, steps, sum / double(s + 1), 0, "context"});
        }
        last = sum / double(steps);
    }
    ctx->share.fill_(x.weight);
    ctx->eval();
    if (!o.checkpoint.empty() && std::filesystem::exists(o.checkpoint)) {
        nlohmann::json meta = nlohmann::json::parse(model::readCheckpointMetadata(o.checkpoint));
        meta["context"] = {{"epochs", x.epochs}, {"loss", last}};
        model::saveCheckpoint(o.checkpoint, net, nullptr, meta.dump());
    }
}

} // namespace

eval::SceneMetrics evaluateScene(MegaNet& net, const std::vector<SceneExample>& films, int64_t batch) {
    torch::NoGradGuard g;
    std::vector<eval::SceneFilm> scored;
    for (const auto& f : films) {
        const torch::Tensor p = model::sceneProbabilities(net, f.film, batch).to(torch::kFloat64).contiguous();
        eval::SceneFilm s;
        s.scores.assign(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
        s.labels = f.labels;
        scored.push_back(std::move(s));
    }
    return eval::evaluateScenes(scored);
}

torch::Tensor turningPointDistributions(MegaNet& net, const model::FilmInput& film) {
    const model::NetInput in = model::wholeFilm(film);
    return model::maskedSoftmaxOverUnits(net->forward(in).logits, in.valid)[0];
}

std::array<int64_t, 5> orderedTurningPoints(MegaNet& net, const model::FilmInput& film) {
    const torch::Tensor d = turningPointDistributions(net, film).to(torch::kFloat64).t().contiguous(); // (5, L)
    std::array<std::vector<double>, 5> dist;
    for (int64_t n = 0; n < 5; ++n) dist[size_t(n)].assign(d[n].data_ptr<double>(), d[n].data_ptr<double>() + d.size(1));
    return eval::orderedPeaks(dist);
}

eval::TpMetrics evaluateAct(MegaNet& net, const std::vector<ActExample>& films) {
    torch::NoGradGuard g;
    std::vector<eval::TpFilm> tp;
    for (const auto& f : films) {
        const torch::Tensor best = net->forward(model::wholeFilm(f.shots)).logits[0].argmax(0);
        eval::TpFilm t;
        t.units = f.shots.units();
        t.gold = f.shot_tps;
        for (int n = 0; n < 5; ++n) t.predicted[n] = best[n].item<int64_t>();
        tp.push_back(t);
    }
    return eval::evaluateTurningPoints(tp);
}

TrainResult trainScene(MegaNet& net, const std::vector<SceneExample>& train, const std::vector<SceneExample>& validation,
                       const TrainOptions& o, const TrainProgressFn& progress, std::stop_token stop) {
    const model::ModelConfig& cfg = net->config;
    if (cfg.task != model::Task::Scene) throw Error("the model \"" + cfg.name + "\" is not a scene model");
    if (cfg.classes != 2) throw Error("a scene model needs 2 classes");
    std::vector<std::pair<size_t, int64_t>> samples;
    double positives = 0;
    for (size_t i = 0; i < train.size(); ++i) {
        const auto& f = train[i];
        checkFilm(cfg, f.film, f.id);
        if (int64_t(f.labels.size()) != f.film.units())
            throw Error("film \"" + f.id + "\" has " + std::to_string(f.film.units()) + " shots but " + std::to_string(f.labels.size()) + " labels");
        if (!f.use.empty() && int64_t(f.use.size()) != f.film.units())
            throw Error("film \"" + f.id + "\" has " + std::to_string(f.film.units()) + " shots but " + std::to_string(f.use.size()) +
                        " use flags");
        for (int64_t s = 0; s < f.film.units(); ++s) {
            if (!f.use.empty() && !f.use[size_t(s)]) continue; // a cut nobody decided on yet
            samples.emplace_back(i, s);
            positives += f.labels[s] != 0 ? 1 : 0;
        }
    }
    for (const auto& f : validation) checkFilm(cfg, f.film, f.id);
    if (samples.empty()) throw Error("no training shots");
    // Class weights by inverse frequency (boundaries are ~7% of shots).
    const double n = double(samples.size());
    const double pos = std::max(1.0, positives), neg = std::max(1.0, n - positives);
    const torch::Tensor weight = torch::tensor({n / (2 * neg), n / (2 * pos)}, torch::kFloat32);
    const int64_t B = cfg.train.batch;
    // A large corpus (MovieNet: 300k shots) is seen through a fresh random draw each epoch.
    const int64_t drawn = cfg.train.samples_per_epoch > 0 ? std::min<int64_t>(cfg.train.samples_per_epoch, int64_t(samples.size()))
                                                          : int64_t(samples.size());
    const int64_t steps = (drawn + B - 1) / B;
    const int64_t centre = cfg.centre();
    const int64_t span = cfg.train.loss_span;
    if (span < 1 || span % 2 == 0 || span > cfg.units)
        throw Error("the model \"" + cfg.name + "\": train.loss_span must be odd, from 1 to its " + std::to_string(cfg.units) + " units");

    Hooks h;
    const auto inOrder = samples; // each epoch shuffles from the same order, so a resumed run matches
    h.shuffle = [&](std::mt19937_64& rng) {
        samples = inOrder;
        std::shuffle(samples.begin(), samples.end(), rng);
        return steps;
    };
    h.stepLoss = [&](int64_t s) {
        const int64_t first = s * B, count = std::min<int64_t>(B, drawn - first);
        std::vector<model::NetInput> windows;
        std::vector<int64_t> target;
        for (int64_t k = 0; k < count; ++k) {
            const auto& [film, shot] = samples[first + k];
            windows.push_back(model::sceneWindows(cfg, train[film].film, shot, 1));
            target.push_back(train[film].labels[shot] != 0 ? 1 : 0);
        }
        model::NetInput in;
        in.valid = torch::cat(c10::fmap(windows, [](const model::NetInput& w) { return w.valid; }));
        for (size_t m = 0; m < cfg.modalities.size(); ++m) {
            in.features.push_back(torch::cat(c10::fmap(windows, [m](const model::NetInput& w) { return w.features[m]; })));
            if (!windows[0].present.empty())
                in.present.push_back(torch::cat(c10::fmap(windows, [m](const model::NetInput& w) { return w.present[m]; })));
        }
        const double dropout = cfg.train.modality_dropout;
        if (dropout > 0 && cfg.modalities.size() > 1) {
            const auto M = int64_t(cfg.modalities.size());
            if (in.present.empty())
                for (int64_t m = 0; m < M; ++m) in.present.push_back(torch::ones_like(in.valid));
            const torch::Tensor drop = torch::rand({count}) < dropout;
            const torch::Tensor which = torch::randint(M, {count}, torch::kInt64);
            for (int64_t m = 0; m < M; ++m) {
                // Dropped as a film without it reads: every unit absent and its values zero (the mask
                // hides other units' keys; a unit's own values still reach it).
                const torch::Tensor keep = drop.logical_and(which == m).logical_not();
                in.present[size_t(m)] = in.present[size_t(m)].logical_and(keep.unsqueeze(1));
                in.features[size_t(m)] = in.features[size_t(m)] * keep.view({count, 1, 1}).to(in.features[size_t(m)].scalar_type());
            }
        }
        const torch::Tensor all = net->forward(in).logits;
        if (span == 1)
            return torch::nn::functional::cross_entropy(all.select(1, centre), torch::tensor(target, torch::kInt64),
                                                        torch::nn::functional::CrossEntropyFuncOptions().weight(weight));
        // Every cut of the span around the centre that the film has and someone decided on.
        const int64_t half = span / 2;
        std::vector<int64_t> dense(size_t(count * span), -100); // -100: no label (ignored)
        for (int64_t k = 0; k < count; ++k) {
            const auto& [film, shot] = samples[first + k];
            const SceneExample& f = train[film];
            for (int64_t j = -half; j <= half; ++j) {
                const int64_t s2 = shot + j;
                if (s2 < 0 || s2 >= f.film.units() || (!f.use.empty() && !f.use[size_t(s2)])) continue;
                dense[size_t(k * span + j + half)] = f.labels[s2] != 0 ? 1 : 0;
            }
        }
        const torch::Tensor logits = all.narrow(1, centre - half, span).reshape({count * span, all.size(2)});
        return torch::nn::functional::cross_entropy(
            logits, torch::tensor(dense, torch::kInt64), torch::nn::functional::CrossEntropyFuncOptions().weight(weight).ignore_index(-100));
    };
    if (!validation.empty()) h.validate = [&] { return evaluateScene(net, validation, o.eval_batch).ap; };
    TrainResult result = runLoop(cfg, {&net}, o, steps, h, progress, stop);
    if (cfg.context.enabled()) {
        trainContext(net, train, o, progress, stop);
        if (!validation.empty()) result.context_metric = evaluateScene(net, validation, o.eval_batch).ap;
    }
    return result;
}

TrainResult trainAct(MegaNet& shotNet, MegaNet* synNet, const std::vector<ActExample>& train, const std::vector<ActExample>& validation,
                     const TrainOptions& o, const TrainProgressFn& progress, std::stop_token stop) {
    const model::ModelConfig& cfg = shotNet->config;
    if (cfg.task != model::Task::ActShot || cfg.classes != 5)
        throw Error("the model \"" + cfg.name + "\" is not an act shot model (task act_shot, 5 classes)");
    const bool distill = o.act_loss == ActLoss::Distillation;
    if (distill) {
        if (!synNet) throw Error("distillation needs the synopsis model");
        const auto& sc = (*synNet)->config;
        if (sc.task != model::Task::ActSynopsis || sc.classes != 5) throw Error("the model \"" + sc.name + "\" is not an act synopsis model");
        if (sc.fusedWidth() != cfg.fusedWidth())
            throw Error("the synopsis model \"" + sc.name + "\" embeds sentences in " + std::to_string(sc.fusedWidth()) +
                        " channels but the shot model \"" + cfg.name + "\" embeds shots in " + std::to_string(cfg.fusedWidth()) +
                        " (C x M): they must be equal");
    }
    for (const auto& f : train) {
        checkFilm(cfg, f.shots, f.id);
        for (int n = 0; n < 5; ++n) {
            if (distill) {
                if (!f.synopsis.defined() || f.synopsis.dim() != 2 || f.synopsis.size(0) == 0)
                    throw Error("film \"" + f.id + "\" has no synopsis sentences to distil from");
                checkGold(f.sentence_tps[n], f.synopsis.size(0), f.id, "sentence");
            } else {
                checkGold(f.shot_tps[n], f.shots.units(), f.id, "shot");
            }
        }
    }
    for (const auto& f : validation) {
        checkFilm(cfg, f.shots, f.id);
        for (int n = 0; n < 5; ++n) checkGold(f.shot_tps[n], f.shots.units(), f.id, "shot");
    }
    if (train.empty()) throw Error("no training films");
    const model::TrainConfig& tc = cfg.train;
    auto filmLoss = [&](const ActExample& f) -> torch::Tensor {
        const model::NetOutput so = shotNet->forward(model::wholeFilm(f.shots));
        const torch::Tensor y = so.logits[0]; // (L_sh, 5)
        if (!distill) {
            const torch::Tensor logp = torch::log_softmax(y, 0);
            torch::Tensor loss = torch::zeros({});
            int used = 0;
            for (int n = 0; n < 5; ++n)
                if (!f.shot_tps[n].empty()) {
                    loss = loss + goldNll(logp.select(1, n), f.shot_tps[n]);
                    ++used;
                }
            return used ? loss / used : loss;
        }
        model::FilmInput syn;
        syn.features.push_back(f.synopsis.to(torch::kFloat32));
        const model::NetOutput vo = (*synNet)->forward(model::wholeFilm(syn));
        const torch::Tensor ys = vo.logits[0];         // (L_syn, 5)
        const torch::Tensor u = so.fused[0], v = vo.fused[0];
        const int64_t Lsyn = ys.size(0);
        // q: the gold one-hot (spread over several gold sentences), else the synopsis model's softmax.
        const torch::Tensor synSoft = torch::softmax(ys, 0).detach();
        std::vector<torch::Tensor> cols;
        torch::Tensor synLoss = torch::zeros({});
        int used = 0;
        const torch::Tensor logps = torch::log_softmax(ys, 0);
        for (int n = 0; n < 5; ++n) {
            if (f.sentence_tps[n].empty()) {
                cols.push_back(synSoft.select(1, n));
                continue;
            }
            torch::Tensor col = torch::zeros({Lsyn});
            for (int64_t g : f.sentence_tps[n]) col[g] = 1.0 / double(f.sentence_tps[n].size());
            cols.push_back(col);
            synLoss = synLoss + goldNll(logps.select(1, n), f.sentence_tps[n]);
            ++used;
        }
        if (used) synLoss = synLoss / used;
        const torch::Tensor q = torch::stack(cols, 1);
        const torch::Tensor kd = distillationLoss(u, v, q, y, tc.tau);
        const torch::Tensor msim = similarity(u, v, tc.tau);
        const torch::Tensor w = eStep(msim, tc.lambda, tc.xi);
        return kd + tc.alpha * syncLoss(msim, w) + synLoss;
    };

    Hooks h = filmBatches(train.size(), tc.batch, [&](size_t i) { return filmLoss(train[i]); });
    if (!validation.empty()) h.validate = [&] { return -evaluateAct(shotNet, validation).d; };
    std::vector<MegaNet*> nets{&shotNet};
    if (distill) nets.push_back(synNet);
    return runLoop(cfg, nets, o, batchesOf(train.size(), tc.batch), h, progress, stop);
}

eval::TpMetrics evaluateSynopsis(MegaNet& net, const std::vector<SynopsisExample>& films) {
    torch::NoGradGuard g;
    std::vector<eval::TpFilm> tp;
    for (const auto& f : films) {
        eval::TpFilm t;
        t.units = f.sentences.units();
        t.gold = f.tps;
        t.predicted = orderedTurningPoints(net, f.sentences);
        tp.push_back(t);
    }
    return eval::evaluateTurningPoints(tp);
}

TrainResult trainSynopsis(MegaNet& net, const std::vector<SynopsisExample>& train, const std::vector<SynopsisExample>& validation,
                          const TrainOptions& o, const TrainProgressFn& progress, std::stop_token stop) {
    const model::ModelConfig& cfg = net->config;
    if (cfg.task != model::Task::ActSynopsis || cfg.classes != 5)
        throw Error("the model \"" + cfg.name + "\" is not an act synopsis model (task act_synopsis, 5 classes)");
    if (train.empty()) throw Error("no training synopses");
    for (const auto* set : {&train, &validation})
        for (const auto& f : *set) {
            checkFilm(cfg, f.sentences, f.id);
            for (int n = 0; n < 5; ++n) {
                if (f.tps[size_t(n)].empty()) throw Error("synopsis \"" + f.id + "\" has no gold sentence for TP" + std::to_string(n + 1));
                checkGold(f.tps[size_t(n)], f.sentences.units(), f.id, "sentence");
            }
        }
    Hooks h = filmBatches(train.size(), cfg.train.batch, [&](size_t i) {
        const SynopsisExample& f = train[i];
        const torch::Tensor logp = torch::log_softmax(net->forward(model::wholeFilm(f.sentences)).logits[0], 0); // (L, 5)
        torch::Tensor loss = torch::zeros({});
        for (int n = 0; n < 5; ++n) loss = loss + goldNll(logp.select(1, n), f.tps[size_t(n)]) / 5.0;
        return loss;
    });
    if (!validation.empty()) h.validate = [&] { return evaluateSynopsis(net, validation).ta; };
    return runLoop(cfg, {&net}, o, batchesOf(train.size(), cfg.train.batch), h, progress, stop);
}

} // namespace mega::train
