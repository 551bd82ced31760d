#include "core/pipeline/loop.h"
#include "core/pipeline/synopsis_tp.h"

#include "core/common/allocator.h"
#include "core/eval/metrics.h"
#include "core/film/source.h"
#include "core/features/plugin.h"
#include "core/model/alignment.h"
#include "core/model/checkpoint.h"
#include "core/model/predictor.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/novelty.h"
#include "core/pipeline/search.h"
#include "core/features/extractors.h"
#include "core/train/trainer.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace mega::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

void setComputeThreads(int threads) {
    keepTensorMemory();
    if (threads <= 0)
        if (const char* env = std::getenv("MEGA_THREADS"); env && std::atoi(env) > 0) threads = std::atoi(env);
    at::set_num_threads(threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency())));
}

namespace {

void requireWritable(const store::Project& project) {
    if (project.readOnly()) throw Error(fileError(project.path(), "the project is open read-only; nothing was changed"));
}

store::ModelVersion activeSceneModel(store::Project& project) {
    if (auto a = project.activeModel("scene")) return *a;
    return ensureColdStart(project);
}

json metricsOf(const store::ModelVersion& m) {
    const json j = json::parse(m.metrics_json.empty() ? "{}" : m.metrics_json, nullptr, false);
    return j.is_object() ? j : json::object();
}

/// A version registered from the shipped base scene model: its checkpoint is "models:FILE@FINGERPRINT".
bool isShippedBase(const store::ModelVersion& m) { return m.kind == "mega" && store::isModelsFileRef(m.checkpoint); }

std::string baseCheckpointRef(const std::string& fingerprint) {
    return std::string(store::kModelsFileRef) + kBaseSceneFile + "@" + fingerprint;
}

/// The installed models/scene_base.ckpt, if it is the file the shipped base version `m` was
/// registered from; otherwise none, and `why` (if given) says what is wrong.
std::optional<std::string> installedBase(const store::ModelVersion& m, std::string* why = nullptr) {
    const auto found = features::findModelsFile(kBaseSceneFile);
    if (found && baseCheckpointRef(store::fingerprintFile(*found)) == m.checkpoint) return found;
    if (why)
        *why = found ? *found + " is no longer the checkpoint this version was registered from (a newer release replaced it; "
                                "it is registered as a version of its own when the project next proposes or trains)"
                     : std::string("the shipped base scene model models/") + kBaseSceneFile + " is not installed";
    return std::nullopt;
}

/// The threshold a version's training chose (metrics "threshold"), else 0.5.
double chosenThreshold(const store::ModelVersion& m) {
    const json j = metricsOf(m);
    return j.contains("threshold") && j["threshold"].is_number() ? j["threshold"].get<double>() : 0.5;
}

std::string checkpointPath(const store::Project& project, const store::ModelVersion& m) {
    if (m.checkpoint.empty()) throw Error(fileError(project.path(), "model version '" + m.name + "' has no checkpoint"));
    if (isShippedBase(m)) { // the installed models file, as long as it is still the one registered
        std::string why;
        if (auto found = installedBase(m, &why)) return *found;
        throw Error("model '" + m.name + "': " + why);
    }
    return resolveFeaturePath(project, m.checkpoint);
}

/// Whether the film has stored features of every modality `m` reads that is not computed on demand.
bool readsFilm(const store::Project& project, const store::ModelVersion& m, const store::Film& film) {
    const model::ModelConfig cfg = model::parseModelConfig(m.config_json, "model '" + m.name + "'");
    const auto files = project.featureFiles(film.id);
    for (const auto& mod : cfg.modalities) {
        if (isComputedModality(mod.name)) continue;
        if (std::none_of(files.begin(), files.end(), [&](const auto& f) { return f.modality == mod.name; })) return false;
    }
    return true;
}

/// The scene model that serves `films` in `m`'s place: the cold-start proposer where `m` is the
/// shipped base scene model and one of them lacks the picture's features it reads (a film known
/// only by its shots and subtitles), else `m` itself.
store::ModelVersion servingModel(store::Project& project, const store::ModelVersion& m, const std::vector<store::Film>& films) {
    if (!isShippedBase(m)) return m;
    auto novelty = [&] { // registered beside the base (ensureBaseScene): found, not written
        for (const auto& v : project.modelVersions())
            if (v.kind == "novelty" && v.task == "scene") return v;
        return ensureColdStart(project);
    };
    if (!installedBase(m)) return novelty();
    for (const auto& f : films)
        if (!readsFilm(project, m, f)) return novelty();
    return m;
}

/// NAME, or where a version has that name already NAME-2, NAME-3, ...
std::string unusedName(const std::vector<store::ModelVersion>& versions, const std::string& name) {
    std::string out = name;
    for (int n = 2; std::any_of(versions.begin(), versions.end(), [&](const store::ModelVersion& v) { return v.name == out; }); ++n)
        out = name + "-" + std::to_string(n);
    return out;
}

/// A version of the checkpoint `file` (not yet added): its config, its training metadata as metrics,
/// named `name` (default: its config's) or, where that is taken, NAME-2, ...
store::ModelVersion checkpointVersion(const store::Project& project, const std::string& file, const std::string& name = {}) {
    const model::ModelConfig cfg = model::readCheckpointConfig(file);
    store::ModelVersion mv;
    mv.name = unusedName(project.modelVersions(), name.empty() ? cfg.name : name);
    mv.task = cfg.task == model::Task::Scene ? "scene" : "tp";
    mv.kind = "mega";
    mv.config_json = model::toJson(cfg);
    mv.metrics_json = model::readCheckpointMetadata(file);
    return mv;
}

/// `work` (a model `model` doing something with a film's features), its errors naming model, deed and film.
template <typename Work> auto onFilm(const std::string& model, const std::string& doing, const store::Film& film, Work&& work) {
    try {
        return work();
    } catch (const Error& e) {
        throw Error("model '" + model + "' cannot " + doing + " on film '" + film.name + "': " + e.what());
    }
}

/// The sentences of one annotator's synopsis of a film ("" : the film's own).
std::vector<std::string> synopsisSentences(const store::Project& project, int64_t film, const std::string& annotator) {
    std::vector<std::string> sentences;
    for (const auto& s : project.synopsis(film, annotator)) sentences.push_back(s.text);
    return sentences;
}

/// The synopsis the act model reads for a film: the film's own ("" annotator), else the first
/// annotator's (Project::annotators lists those with sentences, sorted, so "" comes first); none: empty.
std::vector<std::string> filmSynopsis(const store::Project& project, int64_t film) {
    const std::vector<std::string> annotators = project.annotators(film);
    return annotators.empty() ? std::vector<std::string>{} : synopsisSentences(project, film, annotators.front());
}

/// A modality computed when a model reads it, not stored (synopsis_tp.h: computedModality).
std::optional<model::FeatureTable> derivedFeatures(const store::Project& project, const store::Film& film,
                                                   const model::ModalitySpec& m) {
    if (!isComputedModality(m.name)) return std::nullopt;
    if (m.name == "position") return computedModality(m, project.shots(film.id), {}, {});
    return computedModality(m, project.shots(film.id), project.subtitles(film.id), filmSynopsis(project, film.id));
}

/// The film's features of the modalities `cfg` takes: stored, or computed (derivedFeatures).
model::FilmFeatures featuresFor(const store::Project& project, const model::ModelConfig& cfg, const store::Film& film) {
    std::vector<std::pair<std::string, int64_t>> stored;
    model::FilmFeatures derived;
    for (const auto& m : cfg.modalities) {
        if (auto t = derivedFeatures(project, film, m)) derived.push_back(std::move(*t));
        else stored.emplace_back(m.name, m.dim);
    }
    model::FilmFeatures out = stored.empty() ? model::FilmFeatures{} : loadFeaturesMasked(project, film, stored);
    for (auto& t : derived) out.push_back(std::move(t));
    return out;
}

/// The model's per-shot scores (N) from the film's stored features, errors naming model and film.
std::vector<double> megaScores(const store::Project& project, model::Predictor& p, const store::ModelVersion& m,
                               const store::Film& film) {
    return onFilm(m.name, "run", film, [&] { return p.sceneProbabilities(featuresFor(project, p.config(), film)); });
}

std::vector<double> cutScores(std::vector<double> perShot) {
    if (!perShot.empty()) perShot.pop_back(); // no boundary after the last shot
    return perShot;
}

/// What a trained scene model's proposals on a film were based on (analysis.h), stored beside them.
void storeSceneExplanations(store::Project& project, int64_t filmId, const store::ModelVersion& m) {
    Explanations e;
    e.model_version = m.id;
    e.model_name = m.name;
    e.task = "scene";
    const store::Film film = project.film(filmId);
    model::Predictor p(checkpointPath(project, m));
    const model::ModelConfig& cfg = p.config();
    std::vector<int64_t> attend;
    for (const auto& b : project.boundaries(filmId)) attend.push_back(b.shot_index);
    const model::SceneExplanation x =
        onFilm(m.name, "explain its proposals", film, [&] { return p.explainSceneFilm(featuresFor(project, cfg, film), attend); });
    for (const auto& mod : cfg.modalities) e.modalities.push_back(mod.name);
    e.bottleneck = cfg.fusion == model::Fusion::Bottleneck && cfg.fusion_layers > 0 ? cfg.bottleneck_tokens : 0;
    e.shot_share = x.share;
    if (!e.shot_share.empty()) e.shot_share.pop_back(); // no cut after the last shot
    std::sort(attend.begin(), attend.end());
    attend.erase(std::unique(attend.begin(), attend.end()), attend.end());
    for (int64_t u : attend)
        if (u >= 0 && u < int64_t(e.shot_share.size()))
            e.units.push_back({"boundary", u, x.probability[size_t(u)], x.share[size_t(u)], x.attention[size_t(u)]});
    storeExplanations(project, filmId, e);
}

/// Explaining is worth less than the proposals it explains: a failure leaves them stored, stores
/// "unexplained" with why (the views say it), and is a warning of the result.
template <typename Work>
void explainBestEffort(store::Project& project, int64_t filmId, const store::ModelVersion& model, std::vector<std::string>& warnings,
                       Work&& work) {
    try {
        work();
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        warnings.push_back("model '" + model.name + "' proposed but could not explain its proposals: " + e.what());
        try {
            storeUnexplained(project, filmId, model, e.what());
        } catch (const std::exception&) {
            // The project itself refuses (read-only, full): the first error is the one to report.
        }
    }
}

} // namespace

