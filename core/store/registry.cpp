// The model registry of a project (ARCHITECTURE.md's store: versions, training runs, feature
// files), the models' scores, and which films people reviewed.
#include "core/store/project_impl.h"

namespace mega::store {

// ---- features and models ----

void Project::setFeatureFile(int64_t film, const FeatureFile& f) {
    d->requireFilm(film);
    d->bulk("set feature file", film, {{"modality", f.modality}, {"path", f.path}}, [&] {
        d->db->prepare("INSERT OR REPLACE INTO feature_files(film_id, modality, path, count, dim, made_from) "
                       "VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, film)
            .bind(2, f.modality)
            .bind(3, f.path)
            .bind(4, f.count)
            .bind(5, f.dim)
            .bind(6, f.made_from)
            .run();
    });
}

std::vector<FeatureFile> Project::featureFiles(int64_t film) const {
    std::vector<FeatureFile> out;
    Statement st = d->db->prepare(
        "SELECT modality, path, count, dim, made_from FROM feature_files WHERE film_id = ? ORDER BY modality");
    st.bind(1, film);
    while (st.step()) out.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.text(4)});
    return out;
}

namespace {
const char* kModelColumns = "SELECT id, name, config_json, checkpoint, metrics_json, created_at, task, kind, active, "
                            "parent_id, note FROM model_versions";
ModelVersion readModel(const Statement& st) {
    ModelVersion m;
    m.id = st.int64(0);
    m.name = st.text(1);
    m.config_json = st.text(2);
    m.checkpoint = st.text(3);
    m.metrics_json = st.text(4);
    m.created_at = st.text(5);
    m.task = st.text(6);
    m.kind = st.text(7);
    m.active = st.int64(8) != 0;
    m.parent_id = st.isNull(9) ? 0 : st.int64(9);
    m.note = st.text(10);
    return m;
}
} // namespace

int64_t Project::addModelVersion(const ModelVersion& m) {
    if (m.task != "scene" && m.task != "tp") throw Error("a model's task is scene or tp, not '" + m.task + "'");
    int64_t id = 0;
    d->bulk("add model version", 0, {{"name", m.name}, {"task", m.task}, {"kind", m.kind}}, [&] {
        Statement st = d->db->prepare("INSERT INTO model_versions(name, config_json, checkpoint, metrics_json, created_at, "
                                      "task, kind, active, parent_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)");
        st.bind(1, m.name).bind(2, m.config_json).bind(3, m.checkpoint).bind(4, m.metrics_json).bind(5, nowUtc());
        st.bind(6, m.task).bind(7, m.kind);
        if (m.parent_id) st.bind(8, m.parent_id);
        else st.bindNull(8);
        st.bind(9, m.note).run();
        id = d->db->lastInsertId();
    });
    if (m.active) activateModel(id, m.note);
    return id;
}

std::vector<ModelVersion> Project::modelVersions() const {
    std::vector<ModelVersion> out;
    Statement st = d->db->prepare(std::string(kModelColumns) + " ORDER BY id");
    while (st.step()) out.push_back(readModel(st));
    return out;
}

ModelVersion Project::modelVersion(int64_t id) const {
    Statement st = d->db->prepare(std::string(kModelColumns) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) throw Error(fileError(d->path, "no model version " + std::to_string(id) + " (`mega models` lists them)"));
    return readModel(st);
}

