#pragma once
// Built-in feature extractors that need no download, and the pass that runs them over a film.
//
// | name       | input                       | vector (dim)                                                       | one per |
// | appearance | a frame each second         | joint HSV colour histogram, 8 x 4 x 4 bins, L1-normalised (128)     | second  |
// | layout     | a frame each second         | 4 x 4 grid: mean R, G, B and 4-bin edge-orientation energy (112)    | second  |
// | motion     | every frame                 | mean |frame difference|, 3 x 3 grid of it, share of changed pixels, largest difference (12) | second |
// | audio      | mono 16 kHz                 | log-mel (64 bands, 25 ms / 10 ms frames): mean and std over 10 s windows every 1 s (128) | second |
// | subtitles  | cues (stream, .srt/.vtt)    | hashed word, word-pair and character 3-gram TF-IDF, L2-normalised (1024) | cue |
// | synopsis   | sentences                   | the same text encoder (1024)                                          | sentence |

#include "core/common/error.h"
#include "core/features/modality.h"
#include "core/media/audio_reader.h"
#include "core/media/frame_reader.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace mega::features {

/// Sampling at `rate` frames a second: the first frame at or after each k / rate s. One rule for
/// the extractors that sample and the passes that feed them only those frames.
struct Sampler {
    double rate = 1.0;
    int64_t next = 0; ///< the next k
    /// The time from which the next frame is wanted.
    double nextTime() const { return static_cast<double>(next) / rate; }
    /// Whether the frame at `t` is one to look at; if so, returns its k (its interval starts at
    /// k / rate) and moves on.
    bool take(double t, int64_t& k) {
        if (t + 1e-9 < nextTime()) return false;
        k = static_cast<int64_t>(std::floor((t + 1e-9) * rate));
        next = k + 1;
        return true;
    }
};

/// Sees the film's frames (small RGB pictures, in order) and/or audio blocks, then yields its modality.
class Extractor {
public:
    virtual ~Extractor() = default;
    virtual std::string name() const = 0;
    virtual bool wantsVideo() const { return false; }
    virtual bool wantsAudio() const { return false; }
    /// The width of the frames it wants; 0 for ExtractOptions::analysis_width (a wider one costs a
    /// decoding pass of its own).
    virtual int frameWidth() const { return 0; }
    /// Frames a second it looks at (a Sampler's frames); 0: every frame. A pass whose extractors all
    /// sample at one rate converts only those frames.
    virtual double frameRate() const { return 0; }
    virtual void frame(const media::Frame&) {}
    virtual void audio(const media::AudioBlock&) {}
    /// `duration_s`: the film's length (where the last vectors end).
    virtual Modality finish(double duration_s) = 0;
};

std::vector<std::string> builtinVisualAudioExtractors(); ///< appearance, layout, motion, audio
/// The pretrained encoders (packaged_weights.h): "faces", "picture", "voice". They run in the LibTorch module, and one
/// whose weights are missing or corrupt is left out of extractFeatures with a warning.
bool isEncoder(const std::string& name);
/// Throws mega::Error for an unknown name.
std::unique_ptr<Extractor> makeExtractor(const std::string& name);

/// The words of a text as the text encoder reads them: runs of letters, digits, apostrophes and
/// non-ASCII bytes, lower-cased.
std::vector<std::string> words(const std::string& text);

/// Hashed bag of words, word pairs and character 3-grams weighted by TF-IDF over the texts
/// encoded together (a film's cues, a synopsis), L2-normalised: the same text gives cosine 1,
/// texts sharing rare words score above unrelated ones. Deterministic; needs no download.
class TextEncoder {
public:
    explicit TextEncoder(int dim = 1024) : m_dim(dim) {}
    int dim() const { return m_dim; }
    /// One vector per text; intervals[i] is text i's (a cue's times, a sentence's index range).
    Modality encode(const std::string& name, const std::vector<std::string>& texts,
                    const std::vector<std::pair<double, double>>& intervals) const;

private:
    int m_dim;
};

struct ExtractOptions {
    std::vector<std::string> extractors = builtinVisualAudioExtractors();
    int analysis_width = 256; ///< width of the frames the visual extractors see
    int threads = 0;          ///< decoder threads; 0 = all cores
};

struct ExtractResult {
    std::vector<Modality> modalities;
    double duration_s = 0.0;
    int64_t frames = 0;
    std::vector<std::string> warnings; ///< e.g. no audio stream, decoding stopped early
};

/// Runs the extractors over the film in one decode pass of each stream (video frames and audio
/// blocks are fanned out to every extractor that wants them; an extractor that asks for wider
/// frames gets a pass of its own), streaming: memory does not grow with the film's length. Throws mega::Error, or mega::Cancelled through `stop`.
ExtractResult extractFeatures(const std::string& path, const ExtractOptions& options = {},
                              const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace mega::features
