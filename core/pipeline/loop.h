#pragma once
// The loop (ARCHITECTURE.md's pipeline): propose with the project's active model, learn from the
// films people reviewed, propose again. The header is torch-free (plain types), so the window and
// the command line call it alike; its library (mega_loop) links LibTorch.
//
//   ingest (ingest.h) -> propose -> people review (store edits) -> fineTune -> propose again
//
// Proposals never overwrite a person's decision: reviewed boundaries keep their status, and every
// model's score for every cut is kept beside them (store::Project::modelScores).

#include "core/common/error.h"
#include "core/pipeline/analysis.h"
#include "core/pipeline/proposals.h"
#include "core/store/project.h"

#include <array>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::pipeline {

struct ProposeOptions {
    std::string model;          ///< a version's id or name; default: the active scene model
    /// A trained model proposes where P >= this; default: the threshold its training chose (the
    /// best F1 on films it did not learn from), else 0.5.
    std::optional<double> min_probability{};
    double min_novelty = 0.3;     ///< the cold-start proposer: relative to the film's largest change
};

struct ProposeResult {
    store::ModelVersion model;
    size_t proposals = 0;        ///< boundaries stored as the model's (unreviewed) proposals
    std::vector<double> scores;  ///< one per cut
    /// What went wrong explaining the proposals (they are stored; the views say it instead).
    std::vector<std::string> warnings;
};

/// Runs a scene model over a film's stored features and stores its proposals and scores, replacing
/// every model's unreviewed proposals of that film (reviewed ones stay), and what they were based on
/// (analysis.h: Grad-CAM shares of every cut, fusion attention of every boundary; none for the
/// cold-start proposer, which replaces an earlier model's). Throws mega::Error naming
/// the model and the modality when its inputs do not match the project's features.
ProposeResult propose(store::Project& project, int64_t film, const ProposeOptions& options = {});

/// Registers a checkpoint made outside the project (`mega train` on feature folders) as a model
/// version (inactive), or returns the version that already has that checkpoint.
store::ModelVersion registerCheckpoint(store::Project& project, const std::string& checkpoint);

/// Runs the active TP model (or `model`) over a film and stores its five TPs (on shots, source the
/// model) and distributions. A new project's TP model is the cold-start "theory" positions
/// (TP1..TP5 at 10, 25, 50, 75, 90 % of the shots); a person's TPs stay as they are. Stores
/// what they were based on (Grad-CAM and fusion attention of each TP for a trained model) and the
/// synchronization of each synopsis of the film with its shots: the act shot and synopsis models'
/// (Eq. 5) when the TP model has a synopsis model beside it (CHECKPOINT.synopsis), else textSync.
ProposeResult proposeTurningPoints(store::Project& project, int64_t film, const std::string& model = {});

/// The built-in synchronization of a film with a synopsis when no trained synopsis model exists
/// (method "text"): u_i the text encoder's embedding of what is said during shot i (shotTexts), v_j
/// of sentence j, then A = softmax_j(cos(u_i, v_j) / tau) (Eq. 5) and W by the E-step (Eq. 2) on
/// cos / tau with lambda and xi. A shot with no subtitle has a uniform row in A and none in W.
SyncMatrix textSync(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues,
                    const std::vector<std::string>& sentences, double tau = 0.1, double lambda = 1.0, double xi = 0.3);

constexpr const char* kBaseSceneName = "scene-base";
constexpr const char* kBaseSceneFile = "scene_base.ckpt";

/// The shipped base scene model (models/scene_base.ckpt, trained on generated films of several
/// settings; models/README.md) as a version of the project, registered on first use: once per
/// distinct file, so a newer release's checkpoint is a version of its own. When it is registered
/// and the project's scene model is still a cold start (none, the novelty proposer, or an older
/// base), it becomes the active one, so proposing and fine-tuning start from it. On films without
/// the picture's features it reads (imported from shots and subtitles) the novelty proposer serves
/// in its place. None when it is not installed. propose, fineTune and learnFromDecisions call it.
std::optional<store::ModelVersion> ensureBaseScene(store::Project& project);

/// A scene model's score for every cut of a film (shots - 1 values), without storing anything
/// (the novelty proposer's where `model` is the shipped base and the film lacks its features).
std::vector<double> sceneScores(store::Project& project, const store::ModelVersion& model, int64_t film);

