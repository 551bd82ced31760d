// mega features: per-modality feature files for a film.
#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "app/mega/progress_bar.h"
#include "core/features/extractors.h"
#include "core/features/npy.h"
#include "core/film/sidecars.h"
#include "core/io/text_formats.h"
#include "core/media/subtitle_reader.h"
#include "core/pipeline/folder_words.h"
#include "core/shots/shot_list.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace mega::cli {

namespace {

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

void writeModality(const std::filesystem::path& dir, const features::Modality& m) {
    std::vector<double> intervals;
    for (const auto& [a, b] : m.intervals) intervals.insert(intervals.end(), {a, b});
    features::writeNpy((dir / (m.name + ".npy")).string(), m.data.data(), static_cast<int64_t>(m.count()), m.dim);
    features::writeNpy((dir / (m.name + ".intervals.npy")).string(), intervals.data(), static_cast<int64_t>(m.count()), 2);
}

// The film's subtitles: a given file, else its own text stream, else its sidecar (film::sidecarFiles).
std::vector<media::SubtitleCue> subtitlesFor(const std::string& film, const std::optional<std::string>& given) {
    if (given) {
        return io::readSubtitleFile(*given);
    }
    auto cues = media::readSubtitles(film);
    if (!cues.empty()) return cues;
    if (auto beside = film::sidecarFiles(film).subtitles; !beside.empty()) return subtitlesFor(film, beside);
    return {};
}

} // namespace

int runFeatures(const std::vector<std::string>& argv) {
    const Args args(argv, {"extractors", "o", "output", "subtitles", "synopsis", "threads", "width"}, {"per-shot", "split", "quiet"});
    if (args.positional().size() != 1) throw UsageError{"features takes one FILM"};
    const auto out = args.value("o") ? args.value("o") : args.value("output");
    if (!out) throw UsageError{"features needs -o DIR"};
    const std::string film = args.positional()[0];
    features::ExtractOptions opt;
    if (auto e = args.value("extractors")) opt.extractors = splitList(*e);
    opt.threads = args.integer("threads", 0);
    opt.analysis_width = args.integer("width", opt.analysis_width);
    std::vector<std::string> visualAudio, text;
    for (const auto& e : opt.extractors) (e == "subtitles" || e == "synopsis" ? text : visualAudio).push_back(e);
    opt.extractors = visualAudio;
    // The synopsis: --synopsis FILE, else (when listed) the film's sidecar, which must then exist.
    auto syn = args.value("synopsis");
    if (!syn && std::find(text.begin(), text.end(), "synopsis") != text.end()) {
        syn = film::sidecarFiles(film).synopsis;
        if (syn->empty())
            throw Error(fileError(film, "has no synopsis beside it (" + film::sidecarNames(film).synopsis +
                                            "); name one with --synopsis FILE"));
    }

    // extractFeatures makes every extractor before it decodes anything, so an unknown name fails at
    // once (and a plug-in's model is loaded once); the folder is made only once there is something to write.
    ProgressBar bar(args.flag("quiet"));
    auto result = features::extractFeatures(film, opt, bar.callback());
    bar.done();
    std::filesystem::create_directories(*out);
    for (const auto& w : result.warnings) std::fprintf(stderr, "mega: warning: %s\n", w.c_str());

    const features::TextEncoder encoder;
    // Subtitles by default (when they exist), or when listed; the synopsis when named or listed.
    const bool wantSubtitles =
        !args.value("extractors") || std::find(text.begin(), text.end(), "subtitles") != text.end();
    std::vector<media::SubtitleCue> cues;
    std::vector<std::string> sentences;
    if (wantSubtitles) {
        cues = subtitlesFor(film, args.value("subtitles"));
        std::vector<std::string> lines;
        std::vector<std::pair<double, double>> times;
        for (const auto& c : cues) lines.push_back(c.text), times.emplace_back(c.start_s, c.end_s);
        if (!cues.empty()) result.modalities.push_back(encoder.encode("subtitles", lines, times));
    }
    if (syn) {
        sentences = io::parseSynopsisText(io::readTextFile(*syn), args.flag("split"));
        std::vector<std::pair<double, double>> index; // sentences have no times: their own index range
        for (size_t i = 0; i < sentences.size(); ++i) index.emplace_back(static_cast<double>(i), static_cast<double>(i + 1));
        result.modalities.push_back(encoder.encode("synopsis", sentences, index));
    }
    for (const auto& m : result.modalities) {
        writeModality(*out, m);
        std::printf("%-11s %6zu x %-4lld  %s\n", m.name.c_str(), m.count(), static_cast<long long>(m.dim),
                    (std::filesystem::path(*out) / (m.name + ".npy")).string().c_str());
    }
    if (args.flag("per-shot")) {
        const auto shotList = shots::detectShots(film, {}, {});
        for (const auto& m : result.modalities) {
            if (m.name == "synopsis") continue; // not on the film's clock
            const auto per = features::aggregate(m, shotList.shots);
            std::vector<float> mask(per.mask.begin(), per.mask.end());
            features::writeNpy((std::filesystem::path(*out) / (m.name + ".shots.npy")).string(), per.data.data(),
                               static_cast<int64_t>(shotList.shots.size()), per.dim);
            features::writeNpy((std::filesystem::path(*out) / (m.name + ".mask.npy")).string(), mask.data(),
                               static_cast<int64_t>(mask.size()), 1);
        }
        // The shots' times and the words, for the modalities a model computes (position, synopsis_tp).
        pipeline::writeFolderWords(*out, {shotList.shots, cues, sentences});
        std::printf("per-shot features for %zu shots; their times and words in %s\n", shotList.shots.size(),
                    (std::filesystem::path(*out) / pipeline::kFolderWordsFile).string().c_str());
    }
    return 0;
}

} // namespace mega::cli
