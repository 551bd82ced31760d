#include "ui/main_window.h"

#include "ui/agreement_dialog.h"
#include "core/eval/agreement.h"
#include "ui/cut_frames.h"
#include "ui/attention_view.h"
#include "ui/contribution_view.h"
#include "ui/export_dialog.h"
#include "ui/modality_colors.h"
#include "ui/sync_matrix_view.h"
#include "ui/help.h"
#include "ui/search_dialog.h"
#include "ui/settings_dialog.h"
#include "ui/theme.h"
#include "core/io/film_annotation.h"
#include "core/pipeline/film_features.h"

#include "core/common/error.h"
#include "core/film/source.h"
#include "core/film/structure.h"
#include "core/film/timecode.h"
#include "core/media/media_info.h"
#include "core/pipeline/labels.h"
#include "core/pipeline/review_order.h"
#include "ui/media_jobs.h"
#include "ui/undo_commands.h"

#include <QAction>
#include <QApplication>
#include <QAudioDevice>
#include <QAudioOutput>
#include <QCloseEvent>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QProgressBar>
#include <QValueAxis>
#include <QCheckBox>
#include <QTabWidget>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QScrollBar>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QListWidget>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QActionGroup>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <QWindow>
#include <QDateTime>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace mega::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("MEGA Studio");
    m_theme = settings::theme();
    applyTheme(m_theme);
    buildUi();
    buildActions();
    loadShortcuts();
    applySettings();
    QSettings s;
    restoreGeometry(s.value("window/geometry").toByteArray());
    restoreState(s.value("window/state").toByteArray());
    m_timeline->setThreshold(s.value("review/threshold", 0.5).toDouble());
    m_filterBox->setCurrentIndex(s.value("review/filter", 0).toInt());
    setReviewOrder(s.value("review/order").toString() == "least-certain" ? ReviewOrderMode::LeastCertain : ReviewOrderMode::Time);
    connect(&m_session, &ReviewSession::changed, this, &MainWindow::refreshViews);
    // The history changes with the project (an edit, an undo, a model's proposals), not with Tab.
    connect(&m_session, &ReviewSession::changed, this, &MainWindow::refreshHistory);
    connect(&m_session, &ReviewSession::editFailed, this, [this](const QString& m) {
        showError("The edit was not made", m + "\n\nThe project is unchanged. If another window or process changed this "
                                                "boundary, reopen the project to see its current state.");
    });
    updateStatus();
}

MainWindow::~MainWindow() {
    disconnect(m_session.undoStack(), nullptr, this, nullptr); // the stack clears itself as the session goes
    if (m_job) {
        m_job->cancel();
        m_job->wait();
    }
    if (m_loader) m_loader->stop();
}

void MainWindow::buildUi() {
    m_player = new QMediaPlayer(this);
    if (!QMediaDevices::audioOutputs().isEmpty()) m_player->setAudioOutput(new QAudioOutput(this));
    m_video = new VideoView;
    m_video->setMinimumSize(320, 180);
    m_player->setVideoOutput(m_video->videoItem());
    m_timecode = new QLabel("00:00:00:00  frame 0");
    // A fixed-width font, not a style sheet: a style sheet would keep the colours of the theme it
    // was first polished with.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPixelSize(13);
    m_timecode->setFont(mono);
    m_timecode->setContentsMargins(6, 2, 6, 2);
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 ms) {
        m_position = double(ms) / 1000.0;
        if (looping() && m_player->playbackState() == QMediaPlayer::PlayingState && m_position >= m_loopEnd) {
            m_player->setPosition(qint64(std::llround(m_loopStart * 1000))); // round again
            m_position = m_loopStart;
        }
        m_timeline->setPlayhead(m_position);
        if (m_syncView->hasMatrix()) m_syncView->setPlayheadShot(m_session.shotAt(m_position));
        showSubtitle();
        updateStatus();
    });
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (status == QMediaPlayer::EndOfMedia && looping()) { // the loop ran into the film's end: round again
            m_player->setPosition(qint64(std::llround(m_loopStart * 1000)));
            m_player->play();
        }
    });
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState state) {
        if (state == QMediaPlayer::PlayingState) m_video->setPoster({}); // the player's own picture takes over
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString& why) {
        statusBar()->showMessage("The player cannot play this film: " + why + " (review and edits still work)", 10000);
    });

    m_timeline = new TimelineWidget(&m_session);
    connect(m_timeline, &TimelineWidget::seekRequested, this, [this](double t) {
        stopLoop(); // a click elsewhere ends the loop
        seek(t);
    });
    connect(m_timeline, &TimelineWidget::boundaryClicked, this, [this](int i) { selectBoundary(i); });
    connect(m_timeline, &TimelineWidget::boundaryMoveRequested, this, [this](int64_t id, int64_t shot) {
        if (moveBoundary(id, shot)) selectBoundary(m_session.boundaryIndexById(id));
    });
    connect(m_timeline, &TimelineWidget::thresholdChanged, this, [this](double t) {
        m_filter->setThreshold(t);
        QSettings().setValue("review/threshold", t);
    });

    auto* left = new QWidget;
    auto* lv = new QVBoxLayout(left);
    lv->setContentsMargins(0, 0, 0, 0);
    m_filmWarning = new QLabel;
    m_filmWarning->setObjectName("filmWarning");
    m_filmWarning->setWordWrap(true);
    m_filmWarning->setTextFormat(Qt::PlainText);
    m_filmWarning->setStyleSheet("QLabel { background: #5c4a12; color: #ffe9a8; border: 1px solid #b8902a; padding: 4px 8px; }");
    m_filmWarning->hide();
    lv->addWidget(m_filmWarning);
    // The player, and under it the cut under review at a glance: the outgoing shot's last frame and
    // the incoming shot's first two, decoded frame-exact and ahead of Tab.
    m_cutFrames = new CutFramesView;
    m_cutFrames->setObjectName("cutFrames");
    m_cutFrames->setMinimumHeight(120);
    auto* pictures = new QSplitter(Qt::Vertical);
    pictures->setObjectName("pictureSplitter");
    pictures->addWidget(m_video);
    pictures->addWidget(m_cutFrames);
    pictures->setStretchFactor(0, 3);
    pictures->setStretchFactor(1, 2);
    lv->addWidget(pictures, 3);
    // The film's frame at the playhead while the player shows none (on opening, a seek while paused).
    m_stills = new CutFrameCache(this, 8);
    connect(m_stills, &CutFrameCache::frameReady, this, [this](qint64 frame, const QImage& image) {
        if (frame == m_stillWanted && m_player->playbackState() != QMediaPlayer::PlayingState) m_video->setPoster(image);
    });
    lv->addWidget(m_timecode);
    lv->addWidget(m_timeline, 0);

    m_model = new BoundaryModel(&m_session, this);
    m_filter = new BoundaryFilter(this);
    m_filter->setSourceModel(m_model);
    m_boundaryView = new QTableView;
    m_boundaryView->setModel(m_filter);
    m_boundaryView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_boundaryView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_boundaryView->setFocusPolicy(Qt::NoFocus); // the review keys belong to the window
    m_boundaryView->verticalHeader()->hide();
    // Every column as wide as its contents (the source names the model version or the person), the
    // list as wide as its columns: nothing is cut short.
    m_boundaryView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Sized from the first rows only (Qt measures 1,000 by default, on every reset: a 3,000-shot
    // film's list would cost ~13 ms per decision); the columns' contents are of one width anyway.
    m_boundaryView->horizontalHeader()->setResizeContentsPrecision(100);

    m_boundaryView->verticalHeader()->setDefaultSectionSize(20);
    connect(m_boundaryView, &QTableView::clicked, this, [this](const QModelIndex& i) {
        selectBoundary(m_session.boundaryIndexById(i.data(BoundaryModel::IdRole).toLongLong()));
    });
    m_filterBox = new QComboBox;
    m_filterBox->setObjectName("filter");
    m_filterBox->addItems({"All boundaries", "Unreviewed", "Below threshold", "Changed by a person"});
    m_orderBox = new QComboBox;
    m_orderBox->setObjectName("order");
    m_orderBox->addItems({"In time order", "Least certain first"});
    m_orderBox->setToolTip("The order Tab walks and the list sorts: least certain first puts the proposals whose "
                           "probability is nearest the threshold at the top (O switches)");
    connect(m_orderBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setReviewOrder(i == 1 ? ReviewOrderMode::LeastCertain : ReviewOrderMode::Time); });
    connect(m_filterBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setMode(BoundaryFilter::Mode(i));
        QSettings().setValue("review/filter", i);
        refreshViews(); // re-select the boundary under review, or nothing if the filter hides it
    });
    m_synopsis = new QListWidget;
    m_synopsis->setWordWrap(true);
    m_synopsis->setFocusPolicy(Qt::ClickFocus);
    m_synopsis->setAlternatingRowColors(true);
    connect(m_synopsis, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) { selectSentence(m_synopsis->row(item)); });

    auto* right = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* tv = new QVBoxLayout(top);
    tv->setContentsMargins(0, 0, 0, 0);
    m_listHeader = new QLabel("<b>Boundaries</b>");
    m_listHeader->setObjectName("listHeader");
    tv->addWidget(m_listHeader);
    auto* listTools = new QHBoxLayout;
    listTools->addWidget(m_filterBox, 1);
    listTools->addWidget(m_orderBox, 1);
    tv->addLayout(listTools);
    tv->addWidget(m_boundaryView);
    auto* bottom = new QWidget;
    auto* bv = new QVBoxLayout(bottom);
    bv->setContentsMargins(0, 0, 0, 0);
    m_annotatorBox = new QComboBox;
    m_annotatorBox->setObjectName("annotator");
    m_annotatorBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_annotatorBox->setToolTip("Whose synopsis labels to show: the film's own, one annotator's, or every annotator's side by side");
    connect(m_annotatorBox, &QComboBox::currentIndexChanged, this, [this] {
        // The act band follows: the chosen annotator's TPs, or every annotator's in rows of their own.
        const QString who = m_annotatorBox->currentData().toString();
        QStringList rows{who};
        if (who == "*") {
            rows.clear();
            for (const auto& a : m_session.project().annotators(m_session.filmId()))
                if (!a.empty()) rows << QString::fromStdString(a);
        }
        m_timeline->setActAnnotators(rows);
        refreshAnalysis(); // the synchronization of the synopsis shown
        refreshViews();
    });
    auto* synHead = new QHBoxLayout;
    auto* synLabel = new QLabel("<b>Synopsis</b> (select a sentence, then 1-5 sets its TP)");
    synLabel->setWordWrap(true);
    synHead->addWidget(synLabel, 1);
    synHead->addWidget(m_annotatorBox);
    bv->addLayout(synHead);
    bv->addWidget(m_synopsis);
    right->addWidget(top);
    right->addWidget(bottom);

    auto* split = new QSplitter(Qt::Horizontal);
    split->setObjectName("mainSplitter");
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    setCentralWidget(split);
    m_saved = new QLabel;
    m_modelLabel = new QLabel;
    m_modelLabel->setObjectName("modelLabel");
    statusBar()->addPermanentWidget(m_modelLabel);
    statusBar()->addPermanentWidget(m_saved);

    // The analysis views under the player (UX.md's bottom tabs), read from what proposing stored
    // with the predictions (core/pipeline/analysis.h), with no model run: the synopsis-shot
    // synchronization matrix, the modality contributions of the boundary or TP under review, the
    // fusion attention, and training (progress of a fine-tuning run, its loss per epoch for each
    // fold and for the final model with each fold's held-out AP, Cancel, the versions).
    m_trainDock = new QDockWidget("Analysis", this);
    m_trainDock->setObjectName("trainingDock");
    m_analysisTabs = new QTabWidget;
    m_analysisTabs->setObjectName("analysisTabs");
    m_analysisTabs->setDocumentMode(true);
    buildAnalysisTabs();
    auto* tw = new QWidget;
    auto* th = new QHBoxLayout(tw);
    auto* tcol = new QVBoxLayout;
    m_trainLabel = new QLabel("Train on the project's corrections with Model > Train (Ctrl+T).");
    m_trainLabel->setWordWrap(true);
    m_trainLabel->setMinimumWidth(300);
    m_trainProgress = new QProgressBar;
    m_trainProgress->setRange(0, 1000);
    m_trainCancel = new QPushButton("Cancel Training");
    m_trainCancel->setObjectName("cancelTraining");
    m_trainCancel->setEnabled(false);
    connect(m_trainCancel, &QPushButton::clicked, this, [this] {
        if (m_job) m_job->cancel();
    });
    auto* trainStart = new QPushButton("Train on Corrections");
    trainStart->setObjectName("startTraining");
    trainStart->setToolTip("Fine-tune the scene model on the project's reviewed films (Model > Train, Ctrl+T)");
    connect(trainStart, &QPushButton::clicked, this, [this] { trainOnCorrections(); });
    auto* trainButtons = new QHBoxLayout;
    trainButtons->addWidget(trainStart);
    trainButtons->addWidget(m_trainCancel);
    tcol->addWidget(m_trainLabel);
    tcol->addWidget(m_trainProgress);
    tcol->addLayout(trainButtons);
    tcol->addStretch(1);
    m_lossChart = new QChart;
    m_lossChart->setTitle("Loss per epoch, and each fold's AP on the reviewed films it never saw");
    m_lossChart->legend()->setAlignment(Qt::AlignBottom);
    m_lossChart->setMargins(QMargins(4, 2, 4, 2));
    auto* ax = new QValueAxis, *ay = new QValueAxis;
    ax->setTitleText("epoch");
    ax->setLabelFormat("%d");
    ax->setTickType(QValueAxis::TicksDynamic); // whole epochs: 5 fixed ticks over 1..2 read "1 1 1 1 2"
    ax->setTickAnchor(1);
    ax->setTickInterval(1);
    ay->setTitleText("loss");
    m_lossChart->addAxis(ax, Qt::AlignBottom);
    m_lossChart->addAxis(ay, Qt::AlignLeft);
    m_apAxis = new QValueAxis;
    m_apAxis->setTitleText("AP");
    m_apAxis->setRange(0, 1);
    m_lossChart->addAxis(m_apAxis, Qt::AlignRight);
    auto* view = new QChartView(m_lossChart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    // The project's versions beside the curve: which is active and why (before/after on reviewed
    // films each never saw), refreshed when a run ends.
    m_dockVersions = new QTableWidget;
    m_dockVersions->setObjectName("dockVersions");
    m_dockVersions->setMinimumWidth(360);
    m_dockVersions->setFocusPolicy(Qt::NoFocus);
    th->addLayout(tcol, 1);
    th->addWidget(view, 4);
    th->addWidget(m_dockVersions, 2);
    m_analysisTabs->addTab(tw, "Training");
    m_trainDock->setWidget(m_analysisTabs);
    addDockWidget(Qt::BottomDockWidgetArea, m_trainDock);
    m_trainDock->hide();

    // Edit > History: every edit of the project, newest first, whoever made it and whenever.
    m_historyDock = new QDockWidget("History", this);
    m_historyDock->setObjectName("historyDock");
    m_history = new QTableWidget(0, 6);
    m_history->setObjectName("history");
    m_history->setHorizontalHeaderLabels({"When", "Who", "What", "Film", "Change", "State"});
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->verticalHeader()->hide();
    m_history->verticalHeader()->setDefaultSectionSize(20);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->setFocusPolicy(Qt::NoFocus);
    m_historyDock->setWidget(m_history);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    m_historyDock->hide();
    connect(m_historyDock, &QDockWidget::visibilityChanged, this, [this](bool shown) {
        if (shown) refreshHistory();
    });
    resize(1400, 900);
}

