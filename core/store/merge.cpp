// Merging projects: per-film projects made by one task each of a scheduler (GNU parallel, a
// Slurm array job) become one, without losing or duplicating a row.
#include "core/store/project_impl.h"

#include <map>

namespace mega::store {

namespace fs = std::filesystem;

MergeResult Project::mergeFrom(const std::string& other) {
    d->requireWritable();
    std::error_code ec;
    if (!fs::exists(other, ec)) throw Error(fileError(other, "no such project"));
    if (fs::equivalent(other, d->path, ec)) throw Error(fileError(other, "is the project being merged into"));
    int srcSchema = 0;
    {
        // A project, readable, of this schema or schema 3 (which only lacks the analyses, a model's
        // opinion that proposing again remakes); older ones must be opened once to upgrade.
        const Project check(other, Mode::ReadOnly);
        srcSchema = check.d->schema;
        if (check.d->schema < 3)
            throw Error(fileError(other, "an older project (schema " + std::to_string(check.d->schema) +
                                             "): open it once with this MEGA Studio to upgrade it, then merge"));
    }
    d->db->prepare("ATTACH DATABASE ? AS src").bind(1, uriFor(other, "mode=ro")).run();
    struct Detach {
        Database& db;
        ~Detach() {
            try {
                db.exec("DETACH DATABASE src");
            } catch (const std::exception&) {
            }
        }
    } detach{*d->db};
    const fs::path srcDir = fs::absolute(other).parent_path(), dstDir = fs::absolute(d->path).parent_path();
    auto rebase = [&](const std::string& p) {
        if (p.empty() || isModelsFileRef(p)) return p;
        fs::path q(p);
        if (q.is_relative()) q = (srcDir / q).lexically_normal();
        return fs::relative(q, dstDir).string();
    };
    Database& db = *d->db;
    MergeResult r;
    Transaction tx(db);

    // ---- model versions (the same name, kind, task and checkpoint: the same version) ----
    std::map<int64_t, int64_t> version;
    std::map<int64_t, int64_t> parentOf; // new version id -> src parent id
    Statement sv = db.prepare("SELECT id, name, config_json, checkpoint, metrics_json, created_at, task, kind, active, parent_id, note "
                              "FROM src.model_versions ORDER BY id");
    while (sv.step()) {
        const std::string checkpoint = rebase(sv.text(3));
        Statement find = db.prepare("SELECT id FROM model_versions WHERE name = ? AND kind = ? AND task = ? AND checkpoint = ?");
        find.bind(1, sv.text(1)).bind(2, sv.text(7)).bind(3, sv.text(6)).bind(4, checkpoint);
        if (find.step()) {
            version[sv.int64(0)] = find.int64(0);
            continue;
        }
        Statement hasActive = db.prepare("SELECT 1 FROM model_versions WHERE task = ? AND active = 1");
        hasActive.bind(1, sv.text(6));
        const bool active = sv.int64(8) != 0 && !hasActive.step();
        db.prepare("INSERT INTO model_versions(name, config_json, checkpoint, metrics_json, created_at, task, kind, active, note) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, sv.text(1))
            .bind(2, sv.text(2))
            .bind(3, checkpoint)
            .bind(4, sv.text(4))
            .bind(5, sv.text(5))
            .bind(6, sv.text(6))
            .bind(7, sv.text(7))
            .bind(8, int64_t(active ? 1 : 0))
            .bind(9, sv.text(10))
            .run();
        version[sv.int64(0)] = db.lastInsertId();
        if (!sv.isNull(9)) parentOf[db.lastInsertId()] = sv.int64(9);
        ++r.versions_added;
    }
    for (const auto& [id, parent] : parentOf)
        if (version.count(parent)) db.prepare("UPDATE model_versions SET parent_id = ? WHERE id = ?").bind(1, version[parent]).bind(2, id).run();

    // ---- training runs (the same start and parameters: the same run) ----
    Statement sr = db.prepare("SELECT model_version_id, params_json, metrics_json, started_at, finished_at, status, task, log_json "
                              "FROM src.training_runs ORDER BY id");
    while (sr.step()) {
        Statement find = db.prepare("SELECT 1 FROM training_runs WHERE started_at = ? AND params_json = ?");
        find.bind(1, sr.text(3)).bind(2, sr.text(1));
        if (find.step()) continue;
        Statement ins = db.prepare("INSERT INTO training_runs(model_version_id, params_json, metrics_json, started_at, finished_at, status, "
                                   "task, log_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!sr.isNull(0) && version.count(sr.int64(0))) ins.bind(1, version[sr.int64(0)]);
        else ins.bindNull(1);
        ins.bind(2, sr.text(1)).bind(3, sr.text(2)).bind(4, sr.text(3)).bind(5, sr.text(4)).bind(6, sr.text(5)).bind(7, sr.text(6));
        ins.bind(8, sr.text(7)).run();
        ++r.runs_added;
    }

    // ---- films and everything that belongs to them ----
    Statement sf = db.prepare("SELECT id, name, path, fingerprint, duration_s, fps, frame_count, width, height, created_at, reviewed, "
                              "warnings FROM src.films ORDER BY id");
    while (sf.step()) {
        const int64_t from = sf.int64(0);
        const std::string fingerprint = sf.text(3);
        Statement find = db.prepare(fingerprint.empty() ? "SELECT id FROM films WHERE name = ? AND fingerprint = ''"
                                                        : "SELECT id FROM films WHERE fingerprint = ?");
        find.bind(1, fingerprint.empty() ? sf.text(1) : fingerprint);
        if (find.step()) {
            ++r.films_present;
            r.present.push_back(sf.text(1));
            continue;
        }
        db.prepare("INSERT INTO films(name, path, fingerprint, duration_s, fps, frame_count, width, height, created_at, reviewed, "
                   "warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, sf.text(1))
            .bind(2, sf.text(2))
            .bind(3, fingerprint)
            .bind(4, sf.real(4))
            .bind(5, sf.real(5))
            .bind(6, sf.int64(6))
            .bind(7, sf.int64(7))
            .bind(8, sf.int64(8))
            .bind(9, sf.text(9))
            .bind(10, sf.int64(10))
            .bind(11, sf.text(11))
            .run();
        const int64_t to = db.lastInsertId();
        for (const char* sql :
             {"INSERT INTO shots SELECT ?, idx, start_frame, end_frame, start_s, end_s FROM src.shots WHERE film_id = ?",
              "INSERT INTO key_frames SELECT ?, shot_idx, kf1, kf2, kf3 FROM src.key_frames WHERE film_id = ?",
              "INSERT INTO sentences SELECT ?, annotator, idx, text FROM src.sentences WHERE film_id = ?",
              "INSERT INTO cues SELECT ?, idx, start_s, end_s, text FROM src.cues WHERE film_id = ?",
              "INSERT INTO boundaries(film_id, shot_idx, probability, source, status) "
              "SELECT ?, shot_idx, probability, source, status FROM src.boundaries WHERE film_id = ? ORDER BY id",
              "INSERT INTO turning_points(film_id, tp, unit, idx, annotator, probability, source, status) "
              "SELECT ?, tp, unit, idx, annotator, probability, source, status FROM src.turning_points WHERE film_id = ? ORDER BY id",
              // The rows got new ids here: an edit keeps its before and after (with the old id in them)
              // but points at no row (0), so history never names the wrong one.
              "INSERT INTO edits(session, who, at, op, film_id, tbl, row_id, before, after, state) "
              "SELECT session, who, at, op, ?, tbl, 0, before, after, state FROM src.edits WHERE film_id = ? ORDER BY id"})
            db.prepare(sql).bind(1, to).bind(2, from).run();
        Statement ff = db.prepare("SELECT modality, path, count, dim, made_from FROM src.feature_files WHERE film_id = ?");
        ff.bind(1, from);
        while (ff.step())
            db.prepare("INSERT INTO feature_files(film_id, modality, path, count, dim, made_from) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(1, to)
                .bind(2, ff.text(0))
                .bind(3, rebase(ff.text(1)))
                .bind(4, ff.int64(2))
                .bind(5, ff.int64(3))
                .bind(6, ff.text(4))
                .run();
        Statement ms = db.prepare("SELECT model_version_id, task, scores_json, created_at FROM src.model_scores WHERE film_id = ?");
        ms.bind(1, from);
        while (ms.step())
            if (version.count(ms.int64(0)))
                db.prepare("INSERT OR REPLACE INTO model_scores(film_id, model_version_id, task, scores_json, created_at) VALUES (?, ?, ?, ?, ?)")
                    .bind(1, to)
                    .bind(2, version[ms.int64(0)])
                    .bind(3, ms.text(1))
                    .bind(4, ms.text(2))
                    .bind(5, ms.text(3))
                    .run();
        if (srcSchema < 4) {
            ++r.films_added;
            continue;
        }
        Statement an = db.prepare("SELECT kind, model_version_id, meta_json, data, created_at FROM src.analyses WHERE film_id = ?");
        an.bind(1, from);
        while (an.step())
            if (version.count(an.int64(1))) {
                const std::string data = an.blob(3);
                db.prepare("INSERT OR REPLACE INTO analyses(film_id, kind, model_version_id, meta_json, data, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(1, to)
                    .bind(2, an.text(0))
                    .bind(3, version[an.int64(1)])
                    .bind(4, an.text(2))
                    .bindBlob(5, data.data(), data.size())
                    .bind(6, an.text(4))
                    .run();
            }
        ++r.films_added;
    }
    d->logEdit("merge project", 0, "", 0, "null",
               json{{"from", fs::absolute(other).string()}, {"films_added", r.films_added}, {"films_present", r.films_present},
                    {"versions_added", r.versions_added}, {"runs_added", r.runs_added}}
                   .dump(),
               "final");
    tx.commit();
    return r;
}

} // namespace mega::store
