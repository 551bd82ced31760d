#include "core/media/audio_reader.h"

#include "core/common/error.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/video_index.h"

extern "C" {
#include <libswresample/swresample.h>
}

#include <algorithm>

namespace mega::media {
using namespace detail;

namespace {
struct SwrFree {
    void operator()(SwrContext* c) const { swr_free(&c); }
};
} // namespace

struct AudioReader::Impl {
    std::string path;
    AudioReaderOptions opt;
    FormatPtr fmt;
    CodecPtr codec;
    int ai = -1;
    AudioStreamInfo info;
    double origin = 0.0;
    std::unique_ptr<SwrContext, SwrFree> swr;
    std::unique_ptr<StreamDecoder> decoder;
    FramePtr frame = makeFrame();
    std::vector<float> pending; // converted samples not yet handed out
    double pendingStart = -1.0; // time of pending[0]
    int64_t emitted = 0;        // samples handed out
    double firstTime = -1.0;
    bool drained = false;
    std::string warning;

    void open(const std::string& p, const AudioReaderOptions& o) {
        path = p;
        opt = o;
        if (opt.sample_rate <= 0) throw Error("audio sample rate must be positive");
        if (opt.block_samples <= 0) throw Error("audio block size must be positive");
        fmt = openInput(path);
        if (opt.stream >= 0) {
            if (opt.stream >= static_cast<int>(fmt->nb_streams) ||
                fmt->streams[opt.stream]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
                throw Error(
                    fileError(path, "stream " + std::to_string(opt.stream) + " is not an audio stream"));
            ai = opt.stream;
        } else {
            ai = findAudioStream(fmt.get());
            if (ai < 0) throw Error(fileError(path, "has no audio stream"));
        }
        for (unsigned i = 0; i < fmt->nb_streams; ++i)
            if (static_cast<int>(i) != ai) fmt->streams[i]->discard = AVDISCARD_ALL;
        codec = openDecoder(path, fmt.get(), ai, 1);
        decoder = std::make_unique<StreamDecoder>(fmt.get(), codec.get(), ai);
        origin = originSeconds(fmt.get());
        const AVCodecParameters* par = fmt->streams[ai]->codecpar;
        const AVDictionaryEntry* lang = av_dict_get(fmt->streams[ai]->metadata, "language", nullptr, 0);
        info = {ai, avcodec_get_name(par->codec_id), par->sample_rate, par->ch_layout.nb_channels,
                lang ? lang->value : ""};
    }

    void setupResampler() {
        AVChannelLayout in;
        if (frame->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC && frame->ch_layout.nb_channels > 0)
            av_channel_layout_copy(&in, &frame->ch_layout);
        else
            av_channel_layout_default(&in, std::max(1, frame->ch_layout.nb_channels));
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        SwrContext* raw = nullptr;
        int r =
            swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, opt.sample_rate, &in,
                                static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0, nullptr);
        av_channel_layout_uninit(&in);
        if (r < 0 || !raw || swr_init(raw) < 0) {
            swr_free(&raw);
            throw Error(fileError(path, "cannot resample the audio stream to mono " +
                                            std::to_string(opt.sample_rate) + " Hz"));
        }
        swr.reset(raw);
    }

    void appendConverted(const uint8_t** in, int inSamples) {
        const int maxOut = swr_get_out_samples(swr.get(), inSamples);
        if (maxOut <= 0) return;
        const size_t old = pending.size();
        pending.resize(old + static_cast<size_t>(maxOut));
        uint8_t* out[1] = {reinterpret_cast<uint8_t*>(pending.data() + old)};
        const int got = swr_convert(swr.get(), out, maxOut, in, inSamples);
        pending.resize(old + static_cast<size_t>(std::max(0, got)));
    }

    // Decodes more samples into `pending`. False when nothing more will come.
    bool decodeMore() {
        if (drained) return false;
        if (decoder->receive(frame.get())) {
            if (!swr) setupResampler();
            if (firstTime < 0) {
                const int64_t ts = frame->best_effort_timestamp;
                firstTime = ts != AV_NOPTS_VALUE ? toSeconds(ts, fmt->streams[ai]->time_base, origin) : 0.0;
            }
            appendConverted(const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
            av_frame_unref(frame.get());
            return true;
        }
        drained = true;
        if (!decoder->error().empty())
            warning = fileError(path, "audio decoding stopped: " + decoder->error());
        if (swr) appendConverted(nullptr, 0); // the resampler's tail
        return !pending.empty();
    }
};

AudioReader::AudioReader(const std::string& path, const AudioReaderOptions& options)
    : d(std::make_unique<Impl>()) {
    d->open(path, options);
}
AudioReader::~AudioReader() = default;
AudioReader::AudioReader(AudioReader&&) noexcept = default;
AudioReader& AudioReader::operator=(AudioReader&&) noexcept = default;

const AudioStreamInfo& AudioReader::stream() const {
    return d->info;
}
int AudioReader::sampleRate() const {
    return d->opt.sample_rate;
}
const std::string& AudioReader::warning() const {
    return d->warning;
}

bool AudioReader::next(AudioBlock& block) {
    const auto want = static_cast<size_t>(d->opt.block_samples);
    while (d->pending.size() < want && d->decodeMore()) {
    }
    if (d->pending.empty()) return false;
    const size_t n = std::min(want, d->pending.size());
    block.start_s = std::max(0.0, d->firstTime) + static_cast<double>(d->emitted) / d->opt.sample_rate;
    block.samples.assign(d->pending.begin(), d->pending.begin() + static_cast<std::ptrdiff_t>(n));
    d->pending.erase(d->pending.begin(), d->pending.begin() + static_cast<std::ptrdiff_t>(n));
    d->emitted += static_cast<int64_t>(n);
    return true;
}

} // namespace mega::media