QAction* MainWindow::addAction(const QString& id, const QString& text, const QKeySequence& key, QMenu* menu,
                               std::function<void()> fn) {
    auto* a = new QAction(text, this);
    a->setObjectName(id);
    a->setShortcut(key);
    a->setProperty("defaultShortcut", key.toString());
    a->setProperty("baseText", QString(text).remove('&').remove("...")); // what it does, whatever its text says now
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, [fn] { fn(); });
    menu->addAction(a);
    QWidget::addAction(a);
    m_actions.insert(id, a);
    return a;
}

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu("&File");
    addAction("file.openFilm", "Open &Film...", QKeySequence::Open, file, [this] {
        const QString f = QFileDialog::getOpenFileName(this, "Open a film", QSettings().value("paths/last").toString(),
                                                       "Films (*.mp4 *.mkv *.mov *.webm *.avi *.m4v);;All files (*)");
        if (!f.isEmpty()) openFilm(f);
    });
    addAction("file.openProject", "Open &Project...", QKeySequence("Ctrl+Shift+O"), file, [this] {
        const QString f = QFileDialog::getOpenFileName(this, "Open a project", QSettings().value("paths/last").toString(),
                                                       "MEGA projects (*.mega);;All files (*)");
        if (!f.isEmpty()) openProject(f);
    });
    addAction("file.properties", "Film P&roperties...", QKeySequence("Ctrl+I"), file, [this] {
        if (!m_session.isOpen()) return;
        QMessageBox box(QMessageBox::Information, "Film properties", filmProperties(), QMessageBox::Close, this);
        box.setTextInteractionFlags(Qt::TextSelectableByMouse);
        box.exec();
    });
    addAction("file.export", "&Export...", QKeySequence("Ctrl+E"), file, [this] { exportDialog(); });
    file->addSeparator();
    addAction("file.quit", "&Quit", QKeySequence::Quit, file, [this] { close(); });

    QMenu* edit = menuBar()->addMenu("&Edit");
    QAction* undo = addAction("edit.undo", "&Undo", QKeySequence("Ctrl+Z"), edit, [this] { m_session.undoStack()->undo(); });
    QAction* redo = addAction("edit.redo", "&Redo", QKeySequence("Ctrl+Shift+Z"), edit, [this] { m_session.undoStack()->redo(); });
    connect(m_session.undoStack(), &QUndoStack::canUndoChanged, undo, &QAction::setEnabled);
    connect(m_session.undoStack(), &QUndoStack::canRedoChanged, redo, &QAction::setEnabled);
    edit->addSeparator();
    addAction("edit.history", "&History (who changed what)", QKeySequence("Ctrl+H"), edit, [this] {
        m_historyDock->setVisible(!m_historyDock->isVisible());
        if (m_historyDock->isVisible()) m_historyDock->raise();
    });
    addAction("edit.agreement", "Annotator &Agreement...", QKeySequence("Ctrl+Shift+A"), edit, [this] { showAgreement(); });
    addAction("edit.search", "&Search the Film by a Sentence...", QKeySequence::Find, edit, [this] { showSearch(); });
    connect(m_session.undoStack(), &QUndoStack::undoTextChanged, undo, [undo](const QString& t) { undo->setText("&Undo " + t); });
    connect(m_session.undoStack(), &QUndoStack::redoTextChanged, redo, [redo](const QString& t) { redo->setText("&Redo " + t); });
    undo->setEnabled(false);
    redo->setEnabled(false);

    QMenu* rev = menuBar()->addMenu("&Review");
    addAction("review.next", "&Next Boundary", QKeySequence(Qt::Key_Tab), rev, [this] { stepBoundary(+1); });
    addAction("review.previous", "&Previous Boundary", QKeySequence(Qt::SHIFT | Qt::Key_Tab), rev, [this] { stepBoundary(-1); });
    rev->addSeparator();
    addAction("review.accept", "&Accept Boundary", QKeySequence(Qt::Key_Return), rev, [this] { review(store::ReviewStatus::Accepted); });
    addAction("review.reject", "&Reject Boundary", QKeySequence(Qt::Key_Delete), rev, [this] { review(store::ReviewStatus::Rejected); });
    addAction("review.add", "Add Boundary at &Playhead", QKeySequence(Qt::Key_B), rev, [this] { addAtPlayhead(); });
    addAction("review.remove", "Re&move Boundary", QKeySequence(Qt::SHIFT | Qt::Key_Delete), rev, [this] { removeCurrent(); });
    addAction("review.merge", "&Merge with Next Scene", QKeySequence(Qt::Key_M), rev, [this] { mergeCurrent(); });
    addAction("review.split", "&Split Scene at Playhead", QKeySequence(Qt::Key_S), rev, [this] { splitAtPlayhead(); });
    addAction("review.nudgeLeft", "Nudge Boundary &Left a Shot", QKeySequence(Qt::Key_BracketLeft), rev, [this] { nudge(-1); });
    addAction("review.nudgeRight", "Nudge Boundary R&ight a Shot", QKeySequence(Qt::Key_BracketRight), rev, [this] { nudge(+1); });
    addAction("review.loop", "Play the Boundary in a &Loop (3 s around it)", QKeySequence(Qt::Key_P), rev, [this] { toggleLoop(); });
    rev->addSeparator();
    QAction* order = addAction("review.order", "Least &Certain First (else in time order)", QKeySequence(Qt::Key_O), rev, [] {});
    order->setCheckable(true);
    disconnect(order, &QAction::triggered, this, nullptr);
    connect(order, &QAction::toggled, this, [this](bool on) { setReviewOrder(on ? ReviewOrderMode::LeastCertain : ReviewOrderMode::Time); });
    rev->addSeparator();
    for (int n = 1; n <= 5; ++n)
        addAction(QString("review.tp%1").arg(n), QString("Set TP&%1 (shot at playhead, or selected sentence)").arg(n),
                  QKeySequence(Qt::Key_0 + n), rev, [this, n] { setTp(n, false); });
    for (int n = 1; n <= 5; ++n)
        addAction(QString("review.sceneTp%1").arg(n), QString("Set TP%1 on the Scene at Playhead").arg(n),
                  QKeySequence(Qt::ALT | (Qt::Key_0 + n)), rev, [this, n] { setTp(n, true); });

    QMenu* play = menuBar()->addMenu("&Playback");
    addAction("play.toggle", "&Play / Pause", QKeySequence(Qt::Key_Space), play, [this] { playPause(); });
    addAction("play.reverse", "Shuttle &Back", QKeySequence(Qt::Key_J), play, [this] { shuttle(-1); });
    addAction("play.stop", "&Stop Shuttle", QKeySequence(Qt::Key_K), play, [this] { shuttle(0); });
    addAction("play.forward", "Shuttle &Forward", QKeySequence(Qt::Key_L), play, [this] { shuttle(+1); });
    addAction("play.frameBack", "Back One Frame", QKeySequence(Qt::Key_Left), play, [this] { stepFrames(-1); });
    addAction("play.frameForward", "Forward One Frame", QKeySequence(Qt::Key_Right), play, [this] { stepFrames(+1); });
    addAction("play.secondBack", "Back One Second", QKeySequence(Qt::SHIFT | Qt::Key_Left), play, [this] { seek(m_position - 1); });
    addAction("play.secondForward", "Forward One Second", QKeySequence(Qt::SHIFT | Qt::Key_Right), play, [this] { seek(m_position + 1); });

    QMenu* modelMenu = menuBar()->addMenu("&Model");
    addAction("model.propose", "&Propose on This Film", QKeySequence("Ctrl+P"), modelMenu, [this] { proposeOnFilm(); });
    addAction("model.train", "&Train on Corrections", QKeySequence("Ctrl+T"), modelMenu, [this] { trainOnCorrections(); });
    addAction("model.choose", "&Model Versions...", QKeySequence("Ctrl+Shift+M"), modelMenu, [this] { chooseModel(); });
    QAction* live = addAction("model.learnLive", "&Learn While Reviewing", QKeySequence(), modelMenu, [] {});
    live->setCheckable(true);
    live->setChecked(QSettings().value("model/learnWhileReviewing", true).toBool());
    connect(live, &QAction::toggled, this, [](bool on) { QSettings().setValue("model/learnWhileReviewing", on); });
    connect(m_session.undoStack(), &QUndoStack::indexChanged, this, [this] { learnAfterDecisions(); });
    modelMenu->addSeparator();
    QAction* reviewed = addAction("model.reviewed", "Film &Reviewed (its decisions train the model)", QKeySequence("Ctrl+R"),
                                  modelMenu, [] {});
    reviewed->setCheckable(true);
    disconnect(reviewed, &QAction::triggered, this, nullptr);
    connect(reviewed, &QAction::toggled, this, [this](bool on) { setFilmReviewed(on); });

    QMenu* view = menuBar()->addMenu("&View");
    addAction("view.sync", "S&ynchronization Matrix (synopsis x shots)", QKeySequence("Ctrl+Shift+Y"), view,
              [this] { showAnalysis(AnalysisTab::Sync); });
    addAction("view.contributions", "Modality &Contributions (Grad-CAM)", QKeySequence("Ctrl+Shift+G"), view,
              [this] { showAnalysis(AnalysisTab::Contributions); });
    addAction("view.attention", "Fusion &Attention", QKeySequence("Ctrl+Shift+U"), view, [this] { showAnalysis(AnalysisTab::Attention); });
    addAction("view.training", "&Training", QKeySequence("Ctrl+Shift+T"), view, [this] { showAnalysis(AnalysisTab::Training); });
    QAction* band = addAction("view.band", "Contributions &Band in the Timeline", QKeySequence(), view, [this] {
        QSettings().setValue("view/band", m_actions.value("view.band")->isChecked());
        refreshAnalysis();
    });
    band->setCheckable(true);
    band->setChecked(QSettings().value("view/band", true).toBool());
    view->addSeparator();
    addAction("view.fit", "&Fit Film in Timeline", QKeySequence(Qt::Key_Backslash), view, [this] { m_timeline->fitFilm(); });
    addAction("view.zoomIn", "Zoom &In", QKeySequence(Qt::Key_Equal), view, [this] { m_timeline->setZoom(m_timeline->zoom() * 1.5); m_timeline->ensureVisible(m_position); });
    addAction("view.zoomOut", "Zoom &Out", QKeySequence(Qt::Key_Minus), view, [this] { m_timeline->setZoom(m_timeline->zoom() / 1.5); });
    QAction* cut = addAction("view.cutFrames", "Show the &Cut Frames (last out, first two in)", QKeySequence(Qt::Key_F), view, [this] {
        const bool on = m_actions.value("view.cutFrames")->isChecked();
        QSettings().setValue("view/cutFrames", on);
        m_cutFrames->setVisible(on);
        if (on) showCurrentCut();
    });
    cut->setCheckable(true);
    cut->setChecked(QSettings().value("view/cutFrames", true).toBool());
    m_cutFrames->setVisible(cut->isChecked());
    QAction* subs = addAction("view.subtitles", "Show &Subtitles over the Picture", QKeySequence(Qt::Key_C), view, [this] {
        QSettings().setValue("view/subtitles", m_actions.value("view.subtitles")->isChecked());
        showSubtitle();
    });
    subs->setCheckable(true);
    subs->setChecked(QSettings().value("view/subtitles", true).toBool());
    view->addSeparator();
    QMenu* themes = view->addMenu("&Theme");
    auto* themeGroup = new QActionGroup(this);
    for (const auto& [t, id, text] : {std::tuple{Theme::System, "view.themeSystem", "As the &Desktop Prefers"},
                                      std::tuple{Theme::Light, "view.themeLight", "&Light"},
                                      std::tuple{Theme::Dark, "view.themeDark", "D&ark"}}) {
        QAction* a = addAction(id, text, QKeySequence(), themes, [this, t] { setTheme(t, true); });
        a->setCheckable(true);
        a->setChecked(settings::theme() == t);
        themeGroup->addAction(a);
    }

    QMenu* settingsMenu = menuBar()->addMenu("&Settings");
    addAction("settings.configure", "&Configure MEGA Studio...", QKeySequence("Ctrl+,"), settingsMenu, [this] { editSettings(); });
    addAction("settings.shortcuts", "Configure &Keyboard Shortcuts...", QKeySequence("Ctrl+Alt+,"), settingsMenu,
              [this] { editShortcuts(); });

    QMenu* help = menuBar()->addMenu("&Help");
    addAction("help.guide", "&First Review Guide", QKeySequence(Qt::Key_F1), help,
              [this] { showHelpPage(this, "First Review Guide", firstReviewGuide()); });
    addAction("help.keys", "&Keyboard Reference", QKeySequence("Ctrl+F1"), help, [this] {
        showHelpPage(this, "Keyboard Reference", keyboardReferenceHtml(menuBar()));
    });
    help->addSeparator();
    addAction("help.about", "&About MEGA Studio", QKeySequence(), help,
              [this] { showHelpPage(this, "About MEGA Studio", aboutHtml(m_session.isOpen() ? &m_session.project() : nullptr)); });
    addAction("help.aboutQt", "About &Qt", QKeySequence(), help, [this] { QMessageBox::aboutQt(this); });

    // The main toolbar: the actions of a review, each with its Breeze icon and its key in the tooltip.
    QToolBar* bar = addToolBar("Main");
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (const char* id : {"file.openFilm", "|", "play.toggle", "review.previous", "review.next", "|", "review.accept", "review.reject",
                           "|", "model.propose", "model.train", "model.choose", "|", "file.export"}) {
        if (QString(id) == "|") bar->addSeparator();
        else bar->addAction(m_actions.value(id));
    }
    m_toolBar = bar;
    for (const auto& [id, text] : {std::pair{"file.openFilm", "Open"}, std::pair{"review.previous", "Previous"}, std::pair{"review.next", "Next"},
                                   std::pair{"review.accept", "Accept"}, std::pair{"review.reject", "Reject"},
                                   std::pair{"model.propose", "Propose"}, std::pair{"model.train", "Train"},
                                   std::pair{"model.choose", "Versions"}, std::pair{"file.export", "Export"}})
        m_actions.value(id)->setIconText(text);
    setActionIcons();
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this] { setPlayIcon(); });
}