struct FineTuneOptions {
    std::string task = "scene"; ///< or "tp": the act model, from films whose five TPs a person set
    std::string from;     ///< version id or name to start from; default: the active one if trained, else the base config
    std::string config;   ///< a model config for a model trained from scratch; default models/scene_loop.json, or
                          ///< models/scene_timing.json when a reviewed film has no picture (imported without video)
    std::optional<int> epochs;
    uint64_t seed = 0;
    int folds = 3;        ///< held-out folds of the reviewed films (fewer when there are fewer films)
    bool propose_after = true; ///< propose again on unreviewed films when the new version becomes active
    std::vector<int64_t> films; ///< train on these reviewed films only (default: all reviewed)
};

struct FineTuneProgress {
    int fold = 0, folds = 0; ///< fold == folds: the final model on every reviewed film
    int epoch = 0, epochs = 0;
    double loss = 0;
    std::string stage;       ///< "train", "validate", "context" (a scene model's film-level context), "propose"
    /// Scene folds: the fold's model's AP on its held-out films after this epoch (the validation
    /// curve; shown, never used to choose the epoch); -1 when there is none (the final model, tp).
    double heldout_ap = -1;
};

struct FineTuneResult {
    int64_t run = 0;
    int64_t model_version = 0;
    std::string name;
    bool activated = false;
    std::string note;            ///< why it is (not) active
    std::string compared_with;   ///< the active version before
    double before_ap = 0;        ///< the active version's AP on reviewed films it never trained on (tp: its D)
    double after_ap = 0;         ///< the new version's AP on the same films, k-fold: trained without them (tp: D)
    int compared_on = 0;         ///< how many films that is
    int films = 0, cuts = 0, scene_ends = 0;
    int reproposed = 0;          ///< unreviewed films proposed again
    double seconds = 0;
};

/// Fine-tunes the scene model on the project's reviewed films: k-fold on the reviewed films gives
/// the new recipe's AP on films it never saw, compared with the active version's on the same films
/// (those the active version was not trained on), then a model trained on all of them is
/// registered; it becomes active only if it beat the active one there. Records a
/// training run (parameters, loss per epoch, before/after). Throws mega::Error when there is no
/// reviewed film or only one class, mega::Cancelled through `stop` (the run is marked cancelled,
/// the active version stays); any other failure marks the run failed.
FineTuneResult fineTune(store::Project& project, const FineTuneOptions& options = {},
                        const std::function<void(const FineTuneProgress&)>& progress = {}, std::stop_token stop = {});

struct LearnOptions {
    int epochs = 15;              ///< at most; fewer when there are many decisions (samples_per_update)
    int samples_per_update = 3000;
    int min_each = 10;            ///< scene ends and rejected cuts needed before a first update (fewer: the check is noise)
    uint64_t seed = 0;
    std::optional<double> min_probability{}; ///< default: the best F1 on the decisions each fold did not learn from
    int max_heldout_films = 4; ///< reviewed films the update is checked on (the most recently reviewed)
};

struct LearnResult {
    bool rescored = false;  ///< the film's proposals come from the update now (else they stayed)
    double film_ap = 0, current_ap = 0; ///< on the film's decisions, learnt from the other half (2 folds)
    std::string compared_with;          ///< the model whose proposals the film showed
    int64_t model_version = 0;  ///< the update (0 when it lost on the film and was not kept)
    std::string name;
    bool activated = false;
    std::string note;
    int decisions = 0;      ///< the film's decided cuts it learnt from
    int heldout_films = 0;  ///< reviewed films it was checked on
    double before_ap = 0, after_ap = 0;
    size_t proposals = 0;   ///< the film's unreviewed proposals after re-scoring
    double seconds = 0;
    std::vector<std::string> warnings; ///< what explaining the re-scored proposals met
};

/// Learning while a person reviews: updates the scene model (the active one, or the base config
/// when the cold-start proposer is active) from the decisions made so far on `film` (its decided
/// cuts only). Two folds over those decisions compare the update with the proposals the film shows
/// now, on decisions each fold did not learn from; if the update is worse, nothing changes (the
/// rollback). Otherwise it re-scores the film's unreviewed boundaries in place and is registered
/// as a version. The update becomes active only if it scores at least as well as the active model on
/// the project's other reviewed films (which it never trained on); otherwise it stays inactive and
/// only this film's proposals come from it. Throws mega::Error while the film has fewer than
/// `min_each` decisions of each kind (a model learnt from one or two is worse than none).
LearnResult learnFromDecisions(store::Project& project, int64_t film, const LearnOptions& options = {}, std::stop_token stop = {});

/// Sets LibTorch's intra-op threads (0 = $MEGA_THREADS if set, else every core). More threads than
/// free cores make OpenMP spin against itself (a 7 s training took 200 s beside another job), so
/// the test suite, which runs two suites at once, sets MEGA_THREADS=1.
void setComputeThreads(int threads);

} // namespace mega::pipeline
