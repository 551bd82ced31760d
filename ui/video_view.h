#pragma once
// The player's picture as a person is meant to see it: pixels made square (anamorphic films) and
// turned upright (phone footage with a display matrix), letterboxed in the view. Qt Multimedia 6.4
// draws the stored picture as it is (QVideoWidget squeezes an anamorphic DVD and shows a turned
// phone video on its side), so the frames go to a QGraphicsVideoItem whose transform does both.

#include <QGraphicsVideoItem>
#include <QGraphicsPixmapItem>
#include <QGraphicsView>



namespace mega::ui {

class VideoView : public QGraphicsView {
    Q_OBJECT

  public:
    explicit VideoView(QWidget* parent = nullptr);
    /// Where the player draws: QMediaPlayer::setVideoOutput(view->videoItem()).
    QGraphicsVideoItem* videoItem() const { return m_item; }
    /// The film's picture as media::VideoStreamInfo gives it: display size (square pixels,
    /// upright) and the clockwise turn that makes the stored picture upright.
    void setPicture(int displayWidth, int displayHeight, int rotation);
    /// The picture's aspect on screen (width / height) after both.
    double displayAspect() const;
    /// A still shown over the player's picture (the film's frame at the playhead, decoded by the
    /// window while the player shows none: on opening, after a seek while paused); null hides it.
    void setPoster(const QImage& image);
    bool posterShown() const { return m_poster->isVisible(); }
    /// A subtitle line drawn over the bottom of the picture ("" for none).
    void setSubtitle(const QString& text);
    QString subtitle() const { return m_subtitle; }

  protected:
    void resizeEvent(QResizeEvent* e) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

  private:
    void fit();
    void placePoster();
    QGraphicsVideoItem* m_item = nullptr;
    QGraphicsPixmapItem* m_poster = nullptr;
    QString m_subtitle;
};

} // namespace mega::ui
