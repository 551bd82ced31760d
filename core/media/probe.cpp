#include "core/common/error.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/media_info.h"
#include "core/media/video_index.h"

extern "C" {
#include <libavutil/display.h>
}

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace mega::media {
using namespace detail;

namespace {

Rational toRational(AVRational r) {
    return {r.num, r.den};
}

std::string language(const AVStream* st) {
    const AVDictionaryEntry* e = av_dict_get(st->metadata, "language", nullptr, 0);
    return e ? e->value : "";
}

bool isTextSubtitle(AVCodecID id) {
    const AVCodecDescriptor* d = avcodec_descriptor_get(id);
    return d && (d->props & AV_CODEC_PROP_TEXT_SUB);
}

} // namespace

namespace detail {

namespace {
// A video stream that can be the film's picture: not cover art (an attached picture).
bool isPictureStream(const AVStream* st) {
    return st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC);
}
} // namespace

bool headerRatesAgree(const Rational& average, const Rational& base) {
    return average.value() > 0 && base.value() > 0 && std::abs(average.value() / base.value() - 1.0) <= 0.005;
}

int findVideoStream(AVFormatContext* fmt) {
    // The film's picture: of several, the one marked default, else the largest, else the first.
    int best = -1;
    auto rank = [&](int i) {
        const AVStream* st = fmt->streams[i];
        return std::make_pair((st->disposition & AV_DISPOSITION_DEFAULT) != 0,
                              static_cast<int64_t>(st->codecpar->width) * st->codecpar->height);
    };
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        if (!isPictureStream(fmt->streams[i])) continue;
        if (best < 0 || rank(static_cast<int>(i)) > rank(best)) best = static_cast<int>(i);
    }
    return best;
}

int findAudioStream(AVFormatContext* fmt) {
    const int r = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    return r >= 0 ? r : -1;
}

void describeGeometry(AVFormatContext* fmt, int index, VideoStreamInfo& v) {
    const AVStream* st = fmt->streams[index];
    int videos = 0;
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        videos += isPictureStream(fmt->streams[i]);
    v.video_streams = videos;
    AVRational sar = av_guess_sample_aspect_ratio(fmt, const_cast<AVStream*>(st), nullptr);
    if (sar.num <= 0 || sar.den <= 0) sar = {1, 1};
    av_reduce(&sar.num, &sar.den, sar.num, sar.den, 1 << 16);
    v.sample_aspect = {sar.num, sar.den};
    v.rotation = 0;
    if (const uint8_t* m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, nullptr)) {
        // The matrix turns the picture counter-clockwise by the angle it gives; display turns it back.
        const double angle = -av_display_rotation_get(reinterpret_cast<const int32_t*>(m));
        if (std::isfinite(angle)) {
            const int quarter = static_cast<int>(std::lround(angle / 90.0));
            v.rotation = ((quarter % 4) + 4) % 4 * 90;
        }
    }
    // Pixels made square by widening (or, for tall pixels, heightening) the picture: the stored
    // lines are kept, as players do.
    const double aspect = static_cast<double>(sar.num) / sar.den;
    int w = v.width, h = v.height;
    if (aspect > 1.0)
        w = std::max(1, static_cast<int>(std::lround(w * aspect)));
    else if (aspect < 1.0)
        h = std::max(1, static_cast<int>(std::lround(h / aspect)));
    if (v.rotation == 90 || v.rotation == 270) std::swap(w, h);
    v.display_width = w;
    v.display_height = h;
}

std::vector<int64_t> scanVideoTimestamps(AVFormatContext* fmt, int index) {
    std::vector<int64_t> pts;
    PacketPtr pkt = makePacket();
    while (av_read_frame(fmt, pkt.get()) >= 0) {
        if (pkt->stream_index == index) {
            const int64_t t = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            if (t != AV_NOPTS_VALUE) pts.push_back(t);
        }
        av_packet_unref(pkt.get());
    }
    std::sort(pts.begin(), pts.end());
    return pts;
}