QString MainWindow::firstReviewGuide() const {
    return firstReviewGuideHtml([this](const QString& id) {
        const QAction* a = m_actions.value(id);
        return a ? a->shortcut().toString(QKeySequence::NativeText) : QString();
    });
}

QStringList MainWindow::toolBarActionIds() const {
    QStringList ids;
    for (QAction* a : m_toolBar->actions())
        if (!a->isSeparator()) ids << a->objectName();
    return ids;
}

void MainWindow::setActionIcons() {
    static const QMap<QString, QString> icons{
        {"file.openFilm", "document-open"},        {"file.openProject", "document-open"},
        {"file.export", "document-export"},        {"file.properties", "document-properties"},
        {"file.quit", "application-exit"},         {"edit.undo", "edit-undo"},
        {"edit.redo", "edit-redo"},                {"review.previous", "media-skip-backward"},
        {"review.next", "media-skip-forward"},     {"review.accept", "dialog-ok-apply"},
        {"review.reject", "dialog-cancel"},        {"review.add", "list-add"},
        {"review.remove", "list-remove"},          {"model.propose", "tools-wizard"},
        {"model.train", "run-build"},              {"model.choose", "view-list-details"},
        {"view.fit", "zoom-fit-best"},             {"view.zoomIn", "zoom-in"},
        {"view.zoomOut", "zoom-out"},              {"settings.configure", "configure"},
        {"settings.shortcuts", "configure-shortcuts"}, {"help.guide", "help-contents"},
        {"help.about", "help-about"}};
    for (auto it = icons.begin(); it != icons.end(); ++it)
        if (QAction* a = m_actions.value(it.key())) a->setIcon(QIcon::fromTheme(it.value()));
    setPlayIcon();
}

void MainWindow::setPlayIcon() {
    const bool playing = m_player->playbackState() == QMediaPlayer::PlayingState;
    m_actions.value("play.toggle")->setIcon(QIcon::fromTheme(playing ? "media-playback-pause" : "media-playback-start"));
    m_actions.value("play.toggle")->setIconText(playing ? "Pause" : "Play");
}

void MainWindow::setToolTips() {
    for (QAction* a : std::as_const(m_actions)) {
        const QString key = a->shortcut().toString(QKeySequence::NativeText);
        const QString text = a->property("baseText").toString();
        a->setToolTip(key.isEmpty() ? text : QString("%1 (%2)").arg(text, key));
    }
}

void MainWindow::setTheme(Theme theme, bool remember) {
    if (remember) settings::setTheme(theme);
    m_theme = theme;
    applyTheme(theme);
    themeChanged();
}

void MainWindow::themeChanged() {
    setActionIcons();
    m_lossChart->setTheme(darkThemeActive() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    const Theme t = m_theme;
    m_actions.value("view.themeSystem")->setChecked(t == Theme::System);
    m_actions.value("view.themeLight")->setChecked(t == Theme::Light);
    m_actions.value("view.themeDark")->setChecked(t == Theme::Dark);
}

void MainWindow::fitBoundaryColumns() {
    const QHeaderView* h = m_boundaryView->horizontalHeader();
    int width = 2 * m_boundaryView->frameWidth() + m_boundaryView->verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < h->count(); ++c) width += h->sectionSize(c); // each as wide as its contents
    m_boundaryView->setMinimumWidth(std::min(width, 900));
}

void MainWindow::applySettings() {
    if (m_timeline->thumbnailHeight() != settings::thumbnailHeight()) {
        m_timeline->setThumbnailHeight(settings::thumbnailHeight());
        if (m_session.isOpen()) startMediaLoader(); // thumbnails at the new height
    }
    m_learnEvery = settings::learnEvery();
    pipeline::setFeaturesRoot(settings::featuresFolder().toStdString());
    if (m_session.isOpen()) {
        const std::string before = m_session.project().author();
        m_session.project().setAuthor(settings::author().toStdString());
        if (m_session.project().author() != before) {
            // Another person from now on: their own session, so nobody undoes another's edits.
            m_session.project().startSession();
            m_session.undoStack()->clear();
        }
    }
    themeChanged();
}

void MainWindow::editSettings() {
    SettingsDialog dlg(this);
    if (dlg.exec() != QDialog::Accepted) return;
    m_theme = settings::theme();
    applyTheme(m_theme);
    applySettings();
}

