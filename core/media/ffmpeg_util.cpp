#include "core/media/ffmpeg_util.h"

#include "core/common/error.h"

extern "C" {
#include <libavutil/imgutils.h>
}

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <thread>

namespace mega::media::detail {

std::string errorString(int err) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(err, buf, sizeof buf);
    return buf;
}

FormatPtr openInput(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw Error(fileError(path, "no such file"));
    if (fs::is_directory(status)) throw Error(fileError(path, "is a directory, not a media file"));
    const auto size = fs::file_size(path, ec);
    if (!ec && size == 0) throw Error(fileError(path, "the file is empty (0 bytes)"));

    // Keep FFmpeg quiet: problems reach the user through our own messages.
    av_log_set_level(AV_LOG_QUIET);

    AVFormatContext* raw = nullptr;
    int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (err < 0) {
        if (err == AVERROR(EACCES)) throw Error(fileError(path, "permission denied"));
        if (err == AVERROR_INVALIDDATA)
            throw Error(fileError(path, "not a recognised media file (no known container format, or "
                                        "the file is damaged or truncated)"));
        throw Error(fileError(path, "cannot open: " + errorString(err)));
    }
    FormatPtr fmt(raw);
    err = avformat_find_stream_info(fmt.get(), nullptr);
    if (err < 0) throw Error(fileError(path, "cannot read stream information: " + errorString(err)));
    return fmt;
}

CodecPtr openDecoder(const std::string& path, AVFormatContext* fmt, int index, int threads) {
    AVStream* st = fmt->streams[index];
    const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec)
        throw Error(fileError(path, "stream " + std::to_string(index) + ": codec " +
                                        avcodec_get_name(st->codecpar->codec_id) + " is not supported"));
    CodecPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx) throw Error(fileError(path, "out of memory allocating a decoder"));
    int err = avcodec_parameters_to_context(ctx.get(), st->codecpar);
    if (err < 0) throw Error(fileError(path, "bad codec parameters: " + errorString(err)));
    ctx->pkt_timebase = st->time_base;
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    ctx->thread_count = threads;
    ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    err = avcodec_open2(ctx.get(), codec, nullptr);
    if (err < 0)
        throw Error(
            fileError(path, "cannot open the " + std::string(codec->name) + " decoder: " + errorString(err)));
    return ctx;
}

void checkPictureSize(const std::string& path, int width, int height) {
    constexpr int kMaxSide = 16384; // 16K: beyond every real camera and codec level
    if (width > kMaxSide || height > kMaxSide || av_image_check_size(static_cast<unsigned>(width),
                                                                     static_cast<unsigned>(height), 0, nullptr) < 0)
        throw Error(fileError(path, "the header claims a " + std::to_string(width) + "x" + std::to_string(height) +
                                        " picture, larger than any film (" + std::to_string(kMaxSide) +
                                        " pixels a side at most): the file is damaged or not a film"));
}

double originSeconds(const AVFormatContext* fmt) {
    if (fmt->start_time == AV_NOPTS_VALUE) return 0.0;
    return static_cast<double>(fmt->start_time) / AV_TIME_BASE;
}

double toSeconds(int64_t ts, AVRational tb, double origin) {
    if (ts == AV_NOPTS_VALUE) return 0.0;
    return static_cast<double>(ts) * av_q2d(tb) - origin;
}

PacketPtr makePacket() {
    PacketPtr p(av_packet_alloc());
    if (!p) throw Error("out of memory allocating a packet");
    return p;
}

FramePtr makeFrame() {
    FramePtr f(av_frame_alloc());
    if (!f) throw Error("out of memory allocating a frame");
    return f;
}

namespace {
// A decoder that meets this many undecodable packets in a row is reading garbage.
constexpr int kMaxConsecutiveDecodeErrors = 64;
} // namespace

StreamDecoder::StreamDecoder(AVFormatContext* fmt, AVCodecContext* codec, int stream)
    : m_fmt(fmt), m_codec(codec), m_stream(stream) {}

