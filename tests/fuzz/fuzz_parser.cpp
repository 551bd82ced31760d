// libFuzzer target for one of core/io's parsers, chosen at build time by MEGA_FUZZ_PARSER.
// A parser may throw mega::Error on bad input (that is its contract); anything else (a crash, an
// ASan report, another exception, a hang) is a bug. For writers, what was parsed must also come
// back through write + parse unchanged.
#include "core/common/error.h"
#include "core/io/film_annotation.h"
#include "core/io/text_formats.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mega::io;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
#if MEGA_FUZZ_PARSER == 1
        parseCsv(text, "fuzz.csv");
#elif MEGA_FUZZ_PARSER == 2
        const auto rows = parseTripodSynopses(text, "fuzz.csv");
        if (parseTripodSynopses(writeTripodSynopses(rows), "again.csv").size() != rows.size()) std::abort();
#elif MEGA_FUZZ_PARSER == 3
        const auto rows = parseTripodScreenplayTps(text, "fuzz.csv");
        if (parseTripodScreenplayTps(writeTripodScreenplayTps(rows), "again.csv").size() != rows.size()) std::abort();
#elif MEGA_FUZZ_PARSER == 4
        const size_t half = text.find('\x01');
        const auto film = parseMovieNet("tt0", text.substr(0, half), "labels.txt",
                                        half == std::string::npos ? "" : text.substr(half + 1), "shots.txt");
        if (writeMovieNetLabels(parseMovieNet("tt0", writeMovieNetLabels(film), "l", writeMovieNetShots(film), "s")) !=
            writeMovieNetLabels(film))
            std::abort();
#elif MEGA_FUZZ_PARSER == 5
        const auto cues = parseSrt(text, "fuzz.srt");
        (void)parseSrt(writeSrt(cues), "again.srt");
#elif MEGA_FUZZ_PARSER == 6
        const auto cues = parseWebVtt(text, "fuzz.vtt");
        (void)parseWebVtt(writeWebVtt(cues), "again.vtt");
#elif MEGA_FUZZ_PARSER == 7
        (void)parseSynopsisText(text, true);
#elif MEGA_FUZZ_PARSER == 8
        const auto a = fromJson(text, "fuzz.json");
        (void)fromJson(toJson(a), "again.json");
#else
#error "MEGA_FUZZ_PARSER must name a parser (1-8)"
#endif
    } catch (const mega::Error&) {
    }
    return 0;
}