SyncMatrix textSync(const std::vector<shots::Shot>& shots, const std::vector<media::SubtitleCue>& cues,
                    const std::vector<std::string>& sentences, double tau, double lambda, double xi) {
    SyncMatrix s;
    s.method = "text";
    s.shots = int64_t(shots.size());
    s.sentences = int64_t(sentences.size());
    s.tau = tau;
    s.lambda = lambda;
    s.xi = xi;
    if (shots.empty() || sentences.empty()) return s;
    // One encoding of both, so the TF-IDF weights are the film's and its synopsis'.
    std::vector<std::string> texts = shotTexts(shots, cues);
    std::vector<std::pair<double, double>> intervals;
    for (const auto& shot : shots) intervals.emplace_back(shot.start_s, shot.end_s);
    for (size_t j = 0; j < sentences.size(); ++j) {
        texts.push_back(sentences[j]);
        intervals.emplace_back(double(j), double(j + 1));
    }
    const features::Modality enc = features::TextEncoder().encode("sync", texts, intervals);
    c10::InferenceMode guard;
    const torch::Tensor all = torch::from_blob(const_cast<float*>(enc.data.data()), {int64_t(enc.count()), enc.dim}, torch::kFloat32);
    const torch::Tensor u = all.narrow(0, 0, s.shots), v = all.narrow(0, s.shots, s.sentences);
    const torch::Tensor msim = model::similarity(u, v, tau);
    const torch::Tensor a = torch::softmax(msim, 1).contiguous();
    const torch::Tensor w = model::eStep(msim, lambda, xi).to(torch::kUInt8).contiguous();
    s.soft.assign(a.data_ptr<float>(), a.data_ptr<float>() + a.numel());
    s.expected.assign(w.data_ptr<uint8_t>(), w.data_ptr<uint8_t>() + w.numel());
    return s;
}

std::optional<store::ModelVersion> ensureBaseScene(store::Project& project) {
    const auto found = features::findModelsFile(kBaseSceneFile);
    if (!found) return std::nullopt;
    const std::string ref = baseCheckpointRef(store::fingerprintFile(*found));
    auto registered = [&]() -> std::optional<store::ModelVersion> {
        for (const auto& m : project.modelVersions())
            if (m.kind == "mega" && m.checkpoint == ref) return m;
        return std::nullopt;
    };
    if (auto m = registered()) return m;
    requireWritable(project);
    store::ModelVersion mv = checkpointVersion(project, *found, kBaseSceneName);
    if (mv.task != "scene") throw Error(fileError(*found, "is not a scene model"));
    mv.checkpoint = ref;
    json metrics = json::parse(mv.metrics_json, nullptr, false);
    if (!metrics.is_object()) metrics = json::object();
    metrics["shipped"] = std::string("models/") + kBaseSceneFile;
    metrics.erase("trained_on"); // film ids of the project it was made in, not of this one
    mv.metrics_json = metrics.dump();
    mv.note = "the shipped base scene model (models/scene_base.ckpt, see models/README.md): the cold start of films with "
              "their picture";
    ensureColdStart(project); // the proposer stays a version to choose, and serves films without picture
    const std::optional<store::ModelVersion> active = project.activeModel("scene");
    const bool takeOver = !active || isColdStart(*active);
    int64_t id = 0;
    project.batch([&] { // checked again inside the transaction: another process may have registered it meanwhile
        if (auto m = registered()) {
            id = m->id;
            return;
        }
        id = project.addModelVersion(mv);
        if (takeOver) project.activateModel(id, "the shipped base scene model replaces the cold start");
    });
    return project.modelVersion(id);
}

