#pragma once
// Background work for the window, off the GUI thread: ingesting a film into a project, and the
// timeline's thumbnails and waveform. Results come back as queued signals.

#include <QImage>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <stop_token>
#include <vector>

namespace mega::ui {

/// Reads a thumbnail for each shot's middle frame, then the audio's peaks per 0.1 s.
class MediaLoader : public QThread {
    Q_OBJECT

  public:
    /// Thumbnails `thumbnailHeight` pixels high.
    MediaLoader(QString film, std::vector<double> shotMiddles, int thumbnailHeight, QObject* parent = nullptr);
    ~MediaLoader() override;
    void stop() { m_stop = true; }

  Q_SIGNALS:
    void thumbnail(qint64 shot, const QImage& image);
    void waveform(const std::vector<float>& peaks, double step);

  protected:
    void run() override;

  private:
    QString m_film;
    std::vector<double> m_times;
    int m_height = 44;
    std::atomic<bool> m_stop{false};
};

/// Probes a film, detects its shots and proposes boundaries, into a project (created beside the
/// film if needed), on its own thread.
class IngestJob : public QThread {
    Q_OBJECT

  public:
    IngestJob(QString film, QString project, QObject* parent = nullptr);
    void cancel() { m_stop.request_stop(); }
    QString project() const { return m_project; }
    qint64 filmId() const { return m_filmId; }
    /// Empty on success; the error (or "cancelled") otherwise.
    QString error() const { return m_error; }
    /// What the ingest said of a film it could read only in part (damage, early end).
    QStringList warnings() const { return m_warnings; }

  Q_SIGNALS:
    void progress(int permille, const QString& stage);

  protected:
    void run() override;

  private:
    QString m_film, m_project, m_error;
    int m_threads = 0; ///< Settings: 0 = every core
    QStringList m_warnings;
    qint64 m_filmId = 0;
    std::stop_source m_stop;
};

/// The loop's model work on its own thread and its own connection to the project (SQLite WAL: the
/// window keeps editing meanwhile): training on the project's corrections, proposing on a film, or
/// learning from the decisions made so far on the film under review (re-scoring it in place).
class ModelJob : public QThread {
    Q_OBJECT

  public:
    enum class Kind { Train, Propose, Learn };
    ModelJob(Kind kind, QString project, qint64 film, QObject* parent = nullptr);
    void cancel() { m_stop.request_stop(); }
    Kind kind() const { return m_kind; }
    /// Empty on success; the error (or "cancelled") otherwise.
    QString error() const { return m_error; }
    /// What came of it, in a sentence (the training's verdict, the proposals made).
    QString summary() const { return m_summary; }
    bool activated() const { return m_activated; }
    /// Training: the run's before/after ("AP 91.0 for novelty -> 93.2 for scene-4, on 3 reviewed
    /// films neither trained on"), empty otherwise.
    QString beforeAfter() const { return m_beforeAfter; }
    /// Learn: how many decisions of each kind the film needs first.
    void setMinEach(int n) { m_minEach = n; }

  Q_SIGNALS:
    /// Training: after each epoch of each fold (fold == folds: the final model).
    /// `heldout`: the fold's AP on its held-out films after the epoch, -1 for the final model.
    void epoch(int fold, int folds, int epoch, int epochs, double loss, double heldout);
    /// Training: after each epoch of a scene model's film-level context, which trains after its
    /// windows' epochs (models whose config has a "context").
    void contextEpoch(int fold, int folds, int epoch, int epochs, double loss);

  protected:
    void run() override;

  private:
    Kind m_kind;
    QString m_project, m_error, m_summary, m_beforeAfter;
    qint64 m_film = 0;
    int m_threads = 0; ///< Settings: 0 = every core
    bool m_activated = false;
    int m_minEach = 10;
    std::stop_source m_stop;
};

} // namespace mega::ui