void MainWindow::exportDialog() {
    if (!m_session.isOpen()) {
        statusBar()->showMessage("Open a film first: File > Open Film", 5000);
        return;
    }
    // The formats of `mega export` with what each holds (ui/export_dialog); it stays open on an error.
    const QString base = QFileInfo(QString::fromStdString(m_session.film().path)).completeBaseName();
    auto* dlg = new ExportDialog(base, QSettings().value("paths/export", QSettings().value("paths/last")).toString(), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setExporter([this](const QString& path, const QString& format) {
        const QString error = exportError(path, format);
        if (error.isEmpty()) {
            QSettings().setValue("paths/export", QFileInfo(path).absolutePath());
            statusBar()->showMessage("Exported " + QFileInfo(path).fileName() + " (" + format + ")", 8000);
        }
        return error;
    });
    m_exportDialog = dlg;
    dlg->open();
}

ExportDialog* MainWindow::exportDialogShown() const { return m_exportDialog; }

QString MainWindow::exportError(const QString& path, const QString& format) {
    try {
        io::exportAnnotation(io::loadAnnotation(m_session.project(), m_session.filmId()), io::exportFormatFromString(format.toStdString()),
                             path.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

bool MainWindow::exportFilm(const QString& path, const QString& format) {
    if (const QString error = exportError(path, format); !error.isEmpty()) {
        showError("Cannot export", error + "\n\nThe project is unchanged.");
        return false;
    }
    statusBar()->showMessage("Exported " + QFileInfo(path).fileName() + " (" + format + ")", 8000);
    return true;
}

void MainWindow::loadShortcuts() {
    QSettings s;
    s.beginGroup("shortcuts");
    QMap<QString, QKeySequence> keys;
    for (QAction* a : std::as_const(m_actions)) keys.insert(a->objectName(), a->shortcut());
    QStringList refused;
    for (QAction* a : std::as_const(m_actions)) {
        if (!s.contains(a->objectName())) continue;
        const QKeySequence key(s.value(a->objectName()).toString());
        // A key saved before another action took it as its default (an update): both would stop working.
        if (const QString owner = shortcutOwner(keys, a->objectName(), key); !owner.isEmpty() && !s.contains(owner)) {
            refused << QString("%1 (now \"%2\")").arg(key.toString(QKeySequence::NativeText), m_actions.value(owner)->property("baseText").toString());
            continue;
        }
        a->setShortcut(key);
        keys[a->objectName()] = key;
    }
    if (!refused.isEmpty())
        statusBar()->showMessage("Your keys " + refused.join(", ") + " are taken by new actions; choose others in Settings > Keyboard Shortcuts",
                                 15000);
    setToolTips();
}

void MainWindow::editShortcuts() {
    QDialog dlg(this);
    dlg.setWindowTitle("Keyboard Shortcuts");
    auto* table = new QTableWidget(int(m_actions.size()), 2, &dlg);
    table->setHorizontalHeaderLabels({"Action", "Shortcut"});
    table->horizontalHeader()->setStretchLastSection(true);
    int row = 0;
    QList<QKeySequenceEdit*> edits;
    for (QAction* a : std::as_const(m_actions)) {
        table->setItem(row, 0, new QTableWidgetItem(a->property("baseText").toString()));
        auto* e = new QKeySequenceEdit(a->shortcut());
        e->setObjectName(a->objectName());
        table->setCellWidget(row++, 1, e);
        edits << e;
    }
    table->resizeColumnToContents(0);
    // A key already in use is refused at once, naming the action that has it (two actions on one
    // key would both stop working).
    auto* conflict = new QLabel;
    conflict->setObjectName("conflict");
    conflict->setWordWrap(true);
    auto keysNow = [&edits] {
        QMap<QString, QKeySequence> keys;
        for (auto* e : edits) keys.insert(e->objectName(), e->keySequence());
        return keys;
    };
    for (auto* e : edits) {
        e->setProperty("accepted", e->keySequence().toString());
        connect(e, &QKeySequenceEdit::keySequenceChanged, &dlg, [this, e, conflict, keysNow](const QKeySequence& key) {
            const QString owner = shortcutOwner(keysNow(), e->objectName(), key);
            if (owner.isEmpty()) {
                e->setProperty("accepted", key.toString());
                conflict->clear();
                return;
            }
            conflict->setText(QString("%1 is already the key of \"%2\": clear it there first, or choose another key.")
                                  .arg(key.toString(QKeySequence::NativeText), m_actions.value(owner)->property("baseText").toString()));
            const QSignalBlocker block(e);
            e->setKeySequence(QKeySequence(e->property("accepted").toString()));
        });
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, &dlg, [&] {
        for (auto* e : edits) {
            const QSignalBlocker block(e); // the defaults never conflict with each other
            e->setKeySequence(QKeySequence(m_actions[e->objectName()]->property("defaultShortcut").toString()));
            e->setProperty("accepted", e->keySequence().toString());
        }
        conflict->setText("Every key is back to its default.");
    });
    auto* lay = new QVBoxLayout(&dlg);
    lay->addWidget(table);
    lay->addWidget(conflict);
    lay->addWidget(buttons);
    dlg.resize(560, 640);
    if (dlg.exec() != QDialog::Accepted) return;
    QSettings s;
    s.beginGroup("shortcuts");
    for (auto* e : edits) {
        m_actions[e->objectName()]->setShortcut(e->keySequence());
        s.setValue(e->objectName(), e->keySequence().toString());
    }
    setToolTips();
}

QString MainWindow::filmProperties() const {
    if (!m_session.isOpen()) return {};
    const auto& f = m_session.film();
    QStringList lines;
    lines << "Film: " + QString::fromStdString(f.name) << "File: " + QString::fromStdString(f.path);
    lines << QString("Duration: %1 (%2 frames at %3 fps)")
                 .arg(QString::fromStdString(film::timecodeAt(f.duration_s, f.fps)))
                 .arg(f.frame_count)
                 .arg(f.fps, 0, 'g', 6);
    QString picture = QString("Picture: %1x%2 stored").arg(f.width).arg(f.height);
    try {
        const auto info = media::probe(f.path);
        if (info.video) {
            const auto& v = *info.video;
            picture += QString(", shown %1x%2").arg(v.display_width).arg(v.display_height);
            if (v.sample_aspect.num != v.sample_aspect.den)
                picture += QString(" (pixels %1:%2, anamorphic)").arg(v.sample_aspect.num).arg(v.sample_aspect.den);
            if (v.rotation) picture += QString(" (turned %1 degrees clockwise for display)").arg(v.rotation);
            picture += QString("; %1, stream %2").arg(QString::fromStdString(v.codec)).arg(v.index);
            if (v.video_streams > 1) picture += QString(" of %1 video streams (the default one)").arg(v.video_streams);
        }
        lines << picture << QString("Audio streams: %1, subtitle streams: %2").arg(info.audio.size()).arg(info.subtitles.size());
    } catch (const std::exception& e) {
        lines << picture << "The file cannot be read now: " + QString::fromStdString(e.what());
    }
    if (f.warnings.empty()) {
        lines << "Reading it met no problem: every picture was decoded.";
    } else {
        lines << "Reading it met:";
        for (const auto& w : f.warnings) lines << "  - " + QString::fromStdString(w);
    }
    return lines.join('\n');
}

void MainWindow::showError(const QString& title, const QString& message) {
    m_errors << title + ": " + message;
    statusBar()->showMessage(title + ": " + message.section('\n', 0, 0), 15000);
    if (!m_quiet) QMessageBox::warning(this, title, message);
}

bool MainWindow::openProject(const QString& path, qint64 filmId) {
    if (m_session.isOpen()) QSettings().setValue(positionKey(), m_position); // where the film was left
    try {
        if (m_loader) m_loader->stop();
        m_session.open(path, filmId, settings::author());
    } catch (const std::exception& e) {
        showError("Cannot open the project",
                  QString::fromStdString(e.what()) +
                      "\n\nIf another program has it open for writing, close it there and try again; a file that is not a "
                      "MEGA project can be brought in with Open Film or `mega import`. The window is as it was.");
        return false;
    }
    QSettings().setValue("paths/last", QFileInfo(path).absolutePath());
    statusBar()->showMessage("Opened " + QFileInfo(path).fileName(), 5000);
    setWindowTitle(QString("%1 - %2 - MEGA Studio").arg(QString::fromStdString(m_session.film().name), QFileInfo(path).fileName()));
    const QString film = QString::fromStdString(m_session.film().path);
    m_current = -1;
    stopLoop();
    m_video->setPoster({});
    // Always the new film: a missing file fails there, naming it, and nothing of the last film stays.
    m_cutFrames->setFilm(film, 360);
    m_stills->setFilm(film, 540);
    {
        const QSignalBlocker block(m_annotatorBox);
        m_annotatorBox->clear();
        m_annotatorBox->addItem("Film's own", QString());
        int named = 0;
        for (const auto& a : m_session.project().annotators(m_session.filmId()))
            if (!a.empty()) m_annotatorBox->addItem(QString::fromStdString(a), QString::fromStdString(a)), ++named;
        if (named > 1) m_annotatorBox->addItem("All, side by side", QString("*"));
        m_annotatorBox->setVisible(named > 0);
        m_timeline->setActAnnotators({});
    }
    // A film read only in part says so over the player, for as long as it is open.
    const auto& warnings = m_session.film().warnings;
    if (warnings.empty()) {
        m_filmWarning->hide();
    } else {
        QString text = QString::fromStdString(warnings.front());
        if (warnings.size() > 1) text += QString("  (and %1 more: File > Film Properties)").arg(warnings.size() - 1);
        m_filmWarning->setText("This film could not be read whole: " + text);
        m_filmWarning->setToolTip(QString::fromStdString(warnings.front()));
        m_filmWarning->show();
    }
    if (!film.isEmpty() && QFileInfo::exists(film)) {
        // The picture as it is meant to be seen: square pixels, upright.
        try {
            if (const auto info = media::probe(film.toStdString()); info.video)
                m_video->setPicture(info.video->display_width, info.video->display_height, info.video->rotation);
        } catch (const std::exception&) {
            // The player reports a file it cannot read; the picture keeps the stored shape.
        }
        m_player->setSource(QUrl::fromLocalFile(film));
        startMediaLoader();
    } else {
        m_player->setSource({});
        statusBar()->showMessage("The film file is not where the project says (" + film + "): review works, playback does not", 15000);
    }
    m_explainedTp = 0;
    refreshAnalysis();
    refreshViews();
    // The picture shows at once: the film's first frame, or where this film was left last time.
    seek(QSettings().value(positionKey()).toDouble());
    return true;
}

QString MainWindow::positionKey() const {
    // One key per project file (wherever it was opened from) and film.
    const QString file = QFileInfo(QString::fromStdString(m_session.project().path())).canonicalFilePath();
    return "positions/" + QString::fromLatin1(QCryptographicHash::hash(file.toUtf8(), QCryptographicHash::Sha1).toHex().left(16)) + "-" +
           QString::number(m_session.filmId());
}

void MainWindow::startMediaLoader() {
    if (m_loader) m_loader->stop();
    const QString film = QString::fromStdString(m_session.film().path);
    if (film.isEmpty() || !QFileInfo::exists(film)) return;
    std::vector<double> middles;
    for (const auto& s : m_session.shots()) middles.push_back(0.5 * (s.start_s + s.end_s));
    auto* loader = new MediaLoader(film, middles, m_timeline->thumbnailHeight(), this);
    connect(loader, &MediaLoader::thumbnail, m_timeline, [this](qint64 shot, const QImage& img) { m_timeline->setThumbnail(shot, img); });
    connect(loader, &MediaLoader::waveform, m_timeline, [this](const std::vector<float>& w, double step) { m_timeline->setWaveform(w, step); });
    connect(loader, &QThread::finished, loader, &QObject::deleteLater);
    m_loader = loader;
    loader->start(QThread::LowPriority);
}

void MainWindow::openFilm(const QString& film, const QString& projectPath) {
    const QFileInfo fi(film);
    if (!fi.exists()) {
        showError("Cannot open the film", film + " does not exist.");
        return;
    }
    const QString project = projectPath.isEmpty() ? fi.absolutePath() + "/" + fi.completeBaseName() + ".mega" : projectPath;
    auto* job = new IngestJob(fi.absoluteFilePath(), project, this);
    m_ingest = job;
    auto* dlg = new QProgressDialog("Reading " + fi.fileName() + "...", "Cancel", 0, 1000, this);
    dlg->setWindowModality(Qt::WindowModal);
    dlg->setMinimumDuration(300);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(job, &IngestJob::progress, dlg, [dlg, fi](int permille, const QString& stage) {
        dlg->setValue(permille);
        dlg->setLabelText(QString("%1: %2").arg(fi.fileName(), stage == "shots" ? "finding the shots" : "proposing scene boundaries"));
    });
    connect(dlg, &QProgressDialog::canceled, job, &IngestJob::cancel);
    connect(job, &QThread::finished, this, [this, job, dlg, fi] {
        dlg->close();
        job->deleteLater();
        if (job->error() == "cancelled") {
            statusBar()->showMessage("Opening " + fi.fileName() + " was cancelled; nothing was stored", 10000);
        } else if (!job->error().isEmpty()) {
            showError("Cannot open the film", job->error() + "\n\nCheck that the file is a complete video file (a copy cut short or "
                                                              "a file of another kind cannot be read). The window is as it was.");
        } else if (openProject(job->project(), job->filmId()) && !job->warnings().isEmpty()) {
            // What the ingest met beyond the picture (no audio, unreadable subtitles): for the
            // status bar; the picture's own problems are in the bar over the player.
            statusBar()->showMessage(QString("Opened %1 with %2 note(s): %3")
                                         .arg(fi.fileName())
                                         .arg(job->warnings().size())
                                         .arg(job->warnings().join("; ")),
                                     15000);
        }
    });
    statusBar()->showMessage("Reading " + fi.fileName() + "...");
    job->start();
}

void MainWindow::refreshViews() {
    const int n = int(m_session.boundaries().size());
    if (m_current >= n) m_current = n - 1;
    m_timeline->setSelectedBoundary(m_current);
    fitBoundaryColumns();
    // The synopsis with each sentence's TP label: the film's own labels, one annotator's, or every
    // annotator's side by side ("ann: TP2 | bob: TP3"), never mixed.
    const int row = m_synopsis->currentRow();
    m_synopsis->clear();
    const QString who = m_annotatorBox->currentData().toString();
    std::vector<std::string> names{who.toStdString()};
    std::vector<store::SynopsisSentence> sentences = m_session.synopsis();
    if (m_session.isOpen() && !who.isEmpty()) {
        names = who == "*" ? m_session.project().annotators(m_session.filmId()) : std::vector<std::string>{who.toStdString()};
        std::erase(names, std::string());
        if (!names.empty()) sentences = m_session.project().synopsis(m_session.filmId(), names.front());
    }
    for (const auto& sn : sentences) {
        QStringList tags;
        for (const auto& name : names)
            if (const int tp = m_session.tpOf(store::UnitKind::Sentence, sn.index, name))
                tags << (names.size() > 1 ? QString("%1: TP%2").arg(QString::fromStdString(name)).arg(tp) : QString("TP%1").arg(tp));
        auto* item = new QListWidgetItem((tags.isEmpty() ? QString() : "[" + tags.join(" | ") + "] ") + QString::fromStdString(sn.text));
        if (!tags.isEmpty()) item->setForeground(QColor(200, 150, 30));
        item->setData(Qt::UserRole, qlonglong(sn.index));
        m_synopsis->addItem(item);
    }
    if (row >= 0 && row < m_synopsis->count()) m_synopsis->setCurrentRow(row);
    m_listHeader->setText(m_session.isOpen() ? QString("<b>Boundaries</b> - %1").arg(progressText()) : QString("<b>Boundaries</b>"));
    m_boundaryView->clearSelection(); // the one under review may be filtered out of the list
    if (m_current >= 0) {
        const auto id = m_session.boundaries()[size_t(m_current)].id;
        for (int r = 0; r < m_filter->rowCount(); ++r)
            if (m_filter->index(r, 0).data(BoundaryModel::IdRole).toLongLong() == id) {
                m_boundaryView->selectRow(r);
                m_boundaryView->scrollTo(m_filter->index(r, 0));
            }
    }
    showCurrentCut(); // an undo or a move changes the cut under review
    refreshAnalysisMarks();
    showExplanation();
    updateStatus();
}

void MainWindow::updateStatus() {
    const double fps = m_session.fps();
    m_timecode->setText(QString("%1  frame %2")
                            .arg(QString::fromStdString(film::timecodeAt(m_position, fps)))
                            .arg(qint64(film::frameAt(m_position, fps))));
    if (!m_session.isOpen()) {
        m_saved->setText("No project open");
        return;
    }
    int unreviewed = 0;
    QStringList by;
    for (const auto& b : m_session.boundaries()) {
        unreviewed += b.status == store::ReviewStatus::Unreviewed;
        const auto src = film::Source::parse(b.source);
        if (src.isModel() && !by.contains(QString::fromStdString(src.name))) by << QString::fromStdString(src.name);
    }
    QString active;
    try {
        if (const auto a = m_session.project().activeModel("scene")) active = QString::fromStdString(a->name);
    } catch (const std::exception&) {
    }
    m_modelLabel->setText(QString("Proposals by %1 - active model: %2 ")
                              .arg(by.isEmpty() ? QString("no model") : by.join(", "), active.isEmpty() ? "none" : active));
    if (QAction* r = m_actions.value("model.reviewed")) {
        const QSignalBlocker block(r);
        r->setChecked(pipeline::isReviewed(m_session.project(), m_session.filmId()));
    }
    m_saved->setText(QString("%1 shots, %2 scenes, %3 boundaries (%4; %5 unreviewed) - every edit saved")
                         .arg(m_session.shots().size())
                         .arg(m_session.scenes().size())
                         .arg(m_session.boundaries().size())
                         .arg(progressText())
                         .arg(unreviewed));
}

void MainWindow::seek(double seconds) {
    const double end = m_session.shots().empty() ? m_session.film().duration_s : m_session.shots().back().end_s;
    m_position = std::clamp(seconds, 0.0, std::max(0.0, end));
    m_player->setPosition(qint64(std::llround(m_position * 1000)));
    m_timeline->setPlayhead(m_position);
    m_timeline->ensureVisible(m_position);
    if (m_syncView->hasMatrix()) m_syncView->setPlayheadShot(m_session.shotAt(m_position));
    showSubtitle();
    showStill();
    updateStatus();
}

void MainWindow::selectBoundary(int index, bool movePlayer) {
    if (index < 0 || index >= int(m_session.boundaries().size())) return;
    if (index != m_current) stopLoop(); // the loop was the last boundary's
    m_current = index;
    m_explainedTp = 0; // the contribution views follow the boundary under review
    const auto& b = m_session.boundaries()[size_t(index)];
    // The player follows: a second and a half before the cut, to see it happen.
    if (movePlayer) seek(std::max(0.0, m_session.boundaryTime(b) - 1.5));
    m_timeline->ensureVisible(m_session.boundaryTime(b));
    refreshViews(); // and its cut frames
}

void MainWindow::showCurrentCut() {
    if (!m_cutFrames->isVisible() || m_current < 0 || m_current >= int(m_session.boundaries().size())) return;
    // The next few boundaries in the review order are decoded ahead, so Tab never waits.
    const std::vector<int> shown = shownInOrder();
    std::vector<int64_t> ahead;
    auto it = std::find(shown.begin(), shown.end(), m_current);
    if (it == shown.end()) it = std::upper_bound(shown.begin(), shown.end(), m_current, [this](int x, int y) { return reviewsBefore(x, y); });
    else ++it;
    for (; it != shown.end() && ahead.size() < 4; ++it) ahead.push_back(m_session.boundaries()[size_t(*it)].shot_index);
    m_cutFrames->showCut(m_session.shots(), m_session.boundaries()[size_t(m_current)].shot_index, m_session.fps(), ahead);
}

void MainWindow::showStill() {
    if (!m_session.isOpen() || m_player->playbackState() == QMediaPlayer::PlayingState || m_stills->film().isEmpty()) return;
    m_stillWanted = film::frameAt(m_position, m_session.fps());
    if (const auto image = m_stills->cached(m_stillWanted)) {
        m_video->setPoster(*image);
    } else {
        m_video->setPoster({}); // never the frame of another position
        m_stills->request({m_stillWanted});
    }
}

std::vector<int> MainWindow::shownInOrder() const {
    // The list's rows are the session's boundaries (BoundaryModel row i is boundaries()[i]), already
    // in the review order.
    std::vector<int> shown;
    shown.reserve(size_t(m_filter->rowCount()));
    for (int r = 0; r < m_filter->rowCount(); ++r) shown.push_back(m_filter->mapToSource(m_filter->index(r, 0)).row());
    if (!std::is_sorted(shown.begin(), shown.end(), [this](int x, int y) { return reviewsBefore(x, y); }))
        std::sort(shown.begin(), shown.end(), [this](int x, int y) { return reviewsBefore(x, y); });
    return shown;
}

bool MainWindow::reviewsBefore(int x, int y) const {
    const auto& b = m_session.boundaries();
    return pipeline::reviewsBefore(b[size_t(x)], b[size_t(y)], m_timeline->threshold(),
                                   m_order == ReviewOrderMode::LeastCertain ? pipeline::ReviewOrder::LeastCertain : pipeline::ReviewOrder::Time);
}

void MainWindow::stepBoundary(int direction) {
    // Walk the boundaries the list shows (the filter applies), in the review order. The one under
    // review may have left the list (accepted under "Unreviewed"): its place in the order still counts.
    const std::vector<int> shown = shownInOrder();
    if (shown.empty()) {
        statusBar()->showMessage("No boundary to review under this filter", 5000);
        return;
    }
    const auto& b = m_session.boundaries();
    auto less = [this](int x, int y) { return reviewsBefore(x, y); };
    int next = -1;
    if (m_current < 0 || m_current >= int(b.size())) {
        next = direction > 0 ? shown.front() : shown.back();
    } else if (direction > 0) {
        auto it = std::upper_bound(shown.begin(), shown.end(), m_current, less);
        next = it == shown.end() ? shown.front() : *it;
    } else {
        auto it = std::lower_bound(shown.begin(), shown.end(), m_current, less);
        next = it == shown.begin() ? shown.back() : *(it - 1);
    }
    selectBoundary(next);
}

void MainWindow::setReviewOrder(ReviewOrderMode order) {
    m_order = order;
    const bool least = order == ReviewOrderMode::LeastCertain;
    {
        const QSignalBlocker b1(m_orderBox);
        m_orderBox->setCurrentIndex(least ? 1 : 0);
    }
    if (QAction* a = m_actions.value("review.order")) {
        const QSignalBlocker b2(a);
        a->setChecked(least);
    }
    QSettings().setValue("review/order", least ? "least-certain" : "time");
    m_filter->setOrder(least ? BoundaryFilter::LeastCertain : BoundaryFilter::TimeOrder);
    statusBar()->showMessage(least ? "Review order: least certain first (probability nearest the threshold)" : "Review order: time", 5000);
    refreshViews();
}

void MainWindow::review(store::ReviewStatus status) {
    if (m_current < 0) {
        statusBar()->showMessage("Select a boundary first (Tab)", 5000);
        return;
    }
    const int64_t id = m_session.boundaries()[size_t(m_current)].id;
    const bool done = status == store::ReviewStatus::Accepted
                          ? pushEdit(&m_session, "Accept boundary", [id](store::Project& p) { return p.acceptBoundary(id); })
                          : pushEdit(&m_session, "Reject boundary", [id](store::Project& p) { return p.rejectBoundary(id); });
    m_current = m_session.boundaryIndexById(id);
    refreshViews();
    // On to the next boundary the list shows (an option: Settings); a refused edit stays.
    if (done && settings::advanceAfterDecision()) stepBoundary(+1);
}

void MainWindow::addAtPlayhead() { markCut(m_position, m_player->playbackState() == QMediaPlayer::PlayingState); }

void MainWindow::markCut(double playhead, bool playing) {
    if (!m_session.isOpen()) return;
    // While the film plays, the mark is for what was seen a reaction time ago, and the player goes on.
    const double t = playing ? playhead - settings::reactionDelay() : playhead;
    // The cut nearest then: the boundary after the shot that ends there.
    const auto& shots = m_session.shots();
    if (shots.size() < 2) return;
    int64_t best = 0;
    for (size_t i = 0; i + 1 < shots.size(); ++i)
        if (std::abs(shots[i].end_s - t) < std::abs(shots[size_t(best)].end_s - t)) best = int64_t(i);
    // The player stays where it is: marking never moves it.
    if (m_session.boundaryAfterShot(best) >= 0) {
        selectBoundary(m_session.boundaryAfterShot(best), false);
        statusBar()->showMessage("There is already a boundary at this cut", 5000);
        return;
    }
    const int64_t film = m_session.filmId();
    if (pushEdit(&m_session, "Add boundary", [film, best](store::Project& p) { return p.addBoundary(film, best); }))
        selectBoundary(m_session.boundaryAfterShot(best), false);
}

void MainWindow::removeCurrent() {
    if (m_current < 0) return;
    const int64_t id = m_session.boundaries()[size_t(m_current)].id;
    pushEdit(&m_session, "Remove boundary", [id](store::Project& p) { return p.removeBoundary(id); });
}

void MainWindow::mergeCurrent() {
    if (!m_session.isOpen()) return;
    // Merge the scene at the playhead (or ending at the selected boundary) with the next one.
    int64_t shot = m_session.shotAt(m_position);
    if (m_current >= 0) shot = m_session.boundaries()[size_t(m_current)].shot_index;
    int64_t scene = -1;
    for (const auto& s : m_session.scenes())
        if (shot >= s.first_shot && shot <= s.last_shot) scene = s.index;
    if (scene < 0 || scene + 1 >= int64_t(m_session.scenes().size())) {
        statusBar()->showMessage("This is the last scene: nothing to merge it with", 5000);
        return;
    }
    const int64_t film = m_session.filmId();
    pushEdit(&m_session, "Merge scenes", [film, scene](store::Project& p) { return p.mergeScenes(film, scene); });
}

void MainWindow::splitAtPlayhead() {
    if (!m_session.isOpen()) return;
    const int64_t shot = m_session.shotAt(m_position), film = m_session.filmId();
    if (pushEdit(&m_session, "Split scene", [film, shot](store::Project& p) { return p.splitScene(film, shot); }))
        selectBoundary(m_session.boundaryAfterShot(shot));
}

void MainWindow::nudge(int delta) {
    if (m_current < 0) return;
    const auto& b = m_session.boundaries()[size_t(m_current)];
    const int64_t id = b.id;
    if (moveBoundary(id, b.shot_index + delta)) selectBoundary(m_session.boundaryIndexById(id), false);
}

bool MainWindow::moveBoundary(int64_t id, int64_t to) {
    const int i = m_session.boundaryIndexById(id);
    if (i < 0) return false;
    const int64_t cuts = int64_t(m_session.shots().size()) - 1; // a boundary follows shots 0 .. cuts - 1
    QString why;
    if (to < 0)
        why = "it is the first cut already";
    else if (to >= cuts)
        why = "there is no cut after the film's last shot";
    else if (const int other = m_session.boundaryAfterShot(to); other >= 0 && other != i)
        why = QString("a boundary is already at %1 (shot %2)")
                  .arg(QString::fromStdString(film::timecodeAt(m_session.boundaryTime(m_session.boundaries()[size_t(other)]), m_session.fps())))
                  .arg(to + 1);
    if (!why.isEmpty()) {
        statusBar()->showMessage("The boundary was not moved: " + why, 6000);
        return false;
    }
    // Every move of one boundary in a row (a drag, a run of nudges) is one undo step.
    return pushEdit(&m_session, "Move boundary", [id, to](store::Project& p) { return p.moveBoundary(id, to); }, id);
}

void MainWindow::stopLoop() {
    if (!looping()) return;
    m_loopStart = m_loopEnd = 0;
    m_player->pause();
}

void MainWindow::toggleLoop() {
    if (looping()) {
        stopLoop();
        statusBar()->showMessage("Loop stopped", 3000);
        return;
    }
    if (m_current < 0) {
        statusBar()->showMessage("Select a boundary first (Tab)", 5000);
        return;
    }
    const double t = m_session.boundaryTime(m_session.boundaries()[size_t(m_current)]);
    const double end = m_session.shots().empty() ? m_session.film().duration_s : m_session.shots().back().end_s;
    m_loopStart = std::max(0.0, t - 1.5);
    m_loopEnd = std::max(m_loopStart + 0.5, std::min(t + 1.5, end - 0.05)); // a cut near the end loops what there is
    seek(m_loopStart);
    m_player->setPlaybackRate(1.0);
    m_rate = 1;
    m_player->play();
    statusBar()->showMessage("Playing the 3 s around the boundary in a loop (P stops)", 5000);
}

void MainWindow::selectSentence(int row) {
    if (row < 0 || row >= m_synopsis->count()) return;
    m_synopsis->setCurrentRow(row);
    m_syncView->setSelectedSentence(row);
    const auto& shots = m_session.shots();
    if (shots.empty()) return;
    const int64_t sentence = m_synopsis->item(row)->data(Qt::UserRole).toLongLong();
    const std::string who = synopsisShown();
    // Its TP's shot where the sentence is a turning point (that annotator's on the film, else the
    // film's own); otherwise where the sentence falls along the film (MEGA's diagonal prior: sentence
    // i of n near shot (i + 0.5) n_shots / n).
    const int tp = m_session.tpOf(store::UnitKind::Sentence, sentence, who);
    auto tpShots = m_timeline->tpShotsOf(QString::fromStdString(who));
    if (tp > 0 && !tpShots[size_t(tp - 1)]) tpShots = m_timeline->tpShotsOf({});
    int64_t shot = -1;
    QString how;
    // Where the synchronization (stored with the TP model's proposals) puts the sentence, if it does.
    const bool synced = m_syncView->hasMatrix() && m_syncView->matrix().shots == int64_t(shots.size());
    const int64_t syncedShot = synced ? pipeline::bestShotOf(m_syncView->matrix(), row) : -1;
    if (tp > 0 && tpShots[size_t(tp - 1)]) {
        shot = *tpShots[size_t(tp - 1)];
        how = QString("TP%1's shot").arg(tp);
    } else if (syncedShot >= 0) {
        shot = syncedShot;
        how = "where the synchronization matrix puts it";
    } else {
        const double n = std::max<double>(1, double(m_synopsis->count()));
        shot = std::clamp<int64_t>(int64_t((double(sentence) + 0.5) / n * double(shots.size())), 0, int64_t(shots.size()) - 1);
        how = "where the sentence falls along the film";
    }
    seek(shots[size_t(shot)].start_s);
    statusBar()->showMessage(QString("Sentence %1: shot %2 (%3)").arg(sentence + 1).arg(shot + 1).arg(how), 6000);
}

QString MainWindow::subtitleShown() const { return m_video->subtitle(); }

void MainWindow::showSubtitle() {
    QString text;
    const QAction* on = m_actions.value("view.subtitles");
    if (on && on->isChecked()) {
        const auto& cues = m_session.subtitles();
        auto it = std::upper_bound(cues.begin(), cues.end(), m_position, [](double t, const media::SubtitleCue& c) { return t < c.start_s; });
        if (it != cues.begin() && m_position < (it - 1)->end_s) text = QString::fromStdString((it - 1)->text);
    }
    m_video->setSubtitle(text);
}

QString MainWindow::progressText() const {
    int decided = 0;
    for (const auto& b : m_session.boundaries()) decided += b.status != store::ReviewStatus::Unreviewed;
    return QString("%1 of %2 reviewed").arg(decided).arg(m_session.boundaries().size());
}

QString MainWindow::shortcutOwner(const QMap<QString, QKeySequence>& keys, const QString& id, const QKeySequence& key) {
    if (key.isEmpty()) return {};
    for (auto it = keys.begin(); it != keys.end(); ++it)
        if (it.key() != id && it.value() == key) return it.key();
    return {};
}

namespace {
/// What an edit changed, from the rows before and after it: "status unreviewed -> accepted",
/// "shot_idx 41 -> 42", "added", "removed"; an import's summary as it is.
QString editChange(const store::Edit& e) {
    const QJsonDocument before = QJsonDocument::fromJson(QByteArray::fromStdString(e.before));
    const QJsonDocument after = QJsonDocument::fromJson(QByteArray::fromStdString(e.after));
    if (e.state == "final" || e.table.empty()) return QString::fromStdString(e.after);
    if (!before.isObject() && after.isObject()) return "added";
    if (before.isObject() && !after.isObject()) return "removed";
    QStringList parts;
    const QJsonObject b = before.object(), a = after.object();
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (b.value(it.key()) == it.value()) continue;
        auto text = [](const QJsonValue& v) { return v.isDouble() ? QString::number(v.toDouble()) : v.isNull() ? QString("none") : v.toString(); };
        parts << QString("%1 %2 -> %3").arg(it.key(), text(b.value(it.key())), text(it.value()));
    }
    return parts.join(", ");
}
} // namespace

void MainWindow::refreshHistory() {
    if (!m_historyDock->isVisible() || !m_session.isOpen()) return;
    QMap<qint64, QString> films;
    for (const auto& f : m_session.project().films()) films.insert(f.id, QString::fromStdString(f.name));
    const auto edits = m_session.project().edits();
    m_history->setRowCount(int(edits.size()));
    int row = 0;
    for (auto it = edits.rbegin(); it != edits.rend(); ++it, ++row) { // newest first
        const QDateTime at = QDateTime::fromString(QString::fromStdString(it->at), Qt::ISODateWithMs);
        const QStringList cells{at.isValid() ? at.toLocalTime().toString("yyyy-MM-dd HH:mm:ss") : QString::fromStdString(it->at),
                                QString::fromStdString(it->who), QString::fromStdString(it->op), films.value(it->film_id),
                                editChange(*it), QString::fromStdString(it->state)};
        for (int c = 0; c < cells.size(); ++c) m_history->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_history->resizeColumnsToContents();
}


void MainWindow::setTp(int tp, bool scene) {
    if (!m_session.isOpen()) return;
    const int64_t film = m_session.filmId();
    store::UnitKind unit = store::UnitKind::Shot;
    int64_t index = m_session.shotAt(m_position);
    if (scene) {
        unit = store::UnitKind::Scene;
        const int64_t shot = index;
        for (const auto& s : m_session.scenes())
            if (shot >= s.first_shot && shot <= s.last_shot) index = s.index;
    } else if (m_synopsis->hasFocus() && m_synopsis->currentItem()) {
        unit = store::UnitKind::Sentence;
        index = m_synopsis->currentItem()->data(Qt::UserRole).toLongLong();
    }
    // The same key again clears a TP; on a model's proposal nobody reviewed yet it accepts it.
    bool clear = false;
    for (const auto& t : m_session.turningPoints())
        if (t.tp == tp && t.unit == unit && t.index == index && t.annotator.empty() && t.status != store::ReviewStatus::Rejected)
            clear = t.status != store::ReviewStatus::Unreviewed || film::Source::parse(t.source).isPerson();
    pushEdit(&m_session, QString(clear ? "Clear TP%1" : "Set TP%1").arg(tp), [=](store::Project& p) {
        return clear ? p.clearTurningPoint(film, tp, unit, index) : p.setTurningPoint(film, tp, unit, index);
    });
}

void MainWindow::playPause() {
    if (m_player->playbackState() == QMediaPlayer::PlayingState) {
        m_player->pause();
    } else {
        m_player->setPlaybackRate(1.0);
        m_rate = 1;
        m_player->play();
    }
}

void MainWindow::shuttle(int direction) {
    // L: play, faster on each press (1x, 2x, 4x); K: stop; J: step back a second per press (Qt
    // Multimedia cannot play backwards), or slow down if playing forward.
    if (direction == 0) {
        m_player->pause();
        m_rate = 1;
        return;
    }
    if (direction > 0) {
        const bool playing = m_player->playbackState() == QMediaPlayer::PlayingState;
        m_rate = playing ? std::min(4.0, m_rate * 2) : 1.0;
        m_player->setPlaybackRate(m_rate);
        m_player->play();
    } else if (m_player->playbackState() == QMediaPlayer::PlayingState && m_rate > 1) {
        m_rate /= 2;
        m_player->setPlaybackRate(m_rate);
    } else {
        m_player->pause();
        seek(m_position - 1.0);
    }
}

void MainWindow::stepFrames(int frames) {
    m_player->pause();
    seek(m_position + frames / m_session.fps());
}

void MainWindow::startModelJob(ModelJob* job, const QString& what) {
    m_job = job;
    for (const char* id : {"model.propose", "model.train"}) m_actions.value(id)->setEnabled(false);
    if (auto* start = findChild<QPushButton*>("startTraining")) start->setEnabled(false);
    m_trainCancel->setEnabled(true);
    connect(job, &QThread::finished, this, [this, job, what] {
        job->deleteLater();
        m_trainCancel->setEnabled(false);
        for (const char* id : {"model.propose", "model.train"}) m_actions.value(id)->setEnabled(true);
        if (auto* start = findChild<QPushButton*>("startTraining")) start->setEnabled(true);
        const bool live = job->kind() == ModelJob::Kind::Learn;
        if (!live) m_trainProgress->setValue(1000);
        // The boundary under review stays under review (re-scoring replaces the unreviewed rows).
        const int64_t shot = m_current >= 0 && m_current < int(m_session.boundaries().size())
                                 ? m_session.boundaries()[size_t(m_current)].shot_index
                                 : -1;
        auto keepCurrent = [this, shot] {
            m_session.reload();
            if (shot >= 0) m_current = m_session.boundaryAfterShot(shot);
            refreshAnalysis(); // proposing stored new explanations with its proposals
            refreshViews();
        };
        if (live) {
            statusBar()->showMessage(job->error().isEmpty() ? job->summary() : "Not learnt yet: " + job->error(), 10000);
            keepCurrent();
            return;
        }
        if (job->error() == "cancelled") {
            m_trainLabel->setText(what + " was cancelled: the active model is unchanged.");
            statusBar()->showMessage(what + " was cancelled; the active model is unchanged", 10000);
        } else if (!job->error().isEmpty()) {
            m_trainLabel->setText(what + " failed: " + job->error());
            showError(what + " failed", job->error());
        } else {
            m_trainLabel->setText(job->beforeAfter().isEmpty() ? job->summary() : job->beforeAfter() + "\n\n" + job->summary());
            statusBar()->showMessage(job->summary(), 15000);
        }
        keepCurrent(); // the job wrote through its own connection
        refreshVersions();
    });
    statusBar()->showMessage(what + "...");
    job->start(QThread::LowPriority);
}

ModelJob* MainWindow::modelJob() const { return m_job; }

void MainWindow::learnAfterDecisions() {
    // Only decisions made now count: not the resumed session's edits refilling the undo stack.
    if (!m_session.isOpen() || m_session.resuming() || !m_actions.value("model.learnLive")->isChecked()) return;
    if (++m_decisionsSinceLearn < m_learnEvery || m_job) return;
    m_decisionsSinceLearn = 0;
    auto* job = new ModelJob(ModelJob::Kind::Learn, QString::fromStdString(m_session.project().path()), m_session.filmId(), this);
    job->setMinEach(m_learnMinEach);
    startModelJob(job, "Learning from your decisions");
}

void MainWindow::proposeOnFilm() {
    if (!m_session.isOpen() || m_job) return;
    startModelJob(new ModelJob(ModelJob::Kind::Propose, QString::fromStdString(m_session.project().path()), m_session.filmId(), this),
                  "Proposing");
}

namespace {
/// Which model of a training's folds the Training tab's label speaks of.
QString trainingStage(int fold, int folds) {
    return fold < folds ? QString("Fold %1 of %2 (a model that never sees its held-out films)").arg(fold + 1).arg(folds)
                        : QString("The model on every reviewed film");
}
} // namespace

void MainWindow::trainOnCorrections() {
    if (!m_session.isOpen() || m_job) return;
    auto* job = new ModelJob(ModelJob::Kind::Train, QString::fromStdString(m_session.project().path()), 0, this);
    m_lossChart->removeAllSeries();
    m_lossSeries = m_heldSeries = nullptr;
    m_lossPoints = m_heldPoints = 0;
    m_lossTop = 0;
    m_trainProgress->setValue(0);
    m_trainLabel->setText("Training on the reviewed films of the project; keep reviewing meanwhile (edits made now count next time).");
    showAnalysis(AnalysisTab::Training);
    refreshVersions();
    connect(job, &ModelJob::epoch, this, [this](int fold, int folds, int epoch, int epochs, double loss, double heldout) {
        const int done = fold * epochs + epoch, total = (folds + 1) * epochs;
        m_trainProgress->setValue(total ? 1000 * done / total : 0);
        // One loss curve per fold (a model that never sees its held-out films) and one for the final
        // model; beside each fold's, its AP on its held-out films (dashed, right axis): the validation curve.
        const QString name = fold < folds ? QString("fold %1").arg(fold + 1) : QString("final model");
        if (!m_lossSeries || m_lossSeries->name() != name) {
            const QColor colour = QColor::fromHsv((fold * 70) % 360, 170, 200);
            m_lossSeries = new QLineSeries;
            m_lossSeries->setName(name);
            m_lossSeries->setColor(colour);
            m_lossChart->addSeries(m_lossSeries);
            m_lossSeries->attachAxis(m_lossChart->axes(Qt::Horizontal).first());
            m_lossSeries->attachAxis(m_lossChart->axes(Qt::Vertical).first());
            m_heldSeries = nullptr;
            if (heldout >= 0) {
                m_heldSeries = new QLineSeries;
                m_heldSeries->setName(name + " AP");
                m_heldSeries->setPen(QPen(colour, 2, Qt::DashLine));
                m_lossChart->addSeries(m_heldSeries);
                m_heldSeries->attachAxis(m_lossChart->axes(Qt::Horizontal).first());
                m_heldSeries->attachAxis(m_apAxis);
            }
        }
        m_lossSeries->append(epoch, loss);
        if (m_heldSeries && heldout >= 0) {
            m_heldSeries->append(epoch, heldout);
            ++m_heldPoints;
        }
        ++m_lossPoints;
        m_lossTop = std::max(m_lossTop, loss);
        auto* epochAxis = static_cast<QValueAxis*>(m_lossChart->axes(Qt::Horizontal).first());
        epochAxis->setRange(1, epochs);
        epochAxis->setTickInterval(std::max(1, (epochs + 9) / 10)); // at most ~10 labels
        m_lossChart->axes(Qt::Vertical).first()->setRange(0, std::max(0.1, m_lossTop * 1.1));
        m_trainLabel->setText(trainingStage(fold, folds) + QString(", epoch %1/%2: loss %3").arg(epoch).arg(epochs).arg(loss, 0, 'f', 4));
    });
    connect(job, &ModelJob::contextEpoch, this, [this](int fold, int folds, int epoch, int epochs, double loss) {
        m_trainLabel->setText(trainingStage(fold, folds) + QString(": its film-level context (after the windows), epoch %1/%2: loss %3")
                                                               .arg(epoch).arg(epochs).arg(loss, 0, 'f', 4));
    });
    startModelJob(job, "Training");
}

namespace {
/// The project's model versions as a table: active, name, task, created, why (its metrics on
/// reviewed films it never saw). The Model Versions dialog and the Training dock both show it.
void fillVersions(QTableWidget* table, const std::vector<store::ModelVersion>& versions) {
    table->clear();
    table->setRowCount(int(versions.size()));
    table->setColumnCount(5);
    table->setHorizontalHeaderLabels({"Active", "Version", "Task", "Created", "Why (metrics on reviewed films it never saw)"});
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    for (int r = 0; r < int(versions.size()); ++r) {
        const auto& v = versions[size_t(r)];
        table->setItem(r, 0, new QTableWidgetItem(v.active ? "*" : ""));
        auto* name = new QTableWidgetItem(QString::fromStdString(v.name));
        name->setData(Qt::UserRole, qlonglong(v.id));
        table->setItem(r, 1, name);
        table->setItem(r, 2, new QTableWidgetItem(QString::fromStdString(v.task)));
        table->setItem(r, 3, new QTableWidgetItem(QString::fromStdString(v.created_at)));
        auto* why = new QTableWidgetItem(QString::fromStdString(v.note));
        why->setToolTip(why->text());
        table->setItem(r, 4, why);
        if (v.active) table->selectRow(r);
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
}
} // namespace

void MainWindow::refreshVersions() {
    if (!m_session.isOpen()) return;
    try {
        fillVersions(m_dockVersions, m_session.project().modelVersions());
        m_dockVersions->setColumnHidden(3, true); // the dock is narrow: active, name, task and why
    } catch (const std::exception& e) {
        statusBar()->showMessage(QString("Cannot read the model versions: ") + e.what(), 8000);
    }
}

void MainWindow::chooseModel() {
    if (!m_session.isOpen()) return;
    QDialog dlg(this);
    dlg.setWindowTitle("Model Versions");
    const auto versions = m_session.project().modelVersions();
    auto* table = new QTableWidget(&dlg);
    table->setObjectName("versions");
    fillVersions(table, versions);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* activate = buttons->addButton("Make Active and Propose", QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    activate->setEnabled(!versions.empty());
    auto* lay = new QVBoxLayout(&dlg);
    lay->addWidget(new QLabel("The active version proposes on new films. A version trained here becomes active by itself "
                              "only when it beats the active one on reviewed films it never saw."));
    lay->addWidget(table);
    lay->addWidget(buttons);
    dlg.resize(900, 360);
    if (dlg.exec() != QDialog::Accepted || table->currentRow() < 0) return;
    const qint64 id = table->item(table->currentRow(), 1)->data(Qt::UserRole).toLongLong();
    try {
        m_session.project().activateModel(id, "made active in the window by " + m_session.project().author());
    } catch (const std::exception& e) {
        showError("Cannot change the active model", QString::fromStdString(e.what()));
        return;
    }
    proposeOnFilm();
}

void MainWindow::showSearch() {
    if (!m_session.isOpen()) {
        statusBar()->showMessage("Open a film first: File > Open Film", 5000);
        return;
    }
    if (!m_search) {
        m_search = new SearchDialog(&m_session, m_timeline, this);
        m_search->setObjectName("searchDialog");
        connect(m_search, &SearchDialog::shotChosen, this, [this](qint64 shot) {
            if (shot < 0 || shot >= qint64(m_session.shots().size())) return;
            seek(m_session.shots()[size_t(shot)].start_s);
            statusBar()->showMessage(QString("Shot %1, found by the search").arg(shot + 1), 5000);
        });
    }
    prepareSearch();
    m_search->show();
    m_search->raise();
    m_search->activateWindow();
}

void MainWindow::showAgreement() {
    if (!m_session.isOpen()) return;
    AgreementDialog dlg(m_session.project(), m_session.filmId(), this);
    connect(&dlg, &AgreementDialog::adopted, this, [this] {
        m_session.reload();
        statusBar()->showMessage("Adopted as the film's own labels", 8000);
    });
    dlg.exec();
}

void MainWindow::setFilmReviewed(bool reviewed) {
    if (!m_session.isOpen()) return;
    try {
        m_session.project().setFilmReviewed(m_session.filmId(), reviewed);
    } catch (const std::exception& e) {
        showError("Cannot mark the film", QString::fromStdString(e.what()));
    }
    updateStatus();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s;
    if (m_session.isOpen()) s.setValue(positionKey(), m_position);
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
    if (m_ingest) {
        m_ingest->cancel();
        m_ingest->wait();
    }
    if (m_loader) m_loader->stop();
    if (m_job) {
        m_job->cancel();
        m_job->wait();
    }
    e->accept();
}

namespace {
/// Saves a grab of the window as it is on screen (QScreen, so the video shows).
void grabTo(QWidget* w, const QString& dir, const QString& name) {
    QApplication::processEvents();
    QScreen* screen = w->windowHandle() ? w->windowHandle()->screen() : QGuiApplication::primaryScreen();
    const QPixmap pm = screen->grabWindow(0, w->geometry().x(), w->geometry().y(), w->frameGeometry().width(), w->frameGeometry().height());
    pm.save(dir + "/" + name + ".png");
}
} // namespace

void MainWindow::takeLoopScreenshots(const QString& dir) {
    QDir().mkpath(dir);
    for (const auto& f : m_session.project().films()) // the first film nobody reviewed
        if (!pipeline::isReviewed(m_session.project(), f.id)) {
            openProject(QString::fromStdString(m_session.project().path()), f.id);
            break;
        }
    selectBoundary(0);
    grabTo(this, dir, "loop-1-before-training");
    trainOnCorrections();
    if (m_job) // a model with a film-level context (films without video): the label while it trains
        connect(m_job, &ModelJob::contextEpoch, this, [this, dir](int, int, int, int, double) { grabTo(this, dir, "loop-2b-context"); },
                Qt::SingleShotConnection);
    QTimer::singleShot(2500, this, [this, dir] {
        grabTo(this, dir, "loop-2-training");
        auto* poll = new QTimer(this);
        connect(poll, &QTimer::timeout, this, [this, dir, poll] {
            if (m_job) return;
            poll->stop();
            selectBoundary(0);
            QTimer::singleShot(800, this, [this, dir] {
                grabTo(this, dir, "loop-3-after-training");
                close();
            });
        });
        poll->start(200);
    });
}

void MainWindow::takeAnalysisScreenshots(const QString& dir) {
    QDir().mkpath(dir);
    auto grab = [this, dir](const QString& name) { grabTo(this, dir, name); };
    auto after = [this](int ms, std::function<void()> fn) { QTimer::singleShot(ms, this, fn); };
    resizeDocks({m_trainDock}, {330}, Qt::Vertical);
    // The boundary under review: the most confident proposal in the middle third of the film.
    int pick = 0;
    double best = -1;
    const auto& bs = m_session.boundaries();
    for (size_t i = bs.size() / 3; i < 2 * bs.size() / 3; ++i)
        if (bs[i].probability && *bs[i].probability > best) best = *bs[i].probability, pick = int(i);
    selectBoundary(pick);
    showAnalysis(AnalysisTab::Sync);
    after(1200, [=, this] {
        grab("analysis-1-sync-soft");
        m_syncMode->setCurrentIndex(1);
        m_syncView->setZoom(3);
        selectSentence(m_synopsis->count() / 2);
        after(800, [=, this] {
            grab("analysis-2-sync-expected-zoomed");
            m_syncMode->setCurrentIndex(0);
            m_syncView->setZoom(1);
            showAnalysis(AnalysisTab::Contributions);
            after(800, [=, this] {
                grab("analysis-3-contributions");
                showAnalysis(AnalysisTab::Attention);
                after(800, [=, this] {
                    grab("analysis-4-attention");
                    showAnalysis(AnalysisTab::Contributions);
                    explainTurningPoint(3);
                    after(800, [=, this] {
                        grab("analysis-5-tp3-contributions");
                        explainTurningPoint(0);
                        showSearch();
                        const QString sentence = m_synopsis->item(m_synopsis->count() / 2)->text();
                        m_search->query()->setEditText(sentence);
                        m_search->search(sentence);
                        m_search->move(geometry().center() - m_search->rect().center());
                        after(1000, [=, this] {
                            grab("analysis-6-search");
                            m_search->close();
                            exportDialog();
                            if (m_exportDialog) m_exportDialog->move(geometry().center() - m_exportDialog->rect().center());
                            after(800, [=, this] {
                                grab("analysis-7-export");
                                if (m_exportDialog) m_exportDialog->reject();
                                trainOnCorrections();
                                auto* poll = new QTimer(this);
                                connect(poll, &QTimer::timeout, this, [this, dir, poll] {
                                    if (m_job) return;
                                    poll->stop();
                                    showAnalysis(AnalysisTab::Training);
                                    QTimer::singleShot(800, this, [this, dir] {
                                        grabTo(this, dir, "analysis-8-training");
                                        close();
                                    });
                                });
                                poll->start(200);
                            });
                        });
                    });
                });
            });
        });
    });
}

void MainWindow::takeScreenshots(const QString& dir) {
    QDir().mkpath(dir);
    auto grab = [this, dir](const QString& name) { grabTo(this, dir, name); };
    auto after = [](int ms, std::function<void()> fn) { QTimer::singleShot(ms, fn); };
    // 1 opened, playing; 2 a boundary under review; 3 accepted, filtered to unreviewed; 4 zoomed in with a TP set.
    m_player->play();
    after(2500, [=, this] {
        grab("1-opened");
        m_player->pause();
        stepBoundary(+1);
        stepBoundary(+1);
        after(1200, [=, this] {
            grab("2-boundary-selected");
            review(store::ReviewStatus::Accepted);
            stepBoundary(+1);
            review(store::ReviewStatus::Rejected);
            m_filterBox->setCurrentIndex(BoundaryFilter::Unreviewed);
            after(800, [=, this] {
                grab("3-reviewed-filtered");
                m_filterBox->setCurrentIndex(BoundaryFilter::All);
                setTp(2, false);
                m_timeline->setZoom(m_timeline->zoom() * 4);
                m_timeline->ensureVisible(m_position);
                after(800, [=, this] {
                    grab("4-zoomed-tp");
                    m_session.undoStack()->undo(); // leave the demo project as it was
                    m_session.undoStack()->undo();
                    m_session.undoStack()->undo();
                    // 5 Help > Keyboard Reference; 6 Settings.
                    m_actions.value("help.keys")->trigger();
                    after(600, [=, this] {
                        for (QDialog* d : findChildren<QDialog*>())
                            if (d->isVisible() && d->windowTitle() == "Keyboard Reference") {
                                grabTo(d, dir, "5-keyboard-reference");
                                d->hide();
                            }
                        auto* settingsDialog = new SettingsDialog(this);
                        settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
                        settingsDialog->show();
                        after(600, [=, this] {
                            grabTo(settingsDialog, dir, "6-settings");
                            settingsDialog->close();
                            // 7 the history of edits, after a decision; 8 every annotator's TPs side by
                            // side and their agreement (where the film has several annotators).
                            selectBoundary(2);
                            review(store::ReviewStatus::Accepted);
                            m_historyDock->show();
                            after(1000, [=, this] {
                                grab("7-history");
                                m_session.undoStack()->undo();
                                m_historyDock->hide();
                                if (m_annotatorBox->count() < 3) {
                                    close();
                                    return;
                                }
                                m_annotatorBox->setCurrentIndex(m_annotatorBox->count() - 1);
                                auto* agreement = new AgreementDialog(m_session.project(), m_session.filmId(), this);
                                agreement->setAttribute(Qt::WA_DeleteOnClose);
                                agreement->setMetric(eval::AgreementMetric::D); // the distances tell the annotators apart
                                agreement->show();
                                agreement->move(geometry().center() - agreement->rect().center());
                                after(800, [=, this] {
                                    grab("8-annotators-agreement");
                                    agreement->close();
                                    close();
                                });
                            });
                        });
                    });
                });
            });
        });
    });
}

} // namespace mega::ui

namespace mega::ui {

// ---- the analysis views (issue 14): what proposing stored with the predictions ----

void MainWindow::buildAnalysisTabs() {
    // Synchronization: the heatmap with a bar of its own (A or W, what it was computed by).
    auto* syncPage = new QWidget;
    auto* sv = new QVBoxLayout(syncPage);
    sv->setContentsMargins(4, 2, 4, 2);
    auto* syncBar = new QHBoxLayout;
    m_syncMode = new QComboBox;
    m_syncMode->setObjectName("syncMode");
    m_syncMode->addItems({"Soft synchronization A (Eq. 5)", "Expected synchronization W (E-step, Eq. 2)"});
    m_syncMode->setToolTip("A: each shot's softmax over the sentences; W: the pairs the E-step keeps (similar enough, inside the diagonal band)");
    connect(m_syncMode, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_syncView->setMode(i == 1 ? SyncMatrixView::Mode::Expected : SyncMatrixView::Mode::Soft); });
    auto* follow = new QCheckBox("Follow the playhead");
    follow->setChecked(true);
    m_syncInfo = new QLabel;
    m_syncInfo->setObjectName("syncInfo");
    m_syncInfo->setWordWrap(true);
    syncBar->addWidget(m_syncMode);
    syncBar->addWidget(follow);
    syncBar->addWidget(m_syncInfo, 1);
    sv->addLayout(syncBar);
    m_syncView = new SyncMatrixView;
    m_syncView->setObjectName("syncMatrix");
    connect(follow, &QCheckBox::toggled, m_syncView, &SyncMatrixView::setFollowPlayhead);
    // A click plays that shot and selects that sentence.
    connect(m_syncView, &SyncMatrixView::cellClicked, this, [this](int64_t shot, int sentence) {
        const auto& shots = m_session.shots();
        if (shot < 0 || shot >= int64_t(shots.size())) return;
        if (sentence >= 0 && sentence < m_synopsis->count()) m_synopsis->setCurrentRow(sentence);
        seek(shots[size_t(shot)].start_s);
        if (m_player->hasVideo() || m_player->hasAudio()) m_player->play();
        statusBar()->showMessage(QString("Shot %1 with sentence %2").arg(shot + 1).arg(sentence + 1), 5000);
    });
    sv->addWidget(m_syncView, 1);
    m_analysisTabs->addTab(syncPage, "Synchronization");

    // Contributions: the bars of the boundary under review, or of a TP (its buttons).
    auto* contribPage = new QWidget;
    auto* cv = new QVBoxLayout(contribPage);
    cv->setContentsMargins(4, 2, 4, 2);
    auto* tpBar = new QHBoxLayout;
    auto* explainBoundary = new QPushButton("Boundary under review");
    explainBoundary->setObjectName("explainBoundary");
    connect(explainBoundary, &QPushButton::clicked, this, [this] { explainTurningPoint(0); });
    tpBar->addWidget(explainBoundary);
    for (int n = 1; n <= 5; ++n) {
        auto* b = new QPushButton(QString("TP%1").arg(n));
        b->setObjectName(QString("explainTp%1").arg(n));
        b->setToolTip(QString("What the TP model based its TP%1 on").arg(n));
        connect(b, &QPushButton::clicked, this, [this, n] { explainTurningPoint(n); });
        tpBar->addWidget(b);
    }
    tpBar->addStretch(1);
    cv->addLayout(tpBar);
    m_contribView = new ContributionView;
    m_contribView->setObjectName("contributions");
    cv->addWidget(m_contribView, 1);
    m_analysisTabs->addTab(contribPage, "Contributions");

    m_attentionView = new AttentionView;
    m_attentionView->setObjectName("attention");
    m_analysisTabs->addTab(m_attentionView, "Fusion Attention");
}

void MainWindow::showAnalysis(AnalysisTab tab) {
    m_trainDock->show();
    m_trainDock->raise();
    m_analysisTabs->setCurrentIndex(int(tab));
}

std::string MainWindow::synopsisShown() const {
    std::string who = m_annotatorBox->currentData().toString().toStdString();
    if (who == "*") {
        who.clear();
        for (const auto& a : m_session.project().annotators(m_session.filmId()))
            if (!a.empty() && who.empty()) who = a;
    }
    return who;
}

void MainWindow::prepareSearch() {
    QStringList sentences;
    for (const auto& s : m_session.project().synopsis(m_session.filmId(), synopsisShown())) sentences << QString::fromStdString(s.text);
    m_search->prepare(sentences, m_syncView->hasMatrix() ? &m_syncView->matrix() : nullptr);
}

void MainWindow::refreshAnalysis() {
    m_sceneExpl.reset();
    m_tpExpl.reset();
    m_syncInfo->clear();
    if (!m_session.isOpen()) {
        m_syncView->clear("Open a film first: File > Open Film");
        m_timeline->setContributionBand({}, {});
        return;
    }
    store::Project& project = m_session.project();
    const int64_t film = m_session.filmId();
    const auto& shots = m_session.shots();
    // A version other than the active one made it: say which (the rest of the window shows the active one's).
    auto versionNote = [&](int64_t version, const std::string& name, const std::string& task) -> QString {
        const auto active = project.activeModel(task);
        if (active && active->id != version)
            return QString(" - made by %1, not the active %2 (propose again to see the active one's)")
                .arg(QString::fromStdString(name), QString::fromStdString(active->name));
        return {};
    };
    try {
        m_sceneExpl = pipeline::storedExplanations(project, film, "scene");
        m_tpExpl = pipeline::storedExplanations(project, film, "tp");
        // Made for other shots (the store drops them when the shots change; this guards older files).
        if (m_sceneExpl && !m_sceneExpl->shot_share.empty() && m_sceneExpl->shot_share.size() + 1 != shots.size()) m_sceneExpl.reset();
        if (m_tpExpl)
            for (const auto& u : m_tpExpl->units)
                if (u.unit >= int64_t(shots.size())) m_tpExpl.reset();
        const std::string who = synopsisShown();
        const auto sentences = project.synopsis(film, who);
        const auto sync = sentences.empty() ? std::nullopt : pipeline::storedSync(project, film, who);
        if (sentences.empty()) {
            m_syncView->clear("This film has no synopsis, so there is nothing to synchronize with its shots.\n"
                              "Import one: `mega import PROJECT --synopsis FILM FILE` (one sentence a line) or --tripod CSV, or put "
                              "FILM.synopsis.txt beside the film before ingesting it; then Model > Propose on This Film (Ctrl+P).");
        } else if (!sync) {
            m_syncView->clear("No synchronization is stored for this synopsis yet.\n"
                              "Model > Propose on This Film (Ctrl+P) computes it with the turning points.");
        } else if (sync->shots != int64_t(shots.size()) || sync->sentences != int64_t(sentences.size())) {
            m_syncView->clear(QString("The stored synchronization is of %1 shots and %2 sentences; the film has %3 and its synopsis %4 now.\n"
                                      "Model > Propose on This Film (Ctrl+P) computes it again.")
                                  .arg(sync->shots).arg(sync->sentences).arg(shots.size()).arg(sentences.size()));
        } else if (sync->method == "text" && m_session.subtitles().empty()) {
            m_syncView->clear("This film has no subtitles, and without a trained synopsis model the synchronization compares what is "
                              "said in each shot with each sentence.\nImport them (`mega import PROJECT --subtitles FILM FILE.srt`, or "
                              "FILM.srt beside the film) and propose again, or train a TP model with a synopsis model.");
        } else {
            std::vector<double> starts;
            starts.reserve(shots.size());
            for (const auto& s : shots) starts.push_back(s.start_s);
            QStringList texts;
            for (const auto& s : sentences) texts << QString::fromStdString(s.text);
            m_syncView->setMatrix(*sync, std::move(starts), texts);
            m_syncView->setPlayheadShot(m_session.shotAt(m_position));
            m_syncInfo->setText((sync->method == "mega" ? QString("From the act shot and synopsis models' embeddings")
                                                        : QString("From the built-in text encoder: what is said in each shot against each sentence "
                                                                  "(no trained synopsis model)")) +
                                QString(", tau %1, lambda %2, band xi %3").arg(sync->tau).arg(sync->lambda).arg(sync->xi) +
                                versionNote(sync->model_version, sync->model_name, "tp"));
        }
    } catch (const std::exception& e) {
        m_syncView->clear(QString("Cannot read what the models stored: ") + e.what());
    }
    if (m_search && m_search->isVisible()) prepareSearch(); // it searches the synopsis and synchronization shown
    const bool band = m_actions.value("view.band")->isChecked() && m_sceneExpl && !m_sceneExpl->shot_share.empty();
    QStringList mods;
    if (m_sceneExpl)
        for (const auto& m : m_sceneExpl->modalities) mods << QString::fromStdString(m);
    m_timeline->setContributionBand(band ? mods : QStringList{}, band ? m_sceneExpl->shot_share : std::vector<std::vector<double>>{},
                                    band ? QString::fromStdString(m_sceneExpl->model_name) : QString());
    refreshAnalysisMarks();
    showExplanation();
}

void MainWindow::refreshAnalysisMarks() {
    if (!m_session.isOpen() || !m_syncView->hasMatrix()) return;
    // Scenes as they stand now, and the TPs: gold (a person's, or the annotator's) and predicted (the model's).
    std::vector<int64_t> ends;
    for (const auto& sc : m_session.scenes()) ends.push_back(sc.last_shot);
    if (!ends.empty()) ends.pop_back();
    m_syncView->setSceneEnds(std::move(ends));
    const std::string who = synopsisShown();
    std::array<int, 5> gold{-1, -1, -1, -1, -1};
    for (int j = 0; j < m_syncView->matrix().sentences; ++j)
        if (const int tp = m_session.tpOf(store::UnitKind::Sentence, j, who)) gold[size_t(tp - 1)] = j;
    m_syncView->setGoldTps(gold);
    // The TP shots as the act band places them (film::turningPointShots: on shots or scenes): a
    // person's of the synopsis shown, and a model's proposals nobody decided yet.
    std::vector<store::TurningPoint> goldTps, predicted;
    for (auto t : m_session.turningPoints()) {
        if (t.annotator != who) continue;
        const bool model = film::Source::parse(t.source).isModel() && t.status == store::ReviewStatus::Unreviewed;
        t.annotator.clear();
        (model ? predicted : goldTps).push_back(std::move(t));
    }
    auto shotsOf = [this](const std::vector<store::TurningPoint>& tps) {
        std::array<int64_t, 5> out{-1, -1, -1, -1, -1};
        const auto at = film::turningPointShots(tps, m_session.shots(), m_session.scenes());
        for (size_t n = 0; n < 5; ++n)
            if (at[n]) out[n] = *at[n];
        return out;
    };
    m_syncView->setGoldTpShots(shotsOf(goldTps));
    m_syncView->setPredictedTpShots(shotsOf(predicted));
}

void MainWindow::explainTurningPoint(int tp) {
    m_explainedTp = tp;
    showExplanation();
    if (tp > 0 && m_tpExpl)
        if (const auto* u = m_tpExpl->findTp(tp); u && u->unit < int64_t(m_session.shots().size())) seek(m_session.shots()[size_t(u->unit)].start_s);
}

void MainWindow::showExplanation() {
    if (!m_session.isOpen()) {
        m_contribView->clear("Open a film first: File > Open Film");
        m_attentionView->clear("Open a film first: File > Open Film");
        return;
    }
    const bool tp = m_explainedTp > 0;
    const auto& stored = tp ? m_tpExpl : m_sceneExpl;
    const QString task = tp ? "TP" : "scene";
    auto clearBoth = [this](const QString& m) {
        m_contribView->clear(m);
        m_attentionView->clear(m);
    };
    if (!stored) return clearBoth(QString("No %1 model has proposed on this film yet: Model > Propose on This Film (Ctrl+P).").arg(task));
    const QString model = QString::fromStdString(stored->model_name);
    if (stored->modalities.empty() && !stored->note.empty())
        return clearBoth(QString("The %1 model %2 proposed but could not explain its proposals: %3").arg(task, model, QString::fromStdString(stored->note)));
    if (stored->modalities.empty())
        return clearBoth(QString("The %1 proposals come from the cold-start %2, which has no Grad-CAM and no attention: %3")
                             .arg(task, model,
                                  tp ? QString("set the five TPs on films you review and train a TP model on them (`mega train PROJECT "
                                               "--task tp`), then propose again.")
                                     : QString("train a model on your corrections (Model > Train, Ctrl+T) and propose again.")));
    QString version;
    if (const auto active = m_session.project().activeModel(tp ? "tp" : "scene"); active && active->id != stored->model_version)
        version = QString(" (stored by %1; the active model is %2: propose again)").arg(model, QString::fromStdString(active->name));
    QStringList mods;
    for (const auto& m : stored->modalities) mods << QString::fromStdString(m);
    const pipeline::UnitExplanation* unit = nullptr;
    std::vector<double> share;
    QString title;
    if (tp) {
        unit = stored->findTp(m_explainedTp);
        if (!unit) return clearBoth(QString("The TP model %1 stored nothing for TP%2.").arg(model).arg(m_explainedTp));
        share = unit->share;
        title = QString("TP%1 on shot %2 - P = %3 - model %4%5").arg(m_explainedTp).arg(unit->unit + 1).arg(unit->probability, 0, 'f', 3).arg(model, version);
    } else {
        if (m_current < 0 || m_current >= int(m_session.boundaries().size()))
            return clearBoth("Select a boundary (Tab) or a turning point (TP1-TP5 above) to see what the model based it on.");
        const auto& boundary = m_session.boundaries()[size_t(m_current)];
        const int64_t shot = boundary.shot_index;
        // Proposed by another model than the one whose explanations are stored: say whose these are.
        if (const auto src = film::Source::parse(boundary.source); src.isModel() && src.name != stored->model_name)
            version = QString(" (shares of %1; the boundary was proposed by %2: propose again)").arg(model, QString::fromStdString(src.name));
        unit = stored->find("boundary", shot);
        if (unit) {
            share = unit->share;
            title = QString("Boundary after shot %1 - P = %2 - model %3%4").arg(shot + 1).arg(unit->probability, 0, 'f', 3).arg(model, version);
        } else if (shot >= 0 && shot < int64_t(stored->shot_share.size())) {
            // A boundary made after the proposal (a person's): the cut's shares from the band.
            share = stored->shot_share[size_t(shot)];
            title = QString("Cut after shot %1 - model %2%3 (a boundary added after its proposals: its score's Grad-CAM)")
                        .arg(shot + 1)
                        .arg(model, version);
        } else {
            return clearBoth(QString("The model %1 stored nothing for the cut after shot %2: propose again.").arg(model).arg(shot + 1));
        }
    }
    m_contribView->setContribution(title, mods, share);
    if (!unit || unit->attention.empty())
        m_attentionView->clear(stored->bottleneck == 0 ? QString("The model %1 fuses late: it has no bottleneck attention.").arg(model)
                                                       : QString("Fusion attention is stored for proposed boundaries and turning points; "
                                                                 "this cut was added after the model proposed."));
    else
        m_attentionView->setAttention(title, mods, int(stored->bottleneck), unit->attention);
}

} // namespace mega::ui
