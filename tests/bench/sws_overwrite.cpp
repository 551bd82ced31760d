// The root cause of issue 11's crash, measured: how many bytes swscale's YUV -> RGB24 conversion
// writes past the end of a packed picture (lines of exactly width * 3 bytes), per width. Any
// non-zero count is a heap overwrite when the picture is scaled straight into a buffer of its own
// size, as FrameReader did before it scaled into aligned, padded lines.
//
//   build/tests/bench/sws_overwrite [WIDTH...]     (default: 426 427 360 318 320 352 400 450 640)
extern "C" {
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
    std::vector<int> widths;
    for (int i = 1; i < argc; ++i) widths.push_back(std::atoi(argv[i]));
    if (widths.empty()) widths = {426, 427, 360, 318, 320, 352, 400, 450, 640};
    const int h = 240;
    for (int w : widths) {
        AVFrame* f = av_frame_alloc();
        f->format = AV_PIX_FMT_YUV420P;
        f->width = w;
        f->height = h;
        if (!f || av_frame_get_buffer(f, 0) < 0) return 1;
        for (int p = 0; p < 3; ++p) std::memset(f->data[p], 128, static_cast<size_t>(f->linesize[p]) * (p ? (h + 1) / 2 : h));
        SwsContext* c = sws_getContext(w, h, AV_PIX_FMT_YUV420P, w, h, AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr, nullptr, nullptr);
        const size_t line = static_cast<size_t>(w) * 3, size = line * h;
        std::vector<unsigned char> buf(size + 4096, 0xAB); // the picture, then a sentinel tail
        uint8_t* dst[4] = {buf.data(), nullptr, nullptr, nullptr};
        int stride[4] = {static_cast<int>(line), 0, 0, 0};
        sws_scale(c, f->data, f->linesize, 0, h, dst, stride);
        size_t past = 0;
        for (size_t i = size; i < buf.size(); ++i)
            if (buf[i] != 0xAB) past = i + 1 - size;
        std::printf("%4dx%d YUV420P -> RGB24: %zu bytes written past the packed picture\n", w, h, past);
        sws_freeContext(c);
        av_frame_free(&f);
    }
    return 0;
}
