#pragma once
// mega-studio's window: the player and the shot timeline in the centre, the boundary list and the
// synopsis on the right, review from the keyboard (UX.md's default keys, remappable), every
// correction an undo command that writes the project at once.

#include "core/pipeline/analysis.h"
#include "ui/boundary_model.h"
#include "ui/review_session.h"
#include "ui/theme.h"
#include "ui/timeline_widget.h"
#include "ui/video_view.h"

#include <QMainWindow>
#include <QMap>
#include <QPointer>

class QAction;
class QDockWidget;
class QChart;
class QLineSeries;
class QValueAxis;
class QPushButton;
class QProgressBar;
class QComboBox;
class QLabel;
class QListWidget;
class QMediaPlayer;
class QTableView;
class QTableWidget;
class QTabWidget;
class QToolBar;
class QVideoWidget;


namespace mega::ui {

class MediaLoader;
class CutFramesView;
class CutFrameCache;
class SyncMatrixView;
class ContributionView;
class AttentionView;
class IngestJob;
class ModelJob;

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a project (its first film). Errors are shown in a dialog; returns success.
    bool openProject(const QString& path, qint64 filmId = 0);
    /// Ingests a film into PROJECT (default: FILM's name + .mega beside it) on a worker thread
    /// with a progress dialog and Cancel, then opens it. Returns at once.
    void openFilm(const QString& film, const QString& project = {});

