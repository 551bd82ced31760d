#pragma once
// The synopsis TP model on its own (MEGA.md: the act synopsis model; issue 13): which five sentences
// of a synopsis are its turning points. Trained on TRIPOD's synopses (a film per movie, the gold
// sentences of all its annotators together), k-fold by film beside the TP baselines on the same
// folds, then on every film; it reads the built-in text encoder's sentence vectors ("synopsis") and
// each sentence's place in the synopsis ("position"). Torch-free header; the training lives in
// mega_loop.

#include "core/eval/metrics.h"
#include "core/io/text_formats.h"
#include "core/film/shot.h"
#include "core/media/subtitle_reader.h"
#include "core/model/predictor.h"

#include <array>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::pipeline {

/// A synopsis and its gold TP sentences (one or several each).
struct SynopsisFilm {
    std::string id;
    std::vector<std::string> sentences;
    std::array<std::vector<int64_t>, 5> tps;
};

/// TRIPOD rows as films: one per movie, its annotators' gold sentences merged (sorted, each once).
/// Throws mega::Error naming `source` and the film whose annotators' synopses differ, or that has a
/// TP without a sentence.
std::vector<SynopsisFilm> synopsisFilms(const std::vector<io::TripodSynopsis>& rows, const std::string& source);

/// Width of the "position" modality: radial bumps over a unit's relative place (0 first, 1 last), a
/// synopsis' sentences for the synopsis model, a film's shots for the act model.
constexpr int64_t kPositionDim = 16;
/// The "position" modality of n units (every row present).
model::FeatureTable relativePositions(int64_t n);
/// Width of the "sentence_shape" modality (see synopsisFeatures).
constexpr int64_t kSentenceShapeDim = 7;
/// A synopsis as the synopsis models read it: "synopsis" (the text encoder over its sentences, as
/// distillation's synopsis model reads it), "position" and "sentence_shape" (how each sentence's
/// words relate to its neighbours', to the rest of the synopsis, to its first and last sentence;
/// its length). Throws mega::Error for no sentences.
model::FilmFeatures synopsisFeatures(const std::vector<std::string>& sentences);

struct SynopsisScores {
    eval::TpMetrics model, random, theory, distribution;
};

struct SynopsisFold {
    int films = 0;
    SynopsisScores scores;
};

struct SynopsisTrainOptions {
    std::string config;              ///< an act_synopsis config over "synopsis" and/or "position"
    int folds = 5;                   ///< k-fold by film before the final model (0: the final model only)
    uint64_t seed = 0;               ///< the split and the weights
    std::optional<int> epochs;       ///< overrides the config's
    std::string checkpoint;          ///< where the final model goes ("" : none is trained)
};

struct SynopsisTrainReport {
    std::vector<SynopsisFold> folds;
    SynopsisScores pooled; ///< every held-out film of every fold, each scored by the fold that held it out
    int films = 0;
    double seconds = 0;
};

/// Progress: the fold (folds == the final model), epoch and loss.
using SynopsisProgressFn = std::function<void(int fold, int folds, int epoch, int epochs, double loss)>;

/// k-fold by film (the films shuffled by the seed, dealt round-robin), each fold's model scored on
/// its held-out films beside the random, theory and distribution baselines (the last from the
/// fold's training films); then, with a checkpoint path, the final model on every film. A model's
/// TPs are its five distributions decoded jointly in order (eval::orderedPeaks).
SynopsisTrainReport trainSynopsisModel(const std::vector<SynopsisFilm>& films, const SynopsisTrainOptions& options,
                                       const SynopsisProgressFn& progress = {}, std::stop_token stop = {});

struct SynopsisTurningPoint {
    int64_t sentence = 0;     ///< 0-based
    double probability = 0;   ///< the TP's distribution at that sentence
};
/// The five TP sentences of a synopsis by an act synopsis model, in order (TP1 < ... < TP5 where
/// the synopsis has 5 sentences or more), with each TP's full distribution.
struct SynopsisPrediction {
    std::array<SynopsisTurningPoint, 5> tps;
    std::array<std::vector<double>, 5> distribution;
};
SynopsisPrediction predictSynopsisTurningPoints(model::Predictor& model, const std::vector<std::string>& sentences);

/// Width of the "synopsis_tp" shot modality (see synopsisOnShots).
constexpr int64_t kSynopsisOnShotsDim = 10 + kSentenceShapeDim + 1;
/// The act model's view of a synopsis (the "synopsis_tp" modality, one row per shot): the synopsis
/// TP model's five distributions over the sentences, carried to the shots through the built-in
/// synchronization (textSync's A: which sentence each shot's subtitles tell). For TP k, column k is
/// m_k(i) = sum_j A(i, j) P_k(j) over the film's largest m_k, and column 5 + k its rise from the
/// shot before, max(0, m_k(i) - m_k(i - 1)) (a TP is the first shot of what its sentence tells);
/// then the "sentence_shape" of the sentences and their relative place, weighted by A's row.
/// A film without shots or sentences gets every row absent (the model is not run); otherwise throws
/// mega::Error when `model` is not an act synopsis model.
model::FeatureTable synopsisOnShots(model::Predictor& model, const std::vector<film::Shot>& shots,
                                    const std::vector<media::SubtitleCue>& cues, const std::vector<std::string>& sentences);

/// Whether a model's modality is computed from the film's shots and words rather than read from
/// its stored features: "position" and "synopsis_tp".
bool isComputedModality(const std::string& name);
/// A computed modality (isComputedModality) of a film: "position", relativePositions of its shots;
/// "synopsis_tp", synopsisOnShots with the shipped synopsis TP model (models/synopsis_tp.ckpt) on
/// its subtitles and synopsis. None for another modality. Throws mega::Error when the model's width
/// for it is not the computed one's, or the synopsis TP model is not installed. The project loop and
/// feature folders (folders.h) both compute them here.
std::optional<model::FeatureTable> computedModality(const model::ModalitySpec& modality, const std::vector<film::Shot>& shots,
                                                    const std::vector<media::SubtitleCue>& cues,
                                                    const std::vector<std::string>& sentences);

} // namespace mega::pipeline
