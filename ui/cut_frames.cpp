#include "ui/cut_frames.h"

#include "core/common/error.h"
#include "core/film/timecode.h"
#include "core/media/frame_reader.h"

#include <QMetaObject>
#include <QPaintEvent>
#include <QPainter>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace mega::ui {

std::optional<CutFrames> cutFrames(const std::vector<film::Shot>& shots, int64_t shotIndex) {
    if (shots.size() < 2 || shotIndex < 0 || shotIndex + 1 >= static_cast<int64_t>(shots.size()))
        return std::nullopt;
    const int64_t lastFrame = std::max<int64_t>(0, shots.back().end_frame);
    const auto& out = shots[static_cast<size_t>(shotIndex)];
    const auto& in = shots[static_cast<size_t>(shotIndex + 1)];
    CutFrames c;
    c.first_in = std::clamp<int64_t>(in.start_frame, 0, lastFrame);
    // The outgoing shot ends just before the incoming one starts; trust the shot's own end where it
    // is consistent, else the frame before the cut.
    c.last_out = out.end_frame < c.first_in && out.end_frame >= 0 ? out.end_frame
                                                                  : std::max<int64_t>(0, c.first_in - 1);
    c.second_in = std::min(c.first_in + 1, lastFrame);
    return c;
}

// ---------------------------------------------------------------------------------------------
// CutFrameCache

namespace {

// A wanted frame this close after the decoder's position is reached by decoding on, not by a seek
// (a seek decodes from the keyframe before it: at least as many frames for typical GOPs).
constexpr int64_t kSequentialGap = 12;
// Older requests beyond this are dropped: they were prefetches for boundaries long passed.
constexpr size_t kMaxQueue = 96;

QImage toImage(const media::Frame& f) {
    QImage img(f.width, f.height,
               f.format == media::PixelFormat::Gray8 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    if (img.isNull()) return img;
    const auto rowBytes = static_cast<size_t>(f.width) * static_cast<size_t>(f.channels());
    for (int y = 0; y < f.height; ++y)
        std::memcpy(img.scanLine(y), f.row(y), rowBytes);
    return img;
}

// Every message names the file: FrameReader's errors do, its warnings may not.
std::string namingFile(const std::string& path, const std::string& why) {
    return why.find(path) != std::string::npos ? why : fileError(path, why);
}

} // namespace

struct CutFrameCache::Shared {
    mutable std::mutex mutex;
    std::condition_variable_any wake;
    std::atomic<uint64_t> generation{0}; // changes with every setFilm (written under mutex)
    std::string path;
    int height = 270;
    std::deque<int64_t> queue;
    // LRU: most recently used at the front.
    size_t capacity = 240;
    std::list<int64_t> order;
    struct Entry {
        QImage image;
        std::list<int64_t>::iterator at;
    };
    std::unordered_map<int64_t, Entry> images;
    std::unordered_map<int64_t, std::string> failures;
    int64_t frameCount = -1;
    Stats stats;
    std::jthread worker; // last: joined first on destruction

