#pragma once
// The project file (*.mega, an SQLite database): the single source of truth of the product. Every
// boundary a model proposes and every correction a person makes lives here; every edit is one
// durable transaction recorded in the edit log (who, when, what, before, after) and can be undone.
//
// Two processes may open one project at once: SQLite's WAL journal lets readers and one writer
// work side by side, each edit waits (up to the busy timeout) for the other's transaction, and
// undo refuses to revert a row that another session changed since.

#include "core/film/film.h"
#include "core/media/subtitle_reader.h"
#include "core/shots/shot.h"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mega::store {

/// The schema version this build writes (PRAGMA user_version).
constexpr int kSchemaVersion = 4;

// The domain's words live in core/film; the store's callers keep naming them store::.
using film::Film;
using film::ReviewStatus;
using film::reviewStatusFromString;
using film::Scene;
using film::SceneBoundary;
using film::SynopsisSentence;
using film::toString;
using film::TurningPoint;
using film::UnitKind;
using film::unitKindFromString;

struct Edit {
    int64_t id = 0;
    std::string session;
    std::string who;
    std::string at; ///< UTC, ISO 8601 with milliseconds
    std::string op; ///< e.g. "accept boundary", "import tripod"
    int64_t film_id = 0;
    std::string table;
    int64_t row_id = 0;
    std::string before, after; ///< JSON of the row (or a summary for an import); "null" where absent
    std::string state;         ///< done, undone, abandoned (an undone edit a later edit replaced), final (imports)
};

struct FeatureFile {
    std::string modality;
    std::string path;   ///< absolute, or relative to the project's folder
    int64_t count = 0, dim = 0;
    std::string made_from; ///< the film's fingerprint and the extractor's version: recompute when it differs
};

/// A model the project knows: the cold-start proposer or a trained MEGA checkpoint, per task.
struct ModelVersion {
    int64_t id = 0;
    std::string name;
    std::string config_json;
    std::string checkpoint;   ///< the checkpoint file (absolute, or relative to the project); "" for a built-in
    std::string metrics_json; ///< validation metrics (and how they were obtained)
    std::string created_at;
    std::string task = "scene"; ///< "scene" or "tp"
    std::string kind = "mega";  ///< "mega" (a checkpoint) or "novelty" (the cold-start proposer)
    bool active = false;        ///< the one version per task that proposes
    int64_t parent_id = 0;      ///< the version it was fine-tuned from
    std::string note;           ///< why it is (not) active
};

struct TrainingRun {
    int64_t id = 0;
    int64_t model_version_id = 0; ///< the model it produced (0 while running)
    std::string params_json, metrics_json;
    std::string started_at, finished_at;
    std::string status; ///< running, finished, failed, cancelled
    std::string task = "scene";
    std::string log_json = "[]"; ///< per epoch: loss and validation metric
};

struct MergeResult {
    int64_t films_added = 0;   ///< films brought in, with everything that belongs to them
    int64_t films_present = 0; ///< films this project already had (same fingerprint): left as they are
    std::vector<std::string> present; ///< their names (what the other project says of them was not brought in)
    int64_t versions_added = 0, runs_added = 0;
};

/// The SQLite library projects are stored with (for About).
std::string sqliteVersion();
/// The login name ($USER, else the password database's): who edits when no name is set.
std::string loginName();

struct ProjectStatus {
    int64_t films = 0, shots = 0, sentences = 0, turning_points = 0, cues = 0;
    std::array<int64_t, 4> boundaries_by_status{}; ///< indexed by ReviewStatus
    std::vector<std::pair<std::string, int64_t>> edits_by_person;
};

class Project {
public:
    enum class Mode {
        Open,   ///< an existing project, read-write where the file allows (read-only otherwise)
        Create, ///< open, or create a new project
        ReadOnly,
    };

    /// Throws mega::Error naming the file: missing (Mode::Open), not a project, from a newer
    /// version of MEGA Studio, damaged, locked. Nothing is changed on failure.
    explicit Project(const std::string& path, Mode mode = Mode::Open);
    ~Project();
    Project(Project&&) noexcept;
    Project& operator=(Project&&) noexcept;

