#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "app/mega/json_out.h"
#include "app/mega/progress_bar.h"
#include "core/film/timecode.h"
#include "core/shots/shot_list.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

namespace mega::cli {

int runShots(const std::vector<std::string>& argv) {
    const Args args(argv, {"detector", "threshold", "min-shot-len", "flash-len", "threads", "stats"},
                    {"json", "quiet"});
    if (args.positional().size() != 1) throw UsageError{"shots takes one FILE"};
    shots::DetectorParams p;
    if (auto d = args.value("detector")) {
        try {
            p.kind = shots::detectorKindFromString(*d);
        } catch (const Error& e) {
            throw UsageError{e.what()};
        }
    }
    p.threshold = args.number("threshold", -1.0);
    if (args.value("threshold") && p.threshold < 0) throw UsageError{"--threshold must be 0 or more"};
    p.min_shot_len = args.integer("min-shot-len", p.min_shot_len);
    p.flash_len = args.integer("flash-len", p.flash_len);
    p.threads = args.integer("threads", 0);
    if (p.min_shot_len < 0) throw UsageError{"--min-shot-len must be 0 or more frames"};
    if (p.flash_len < 0) throw UsageError{"--flash-len must be 0 or more frames"};

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> statsFile(nullptr, &std::fclose);
    shots::FrameStatsFn stats;
    if (auto path = args.value("stats")) {
        statsFile.reset(std::fopen(path->c_str(), "w"));
        if (!statsFile)
            throw Error(
                fileError(*path, "cannot write the stats file: " + std::string(std::strerror(errno))));
        std::fputs("frame,time_s,content_score,mean_intensity\n", statsFile.get());
        stats = [f = statsFile.get()](const shots::FrameStats& s) {
            std::fprintf(f, "%lld,%.6f,%.4f,%.4f\n", static_cast<long long>(s.index), s.time_s,
                         s.content_score, s.mean_intensity);
        };
    }
    ProgressBar bar(args.flag("quiet"));
    const auto list = shots::detectShots(args.positional()[0], p, bar.callback(), {}, stats);
    bar.done();
    for (const auto& w : list.warnings)
        std::fprintf(stderr, "mega: warning: %s\n", w.c_str());

    if (args.flag("json")) {
        std::cout << toJson(list).dump(2) << '\n';
        return 0;
    }
    std::printf("%s: %lld frames at %.3f fps, %zu shots (%s detector", list.path.c_str(),
                static_cast<long long>(list.frame_count), list.fps, list.shots.size(),
                shots::toString(p.kind));
    for (const auto& [name, value] : p.describe())
        std::printf(", %s=%g", name.c_str(), value);
    std::printf(")\n");
    // The shots' presentation times as SMPTE timecode at the stream's rate, as the window shows them.
    std::printf("%5s  %10s  %10s  %12s  %12s  %9s\n", "shot", "start", "end", "start tc", "end tc",
                "length s");
    for (size_t i = 0; i < list.shots.size(); ++i) {
        const auto& s = list.shots[i];
        std::printf("%5zu  %10lld  %10lld  %12s  %12s  %9.3f\n", i + 1, static_cast<long long>(s.start_frame),
                    static_cast<long long>(s.end_frame), film::timecodeAt(s.start_s, list.fps).c_str(),
                    film::timecodeAt(s.end_s, list.fps).c_str(), s.end_s - s.start_s);
    }
    return 0;
}

} // namespace mega::cli
