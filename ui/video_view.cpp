#include "ui/video_view.h"

#include <QGraphicsScene>
#include <QGraphicsVideoItem>
#include <QResizeEvent>

namespace mega::ui {

VideoView::VideoView(QWidget* parent) : QGraphicsView(parent) {
    auto* scene = new QGraphicsScene(this);
    m_item = new QGraphicsVideoItem;
    m_item->setAspectRatioMode(Qt::IgnoreAspectRatio); // the item's size carries the display aspect
    scene->addItem(m_item);
    setScene(scene);
    setBackgroundBrush(Qt::black);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setRenderHints(QPainter::SmoothPixmapTransform);
    setFocusPolicy(Qt::NoFocus); // the review keys belong to the window
    setPicture(16, 9, 0);
}

void VideoView::setPicture(int displayWidth, int displayHeight, int rotation) {
    if (displayWidth <= 0 || displayHeight <= 0) displayWidth = 16, displayHeight = 9;
    const int turn = ((rotation % 360) + 360) % 360;
    // The item holds the picture as stored but with square pixels: the display size before the
    // turn (media::describeGeometry made the pixels square); the transform turns it upright.
    const bool quarter = turn == 90 || turn == 270;
    const QSizeF size = quarter ? QSizeF(displayHeight, displayWidth) : QSizeF(displayWidth, displayHeight);
    m_item->setSize(size);
    QTransform t;
    t.translate(size.width() / 2, size.height() / 2);
    t.rotate(turn); // clockwise on screen (y points down)
    t.translate(-size.width() / 2, -size.height() / 2);
    m_item->setTransform(t);
    fit();
}

double VideoView::displayAspect() const {
    const QRectF r = m_item->sceneBoundingRect();
    return r.height() > 0 ? r.width() / r.height() : 1.0;
}

void VideoView::resizeEvent(QResizeEvent* e) {
    QGraphicsView::resizeEvent(e);
    fit();
}

void VideoView::fit() {
    const QRectF r = m_item->sceneBoundingRect();
    scene()->setSceneRect(r);
    fitInView(r, Qt::KeepAspectRatio);
}

} // namespace mega::ui
