#pragma once
// The cut at a glance (issue 15): for the boundary under review, the last frame of the outgoing
// shot and the first two of the incoming one, side by side, as DaVinci Resolve's scene cut
// detector shows them. The frames come from the decoder, frame-exact (FrameReader::seekToFrame),
// on one background thread that also decodes the next few cuts ahead, so stepping to the next
// boundary finds its pictures in the cache.

#include "core/film/shot.h"

#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>
#include <QWidget>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <vector>

namespace mega::ui {

/// The three frames of a cut: the outgoing shot's last, the incoming shot's first and second.
struct CutFrames {
    int64_t last_out = -1;  ///< last frame of the shot before the cut
    int64_t first_in = -1;  ///< first frame of the shot after it
    int64_t second_in = -1; ///< the frame after first_in (first_in again where the film ends there)

    std::array<int64_t, 3> frames() const { return {last_out, first_in, second_in}; }
    bool operator==(const CutFrames&) const = default;
};

/// The frames of the cut after shot `shotIndex` (0-based; the boundary after that shot), clamped
/// to the film (its last frame is shots.back().end_frame). Empty where there is no such cut: fewer
/// than two shots, or shotIndex not in [0, shots.size() - 2].
std::optional<CutFrames> cutFrames(const std::vector<film::Shot>& shots, int64_t shotIndex);

/// Decodes single frames of one film on its own thread and keeps the latest few hundred (LRU).
/// request() queues frames, the first wanted first; newer requests go before older ones. Results
/// arrive as frameReady() or failed(), on the thread this object lives in (the GUI thread), so
/// receivers may call back into the cache. Nothing here blocks the caller on the decoder.
class CutFrameCache : public QObject {
    Q_OBJECT

  public:
    /// What the cache did (for tests and benchmarks).
    struct Stats {
        int64_t decoded = 0;   ///< frames the decoder produced, including those passed over
        int64_t delivered = 0; ///< decoded frames kept in the cache (frameReady)
        int64_t seeks = 0;     ///< seekToFrame calls (neighbours after the current one decode without)
        int64_t hits = 0;      ///< cached() calls that found the frame
        int64_t misses = 0;    ///< cached() calls that did not
        int64_t failures = 0;  ///< failed() emitted
    };

    /// `capacity`: frames kept (about 390 kB each at 270 px in 16:9).
    explicit CutFrameCache(QObject* parent = nullptr, int capacity = 240);
    ~CutFrameCache() override;

    /// Opens `path` (on the worker thread) and decodes its frames scaled to `height` pixels high,
    /// the width following the display aspect (pixels made square, turned upright as
    /// media::VideoStreamInfo::display_width/height say). Forgets the previous film's frames,
    /// queue and failures. An empty path closes the film.
    void setFilm(const QString& path, int height = 270);
    QString film() const;
    int height() const;

    /// Queues `frames` for decoding, first wanted first; frames already cached are skipped. They go
    /// before whatever is still queued (older prefetches), and the queue is kept short.
    void request(const std::vector<int64_t>& frames);
    /// The decoded frame, if cached (and marks it recently used).
    std::optional<QImage> cached(int64_t frame);
    /// Frames queued and not yet decoded.
    int pending() const;

    Stats stats() const;
    void resetStats();

    /// The film's frame count, once opened (-1 before, or when it cannot be opened).
    int64_t frameCount() const;

  Q_SIGNALS:
    /// The film was opened: its exact frame count and the size of the decoded frames.
    void opened(qint64 frameCount, QSize frameSize);
    void frameReady(qint64 frame, const QImage& image);
    /// A frame that cannot be shown: `why` names the file (missing, not a film, truncated,
    /// damaged, past the end).
    void failed(qint64 frame, const QString& why);

  private:
    struct Shared;
    void run(std::stop_token stop);
    void post(uint64_t generation, int64_t frame, const QImage& image);
    void postFailure(uint64_t generation, int64_t frame, const QString& why);
    std::unique_ptr<Shared> d;
};

/// Three frames of a cut, large and side by side, each with a caption, and a thin marker between
/// the outgoing and the incoming shot. Shows "decoding..." while a frame is on its way and "no
/// picture" with the reason where it cannot be decoded.
class CutFramesView : public QWidget {
    Q_OBJECT

  public:
    explicit CutFramesView(QWidget* parent = nullptr);
    ~CutFramesView() override;

    CutFrameCache* cache() const { return m_cache; }
    /// The film whose frames are shown (decoded `height` pixels high; the view scales them to its
    /// size keeping their aspect). Clears the view.
    void setFilm(const QString& path, int height = 270);
    /// Shows nothing (no cut under review).
    void clear();

    /// Shows the cut after shot `shotIndex` of `shots` (0-based), captioned with 1-based shot
    /// numbers and each frame's timecode at `fps`, and decodes the cuts after the shots in
    /// `prefetchShots` ahead (the next few boundaries in review order). Out of range: clear().
    void showCut(const std::vector<film::Shot>& shots, int64_t shotIndex, double fps,
                 const std::vector<int64_t>& prefetchShots = {});
    /// Shows `frames` with the three captions given.
    void showCut(const CutFrames& frames, const std::array<QString, 3>& captions);
    /// Cuts to decode ahead, nearest first (replaces the previous list).
    void prefetchCuts(const std::vector<CutFrames>& cuts);

    /// The frames asked for (the cut shown), -1 where none.
    std::array<int64_t, 3> wantedFrames() const;
    /// The frames whose pictures are shown now, -1 where a placeholder is.
    std::array<int64_t, 3> displayedFrames() const;
    /// True when all three pictures of the cut are shown.
    bool complete() const;
    /// The decoded picture shown in slot 0..2 (null where a placeholder is).
    QImage image(int slot) const;
    QString caption(int slot) const;
    /// Why slot 0..2 shows "no picture", or empty.
    QString failure(int slot) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  Q_SIGNALS:
    /// All three pictures of the cut now shown.
    void completed();

  protected:
    void paintEvent(QPaintEvent* e) override;

  private:
    void onFrameReady(qint64 frame, const QImage& image);
    void onFailed(qint64 frame, const QString& why);
    void requestFrames();
    void checkComplete();

    CutFrameCache* m_cache = nullptr;
    std::array<int64_t, 3> m_wanted{-1, -1, -1};
    std::array<QImage, 3> m_images;
    std::array<QString, 3> m_captions, m_failures;
    std::vector<CutFrames> m_prefetch;
    QSize m_frameSize{480, 270}; // the film's decoded frame size, for placeholders' shape
    bool m_wasComplete = false;
};

} // namespace mega::ui
