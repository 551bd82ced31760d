#pragma once
// The settings the Settings dialog edits, one place for their keys and defaults (QSettings), and the
// dialog. (The window keeps its own state, such as geometry, filter and threshold, where it uses it.)

#include "ui/theme.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace mega::ui {

namespace settings {
/// The name person-made labels and edits carry; empty: the store's default, the login name.
QString author();
void setAuthor(const QString& name);
/// Threads for decoding, features and the model; 0 = every core.
int threads();
void setThreads(int n);
/// The timeline's thumbnail height in pixels.
int thumbnailHeight();
void setThumbnailHeight(int pixels);
Theme theme();
void setTheme(Theme t);
/// While the film plays, B marks the cut this many seconds before the playhead (0 to 2; default 0.3).
double reactionDelay();
void setReactionDelay(double seconds);
/// After Accept or Reject, the next boundary the list shows comes under review (default on); off:
/// the decided one stays.
bool advanceAfterDecision();
void setAdvanceAfterDecision(bool on);
/// Where new feature files go: "" beside each project (PROJECT.mega.features), else this folder
/// (pipeline::setFeaturesRoot).
QString featuresFolder();
void setFeaturesFolder(const QString& folder);
/// After how many decisions on a film the model learns from them (Model > Learn While Reviewing).
int learnEvery();
void setLearnEvery(int decisions);
} // namespace settings

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    /// Writes the fields to the settings (what OK does).
    void save();

    QLineEdit* authorEdit() const { return m_author; }
    QSpinBox* threadsBox() const { return m_threads; }
    QSpinBox* thumbnailBox() const { return m_thumbs; }
    QComboBox* themeBox() const { return m_theme; }
    QSpinBox* learnEveryBox() const { return m_learnEvery; }
    QDoubleSpinBox* reactionDelayBox() const { return m_delay; }
    QLineEdit* featuresFolderEdit() const { return m_features; }
    QCheckBox* advanceBox() const { return m_advance; }

  private:
    QLineEdit* m_author;
    QSpinBox* m_threads;
    QSpinBox* m_thumbs;
    QComboBox* m_theme;
    QSpinBox* m_learnEvery;
    QDoubleSpinBox* m_delay;
    QLineEdit* m_features;
    QCheckBox* m_advance;
};

} // namespace mega::ui
