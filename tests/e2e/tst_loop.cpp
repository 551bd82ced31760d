// The loop end to end, through the calls the window makes (core/pipeline and the store's edit
// API): ingest 6 generated films, review 3 from their truth, fine-tune, propose on the other 3.
// And its refusals: nothing to learn from, one class only, a model that does not fit the
// project's features, a cancelled run.
#include "core/demo/generated_film.h"
#include "core/eval/metrics.h"
#include "core/io/text_formats.h"
#include "core/model/checkpoint.h"
#include "core/model/alignment.h"
#include "core/model/predictor.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/folders.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/loop.h"
#include "core/pipeline/novelty.h"
#include "core/pipeline/synopsis_tp.h"
#include "core/features/plugin.h"
#include "core/store/project.h"
#include "support/fixtures.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <tuple>

using namespace mega;

namespace {

using Decision = std::tuple<int64_t, int64_t, std::string, store::ReviewStatus>; // id, shot, source, status

std::vector<Decision> decisions(const store::Project& p, int64_t film) {
    std::vector<Decision> out;
    for (const auto& b : p.boundaries(film)) out.emplace_back(b.id, b.shot_index, b.source, b.status);
    return out;
}

template <typename F> QString errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestLoop : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::vector<std::string> m_films, m_truths;

    std::string path(const QString& name) const { return m_tmp.filePath(name).toStdString(); }

    /// The true scene ends of film i in the project's shots.
    std::vector<int> truthLabels(const store::Project& p, int64_t film, size_t i) const {
        std::vector<int> labels(p.shots(film).size() - 1, 0);
        for (int64_t e : pipeline::truthSceneEnds(p, film, m_truths[i])) labels[size_t(e)] = 1;
        return labels;
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        pipeline::setComputeThreads(1); // ctest runs two suites at once on 2 cores
        for (int i = 0; i < 6; ++i) {
            demo::DemoOptions o;
            o.duration_s = 150;
            o.width = 320;
            o.height = 180;
            o.seed = uint64_t(101 + i);
            const auto g = demo::makeDemoFilm(path(QString("film%1").arg(i + 1)), o);
            m_films.push_back(g.film);
            m_truths.push_back(g.truth);
        }
    }

