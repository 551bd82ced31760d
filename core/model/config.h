#pragma once
// A MEGA model's configuration (../shared/docs/MEGA.md section 3), read from JSON in models/.
// Torch-free, so the command line and the window can read and check configs without LibTorch.

#include <cstdint>
#include <string>
#include <vector>

namespace mega::model {

enum class Task { Scene, ActShot, ActSynopsis };
enum class Fusion { Bottleneck, Late };
enum class Encoding { Sinusoidal, Learned, None };

struct ModalitySpec {
    std::string name;
    int64_t dim = 0; ///< D_m, the input feature dimension
};

/// Training hyperparameters kept with the model so a checkpoint says how it was made.
struct TrainConfig {
    double lr = 1e-4;
    double weight_decay = 1e-2;
    int epochs = 20;
    int batch = 32;          ///< windows per step (scene); films per step (act)
    double warmup = 0.05;    ///< fraction of all steps spent warming up linearly, then cosine decay
    int patience = 5;        ///< epochs without a better validation metric before stopping
    int64_t samples_per_epoch = 0; ///< scene: windows drawn (afresh) each epoch; 0 = every training shot
    /// scene: the chance that a training window loses one of its modalities (picked at random) whole,
    /// as if the film did not have it, so that the model also reads films that lack one (via the mask)
    double modality_dropout = 0;
    /// scene: how many units of each training window, centred on its shot, are scored against their
    /// labels (1: the centre only, as the window is read when proposing; up to `units`: every cut of the
    /// window teaches the model, each with the context the window gives it)
    int loss_span = 1;
    double alpha = 1.0;      ///< weight of L_sync in the act loss
    double tau = 0.1;        ///< temperature of similarities (M_sim, Eq. 5, InfoNCE)
    double lambda = 0.0;     ///< E-step threshold on M_sim (Eq. 2)
    double xi = 0.3;         ///< E-step diagonal band (Eq. 2)
    double grad_clip = 1.0;  ///< max gradient norm, 0 = none
};

/// Scene models: a film-level context beside MEGA's windows (off when hidden is 0). A bidirectional
/// GRU reads the whole film's standardised per-shot features (each modality's mask as an input too)
/// and scores each cut from the states of the shots on either side; the scene score is
/// sigmoid((1 - weight) x MEGA's logit + weight x the context's). A window of 17 shots sees about
/// 45 s of a film; the context sees how the film runs before and after. Trained after MEGA, on
/// random crops of `crop` shots, `batch` crops a step, 4 crops a film an epoch.
struct ContextConfig {
    int64_t hidden = 0; ///< H: the GRU's width each way; 0 = no context
    int64_t layers = 2;
    double weight = 0.7;
    int epochs = 15;
    int batch = 16;
    int64_t crop = 256;
    double lr = 2e-3;
    double warmup = 0.3;           ///< share of the steps the rate rises over (then cosine decay)
    double modality_dropout = 0.0; ///< chance a crop is read without one of its modalities
    bool enabled() const { return hidden > 0; }
};

struct ModelConfig {
    std::string name;
    Task task = Task::Scene;
    int64_t units = 17;            ///< L: the scene window, or the nominal act length (any length runs)
    int64_t bottleneck_tokens = 6; ///< L_n
    int64_t width = 768;           ///< C
    int64_t ffn_width = 3072;      ///< C_k
    int64_t heads = 8;
    int64_t unimodal_layers = 2;   ///< N_u
    int64_t fusion_layers = 1;     ///< N_f (bottleneck fusion only)
    Fusion fusion = Fusion::Bottleneck;
    double dropout = 0.1;          ///< p
    int64_t classes = 2;           ///< N_c
    Encoding align_pe = Encoding::Sinusoidal;
    Encoding position = Encoding::Sinusoidal;
    std::vector<ModalitySpec> modalities;
    TrainConfig train;
    ContextConfig context;

    int64_t fusedWidth() const { return width * static_cast<int64_t>(modalities.size()); }
    /// The centre unit of a scene window (the shot whose following boundary is classified).
    int64_t centre() const { return units / 2; }
};

/// Reads and checks a config; throws mega::Error naming the file and the problem.
ModelConfig readModelConfig(const std::string& path);
ModelConfig parseModelConfig(const std::string& json, const std::string& where);
std::string toJson(const ModelConfig& config);
/// Replaces the modalities' input dimensions, in order (`--dims 2048,2048,512`): as many as the
/// config has modalities, or, for a config without modalities, that many modalities named m0, m1...
void setDims(ModelConfig& config, const std::vector<int64_t>& dims);
/// The exact number of trainable parameters the config builds (matches the LibTorch model's count).
int64_t parameterCount(const ModelConfig& config);
/// The same, by part: each modality's encoder (input projection, tables, bottleneck, N_u layers),
/// its fusion stack, and the head.
struct ParameterBreakdown {
    std::vector<int64_t> encoder, fusion;
    int64_t head = 0;
    int64_t context = 0; ///< the film-level context (its standardisation statistics are not trained: left out)
};
ParameterBreakdown parameterBreakdown(const ModelConfig& config);

const char* toString(Task t);
const char* toString(Fusion f);
const char* toString(Encoding e);

} // namespace mega::model
