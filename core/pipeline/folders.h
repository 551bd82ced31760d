#pragma once
// Feature folders, for researchers (what `mega features --per-shot -o DIR` writes: NAME.shots.npy
// and NAME.mask.npy per modality; the film's id is the folder's name): reading them for a model,
// and training a scene or act model on them with labels from any source. Torch-free header; the
// training lives in mega_loop.

#include "core/common/error.h"
#include "core/model/predictor.h"
#include "core/pipeline/folder_words.h"

#include <array>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::pipeline {

/// The film id of a features folder: its name.
std::string folderFilmId(const std::string& dir);
/// The modalities a model needs from a features folder (NAME.shots.npy, or NAME.npy; a computed
/// modality from its words.json). Throws mega::Error naming the folder and the missing modality.
model::FilmFeatures readFeatureFolder(const std::string& dir, const model::ModelConfig& config);
/// One modality of a features folder.
model::FeatureTable readFolderTable(const std::string& dir, const std::string& name);

/// A film of a feature-folder training: its folder and its labels.
struct FolderFilm {
    std::string dir;
    std::string id;                                   ///< default: the folder's name
    std::vector<int> labels;                          ///< scenes: per cut (N - 1; or per shot, N), 1 where a scene ends
    std::array<std::vector<int64_t>, 5> shot_tps;     ///< tp: gold shots of TP1..TP5
    std::array<std::vector<int64_t>, 5> sentence_tps; ///< tp with distillation: gold synopsis sentences
    bool validation = false;                          ///< held out to choose the best epoch
};

struct FolderTrainOptions {
    bool scenes = true;            ///< scene model, or the act (TP) model
    std::string config;            ///< the model config
    std::string synopsis_config;   ///< tp by distillation: the synopsis model's config (else shot labels)
    std::string checkpoint;        ///< written: the best epoch (and CHECKPOINT.last)
    std::string resume;            ///< continue from this checkpoint
    uint64_t seed = 0;
    std::optional<int> epochs;
};

/// After each epoch: its number (0-based), the epochs in all, the mean loss and the validation metric.
using EpochFn = std::function<void(int epoch, int epochs, double loss, double metric)>;

struct FolderTrainResult {
    int best_epoch = -1, epochs_run = 0;
    double best_metric = 0;
    bool stopped_early = false;
};

/// Trains on feature folders. Throws mega::Error naming the folder or film at fault, or
/// mega::Cancelled (CHECKPOINT.last then holds the last whole epoch).
FolderTrainResult trainOnFolders(const std::vector<FolderFilm>& films, const FolderTrainOptions& options,
                                 const EpochFn& onEpoch = {}, std::stop_token stop = {});

} // namespace mega::pipeline