    ReviewSession* session() { return &m_session; }
    TimelineWidget* timeline() { return m_timeline; }
    QTableView* boundaryView() { return m_boundaryView; }
    BoundaryFilter* boundaryFilter() { return m_filter; }
    QListWidget* synopsisView() { return m_synopsis; }
    QMediaPlayer* player() { return m_player; }
    /// The bar over the player that says a film could not be read whole (hidden otherwise).
    QLabel* filmWarningBar() const { return m_filmWarning; }
    /// What File > Film Properties shows: the film's file, picture (stored and as displayed:
    /// sample aspect, rotation), streams, and what reading it met.
    QString filmProperties() const;
    /// Every action by id ("review.accept", "edit.undo", ...), for menus, tests and remapping.
    QAction* action(const QString& id) const { return m_actions.value(id); }
    QStringList actionIds() const { return m_actions.keys(); }
    /// The boundary under review: an index into session()->boundaries(), or -1.
    int currentBoundary() const { return m_current; }
    /// Makes boundary `index` the one under review; the player goes to just before it unless told not to.
    void selectBoundary(int index, bool movePlayer = true);
    /// B: a boundary at the cut nearest the playhead, or, while the film plays, nearest the playhead
    /// less the reaction delay (Settings), and the player goes on. One undo step.
    void markCut(double playhead, bool playing);
    /// Moves a boundary to follow shot `to` (a drag, a nudge). A move onto another boundary or past
    /// the film's last cut is refused in the status bar. Consecutive moves of one boundary are one
    /// undo step. Returns whether it moved.
    bool moveBoundary(int64_t id, int64_t to);
    /// The order Tab walks and the list sorts: time, or least certain first (probability nearest
    /// the threshold; core/pipeline/review_order.h).
    enum class ReviewOrderMode { Time, LeastCertain };
    void setReviewOrder(ReviewOrderMode order);
    ReviewOrderMode reviewOrder() const { return m_order; }
    /// P: plays the 3 s around the boundary under review, over and over, until pressed again.
    void toggleLoop();
    bool looping() const { return m_loopEnd > m_loopStart; }
    /// Selects a synopsis sentence (a row of synopsisView()) and moves the player to its shot.
    void selectSentence(int row);
    /// The subtitle shown over the picture now ("" if none, or if View > Subtitles is off).
    QString subtitleShown() const;
    /// "12 of 80 reviewed": the film's boundaries decided by a person, of all.
    QString progressText() const;
    /// Edit > History: the project's edits, newest first.
    QTableWidget* historyView() const { return m_history; }
    QDockWidget* historyDock() const { return m_historyDock; }
    /// Which action has `key` among `keys` (action id -> key), other than `id`; "" if none.
    static QString shortcutOwner(const QMap<QString, QKeySequence>& keys, const QString& id, const QKeySequence& key);
    /// The playhead, in seconds (the player's position, or where it was asked to go).
    double position() const { return m_position; }
    void seek(double seconds);
    /// When set, errors go to the status bar and this list instead of modal dialogs (tests, batch).
    void setQuietErrors(bool quiet) { m_quiet = quiet; }
    const QStringList& errors() const { return m_errors; }
    /// The loop (Model menu): propose on this film with the active model; train on the project's
    /// corrections in the background (progress, Cancel, the loss per epoch in the Training dock;
    /// the window stays editable); choose the active version. Return at once.
    void proposeOnFilm();
    void trainOnCorrections();
    /// How many decisions on a film start an update of the model while reviewing (Model > Learn
    /// While Reviewing; default 5), and how many of each kind (scene end, rejected cut) the first
    /// update waits for (default 10).
    void setLearnEvery(int decisions, int minEach = 10) {
        m_learnEvery = decisions;
        m_learnMinEach = minEach;
    }
    void chooseModel();
    /// Writes the open film's shots, scenes and turning points as FORMAT (otio, edl, csv, vtt, srt,
    /// json, tripod, movienet; File > Export asks for both in ui/export_dialog). Errors are shown;
    /// returns success.
    bool exportFilm(const QString& path, const QString& format);
    /// File > Export's dialog while it is open (null otherwise).
    class ExportDialog* exportDialogShown() const;
    /// Help > First Review Guide, with the keys as they are now.
    QString firstReviewGuide() const;
    /// The main toolbar's actions, in order.
    QStringList toolBarActionIds() const;
    /// Applies the settings (Settings > Configure): author, thumbnail height, learning, theme.
    void applySettings();
    /// The theme for this window (View > Theme); `remember` keeps it for the next start.
    void setTheme(Theme theme, bool remember);
    /// The background model job running, if any (tests wait on it).
    ModelJob* modelJob() const;
    QDockWidget* trainingDock() const { return m_trainDock; }
    /// The Training dock's list of the project's model versions.
    QTableWidget* trainingVersions() const { return m_dockVersions; }
    /// The analysis views under the player (View > Synchronization Matrix, Contributions, Fusion
    /// Attention, Training): tabs of the bottom dock, in this order.
    enum class AnalysisTab { Sync, Contributions, Attention, Training };
    void showAnalysis(AnalysisTab tab);
    QTabWidget* analysisTabs() const { return m_analysisTabs; }
    SyncMatrixView* syncMatrixView() const { return m_syncView; }
    ContributionView* contributionView() const { return m_contribView; }
    AttentionView* attentionView() const { return m_attentionView; }
    /// Shows what the model based TP `tp` (1-5) on in the contribution and attention views; 0: the
    /// boundary under review (as Tab, a click or a decision do).
    void explainTurningPoint(int tp);
    /// Reads what proposing stored for the open film again (after a model ran).
    void refreshAnalysis();
    /// The cut under review at a glance (View > Cut Frames).
    CutFramesView* cutFramesView() const { return m_cutFrames; }
    VideoView* videoView() const { return m_video; }
    /// Edit > Search the Film (Ctrl+F); null until first opened.
    class SearchDialog* searchDialog() const { return m_search; }
    /// How many epochs the Training dock's loss curves show (of the last run).
    int lossPoints() const { return m_lossPoints; }
    /// How many points the held-out AP curves (the validation curve) show.
    int heldOutPoints() const { return m_heldPoints; }
    /// Saves window grabs of the main states to DIR and quits (the Xvfb screenshot script).
    void takeScreenshots(const QString& dir);
    /// The same for the loop: the proposals before training, a training run under way, the
    /// proposals after it (tests/bench/loop_screenshots.sh).
    void takeLoopScreenshots(const QString& dir);
    /// The analysis views on the open film (tests/bench/analysis_screenshots.sh): the
    /// synchronization (A, then W), the contributions and the attention of a boundary and of a TP,
    /// search by a synopsis sentence, File > Export, then a training run in the Training tab.
    void takeAnalysisScreenshots(const QString& dir);

  protected:
    void closeEvent(QCloseEvent*) override;

