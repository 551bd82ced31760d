#pragma once
// The long film the window's benchmarks open (bench_studio, bench_views): `shots` shots of 58
// frames at 24 fps, a model's proposal at every `every`-th cut with a spread of probabilities, and
// a synopsis of `sentences` sentences with TP labels. Returns the film's id.
#include "core/store/project.h"

#include <string>
#include <vector>

namespace mega::bench {

inline int64_t addLongFilm(store::Project& p, const std::string& name, int shots, int every, int sentences) {
    store::Film f;
    f.name = name;
    f.fps = 24;
    f.duration_s = shots * 2.4;
    const int64_t film = p.addFilm(f);
    std::vector<shots::Shot> list;
    for (int i = 0; i < shots; ++i) list.push_back({i * 58LL, i * 58LL + 57, i * 2.4166, (i + 1) * 2.4166});
    p.setShots(film, list);
    std::vector<store::SceneBoundary> bs;
    for (int i = 0; i + 1 < shots; i += every) {
        store::SceneBoundary b;
        b.shot_index = i;
        b.probability = (i * 7919 % 1000) / 1000.0;
        b.source = "model:bench";
        bs.push_back(b);
    }
    p.setBoundaries(film, "model:bench", bs);
    std::vector<std::string> text;
    for (int j = 0; j < sentences; ++j) text.push_back("Sentence " + std::to_string(j) + " of the synopsis, of a usual length for one.");
    p.setSynopsis(film, "", text, {{{4}, {10}, {20}, {30}, {36}}}, "import:bench");
    return film;
}

} // namespace mega::bench
