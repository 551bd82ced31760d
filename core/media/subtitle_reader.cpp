#include "core/media/subtitle_reader.h"

#include "core/common/error.h"
#include "core/media/ffmpeg_util.h"

#include <algorithm>

namespace mega::media {
using namespace detail;

std::string assEventText(const std::string& event) {
    // Skip the eight fields before Text (Text itself may contain commas).
    size_t pos = 0;
    for (int commas = 0; commas < 8; ++commas) {
        const size_t c = event.find(',', pos);
        if (c == std::string::npos) {
            pos = 0; // not an event line: take it whole
            break;
        }
        pos = c + 1;
    }
    std::string out;
    out.reserve(event.size() - pos);
    for (size_t i = pos; i < event.size(); ++i) {
        const char ch = event[i];
        if (ch == '{') { // override block, e.g. {\i1}
            const size_t close = event.find('}', i);
            if (close != std::string::npos) {
                i = close;
                continue;
            }
        }
        if (ch == '\\' && i + 1 < event.size()) {
            const char n = event[i + 1];
            if (n == 'N' || n == 'n') {
                out += '\n';
                ++i;
                continue;
            }
            if (n == 'h') {
                out += ' ';
                ++i;
                continue;
            }
        }
        if (ch == '\r') continue;
        out += ch;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::vector<SubtitleCue> readSubtitles(const std::string& path, int stream) {
    FormatPtr fmt = openInput(path);
    int si = stream;
    if (si >= 0) {
        if (si >= static_cast<int>(fmt->nb_streams) ||
            fmt->streams[si]->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE)
            throw Error(fileError(path, "stream " + std::to_string(si) + " is not a subtitle stream"));
    } else {
        for (unsigned i = 0; i < fmt->nb_streams && si < 0; ++i) {
            const AVCodecParameters* par = fmt->streams[i]->codecpar;
            const AVCodecDescriptor* desc = avcodec_descriptor_get(par->codec_id);
            if (par->codec_type == AVMEDIA_TYPE_SUBTITLE && desc && (desc->props & AV_CODEC_PROP_TEXT_SUB))
                si = static_cast<int>(i);
        }
        if (si < 0) return {};
    }
    const AVCodecID id = fmt->streams[si]->codecpar->codec_id;
    const AVCodecDescriptor* desc = avcodec_descriptor_get(id);
    if (!desc || !(desc->props & AV_CODEC_PROP_TEXT_SUB))
        throw Error(fileError(path, "subtitle stream " + std::to_string(si) + " (" + avcodec_get_name(id) +
                                        ") holds bitmaps, not text; only text subtitles can be read"));
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (static_cast<int>(i) != si) fmt->streams[i]->discard = AVDISCARD_ALL;

    CodecPtr codec = openDecoder(path, fmt.get(), si, 1);
    const AVRational tb = fmt->streams[si]->time_base;
    const double origin = originSeconds(fmt.get());
    std::vector<SubtitleCue> cues;
    PacketPtr pkt = makePacket();
    while (av_read_frame(fmt.get(), pkt.get()) >= 0) {
        if (pkt->stream_index != si) {
            av_packet_unref(pkt.get());
            continue;
        }
        AVSubtitle sub{};
        int got = 0;
        if (avcodec_decode_subtitle2(codec.get(), &sub, &got, pkt.get()) >= 0 && got) {
            const int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            const double base = toSeconds(ts, tb, origin);
            SubtitleCue cue;
            cue.start_s = base + sub.start_display_time / 1000.0;
            if (pkt->duration > 0)
                cue.end_s = base + static_cast<double>(pkt->duration) * av_q2d(tb);
            else
                cue.end_s = base + sub.end_display_time / 1000.0;
            for (unsigned r = 0; r < sub.num_rects; ++r) {
                const AVSubtitleRect* rect = sub.rects[r];
                std::string text;
                if (rect->type == SUBTITLE_ASS && rect->ass)
                    text = assEventText(rect->ass);
                else if (rect->type == SUBTITLE_TEXT && rect->text)
                    text = rect->text;
                if (text.empty()) continue;
                if (!cue.text.empty()) cue.text += '\n';
                cue.text += text;
            }
            if (!cue.text.empty()) cues.push_back(std::move(cue));
            avsubtitle_free(&sub);
        }
        av_packet_unref(pkt.get());
    }
    std::stable_sort(cues.begin(), cues.end(),
                     [](const SubtitleCue& a, const SubtitleCue& b) { return a.start_s < b.start_s; });
    return cues;
}

} // namespace mega::media
