#include "ui/media_jobs.h"

#include "ui/settings_dialog.h"

#include "core/common/error.h"
#include "core/media/audio_reader.h"
#include "core/media/frame_reader.h"
#include "core/pipeline/film_features.h"
#include "core/pipeline/ingest.h"
#include "core/pipeline/loop.h"
#include "core/store/new_project.h"
#include "core/store/project.h"

#include <algorithm>
#include <cmath>

namespace mega::ui {

MediaLoader::MediaLoader(QString film, std::vector<double> times, int thumbnailHeight, QObject* parent)
    : QThread(parent), m_film(std::move(film)), m_times(std::move(times)), m_height(thumbnailHeight) {}

MediaLoader::~MediaLoader() {
    stop();
    wait();
}

void MediaLoader::run() {
    try {
        media::FrameReaderOptions o;
        o.height = m_height;
        o.threads = 1;
        media::FrameReader reader(m_film.toStdString(), o);
        media::Frame f;
        for (size_t i = 0; i < m_times.size() && !m_stop; ++i) {
            reader.seek(m_times[i]);
            if (!reader.next(f)) break;
            QImage img(f.data.data(), f.width, f.height, f.width * 3, QImage::Format_RGB888);
            Q_EMIT thumbnail(qint64(i), img.copy());
        }
    } catch (const std::exception&) {
        // No thumbnails; the timeline draws placeholders. (Open already reported undecodable films.)
    }
    try {
        media::AudioReaderOptions o;
        o.sample_rate = 8000;
        media::AudioReader audio(m_film.toStdString(), o);
        const double step = 0.1;
        std::vector<float> peaks;
        media::AudioBlock b;
        while (!m_stop && audio.next(b)) {
            for (size_t i = 0; i < b.samples.size(); ++i) {
                const size_t bin = size_t(std::max(0.0, (b.start_s + double(i) / 8000.0) / step));
                if (bin >= peaks.size()) peaks.resize(bin + 1, 0.f);
                peaks[bin] = std::max(peaks[bin], std::abs(b.samples[i]));
            }
        }
        if (!m_stop) Q_EMIT waveform(peaks, step);
    } catch (const std::exception&) {
        // A film without sound: no waveform.
    }
}

IngestJob::IngestJob(QString film, QString project, QObject* parent)
    : QThread(parent), m_film(std::move(film)), m_project(std::move(project)), m_threads(settings::threads()) {}

void IngestJob::run() {
    try {
        // A film that cannot be opened leaves no project behind (unless one was there already).
        store::NewProject made(m_project.toStdString(), pipeline::projectFeaturesFolder(m_project.toStdString()));
        store::Project p(m_project.toStdString(), store::Project::Mode::Create);
        pipeline::IngestOptions o;
        o.threads = m_threads;
        pipeline::setComputeThreads(m_threads);
        const auto r = pipeline::ingestFilm(
            p, m_film.toStdString(), o,
            [this](const Progress& pr) {
                Q_EMIT progress(pr.total > 0 ? int(1000 * pr.done / pr.total) : 0, QString::fromUtf8(pr.stage.data(), int(pr.stage.size())));
            },
            m_stop.get_token());
        m_filmId = r.film_id;
        // The active model proposes on the new film: a trained one, else the shipped base scene
        // model (films with their picture), else the novelty proposer. The film is in either way: a
        // failure to propose is a warning, and the cold start's proposals (ingestFilm's) stay.
        m_warnings.clear();
        for (const auto& w : r.warnings) m_warnings << QString::fromStdString(w);
        if (!r.skipped && r.shots > 1) {
            Q_EMIT progress(1000, QStringLiteral("propose"));
            try {
                for (const auto& w : pipeline::propose(p, r.film_id).warnings) m_warnings << QString::fromStdString(w);
            } catch (const Cancelled&) {
                throw;
            } catch (const std::exception& e) {
                m_warnings << QStringLiteral("not proposed: ") + QString::fromStdString(e.what());
            }
            pipeline::proposeTurningPoints(p, r.film_id);
        }
        made.keep();
    } catch (const Cancelled&) {
        m_error = QStringLiteral("cancelled");
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
    }
}

ModelJob::ModelJob(Kind kind, QString project, qint64 film, QObject* parent)
    : QThread(parent), m_kind(kind), m_project(std::move(project)), m_film(film), m_threads(settings::threads()) {}

void ModelJob::run() {
    try {
        store::Project p(m_project.toStdString(), store::Project::Mode::Open);
        p.setBusyTimeout(30000); // the window's edits come first
        pipeline::setComputeThreads(m_threads);
        if (m_kind == Kind::Train) {
            const auto r = pipeline::fineTune(
                p, {},
                [this](const pipeline::FineTuneProgress& pr) {
                    if (pr.stage == "train") Q_EMIT epoch(pr.fold, pr.folds, pr.epoch, pr.epochs, pr.loss, pr.heldout_ap);
                    else if (pr.stage == "context") Q_EMIT contextEpoch(pr.fold, pr.folds, pr.epoch, pr.epochs, pr.loss);
                },
                m_stop.get_token());
            m_activated = r.activated;
            m_summary = QString::fromStdString(r.name + " " + r.note);
            if (r.compared_on > 0)
                m_beforeAfter = QString("Before: AP %1 for %2.  After: AP %3 for %4%5.  On %6 reviewed films neither trained on.")
                                    .arg(100 * r.before_ap, 0, 'f', 1)
                                    .arg(QString::fromStdString(r.compared_with))
                                    .arg(100 * r.after_ap, 0, 'f', 1)
                                    .arg(QString::fromStdString(r.name), r.activated ? " (now active)" : " (kept inactive)")
                                    .arg(r.compared_on);
            if (r.reproposed) m_summary += QString("; proposed again on %1 unreviewed films").arg(r.reproposed);
        } else if (m_kind == Kind::Learn) {
            pipeline::LearnOptions lo;
            lo.min_each = m_minEach;
            const auto r = pipeline::learnFromDecisions(p, m_film, lo, m_stop.get_token());
            m_activated = r.activated;
            m_summary = r.rescored ? QString("Learnt from %1 decisions in %2 s: %3 proposals re-scored by %4 (%5)")
                                         .arg(r.decisions)
                                         .arg(r.seconds, 0, 'f', 1)
                                         .arg(r.proposals)
                                         .arg(QString::fromStdString(r.name), QString::fromStdString(r.note))
                                   : QString("Learnt from %1 decisions: %2").arg(r.decisions).arg(QString::fromStdString(r.note));
        } else {
            const auto r = pipeline::propose(p, m_film);
            const auto t = pipeline::proposeTurningPoints(p, m_film);
            m_summary = QString("%1 proposals by %2; turning points by %3")
                            .arg(r.proposals)
                            .arg(QString::fromStdString(r.model.name), QString::fromStdString(t.model.name));
            for (const auto& w : r.warnings) m_summary += "; " + QString::fromStdString(w);
            for (const auto& w : t.warnings) m_summary += "; " + QString::fromStdString(w);
        }
    } catch (const Cancelled&) {
        m_error = QStringLiteral("cancelled");
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
    }
}

} // namespace mega::ui
