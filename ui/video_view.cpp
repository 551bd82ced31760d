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
    setPicture(16, 9, 1.0, 0);
}

void VideoView::setPicture(int width, int height, double sampleAspect, int rotation) {
    if (width <= 0 || height <= 0) width = 16, height = 9;
    if (!(sampleAspect > 0)) sampleAspect = 1.0;
    // Square pixels: widen (or heighten) the stored picture, as media::describeGeometry does.
    const QSizeF size = sampleAspect >= 1.0 ? QSizeF(width * sampleAspect, height) : QSizeF(width, height / sampleAspect);
    m_item->setSize(size);
    m_rotation = ((rotation % 360) + 360) % 360;
    QTransform t;
    t.translate(size.width() / 2, size.height() / 2);
    t.rotate(m_rotation); // clockwise on screen (y points down)
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
