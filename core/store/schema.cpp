#include "core/store/schema.h"

namespace mega::store::detail {

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> all{
        // 0 -> 1: the first schema.
        R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE films(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL DEFAULT '', fingerprint TEXT NOT NULL DEFAULT '',
  duration_s REAL NOT NULL DEFAULT 0, fps REAL NOT NULL DEFAULT 0, frame_count INTEGER NOT NULL DEFAULT 0,
  width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE INDEX films_by_fingerprint ON films(fingerprint);
CREATE INDEX films_by_name ON films(name);
CREATE TABLE shots(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
  start_frame INTEGER NOT NULL, end_frame INTEGER NOT NULL, start_s REAL NOT NULL, end_s REAL NOT NULL,
  PRIMARY KEY(film_id, idx)) WITHOUT ROWID;
CREATE TABLE key_frames(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE, shot_idx INTEGER NOT NULL,
  kf1 INTEGER NOT NULL, kf2 INTEGER NOT NULL, kf3 INTEGER NOT NULL, PRIMARY KEY(film_id, shot_idx)) WITHOUT ROWID;
CREATE TABLE boundaries(
  id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  shot_idx INTEGER NOT NULL, probability REAL, source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('unreviewed', 'accepted', 'rejected', 'edited')),
  UNIQUE(film_id, shot_idx));
CREATE TABLE turning_points(
  id INTEGER PRIMARY KEY, film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  tp INTEGER NOT NULL CHECK (tp BETWEEN 1 AND 5), unit TEXT NOT NULL CHECK (unit IN ('shot', 'scene', 'sentence')),
  idx INTEGER NOT NULL, annotator TEXT NOT NULL DEFAULT '', probability REAL, source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('unreviewed', 'accepted', 'rejected', 'edited')),
  UNIQUE(film_id, tp, unit, idx, annotator));
CREATE TABLE sentences(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE, annotator TEXT NOT NULL, idx INTEGER NOT NULL,
  text TEXT NOT NULL, PRIMARY KEY(film_id, annotator, idx)) WITHOUT ROWID;
CREATE TABLE cues(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
  start_s REAL NOT NULL, end_s REAL NOT NULL, text TEXT NOT NULL, PRIMARY KEY(film_id, idx)) WITHOUT ROWID;
CREATE TABLE feature_files(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE, modality TEXT NOT NULL, path TEXT NOT NULL,
  count INTEGER NOT NULL, dim INTEGER NOT NULL, PRIMARY KEY(film_id, modality)) WITHOUT ROWID;
CREATE TABLE model_versions(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, config_json TEXT NOT NULL, checkpoint TEXT NOT NULL,
  metrics_json TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE training_runs(
  id INTEGER PRIMARY KEY, model_version_id INTEGER REFERENCES model_versions(id), params_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL DEFAULT '{}', started_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')));
CREATE TABLE edits(
  id INTEGER PRIMARY KEY, session TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL, op TEXT NOT NULL,
  film_id INTEGER NOT NULL DEFAULT 0, tbl TEXT NOT NULL DEFAULT '', row_id INTEGER NOT NULL DEFAULT 0,
  before TEXT NOT NULL, after TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('done', 'undone', 'abandoned', 'final')));
CREATE INDEX edits_by_session ON edits(session, state, id);
CREATE INDEX edits_by_film ON edits(film_id);
)sql",
        // 1 -> 2: the loop (core/pipeline): which films a person has reviewed, every model's score for
        // every cut of a film (kept beside a person's decisions, and what AP is computed from), which
        // model version is active per task and why a version is not, what a feature file was made from.
        R"sql(
ALTER TABLE films ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE model_versions ADD COLUMN task TEXT NOT NULL DEFAULT 'scene';
ALTER TABLE model_versions ADD COLUMN kind TEXT NOT NULL DEFAULT 'mega';
ALTER TABLE model_versions ADD COLUMN active INTEGER NOT NULL DEFAULT 0;
ALTER TABLE model_versions ADD COLUMN parent_id INTEGER;
ALTER TABLE model_versions ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE training_runs ADD COLUMN task TEXT NOT NULL DEFAULT 'scene';
ALTER TABLE training_runs ADD COLUMN log_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feature_files ADD COLUMN made_from TEXT NOT NULL DEFAULT '';
CREATE TABLE model_scores(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  model_version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  task TEXT NOT NULL, scores_json TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY(film_id, model_version_id, task)) WITHOUT ROWID;
)sql",
        // 2 -> 3: what reading a film met (damaged pictures, an early end), one line each, so the
        // window can say a film is incomplete whenever it is opened.
        R"sql(
ALTER TABLE films ADD COLUMN warnings TEXT NOT NULL DEFAULT '';
)sql",
        // 3 -> 4: what a prediction was based on, stored with it (core/pipeline/analysis.h): the
        // synopsis-shot synchronization, Grad-CAM shares, fusion attention; `meta` is JSON, `data`
        // the large arrays as raw little-endian bytes. A model's opinion like model_scores: replaced
        // when the film is proposed again, never an edit.
        R"sql(
CREATE TABLE analyses(
  film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  model_version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  meta_json TEXT NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY(film_id, kind)) WITHOUT ROWID;
)sql",
    };
    return all;
}

} // namespace mega::store::detail