    const std::string& path() const;
    bool readOnly() const;
    /// Who edits are recorded as: the OS user unless set.
    void setAuthor(const std::string& name);
    const std::string& author() const;
    /// This Project object's session id: undo and redo walk this session's edits only.
    const std::string& session() const;
    /// How long an edit waits for another process's transaction before failing (default 5 s).
    void setBusyTimeout(int milliseconds);

    /// Runs `work` as one transaction: all its writes land together or none does (an import of
    /// many films). Edits inside are savepoints of it.
    void batch(const std::function<void()>& work);

    // ---- films, shots, text (bulk writes: one transaction each, logged as one final edit) ----
    int64_t addFilm(const Film& film);
    std::vector<Film> films() const;
    Film film(int64_t id) const;
    std::optional<Film> findFilmByName(const std::string& name) const;
    /// A film by its id (digits) or name; throws mega::Error naming the project otherwise.
    Film filmByIdOrName(const std::string& idOrName) const;
    std::optional<Film> findFilmByFingerprint(const std::string& fingerprint) const;
    void setShots(int64_t film, const std::vector<shots::Shot>& shots);
    std::vector<shots::Shot> shots(int64_t film) const;
    /// Three key frames per shot (MovieNet's), kept so its files round-trip; empty if none.
    void setKeyFrames(int64_t film, const std::vector<std::array<int64_t, 3>>& keyFrames);
    std::vector<std::array<int64_t, 3>> keyFrames(int64_t film) const;
    /// Replaces a synopsis (one annotator's) and its sentence TPs: tps[n] = sentence indices of TP n+1.
    void setSynopsis(int64_t film, const std::string& annotator, const std::vector<std::string>& sentences,
                     const std::array<std::vector<int64_t>, 5>& tps, const std::string& source);
    std::vector<SynopsisSentence> synopsis(int64_t film, const std::string& annotator = "") const;
    std::vector<std::string> annotators(int64_t film) const;
    void setSubtitles(int64_t film, const std::vector<media::SubtitleCue>& cues);
    std::vector<media::SubtitleCue> subtitles(int64_t film) const;
    /// Replaces the boundaries of `source` that nobody reviewed yet (a model's new proposals, or an
    /// import's labels); reviewed ones stay.
    void setBoundaries(int64_t film, const std::string& source, const std::vector<SceneBoundary>& boundaries);
    /// A model's proposed turning points: replaces that source's unreviewed ones on the film (a
    /// person's, and the model's that a person accepted, stay).
    void setProposedTurningPoints(int64_t film, const std::string& source, const std::vector<TurningPoint>& tps);
    /// Adds turning points in bulk (an import): replaces those of the same source and annotator.
    void setTurningPoints(int64_t film, const std::string& source, const std::string& annotator,
                          const std::vector<TurningPoint>& tps);

    // ---- reads ----
    std::vector<SceneBoundary> boundaries(int64_t film) const;
    SceneBoundary boundary(int64_t id) const;
    std::vector<Scene> scenes(int64_t film) const;
    std::vector<TurningPoint> turningPoints(int64_t film) const;
    std::vector<Edit> edits(int64_t film = 0) const;
    ProjectStatus status() const;

    // ---- edits: each one durable transaction in the edit log; each returns the edit's id ----
    int64_t acceptBoundary(int64_t id);
    int64_t rejectBoundary(int64_t id);
    int64_t addBoundary(int64_t film, int64_t shotIndex);
    int64_t removeBoundary(int64_t id);
    int64_t moveBoundary(int64_t id, int64_t shotIndex);
    /// Merges scene `scene` with the next: its ending boundary is rejected (a model's, kept for the
    /// record) or removed (a person's).
    int64_t mergeScenes(int64_t film, int64_t scene);
    /// Splits the scene holding shot `shotIndex` after that shot.
    int64_t splitScene(int64_t film, int64_t shotIndex);
    int64_t setTurningPoint(int64_t film, int tp, UnitKind unit, int64_t index, const std::string& annotator = "");
    int64_t clearTurningPoint(int64_t film, int tp, UnitKind unit, int64_t index, const std::string& annotator = "");

