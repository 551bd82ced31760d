#include "core/media/frame_reader.h"

#include "core/common/error.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/video_index.h"

extern "C" {
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>

namespace mega::media {
using namespace detail;

int channelCount(PixelFormat f) { return f == PixelFormat::Gray8 ? 1 : 3; }

namespace {

AVPixelFormat toAv(PixelFormat f) {
    switch (f) {
    case PixelFormat::Rgb24: return AV_PIX_FMT_RGB24;
    case PixelFormat::Bgr24: return AV_PIX_FMT_BGR24;
    case PixelFormat::Gray8: return AV_PIX_FMT_GRAY8;
    }
    return AV_PIX_FMT_RGB24;
}

struct SwsFree {
    void operator()(SwsContext* c) const { sws_freeContext(c); }
};

// A decoder that meets this many undecodable packets in a row is reading garbage.
constexpr int kMaxConsecutiveDecodeErrors = 64;

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

    PacketPtr pkt = makePacket();
    FramePtr frame = makeFrame();
    std::unique_ptr<SwsContext, SwsFree> sws;

    bool advance(int64_t& index, double& time);
    bool packetPending = false; // pkt holds a packet the decoder refused (EAGAIN)
    bool flushing = false;      // end of input reached, decoder drained
    bool finished = false;
    bool seeked = false;
    int consecutiveErrors = 0;
    std::string readError;
    std::string warning;

    int64_t nextIndex = 0;
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
        origin = originSeconds(fmt.get());

        video.index = vi;
        video.codec = avcodec_get_name(stream->codecpar->codec_id);
        video.width = stream->codecpar->width;
        video.height = stream->codecpar->height;
        if (video.width <= 0 || video.height <= 0)
            throw Error(fileError(path, "the video stream has no frame size (damaged header)"));
        video.avg_frame_rate = {stream->avg_frame_rate.num, stream->avg_frame_rate.den};
        video.real_frame_rate = {stream->r_frame_rate.num, stream->r_frame_rate.den};
        video.time_base = {stream->time_base.num, stream->time_base.den};
        video.start_s = stream->start_time != AV_NOPTS_VALUE ? toSeconds(stream->start_time, stream->time_base, origin) : 0;
        const double fileDuration = fmt->duration != AV_NOPTS_VALUE ? static_cast<double>(fmt->duration) / AV_TIME_BASE : 0;
        video.duration_s = stream->duration != AV_NOPTS_VALUE ? toSeconds(stream->duration, stream->time_base, 0)
                                                              : fileDuration - video.start_s;
        const double fps = video.avg_frame_rate.value() > 0 ? video.avg_frame_rate.value() : video.real_frame_rate.value();
        video.frame_count = stream->nb_frames > 0 ? stream->nb_frames
                                                  : static_cast<int64_t>(std::llround(video.duration_s * fps));

        resize(opt.width, opt.height);
    }

    void resize(int w, int h) {
        outW = w;
        outH = h;
        if (outW <= 0 && outH <= 0) {
            outW = video.width;
            outH = video.height;
        } else if (outW <= 0) {
            outW = std::max(1, static_cast<int>(std::lround(static_cast<double>(outH) * video.width / video.height)));
        } else if (outH <= 0) {
            outH = std::max(1, static_cast<int>(std::lround(static_cast<double>(outW) * video.height / video.width)));
        }
    }

    // Feeds the decoder until it yields a frame. False at the end (or where decoding must stop).
    bool decodeOne() {
        while (!finished) {
            int r = avcodec_receive_frame(codec.get(), frame.get());
            if (r == 0) {
                consecutiveErrors = 0;
                return true;
            }
            if (r == AVERROR_EOF) {
                finished = true;
                break;
            }
            if (r != AVERROR(EAGAIN)) {
                if (++consecutiveErrors > kMaxConsecutiveDecodeErrors) {
                    readError = "the video stream cannot be decoded (" + errorString(r) + ")";
                    finished = true;
                    break;
                }
                continue;
            }
            if (flushing) { // drained without EOF: nothing more will come
                finished = true;
                break;
            }
            if (!packetPending) {
                for (;;) {
                    r = av_read_frame(fmt.get(), pkt.get());
                    if (r < 0) {
                        if (r != AVERROR_EOF) readError = "read error (" + errorString(r) + ")";
                        flushing = true;
                        avcodec_send_packet(codec.get(), nullptr);
                        break;
                    }
                    if (pkt->stream_index == vi) break;
                    av_packet_unref(pkt.get());
                }
                if (flushing) continue;
            }
            r = avcodec_send_packet(codec.get(), pkt.get());
            if (r == AVERROR(EAGAIN)) {
                packetPending = true; // the decoder wants its output read first
                continue;
            }
            packetPending = false;
            av_packet_unref(pkt.get());
            if (r < 0 && ++consecutiveErrors > kMaxConsecutiveDecodeErrors) {
                readError = "the video stream cannot be decoded (" + errorString(r) + ")";
                finished = true;
            }
        }
        return false;
    }

    void convert(Frame& out) {
        const auto srcFmt = static_cast<AVPixelFormat>(frame->format);
        const bool shrinking = outW < frame->width || outH < frame->height;
        // Area averaging when shrinking: every source pixel counts, so small analysis frames are not
        // aliased (point or unfiltered bilinear sampling makes scores jumpy on detail and noise).
        const int flags = shrinking ? SWS_AREA : SWS_BICUBIC;
        SwsContext* c = sws_getCachedContext(sws.release(), frame->width, frame->height, srcFmt, outW, outH,
                                             toAv(opt.format), flags, nullptr, nullptr, nullptr);
        if (!c) throw Error(fileError(path, "cannot convert frames of pixel format " +
                                                std::string(av_get_pix_fmt_name(srcFmt) ? av_get_pix_fmt_name(srcFmt) : "?")));
        sws.reset(c);
        // Honour the stream's colour matrix and range (BT.709 for HD, full-range JPEG sources).
        const int matrix = frame->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
        const int srcRange = frame->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
        sws_setColorspaceDetails(c, sws_getCoefficients(matrix), srcRange, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0,
                                 1 << 16, 1 << 16);
        out.width = outW;
        out.height = outH;
        out.format = opt.format;
        const int lineSize = outW * channelCount(opt.format);
        out.data.resize(static_cast<size_t>(lineSize) * outH);
        uint8_t* dst[4] = {out.data.data(), nullptr, nullptr, nullptr};
        int dstStride[4] = {lineSize, 0, 0, 0};
        sws_scale(c, frame->data, frame->linesize, 0, frame->height, dst, dstStride);
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
        if (!readError.empty()) {
            warning = fileError(path, std::string(where) + ": " + readError);
        } else if (!seeked) {
            const int64_t expected = video.frame_count;
            const int64_t slack = std::max<int64_t>(2, expected / 100);
            if (expected > 0 && nextIndex < expected - slack)
                warning = fileError(path, std::string(where) + " of an expected " + std::to_string(expected) +
                                              ": the file looks truncated or damaged");
        }
    }
};

FrameReader::FrameReader(const std::string& path, const FrameReaderOptions& options) : d(std::make_unique<Impl>()) {
    d->open(path, options);
}
FrameReader::~FrameReader() = default;
FrameReader::FrameReader(FrameReader&&) noexcept = default;
FrameReader& FrameReader::operator=(FrameReader&&) noexcept = default;

const VideoStreamInfo& FrameReader::video() const { return d->video; }
void FrameReader::setOutputSize(int width, int height) { d->resize(width, height); }
int FrameReader::outputWidth() const { return d->outW; }
int FrameReader::outputHeight() const { return d->outH; }
const std::string& FrameReader::warning() const { return d->warning; }

bool FrameReader::Impl::advance(int64_t& index, double& time) {
    for (;;) {
        if (!decodeOne()) {
            finishWarning();
            return false;
        }
        const int64_t pts = frame->best_effort_timestamp;
        if (skipUntilPts != AV_NOPTS_VALUE) {
            if (pts != AV_NOPTS_VALUE && pts < skipUntilPts) continue;
            // First frame after a seek: its index comes from the timestamp index.
            const auto it = std::lower_bound(ptsIndex.begin(), ptsIndex.end(), pts);
            nextIndex = it - ptsIndex.begin();
            skipUntilPts = AV_NOPTS_VALUE;
        }
        index = nextIndex++;
        const double fps = video.avg_frame_rate.value();
        time = pts != AV_NOPTS_VALUE ? toSeconds(pts, stream->time_base, origin)
                                     : (fps > 0 ? static_cast<double>(index) / fps : 0.0);
        return true;
    }
}

bool FrameReader::next(Frame& out) {
    if (!d->advance(out.index, out.time_s)) return false;
    d->convert(out);
    return true;
}

void FrameReader::seekToFrame(int64_t index) {
    d->buildPtsIndex();
    d->seeked = true;
    d->warning.clear();
    d->readError.clear();
    d->packetPending = false;
    av_packet_unref(d->pkt.get());
    if (index < 0) index = 0;
    if (index >= static_cast<int64_t>(d->ptsIndex.size())) {
        d->finished = true; // past the last frame
        d->nextIndex = static_cast<int64_t>(d->ptsIndex.size());
        return;
    }
    const int64_t target = d->ptsIndex[static_cast<size_t>(index)];
    const int r = av_seek_frame(d->fmt.get(), d->vi, target, AVSEEK_FLAG_BACKWARD);
    if (r < 0) {
        // Not seekable by timestamp (rare for films): restart from the beginning and decode forward.
        if (avformat_seek_file(d->fmt.get(), d->vi, INT64_MIN, 0, 0, 0) < 0)
            throw Error(fileError(d->path, "cannot seek: " + errorString(r)));
    }
    avcodec_flush_buffers(d->codec.get());
    d->finished = false;
    d->flushing = false;
    d->consecutiveErrors = 0;
    d->skipUntilPts = target;
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