    void insert(int64_t frame, QImage image) {
        if (auto it = images.find(frame); it != images.end()) {
            order.erase(it->second.at);
            images.erase(it);
        }
        order.push_front(frame);
        images.emplace(frame, Entry{std::move(image), order.begin()});
        while (images.size() > capacity && !order.empty()) {
            images.erase(order.back());
            order.pop_back();
        }
    }
    void dequeue(int64_t frame) { std::erase(queue, frame); }
    bool queued(int64_t frame) const { return std::find(queue.begin(), queue.end(), frame) != queue.end(); }
};

CutFrameCache::CutFrameCache(QObject* parent, int capacity) : QObject(parent), d(std::make_unique<Shared>()) {
    d->capacity = static_cast<size_t>(std::max(3, capacity));
    d->worker = std::jthread([this](std::stop_token stop) { run(stop); });
}

CutFrameCache::~CutFrameCache() {
    d->worker.request_stop();
    if (d->worker.joinable()) d->worker.join();
}

void CutFrameCache::setFilm(const QString& path, int height) {
    std::lock_guard lock(d->mutex);
    d->path = path.toStdString();
    d->height = std::max(16, height);
    d->generation.fetch_add(1);
    d->queue.clear();
    d->images.clear();
    d->order.clear();
    d->failures.clear();
    d->frameCount = -1;
    d->wake.notify_all(); // the worker opens the film before the first request
}

QString CutFrameCache::film() const {
    std::lock_guard lock(d->mutex);
    return QString::fromStdString(d->path);
}

int CutFrameCache::height() const {
    std::lock_guard lock(d->mutex);
    return d->height;
}

void CutFrameCache::request(const std::vector<int64_t>& frames) {
    std::lock_guard lock(d->mutex);
    std::deque<int64_t> next;
    std::unordered_set<int64_t> seen;
    for (const int64_t f : frames)
        if (seen.insert(f).second && !d->images.contains(f)) next.push_back(f);
    for (const int64_t f : d->queue)
        if (next.size() < kMaxQueue && seen.insert(f).second) next.push_back(f);
    d->queue = std::move(next);
    d->wake.notify_all();
}

std::optional<QImage> CutFrameCache::cached(int64_t frame) {
    std::lock_guard lock(d->mutex);
    const auto it = d->images.find(frame);
    if (it == d->images.end()) {
        ++d->stats.misses;
        return std::nullopt;
    }
    ++d->stats.hits;
    d->order.splice(d->order.begin(), d->order, it->second.at);
    return it->second.image;
}

int CutFrameCache::pending() const {
    std::lock_guard lock(d->mutex);
    return static_cast<int>(d->queue.size());
}

CutFrameCache::Stats CutFrameCache::stats() const {
    std::lock_guard lock(d->mutex);
    return d->stats;
}

void CutFrameCache::resetStats() {
    std::lock_guard lock(d->mutex);
    d->stats = {};
}

int64_t CutFrameCache::frameCount() const {
    std::lock_guard lock(d->mutex);
    return d->frameCount;
}

// Results reach the receivers on this object's thread, and only while the film they came from is
// still the one set: a frame of the previous film never shows under the new one's number.
void CutFrameCache::post(uint64_t generation, int64_t frame, const QImage& image) {
    QMetaObject::invokeMethod(
        this,
        [this, generation, frame, image] {
            if (generation == d->generation.load()) Q_EMIT frameReady(frame, image);
        },
        Qt::QueuedConnection);
}

void CutFrameCache::postFailure(uint64_t generation, int64_t frame, const QString& why) {
    QMetaObject::invokeMethod(
        this,
        [this, generation, frame, why] {
            if (generation == d->generation.load()) Q_EMIT failed(frame, why);
        },
        Qt::QueuedConnection);
}

void CutFrameCache::run(std::stop_token stop) {
    std::unique_ptr<media::FrameReader> reader;
    uint64_t readerGeneration = ~uint64_t(0);
    std::string path, openError;
    int64_t frameCount = 0;
    int64_t position = -1; // the frame next() returns without a seek; -1: unknown (seek first)
    media::Frame frame;

    auto fail = [&](uint64_t gen, int64_t f, const std::string& why) {
        {
            std::lock_guard lock(d->mutex);
            if (gen != d->generation.load()) return;
            d->failures[f] = why;
            d->dequeue(f);
            ++d->stats.failures;
        }
        postFailure(gen, f, QString::fromStdString(why));
    };
    auto deliver = [&](uint64_t gen, int64_t f, const media::Frame& decoded) {
        QImage image = toImage(decoded);
        {
            std::lock_guard lock(d->mutex);
            if (gen != d->generation.load()) return;
            d->insert(f, image);
            d->dequeue(f);
            ++d->stats.delivered;
        }
        post(gen, f, image);
    };

    while (!stop.stop_requested()) {
        int64_t target = -1;
        uint64_t gen = 0;
        int height = 0;
        std::string wantedPath;
        std::optional<std::string> knownFailure;
        {
            std::unique_lock lock(d->mutex);
            // Wake for work, or for a new film to open before anything is asked of it.
            d->wake.wait(lock, stop,
                         [&] { return !d->queue.empty() || d->generation.load() != readerGeneration; });
            if (stop.stop_requested()) return;
            gen = d->generation.load();
            wantedPath = d->path;
            height = d->height;
            if (gen == readerGeneration) {
                target = d->queue.front();
                d->queue.pop_front();
                if (d->images.contains(target)) continue;
                if (const auto it = d->failures.find(target); it != d->failures.end())
                    knownFailure = it->second;
            }
        }

        if (gen != readerGeneration) {
            // A new film: open it and build its timestamp index (one demuxing pass) now, so the
            // first cut asked for costs only its own decoding.
            reader.reset();
            openError.clear();
            position = -1;
            frameCount = 0;
            path = wantedPath;
            readerGeneration = gen;
            if (path.empty()) {
                openError = "no film";
            } else {
                try {
                    media::FrameReaderOptions o;
                    o.height = height;
                    o.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
                    reader = std::make_unique<media::FrameReader>(path, o);
                    frameCount = reader->exactFrameCount();
                    const QSize size(reader->outputWidth(), reader->outputHeight());
                    {
                        std::lock_guard lock(d->mutex);
                        if (gen == d->generation.load()) d->frameCount = frameCount;
                    }
                    QMetaObject::invokeMethod(
                        this,
                        [this, gen, frameCount, size] {
                            if (gen == d->generation.load()) Q_EMIT opened(frameCount, size);
                        },
                        Qt::QueuedConnection);
                } catch (const std::exception& e) {
                    reader.reset();
                    openError = namingFile(path, e.what());
                }
            }
            continue; // pick the queue's front again (it may have changed meanwhile)
        }

        if (knownFailure) {
            postFailure(gen, target, QString::fromStdString(*knownFailure));
            continue;
        }
        if (!reader) {
            fail(gen, target, openError);
            continue;
        }
        if (target < 0 || target >= frameCount) {
            fail(gen, target,
                 fileError(path, "frame " + std::to_string(target) + " is past the end of the film (" +
                                     std::to_string(frameCount) + " frames)"));
            continue;
        }
        try {
            if (position < 0 || target < position || target - position > kSequentialGap) {
                reader->seekToFrame(target);
                position = target;
                std::lock_guard lock(d->mutex);
                ++d->stats.seeks;
            }
            bool got = false;
            while (!stop.stop_requested() && reader->next(frame)) {
                position = frame.index + 1;
                bool wanted = false;
                {
                    std::lock_guard lock(d->mutex);
                    ++d->stats.decoded;
                    // A frame passed over on the way that is queued too is kept now.
                    wanted =
                        frame.index != target && d->queued(frame.index) && !d->images.contains(frame.index);
                }
                if (frame.index >= target) {
                    got = frame.index == target;
                    break;
                }
                if (wanted) deliver(gen, frame.index, frame);
            }
            if (stop.stop_requested()) return;
            if (got) {
                deliver(gen, target, frame);
            } else {
                const std::string why = !reader->warning().empty()
                                            ? reader->warning()
                                            : "frame " + std::to_string(target) +
                                                  " could not be decoded (damaged or missing from the file)";
                position = -1;
                fail(gen, target, namingFile(path, why));
            }
        } catch (const std::exception& e) {
            position = -1;
            fail(gen, target, namingFile(path, e.what()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CutFramesView

// 96 frames: the cut under review, the four ahead and the last few dozen visited (about 66 MB at
// 360 px in 16:9).
CutFramesView::CutFramesView(QWidget* parent) : QWidget(parent), m_cache(new CutFrameCache(this, 96)) {
    setObjectName("cutFrames");
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(m_cache, &CutFrameCache::frameReady, this, &CutFramesView::onFrameReady);
    connect(m_cache, &CutFrameCache::failed, this, &CutFramesView::onFailed);
    connect(m_cache, &CutFrameCache::opened, this, [this](qint64, QSize size) {
        if (size.isValid() && !size.isEmpty()) m_frameSize = size;
        update();
    });
}

CutFramesView::~CutFramesView() = default;

void CutFramesView::setFilm(const QString& path, int height) {
    m_cache->setFilm(path, height);
    m_prefetch.clear();
    clear();
}

void CutFramesView::clear() {
    m_wanted = {-1, -1, -1};
    m_images = {};
    m_captions = {};
    m_failures = {};
    m_wasComplete = false;
    update();
}

void CutFramesView::showCut(const std::vector<film::Shot>& shots, int64_t shotIndex, double fps,
                            const std::vector<int64_t>& prefetchShots) {
    std::vector<CutFrames> ahead;
    for (const int64_t s : prefetchShots)
        if (const auto c = cutFrames(shots, s)) ahead.push_back(*c);
    m_prefetch = std::move(ahead);
    const auto c = cutFrames(shots, shotIndex);
    if (!c) {
        clear();
        requestFrames();
        return;
    }
    auto tc = [fps](int64_t frame) {
        return fps > 0 ? QStringLiteral(" - ") + QString::fromStdString(film::timecode(frame, fps))
                       : QString();
    };
    const QString out = QString::number(shotIndex + 1), in = QString::number(shotIndex + 2);
    showCut(*c, {tr("last of shot %1").arg(out) + tc(c->last_out),
                 tr("first of shot %1").arg(in) + tc(c->first_in),
                 tr("second of shot %1").arg(in) + tc(c->second_in)});
}

void CutFramesView::showCut(const CutFrames& frames, const std::array<QString, 3>& captions) {
    m_wanted = frames.frames();
    m_captions = captions;
    m_failures = {};
    m_wasComplete = false;
    for (size_t i = 0; i < 3; ++i) {
        const auto img = m_wanted[i] >= 0 ? m_cache->cached(m_wanted[i]) : std::nullopt;
        m_images[i] = img ? *img : QImage();
    }
    requestFrames();
    update();
    checkComplete();
}

void CutFramesView::prefetchCuts(const std::vector<CutFrames>& cuts) {
    m_prefetch = cuts;
    requestFrames();
}

// The cut shown first (what is missing of it), then the cuts ahead, nearest first.
void CutFramesView::requestFrames() {
    std::vector<int64_t> frames;
    for (size_t i = 0; i < 3; ++i)
        if (m_wanted[i] >= 0 && m_images[i].isNull() && m_failures[i].isEmpty())
            frames.push_back(m_wanted[i]);
    for (const auto& c : m_prefetch)
        for (const int64_t f : c.frames())
            if (f >= 0) frames.push_back(f);
    if (!frames.empty()) m_cache->request(frames);
}

void CutFramesView::onFrameReady(qint64 frame, const QImage& image) {
    bool changed = false;
    for (size_t i = 0; i < 3; ++i)
        if (m_wanted[i] == frame && m_images[i].isNull()) {
            m_images[i] = image;
            m_failures[i].clear();
            changed = true;
        }
    if (!changed) return;
    update();
    checkComplete();
}

void CutFramesView::onFailed(qint64 frame, const QString& why) {
    bool changed = false;
    for (size_t i = 0; i < 3; ++i)
        if (m_wanted[i] == frame && m_images[i].isNull()) {
            m_failures[i] = why;
            changed = true;
        }
    if (changed) update();
}

void CutFramesView::checkComplete() {
    const bool now = complete();
    if (now && !m_wasComplete) {
        m_wasComplete = true;
        Q_EMIT completed();
    }
}

std::array<int64_t, 3> CutFramesView::wantedFrames() const {
    return m_wanted;
}

std::array<int64_t, 3> CutFramesView::displayedFrames() const {
    std::array<int64_t, 3> shown{-1, -1, -1};
    for (size_t i = 0; i < 3; ++i)
        if (!m_images[i].isNull()) shown[i] = m_wanted[i];
    return shown;
}

bool CutFramesView::complete() const {
    for (size_t i = 0; i < 3; ++i)
        if (m_wanted[i] < 0 || m_images[i].isNull()) return false;
    return true;
}

QImage CutFramesView::image(int slot) const {
    return slot >= 0 && slot < 3 ? m_images[static_cast<size_t>(slot)] : QImage();
}

QString CutFramesView::caption(int slot) const {
    return slot >= 0 && slot < 3 ? m_captions[static_cast<size_t>(slot)] : QString();
}

QString CutFramesView::failure(int slot) const {
    return slot >= 0 && slot < 3 ? m_failures[static_cast<size_t>(slot)] : QString();
}

QSize CutFramesView::sizeHint() const {
    const int caption = fontMetrics().height() + 6;
    return {3 * 320 + 40, 180 + caption + 12};
}

QSize CutFramesView::minimumSizeHint() const {
    const int caption = fontMetrics().height() + 6;
    return {3 * 96 + 40, 54 + caption + 12};
}

void CutFramesView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Window));

    const int margin = 6, gap = 6, markerGap = 14;
    const int captionH = fontMetrics().height() + 6;
    const int slotW = std::max(1, (width() - 2 * margin - gap - markerGap) / 3);
    const int slotH = std::max(1, height() - 2 * margin - captionH);
    const QSize shape = m_frameSize.isEmpty() ? QSize(16, 9) : m_frameSize;

    int x = margin;
    for (size_t i = 0; i < 3; ++i) {
        const QRect slot(x, margin, slotW, slotH);
        const QImage& img = m_images[i];
        const QSize pictureSize =
            (img.isNull() ? shape : img.size()).scaled(slot.size(), Qt::KeepAspectRatio);
        const QRect picture(slot.x() + (slot.width() - pictureSize.width()) / 2,
                            slot.y() + (slot.height() - pictureSize.height()) / 2, pictureSize.width(),
                            pictureSize.height());
        if (!img.isNull()) {
            p.drawImage(picture, img);
        } else if (m_wanted[i] >= 0) {
            p.fillRect(picture, pal.color(QPalette::Base).darker(115));
            p.setPen(pal.color(QPalette::PlaceholderText));
            const QString text =
                m_failures[i].isEmpty() ? tr("decoding...") : tr("no picture: %1").arg(m_failures[i]);
            p.drawText(picture.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWordWrap, text);
        }
        p.setPen(pal.color(QPalette::WindowText));
        const QRect captionRect(slot.x(), slot.bottom() + 3, slot.width(), captionH);
        p.drawText(captionRect, Qt::AlignHCenter | Qt::AlignTop,
                   fontMetrics().elidedText(m_captions[i], Qt::ElideMiddle, captionRect.width()));
        x += slotW + (i == 0 ? markerGap : gap);
        if (i == 0) {
            // The cut: a thin line between the outgoing and the incoming shot.
            const int mx = slot.right() + markerGap / 2 + 1;
            p.setPen(QPen(pal.color(QPalette::Highlight), 2));
            p.drawLine(mx, margin, mx, margin + slotH);
        }
    }
}

} // namespace mega::ui
