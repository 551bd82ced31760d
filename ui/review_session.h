#pragma once
// One film of one project under review: the store's rows as the window shows them, refreshed
// after every edit. Every edit goes through an undo command (undo_commands.h) that writes the
// store at once; this object never holds unsaved state.

#include "core/store/project.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <memory>
#include <vector>

namespace mega::ui {

class ReviewSession : public QObject {
    Q_OBJECT

  public:
    explicit ReviewSession(QObject* parent = nullptr);
    ~ReviewSession() override;

    /// Opens a project and one of its films (the first if filmId is 0), editing as `author` (empty:
    /// the store's default, the login name). The author's last session on the film is resumed:
    /// its edits fill the undo stack, so undo and redo go on where they stopped. Throws mega::Error.
    void open(const QString& projectPath, int64_t filmId = 0, const QString& author = {});
    void close();
    bool isOpen() const { return m_project != nullptr; }
    /// True while open() refills the undo stack with the resumed session's edits (no new decision).
    bool resuming() const { return m_resuming; }

    store::Project& project() { return *m_project; }
    const store::Project& project() const { return *m_project; }
    QUndoStack* undoStack() { return &m_undo; }
    int64_t filmId() const { return m_film.id; }
    const store::Film& film() const { return m_film; }
    /// The film's frame rate; 25 where the store has none (a film imported without its file).
    double fps() const { return m_film.fps > 0 ? m_film.fps : 25.0; }
    const std::vector<shots::Shot>& shots() const { return m_shots; }
    /// Sorted by shot index.
    const std::vector<store::SceneBoundary>& boundaries() const { return m_boundaries; }
    const std::vector<store::Scene>& scenes() const { return m_scenes; }
    const std::vector<store::TurningPoint>& turningPoints() const { return m_tps; }
    const std::vector<store::SynopsisSentence>& synopsis() const { return m_synopsis; }
    /// The film's subtitle cues (read when the film is opened).
    const std::vector<media::SubtitleCue>& subtitles() const { return m_cues; }

    /// The time a boundary stands for: the end of its shot (the next shot's start).
    double boundaryTime(const store::SceneBoundary& b) const;
    /// The shot playing at `seconds` (the last one at or before it).
    int64_t shotAt(double seconds) const;
    /// The index in boundaries() of the boundary after `shot`, or -1.
    int boundaryAfterShot(int64_t shot) const;
    int boundaryIndexById(int64_t id) const;
    /// The TP label (1..5) of a unit in `annotator`'s labels ("" the film's own), or 0.
    int tpOf(store::UnitKind unit, int64_t index, const std::string& annotator = {}) const;

    /// Reads the film's rows again from the store; emits changed().
    void reload();

  Q_SIGNALS:
    void opened();
    void changed();
    /// An edit the store refused (a row changed by another session, a locked project...).
    void editFailed(const QString& message);

  private:
    void resumeHistory();
    std::unique_ptr<store::Project> m_project;
    QUndoStack m_undo;
    store::Film m_film;
    std::vector<shots::Shot> m_shots;
    std::vector<store::SceneBoundary> m_boundaries;
    std::vector<store::Scene> m_scenes;
    std::vector<store::TurningPoint> m_tps;
    std::vector<store::SynopsisSentence> m_synopsis;
    std::vector<media::SubtitleCue> m_cues;
    bool m_resuming = false;
};

} // namespace mega::ui