namespace {

/// The scores of `m` itself (no model serves in its place).
std::vector<double> ownSceneScores(store::Project& project, const store::ModelVersion& m, const store::Film& film) {
    if (m.kind == "novelty") return filmNoveltyScores(project, film);
    model::Predictor p(checkpointPath(project, m));
    return cutScores(megaScores(project, p, m, film));
}

} // namespace

std::vector<double> sceneScores(store::Project& project, const store::ModelVersion& model, int64_t filmId) {
    const store::Film film = project.film(filmId);
    return ownSceneScores(project, servingModel(project, model, {film}), film);
}

ProposeResult propose(store::Project& project, int64_t filmId, const ProposeOptions& o) {
    requireWritable(project);
    ProposeResult r;
    ensureBaseScene(project);
    if (!o.model.empty()) r.model = project.modelVersionByIdOrName(o.model);
    else r.model = activeSceneModel(project);
    if (r.model.task != "scene") throw Error(fileError(project.path(), "model '" + r.model.name + "' is not a scene model"));
    const store::ModelVersion asked = r.model;
    const store::Film film = project.film(filmId);
    r.model = servingModel(project, asked, {film});
    if (r.model.id != asked.id && !installedBase(asked))
        r.warnings.push_back("the shipped base scene model '" + asked.name + "' (models/" + kBaseSceneFile +
                             ") is not installed as it was registered; the novelty proposer proposed instead");
    r.scores = ownSceneScores(project, r.model, film);
    r.proposals = storeSceneProposals(project, filmId, r.model, r.scores,
                                      r.model.kind == "novelty" ? o.min_novelty : o.min_probability.value_or(chosenThreshold(r.model)));
    if (r.model.kind != "novelty") // the cold start explains nothing (storeSceneProposals said so)
        explainBestEffort(project, filmId, r.model, r.warnings, [&] { storeSceneExplanations(project, filmId, r.model); });
    return r;
}

store::ModelVersion registerCheckpoint(store::Project& project, const std::string& checkpoint) {
    const std::string abs = fs::absolute(checkpoint).lexically_normal().string();
    for (const auto& m : project.modelVersions())
        if (m.kind == "mega" && resolveFeaturePath(project, m.checkpoint) == abs) return m;
    store::ModelVersion mv = checkpointVersion(project, abs);
    mv.checkpoint = abs;
    mv.note = "registered from " + abs;
    return project.modelVersion(project.addModelVersion(mv));
}