    void loopOnGeneratedFilms() {
        store::Project p(path("loop.mega"), store::Project::Mode::Create);
        p.setAuthor("tester");
        std::vector<int64_t> ids;
        for (const auto& f : m_films) {
            pipeline::IngestOptions o;
            o.threads = 1;
            const auto r = pipeline::ingestFilm(p, f, o);
            QVERIFY(r.shots > 20);
            QVERIFY(r.proposals > 0);
            ids.push_back(r.film_id);
        }
        // Ingesting alone (core, torch-free) proposes with the novelty proposer, its scores for every cut.
        const auto novelty = p.activeModel("scene");
        QVERIFY(novelty);
        QCOMPARE(novelty->kind, std::string("novelty"));
        for (int64_t id : ids) QCOMPARE(p.modelScores(id, novelty->id, "scene")->size(), p.shots(id).size() - 1);
        // The loop's first proposal registers the shipped base scene model and makes it the active cold
        // start (these films have their picture), its proposals explained like any trained model's.
        QVERIFY(features::findModelsFile(pipeline::kBaseSceneFile));
        for (int64_t id : ids) QCOMPARE(pipeline::propose(p, id).model.name, std::string(pipeline::kBaseSceneName));
        const auto base = p.activeModel("scene");
        QCOMPARE(base->name, std::string(pipeline::kBaseSceneName));
        QCOMPARE(base->kind, std::string("mega"));
        QVERIFY(nlohmann::json::parse(base->metrics_json).contains("shipped"));
        QCOMPARE(pipeline::ensureBaseScene(p)->id, base->id); // registered once
        // What the views show is stored with the proposals: the base's Grad-CAM; the synopsis'
        // synchronization with the shots comes from the text encoder (no trained act model).
        for (int64_t id : ids) {
            QCOMPARE(p.boundaries(id).front().source, std::string("model:") + pipeline::kBaseSceneName);
            pipeline::proposeTurningPoints(p, id); // as `mega ingest` and the window do after ingesting
            const auto e = pipeline::storedExplanations(p, id, "scene");
            QVERIFY(e);
            QCOMPARE(e->model_version, base->id);
            QCOMPARE(e->shot_share.size(), p.shots(id).size() - 1);
            const auto s = pipeline::storedSync(p, id);
            QVERIFY(s);
            QCOMPARE(s->method, std::string("text"));
            QCOMPARE(s->shots, int64_t(p.shots(id).size()));
            QCOMPARE(s->sentences, int64_t(p.synopsis(id).size()));
            QCOMPARE(s->model_version, p.activeModel("tp")->id);
            for (int64_t i = 0; i < s->shots; ++i) {
                double sum = 0;
                for (int64_t j = 0; j < s->sentences; ++j) {
                    sum += s->a(i, j);
                    if (s->w(i, j)) QVERIFY(s->inBand(i, j)); // W only inside Eq. 2's band
                }
                QVERIFY(std::abs(sum - 1) < 1e-4);
            }
            // The generated films' TP scenes say cue words their synopsis sentences carry: W marks some.
            QVERIFY(std::count(s->expected.begin(), s->expected.end(), uint8_t(1)) > 0);
        }
        // Ingest is idempotent per film.
        pipeline::IngestOptions again;
        again.threads = 1;
        QVERIFY(pipeline::ingestFilm(p, m_films[0], again).skipped);
        QCOMPARE(p.films().size(), size_t(6));

        // A person reviews films 1-3 through the edit API (accept, reject, add).
        for (size_t i = 0; i < 3; ++i) {
            const auto c = pipeline::reviewFromTruth(p, ids[i], pipeline::truthSceneEnds(p, ids[i], m_truths[i]));
            QVERIFY(c.accepted > 0);
            QVERIFY(pipeline::isReviewed(p, ids[i]));
            QCOMPARE(pipeline::sceneLabels(p, ids[i]), truthLabels(p, ids[i], i));
        }
        QCOMPARE(pipeline::reviewedFilms(p).size(), size_t(3));
        std::vector<std::vector<Decision>> before;
        for (size_t i = 0; i < 3; ++i) before.push_back(decisions(p, ids[i]));

        // Train: k-fold on the reviewed films gives the fine-tuned model's AP on films it never saw beside
        // the base's on the same films; the version becomes active only if it is higher.
        std::vector<double> losses;
        const auto r = pipeline::fineTune(p, {}, [&](const pipeline::FineTuneProgress& pr) {
            if (pr.stage == "train") losses.push_back(pr.loss);
        });
        qInfo("fine-tuned %s in %.1f s: %s", r.name.c_str(), r.seconds, r.note.c_str());
        QVERIFY(!losses.empty());
        QCOMPARE(r.films, 3);
        QCOMPARE(r.compared_on, 3);
        // Which of the two wins is a measurement, not a rule (SEEDS=... tests/bench/bench_loop.sh gives the
        // spread; floating point differs between machines). So the test holds the rule on both outcomes,
        // and that the model is good: chance is the share of cuts that end a scene (36 of 127 here, 0.28).
        QCOMPARE(r.activated, r.after_ap > r.before_ap);
        QVERIFY2(r.after_ap > 0.8, r.note.c_str());
        if (r.activated) {
            QVERIFY2(r.note.rfind("active:", 0) == 0, r.note.c_str());
            QCOMPARE(r.reproposed, 3);
        } else {
            // Kept inactive: nothing changes until a person makes it active (`mega models --activate`,
            // or the window's Models menu) and proposes again.
            QVERIFY2(r.note.rfind("kept inactive", 0) == 0, r.note.c_str());
            QCOMPARE(r.reproposed, 0);
            QCOMPARE(p.activeModel("scene")->id, base->id);
            for (size_t i = 3; i < 6; ++i) QCOMPARE(p.boundaries(ids[i])[0].source, std::string("model:") + pipeline::kBaseSceneName);
            p.activateModel(r.model_version, "made active by the test");
            for (size_t i = 3; i < 6; ++i) pipeline::propose(p, ids[i]);
        }
        const auto active = p.activeModel("scene");
        QCOMPARE(active->id, r.model_version);
        QCOMPARE(active->kind, std::string("mega"));
        QVERIFY(!p.modelVersion(novelty->id).active && !p.modelVersion(base->id).active);
        const auto runs = p.trainingRuns();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].status, std::string("finished"));
        // Fine-tuned from the base: its weights are where the training started.
        QCOMPARE(nlohmann::json::parse(runs[0].params_json).at("from").get<std::string>(), std::string(pipeline::kBaseSceneName));
        QCOMPARE(p.modelVersion(r.model_version).parent_id, base->id);
        QCOMPARE(runs[0].model_version_id, r.model_version);
        const auto log = nlohmann::json::parse(runs[0].log_json);
        QVERIFY(log.size() >= 4); // epochs of every fold and of the final model
        const auto metrics = nlohmann::json::parse(runs[0].metrics_json);
        QCOMPARE(metrics.at("active_ap").get<double>(), r.before_ap);
        QCOMPARE(metrics.at("ap").get<double>(), r.after_ap);

        // Proposing again on a reviewed film stores the model's opinion but leaves the decisions.
        pipeline::propose(p, ids[0]);
        QVERIFY(p.modelScores(ids[0], r.model_version, "scene"));
        for (size_t i = 0; i < 3; ++i) QCOMPARE(decisions(p, ids[i]), before[i]);
        // ... and what it was based on, replacing the cold start's: Grad-CAM of every cut (the band along
        // the film) and of every boundary with its fusion attention, equal to explaining one unit at a time.
        {
            const auto e = pipeline::storedExplanations(p, ids[0], "scene");
            QVERIFY(e);
            QCOMPARE(e->model_version, r.model_version);
            QCOMPARE(e->model_name, r.name);
            model::Predictor pred(pipeline::resolveFeaturePath(p, p.modelVersion(r.model_version).checkpoint));
            QCOMPARE(e->modalities.size(), pred.config().modalities.size());
            QCOMPARE(e->shot_share.size(), p.shots(ids[0]).size() - 1);
            const auto scores = *p.modelScores(ids[0], r.model_version, "scene");
            for (const auto& row : e->shot_share) {
                const double sum = std::accumulate(row.begin(), row.end(), 0.0);
                QVERIFY(std::abs(sum - 1) < 1e-6 || sum == 0);
            }
            QCOMPARE(e->units.size(), p.boundaries(ids[0]).size());
            std::vector<std::pair<std::string, int64_t>> mods;
            for (const auto& m : pred.config().modalities) mods.emplace_back(m.name, m.dim);
            const auto features = pipeline::loadFeaturesMasked(p, p.film(ids[0]), mods);
            // The band's rows of cuts in batches with no boundary take inference's fast path: the same.
            for (size_t cut = 0; cut < e->shot_share.size(); cut += 7) {
                const auto one = pred.explainScene(features, int64_t(cut));
                for (size_t m = 0; m < one.share.size(); ++m) QVERIFY(std::abs(one.share[m] - e->shot_share[cut][m]) < 1e-5);
            }
            for (size_t k = 0; k < e->units.size(); k += 5) {
                const auto& u = e->units[k];
                QCOMPARE(u.what, std::string("boundary"));
                QVERIFY(std::abs(u.probability - scores[size_t(u.unit)]) < 1e-5);
                const auto one = pred.explainScene(features, u.unit);
                for (size_t m = 0; m < one.share.size(); ++m) QVERIFY(std::abs(one.share[m] - u.share[m]) < 1e-5);
                const auto att = pred.fusionAttention(features, u.unit);
                QCOMPARE(u.attention.size(), att.size());
                for (size_t m = 0; m < att.size(); ++m) {
                    QCOMPARE(int64_t(u.attention[m].size()), e->bottleneck * int64_t(e->modalities.size()));
                    for (size_t t = 0; t < att[m].size(); ++t) QVERIFY(std::abs(att[m][t] - u.attention[m][t]) < 1e-5);
                }
            }
        }

        // On the 3 films nobody reviewed: the new version's AP, beside the novelty proposer's.
        std::vector<double> mega, cold;
        std::vector<int> labels;
        for (size_t i = 3; i < 6; ++i) {
            const auto l = truthLabels(p, ids[i], i);
            labels.insert(labels.end(), l.begin(), l.end());
            const auto m = *p.modelScores(ids[i], r.model_version, "scene");
            const auto c = *p.modelScores(ids[i], novelty->id, "scene");
            mega.insert(mega.end(), m.begin(), m.end());
            cold.insert(cold.end(), c.begin(), c.end());
            for (const auto& b : p.boundaries(ids[i]))
                QCOMPARE(b.source, "model:" + r.name); // the old proposals went, the new model's came
        }
        // The version proposes at the threshold its training chose (the best F1 on held-out films), so
        // about as many boundaries as there are scene ends, not every cut it scores above 0.5.
        const double threshold = nlohmann::json::parse(active->metrics_json).at("threshold").get<double>();
        QVERIFY(threshold > 0 && threshold < 1);
        size_t proposed = 0, ends = 0;
        for (size_t i = 3; i < 6; ++i) {
            for (const auto& b : p.boundaries(ids[i])) proposed += b.status == store::ReviewStatus::Unreviewed;
            ends += pipeline::truthSceneEnds(p, ids[i], m_truths[i]).size();
        }
        qInfo("threshold %.3f: %zu proposals for %zu true scene ends", threshold, proposed, ends);
        QVERIFY(proposed < 2 * ends);
        const double apMega = eval::averagePrecision(mega, labels), apCold = eval::averagePrecision(cold, labels);
        qInfo("unreviewed films: AP %.1f (%s) against %.1f (cold start)", 100 * apMega, r.name.c_str(), 100 * apCold);
        QVERIFY(apMega > 0.8); // the comparison with the cold start is the benchmark's, as above

        // Training again with nothing new reviewed: no film is left that the active model never saw.
        const auto again2 = pipeline::fineTune(p, {});
        QVERIFY(!again2.activated);
        QCOMPARE(p.activeModel("scene")->id, r.model_version);
        QVERIFY(p.modelVersion(again2.model_version).note.find("kept inactive") != std::string::npos);
    }

    // Turning points through the loop: a person's TPs on 3 films (applied from the truth through
    // the window's edit), the TP model trained on them and compared with the cold-start positions,
    // then TPs proposed on a film nobody labelled; the person's TPs stay as they were set.
    void turningPointsThroughTheLoop() {
        store::Project p(path("tp.mega"), store::Project::Mode::Create);
        pipeline::IngestOptions o;
        o.threads = 1;
        std::vector<int64_t> ids;
        for (size_t i = 0; i < 4; ++i) ids.push_back(pipeline::ingestFilm(p, m_films[i], o).film_id);
        QVERIFY(errorOf([&] { pipeline::FineTuneOptions t; t.task = "tp"; pipeline::fineTune(p, t); }).contains("0 films have all five"));
        // The loop's TP model reads the synopsis TP model's TPs carried to the shots (synopsisOnShots):
        // each generated sentence tells one scene, so TP k's column is largest inside (or next to) the
        // scene whose sentence is TP k's most likely by the synopsis model.
        const auto synopsisModelPath = features::findModelsFile("synopsis_tp.ckpt");
        QVERIFY(synopsisModelPath);
        model::Predictor synopsisModel(*synopsisModelPath);
        for (size_t i = 0; i < 2; ++i) {
            std::vector<std::string> sentences;
            for (const auto& s : p.synopsis(ids[i])) sentences.push_back(s.text);
            QVERIFY(sentences.size() >= 8);
            const auto shots = p.shots(ids[i]);
            const auto table = pipeline::synopsisOnShots(synopsisModel, shots, p.subtitles(ids[i]), sentences);
            QCOMPARE(table.name, std::string("synopsis_tp"));
            QCOMPARE(table.rows, int64_t(shots.size()));
            QCOMPARE(table.cols, pipeline::kSynopsisOnShotsDim);
            QCOMPARE(std::accumulate(table.present.begin(), table.present.end(), 0), int(shots.size()));
            // Column k is sum_j A(i, j) P_k(j) over its largest; column 5 + k its rise from the shot before.
            const auto sync = pipeline::textSync(shots, p.subtitles(ids[i]), sentences);
            const auto distribution = pipeline::predictSynopsisTurningPoints(synopsisModel, sentences).distribution;
            for (int64_t k = 0; k < 5; ++k) {
                std::vector<double> m(shots.size(), 0.0);
                for (int64_t r = 0; r < table.rows; ++r)
                    for (int64_t j = 0; j < int64_t(sentences.size()); ++j) m[size_t(r)] += sync.a(r, j) * distribution[size_t(k)][size_t(j)];
                const double top = *std::max_element(m.begin(), m.end());
                for (int64_t r = 0; r < table.rows; ++r) {
                    QVERIFY(std::abs(table.values[size_t(r * table.cols + k)] - m[size_t(r)] / top) < 1e-5);
                    const double rise = std::max(0.0, (m[size_t(r)] - (r > 0 ? m[size_t(r - 1)] : 0.0)) / top);
                    QVERIFY(std::abs(table.values[size_t(r * table.cols + 5 + k)] - rise) < 1e-5);
                }
            }
            std::vector<int64_t> sceneStart{0}; // sentence j tells scene j
            for (int64_t e : pipeline::truthSceneEnds(p, ids[i], m_truths[i])) sceneStart.push_back(e + 1);
            sceneStart.push_back(int64_t(shots.size()));
            QCOMPARE(sceneStart.size(), sentences.size() + 1);
            const auto chosen = eval::argmax(pipeline::predictSynopsisTurningPoints(synopsisModel, sentences).distribution);
            // A scene that kept the words of the one before (new_words false) tells the same sentence
            // words: only TPs whose scene's words are its own, and not the next scene's, are checked.
            const auto generated = nlohmann::json::parse(std::ifstream(m_truths[i])).at("generator").at("scenes");
            auto ownWords = [&](int64_t scene) {
                return generated[size_t(scene)].at("new_words").get<bool>() || scene == 0;
            };
            int checked = 0;
            for (int64_t k = 0; k < 5; ++k) {
                auto column = [&](int64_t c) {
                    std::vector<float> v;
                    for (int64_t r = 0; r < table.rows; ++r) v.push_back(table.values[size_t(r * table.cols + c)]);
                    return v;
                };
                const auto mass = column(k);
                const int64_t sentence = chosen[size_t(k)];
                if (!ownWords(sentence) || (sentence + 1 < int64_t(sentences.size()) && !ownWords(sentence + 1))) continue;
                ++checked;
                const auto top = std::max_element(mass.begin(), mass.end()) - mass.begin();
                QVERIFY2(top >= sceneStart[size_t(std::max<int64_t>(0, sentence - 1))] && top < sceneStart[size_t(sentence) + 1 +
                         (sentence + 2 < int64_t(sceneStart.size()))],
                         qPrintable(QString("film %1 TP%2: largest at shot %3, scene of sentence %4 is shots %5-%6")
                                        .arg(i).arg(k + 1).arg(top).arg(sentence).arg(sceneStart[size_t(sentence)])
                                        .arg(sceneStart[size_t(sentence) + 1] - 1)));
                QCOMPARE(mass[size_t(top)], 1.0f);
            }
            QVERIFY2(checked >= 3, qPrintable(QString::number(checked)));
            // No synopsis: every row absent, so the model reads the shots' places only.
            const auto none = pipeline::synopsisOnShots(synopsisModel, shots, p.subtitles(ids[i]), {});
            QCOMPARE(std::accumulate(none.present.begin(), none.present.end(), 0), 0);
        }
        for (size_t i = 0; i < 3; ++i) {
            const auto tps = pipeline::truthTurningPoints(p, ids[i], m_truths[i]);
            QVERIFY(tps);
            QCOMPARE(pipeline::reviewTurningPoints(p, ids[i], *tps), 5);
            QCOMPARE(*pipeline::personTurningPoints(p, ids[i]), *tps);
            QCOMPARE(pipeline::reviewTurningPoints(p, ids[i], *tps), 0); // already so
        }
        // A config whose computed modality has the wrong width is refused, naming it.
        {
            auto cfg = nlohmann::json::parse(std::ifstream(*features::findModelsFile("act_loop.json")));
            cfg["modalities"][1]["dim"] = 10;
            std::ofstream(path("act_wrong.json")) << cfg.dump();
            pipeline::FineTuneOptions t;
            t.task = "tp";
            t.config = path("act_wrong.json");
            const QString e = errorOf([&] { pipeline::fineTune(p, t); });
            QVERIFY2(e.contains("'synopsis_tp' has 10 dimensions; the computed one has 18"), qPrintable(e));
        }
        // The cold-start TP model proposes the theory positions.
        const auto cold = pipeline::proposeTurningPoints(p, ids[3]);
        QCOMPARE(cold.model.kind, std::string("positions"));
        QCOMPARE(p.activeModel("tp")->id, cold.model.id);
        // A proposal a person accepts is theirs: proposing again leaves it.
        const auto proposedTp2 = [&] {
            for (const auto& t : p.turningPoints(ids[3]))
                if (t.tp == 2) return t;
            return store::TurningPoint{};
        }();
        p.setTurningPoint(ids[3], 2, store::UnitKind::Shot, proposedTp2.index);
        pipeline::proposeTurningPoints(p, ids[3]);
        QCOMPARE(p.turningPoints(ids[3]).size(), size_t(5));
        for (const auto& t : p.turningPoints(ids[3]))
            if (t.tp == 2) QCOMPARE(t.status, store::ReviewStatus::Accepted);

        pipeline::FineTuneOptions t;
        t.task = "tp";
        t.epochs = 15;
        const auto r = pipeline::fineTune(p, t);
        qInfo("TP model %s: %s", r.name.c_str(), r.note.c_str());
        QCOMPARE(r.films, 3);
        QCOMPARE(r.compared_on, 3);
        const auto v = p.modelVersion(r.model_version);
        QCOMPARE(v.task, std::string("tp"));
        const auto metrics = nlohmann::json::parse(v.metrics_json);
        QCOMPARE(metrics.at("d").get<double>(), r.after_ap);
        QCOMPARE(metrics.at("active_d").get<double>(), r.before_ap);
        QCOMPARE(p.trainingRuns().back().status, std::string("finished"));
        QCOMPARE(p.trainingRuns().back().task, std::string("tp"));
        QCOMPARE(p.activeModel("tp")->id, r.activated ? r.model_version : cold.model.id);
        // The new version proposes on the unlabelled film; the labelled films keep the person's TPs.
        pipeline::proposeTurningPoints(p, ids[3], r.name);
        int mine = 0, acceptedTp2 = 0;
        for (const auto& tp : p.turningPoints(ids[3])) {
            mine += tp.source == "model:" + r.name && tp.tp != 2;
            acceptedTp2 += tp.tp == 2 && tp.status == store::ReviewStatus::Accepted && tp.index == proposedTp2.index;
        }
        QCOMPARE(mine, 4);       // TP1, TP3-TP5 (its TP2 may sit where the accepted one is)
        QCOMPARE(acceptedTp2, 1); // the person's TP2 stays
        QCOMPARE(p.modelScores(ids[3], r.model_version, "tp")->size(), 5 * p.shots(ids[3]).size());
        // For researchers the same model runs on a features folder (folders.h): from the film's shots and
        // words there (words.json, as `mega features --per-shot` writes it) it computes the same inputs
        // and gives the distributions the loop stored.
        {
            const QString dir = m_tmp.filePath("tpfolder");
            QVERIFY(QDir().mkpath(dir));
            std::vector<std::string> sentences;
            for (const auto& s : p.synopsis(ids[3])) sentences.push_back(s.text);
            pipeline::writeFolderWords(dir.toStdString(), {p.shots(ids[3]), p.subtitles(ids[3]), sentences});
            model::Predictor pred(pipeline::resolveFeaturePath(p, v.checkpoint));
            const auto tps = pred.turningPoints(pipeline::readFeatureFolder(dir.toStdString(), pred.config()));
            const auto stored = *p.modelScores(ids[3], r.model_version, "tp");
            const size_t n = p.shots(ids[3]).size();
            for (size_t k = 0; k < 5; ++k)
                for (size_t i = 0; i < n; ++i) QVERIFY(std::abs(tps.distribution[k][i] - stored[k * n + i]) < 1e-5);
        }
        // Each TP's Grad-CAM and attention are stored with it, and the synchronization with the version.
        const auto e = pipeline::storedExplanations(p, ids[3], "tp");
        QVERIFY(e);
        QCOMPARE(e->model_version, r.model_version);
        QCOMPARE(e->units.size(), size_t(5));
        for (int n = 1; n <= 5; ++n) {
            const auto* u = e->findTp(n);
            QVERIFY(u);
            QCOMPARE(u->share.size(), e->modalities.size());
            QVERIFY(u->unit >= 0 && u->unit < int64_t(p.shots(ids[3]).size()));
        }
        QCOMPARE(pipeline::storedSync(p, ids[3])->model_version, r.model_version);
        for (size_t i = 0; i < 3; ++i) QCOMPARE(*pipeline::personTurningPoints(p, ids[i]), *pipeline::truthTurningPoints(p, ids[i], m_truths[i]));
    }

    // One band: the E-step's W (core/model/alignment) can be 1 exactly where the views draw the band
    // (pipeline::inDiagonalBand), for films longer and shorter than their synopses.
    void eStepBandIsTheViewsBand() {
        for (auto [shots, sentences] : {std::pair<int64_t, int64_t>{37, 11}, {9, 23}, {50, 50}, {7, 3}}) {
            const torch::Tensor all = torch::full({shots, sentences}, 1e9);
            const torch::Tensor w = model::eStep(all, 0.0, 0.3);
            for (int64_t i = 0; i < shots; ++i)
                for (int64_t j = 0; j < sentences; ++j)
                    QCOMPARE(w[i][j].item<float>() > 0, pipeline::inDiagonalBand(i, j, shots, sentences, 0.3));
        }
    }

    void refusesWhatCannotTrain() {
        store::Project p(path("refuse.mega"), store::Project::Mode::Create);
        pipeline::IngestOptions o;
        o.threads = 1;
        const int64_t a = pipeline::ingestFilm(p, m_films[0], o).film_id;
        const int64_t b = pipeline::ingestFilm(p, m_films[1], o).film_id;
        QVERIFY(errorOf([&] { pipeline::fineTune(p); }).contains("no reviewed film"));
        pipeline::reviewFromTruth(p, a, pipeline::truthSceneEnds(p, a, m_truths[0]));
        QVERIFY(errorOf([&] { pipeline::fineTune(p); }).contains("only 1 reviewed film"));
        // A second film whose every cut is rejected, and the first's accepted ones turned down too.
        pipeline::reviewFromTruth(p, b, {});
        pipeline::reviewFromTruth(p, a, {});
        QVERIFY(errorOf([&] { pipeline::fineTune(p); }).contains("all inside scenes"));
        QVERIFY(p.trainingRuns().empty()); // refused before a run started

        // A read-only project: training and proposing say so, and nothing stored is lost.
        {
            pipeline::reviewFromTruth(p, a, pipeline::truthSceneEnds(p, a, m_truths[0]));
            pipeline::reviewFromTruth(p, b, pipeline::truthSceneEnds(p, b, m_truths[1]));
            const auto before = decisions(p, a);
            store::Project ro(path("refuse.mega"), store::Project::Mode::ReadOnly);
            QVERIFY(errorOf([&] { pipeline::fineTune(ro); }).contains("read-only"));
            QVERIFY(errorOf([&] { pipeline::propose(ro, a); }).contains("read-only"));
            QCOMPARE(decisions(p, a), before);
            QCOMPARE(p.integrityCheck(), std::string("ok"));
        }

        // A model that needs a modality the project lacks is refused, naming it.
        model::ModelConfig cfg = model::parseModelConfig(
            R"({"name": "faces_model", "task": "scene", "units": 9, "bottleneck_tokens": 2, "width": 16, "ffn_width": 32,
                "heads": 4, "unimodal_layers": 1, "fusion_layers": 1, "dropout": 0.1, "classes": 2,
                "modalities": [{"name": "faces", "dim": 8}], "train": {"epochs": 1}})",
            "test");
        model::MegaNet net(cfg);
        model::saveCheckpoint(path("faces.ckpt"), net, nullptr, "{}");
        const auto mv = pipeline::registerCheckpoint(p, path("faces.ckpt"));
        const QString e = errorOf([&] { pipeline::propose(p, a, {mv.name}); });
        QVERIFY2(e.contains("\"faces\"") && e.contains("faces_model"), qPrintable(e));
        // ... and one whose modality has another width, naming the modality and both widths.
        cfg.modalities = {{"contrast", 5}};
        cfg.name = "narrow";
        model::MegaNet narrow(cfg);
        model::saveCheckpoint(path("narrow.ckpt"), narrow, nullptr, "{}");
        const QString e2 = errorOf([&] { pipeline::propose(p, a, {pipeline::registerCheckpoint(p, path("narrow.ckpt")).name}); });
        QVERIFY2(e2.contains("\"contrast\"") && e2.contains("5"), qPrintable(e2));
    }

    // Per-film projects made by parallel `mega ingest` processes, merged, equal one project ingested
    // by one process: the same films, shots, feature files, proposals and scores; merging again adds nothing.
    void mergeOfParallelIngestsEqualsOneIngest() {
        const std::string single = path("single.mega");
        {
            QProcess one; // one process, the films one after another
            one.start(MEGA_CLI, {"ingest", QString::fromStdString(m_films[0]), QString::fromStdString(m_films[1]),
                                 QString::fromStdString(m_films[2]), "-p", QString::fromStdString(single), "--threads", "1", "--quiet"});
            QVERIFY(one.waitForFinished(300000));
            QVERIFY2(one.exitCode() == 0, one.readAllStandardError().constData());
        }
        std::vector<std::unique_ptr<QProcess>> procs;
        for (size_t i = 0; i < 3; ++i) {
            auto proc = std::make_unique<QProcess>();
            proc->start(MEGA_CLI, {"ingest", QString::fromStdString(m_films[i]), "-p", m_tmp.filePath(QString("part%1.mega").arg(i)),
                                   "--threads", "1", "--quiet"});
            procs.push_back(std::move(proc));
        }
        for (auto& proc : procs) {
            QVERIFY(proc->waitForFinished(180000));
            QVERIFY2(proc->exitCode() == 0, proc->readAllStandardError().constData());
        }
        store::Project merged(path("merged.mega"), store::Project::Mode::Create);
        for (int i = 0; i < 3; ++i) QCOMPARE(merged.mergeFrom(path(QString("part%1.mega").arg(i))).films_added, int64_t(1));
        const auto again = merged.mergeFrom(path("part0.mega"));
        QCOMPARE(again.films_added, int64_t(0));
        QCOMPARE(again.films_present, int64_t(1));
        QVERIFY(errorOf([&] { merged.mergeFrom(path("merged.mega")); }).contains("merged into"));
        QVERIFY(errorOf([&] { merged.mergeFrom(m_films[0]); }).contains("not a MEGA Studio project"));

        const store::Project one(single, store::Project::Mode::ReadOnly);
        const auto a = one.films(), b = merged.films();
        QCOMPARE(a.size(), b.size());
        // The cold-start models once each, not three times: novelty, the shipped base (active), theory.
        QCOMPARE(merged.modelVersions().size(), size_t(3));
        QCOMPARE(merged.activeModel("scene")->name, std::string(pipeline::kBaseSceneName));
        QCOMPARE(merged.activeModel("tp")->name, std::string("theory"));
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].fingerprint, a[i].fingerprint);
            QCOMPARE(b[i].name, a[i].name);
            QCOMPARE(merged.shots(b[i].id), one.shots(a[i].id));
            QCOMPARE(merged.subtitles(b[i].id).size(), one.subtitles(a[i].id).size());
            const auto ba = one.boundaries(a[i].id), bb = merged.boundaries(b[i].id);
            QCOMPARE(bb.size(), ba.size());
            for (size_t k = 0; k < ba.size(); ++k) {
                QCOMPARE(bb[k].shot_index, ba[k].shot_index);
                QCOMPARE(bb[k].probability, ba[k].probability);
                QCOMPARE(bb[k].source, ba[k].source);
                QCOMPARE(bb[k].status, ba[k].status);
            }
            QCOMPARE(*merged.modelScores(b[i].id, merged.activeModel("scene")->id, "scene"),
                     *one.modelScores(a[i].id, one.activeModel("scene")->id, "scene"));
            const auto ta0 = one.turningPoints(a[i].id), tb0 = merged.turningPoints(b[i].id);
            QCOMPARE(tb0.size(), ta0.size());
            for (size_t k = 0; k < ta0.size(); ++k) {
                QCOMPARE(tb0[k].tp, ta0[k].tp);
                QCOMPARE(tb0[k].index, ta0[k].index);
                QCOMPARE(tb0[k].source, ta0[k].source);
            }
            const auto fa = one.featureFiles(a[i].id), fb = merged.featureFiles(b[i].id);
            QCOMPARE(fb.size(), fa.size());
            std::vector<std::string> names;
            for (const auto& f : fa) names.push_back(f.modality);
            const auto ta = pipeline::loadFeatures(one, a[i], names), tb = pipeline::loadFeatures(merged, b[i], names);
            for (size_t m = 0; m < ta.size(); ++m) {
                QCOMPARE(tb[m].values, ta[m].values); // the files the merged project points at hold the same features
                QCOMPARE(tb[m].present, ta[m].present);
            }
        }
        QCOMPARE(merged.integrityCheck(), std::string("ok"));
    }

    // The loop's command line: ingest, review, train, models, propose, and their errors.
    void commandLine() {
        using fixtures::runMega;
        const QString proj = m_tmp.filePath("cli.mega");
        auto films = QStringList{QString::fromStdString(m_films[0]), QString::fromStdString(m_films[1]),
                                 QString::fromStdString(m_films[2])};
        auto r = runMega(QStringList{"ingest"} + films + QStringList{"-p", proj, "-j", "2", "--threads", "1"}, 300000);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.err.count("shots,"), 3); // a line per film
        r = runMega(QStringList{"ingest", films[0], "-p", proj, "--threads", "1"}, 60000);
        QVERIFY(r.err.contains("already ingested")); // idempotent: resumes a killed run
        r = runMega({"ingest", m_tmp.filePath("nothing.mp4"), "-p", proj}, 60000);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("nothing.mp4"));
        r = runMega({"train", proj, "--task", "scene", "--threads", "1"}, 60000);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no reviewed film"), r.err.constData());
        for (int i = 0; i < 2; ++i) {
            r = runMega({"review", proj, "--film", QString("film%1").arg(i + 1), "--from", QString::fromStdString(m_truths[size_t(i)]),
                         "--author", "ana"},
                        60000);
            QVERIFY2(r.code == 0, r.err.constData());
            QVERIFY(r.out.contains("accepted") && r.out.contains("5 turning points set as ana"));
        }
        r = runMega({"review", proj, "--film", "no-such-film", "--from", QString::fromStdString(m_truths[0])}, 60000);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no-such-film"));
        r = runMega({"train", proj, "--task", "scene", "--threads", "1", "--epochs", "10"}, 120000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("scene-"));
        r = runMega({"models", proj, "--json"}, 60000);
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j.at("versions").size(), size_t(4)); // novelty, scene-base, theory, the new one
        QCOMPARE(j.at("runs").size(), size_t(1));
        QCOMPARE(j.at("runs")[0].at("status").get<std::string>(), std::string("finished"));
        QVERIFY(j.at("runs")[0].at("log").size() >= 10);
        r = runMega({"models", proj, "--activate", "novelty"}, 60000);
        QVERIFY2(r.code == 0, r.err.constData());
        {
            store::Project p(proj.toStdString(), store::Project::Mode::ReadOnly);
            QCOMPARE(p.activeModel("scene")->name, std::string("novelty"));
        }
        r = runMega({"propose", proj, "--task", "scene", "--threads", "1"}, 60000);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("film3:") && r.out.contains("by novelty"));
        r = runMega({"propose", proj, "--model", "novelty"}, 60000);
        QCOMPARE(r.code, 2); // --model needs the task it is for
        r = runMega({"models", proj, "--activate", "no-such-model"}, 60000);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no-such-model"));
    }

    // Films without video (a corpus such as MovieNet-SSeg: shots, subtitles, people's labels) through
    // the command line: imported with their labels as a reviewed annotator's boundaries, or without
    // them to be proposed; the loop trains over their picture-free modalities (timing, speech), a film
    // without subtitles read through the speech mask, and proposes on the unlabelled ones.
    void filmsWithoutVideoTrainAndPropose() {
        using fixtures::runMega;
        // Six films of ~25 scenes: a scene opens on a long shot most of the time, its people talk,
        // and the talk pauses across the cut between scenes. Film 4 and 6 have no subtitles.
        const QString dir = m_tmp.filePath("corpus");
        QVERIFY(QDir().mkpath(dir + "/label318") && QDir().mkpath(dir + "/shot_movie318") && QDir().mkpath(dir + "/subtitle"));
        std::mt19937 rng(5);
        auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
        std::map<std::string, std::vector<int>> gold;
        for (int f = 1; f <= 6; ++f) {
            const std::string id = "tt000000" + std::to_string(f);
            std::string shots, labels, srt;
            int64_t frame = 0, cue = 0;
            int shot = 0;
            for (int scene = 0; scene < 25; ++scene) {
                const int n = 3 + int(rng() % 10);
                double talk = double(frame) / 24 + 1.5; // a scene's talk starts after its first moments
                for (int k = 0; k < n; ++k) {
                    const double len = k == 0 && uni(0, 1) < 0.7 ? uni(5, 9) : uni(1, 4);
                    const int64_t frames = int64_t(len * 24);
                    char line[96];
                    const auto a = static_cast<long long>(frame), b = static_cast<long long>(frame + frames - 1);
                    std::snprintf(line, sizeof line, "%lld %lld %lld %lld %lld\n", a, b, a, a, a);
                    shots += line;
                    frame += frames;
                    if (shot > 0) {
                        std::snprintf(line, sizeof line, "%04d %d\n", shot - 1, k == 0 ? 1 : 0);
                        labels += line;
                        gold[id].push_back(k == 0 ? 1 : 0);
                    }
                    ++shot;
                }
                const double sceneEnd = double(frame) / 24 - 1.5; // and ends before the scene does
                for (; talk + 1 < sceneEnd; talk += uni(2.5, 4)) {
                    auto tc = [](double t) {
                        char b[32];
                        std::snprintf(b, sizeof b, "%02d:%02d:%02d,%03d", int(t / 3600), int(t / 60) % 60, int(t) % 60,
                                      int((t - std::floor(t)) * 1000));
                        return std::string(b);
                    };
                    srt += std::to_string(++cue) + "\n" + tc(talk) + " --> " + tc(std::min(talk + 2, sceneEnd)) + "\nscene " +
                           std::to_string(scene) + " words " + std::to_string(rng() % 50) + "\n\n";
                }
            }
            QVERIFY(fixtures::writeText(dir + "/label318/" + QString::fromStdString(id) + ".txt", QByteArray::fromStdString(labels)));
            QVERIFY(fixtures::writeText(dir + "/shot_movie318/" + QString::fromStdString(id) + ".txt", QByteArray::fromStdString(shots)));
            if (f != 4 && f != 6)
                QVERIFY(fixtures::writeText(dir + "/subtitle/" + QString::fromStdString(id) + ".srt", QByteArray::fromStdString(srt)));
        }
        QVERIFY(fixtures::writeText(dir + "/split.json", R"({"train": ["tt0000001", "tt0000002", "tt0000003", "tt0000004"],
                                                             "val": ["tt0000005", "tt0000006"]})"));
        // A small recipe so that the test trains in seconds.
        auto cfg = nlohmann::json::parse(io::readTextFile(std::string(MEGA_SOURCE_DIR) + "/models/scene_timing.json"));
        cfg["train"]["epochs"] = 6;
        cfg["train"]["samples_per_epoch"] = 3000;
        cfg["context"]["batch"] = 4; // the film-level context: 4 steps an epoch on these 4 films
        QVERIFY(fixtures::writeText(m_tmp.filePath("timing.json"), QByteArray::fromStdString(cfg.dump())));

        const QString proj = m_tmp.filePath("corpus.mega");
        auto r = runMega({"import", proj, "--movienet", dir, "--movienet-split", "train", "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("film tt0000004: no subtitles"), r.err.constData());
        QVERIFY(r.out.contains("imported 4 MovieNet films"));
        r = runMega({"import", proj, "--movienet", dir, "--movienet-split", "val", "--no-labels", "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        {
            store::Project p(proj.toStdString(), store::Project::Mode::ReadOnly);
            QCOMPARE(pipeline::reviewedFilms(p).size(), size_t(4));
            const store::Film val = *p.findFilmByName("tt0000005");
            QVERIFY(p.boundaries(val.id).empty());
            const auto tables = pipeline::loadFeatures(p, val, pipeline::pictureFreeModalities());
            QCOMPARE(tables[0].cols, int64_t(10));
            QCOMPARE(tables[1].present, std::vector<uint8_t>(size_t(tables[1].rows), 1));
            const store::Film mute = *p.findFilmByName("tt0000006");
            QCOMPARE(pipeline::loadFeatures(p, mute, {"speech"})[0].present, std::vector<uint8_t>(p.shots(mute.id).size(), 0));
            // A model over picture and timing reads such a film: the picture comes absent (mask 0).
            const auto masked = pipeline::loadFeaturesMasked(p, mute, {{"contrast", 18}, {"timing", 10}});
            QCOMPARE(masked[0].present, std::vector<uint8_t>(p.shots(mute.id).size(), 0));
            QCOMPARE(masked[0].cols, int64_t(18));
            QCOMPARE(masked[1].present, std::vector<uint8_t>(p.shots(mute.id).size(), 1));
            const QString none = errorOf([&] { pipeline::loadFeaturesMasked(p, mute, {{"faces", 8}}); });
            QVERIFY2(none.contains("tt0000006") && none.contains("\"faces\""), qPrintable(none));
        }
        r = runMega({"train", proj, "--task", "scene", "--config", m_tmp.filePath("timing.json"), "--threads", "1", "--folds", "2"}, 300000);
        QVERIFY2(r.code == 0, r.err.constData());
        std::optional<store::Project> p(std::in_place, proj.toStdString(), store::Project::Mode::Open);
        // Training registered the shipped base (the cold start of films with picture), but these films
        // have none: the novelty proposer stood in for it, and the model trained from scratch.
        const auto versions = p->modelVersions();
        const auto trained = std::find_if(versions.begin(), versions.end(), [&](const store::ModelVersion& v) {
            return v.id == p->trainingRuns().back().model_version_id;
        });
        QVERIFY(trained != versions.end());
        QCOMPARE(trained->parent_id, int64_t(0));
        QCOMPARE(nlohmann::json::parse(trained->metrics_json).at("compared_with").get<std::string>(), std::string("novelty"));
        {
            const auto base = pipeline::ensureBaseScene(*p);
            QVERIFY(base);
            const store::Film f = *p->findFilmByName("tt0000005");
            QCOMPARE(pipeline::sceneScores(*p, *base, f.id), pipeline::filmNoveltyScores(*p, f));
        }
        QVERIFY2(QString::fromStdString(trained->config_json).contains("speech"), trained->config_json.c_str());
        QVERIFY2(nlohmann::json::parse(trained->config_json).at("context").at("hidden").get<int>() > 0, trained->config_json.c_str());
        // The trained model finds the scenes far better than chance (about 1 cut in 7 is a scene end)
        // on the two films nobody labelled and on the training film without subtitles: with subtitles,
        // and without them through the speech mask (trained with modality dropout).
        for (const char* id : {"tt0000004", "tt0000005", "tt0000006"}) {
            const store::Film f = *p->findFilmByName(id);
            const auto scores = pipeline::sceneScores(*p, *trained, f.id);
            const double ap = eval::averagePrecision(scores, gold[id]);
            const auto timing = pipeline::loadFeatures(*p, f, {"timing"})[0];
            std::vector<double> after;
            for (int64_t i = 0; i + 1 < timing.rows; ++i) after.push_back(timing.values[size_t((i + 1) * timing.cols)]);
            qInfo("%s: AP %.3f, shot after %.3f", id, ap, eval::averagePrecision(after, gold[id]));
            const double rate = double(std::count(gold[id].begin(), gold[id].end(), 1)) / double(gold[id].size());
            QVERIFY2(ap > 2 * rate, qPrintable(QString("%1: AP %2, chance %3").arg(id).arg(ap).arg(rate)));
        }
        r = runMega({"propose", proj, "--model", QString::fromStdString(trained->name), "--task", "scene", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        p.emplace(proj.toStdString(), store::Project::Mode::Open);
        QVERIFY(!p->boundaries(p->findFilmByName("tt0000006")->id).empty());
        // Trained from scratch without a config, the loop picks the one for films without picture
        // (0 epochs: only which config it builds is looked at here).
        p->activateModel(pipeline::ensureColdStart(*p).id, "test");
        pipeline::FineTuneOptions fresh;
        fresh.epochs = 0;
        fresh.propose_after = false;
        const auto version = p->modelVersion(pipeline::fineTune(*p, fresh).model_version);
        QCOMPARE(nlohmann::json::parse(version.config_json).at("name").get<std::string>(), std::string("scene_timing"));
    }

    void cancelledRunKeepsTheActiveModel() {
        store::Project p(path("cancel.mega"), store::Project::Mode::Create);
        pipeline::IngestOptions o;
        o.threads = 1;
        for (size_t i = 0; i < 2; ++i) {
            const int64_t id = pipeline::ingestFilm(p, m_films[i], o).film_id;
            pipeline::reviewFromTruth(p, id, pipeline::truthSceneEnds(p, id, m_truths[i]));
        }
        pipeline::ensureBaseScene(p); // what the loop does first: the shipped base becomes the active cold start
        const int64_t activeBefore = p.activeModel("scene")->id;
        QCOMPARE(p.modelVersion(activeBefore).name, std::string(pipeline::kBaseSceneName));
        std::stop_source stop;
        bool cancelled = false;
        try {
            pipeline::fineTune(p, {}, [&](const pipeline::FineTuneProgress&) { stop.request_stop(); }, stop.get_token());
        } catch (const Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(p.trainingRuns().back().status, std::string("cancelled"));
        QCOMPARE(p.activeModel("scene")->id, activeBefore);
        QCOMPARE(p.integrityCheck(), std::string("ok"));

        // A training process killed outright: the project stays valid, the active model too, and
        // the next training marks the run failed.
        QProcess proc;
        proc.start(MEGA_CLI, {"train", m_tmp.filePath("cancel.mega"), "--task", "scene", "--threads", "1", "--quiet"});
        QTRY_VERIFY_WITH_TIMEOUT(p.trainingRuns().size() == 2, 60000);
        QTest::qWait(1500); // into its epochs
        proc.kill();
        QVERIFY(proc.waitForFinished(10000));
        QCOMPARE(p.trainingRuns().back().status, std::string("running"));
        QCOMPARE(p.activeModel("scene")->id, activeBefore);
        QCOMPARE(p.integrityCheck(), std::string("ok"));
        pipeline::FineTuneOptions quick;
        quick.epochs = 2;
        pipeline::fineTune(p, quick);
        const auto runs = p.trainingRuns();
        QCOMPARE(runs[1].status, std::string("failed"));
        QVERIFY(runs[1].metrics_json.find("interrupted") != std::string::npos);
        QCOMPARE(runs[2].status, std::string("finished"));
    }

    // A newer release's base scene model (another models/scene_base.ckpt) is a version of its own: it
    // takes over from the older base as the cold start; a base whose file is not installed as it was
    // registered lets the novelty proposer propose, with a warning.
    void newBaseIsAVersionOfItsOwn() {
        store::Project p(path("cancel.mega"), store::Project::Mode::Open); // cancelledRunKeepsTheActiveModel's
        const auto old = pipeline::ensureBaseScene(p);
        QVERIFY(old);
        p.activateModel(old->id, "the test");
        // Ingesting alone (torch-free) still proposes with the novelty proposer while the base is the
        // cold start; the loop's proposals replace them.
        pipeline::IngestOptions io;
        io.threads = 1;
        const auto third = pipeline::ingestFilm(p, m_films[2], io);
        QVERIFY(third.proposals > 0);
        QCOMPARE(p.boundaries(third.film_id).front().source, std::string("model:novelty"));
        QCOMPARE(pipeline::propose(p, third.film_id).model.id, old->id);
        // A config asked for trains from scratch, whatever is active (0 epochs: only where it starts is looked at).
        {
            pipeline::FineTuneOptions t;
            t.config = std::string(MEGA_SOURCE_DIR) + "/models/scene_loop.json";
            t.epochs = 0;
            t.propose_after = false;
            const auto v = p.modelVersion(pipeline::fineTune(p, t).model_version);
            QCOMPARE(v.parent_id, int64_t(0));
            QCOMPARE(nlohmann::json::parse(p.trainingRuns().back().params_json).at("from").get<std::string>(), std::string("scratch"));
            QCOMPARE(p.activeModel("scene")->id, old->id); // 0 epochs does not beat the base
        }
        const QString dir = m_tmp.filePath("newer-models");
        QVERIFY(QDir().mkpath(dir));
        model::Checkpoint c = model::loadCheckpoint(*features::findModelsFile(pipeline::kBaseSceneFile));
        auto meta = nlohmann::json::parse(c.metadata);
        meta["release"] = "newer";
        model::saveCheckpoint((dir + "/" + pipeline::kBaseSceneFile).toStdString(), c.net, nullptr, meta.dump());
        qputenv("MEGA_MODELS_DIR", dir.toUtf8());
        const auto newer = pipeline::ensureBaseScene(p);
        const int64_t film = p.films().front().id;
        // The older version's file is not installed now: the novelty proposer scores in its place.
        const bool oldServedByNovelty =
            pipeline::sceneScores(p, p.modelVersion(old->id), film) == pipeline::filmNoveltyScores(p, p.film(film));
        qunsetenv("MEGA_MODELS_DIR");
        QVERIFY(newer && newer->id != old->id);
        QCOMPARE(newer->name, std::string(pipeline::kBaseSceneName) + "-2");
        QCOMPARE(p.activeModel("scene")->id, newer->id);
        QVERIFY(oldServedByNovelty);
        // The active newer base is not installed here: the novelty proposer proposes, with a warning.
        const auto fallback = pipeline::propose(p, third.film_id); // a film nobody reviewed
        QCOMPARE(fallback.model.kind, std::string("novelty"));
        QVERIFY(fallback.proposals > 0);
        QCOMPARE(fallback.warnings.size(), size_t(1));
        QVERIFY2(fallback.warnings[0].find("is not installed as it was registered") != std::string::npos, fallback.warnings[0].c_str());
        QCOMPARE(p.activeModel("scene")->id, newer->id);
        // A person's choice stays: a base already registered never takes over again.
        p.activateModel(pipeline::ensureColdStart(p).id, "the test");
        QCOMPARE(pipeline::ensureBaseScene(p)->id, old->id); // the installed one again: already known
        QCOMPARE(p.activeModel("scene")->name, std::string("novelty"));
    }
};

QTEST_GUILESS_MAIN(TestLoop)
#include "tst_loop.moc"
