#pragma once
// A trained model behind plain C++ types (no LibTorch in this header), for the command line, the
// store and the window: scene probabilities for every shot, the five TP distributions, Grad-CAM
// modality contributions, fusion attention and the synopsis-shot synchronization matrix.

#include "core/common/error.h"
#include "core/model/config.h"

#include <array>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::model {

/// One modality's per-unit features: rows x cols, row-major; `present` (optional, one per row)
/// is 0 where the unit has no feature (MEGA.md section 2's mask bit).
struct FeatureTable {
    std::string name;
    int64_t rows = 0, cols = 0;
    std::vector<float> values;
    std::vector<uint8_t> present;
};
/// A film's features, one table per modality; matched to the model's modalities by name.
using FilmFeatures = std::vector<FeatureTable>;

struct TurningPoints {
    std::array<std::vector<double>, 5> distribution; ///< TP1..TP5, each a distribution over the film's shots
    std::array<int64_t, 5> shot{};                   ///< each TP's arg-max shot
};

/// Grad-CAM shares (MEGA.md 6.3.1), one per modality in the model's order; all zero when no
/// modality contributes positively.
struct Contribution {
    std::vector<std::string> modality;
    std::vector<double> share;
    int64_t unit = 0; ///< the unit whose prediction is explained (a TP's arg-max shot)
};

/// The synchronization of a synopsis with a film's shots (MEGA.md 6.3.2).
struct Synchronization {
    int64_t shots = 0, sentences = 0;
    std::vector<float> soft;       ///< A of Eq. 5, shots x sentences, each row sums to 1
    std::vector<uint8_t> expected; ///< W of Eq. 2, shots x sentences
};

/// A scene model's explanation of a whole film: per shot (the cut after it) its probability and its
/// Grad-CAM shares, and the fusion attention of the shots asked for (empty for the others).
struct SceneExplanation {
    std::vector<double> probability;
    std::vector<std::vector<double>> share;              ///< per shot, one per modality
    std::vector<std::vector<std::vector<float>>> attention; ///< per shot: per modality (see fusionAttention), or empty
};

class Predictor {
  public:
    /// Loads a checkpoint; throws mega::Error naming the file and the problem.
    explicit Predictor(const std::string& checkpoint);
    ~Predictor();
    Predictor(const Predictor&) = delete;
    Predictor& operator=(const Predictor&) = delete;

    const ModelConfig& config() const;
    const std::string& metadata() const;

    /// Scene models: P(a scene ends after shot i) for every shot (windows slid over the film, batched).
    std::vector<double> sceneProbabilities(const FilmFeatures& film, const ProgressFn& progress = {}, std::stop_token stop = {});
    /// Act shot models: the five TP distributions over all shots of the film; act synopsis models:
    /// over the synopsis' sentences.
    TurningPoints turningPoints(const FilmFeatures& film);
    /// Grad-CAM for a scene prediction (the larger logit at that shot) ...
    Contribution explainScene(const FilmFeatures& film, int64_t shot);
    /// ... and for a TP prediction: the TP's logit at `unit`, or (-1) at its arg-max shot.
    Contribution explainTurningPoint(const FilmFeatures& film, int tp, int64_t unit = -1);
    /// explainScene and fusionAttention for every shot of the film in batches (what proposing stores
    /// for the window's views): attention only for the shots in `attend`.
    SceneExplanation explainSceneFilm(const FilmFeatures& film, const std::vector<int64_t>& attend, std::stop_token stop = {});
    /// Fusion attention (MEGA.md 6.3.3) of one unit: per modality, its weights over the M x L_n
    /// bottleneck tokens, normalised by their maximum. Empty for late fusion. Scene models: the
    /// unit is a shot (its window's centre); act models: a shot of the whole film.
    std::vector<std::vector<float>> fusionAttention(const FilmFeatures& film, int64_t unit);

    /// Shot embeddings of an act shot model and sentence embeddings of an act synopsis model,
    /// their soft alignment A (Eq. 5) and the E-step's W (Eq. 2) with the shot model's tau, lambda, xi.
    static Synchronization synchronize(Predictor& shotModel, const FilmFeatures& film, Predictor& synopsisModel,
                                       const FeatureTable& sentences);

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace mega::model
