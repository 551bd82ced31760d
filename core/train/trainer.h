#pragma once
// The training loops (MEGA.md sections 3-5): the scene model (class-weighted cross-entropy over
// 17-shot windows) and the act models (L_kd + alpha L_sync + the synopsis model's loss, or, where
// people have labelled turning points on shots, cross-entropy over the film's shots). AdamW, linear
// warm-up then cosine decay, early stopping on a validation metric, a fixed seed giving the same
// weights twice, resume from a checkpoint, progress and cancellation.

#include "core/eval/metrics.h"
#include "core/model/inference.h"
#include "core/model/mega_net.h"

#include <array>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace mega::train {

/// A film for the scene model: per-shot features and, per shot, 1 if a scene ends after it.
struct SceneExample {
    std::string id;
    model::FilmInput film;
    std::vector<int> labels; ///< -1 (MovieNet's "unsure") counts as 1
    /// Which shots' labels to learn from (empty: all): a film under review teaches only the cuts a
    /// person has decided on; the others still give the windows their context.
    std::vector<uint8_t> use;
};

/// A film for the act models.
struct ActExample {
    std::string id;
    model::FilmInput shots;                        ///< per-shot features
    torch::Tensor synopsis;                        ///< (L_syn, D) sentence features; undefined if none
    std::array<std::vector<int64_t>, 5> sentence_tps; ///< gold sentences of TP1..TP5 (training labels)
    std::array<std::vector<int64_t>, 5> shot_tps;     ///< gold shots of TP1..TP5 (evaluation; ShotLabels training)
};

/// A synopsis for the synopsis TP model on its own: its sentences' features and, for training,
/// the gold sentences of TP1..TP5 (one or several each).
struct SynopsisExample {
    std::string id;
    model::FilmInput sentences;
    std::array<std::vector<int64_t>, 5> tps;
};

enum class ActLoss {
    Distillation, ///< L_kd + alpha L_sync + the synopsis model's cross-entropy (the paper)
    ShotLabels,   ///< cross-entropy of each TP's distribution over shots against gold shots
};

struct TrainProgress {
    int epoch = 0, epochs = 0;
    int64_t step = 0, steps = 0; ///< within the epoch
    double loss = 0;             ///< running mean over the epoch so far
    double metric = 0;           ///< the last validation metric (higher is better)
    std::string_view stage;      ///< "train" or "validate"
};
using TrainProgressFn = std::function<void(const TrainProgress&)>;

struct TrainOptions {
    uint64_t seed = 0;
    std::optional<int> epochs;      ///< overrides the config's train.epochs
    std::string checkpoint;         ///< the best model is written here (and PATH.last after each epoch)
    std::string resume;             ///< continue from this checkpoint (usually PATH.last)
    ActLoss act_loss = ActLoss::Distillation;
    int64_t eval_batch = 32;
};

struct EpochRecord {
    int epoch = 0;
    double loss = 0, metric = 0;
};

struct TrainResult {
    std::vector<EpochRecord> history;
    int best_epoch = -1;
    double best_metric = 0;
    bool stopped_early = false;
    /// scene models with a film-level context: the validation AP of MEGA and the context together,
    /// once the context is trained (best_metric is MEGA's windows alone)
    double context_metric = 0;
};

/// Trains a scene model; the validation metric is AP. On return `net` holds the best epoch's weights.
/// Throws mega::Cancelled when `stop` is requested (PATH.last then holds the last whole epoch).
TrainResult trainScene(model::MegaNet& net, const std::vector<SceneExample>& train, const std::vector<SceneExample>& validation,
                       const TrainOptions& options, const TrainProgressFn& progress = {}, std::stop_token stop = {});

/// Trains the act shot model (and the synopsis model, for ActLoss::Distillation). The validation
/// metric is -D (GraphTP's distance; higher is better), TA and PA are reported beside it.
TrainResult trainAct(model::MegaNet& shotNet, model::MegaNet* synopsisNet, const std::vector<ActExample>& train,
                     const std::vector<ActExample>& validation, const TrainOptions& options,
                     const TrainProgressFn& progress = {}, std::stop_token stop = {});

/// Trains an act synopsis model (task act_synopsis, 5 classes) on synopses alone: for each TP the
/// cross-entropy of its distribution over the sentences against the gold sentences (their mass, when
/// there are several). The validation metric is TA of the TPs decoded in order (evaluateSynopsis).
TrainResult trainSynopsis(model::MegaNet& net, const std::vector<SynopsisExample>& train, const std::vector<SynopsisExample>& validation,
                          const TrainOptions& options, const TrainProgressFn& progress = {}, std::stop_token stop = {});
/// TA, PA, D (MEGA.md 7, sentences as units) of the five TPs decoded jointly in order (eval::orderedPeaks).
eval::TpMetrics evaluateSynopsis(model::MegaNet& net, const std::vector<SynopsisExample>& films);

/// Scene AP (and F1 etc.) of a model on labelled films.
eval::SceneMetrics evaluateScene(model::MegaNet& net, const std::vector<SceneExample>& films, int64_t batch = 128);
/// TA, PA, D of the shot model's arg-max shots against the films' gold shots.
eval::TpMetrics evaluateAct(model::MegaNet& shotNet, const std::vector<ActExample>& films);
/// The five TP distributions over the film's shots, (L, 5).
torch::Tensor turningPointDistributions(model::MegaNet& shotNet, const model::FilmInput& film);
/// The units of TP1..TP5 decoded jointly in order from those distributions (eval::orderedPeaks), as
/// proposing stores them and every TP evaluation reads them.
std::array<int64_t, 5> orderedTurningPoints(model::MegaNet& net, const model::FilmInput& film);

} // namespace mega::train
