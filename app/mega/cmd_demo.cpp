// mega make-demo: a generated film with its ground truth.
#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "app/mega/progress_bar.h"
#include "core/demo/generated_film.h"

#include <cstdio>

namespace mega::cli {

int runMakeDemo(const std::vector<std::string>& argv) {
    const Args args(argv, {"o", "output", "duration", "size", "fps", "seed", "setting"}, {"quiet"});
    if (!args.positional().empty()) throw UsageError{"make-demo takes no positional argument (use -o PREFIX)"};
    demo::DemoOptions opt;
    opt.duration_s = args.number("duration", opt.duration_s);
    opt.fps = args.integer("fps", opt.fps);
    opt.seed = static_cast<uint64_t>(args.integer("seed", 1));
    if (auto name = args.value("setting")) {
        try {
            opt.setting = demo::demoSetting(*name);
        } catch (const Error& e) {
            throw UsageError{std::string("--setting: ") + e.what()};
        }
    }
    if (auto size = args.value("size")) {
        if (std::sscanf(size->c_str(), "%dx%d", &opt.width, &opt.height) != 2 || opt.width <= 0 || opt.height <= 0)
            throw UsageError{"--size expects WIDTHxHEIGHT, got '" + *size + "'"};
    }
    if (opt.duration_s < 10) throw UsageError{"--duration must be at least 10 seconds"};
    const std::string prefix = args.value("o").value_or(args.value("output").value_or("demo"));
    ProgressBar bar(args.flag("quiet"));
    const auto film = demo::makeDemoFilm(prefix, opt, bar.callback());
    bar.done();
    std::printf("%s: %lld frames, %zu shots, %zu scenes, TPs in scenes %lld %lld %lld %lld %lld\n", film.film.c_str(),
                static_cast<long long>(film.frame_count), film.shot_starts.size(), film.scenes.size(),
                static_cast<long long>(film.tp_scenes[0]), static_cast<long long>(film.tp_scenes[1]),
                static_cast<long long>(film.tp_scenes[2]), static_cast<long long>(film.tp_scenes[3]),
                static_cast<long long>(film.tp_scenes[4]));
    std::printf("%s\n%s\n%s\n%s\n", film.subtitles.c_str(), film.synopsis.c_str(), film.tripod.c_str(), film.truth.c_str());
    return 0;
}

} // namespace mega::cli