void StreamDecoder::restart(bool atEnd) {
    av_packet_unref(m_pkt.get());
    avcodec_flush_buffers(m_codec);
    m_packetPending = false;
    m_flushing = false;
    m_finished = atEnd;
    m_consecutiveErrors = 0;
    m_error.clear();
}

void StreamDecoder::noteDamage(int64_t ts, bool lost) {
    (lost ? m_damage.lost_packets : m_damage.damaged_frames) += 1;
    if (ts == AV_NOPTS_VALUE) return;
    const AVStream* st = m_fmt->streams[m_stream];
    const double t = toSeconds(ts, st->time_base, originSeconds(m_fmt));
    auto& spans = m_damage.spans;
    // Damage within a second of the last span extends it (damage in presentation order mostly).
    if (!spans.empty() && t >= spans.back().first - 1.0 && t <= spans.back().second + 1.0) {
        spans.back().first = std::min(spans.back().first, t);
        spans.back().second = std::max(spans.back().second, t);
    } else {
        spans.emplace_back(t, t);
    }
}

std::string StreamDecoder::Damage::describe() const {
    if (!any()) return {};
    std::string s;
    auto count = [](int64_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
    if (lost_packets) s += count(lost_packets, "packet") + " could not be decoded (pictures lost)";
    if (damaged_frames) s += std::string(s.empty() ? "" : " and ") + count(damaged_frames, "frame") + " came out damaged";
    if (!spans.empty()) {
        s += ", at ";
        constexpr size_t kShown = 6;
        char buf[64];
        for (size_t i = 0; i < spans.size() && i < kShown; ++i) {
            const auto [a, b] = spans[i];
            if (b - a < 0.0005)
                std::snprintf(buf, sizeof buf, "%s%.2f s", i ? ", " : "", a);
            else
                std::snprintf(buf, sizeof buf, "%s%.2f-%.2f s", i ? ", " : "", a, b);
            s += buf;
        }
        if (spans.size() > kShown) s += " and " + std::to_string(spans.size() - kShown) + " more places";
    }
    return s;
}

bool StreamDecoder::receive(AVFrame* frame) {
    auto failed = [&](int err) {
        if (++m_consecutiveErrors <= kMaxConsecutiveDecodeErrors) return false;
        m_error = "the stream cannot be decoded (" + errorString(err) + ")";
        m_finished = true;
        return true;
    };
    while (!m_finished) {
        int r = avcodec_receive_frame(m_codec, frame);
        if (r == 0) {
            m_consecutiveErrors = 0;
            if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT))
                noteDamage(frame->best_effort_timestamp, false);
            return true;
        }
        if (r == AVERROR_EOF || (r == AVERROR(EAGAIN) && m_flushing)) {
            m_finished = true;
            break;
        }
        if (r != AVERROR(EAGAIN)) {
            noteDamage(m_lastTs, true); // a threaded decoder reports a packet's error here
            failed(r);
            continue;
        }
        if (!m_packetPending) {
            for (;;) {
                r = av_read_frame(m_fmt, m_pkt.get());
                if (r < 0) {
                    if (r != AVERROR_EOF) m_error = "read error (" + errorString(r) + ")";
                    m_flushing = true;
                    avcodec_send_packet(m_codec, nullptr); // drain what the decoder holds
                    break;
                }
                if (m_pkt->stream_index == m_stream) break;
                av_packet_unref(m_pkt.get());
            }
            if (m_flushing) continue;
        }
        m_lastTs = m_pkt->pts != AV_NOPTS_VALUE ? m_pkt->pts : m_pkt->dts;
        r = avcodec_send_packet(m_codec, m_pkt.get());
        if (r == AVERROR(EAGAIN)) {
            m_packetPending = true; // the decoder wants its output read first
            continue;
        }
        m_packetPending = false;
        if (r < 0) noteDamage(m_lastTs, true);
        av_packet_unref(m_pkt.get());
        if (r < 0) failed(r);
    }
    return false;
}

} // namespace mega::media::detail