bool isVariableRate(const std::vector<int64_t>& pts) {
    if (pts.size() < 3) return false;
    std::vector<int64_t> deltas;
    deltas.reserve(pts.size() - 1);
    for (size_t i = 1; i < pts.size(); ++i)
        deltas.push_back(pts[i] - pts[i - 1]);
    std::vector<int64_t> sorted = deltas;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2),
                     sorted.end());
    const double median = static_cast<double>(sorted[sorted.size() / 2]);
    // Millisecond time bases round a constant rate to alternating ticks (41, 42, 41 ms at 24 fps):
    // allow two ticks plus 2 % before calling the rate variable.
    const double tolerance = 2.0 + 0.02 * median;
    return std::any_of(deltas.begin(), deltas.end(),
                       [&](int64_t d) { return std::abs(static_cast<double>(d) - median) > tolerance; });
}

} // namespace detail

std::string ffmpegVersion() {
    const unsigned c = avcodec_version();
    return std::string(av_version_info()) + " (libavcodec " + std::to_string(c >> 16) + "." + std::to_string((c >> 8) & 0xff) +
           "." + std::to_string(c & 0xff) + ")";
}

MediaInfo probe(const std::string& path, const ProbeOptions& options) {
    FormatPtr fmt = openInput(path);
    MediaInfo info;
    info.path = path;
    info.container = fmt->iformat ? fmt->iformat->name : "";
    info.duration_s =
        fmt->duration != AV_NOPTS_VALUE ? static_cast<double>(fmt->duration) / AV_TIME_BASE : 0.0;
    std::error_code ec;
    info.size_bytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));
    const double origin = originSeconds(fmt.get());

    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream* st = fmt->streams[i];
        const AVCodecParameters* par = st->codecpar;
        if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            info.audio.push_back({static_cast<int>(i), avcodec_get_name(par->codec_id), par->sample_rate,
                                  par->ch_layout.nb_channels, language(st)});
        } else if (par->codec_type == AVMEDIA_TYPE_SUBTITLE) {
            info.subtitles.push_back({static_cast<int>(i), avcodec_get_name(par->codec_id),
                                      isTextSubtitle(par->codec_id), language(st)});
        }
    }

    info.main_audio = findAudioStream(fmt.get());
    const int vi = findVideoStream(fmt.get());
    if (vi >= 0) {
        const AVStream* st = fmt->streams[vi];
        VideoStreamInfo v;
        v.index = vi;
        v.codec = avcodec_get_name(st->codecpar->codec_id);
        v.width = st->codecpar->width;
        v.height = st->codecpar->height;
        describeGeometry(fmt.get(), vi, v);
        v.avg_frame_rate = toRational(st->avg_frame_rate);
        v.real_frame_rate = toRational(st->r_frame_rate);
        v.time_base = toRational(st->time_base);
        v.start_s = st->start_time != AV_NOPTS_VALUE ? toSeconds(st->start_time, st->time_base, origin) : 0.0;
        v.duration_s = st->duration != AV_NOPTS_VALUE ? toSeconds(st->duration, st->time_base, 0.0)
                                                      : info.duration_s - v.start_s;
        const double fps =
            v.avg_frame_rate.value() > 0 ? v.avg_frame_rate.value() : v.real_frame_rate.value();
        const double expected = v.duration_s * fps;
        const bool plausible = st->nb_frames > 0 && std::abs(static_cast<double>(st->nb_frames) - expected) <=
                                                        std::max(1.5, 0.005 * expected);
        v.variable_frame_rate = v.avg_frame_rate.value() > 0 && v.real_frame_rate.value() > 0 &&
                                !headerRatesAgree(v.avg_frame_rate, v.real_frame_rate);
        if (plausible && !options.always_count_frames) {
            v.frame_count = st->nb_frames;
        } else {
            // The header is silent (Matroska, WebM) or inconsistent: count packet by packet. Demuxing
            // without decoding reads the file once but costs little CPU.
            const std::vector<int64_t> pts = scanVideoTimestamps(fmt.get(), vi);
            v.frame_count = static_cast<int64_t>(pts.size());
            v.frame_count_counted = true;
            v.variable_frame_rate = isVariableRate(pts);
            if (v.frame_count == 0 && st->nb_frames > 0) v.frame_count = st->nb_frames;
        }
        info.video = v;
    }
    return info;
}

} // namespace mega::media
