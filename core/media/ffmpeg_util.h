#pragma once
// Private to core/media: RAII holders and helpers over the FFmpeg C API.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mega::media::detail {

struct FormatCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecCloser {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFree {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFree {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecCloser>;
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;

/// FFmpeg's text for an AVERROR code.
std::string errorString(int err);

/// Opens `path` and reads its stream information; throws mega::Error naming the file and the
/// problem (missing, empty, unreadable, not a media file).
FormatPtr openInput(const std::string& path);

/// Opens a decoder for stream `index` of `fmt` with `threads` threads (0 = all cores).
CodecPtr openDecoder(const std::string& path, AVFormatContext* fmt, int index, int threads);

/// Throws mega::Error naming the file if a picture of width x height cannot be real (more than
/// 16384 on a side, or beyond what FFmpeg allocates): a damaged or hostile header.
void checkPictureSize(const std::string& path, int width, int height);

/// Presentation time origin of the file in seconds: the container's start time (0 if unset),
/// so times of every stream of one file share one clock that starts at 0.
double originSeconds(const AVFormatContext* fmt);

/// A timestamp in stream time base, as seconds on the file's clock.
double toSeconds(int64_t ts, AVRational tb, double origin);

PacketPtr makePacket();
FramePtr makeFrame();

/// Demuxes the packets of one stream and decodes them: the send/receive loop every reader shares.
/// A damaged packet is skipped; a long run of them, or a read error, ends the stream with error().
class StreamDecoder {
  public:
    StreamDecoder(AVFormatContext* fmt, AVCodecContext* codec, int stream);
    /// The next decoded frame into `frame`. False at the end of the stream or where decoding had
    /// to stop (then error() says why).
    bool receive(AVFrame* frame);
    /// Empty, or why decoding stopped before the end of the stream.
    const std::string& error() const { return m_error; }
    /// After the demuxer was repositioned (a seek): drop what the decoder holds and read on from
    /// there, or, with `atEnd`, report the end at once.
    void restart(bool atEnd = false);

    /// Damage met so far, decoding went on past it: packets the decoder refused (their pictures
    /// are lost) and frames it gave out with errors concealed (their pictures are partly wrong).
    struct Damage {
        int64_t lost_packets = 0;
        int64_t damaged_frames = 0;
        std::vector<std::pair<double, double>> spans; ///< where, in seconds on the file's clock
        bool any() const { return lost_packets > 0 || damaged_frames > 0; }
        /// "3 packets lost and 12 frames damaged, at 4.00-4.48 s, 7.20 s": empty if none.
        std::string describe() const;
    };
    const Damage& damage() const { return m_damage; }

  private:
    AVFormatContext* m_fmt;
    AVCodecContext* m_codec;
    int m_stream;
    PacketPtr m_pkt = makePacket();
    bool m_packetPending = false; // m_pkt holds a packet the decoder refused (EAGAIN)
    bool m_flushing = false;      // end of input reached: the decoder is being drained
    bool m_finished = false;
    int m_consecutiveErrors = 0;
    std::string m_error;
    Damage m_damage;
    int64_t m_lastTs = AV_NOPTS_VALUE; // the last packet sent's timestamp
    void noteDamage(int64_t ts, bool lost);
};

} // namespace mega::media::detail