namespace {

struct Reviewed {
    store::Film film;
    train::SceneExample example; // labels per shot (the last 0)
    std::vector<int> cutLabels;
};

double pooledAp(const std::vector<eval::SceneFilm>& films) {
    std::vector<double> s;
    std::vector<int> l;
    for (const auto& f : films) {
        s.insert(s.end(), f.scores.begin(), f.scores.end());
        l.insert(l.end(), f.labels.begin(), f.labels.end());
    }
    return eval::averagePrecision(s, l);
}

std::string hostName() {
    char buf[256] = {};
    return gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string();
}

/// A version name not in use and whose checkpoint file does not exist: PREFIX-N.
std::string freshName(const store::Project& project, const std::string& prefix, const fs::path& dir) {
    const auto versions = project.modelVersions();
    for (int64_t n = int64_t(versions.size()) + 1;; ++n) {
        const std::string name = prefix + "-" + std::to_string(n);
        if (std::none_of(versions.begin(), versions.end(), [&](const store::ModelVersion& v) { return v.name == name; }) &&
            !fs::exists(dir / (name + ".ckpt")))
            return name;
    }
}

/// Runs still "running" whose process is gone (killed, crashed, the machine stopped) are marked
/// failed, so the record says what happened; their model never became active.
void markInterruptedRuns(store::Project& project) {
    for (const auto& run : project.trainingRuns()) {
        if (run.status != "running") continue;
        const json p = json::parse(run.params_json, nullptr, false);
        if (!p.is_object() || !p.contains("pid") || !p["pid"].is_number_integer()) continue;
        if (p.value("host", std::string()) != hostName()) continue; // another machine's run: its pid says nothing here
        const auto pid = pid_t(p["pid"].get<int64_t>());
        if (pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH) continue;
        project.finishTrainingRun(run.id, "failed", json{{"reason", "interrupted: the process that ran it ended"}}.dump(), 0);
    }
}

/// The films a version was trained on (none for the cold-start proposer or an outside checkpoint).
std::vector<int64_t> trainedOn(const store::ModelVersion& m) {
    const json j = metricsOf(m);
    if (!j.contains("trained_on") || !j["trained_on"].is_array()) return {};
    std::vector<int64_t> out;
    for (const auto& v : j["trained_on"])
        if (v.is_number_integer()) out.push_back(v.get<int64_t>());
    return out;
}

/// The base scene config a model starts from when no trained one is active: models/scene_loop.json
/// (over the picture's contrast) when every one of `films` has its picture's features, else
/// models/scene_timing.json (timing and speech, which every film has, with or without video).
model::ModelConfig baseSceneConfig(const store::Project& project, const std::vector<store::Film>& films) {
    bool picture = true;
    for (const auto& f : films) {
        bool has = false;
        for (const auto& file : project.featureFiles(f.id)) has |= file.modality == "contrast";
        picture &= has;
    }
    const char* name = picture ? "scene_loop.json" : "scene_timing.json";
    auto found = features::findModelsFile(name);
    if (!found) throw Error(std::string("the base scene config models/") + name + " is not installed");
    return model::readModelConfig(*found);
}

/// Registers a checkpoint trained here as a (so far inactive) scene model version.
int64_t registerTrained(store::Project& project, const std::string& name, const model::ModelConfig& cfg, const fs::path& ckpt,
                        const json& metrics, int64_t parent, const std::string& note, const std::string& task = "scene") {
    store::ModelVersion mv;
    mv.name = name;
    mv.task = task;
    mv.kind = "mega";
    mv.config_json = model::toJson(cfg);
    mv.checkpoint = fs::relative(ckpt, fs::absolute(project.path()).parent_path()).string();
    mv.metrics_json = metrics.dump();
    mv.parent_id = parent;
    mv.note = note;
    return project.addModelVersion(mv);
}

/// The film's features as `cfg`'s input; an error names the model, what it was doing and the film.
model::FilmInput modelInput(const store::Project& project, const model::ModelConfig& cfg, const store::Film& film,
                            const std::string& doing) {
    return onFilm(cfg.name, doing, film, [&] { return model::filmInput(cfg, featuresFor(project, cfg, film)); });
}

/// A network of `cfg`, with the weights of `from` when it is a trained version.
model::MegaNet startingNet(const store::Project& project, const model::ModelConfig& cfg, const store::ModelVersion* from) {
    model::MegaNet net(cfg);
    if (from && from->kind == "mega") model::loadWeights(checkpointPath(project, *from), net);
    return net;
}

/// startingNet with the weights it draws (a model from scratch, or the parts a checkpoint lacks) drawn
/// from `seed`, not from whatever the process drew before: the same seed, the same run.
model::MegaNet seededNet(const store::Project& project, const model::ModelConfig& cfg, const store::ModelVersion* from,
                         uint64_t seed) {
    torch::manual_seed(seed);
    return startingNet(project, cfg, from);
}

/// Starts a training run (after marking runs whose process is gone), recording which process runs it.
int64_t beginRun(store::Project& project, json params, const std::string& task) {
    markInterruptedRuns(project);
    params["pid"] = int64_t(getpid());
    params["host"] = hostName();
    return project.startTrainingRun(params.dump(), task);
}

/// Runs `work` for run `run`: a cancel marks it cancelled, any other failure failed, and rethrows.
template <typename Work> void withinRun(store::Project& project, int64_t run, Work&& work) {
    try {
        work();
    } catch (const Cancelled&) {
        project.finishTrainingRun(run, "cancelled", json{{"reason", "cancelled"}}.dump(), 0);
        throw;
    } catch (const std::exception& e) {
        try {
            project.finishTrainingRun(run, "failed", json{{"reason", e.what()}}.dump(), 0);
        } catch (const std::exception&) {
            // The project itself failed (a full or read-only disk): the run stays "running", the
            // active version unchanged; the first error is the one to report.
        }
        throw;
    }
}

/// Registers the run's model, makes it active if it won, and finishes the run: together or not at all.
void publish(store::Project& project, FineTuneResult& r, const model::ModelConfig& cfg, const fs::path& ckpt, const json& metrics,
             const std::optional<store::ModelVersion>& parent, bool better, const std::string& task) {
    project.batch([&] {
        r.model_version = registerTrained(project, r.name, cfg, ckpt, metrics, parent ? parent->id : 0, r.note, task);
        if (better) project.activateModel(r.model_version, r.note);
        project.finishTrainingRun(r.run, "finished", metrics.dump(), r.model_version);
    });
    r.activated = better;
}

/// The progress a training of fold `fold` reports: its loss per epoch into `log` and to `progress`.
/// `heldOut`, if given, measures the fold's model on its held-out films (curveFilms) after each epoch (the
/// validation curve): shown and logged only, never used to choose an epoch, so the fold's result
/// stays a measurement on films the training never looked at.
train::TrainProgressFn epochLogger(json& log, int fold, int folds, const std::function<void(const FineTuneProgress&)>& progress,
                                   std::function<double()> heldOut = {}) {
    return [&log, fold, folds, &progress, heldOut = std::move(heldOut)](const train::TrainProgress& tp) {
        if (tp.stage == "context") { // a scene model's film-level context, trained after its windows: each epoch's loss
            if (tp.step == tp.steps && progress) progress({fold, folds, tp.epoch + 1, tp.epochs, tp.loss, "context"});
            return;
        }
        if (tp.stage != "validate") return;
        json entry{{"fold", fold}, {"epoch", tp.epoch + 1}, {"loss", tp.loss}};
        FineTuneProgress p{fold, folds, tp.epoch + 1, tp.epochs, tp.loss, "train"};
        if (heldOut) entry["heldout_ap"] = p.heldout_ap = heldOut();
        log.push_back(entry);
        if (progress) progress(p);
    };
}

/// The held-out films a fold's validation curve reads after each epoch: all of them up to
/// kCurveCuts cuts, else every k-th film, k = their cuts / kCurveCuts rounded up (about kCurveCuts
/// cuts if the films are alike in length). Reading a corpus's whole held-out half after each epoch
/// (MovieNet-SSeg: 95 films, 150,000 cuts) took nearly as long as the epoch; the curve is shown
/// only, and the fold's result still reads every held-out film.
constexpr size_t kCurveCuts = 20000;
std::vector<const Reviewed*> curveFilms(const std::vector<const Reviewed*>& held) {
    size_t cuts = 0;
    for (const Reviewed* h : held) cuts += h->cutLabels.size();
    const size_t every = std::max<size_t>(1, (cuts + kCurveCuts - 1) / kCurveCuts);
    std::vector<const Reviewed*> out;
    for (size_t i = 0; i < held.size(); i += every) out.push_back(held[i]);
    return out;
}

std::vector<double> netCutScores(model::MegaNet& net, const model::FilmInput& in) {
    const torch::Tensor p = model::sceneProbabilities(net, in, 32).to(torch::kFloat64).contiguous();
    return cutScores(std::vector<double>(p.data_ptr<double>(), p.data_ptr<double>() + p.numel()));
}

// ---- turning points ----

store::ModelVersion ensureTpColdStart(store::Project& project) {
    for (const auto& m : project.modelVersions())
        if (m.kind == "positions" && m.task == "tp") {
            if (!project.activeModel("tp")) project.activateModel(m.id, "the cold-start TP model: no trained one yet");
            return project.modelVersion(m.id);
        }
    store::ModelVersion m;
    m.name = "theory";
    m.task = "tp";
    m.kind = "positions";
    m.config_json = R"j({"name": "theory", "rule": "TP1..TP5 at 10, 25, 50, 75, 90 % of the film's shots (MEGA.md section 7)"})j";
    m.metrics_json = "{}";
    m.note = "the cold-start TP model: no trained one yet";
    m.active = !project.activeModel("tp").has_value();
    return project.modelVersion(project.addModelVersion(m));
}

std::array<std::vector<double>, 5> tpDistributions(store::Project& project, const store::ModelVersion& m, int64_t filmId) {
    const store::Film film = project.film(filmId);
    const auto units = int64_t(project.shots(filmId).size());
    std::array<std::vector<double>, 5> out;
    if (m.kind == "positions") {
        const auto at = eval::theoryPositions(units);
        for (int n = 0; n < 5; ++n) {
            out[size_t(n)].assign(size_t(units), 0.0);
            out[size_t(n)][size_t(at[size_t(n)])] = 1.0;
        }
        return out;
    }
    model::Predictor p(checkpointPath(project, m));
    return onFilm(m.name, "run", film, [&] { return p.turningPoints(featuresFor(project, p.config(), film)).distribution; });
}

/// Where a TP model puts the five TPs: decoded jointly in order (eval::orderedPeaks), as proposing stores them.
std::array<int64_t, 5> peaks(const std::array<std::vector<double>, 5>& d) { return eval::orderedPeaks(d); }

/// The text encoder's embedding of each sentence, as the synopsis model's "synopsis" modality.
model::FeatureTable sentenceTable(const std::vector<std::string>& sentences) { return synopsisFeatures(sentences)[0]; }

/// What a TP model's proposals on a film were based on, and each synopsis' synchronization with the
/// film's shots (analysis.h), stored beside them.
void storeTpAnalysis(store::Project& project, int64_t filmId, const store::ModelVersion& m,
                     const std::array<std::vector<double>, 5>& distribution) {
    const store::Film film = project.film(filmId);
    Explanations e;
    e.model_version = m.id;
    e.model_name = m.name;
    e.task = "tp";
    std::unique_ptr<model::Predictor> shotModel, synopsisModel;
    std::optional<model::FilmFeatures> features;
    if (m.kind != "positions") {
        shotModel = std::make_unique<model::Predictor>(checkpointPath(project, m));
        const model::ModelConfig& cfg = shotModel->config();
        features = featuresFor(project, cfg, film);
        for (const auto& mod : cfg.modalities) e.modalities.push_back(mod.name);
        e.bottleneck = cfg.fusion == model::Fusion::Bottleneck && cfg.fusion_layers > 0 ? cfg.bottleneck_tokens : 0;
        const auto at = peaks(distribution); // the units proposing stored
        onFilm(m.name, "explain its turning points", film, [&] {
            for (int n = 0; n < 5; ++n) {
                const model::Contribution c = shotModel->explainTurningPoint(*features, n, at[size_t(n)]);
                e.units.push_back({"tp" + std::to_string(n + 1), c.unit, distribution[size_t(n)][size_t(c.unit)], c.share,
                                   shotModel->fusionAttention(*features, c.unit)});
            }
        });
        const fs::path synopsisCkpt = checkpointPath(project, m) + ".synopsis";
        if (fs::exists(synopsisCkpt)) synopsisModel = std::make_unique<model::Predictor>(synopsisCkpt.string());
    }
    storeExplanations(project, filmId, e);
    const auto shots = project.shots(filmId);
    const auto cues = project.subtitles(filmId);
    for (const auto& annotator : project.annotators(filmId)) {
        const std::vector<std::string> sentences = synopsisSentences(project, filmId, annotator);
        if (sentences.empty()) continue;
        SyncMatrix s;
        if (synopsisModel) {
            const model::Synchronization x = onFilm(m.name, "synchronize the synopsis", film, [&] {
                return model::Predictor::synchronize(*shotModel, *features, *synopsisModel, sentenceTable(sentences));
            });
            const auto& t = shotModel->config().train;
            s = {0, "", "mega", annotator, x.shots, x.sentences, t.tau, t.lambda, t.xi, x.soft, x.expected};
        } else {
            s = textSync(shots, cues, sentences);
            s.annotator = annotator;
        }
        s.model_version = m.id;
        s.model_name = m.name;
        storeSync(project, filmId, s);
    }
}

} // namespace

