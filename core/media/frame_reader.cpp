#include "core/media/frame_reader.h"

#include "core/common/error.h"
#include "core/media/fast_shrink.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/video_index.h"

extern "C" {
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <tuple>

namespace mega::media {
using namespace detail;

int channelCount(PixelFormat f) {
    return f == PixelFormat::Gray8 ? 1 : 3;
}

namespace {

AVPixelFormat toAv(PixelFormat f) {
    switch (f) {
    case PixelFormat::Rgb24:
        return AV_PIX_FMT_RGB24;
    case PixelFormat::Bgr24:
        return AV_PIX_FMT_BGR24;
    case PixelFormat::Gray8:
        return AV_PIX_FMT_GRAY8;
    }
    return AV_PIX_FMT_RGB24;
}

struct SwsFree {
    void operator()(SwsContext* c) const { sws_freeContext(c); }
};

// Samples per output pixel on the fast shrink path: 2 columns x 1 row, for luma and chroma alike.
// Each source row read costs more than the arithmetic (a 1080p frame arrives from another core's
// cache): a second luma row cost 6 % of shot detection's speed on 1080p and changed no cut of the
// reference clips.
constexpr int kSampleTaps = 2, kLumaRowTaps = 1, kChromaRowTaps = 1;

// Turns a packed picture clockwise by `degrees` (90, 180, 270) into `out`.
void turn(const Frame& in, Frame& out, int degrees) {
    const int ch = in.channels(), W = in.width, H = in.height;
    const bool quarter = degrees == 90 || degrees == 270;
    out.width = quarter ? H : W;
    out.height = quarter ? W : H;
    out.format = in.format;
    out.data.resize(in.data.size());
    for (int y = 0; y < out.height; ++y) {
        uint8_t* o = out.data.data() + static_cast<size_t>(y) * static_cast<size_t>(out.width * ch);
        for (int x = 0; x < out.width; ++x, o += ch) {
            int sx = x, sy = y; // where output (x, y) is in the stored picture
            if (degrees == 90) sx = y, sy = H - 1 - x;
            else if (degrees == 180) sx = W - 1 - x, sy = H - 1 - y;
            else if (degrees == 270) sx = W - 1 - y, sy = x;
            std::memcpy(o, in.data.data() + (static_cast<size_t>(sy) * static_cast<size_t>(W) + static_cast<size_t>(sx)) * static_cast<size_t>(ch),
                        static_cast<size_t>(ch));
        }
    }
}

} // namespace

struct FrameReader::Impl {
    std::string path;
    FrameReaderOptions opt;
    FormatPtr fmt;
    CodecPtr codec;
    AVStream* stream = nullptr;
    int vi = -1;
    VideoStreamInfo video;
    double origin = 0.0;
    int outW = 0, outH = 0;

    FramePtr decoded = makeFrame(); // what the decoder last produced
    FramePtr frame = makeFrame();   // the frame being handed out

    // Read-ahead (options.read_ahead > 0): a background thread that only feeds the decoder and
    // queues its frames, so the decoder's own threads never wait while the caller converts or
    // analyses a frame (the way ffmpeg's command line keeps decoding apart from filtering).
    std::mutex queueMutex;
    std::condition_variable queueChanged;
    std::deque<std::pair<FramePtr, int64_t>> queue; // each with the decoder's lost-packet count then
    bool workerDone = false;
    bool stopRequested = false;
    std::thread worker;

    ~Impl() { stopWorker(); }

    void startWorker() {
        if (worker.joinable()) return;
        workerDone = false;
        stopRequested = false;
        worker = std::thread([this] {
            for (;;) {
                const bool got = decodeOne();
                const int64_t lostSoFar = decoder->damage().lost_packets;
                FramePtr f;
                if (got) {
                    f = FramePtr(av_frame_alloc());
                    if (f) av_frame_move_ref(f.get(), decoded.get());
                }
                std::unique_lock lock(queueMutex);
                if (!f) {
                    if (got) workerError = "out of memory";
                    workerDone = true;
                    queueChanged.notify_all();
                    return;
                }
                queueChanged.wait(
                    lock, [&] { return static_cast<int>(queue.size()) < opt.read_ahead || stopRequested; });
                if (stopRequested) {
                    workerDone = true;
                    queueChanged.notify_all();
                    return;
                }
                queue.emplace_back(std::move(f), lostSoFar);
                queueChanged.notify_all();
            }
        });
    }

    void stopWorker() {
        if (!worker.joinable()) return;
        {
            std::lock_guard lock(queueMutex);
            stopRequested = true;
        }
        queueChanged.notify_all();
        worker.join();
        queue.clear();
    }

    // Makes `frame` the next decoded frame, in presentation order. False at the end.
    bool pull() {
        if (opt.read_ahead <= 0) {
            if (!decodeOne()) return false;
            lostBefore = decoder->damage().lost_packets;
            av_frame_unref(frame.get());
            av_frame_move_ref(frame.get(), decoded.get());
            return true;
        }
        startWorker();
        std::unique_lock lock(queueMutex);
        queueChanged.wait(lock, [&] { return !queue.empty() || workerDone; });
        if (queue.empty()) return false;
        frame = std::move(queue.front().first);
        lostBefore = queue.front().second;
        queue.pop_front();
        queueChanged.notify_all();
        return true;
    }
    std::unique_ptr<SwsContext, SwsFree> sws;
    // The fast shrink path's state (shrinkFast).
    SampleGrid lumaCols, lumaRows, chromaCols, chromaRows;
    std::tuple<int, int, int, int, int, int> gridsFor{};
    std::unique_ptr<YuvToRgb> colour;
    std::pair<bool, bool> colourKey{};
    std::vector<uint8_t> planes;
    std::vector<uint8_t> scaled; // swscale's output, lines aligned and padded
    Frame stored;                // a picture to be turned upright, as stored
    const SwsContext* colourFor = nullptr; // the context whose colour details were last set
    int colourMatrix = -1, colourRange = -1;

    bool advance(int64_t& index, double& time);
    // Seeking (seekToFrame): the demuxer is put at or before the target frame's timestamp. Where it
    // lands past the last keyframe before it (formats without a keyframe index, such as MPEG-TS,
    // seek to any packet), the first picture decoded comes after the target: seekBack() tries again
    // further back (2 s, 8 s, 32 s...), and at last from the start.
    int64_t seekBackTicks = 0;
    bool seekAtStart = false;
    int64_t skipSame = 0;  // frames that share the target's timestamp and come before it
    int64_t seekIndex = 0; // the frame asked for
    void seekTo(int64_t ts);
    void seekBack();
    std::unique_ptr<StreamDecoder> decoder;
    bool seeked = false;
    std::string workerError; // set by the read-ahead thread (under queueMutex)
    std::string warning;

    int64_t nextIndex = 0;
    int64_t decodedCount = 0;
    std::pair<int64_t, double> lastDecoded{-1, 0.0}; // FrameReader::lastDecoded()
    int64_t lastPts = AV_NOPTS_VALUE; // the previous frame's
    int64_t lostBefore = 0;           // packets the decoder had lost when `frame` came out
    bool constantRate = false;        // by the header: average rate = base rate
    int64_t skipUntilPts = AV_NOPTS_VALUE; // after a seek: drop frames before this
    std::vector<int64_t> ptsIndex;         // built on the first seek
    bool ptsIndexBuilt = false;

    void open(const std::string& p, const FrameReaderOptions& o) {
        path = p;
        opt = o;
        fmt = openInput(path);
        vi = findVideoStream(fmt.get());
        if (vi < 0) throw Error(fileError(path, "has no video stream (audio-only or not a film)"));
        stream = fmt->streams[vi];
        for (unsigned i = 0; i < fmt->nb_streams; ++i)
            if (static_cast<int>(i) != vi) fmt->streams[i]->discard = AVDISCARD_ALL;
        codec = openDecoder(path, fmt.get(), vi, opt.threads);
        decoder = std::make_unique<StreamDecoder>(fmt.get(), codec.get(), vi);
        origin = originSeconds(fmt.get());

        video.index = vi;
        video.codec = avcodec_get_name(stream->codecpar->codec_id);
        video.width = stream->codecpar->width;
        video.height = stream->codecpar->height;
        if (video.width <= 0 || video.height <= 0)
            throw Error(fileError(path, "the video stream has no frame size (damaged header)"));
        checkPictureSize(path, video.width, video.height);
        describeGeometry(fmt.get(), vi, video);
        video.avg_frame_rate = {stream->avg_frame_rate.num, stream->avg_frame_rate.den};
        video.real_frame_rate = {stream->r_frame_rate.num, stream->r_frame_rate.den};
        video.time_base = {stream->time_base.num, stream->time_base.den};
        constantRate = headerRatesAgree(video.avg_frame_rate, video.real_frame_rate);
        video.start_s = stream->start_time != AV_NOPTS_VALUE
                            ? toSeconds(stream->start_time, stream->time_base, origin)
                            : 0;
        const double fileDuration =
            fmt->duration != AV_NOPTS_VALUE ? static_cast<double>(fmt->duration) / AV_TIME_BASE : 0;
        video.duration_s = stream->duration != AV_NOPTS_VALUE
                               ? toSeconds(stream->duration, stream->time_base, 0)
                               : fileDuration - video.start_s;
        const double fps =
            video.avg_frame_rate.value() > 0 ? video.avg_frame_rate.value() : video.real_frame_rate.value();
        video.frame_count = stream->nb_frames > 0
                                ? stream->nb_frames
                                : static_cast<int64_t>(std::llround(video.duration_s * fps));

        resize(opt.width, opt.height);
    }

    // Output sizes are display sizes (square pixels, upright): see VideoStreamInfo.
    void resize(int w, int h) {
        outW = w;
        outH = h;
        const int dw = video.display_width, dh = video.display_height;
        if (outW <= 0 && outH <= 0) {
            outW = dw;
            outH = dh;
        } else if (outW <= 0) {
            outW = std::max(1, static_cast<int>(std::lround(static_cast<double>(outH) * dw / dh)));
        } else if (outH <= 0) {
            outH = std::max(1, static_cast<int>(std::lround(static_cast<double>(outW) * dh / dw)));
        }
    }
    bool quarterTurn() const { return video.rotation == 90 || video.rotation == 270; }
    // The size the stored picture is scaled to before it is turned upright.
    int scaledW() const { return quarterTurn() ? outH : outW; }
    int scaledH() const { return quarterTurn() ? outW : outH; }

    bool decodeOne() { return decoder->receive(decoded.get()); }

    // The fast path (fast_shrink.h): shrinking 8-bit planar YUV in both directions. False if the
    // frame does not qualify; swscale then does the work.
    bool shrinkFast(Frame& out, int dstW, int dstH) {
        const auto pixFmt = static_cast<AVPixelFormat>(frame->format);
        if (dstW >= frame->width || dstH >= frame->height) return false;
        const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(pixFmt);
        if (!desc || desc->nb_components != 3 ||
            (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BE)) ||
            !(desc->flags & AV_PIX_FMT_FLAG_PLANAR))
            return false;
        for (int i = 0; i < 3; ++i)
            if (desc->comp[i].depth != 8 || desc->comp[i].plane != i || desc->comp[i].step != 1) return false;
        const auto geometry = std::make_tuple(frame->width, frame->height, dstW, dstH,
                                              int(desc->log2_chroma_w), int(desc->log2_chroma_h));
        if (geometry != gridsFor) {
            lumaCols = SampleGrid::make(frame->width, dstW, 0, kSampleTaps);
            lumaRows = SampleGrid::make(frame->height, dstH, 0, kLumaRowTaps);
            chromaCols = SampleGrid::make(frame->width, dstW, desc->log2_chroma_w, kSampleTaps);
            chromaRows = SampleGrid::make(frame->height, dstH, desc->log2_chroma_h, kChromaRowTaps);
            gridsFor = geometry;
        }
        const bool full = frame->color_range == AVCOL_RANGE_JPEG || pixFmt == AV_PIX_FMT_YUVJ420P ||
                          pixFmt == AV_PIX_FMT_YUVJ422P || pixFmt == AV_PIX_FMT_YUVJ444P;
        const bool bt709 = frame->colorspace == AVCOL_SPC_BT709;
        if (!colour || colourKey != std::make_pair(bt709, full)) {
            colour = std::make_unique<YuvToRgb>(bt709, full);
            colourKey = {bt709, full};
        }
        const size_t n = static_cast<size_t>(dstW) * static_cast<size_t>(dstH);
        planes.resize(3 * n);
        uint8_t* p[3] = {planes.data(), planes.data() + n, planes.data() + 2 * n};
        shrinkPlane(frame->data[0], frame->linesize[0], lumaCols, lumaRows, p[0], dstW);
        out.width = dstW;
        out.height = dstH;
        out.format = opt.format;
        out.data.resize(n * static_cast<size_t>(channelCount(opt.format)));
        if (opt.format == PixelFormat::Gray8) {
            colour->toGray(p[0], n, out.data.data());
            return true;
        }
        for (int i = 1; i < 3; ++i)
            shrinkPlane(frame->data[i], frame->linesize[i], chromaCols, chromaRows, p[i], dstW);
        colour->toPacked(p[0], p[1], p[2], n, out.data.data(), opt.format == PixelFormat::Bgr24);
        return true;
    }

    // The decoded frame into `out`: scaled (to display proportions), then turned upright.
    void convert(Frame& out) {
        if (video.rotation == 0) {
            scale(out, outW, outH);
            return;
        }
        scale(stored, scaledW(), scaledH());
        turn(stored, out, video.rotation);
    }

    void scale(Frame& out, int dstW, int dstH) {
        if (shrinkFast(out, dstW, dstH)) return;
        const AVFrame* src = frame.get();
        const auto srcFmt = static_cast<AVPixelFormat>(src->format);
        const bool shrinking = dstW < src->width || dstH < src->height;
        // Area averaging when shrinking, so small pictures are not aliased; bicubic when enlarging.
        const int flags = shrinking ? SWS_AREA : SWS_BICUBIC;
        SwsContext* c = sws_getCachedContext(sws.release(), src->width, src->height, srcFmt, dstW, dstH,
                                             toAv(opt.format), flags, nullptr, nullptr, nullptr);
        if (!c)
            throw Error(fileError(
                path, "cannot convert frames of pixel format " +
                          std::string(av_get_pix_fmt_name(srcFmt) ? av_get_pix_fmt_name(srcFmt) : "?")));
        sws.reset(c);
        // Honour the stream's colour matrix and range (BT.709 for HD, full-range JPEG sources).
        // Setting them rebuilds swscale's tables, so only when they change.
        const int matrix = src->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
        const int srcRange = src->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
        if (c != colourFor || matrix != colourMatrix || srcRange != colourRange) {
            sws_setColorspaceDetails(c, sws_getCoefficients(matrix), srcRange,
                                     sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
            colourFor = c;
            colourMatrix = matrix;
            colourRange = srcRange;
        }
        out.width = dstW;
        out.height = dstH;
        out.format = opt.format;
        // swscale's vector code writes whole blocks of pixels: at some widths up to a few dozen
        // bytes past the end of a line (426, 427, 360, 318: tests/bench/sws_overwrite). Packed straight
        // into out.data, the last line ran past the buffer and broke the heap. It scales into a
        // buffer with aligned, padded lines instead, copied out line by line.
        const int lineSize = dstW * channelCount(opt.format);
        const int stride = FFALIGN(lineSize, 64) + 64;
        scaled.resize(static_cast<size_t>(stride) * static_cast<size_t>(dstH + 1) + 64);
        uint8_t* dst[4] = {scaled.data(), nullptr, nullptr, nullptr};
        int dstStride[4] = {stride, 0, 0, 0};
        sws_scale(c, src->data, src->linesize, 0, src->height, dst, dstStride);
        out.data.resize(static_cast<size_t>(lineSize) * static_cast<size_t>(dstH));
        for (int y = 0; y < dstH; ++y)
            std::memcpy(out.data.data() + static_cast<size_t>(y) * static_cast<size_t>(lineSize),
                        scaled.data() + static_cast<size_t>(y) * static_cast<size_t>(stride),
                        static_cast<size_t>(lineSize));
    }

    void buildPtsIndex() {
        if (ptsIndexBuilt) return;
        FormatPtr scan = openInput(path);
        ptsIndex = scanVideoTimestamps(scan.get(), vi);
        ptsIndexBuilt = true;
    }

    void finishWarning() {
        if (!warning.empty()) return;
        const double lastTime = nextIndex > 0 && video.avg_frame_rate.value() > 0
                                    ? static_cast<double>(nextIndex) / video.avg_frame_rate.value()
                                    : 0.0;
        char where[96];
        std::snprintf(where, sizeof where, "decoding stopped after %lld frames (%.3f s)",
                      static_cast<long long>(nextIndex), lastTime);
        const std::string& stopped = !decoder->error().empty() ? decoder->error() : workerError;
        std::string problem;
        if (!stopped.empty()) {
            problem = std::string(where) + ": " + stopped;
        } else if (!seeked) {
            const int64_t expected = video.frame_count;
            const int64_t slack = std::max<int64_t>(2, expected / 100);
            if (expected > 0 && decodedCount < expected - slack && decoder->damage().lost_packets > 0)
                problem = std::to_string(decodedCount) + " of an expected " + std::to_string(expected) +
                          " frames could be decoded";
            else if (expected > 0 && nextIndex < expected - slack)
                problem = std::string(where) + " of an expected " + std::to_string(expected) +
                          ": the file looks truncated or damaged";
        }
        // Damage that decoding went on past: where, and how much.
        const std::string damage = decoder->damage().describe();
        if (!damage.empty()) problem += (problem.empty() ? "the picture is damaged: " : "; ") + damage;
        if (!problem.empty()) warning = fileError(path, problem);
    }
};

FrameReader::FrameReader(const std::string& path, const FrameReaderOptions& options)
    : d(std::make_unique<Impl>()) {
    d->open(path, options);
}
FrameReader::~FrameReader() = default;
FrameReader::FrameReader(FrameReader&&) noexcept = default;
FrameReader& FrameReader::operator=(FrameReader&&) noexcept = default;

const VideoStreamInfo& FrameReader::video() const {
    return d->video;
}
void FrameReader::setOutputSize(int width, int height) {
    d->resize(width, height);
}
int FrameReader::outputWidth() const {
    return d->outW;
}
int FrameReader::outputHeight() const {
    return d->outH;
}
const std::string& FrameReader::warning() const {
    return d->warning;
}
std::pair<int64_t, double> FrameReader::lastDecoded() const {
    return d->lastDecoded;
}

bool FrameReader::Impl::advance(int64_t& index, double& time) {
    for (;;) {
        if (!pull()) {
            if (skipUntilPts != AV_NOPTS_VALUE && !seekAtStart) { // nothing decodable after the landing
                seekBack();
                continue;
            }
            finishWarning();
            return false;
        }
        const int64_t pts = frame->best_effort_timestamp;
        if (skipUntilPts != AV_NOPTS_VALUE) {
            if (pts != AV_NOPTS_VALUE && pts > skipUntilPts && !seekAtStart) { // landed past the target
                seekBack();
                continue;
            }
            if (pts != AV_NOPTS_VALUE && pts < skipUntilPts) continue;
            if (pts == skipUntilPts && skipSame > 0) {
                --skipSame;
                continue;
            }
            // First frame after a seek: its index comes from the timestamp index.
            const auto it = std::lower_bound(ptsIndex.begin(), ptsIndex.end(), pts);
            nextIndex = pts == skipUntilPts ? seekIndex : it - ptsIndex.begin();
            skipUntilPts = AV_NOPTS_VALUE;
        }
        // In a constant-rate stream that lost pictures to damage, they keep their numbers: a frame
        // that comes more than a frame and a half after the last is numbered by how far time moved
        // on, so frame numbers and seconds stay together past the damage (Frame::index says so).
        // Undamaged streams are numbered by counting, whatever their timestamps do.
        const double fps = video.avg_frame_rate.value();
        if (constantRate && lostBefore > 0 && pts != AV_NOPTS_VALUE && lastPts != AV_NOPTS_VALUE) {
            if (pts == lastPts) continue; // a damaged stream's picture given twice: one time, one frame
            const double frames = static_cast<double>(pts - lastPts) * av_q2d(stream->time_base) * fps;
            if (frames > 1.5 && frames < 1e7) nextIndex += static_cast<int64_t>(std::llround(frames)) - 1;
        }
        lastPts = pts;
        ++decodedCount;
        index = nextIndex++;
        time = pts != AV_NOPTS_VALUE ? toSeconds(pts, stream->time_base, origin)
                                     : (fps > 0 ? static_cast<double>(index) / fps : 0.0);
        lastDecoded = {index, time};
        return true;
    }
}

bool FrameReader::next(Frame& out) {
    if (!d->advance(out.index, out.time_s)) return false;
    d->convert(out);
    return true;
}

bool FrameReader::nextFrom(double seconds, Frame& out) {
    int64_t index = 0;
    double time = 0.0;
    do {
        if (!d->advance(index, time)) return false;
    } while (time + 1e-9 < seconds);
    out.index = index;
    out.time_s = time;
    d->convert(out);
    return true;
}

void FrameReader::seekToFrame(int64_t index) {
    d->stopWorker();
    d->buildPtsIndex();
    d->seeked = true;
    d->lastPts = AV_NOPTS_VALUE;
    d->warning.clear();
    d->workerError.clear();
    if (index < 0) index = 0;
    if (index >= static_cast<int64_t>(d->ptsIndex.size())) {
        d->decoder->restart(true); // past the last frame
        d->nextIndex = static_cast<int64_t>(d->ptsIndex.size());
        return;
    }
    const int64_t target = d->ptsIndex[static_cast<size_t>(index)];
    d->skipUntilPts = target;
    d->seekIndex = index;
    d->skipSame = index - (std::lower_bound(d->ptsIndex.begin(), d->ptsIndex.end(), target) - d->ptsIndex.begin());
    d->seekBackTicks = 0;
    d->seekAtStart = false;
    d->seekTo(target);
}

void FrameReader::Impl::seekTo(int64_t ts) {
    const int64_t first = ptsIndex.empty() ? 0 : ptsIndex.front();
    int r = -1;
    if (ts > first) r = av_seek_frame(fmt.get(), vi, ts, AVSEEK_FLAG_BACKWARD);
    if (r < 0) {
        // From the start: by timestamp, else (formats that cannot) by byte.
        seekAtStart = true;
        r = av_seek_frame(fmt.get(), vi, first, AVSEEK_FLAG_BACKWARD);
        if (r < 0 && !(fmt->iformat->flags & AVFMT_NO_BYTE_SEEK)) r = av_seek_frame(fmt.get(), -1, 0, AVSEEK_FLAG_BYTE);
        if (r < 0) r = avformat_seek_file(fmt.get(), vi, INT64_MIN, first, first, 0);
        if (r < 0) throw Error(fileError(path, "cannot seek: " + errorString(r)));
    }
    decoder->restart();
}

void FrameReader::Impl::seekBack() {
    stopWorker();
    const auto twoSeconds = static_cast<int64_t>(std::ceil(2.0 / av_q2d(stream->time_base)));
    seekBackTicks = seekBackTicks > 0 ? seekBackTicks * 4 : twoSeconds;
    seekTo(skipUntilPts - seekBackTicks);
}

int64_t FrameReader::exactFrameCount() {
    d->buildPtsIndex();
    return static_cast<int64_t>(d->ptsIndex.size());
}

void FrameReader::seek(double seconds) {
    d->buildPtsIndex();
    const AVRational tb = d->stream->time_base;
    // The first frame at or after `seconds`, allowing half a time-base tick of rounding.
    const auto target = static_cast<int64_t>(std::ceil((seconds + d->origin) / av_q2d(tb) - 0.5));
    const auto it = std::lower_bound(d->ptsIndex.begin(), d->ptsIndex.end(), target);
    seekToFrame(it - d->ptsIndex.begin());
}

Frame thumbnail(const std::string& path, double seconds, int width, int height, PixelFormat format) {
    FrameReaderOptions o;
    o.width = width;
    o.height = height;
    o.format = format;
    FrameReader reader(path, o);
    reader.seek(seconds);
    Frame f;
    if (!reader.next(f)) {
        // Past the end: the last frame is the one shown there.
        const int64_t n = reader.exactFrameCount();
        if (n > 0) reader.seekToFrame(n - 1);
        if (n <= 0 || !reader.next(f)) throw Error(fileError(path, "no video frame could be decoded"));
    }
    return f;
}

} // namespace mega::media