ModelVersion Project::modelVersionByIdOrName(const std::string& idOrName) const {
    if (!idOrName.empty() && idOrName.size() < 18 && idOrName.find_first_not_of("0123456789") == std::string::npos)
        return modelVersion(std::stoll(idOrName));
    Statement st = d->db->prepare(std::string(kModelColumns) + " WHERE name = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, idOrName);
    if (!st.step()) throw Error(fileError(d->path, "no model version '" + idOrName + "' (`mega models` lists them)"));
    return readModel(st);
}

std::optional<ModelVersion> Project::activeModel(const std::string& task) const {
    Statement st = d->db->prepare(std::string(kModelColumns) + " WHERE task = ? AND active = 1 ORDER BY id DESC LIMIT 1");
    st.bind(1, task);
    if (!st.step()) return std::nullopt;
    return readModel(st);
}

void Project::activateModel(int64_t id, const std::string& note) {
    const ModelVersion m = modelVersion(id);
    d->bulk("activate model", 0, {{"model_version", id}, {"name", m.name}, {"note", note}}, [&] {
        d->db->prepare("UPDATE model_versions SET active = 0 WHERE task = ?").bind(1, m.task).run();
        d->db->prepare("UPDATE model_versions SET active = 1 WHERE id = ?").bind(1, id).run();
        if (!note.empty()) d->db->prepare("UPDATE model_versions SET note = ? WHERE id = ?").bind(1, note).bind(2, id).run();
    });
}

void Project::setModelNote(int64_t id, const std::string& note) {
    modelVersion(id);
    d->bulk("note model", 0, {{"model_version", id}, {"note", note}}, [&] {
        d->db->prepare("UPDATE model_versions SET note = ? WHERE id = ?").bind(1, note).bind(2, id).run();
    });
}

int64_t Project::startTrainingRun(const std::string& paramsJson, const std::string& task) {
    int64_t id = 0;
    d->bulk("start training run", 0, {{"task", task}}, [&] {
        d->db->prepare("INSERT INTO training_runs(params_json, started_at, status, task) VALUES (?, ?, 'running', ?)")
            .bind(1, paramsJson)
            .bind(2, nowUtc())
            .bind(3, task)
            .run();
        id = d->db->lastInsertId();
    });
    return id;
}

void Project::setTrainingLog(int64_t run, const std::string& logJson) {
    d->requireWritable();
    Transaction tx(*d->db); // progress, not an edit: no log entry
    d->db->prepare("UPDATE training_runs SET log_json = ? WHERE id = ?").bind(1, logJson).bind(2, run).run();
    tx.commit();
}

void Project::finishTrainingRun(int64_t run, const std::string& status, const std::string& metricsJson,
                                int64_t modelVersion) {
    d->bulk("finish training run", 0, {{"run", run}, {"status", status}}, [&] {
        Statement st = d->db->prepare(
            "UPDATE training_runs SET status = ?, metrics_json = ?, finished_at = ?, model_version_id = ? WHERE id = ?");
        st.bind(1, status).bind(2, metricsJson).bind(3, nowUtc());
        if (modelVersion) st.bind(4, modelVersion);
        else st.bindNull(4);
        st.bind(5, run).run();
        if (d->db->changes() == 0) throw Error(fileError(d->path, "no training run " + std::to_string(run)));
    });
}

std::vector<TrainingRun> Project::trainingRuns() const {
    std::vector<TrainingRun> out;
    Statement st = d->db->prepare("SELECT id, model_version_id, params_json, metrics_json, started_at, finished_at, status, "
                                  "task, log_json FROM training_runs ORDER BY id");
    while (st.step())
        out.push_back({st.int64(0), st.isNull(1) ? 0 : st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5),
                       st.text(6), st.text(7), st.text(8)});
    return out;
}

void Project::setModelScores(int64_t film, int64_t modelVersion, const std::string& task, const std::vector<double>& scores) {
    d->requireFilm(film);
    d->requireWritable();
    Transaction tx(*d->db); // a model's opinion, not an edit: replaced at every proposal, never undone
    d->db->prepare("INSERT OR REPLACE INTO model_scores(film_id, model_version_id, task, scores_json, created_at) "
                   "VALUES (?, ?, ?, ?, ?)")
        .bind(1, film)
        .bind(2, modelVersion)
        .bind(3, task)
        .bind(4, json(scores).dump())
        .bind(5, nowUtc())
        .run();
    tx.commit();
}

std::optional<std::vector<double>> Project::modelScores(int64_t film, int64_t modelVersion, const std::string& task) const {
    Statement st =
        d->db->prepare("SELECT scores_json FROM model_scores WHERE film_id = ? AND model_version_id = ? AND task = ?");
    st.bind(1, film).bind(2, modelVersion).bind(3, task);
    if (!st.step()) return std::nullopt;
    return json::parse(st.text(0)).get<std::vector<double>>();
}

void Project::setAnalysis(int64_t film, const std::string& kind, int64_t modelVersion, const std::string& metaJson,
                          const std::string& data) {
    d->requireFilm(film);
    d->requireWritable();
    Transaction tx(*d->db); // a model's opinion, like model_scores: replaced when proposed again, never undone
    d->db->prepare("INSERT OR REPLACE INTO analyses(film_id, kind, model_version_id, meta_json, data, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, film)
        .bind(2, kind)
        .bind(3, modelVersion)
        .bind(4, metaJson)
        .bindBlob(5, data.data(), data.size())
        .bind(6, nowUtc())
        .run();
    tx.commit();
}

std::optional<Project::Analysis> Project::analysis(int64_t film, const std::string& kind) const {
    if (d->schema < 4) return std::nullopt; // a read-only project of an older schema has none
    Statement st = d->db->prepare("SELECT model_version_id, meta_json, data, created_at FROM analyses WHERE film_id = ? AND kind = ?");
    st.bind(1, film).bind(2, kind);
    if (!st.step()) return std::nullopt;
    return Analysis{st.int64(0), st.text(1), st.blob(2), st.text(3)};
}

void Project::setFilmReviewed(int64_t film, bool reviewed) {
    d->requireFilm(film);
    d->bulk(reviewed ? "mark film reviewed" : "mark film unreviewed", film, {{"reviewed", reviewed}}, [&] {
        d->db->prepare("UPDATE films SET reviewed = ? WHERE id = ?").bind(1, int64_t(reviewed ? 1 : 0)).bind(2, film).run();
    });
}

bool Project::filmMarkedReviewed(int64_t film) const {
    Statement st = d->db->prepare("SELECT reviewed FROM films WHERE id = ?");
    st.bind(1, film);
    if (!st.step()) throw Error(fileError(d->path, "no film with id " + std::to_string(film)));
    return st.int64(0) != 0;
}

} // namespace mega::store