    bool canUndo() const;
    bool canRedo() const;
    /// Reverts this session's latest edit; 0 if there is none. Throws if its row changed since.
    int64_t undo();
    /// Re-applies this session's most recently undone edit; 0 if there is none.
    int64_t redo();
    /// The session of `who`'s latest undoable edit (done or undone) on `film` (0: on any film):
    /// what a window reopening the project resumes, so undo and redo go on where they stopped.
    std::optional<std::string> lastSession(const std::string& who, int64_t film = 0) const;
    /// Takes `session`'s edits over into this object's session (one transaction), so undo and redo
    /// walk them from here; whoever still holds that session has nothing left to undo (a clear
    /// refusal, never someone else's edit undone).
    void resumeSession(const std::string& session);
    /// Starts a new session (the author changed): undo and redo forget the edits made so far.
    void startSession();

    // ---- features and models ----
    void setFeatureFile(int64_t film, const FeatureFile& file);
    std::vector<FeatureFile> featureFiles(int64_t film) const;
    int64_t addModelVersion(const ModelVersion& model);
    std::vector<ModelVersion> modelVersions() const;
    ModelVersion modelVersion(int64_t id) const;
    /// A version by id (digits) or name (the newest of that name); throws mega::Error otherwise.
    ModelVersion modelVersionByIdOrName(const std::string& idOrName) const;
    /// The active version of a task ("scene", "tp"), if any.
    std::optional<ModelVersion> activeModel(const std::string& task) const;
    /// Makes `id` the only active version of its task; `note` says why (kept on the version).
    void activateModel(int64_t id, const std::string& note = {});
    void setModelNote(int64_t id, const std::string& note);
    int64_t startTrainingRun(const std::string& paramsJson, const std::string& task = "scene");
    /// The loss and validation metric so far (JSON array), written as training goes.
    void setTrainingLog(int64_t run, const std::string& logJson);
    void finishTrainingRun(int64_t run, const std::string& status, const std::string& metricsJson, int64_t modelVersion);
    std::vector<TrainingRun> trainingRuns() const;

    /// A model version's score for every unit of a film (scene: one per cut, N-1 for N shots; tp:
    /// the five distributions), replacing what that version said before.
    void setModelScores(int64_t film, int64_t modelVersion, const std::string& task, const std::vector<double>& scores);
    std::optional<std::vector<double>> modelScores(int64_t film, int64_t modelVersion, const std::string& task) const;

    /// What a model's prediction on a film was based on (core/pipeline/analysis.h), one per film and
    /// kind: storing replaces what any version stored before under that kind. `data` is raw bytes.
    /// New shots for the film drop all of its analyses, a new synopsis its synchronization ("sync:A").
    struct Analysis {
        int64_t model_version = 0;
        std::string meta_json, data, created_at;
    };
    void setAnalysis(int64_t film, const std::string& kind, int64_t modelVersion, const std::string& metaJson,
                     const std::string& data);
    std::optional<Analysis> analysis(int64_t film, const std::string& kind) const;

    /// What reading the film met (Film::warnings), replacing what was there: set by each ingest.
    void setFilmWarnings(int64_t film, const std::vector<std::string>& warnings);

    /// A person says a film is reviewed (its decisions can train the loop) or takes it back.
    void setFilmReviewed(int64_t film, bool reviewed);
    bool filmMarkedReviewed(int64_t film) const;

    /// Brings another project's films (shots, key frames, synopses, subtitles, boundaries and turning
    /// points with their review state and source, feature files, model scores and analyses, the films' edit log),
    /// its model versions and training runs into this one, in one transaction. A film already here
    /// (same fingerprint, or same name when neither has one) is left as it is, so merging twice adds
    /// nothing; paths relative to the other project are rewritten relative to this one. Throws
    /// mega::Error naming the file (not a project, an older or newer schema, this project itself).
    MergeResult mergeFrom(const std::string& otherPath);

    /// PRAGMA integrity_check: "ok" or what is wrong.
    std::string integrityCheck() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// A model version's checkpoint that is a file of the installed models folder rather than of the
/// project ("models:NAME@FINGERPRINT": the shipped base scene model, core/pipeline/loop.h): not a
/// path, so merging projects leaves it as it is.
constexpr const char* kModelsFileRef = "models:";
inline bool isModelsFileRef(const std::string& checkpoint) { return checkpoint.rfind(kModelsFileRef, 0) == 0; }

/// A content fingerprint of a file: size plus a hash of its first and last MiB, so a moved or
/// renamed film is recognised without reading it whole.
std::string fingerprintFile(const std::string& path);

} // namespace mega::store
