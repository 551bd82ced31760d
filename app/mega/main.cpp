// `mega`: MEGA Studio's command line. Each command is a thin wiring over megacore.
#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "core/common/error.h"
#include "core/common/version.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <exception>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage = R"(Usage: mega COMMAND [ARGS]
  or:  mega --help | --version

MEGA Studio's command line: cut films into shots, scenes and acts, score them, and run the
review loop over a project (mega-studio is the window over the same projects).

commands:
  probe FILE [--json] [--count-frames]
      what a film file holds: container, duration, video (codec, size, frame rates,
      exact frame count, variable rate), audio and subtitle streams
  shots FILE [--detector content|adaptive|threshold] [--threshold X]
             [--min-shot-len N] [--flash-len N] [--threads N] [--stats CSV]
             [--json] [--quiet]
      detect the film's shots: cuts (first frame of each new shot) and shots
      (start/end frame and time). Detectors: content (hard cuts, default
      threshold 27), adaptive (cuts that stand out from their neighbours,
      robust to fast motion, default 3), threshold (fades to and from black,
      default 12). --stats writes every frame's scores as CSV, to tune the
      threshold. --quiet hides the progress bar.

  features FILM -o DIR [--extractors appearance,layout,motion,audio,subtitles,synopsis]
                [--subtitles FILE] [--synopsis FILE [--split]] [--per-shot] [--width W]
      per-modality feature vectors with their time intervals, as NumPy files
      (NAME.npy float32 [N, D], NAME.intervals.npy float64 [N, 2]); --per-shot also
      detects the shots and writes NAME.shots.npy and NAME.mask.npy, and words.json (the
      shots' times, subtitles and synopsis, from which a model computes its "position" and
      "synopsis_tp" modalities: models/act_loop.json trains and predicts on such a folder).
      Pretrained encoders (packaging/install-deps.sh installs their weights): faces (who is
      on screen: face-api's detector and identity network, two frames a second, the film's
      faces grouped into characters), picture (nsfwjs's MobileNetV2, a frame a second) and
      voice (Silero VAD: speech each second); one whose weights are missing is left out
      with a warning
  make-demo [-o PREFIX] [--duration S] [--size WxH] [--fps N] [--seed N] [--setting NAME]
      a generated film whose truth is known: PREFIX.mp4 (H.264 + AAC), PREFIX.srt,
      PREFIX.synopsis.txt and PREFIX.truth.json (shots, scenes, turning points;
      `mega import PROJECT --json PREFIX.truth.json` reads it). Default: 180 s, 640x360.
      --setting: classic (default), movienet (MovieNet's shot lengths), dissolves,
      lighting (changes inside scenes), lookalike (places with an earlier one's colours),
      music (a bed across scenes), muted, mixed, faces (real faces of @vladmandic/face-api's
      photographs as the scenes' characters; places that look alike)
  eval scenes --gold G.json --pred P.json [--threshold 0.5] [--json]
  eval tp --gold G.json [--pred P.json] [--train T.json] [--json]
      score any tool's output: AP, F1, mIoU, Recall@3s for scene boundaries; TA, PA,
      D for turning points, with the random, theory and (given --train) distribution
      baselines. Every file is {"films": [...]}, one entry per film id (twice: refused).
      Scenes: gold {"id", "labels": [1,0,...], "shots"?, "boundary_times"?}, predictions
      {"id", "scores"}. TPs: gold {"id", "units", "tps": [[units] x5]}, predictions
      {"id", "tps": [5 units]} or {"id", "distributions": [[..] x5]}. A TP prediction is
      the 3 units around it. Printed as percentages; --json as fractions
  model-info CONFIG [--dims D1,D2,...] [--json]
      what a model config (models/*.json) builds: layers, widths, parameters per part
  train scenes|tp --config CFG --gold G.json -o MODEL.ckpt [...] DIR...
  predict scenes|tp --model MODEL.ckpt [-o P.json] DIR...
  explain --model MODEL.ckpt (--shot N | --tp N) DIR
      train MEGA on per-shot features (DIR: `mega features --per-shot -o DIR`), predict
      scene boundaries or turning points, explain a prediction (Grad-CAM); see
      `mega train --help` for all options
  predict tp --synopsis FILE [--model MODEL.ckpt] [--json]
  train synopsis --tripod CSV -o MODEL.ckpt [--folds 5] [--seed N]
      a synopsis' five turning-point sentences, in order (models/synopsis_tp.ckpt, trained
      on TRIPOD's synopses); train it again, k-fold by film beside the TP baselines
  import PROJECT [--tripod CSV] [--tripod-screenplay CSV] [--json FILE]
                 [--movienet DIR [--movienet-split train|val] [--no-labels]]
                 [--subtitles FILM FILE] [--synopsis FILM FILE [--annotator A] [--split]]
                 [--features FILM FILE.npy --modality NAME] [--film FILE [--proposals]] [--author NAME]
      bring annotations into a project (*.mega, created if missing): TRIPOD synopses
      with turning points, TRIPOD screenplay TPs, a MovieNet corpus (films without video:
      shots, subtitles, the labels as reviewed boundaries of 'movienet' unless --no-labels;
      the films get the picture-free features timing and speech, to train on), a film's
      JSON annotation, SRT/WebVTT subtitles, a plain-text synopsis, or a film file
      (probed and cut into shots; --proposals also proposes scene boundaries from how much
      the picture changes across each cut). Each import is one transaction: all or nothing.
  export PROJECT --film FILM --format csv|json|edl|otio|vtt|srt|movienet|tripod -o PATH
      write one film's shots, scenes and turning points for an editor (EDL, OTIO,
      WebVTT chapters, SRT scene subtitles) or a research tool (CSV, JSON, MovieNet, TRIPOD)
  export SOURCE... --gold -o G.json [--film FILM]
      gold labels in `mega eval`'s format: each project's reviewed films (a person's decisions;
      TPs where a person set all five) and each annotation file (.json: a generated film's
      truth.json, an export --format json), one entry per film
  status PROJECT [--json]
      films, shots, boundaries by review status, edits by person

  the loop over a project (see `mega ingest --help` for every option):
  ingest FILM... -p P.mega [-j N]     films in: shots, features, the active model's proposals
  propose P.mega [--task scene|tp] [--film FILM]   the active model proposes on unreviewed films
  train P.mega --task scene|tp        fine-tune on reviewed films; active only if it beats the active one
  models P.mega [--activate VERSION] [--json]
      model versions (which is active, metrics, why), training runs
  merge OUT.mega IN.mega...
      per-film projects (one task each of GNU parallel or a Slurm array job) into one: films,
      shots, features, proposals, decisions, model versions; a film already in OUT is skipped
  review P.mega --film FILM --from ANNOTATION.json [--author NAME]
      apply a reference (a generated film's truth.json, or a film annotation JSON) as a
      person's review: accept what matches, reject what does not, add what is missing,
      set its turning points

  FILM is a film's id or name.

options:
  -h, --help       print this help and exit
  --version        print the version and exit

exit codes: 0 done, 1 the input could not be processed, 2 bad command line
)";

/// Model commands run in `mega-model`, beside this program (build tree and install alike), so that
/// only they pay LibTorch's start-up. Returns only if it cannot be started.
int runModelProgram(char** argv) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::string program = ((ec ? std::filesystem::path(argv[0]) : self).parent_path() / "mega-model").string();
    execv(program.c_str(), argv);
    std::fprintf(stderr, "mega %s: error: cannot start %s: %s\n", argv[1], program.c_str(), std::strerror(errno));
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("mega %s\n", mega::version());
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "train" || command == "predict" || command == "explain" || command == "ingest" || command == "propose")
        return runModelProgram(argv);
    try {
        if (command == "probe") return mega::cli::runProbe(args);
        if (command == "shots") return mega::cli::runShots(args);
        if (command == "features") return mega::cli::runFeatures(args);
        if (command == "make-demo") return mega::cli::runMakeDemo(args);
        if (command == "eval") return mega::cli::runEval(args);
        if (command == "model-info") return mega::cli::runModelInfo(args);
        if (command == "import") return mega::cli::runImport(args);
        if (command == "export") return mega::cli::runExport(args);
        if (command == "status") return mega::cli::runStatus(args);
        if (command == "models") return mega::cli::runModels(args);
        if (command == "review") return mega::cli::runReview(args);
        if (command == "merge") return mega::cli::runMerge(args);
        std::fprintf(stderr, "mega: unknown command '%s'\n%s", command.c_str(), kUsage);
        return 2;
    } catch (const mega::cli::UsageError& e) {
        std::fprintf(stderr, "mega %s: %s (see mega --help)\n", command.c_str(), e.message.c_str());
        return 2;
    } catch (const mega::Error& e) {
        std::fprintf(stderr, "mega %s: error: %s\n", command.c_str(), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mega %s: internal error: %s\n", command.c_str(), e.what());
        return 1;
    }
}