ProposeResult proposeTurningPoints(store::Project& project, int64_t filmId, const std::string& model) {
    requireWritable(project);
    ProposeResult r;
    if (!model.empty()) r.model = project.modelVersionByIdOrName(model);
    else if (auto a = project.activeModel("tp")) r.model = *a;
    else r.model = ensureTpColdStart(project);
    if (r.model.task != "tp") throw Error(fileError(project.path(), "model '" + r.model.name + "' is not a TP model"));
    const auto distribution = tpDistributions(project, r.model, filmId);
    storeTurningPoints(project, filmId, r.model, distribution);
    explainBestEffort(project, filmId, r.model, r.warnings, [&] { storeTpAnalysis(project, filmId, r.model, distribution); });
    r.proposals = 5;
    return r;
}

namespace {

FineTuneResult fineTuneTurningPoints(store::Project& project, const FineTuneOptions& o,
                                     const std::function<void(const FineTuneProgress&)>& progress, std::stop_token stop) {
    const auto t0 = std::chrono::steady_clock::now();
    requireWritable(project);
    FineTuneResult r;
    struct Labelled {
        store::Film film;
        std::array<int64_t, 5> tps;
        train::ActExample example;
    };
    std::vector<Labelled> data;
    for (const auto& f : project.films()) {
        if (!o.films.empty() && std::find(o.films.begin(), o.films.end(), f.id) == o.films.end()) continue;
        if (auto tps = personTurningPoints(project, f.id)) data.push_back({f, *tps, {}});
    }
    if (data.size() < 2)
        throw Error(fileError(project.path(), std::to_string(data.size()) +
                                                  " films have all five turning points set by a person: training the TP model "
                                                  "needs 2 or more (set TP1-TP5 on shots or scenes, keys 1-5 and Alt+1-5)"));
    store::ModelVersion active;
    if (auto a = project.activeModel("tp")) active = *a;
    else active = ensureTpColdStart(project);
    std::optional<store::ModelVersion> parent;
    if (!o.from.empty()) parent = project.modelVersionByIdOrName(o.from);
    else if (active.kind == "mega") parent = active;
    model::ModelConfig cfg;
    if (parent) {
        if (parent->kind != "mega" || parent->task != "tp")
            throw Error(fileError(project.path(), "model '" + parent->name + "' is not a trained TP model to start from"));
        cfg = model::readCheckpointConfig(checkpointPath(project, *parent));
    } else if (!o.config.empty()) {
        cfg = model::readModelConfig(o.config);
    } else {
        auto found = features::findModelsFile("act_loop.json");
        if (!found) throw Error("the base TP config models/act_loop.json is not installed");
        cfg = model::readModelConfig(*found);
    }
    if (cfg.task != model::Task::ActShot) throw Error("model config '" + cfg.name + "' is not an act shot model");
    for (auto& d : data) {
        d.example.id = d.film.name;
        d.example.shots = modelInput(project, cfg, d.film, "train");
        for (int n = 0; n < 5; ++n) d.example.shot_tps[size_t(n)] = {d.tps[size_t(n)]};
    }
    r.films = int(data.size());
    r.compared_with = active.name;
    const int folds = std::clamp(o.folds, 2, int(data.size()));
    const int epochs = o.epochs.value_or(cfg.train.epochs);
    json params = {{"task", "tp"}, {"config", cfg.name}, {"from", parent ? parent->name : "scratch"}, {"epochs", epochs},
                   {"seed", o.seed}, {"folds", folds}, {"active_before", active.name}, {"films", json::array()}};
    for (const auto& d : data) params["films"].push_back(d.film.name);
    r.run = beginRun(project, params, "tp");
    json log = json::array();
    withinRun(project, r.run, [&] {
        auto makeNet = [&](int fold) { return seededNet(project, cfg, parent ? &*parent : nullptr, o.seed + uint64_t(fold)); };
        auto trainOn = [&](model::MegaNet& net, const std::vector<train::ActExample>& tr, int fold, const std::string& ckpt) {
            train::TrainOptions to;
            to.seed = o.seed + uint64_t(fold);
            to.epochs = epochs;
            to.checkpoint = ckpt;
            to.act_loss = train::ActLoss::ShotLabels;
            torch::manual_seed(to.seed);
            train::trainAct(net, nullptr, tr, {}, to, epochLogger(log, fold, folds, progress), stop);
            project.setTrainingLog(r.run, log.dump());
        };
        const std::vector<int64_t> seen = trainedOn(active);
        std::vector<eval::TpFilm> before, after;
        for (int k = 0; k < folds; ++k) {
            std::vector<train::ActExample> tr;
            std::vector<const Labelled*> held;
            for (size_t i = 0; i < data.size(); ++i)
                (int(i % size_t(folds)) == k ? held.push_back(&data[i]) : tr.push_back(data[i].example));
            model::MegaNet net = makeNet(k);
            trainOn(net, tr, k, "");
            torch::NoGradGuard g;
            for (const Labelled* h : held) {
                if (std::find(seen.begin(), seen.end(), h->film.id) != seen.end()) continue;
                eval::TpFilm t;
                t.units = h->example.shots.units();
                for (int n = 0; n < 5; ++n) t.gold[size_t(n)] = {h->tps[size_t(n)]};
                t.predicted = train::orderedTurningPoints(net, h->example.shots);
                after.push_back(t);
                t.predicted = peaks(tpDistributions(project, active, h->film.id));
                before.push_back(t);
            }
        }
        r.compared_on = int(after.size());
        const auto mb = eval::evaluateTurningPoints(before), ma = eval::evaluateTurningPoints(after);
        // The scene fields carry the TP model's D (lower is better) here.
        r.before_ap = mb.d;
        r.after_ap = ma.d;
        const fs::path dir = fs::path(project.path() + ".models");
        fs::create_directories(dir);
        r.name = "tp-" + std::to_string(r.run);
        const fs::path ckpt = dir / (r.name + ".ckpt");
        std::vector<train::ActExample> all;
        for (const auto& d : data) all.push_back(d.example);
        model::MegaNet net = makeNet(folds);
        trainOn(net, all, folds, ckpt.string());
        fs::remove(ckpt.string() + ".last");
        const bool better = r.compared_on > 0 && (ma.d < mb.d || (ma.d == mb.d && ma.ta > mb.ta));
        char note[320];
        if (r.compared_on == 0)
            std::snprintf(note, sizeof note, "kept inactive: '%s' was trained on every film with TPs set, so none is left to compare them on",
                          active.name.c_str());
        else
            std::snprintf(note, sizeof note, "%s: D %.1f, TA %.1f against D %.1f, TA %.1f for '%s' on %d films neither saw in training (%d folds)",
                          better ? "active" : "kept inactive", 100 * ma.d, 100 * ma.ta, 100 * mb.d, 100 * mb.ta, active.name.c_str(),
                          r.compared_on, folds);
        r.note = note;
        json metrics = {{"d", ma.d}, {"ta", ma.ta}, {"pa", ma.pa}, {"active_d", mb.d}, {"active_ta", mb.ta}, {"active_pa", mb.pa},
                        {"compared_with", active.name}, {"compared_on", r.compared_on}, {"folds", folds},
                        {"trained_on", json::array()}, {"how", "TA, PA, D over the held-out folds of the films with TPs set"}};
        for (const auto& d : data) metrics["trained_on"].push_back(d.film.id);
        publish(project, r, cfg, ckpt, metrics, parent, better, "tp");
    });
    if (r.activated && o.propose_after)
        for (const auto& f : project.films()) {
            if (stop.stop_requested()) break;
            if (personTurningPoints(project, f.id) || project.shots(f.id).empty()) continue;
            proposeTurningPoints(project, f.id);
            ++r.reproposed;
        }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace

FineTuneResult fineTune(store::Project& project, const FineTuneOptions& o,
                        const std::function<void(const FineTuneProgress&)>& progress, std::stop_token stop) {
    if (o.task == "tp") return fineTuneTurningPoints(project, o, progress, stop);
    const auto t0 = std::chrono::steady_clock::now();
    if (o.task != "scene") throw Error("a model's task is scene or tp, not '" + o.task + "'");
    FineTuneResult r;
    // ---- the reviewed films and what they teach ----
    std::vector<store::Film> films = reviewedFilms(project);
    if (!o.films.empty())
        std::erase_if(films, [&](const store::Film& f) { return std::find(o.films.begin(), o.films.end(), f.id) == o.films.end(); });
    if (films.empty())
        throw Error(fileError(project.path(), "no reviewed film to learn from: review a film's proposals (accept, reject, add) or "
                                              "mark it reviewed, then train"));
    if (films.size() < 2)
        throw Error(fileError(project.path(), "only 1 reviewed film ('" + films[0].name +
                                                  "'): training needs 2 or more, so that a film it never saw can tell whether it "
                                                  "beats the active model"));

    // ---- the model to start from ----
    requireWritable(project);
    ensureBaseScene(project);
    const store::ModelVersion active = activeSceneModel(project);
    std::optional<store::ModelVersion> parent;
    // A config asked for is a model from scratch; otherwise the active model, unless the novelty
    // proposer serves these films in the shipped base's place (films without picture).
    const store::ModelVersion serving = servingModel(project, active, films);
    if (!o.from.empty()) parent = project.modelVersionByIdOrName(o.from);
    else if (o.config.empty() && active.kind == "mega" && serving.id == active.id) parent = active;
    model::ModelConfig cfg;
    if (parent) {
        if (parent->kind != "mega") throw Error(fileError(project.path(), "model '" + parent->name + "' is not a trained model to start from"));
        cfg = model::readCheckpointConfig(checkpointPath(project, *parent));
    } else {
        cfg = o.config.empty() ? baseSceneConfig(project, films) : model::readModelConfig(o.config);
    }
    if (cfg.task != model::Task::Scene) throw Error("model config '" + cfg.name + "' is not a scene model");

    std::vector<Reviewed> data;
    int ends = 0, cuts = 0;
    for (const auto& f : films) {
        Reviewed d;
        d.film = f;
        d.cutLabels = sceneLabels(project, f.id);
        d.example.id = f.name;
        d.example.film = modelInput(project, cfg, f, "train");
        d.example.labels = d.cutLabels;
        d.example.labels.push_back(0);
        for (int l : d.cutLabels) ends += l;
        cuts += int(d.cutLabels.size());
        data.push_back(std::move(d));
    }
    if (ends == 0 || ends == cuts)
        throw Error(fileError(project.path(), std::string("the reviewed films' ") + std::to_string(cuts) + " cuts are all " +
                                                  (ends ? "scene ends" : "inside scenes") +
                                                  ": training needs both (accept some boundaries and reject others)"));
    r.films = int(films.size());
    r.cuts = cuts;
    r.scene_ends = ends;
    r.compared_with = serving.name;

    const int folds = std::clamp(o.folds, 2, int(films.size()));
    const int epochs = o.epochs.value_or(cfg.train.epochs);
    json params = {{"task", o.task},     {"config", cfg.name},   {"from", parent ? parent->name : "scratch"},
                   {"epochs", epochs},   {"seed", o.seed},       {"folds", folds},
                   {"films", json::array()}, {"active_before", active.name}};
    for (const auto& f : films) params["films"].push_back(f.name);
    r.run = beginRun(project, params, o.task);
    json log = json::array();
    const fs::path dir = fs::path(project.path() + ".models");
    withinRun(project, r.run, [&] {
        auto makeNet = [&](int fold) { return seededNet(project, cfg, parent ? &*parent : nullptr, o.seed + uint64_t(fold)); };
        auto trainOn = [&](model::MegaNet& net, const std::vector<train::SceneExample>& tr, int fold, const std::string& ckpt,
                           const std::vector<const Reviewed*>& held) {
            train::TrainOptions to;
            to.seed = o.seed + uint64_t(fold);
            to.epochs = epochs;
            to.checkpoint = ckpt;
            torch::manual_seed(to.seed);
            std::function<double()> heldOut;
            const std::vector<const Reviewed*> curve = curveFilms(held);
            if (!curve.empty())
                heldOut = [&net, curve] {
                    const bool training = net->is_training();
                    net->eval();
                    torch::NoGradGuard g;
                    std::vector<eval::SceneFilm> scored;
                    for (const Reviewed* h : curve) scored.push_back({netCutScores(net, h->example.film), h->cutLabels, {}, {}});
                    net->train(training);
                    return pooledAp(scored);
                };
            train::trainScene(net, tr, {}, to, epochLogger(log, fold, folds, progress, std::move(heldOut)), stop);
            project.setTrainingLog(r.run, log.dump());
        };
        // ---- k folds: the recipe on films it never saw, beside the active model on films IT never saw ----
        const std::vector<int64_t> seen = trainedOn(active);
        std::vector<eval::SceneFilm> before, after;
        for (int k = 0; k < folds; ++k) {
            std::vector<train::SceneExample> tr;
            std::vector<const Reviewed*> held;
            for (size_t i = 0; i < data.size(); ++i)
                (int(i % size_t(folds)) == k ? held.push_back(&data[i]) : tr.push_back(data[i].example));
            model::MegaNet net = makeNet(k);
            trainOn(net, tr, k, "", held);
            if (progress) progress({k, folds, epochs, epochs, 0, "validate"});
            torch::NoGradGuard g;
            for (const Reviewed* h : held) {
                if (std::find(seen.begin(), seen.end(), h->film.id) != seen.end()) continue;
                after.push_back({netCutScores(net, h->example.film), h->cutLabels, {}, {}});
                before.push_back({sceneScores(project, active, h->film.id), h->cutLabels, {}, {}});
            }
        }
        r.compared_on = int(after.size());
        r.before_ap = pooledAp(before);
        r.after_ap = pooledAp(after);
        std::vector<double> heldScores;
        std::vector<int> heldLabels;
        for (const auto& f : after) {
            heldScores.insert(heldScores.end(), f.scores.begin(), f.scores.end());
            heldLabels.insert(heldLabels.end(), f.labels.begin(), f.labels.end());
        }
        const double threshold = eval::bestF1Threshold(heldScores, heldLabels);

        // ---- the model on every reviewed film, registered ----
        std::vector<train::SceneExample> all;
        for (const auto& d : data) all.push_back(d.example);
        fs::create_directories(dir);
        r.name = "scene-" + std::to_string(r.run);
        const fs::path ckpt = dir / (r.name + ".ckpt");
        model::MegaNet net = makeNet(folds);
        trainOn(net, all, folds, ckpt.string(), {});
        fs::remove(ckpt.string() + ".last");
        const bool better = r.compared_on > 0 && r.after_ap > r.before_ap;
        char note[320];
        if (r.compared_on == 0)
            std::snprintf(note, sizeof note, "kept inactive: '%s' was trained on every reviewed film, so none is left to compare "
                          "them on; review more films, then train", active.name.c_str());
        else
            std::snprintf(note, sizeof note, "%s: AP %.1f against %.1f for '%s' on %d reviewed films neither saw in training (%d folds)",
                          better ? "active" : "kept inactive", 100 * r.after_ap, 100 * r.before_ap, r.compared_with.c_str(),
                          r.compared_on, folds);
        r.note = note;
        json metrics = {{"ap", r.after_ap},        {"active_ap", r.before_ap}, {"compared_with", r.compared_with},
                        {"compared_on", r.compared_on}, {"trained_on", json::array()}, {"threshold", threshold},
                        {"films", r.films},        {"cuts", cuts},             {"scene_ends", ends},
                        {"folds", folds},          {"how", "pooled AP over the held-out folds of the reviewed films"}};
        for (const auto& d : data) metrics["trained_on"].push_back(d.film.id);
        publish(project, r, cfg, ckpt, metrics, parent, better, "scene");
    });
    if (r.activated && o.propose_after) {
        if (progress) progress({folds, folds, epochs, epochs, 0, "propose"});
        for (const auto& f : project.films()) {
            if (stop.stop_requested()) break;
            if (isReviewed(project, f.id) || project.shots(f.id).size() < 2) continue;
            propose(project, f.id);
            ++r.reproposed;
        }
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

LearnResult learnFromDecisions(store::Project& project, int64_t filmId, const LearnOptions& o, std::stop_token stop) {
    const auto t0 = std::chrono::steady_clock::now();
    requireWritable(project);
    LearnResult r;
    const store::Film film = project.film(filmId);
    const Decisions dec = sceneDecisions(project, filmId);
    if (dec.positives < o.min_each || dec.count - dec.positives < o.min_each)
        throw Error(fileError(project.path(), "film '" + film.name + "' needs " + std::to_string(o.min_each) +
                                                  " decisions of each kind to learn from (" + std::to_string(dec.positives) +
                                                  " scene ends and " + std::to_string(dec.count - dec.positives) +
                                                  " rejected cuts so far)"));
    r.decisions = dec.count;
    ensureBaseScene(project);
    const store::ModelVersion active = activeSceneModel(project);
    // What the update starts from: the active model, or the novelty proposer where it serves this film
    // in the shipped base's place (then from scratch); the comparisons below are with the active one.
    const store::ModelVersion start = servingModel(project, active, {film});
    const model::ModelConfig cfg =
        start.kind == "mega" ? model::readCheckpointConfig(checkpointPath(project, start)) : baseSceneConfig(project, {film});
    train::SceneExample ex;
    ex.id = film.name;
    ex.film = modelInput(project, cfg, film, "learn");
    ex.labels = dec.labels;
    ex.labels.push_back(0);
    auto trainOn = [&](const std::vector<uint8_t>& use) {
        ex.use = use;
        ex.use.push_back(0);
        int n = 0;
        for (uint8_t u : use) n += u;
        model::MegaNet m = startingNet(project, cfg, &start);
        train::TrainOptions to;
        to.seed = o.seed;
        // The same work per update however many decisions there are (fewer passes over more of
        // them), so the wait stays short at the end of a long film.
        to.epochs = std::clamp(o.samples_per_update / std::max(1, n), 3, o.epochs);
        torch::manual_seed(o.seed);
        train::trainScene(m, {ex}, {}, to, {}, stop);
        return m;
    };

    // The proposals the film shows now, and the model that made them (the rollback if the update is worse).
    store::ModelVersion current = active;
    for (const auto& b : project.boundaries(filmId)) {
        const auto src = film::Source::parse(b.source);
        if (b.status != store::ReviewStatus::Unreviewed || !src.isModel()) continue;
        try {
            current = project.modelVersionByIdOrName(src.name);
        } catch (const Error&) {
        }
        break;
    }
    const auto shown = project.modelScores(filmId, current.id, "scene");
    std::vector<double> currentScores =
        shown && shown->size() == dec.labels.size() ? *shown : sceneScores(project, current, filmId);
    if (currentScores.size() != dec.labels.size()) { // a model that no longer fits the film: compare with the active one
        current = active;
        currentScores = sceneScores(project, active, filmId);
    }

    // Two folds over the decided cuts (alternately): the update learnt from one half, scored on the
    // other, against the current scores on the same decisions.
    std::vector<size_t> decided;
    for (size_t i = 0; i < dec.decided.size(); ++i)
        if (dec.decided[i]) decided.push_back(i);
    eval::SceneFilm mine, theirs;
    for (int k = 0; k < 2; ++k) {
        std::vector<uint8_t> use(dec.decided.size(), 0);
        for (size_t j = 0; j < decided.size(); ++j)
            if (int(j % 2) != k) use[decided[j]] = 1;
        model::MegaNet half = trainOn(use);
        torch::NoGradGuard g;
        const auto scores = netCutScores(half, ex.film);
        for (size_t j = 0; j < decided.size(); ++j)
            if (int(j % 2) == k) {
                mine.scores.push_back(scores[decided[j]]);
                theirs.scores.push_back(currentScores[decided[j]]);
                mine.labels.push_back(dec.labels[decided[j]]);
            }
    }
    theirs.labels = mine.labels;
    r.film_ap = pooledAp({mine});
    r.current_ap = pooledAp({theirs});
    r.compared_with = current.name;
    if (!(r.film_ap > r.current_ap)) {
        char note[320];
        std::snprintf(note, sizeof note, "kept the proposals of '%s': the update's AP %.1f against %.1f on the film's %d decisions it did not learn from",
                      current.name.c_str(), 100 * r.film_ap, 100 * r.current_ap, dec.count);
        r.note = note;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return r;
    }
    model::MegaNet net = trainOn(dec.decided);
    r.rescored = true;
    const double threshold = o.min_probability.value_or(eval::bestF1Threshold(mine.scores, mine.labels));

    // Checked on other reviewed films (the most recent first), against the active model there.
    std::vector<eval::SceneFilm> before, after;
    auto reviewed = reviewedFilms(project);
    std::reverse(reviewed.begin(), reviewed.end());
    {
        torch::NoGradGuard g;
        for (const auto& f : reviewed) {
            if (f.id == filmId || r.heldout_films >= o.max_heldout_films) continue;
            const auto labels = sceneLabels(project, f.id);
            after.push_back({netCutScores(net, modelInput(project, cfg, f, "run")), labels, {}, {}});
            auto stored = project.modelScores(f.id, active.id, "scene");
            before.push_back({stored && stored->size() == labels.size() ? *stored : sceneScores(project, active, f.id), labels, {}, {}});
            ++r.heldout_films;
        }
    }
    r.before_ap = pooledAp(before);
    r.after_ap = pooledAp(after);
    const bool better = r.heldout_films > 0 && r.after_ap >= r.before_ap;

    const fs::path dir = fs::path(project.path() + ".models");
    fs::create_directories(dir);
    r.name = freshName(project, "scene-live", dir);
    const fs::path ckpt = dir / (r.name + ".ckpt");
    model::saveCheckpoint(ckpt.string(), net, nullptr, json{{"learnt_from", film.name}, {"decisions", dec.count}}.dump());
    char note[320];
    if (r.heldout_films == 0)
        std::snprintf(note, sizeof note, "proposes on '%s' only: no other reviewed film to check it on, so '%s' stays active",
                      film.name.c_str(), active.name.c_str());
    else
        std::snprintf(note, sizeof note, "%s: AP %.1f against %.1f for '%s' on %d other reviewed films", (better ? std::string("active") : "proposes on '" + film.name + "' only").c_str(),
                      100 * r.after_ap, 100 * r.before_ap, active.name.c_str(), r.heldout_films);
    r.note = note;
    json metrics = {{"ap", r.after_ap}, {"active_ap", r.before_ap}, {"compared_with", active.name},
                    {"compared_on", r.heldout_films}, {"trained_on", json::array({filmId})}, {"decisions", dec.count},
                    {"threshold", threshold},
                    {"how", "learnt while reviewing: the film's decided cuts; checked on other reviewed films"}};
    std::vector<double> scores;
    {
        torch::NoGradGuard g;
        scores = netCutScores(net, ex.film);
    }
    project.batch([&] { // registered, (made active) and the film re-scored together, or none of it
        r.model_version = registerTrained(project, r.name, cfg, ckpt, metrics, start.kind == "mega" ? start.id : 0, r.note);
        if (better) project.activateModel(r.model_version, r.note);
        r.proposals = storeSceneProposals(project, filmId, project.modelVersion(r.model_version), scores, threshold);
    });
    // What the re-scored proposals were based on replaces the last model's, like any proposing.
    explainBestEffort(project, filmId, project.modelVersion(r.model_version), r.warnings,
                      [&] { storeSceneExplanations(project, filmId, project.modelVersion(r.model_version)); });
    r.activated = better;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace mega::pipeline
