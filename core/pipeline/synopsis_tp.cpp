#include "core/pipeline/synopsis_tp.h"

#include "core/common/error.h"
#include "core/features/extractors.h"
#include "core/features/plugin.h"
#include "core/model/checkpoint.h"
#include "core/model/inference.h"
#include "core/pipeline/loop.h"
#include "core/train/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>

namespace mega::pipeline {

std::vector<SynopsisFilm> synopsisFilms(const std::vector<io::TripodSynopsis>& rows, const std::string& source) {
    std::vector<SynopsisFilm> films;
    std::map<std::string, size_t> byName;
    std::vector<std::array<std::set<int64_t>, 5>> gold;
    for (const auto& r : rows) {
        auto [it, added] = byName.emplace(r.movie, films.size());
        if (added) {
            films.push_back({r.movie, r.sentences, {}});
            gold.emplace_back();
        } else if (films[it->second].sentences != r.sentences) {
            throw Error(fileError(source, "the annotators of \"" + r.movie + "\" segment its synopsis differently; a film needs one synopsis"));
        }
        for (int n = 0; n < 5; ++n)
            for (int64_t s : r.tps[size_t(n)]) {
                if (s < 0 || s >= int64_t(r.sentences.size()))
                    throw Error(fileError(source, "\"" + r.movie + "\": TP" + std::to_string(n + 1) + " is sentence " + std::to_string(s) +
                                                      " of " + std::to_string(r.sentences.size())));
                gold[it->second][size_t(n)].insert(s);
            }
    }
    for (size_t i = 0; i < films.size(); ++i)
        for (int n = 0; n < 5; ++n) {
            if (gold[i][size_t(n)].empty())
                throw Error(fileError(source, "\"" + films[i].id + "\" has no sentence for TP" + std::to_string(n + 1)));
            films[i].tps[size_t(n)].assign(gold[i][size_t(n)].begin(), gold[i][size_t(n)].end());
        }
    return films;
}

model::FeatureTable relativePositions(int64_t n) {
    // Bumps a model can weigh one by one: exp(-(p - c_k)^2 / (2 s^2)), c_k = k / (K - 1), s = 1 / K.
    model::FeatureTable position{"position", n, kPositionDim, std::vector<float>(size_t(n * kPositionDim)), {}};
    const double s = 1.0 / double(kPositionDim);
    for (int64_t j = 0; j < n; ++j) {
        const double p = n > 1 ? double(j) / double(n - 1) : 0.5;
        for (int64_t k = 0; k < kPositionDim; ++k) {
            const double c = double(k) / double(kPositionDim - 1);
            position.values[size_t(j * kPositionDim + k)] = float(std::exp(-(p - c) * (p - c) / (2 * s * s)));
        }
    }
    return position;
}

model::FilmFeatures synopsisFeatures(const std::vector<std::string>& sentences) {
    if (sentences.empty()) throw Error("the synopsis has no sentences");
    const auto n = int64_t(sentences.size());
    std::vector<std::pair<double, double>> intervals;
    for (int64_t j = 0; j < n; ++j) intervals.emplace_back(double(j), double(j + 1));
    const features::Modality enc = features::TextEncoder().encode("synopsis", sentences, intervals);
    model::FeatureTable text{"synopsis", n, enc.dim, enc.data, {}};
    // Where a sentence lies, relative to the synopsis (TPs sit at typical shares of a story).
    const model::FeatureTable position = relativePositions(n);
    // How each sentence sits among the others, from the same vectors (what words a sentence uses
    // says little across 84 films; how it relates to the rest of its synopsis may say more):
    // cosine to the sentence before and after, mean cosine to all others, largest cosine to an
    // earlier one, cosine to the first and to the last sentence, and its length in words (log).
    model::FeatureTable shape{"sentence_shape", n, kSentenceShapeDim, std::vector<float>(size_t(n * kSentenceShapeDim)), {}};
    auto cosine = [&](int64_t a, int64_t b) {
        double dot = 0;
        for (int64_t k = 0; k < enc.dim; ++k) dot += double(enc.data[size_t(a * enc.dim + k)]) * enc.data[size_t(b * enc.dim + k)];
        return dot; // the encoder's vectors are L2-normalised
    };
    for (int64_t j = 0; j < n; ++j) {
        float* row = shape.values.data() + j * kSentenceShapeDim;
        double mean = 0, earlier = 0;
        for (int64_t i = 0; i < n; ++i)
            if (i != j) {
                const double c = cosine(i, j);
                mean += c / double(std::max<int64_t>(1, n - 1));
                if (i < j) earlier = std::max(earlier, c);
            }
        row[0] = j > 0 ? float(cosine(j - 1, j)) : 0.f;
        row[1] = j + 1 < n ? float(cosine(j, j + 1)) : 0.f;
        row[2] = float(mean);
        row[3] = float(earlier);
        row[4] = float(cosine(0, j));
        row[5] = float(cosine(n - 1, j));
        row[6] = float(std::log1p(double(features::words(sentences[size_t(j)]).size())) / 4.0);
    }
    return {text, position, shape};
}

namespace {

train::SynopsisExample example(const SynopsisFilm& f, const model::ModelConfig& cfg) {
    train::SynopsisExample e;
    e.id = f.id;
    try {
        e.sentences = model::filmInput(cfg, synopsisFeatures(f.sentences));
    } catch (const Error& err) {
        throw Error("synopsis \"" + f.id + "\": " + err.what());
    }
    e.tps = f.tps;
    return e;
}

eval::TpFilm tpFilm(const SynopsisFilm& f) {
    eval::TpFilm t;
    t.units = int64_t(f.sentences.size());
    t.gold = f.tps;
    return t;
}

struct Scored {
    std::vector<eval::TpFilm> model, theory, distribution, all;
    SynopsisScores scores() const {
        return {eval::evaluateTurningPoints(model), eval::randomBaseline(all), eval::evaluateTurningPoints(theory),
                eval::evaluateTurningPoints(distribution)};
    }
    void add(const Scored& o) {
        for (auto [to, from] : {std::pair{&model, &o.model}, std::pair{&theory, &o.theory}, std::pair{&distribution, &o.distribution},
                                 std::pair{&all, &o.all}})
            to->insert(to->end(), from->begin(), from->end());
    }
};

} // namespace

SynopsisTrainReport trainSynopsisModel(const std::vector<SynopsisFilm>& films, const SynopsisTrainOptions& o,
                                       const SynopsisProgressFn& progress, std::stop_token stop) {
    const auto start = std::chrono::steady_clock::now();
    const model::ModelConfig cfg = model::readModelConfig(o.config);
    if (cfg.task != model::Task::ActSynopsis || cfg.classes != 5)
        throw Error(fileError(o.config, "is not an act synopsis model (task act_synopsis, 5 classes)"));
    if (films.size() < 2) throw Error("training the synopsis model needs 2 films or more");
    if (o.folds == 1 || o.folds < 0 || o.folds > int(films.size()))
        throw Error("--folds must be 0 or 2 to " + std::to_string(films.size()) + " (the films)");
    std::vector<train::SynopsisExample> examples;
    try {
        for (const auto& f : films) examples.push_back(example(f, cfg));
    } catch (const Error& e) {
        throw Error(fileError(o.config, e.what()));
    }

    SynopsisTrainReport report;
    report.films = int(films.size());
    std::vector<size_t> order(films.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(o.seed);
    std::shuffle(order.begin(), order.end(), rng);
    const int folds = o.folds;
    train::TrainOptions to;
    to.seed = o.seed;
    to.epochs = o.epochs;
    auto trainOn = [&](int fold, const std::vector<size_t>& idx, const std::string& checkpoint) {
        std::vector<train::SynopsisExample> tr;
        for (size_t i : idx) tr.push_back(examples[i]);
        torch::manual_seed(o.seed * 1000 + uint64_t(fold));
        model::MegaNet net(cfg);
        train::TrainOptions t = to;
        t.checkpoint = checkpoint;
        train::trainSynopsis(net, tr, {}, t,
                             [&](const train::TrainProgress& p) {
                                 if (progress && p.stage == "validate") progress(fold, folds, p.epoch, p.epochs, p.loss);
                             },
                             stop);
        return net;
    };
    Scored pooled;
    for (int k = 0; k < folds; ++k) {
        std::vector<size_t> tr, te;
        for (size_t j = 0; j < order.size(); ++j) (int(j % size_t(folds)) == k ? te : tr).push_back(order[j]);
        model::MegaNet net = trainOn(k, tr, "");
        std::vector<eval::TpFilm> training;
        for (size_t i : tr) training.push_back(tpFilm(films[i]));
        const auto mean = eval::meanRelativePositions(training);
        Scored s;
        torch::NoGradGuard g;
        for (size_t i : te) {
            eval::TpFilm t = tpFilm(films[i]);
            s.all.push_back(t);
            t.predicted = train::orderedTurningPoints(net, examples[i].sentences);
            s.model.push_back(t);
            t.predicted = eval::theoryPositions(t.units);
            s.theory.push_back(t);
            t.predicted = eval::positionsAt(mean, t.units);
            s.distribution.push_back(t);
        }
        report.folds.push_back({int(te.size()), s.scores()});
        pooled.add(s);
    }
    if (folds > 0) report.pooled = pooled.scores();
    if (!o.checkpoint.empty()) {
        std::vector<size_t> all(films.size());
        std::iota(all.begin(), all.end(), 0);
        trainOn(folds, all, o.checkpoint);
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

SynopsisPrediction predictSynopsisTurningPoints(model::Predictor& p, const std::vector<std::string>& sentences) {
    if (p.config().task != model::Task::ActSynopsis)
        throw Error("the model \"" + p.config().name + "\" is a " + model::toString(p.config().task) +
                    " model, not an act synopsis model (a synopsis TP model, e.g. models/synopsis_tp.ckpt)");
    const model::TurningPoints t = p.turningPoints(synopsisFeatures(sentences));
    SynopsisPrediction r;
    r.distribution = t.distribution;
    const auto at = eval::orderedPeaks(t.distribution);
    for (int n = 0; n < 5; ++n) r.tps[size_t(n)] = {at[size_t(n)], t.distribution[size_t(n)][size_t(at[size_t(n)])]};
    return r;
}

model::FeatureTable synopsisOnShots(model::Predictor& model, const std::vector<film::Shot>& shots,
                                    const std::vector<media::SubtitleCue>& cues, const std::vector<std::string>& sentences) {
    const auto n = int64_t(shots.size());
    model::FeatureTable t{"synopsis_tp", n, kSynopsisOnShotsDim, std::vector<float>(size_t(n * kSynopsisOnShotsDim)),
                          std::vector<uint8_t>(size_t(n), 0)};
    if (n == 0 || sentences.empty()) return t;
    const SynopsisPrediction p = predictSynopsisTurningPoints(model, sentences);
    const SyncMatrix a = textSync(shots, cues, sentences);
    const auto m = int64_t(sentences.size());
    for (int64_t k = 0; k < 5; ++k) {
        std::vector<double> mass(size_t(n), 0.0);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < m; ++j) mass[size_t(i)] += double(a.a(i, j)) * p.distribution[size_t(k)][size_t(j)];
        const double top = std::max(1e-12, *std::max_element(mass.begin(), mass.end()));
        for (int64_t i = 0; i < n; ++i) {
            const double here = mass[size_t(i)] / top, before = i > 0 ? mass[size_t(i - 1)] / top : 0.0;
            t.values[size_t(i * kSynopsisOnShotsDim + k)] = float(here);
            t.values[size_t(i * kSynopsisOnShotsDim + 5 + k)] = float(std::max(0.0, here - before));
        }
    }
    // What the sentences each shot tells are like: their shape (synopsisFeatures) and relative
    // place, weighted by A; the loop's model learns from the project's films which of them mark a TP.
    const model::FilmFeatures sf = synopsisFeatures(sentences);
    const model::FeatureTable& shape = sf[2];
    for (int64_t i = 0; i < n; ++i) {
        float* row = t.values.data() + i * kSynopsisOnShotsDim;
        for (int64_t j = 0; j < m; ++j) {
            const float w = a.a(i, j);
            for (int64_t c = 0; c < kSentenceShapeDim; ++c) row[10 + c] += w * shape.values[size_t(j * kSentenceShapeDim + c)];
            row[10 + kSentenceShapeDim] += w * float(m > 1 ? double(j) / double(m - 1) : 0.5);
        }
    }
    std::fill(t.present.begin(), t.present.end(), uint8_t(1));
    return t;
}

bool isComputedModality(const std::string& name) { return name == "position" || name == "synopsis_tp"; }

std::optional<model::FeatureTable> computedModality(const model::ModalitySpec& m, const std::vector<film::Shot>& shots,
                                                    const std::vector<media::SubtitleCue>& cues,
                                                    const std::vector<std::string>& sentences) {
    if (!isComputedModality(m.name)) return std::nullopt;
    const int64_t dim = m.name == "position" ? kPositionDim : kSynopsisOnShotsDim;
    if (m.dim != dim)
        throw Error("its modality '" + m.name + "' has " + std::to_string(m.dim) + " dimensions; the computed one has " +
                    std::to_string(dim));
    if (m.name == "position") return relativePositions(int64_t(shots.size()));
    const auto found = features::findModelsFile("synopsis_tp.ckpt");
    if (!found) throw Error("the synopsis TP model models/synopsis_tp.ckpt that 'synopsis_tp' reads is not installed");
    model::Predictor synopsisModel(*found);
    return synopsisOnShots(synopsisModel, shots, cues, sentences);
}

} // namespace mega::pipeline