  private:
    void buildUi();
    void buildActions();
    QAction* addAction(const QString& id, const QString& text, const QKeySequence& key, QMenu* menu,
                       std::function<void()> fn);
    void loadShortcuts();
    void editShortcuts();
    void editSettings();
    void exportDialog();
    QString exportError(const QString& path, const QString& format); ///< "" when written
    void setActionIcons();
    void setPlayIcon(); ///< play or pause, as the player is
    void setToolTips();
    void themeChanged();
    void fitBoundaryColumns();
    void startMediaLoader();
    void showError(const QString& title, const QString& message);
    void refreshViews();
    void updateStatus();
    void stepBoundary(int direction);
    void review(store::ReviewStatus status);
    void addAtPlayhead();
    void removeCurrent();
    void mergeCurrent();
    void splitAtPlayhead();
    void nudge(int shots);
    void setTp(int tp, bool scene);
    void shuttle(int direction);
    void stepFrames(int frames);
    void playPause();
    void startModelJob(ModelJob* job, const QString& what);
    /// After every few decisions on the film, the model learns from them and re-scores it (an option).
    void learnAfterDecisions();
    void setFilmReviewed(bool reviewed);
    void refreshHistory();
    void buildAnalysisTabs();
    void refreshAnalysisMarks(); ///< scenes and TPs on the matrix, as they stand
    void showExplanation();      ///< the contribution and attention of the boundary or TP explained
    /// The synopsis the list shows: the film's own (""), an annotator's, or ("all") the first annotator's.
    std::string synopsisShown() const;
    void prepareSearch(); ///< the search dialog gets the synopsis shown and its synchronization
    void refreshVersions();
    void showCurrentCut();
    void stopLoop();
    void showStill();
    QString positionKey() const;
    void showAgreement();
    void showSearch();
    void showSubtitle();
    /// The boundaries the list shows, in the review order, as indices into session()->boundaries().
    std::vector<int> shownInOrder() const;
    /// Whether boundary x (an index into session()->boundaries()) comes before y in the review order.
    bool reviewsBefore(int x, int y) const;

    ReviewSession m_session;
    QMap<QString, QAction*> m_actions;
    QMediaPlayer* m_player = nullptr;
    VideoView* m_video = nullptr;
    QLabel* m_timecode = nullptr;
    QLabel* m_filmWarning = nullptr;
    QLabel* m_saved = nullptr;
    TimelineWidget* m_timeline = nullptr;
    BoundaryModel* m_model = nullptr;
    BoundaryFilter* m_filter = nullptr;
    QTableView* m_boundaryView = nullptr;
    QComboBox* m_filterBox = nullptr;
    QListWidget* m_synopsis = nullptr;
    QPointer<MediaLoader> m_loader;
    QPointer<IngestJob> m_ingest;
    QPointer<ModelJob> m_job;
    QDockWidget* m_trainDock = nullptr;
    QProgressBar* m_trainProgress = nullptr;
    QLabel* m_trainLabel = nullptr;
    QChart* m_lossChart = nullptr;
    QLineSeries* m_lossSeries = nullptr;
    QLineSeries* m_heldSeries = nullptr;
    QValueAxis* m_apAxis = nullptr;
    int m_heldPoints = 0;
    QPushButton* m_trainCancel = nullptr;
    int m_lossPoints = 0;
    int m_decisionsSinceLearn = 0;
    int m_learnEvery = 5;
    int m_learnMinEach = 10;
    double m_lossTop = 0;
    QLabel* m_modelLabel = nullptr;
    QToolBar* m_toolBar = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QTableWidget* m_dockVersions = nullptr;
    QTableWidget* m_history = nullptr;
    QLabel* m_listHeader = nullptr;
    QComboBox* m_orderBox = nullptr;
    QComboBox* m_annotatorBox = nullptr;
    CutFramesView* m_cutFrames = nullptr;
    QTabWidget* m_analysisTabs = nullptr;
    SyncMatrixView* m_syncView = nullptr;
    QComboBox* m_syncMode = nullptr;
    QLabel* m_syncInfo = nullptr;
    ContributionView* m_contribView = nullptr;
    AttentionView* m_attentionView = nullptr;
    std::optional<pipeline::Explanations> m_sceneExpl, m_tpExpl;
    int m_explainedTp = 0; ///< 0: the boundary under review; 1-5: that TP
    CutFrameCache* m_stills = nullptr;
    class SearchDialog* m_search = nullptr;
    QPointer<class ExportDialog> m_exportDialog;
    int64_t m_stillWanted = -1;
    ReviewOrderMode m_order = ReviewOrderMode::Time;
    double m_loopStart = 0, m_loopEnd = 0;
    Theme m_theme = Theme::System;
    int m_current = -1;
    double m_position = 0;
    double m_rate = 1;
    bool m_quiet = false;
    QStringList m_errors;
};

} // namespace mega::ui
