#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "app/mega/json_out.h"
#include "core/media/media_info.h"

#include <cstdio>
#include <iostream>

namespace mega::cli {

int runProbe(const std::vector<std::string>& argv) {
    const Args args(argv, {}, {"json", "count-frames", "quiet"});
    if (args.positional().size() != 1) throw UsageError{"probe takes one FILE"};
    const auto info = media::probe(args.positional()[0], {args.flag("count-frames")});
    if (args.flag("json")) {
        std::cout << toJson(info).dump(2) << '\n';
        return 0;
    }
    std::printf("file       %s\ncontainer  %s\nduration   %.3f s\nsize       %lld bytes\n", info.path.c_str(),
                info.container.c_str(), info.duration_s, static_cast<long long>(info.size_bytes));
    if (info.video) {
        const auto& v = *info.video;
        std::printf("video      #%d %s %dx%d, %.3f fps (avg %d/%d, base %d/%d)%s, %lld frames%s\n", v.index,
                    v.codec.c_str(), v.width, v.height, v.avg_frame_rate.value(), v.avg_frame_rate.num,
                    v.avg_frame_rate.den, v.real_frame_rate.num, v.real_frame_rate.den,
                    v.variable_frame_rate ? ", variable rate" : "", static_cast<long long>(v.frame_count),
                    v.frame_count_counted ? " (counted)" : "");
        if (v.display_width != v.width || v.display_height != v.height)
            std::printf("shown as   %dx%d (pixels %d:%d, turned %d degrees clockwise)\n", v.display_width, v.display_height,
                        v.sample_aspect.num, v.sample_aspect.den, v.rotation);
        if (v.video_streams > 1)
            std::printf("note       %d video streams: this one is the film (the default, else the largest)\n",
                        v.video_streams);
    } else {
        std::printf("video      none\n");
    }
    for (const auto& a : info.audio)
        std::printf("audio      #%d %s %d Hz, %d channels%s%s%s\n", a.index, a.codec.c_str(), a.sample_rate,
                    a.channels, a.language.empty() ? "" : ", ", a.language.c_str(),
                    info.audio.size() > 1 && a.index == info.main_audio ? " (the film's sound: the default)" : "");
    for (const auto& s : info.subtitles)
        std::printf("subtitles  #%d %s (%s)%s%s\n", s.index, s.codec.c_str(), s.text ? "text" : "bitmap",
                    s.language.empty() ? "" : ", ", s.language.c_str());
    return 0;
}

} // namespace mega::cli
