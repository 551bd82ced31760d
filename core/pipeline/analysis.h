#pragma once
// What a prediction was based on, stored with the prediction that made it (issue 14): the
// synopsis-shot synchronization (MEGA.md Eq. 5's A and the E-step's W), the Grad-CAM modality
// shares of every shot and of every proposed boundary and turning point, and the fusion attention
// around them. Proposing stores them (core/pipeline/loop.h); the window's analysis views read them
// from the project with no model run. Torch-free and Qt-free plain types; the JSON/blob round trip
// is in analysis.cpp (mega_pipeline).

#include "core/store/project.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mega::pipeline {

/// The synchronization of one synopsis (an annotator's sentences) with a film's shots.
struct SyncMatrix {
    int64_t model_version = 0; ///< the TP model version it was stored with
    std::string model_name;
    /// "mega": the act shot and synopsis models' embeddings (Eq. 5 and Eq. 2); "text": the built-in
    /// text encoder's embeddings of each shot's subtitles and of each sentence (no trained model).
    std::string method;
    std::string annotator; ///< whose synopsis ("" = the film's own)
    int64_t shots = 0, sentences = 0;
    double tau = 0.1, lambda = 0, xi = 0.3; ///< what A and W were computed with
    std::vector<float> soft;       ///< A, shots x sentences row-major; each row sums to 1
    std::vector<uint8_t> expected; ///< W (0/1), shots x sentences
    float a(int64_t shot, int64_t sentence) const { return soft[size_t(shot * sentences + sentence)]; }
    bool w(int64_t shot, int64_t sentence) const { return expected[size_t(shot * sentences + sentence)] != 0; }
    /// Whether (shot, sentence) lies in Eq. 2's diagonal band (xi), where W may be 1.
    bool inBand(int64_t shot, int64_t sentence) const;
};

/// One explained prediction: a proposed boundary (after shot `unit`) or a turning point (on shot `unit`).
struct UnitExplanation {
    std::string what;       ///< "boundary", or "tp1".."tp5"
    int64_t unit = 0;       ///< the shot
    double probability = 0; ///< the model's probability of it
    std::vector<double> share; ///< Grad-CAM, one per modality (Explanations::modalities); sums to 1, or all 0
    /// Fusion attention: per modality, its weights over the M x L_n bottleneck tokens, normalised by
    /// their maximum (1 at the most attended token). Empty for late fusion.
    std::vector<std::vector<float>> attention;
};

/// A model's explanations of its predictions on one film.
struct Explanations {
    int64_t model_version = 0;
    std::string model_name;
    std::string task;                    ///< "scene" or "tp"
    std::vector<std::string> modalities; ///< the model's, in its order
    int64_t bottleneck = 0;              ///< L_n: bottleneck tokens per modality (0: late fusion)
    /// Per shot (scene models: the cut after it, shots - 1 rows), the Grad-CAM shares per modality of
    /// its prediction: the band along the film. Empty for TP models.
    std::vector<std::vector<double>> shot_share;
    std::vector<UnitExplanation> units; ///< the proposed boundaries (scene) or the five TPs (tp)
    /// Why nothing is explained when a trained model proposed (what explaining met); "" otherwise.
    std::string note;
    /// The explanation of `what` at `unit` (boundary after that shot, or "tp3"), or null.
    const UnitExplanation* find(const std::string& what, int64_t unit) const;
    const UnitExplanation* findTp(int tp) const; ///< tp 1..5
};

/// Kinds stored in the project (store::Project::setAnalysis).
inline constexpr const char* kSyncKind = "sync";
inline constexpr const char* kSceneExplanationsKind = "explain_scene";
inline constexpr const char* kTpExplanationsKind = "explain_tp";

/// Store and read back. Stored per film, model version and kind (a sync also per annotator: kind
/// "sync:ANNOTATOR"); storing replaces what that version stored before for the film, and
/// proposing with another version replaces that of the previous one (the newest is what is read).
void storeSync(store::Project& project, int64_t film, const SyncMatrix& sync);
void storeExplanations(store::Project& project, int64_t film, const Explanations& e);
/// What a model that explains nothing stores (the cold-start proposers, or a model whose
/// explaining failed: `note` says why): no modality, no unit; replaces what an earlier model
/// stored for the task.
void storeUnexplained(store::Project& project, int64_t film, const store::ModelVersion& model, const std::string& note = {});
/// The newest stored, or nothing. Throws mega::Error naming the project if what is stored is damaged.
std::optional<SyncMatrix> storedSync(const store::Project& project, int64_t film, const std::string& annotator = "");
std::optional<Explanations> storedExplanations(const store::Project& project, int64_t film, const std::string& task);

/// The shots the synchronization pairs with sentence `j` (W = 1), best first by A (ties: the earlier
/// shot), at most `limit`, each with A divided by the column's largest A (1 for the best). Empty
/// when W pairs it with none.
std::vector<std::pair<int64_t, double>> syncedShots(const SyncMatrix& sync, int64_t sentence, size_t limit = 50);
/// Where the synchronization puts sentence `j`: syncedShots' first, or -1.
int64_t bestShotOf(const SyncMatrix& sync, int64_t sentence);

/// Whether (shot, sentence) lies in Eq. 2's diagonal band: sentence < shot * sentences / shots +
/// xi * sentences and shot < sentence * shots / sentences + xi * shots (0-based). The views draw it.
bool inDiagonalBand(int64_t shot, int64_t sentence, int64_t shots, int64_t sentences, double xi);

} // namespace mega::pipeline
