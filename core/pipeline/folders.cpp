#include "core/pipeline/folders.h"

#include "core/model/checkpoint.h"
#include "core/model/inference.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/synopsis_tp.h"
#include "core/train/trainer.h"

#include <filesystem>

namespace mega::pipeline {

namespace fs = std::filesystem;

std::string folderFilmId(const std::string& dir) {
    fs::path p = fs::path(dir).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    return p.filename().string();
}

model::FeatureTable readFolderTable(const std::string& dir, const std::string& name) {
    std::string path = (fs::path(dir) / (name + ".shots.npy")).string();
    if (!fs::exists(path)) path = (fs::path(dir) / (name + ".npy")).string();
    if (!fs::exists(path)) throw Error(fileError(dir, "has no features for the modality \"" + name + "\" (" + name + ".shots.npy)"));
    return readFeatureTable(path, name);
}

model::FilmFeatures readFeatureFolder(const std::string& dir, const model::ModelConfig& c) {
    if (!fs::is_directory(dir)) throw Error(fileError(dir, "is not a features folder (mega features --per-shot -o DIR)"));
    model::FilmFeatures f;
    std::optional<FolderWords> words;
    for (const auto& m : c.modalities) {
        if (!isComputedModality(m.name)) {
            f.push_back(readFolderTable(dir, m.name));
            continue;
        }
        if (!words) words = readFolderWords(dir);
        try {
            f.push_back(*computedModality(m, words->shots, words->subtitles, words->synopsis));
        } catch (const Error& e) {
            throw Error(fileError(dir, e.what()));
        }
    }
    return f;
}

namespace {

model::FilmInput input(const std::string& dir, const model::ModelConfig& c) {
    const model::FilmFeatures features = readFeatureFolder(dir, c); // its errors name the folder
    try {
        return model::filmInput(c, features);
    } catch (const Error& e) {
        throw Error(fileError(dir, e.what()));
    }
}

} // namespace

FolderTrainResult trainOnFolders(const std::vector<FolderFilm>& films, const FolderTrainOptions& o, const EpochFn& onEpoch,
                                 std::stop_token stop) {
    const model::ModelConfig cfg = model::readModelConfig(o.config);
    train::TrainOptions to;
    to.seed = o.seed;
    to.epochs = o.epochs;
    to.checkpoint = o.checkpoint;
    to.resume = o.resume;
    auto progress = [&](const train::TrainProgress& p) {
        if (onEpoch && p.stage == "validate") onEpoch(p.epoch, p.epochs, p.loss, p.metric);
    };
    torch::manual_seed(o.seed);
    train::TrainResult r;
    if (o.scenes) {
        std::vector<train::SceneExample> tr, va;
        for (const auto& f : films) {
            train::SceneExample e;
            e.id = f.id.empty() ? folderFilmId(f.dir) : f.id;
            e.film = input(f.dir, cfg);
            e.labels = f.labels;
            // Gold as `mega eval` reads it: one label per cut (N - 1); the model's last unit has no
            // cut after it. Per-shot labels (N, the last 0) are read as they are.
            if (int64_t(e.labels.size()) + 1 == e.film.units()) e.labels.push_back(0);
            (f.validation ? va : tr).push_back(std::move(e));
        }
        model::MegaNet net(cfg);
        r = train::trainScene(net, tr, va, to, progress, stop);
    } else {
        to.act_loss = o.synopsis_config.empty() ? train::ActLoss::ShotLabels : train::ActLoss::Distillation;
        std::optional<model::ModelConfig> synCfg;
        if (!o.synopsis_config.empty()) synCfg = model::readModelConfig(o.synopsis_config);
        std::vector<train::ActExample> tr, va;
        for (const auto& f : films) {
            train::ActExample e;
            e.id = f.id.empty() ? folderFilmId(f.dir) : f.id;
            e.shots = input(f.dir, cfg);
            e.shot_tps = f.shot_tps;
            if (synCfg && !f.validation) {
                e.sentence_tps = f.sentence_tps;
                const auto t = readFolderTable(f.dir, synCfg->modalities.at(0).name);
                e.synopsis = torch::from_blob(const_cast<float*>(t.values.data()), {t.rows, t.cols}, torch::kFloat32).clone();
            }
            (f.validation ? va : tr).push_back(std::move(e));
        }
        model::MegaNet shots(cfg);
        if (synCfg) {
            model::MegaNet syn(*synCfg);
            r = train::trainAct(shots, &syn, tr, va, to, progress, stop);
        } else {
            r = train::trainAct(shots, nullptr, tr, va, to, progress, stop);
        }
    }
    return {r.best_epoch, int(r.history.size()), r.best_metric, r.stopped_early};
}

} // namespace mega::pipeline
