#include "core/media/movie_writer.h"

#include "core/common/error.h"
#include "core/media/ffmpeg_util.h"

extern "C" {
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <functional>
#include <vector>

namespace mega::media {
using namespace detail;

struct MovieWriter::Impl {
    std::string path;
    MovieWriterOptions opt;
    AVFormatContext* fmt = nullptr;
    CodecPtr video, audio;
    AVStream* vs = nullptr;
    AVStream* as = nullptr;
    SwsContext* sws = nullptr;
    FramePtr vframe = makeFrame(), aframe = makeFrame();
    PacketPtr pkt = makePacket();
    int64_t nextVideoPts = 0, nextAudioPts = 0;
    std::vector<float> pendingAudio;
    bool finished = false;

    [[noreturn]] void fail(const std::string& what, int err) const {
        throw Error(fileError(path, what + (err ? ": " + errorString(err) : std::string())));
    }

    CodecPtr openEncoder(const AVCodec* codec, const std::function<void(AVCodecContext*)>& setup, AVStream*& stream) {
        CodecPtr ctx(avcodec_alloc_context3(codec));
        if (!ctx) fail("out of memory", 0);
        setup(ctx.get());
        if (fmt->oformat->flags & AVFMT_GLOBALHEADER) ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (int r = avcodec_open2(ctx.get(), codec, nullptr); r < 0) fail(std::string("cannot open the ") + codec->name + " encoder", r);
        stream = avformat_new_stream(fmt, nullptr);
        if (!stream) fail("out of memory", 0);
        stream->time_base = ctx->time_base;
        if (int r = avcodec_parameters_from_context(stream->codecpar, ctx.get()); r < 0) fail("bad encoder parameters", r);
        return ctx;
    }

    void open(const std::string& p, const MovieWriterOptions& o) {
        path = p;
        opt = o;
        if (opt.width <= 0 || opt.height <= 0 || opt.width % 2 || opt.height % 2)
            throw Error(fileError(path, "the picture size must be positive and even"));
        if (opt.fps <= 0) throw Error(fileError(path, "the frame rate must be positive"));
        av_log_set_level(AV_LOG_ERROR); // encoders' chatter stays out of the user's terminal
        if (int r = avformat_alloc_output_context2(&fmt, nullptr, nullptr, path.c_str()); r < 0 || !fmt)
            fail("cannot tell the container from the file name", r);
        const AVCodec* h264 = avcodec_find_encoder_by_name("libx264");
        if (!h264) h264 = avcodec_find_encoder(AV_CODEC_ID_H264);
        if (!h264) fail("this FFmpeg has no H.264 encoder", 0);
        video = openEncoder(h264, [&](AVCodecContext* c) {
            c->width = opt.width;
            c->height = opt.height;
            c->time_base = {1, opt.fps};
            c->framerate = {opt.fps, 1};
            c->pix_fmt = AV_PIX_FMT_YUV420P;
            c->gop_size = 2 * opt.fps;
            // One encoder thread: with frame threads, x264 gave different bytes from run to run when
            // the machine was busy, and generated films must be reproducible.
            c->thread_count = 1;
            av_opt_set(c->priv_data, "preset", opt.preset.c_str(), 0);
            av_opt_set_int(c->priv_data, "crf", opt.crf, 0);
        }, vs);
        vs->avg_frame_rate = {opt.fps, 1};
        if (opt.sample_rate > 0) {
            const AVCodec* aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
            if (!aac) fail("this FFmpeg has no AAC encoder", 0);
            audio = openEncoder(aac, [&](AVCodecContext* c) {
                c->sample_fmt = AV_SAMPLE_FMT_FLTP;
                c->sample_rate = opt.sample_rate;
                av_channel_layout_default(&c->ch_layout, 1);
                c->bit_rate = 96000;
                c->time_base = {1, opt.sample_rate};
            }, as);
        }
        if (!(fmt->oformat->flags & AVFMT_NOFILE))
            if (int r = avio_open(&fmt->pb, path.c_str(), AVIO_FLAG_WRITE); r < 0) fail("cannot create the file", r);
        AVDictionary* mux = nullptr;
        av_dict_set(&mux, "movflags", "+faststart", 0);
        const int r = avformat_write_header(fmt, &mux);
        av_dict_free(&mux);
        if (r < 0) fail("cannot write the header", r);
        vframe->format = AV_PIX_FMT_YUV420P;
        vframe->width = opt.width;
        vframe->height = opt.height;
        if (av_frame_get_buffer(vframe.get(), 0) < 0) fail("out of memory", 0);
        sws = sws_getContext(opt.width, opt.height, AV_PIX_FMT_RGB24, opt.width, opt.height, AV_PIX_FMT_YUV420P,
                             SWS_BICUBIC, nullptr, nullptr, nullptr);
        if (!sws) fail("cannot convert RGB to YUV", 0);
    }

    void drain(AVCodecContext* c, AVStream* s) {
        for (;;) {
            const int r = avcodec_receive_packet(c, pkt.get());
            if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) return;
            if (r < 0) fail("encoding failed", r);
            if (pkt->duration == 0 && c->codec_type == AVMEDIA_TYPE_VIDEO) pkt->duration = 1; // one frame
            av_packet_rescale_ts(pkt.get(), c->time_base, s->time_base);
            pkt->stream_index = s->index;
            if (int w = av_interleaved_write_frame(fmt, pkt.get()); w < 0) fail("cannot write (disk full?)", w);
        }
    }

    void send(AVCodecContext* c, AVStream* s, AVFrame* f) {
        if (int r = avcodec_send_frame(c, f); r < 0) fail("encoding failed", r);
        drain(c, s);
    }

    void audioFrames(bool flushAll) {
        const auto n = static_cast<size_t>(audio->frame_size > 0 ? audio->frame_size : 1024);
        while (pendingAudio.size() >= n || (flushAll && !pendingAudio.empty())) {
            const size_t take = std::min(n, pendingAudio.size());
            aframe->format = AV_SAMPLE_FMT_FLTP;
            aframe->sample_rate = opt.sample_rate;
            av_channel_layout_default(&aframe->ch_layout, 1);
            aframe->nb_samples = static_cast<int>(take);
            if (av_frame_get_buffer(aframe.get(), 0) < 0) fail("out of memory", 0);
            std::copy_n(pendingAudio.begin(), take, reinterpret_cast<float*>(aframe->data[0]));
            aframe->pts = nextAudioPts;
            nextAudioPts += static_cast<int64_t>(take);
            pendingAudio.erase(pendingAudio.begin(), pendingAudio.begin() + static_cast<std::ptrdiff_t>(take));
            send(audio.get(), as, aframe.get());
            av_frame_unref(aframe.get());
        }
    }

    void close(bool flush) {
        if (finished) return;
        finished = true;
        if (flush) {
            if (audio) {
                audioFrames(true);
                send(audio.get(), as, nullptr);
            }
            send(video.get(), vs, nullptr);
            if (int r = av_write_trailer(fmt); r < 0) fail("cannot finish the file", r);
        }
        if (fmt && !(fmt->oformat->flags & AVFMT_NOFILE)) avio_closep(&fmt->pb);
    }

    ~Impl() {
        try {
            close(false);
        } catch (...) {
        }
        sws_freeContext(sws);
        avformat_free_context(fmt);
    }
};

MovieWriter::MovieWriter(const std::string& path, const MovieWriterOptions& options) : d(std::make_unique<Impl>()) {
    d->open(path, options);
}
MovieWriter::~MovieWriter() = default;

void MovieWriter::writeFrame(const uint8_t* rgb) {
    if (av_frame_make_writable(d->vframe.get()) < 0) d->fail("out of memory", 0);
    const uint8_t* src[1] = {rgb};
    const int stride[1] = {3 * d->opt.width};
    sws_scale(d->sws, src, stride, 0, d->opt.height, d->vframe->data, d->vframe->linesize);
    d->vframe->pts = d->nextVideoPts++;
    d->send(d->video.get(), d->vs, d->vframe.get());
}

void MovieWriter::writeAudio(const float* samples, size_t count) {
    if (!d->audio) return;
    d->pendingAudio.insert(d->pendingAudio.end(), samples, samples + count);
    d->audioFrames(false);
}

void MovieWriter::finish() { d->close(true); }

} // namespace mega::media
