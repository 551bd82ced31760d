#include "ui/settings_dialog.h"

#include "ui/timeline_widget.h"

#include "core/store/project.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace mega::ui {

namespace settings {

QString author() { return QSettings().value("review/author").toString().trimmed(); }
void setAuthor(const QString& name) { QSettings().setValue("review/author", name.trimmed()); }

int threads() { return std::max(0, QSettings().value("compute/threads", 0).toInt()); }
void setThreads(int n) { QSettings().setValue("compute/threads", std::max(0, n)); }

int thumbnailHeight() {
    return std::clamp(QSettings().value("timeline/thumbnailHeight", TimelineWidget::kDefaultThumbnailHeight).toInt(),
                      TimelineWidget::kMinThumbnailHeight, TimelineWidget::kMaxThumbnailHeight);
}
void setThumbnailHeight(int pixels) { QSettings().setValue("timeline/thumbnailHeight", pixels); }

Theme theme() { return themeFromString(QSettings().value("appearance/theme", "system").toString()); }
void setTheme(Theme t) { QSettings().setValue("appearance/theme", themeToString(t)); }

double reactionDelay() { return std::clamp(QSettings().value("review/reactionDelay", 0.3).toDouble(), 0.0, 2.0); }
void setReactionDelay(double seconds) { QSettings().setValue("review/reactionDelay", std::clamp(seconds, 0.0, 2.0)); }

bool advanceAfterDecision() { return QSettings().value("review/advance", true).toBool(); }
void setAdvanceAfterDecision(bool on) { QSettings().setValue("review/advance", on); }

QString featuresFolder() { return QSettings().value("storage/featuresFolder").toString().trimmed(); }
void setFeaturesFolder(const QString& folder) { QSettings().setValue("storage/featuresFolder", folder.trimmed()); }

int learnEvery() { return std::max(1, QSettings().value("model/learnEvery", 5).toInt()); }
void setLearnEvery(int decisions) { QSettings().setValue("model/learnEvery", std::max(1, decisions)); }

} // namespace settings

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle("Settings");
    m_author = new QLineEdit(settings::author());
    m_author->setPlaceholderText(QString::fromStdString(store::loginName()) + " (your login name)");
    m_author->setObjectName("author");
    m_author->setToolTip("Every boundary and turning point you set, and every edit, carries this name");
    m_threads = new QSpinBox;
    m_threads->setObjectName("threads");
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(QString("every core (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(settings::threads());
    m_threads->setToolTip("Threads for reading films, extracting features, proposing and training");
    m_thumbs = new QSpinBox;
    m_thumbs->setObjectName("thumbnailHeight");
    m_thumbs->setRange(TimelineWidget::kMinThumbnailHeight, TimelineWidget::kMaxThumbnailHeight);
    m_thumbs->setSuffix(" px");
    m_thumbs->setValue(settings::thumbnailHeight());
    m_theme = new QComboBox;
    m_theme->setObjectName("theme");
    m_theme->addItem("As the desktop prefers", "system");
    m_theme->addItem("Light", "light");
    m_theme->addItem("Dark", "dark");
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(themeToString(settings::theme()))));
    m_learnEvery = new QSpinBox;
    m_learnEvery->setObjectName("learnEvery");
    m_learnEvery->setRange(1, 1000);
    m_learnEvery->setSuffix(" decisions");
    m_learnEvery->setValue(settings::learnEvery());
    m_learnEvery->setToolTip("With Model > Learn While Reviewing on, the model learns from a film's decisions this often");

    m_delay = new QDoubleSpinBox;
    m_delay->setObjectName("reactionDelay");
    m_delay->setRange(0, 2);
    m_delay->setSingleStep(0.05);
    m_delay->setDecimals(2);
    m_delay->setSuffix(" s");
    m_delay->setValue(settings::reactionDelay());
    m_delay->setToolTip("While the film plays, B marks the cut this long before the playhead: the time it takes to see a "
                        "cut and press the key");

    m_advance = new QCheckBox("Accept and Reject move to the next boundary in the list");
    m_advance->setObjectName("advance");
    m_advance->setChecked(settings::advanceAfterDecision());
    m_advance->setToolTip("Off: the boundary you decided stays under review (Tab moves on)");

    auto* form = new QFormLayout;
    form->addRow("Your name:", m_author);
    form->addRow("After a decision:", m_advance);
    form->addRow("Theme:", m_theme);
    form->addRow("Reaction delay when marking while playing:", m_delay);
    form->addRow("Thumbnail height:", m_thumbs);
    form->addRow("Threads:", m_threads);
    form->addRow("Learn while reviewing every:", m_learnEvery);
    m_features = new QLineEdit(settings::featuresFolder());
    m_features->setObjectName("featuresFolder");
    m_features->setPlaceholderText("beside each project (PROJECT.mega.features)");
    m_features->setToolTip("Feature files of films ingested from now on go to FOLDER/PROJECT.mega.features (a roomier or "
                           "faster disk); those written before stay where they are");
    auto* browse = new QPushButton("Choose...");
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, "Where feature files go", m_features->text());
        if (!d.isEmpty()) m_features->setText(d);
    });
    auto* featuresRow = new QHBoxLayout;
    featuresRow->addWidget(m_features, 1);
    featuresRow->addWidget(browse);
    form->addRow("Feature files:", featuresRow);
    auto* where = new QLabel("Trained models stay beside the project, in PROJECT.mega.models.");
    where->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* lay = new QVBoxLayout(this);
    lay->addLayout(form);
    lay->addWidget(where);
    lay->addWidget(buttons);
}

void SettingsDialog::save() {
    settings::setAuthor(m_author->text());
    settings::setThreads(m_threads->value());
    settings::setThumbnailHeight(m_thumbs->value());
    settings::setTheme(themeFromString(m_theme->currentData().toString()));
    settings::setLearnEvery(m_learnEvery->value());
    settings::setReactionDelay(m_delay->value());
    settings::setFeaturesFolder(m_features->text());
    settings::setAdvanceAfterDecision(m_advance->isChecked());
}

} // namespace mega::ui
