#include "ui/video_view.h"

#include <QGraphicsScene>
#include <QGraphicsVideoItem>
#include <QPainter>
#include <QResizeEvent>

#include <algorithm>

namespace mega::ui {

VideoView::VideoView(QWidget* parent) : QGraphicsView(parent) {
    auto* scene = new QGraphicsScene(this);
    m_item = new QGraphicsVideoItem;
    m_item->setAspectRatioMode(Qt::IgnoreAspectRatio); // the item's size carries the display aspect
    scene->addItem(m_item);
    m_poster = new QGraphicsPixmapItem;
    m_poster->setTransformationMode(Qt::SmoothTransformation);
    m_poster->setZValue(1);
    m_poster->hide();
    scene->addItem(m_poster);
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

void VideoView::setPoster(const QImage& image) {
    if (image.isNull()) {
        m_poster->hide();
        return;
    }
    m_poster->setPixmap(QPixmap::fromImage(image));
    placePoster();
    m_poster->show();
}

void VideoView::placePoster() {
    // The decoded frame is already upright with square pixels: it covers the item's upright extent.
    const QPixmap pm = m_poster->pixmap();
    if (pm.isNull()) return;
    const QRectF r = m_item->sceneBoundingRect();
    m_poster->setTransform(QTransform::fromScale(r.width() / pm.width(), r.height() / pm.height()));
    m_poster->setPos(r.topLeft());
}

void VideoView::setSubtitle(const QString& text) {
    if (text == m_subtitle) return;
    m_subtitle = text;
    viewport()->update();
}

void VideoView::drawForeground(QPainter* painter, const QRectF&) {
    if (m_subtitle.isEmpty()) return;
    // In the viewport's pixels, whatever the picture's scale: a readable line over its bottom.
    painter->save();
    painter->resetTransform();
    const QRect pic = mapFromScene(m_item->sceneBoundingRect()).boundingRect().intersected(viewport()->rect());
    QFont f = font();
    f.setPixelSize(std::clamp(pic.height() / 16, 12, 36));
    painter->setFont(f);
    const QRect box = pic.adjusted(pic.width() / 10, 0, -pic.width() / 10, -pic.height() / 20);
    const QRect text = painter->boundingRect(box, Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap, m_subtitle);
    painter->fillRect(text.adjusted(-8, -3, 8, 3), QColor(0, 0, 0, 170));
    painter->setPen(Qt::white);
    painter->drawText(box, Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap, m_subtitle);
    painter->restore();
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
    placePoster();
    const QRectF r = m_item->sceneBoundingRect();
    scene()->setSceneRect(r);
    fitInView(r, Qt::KeepAspectRatio);
}

} // namespace mega::ui
