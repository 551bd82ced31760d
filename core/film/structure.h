#pragma once
// The rules between the film's units: which scenes the boundaries make, which acts the turning
// points make. The store, the exports and the window all ask these, so none keeps its own idea.

#include "core/film/film.h"
#include "core/film/shot.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace mega::film {

/// The scenes the effective boundaries (all but rejected ones) cut `shots` into, in order and
/// indexed from 0. Boundaries may come in any order; one after the last shot (or before the
/// first) cuts nothing, nor does a second one after the same shot. No shots, no scenes.
std::vector<Scene> scenesFromBoundaries(const std::vector<Shot>& shots,
                                        const std::vector<SceneBoundary>& boundaries);

/// One of the six acts the five turning points divide a film into: act 0 runs from the film's
/// start to TP1's shot, act k (1..4) from TP k's shot to TP k+1's, act 5 from TP5's shot to the
/// end. An act holds shots [first_shot, last_shot]; two TPs on one shot leave the act between
/// them empty (last_shot = first_shot - 1, start_s = end_s).
struct Act {
    int index = 0;
    int64_t first_shot = 0, last_shot = 0;
    double start_s = 0.0, end_s = 0.0;
};

/// Each TP's shot (TP1..TP5 at [0..4]) from the film's own labels (annotator "", not rejected)
/// on shots or on scenes (a scene's TP is on its first shot); where a TP has several, a person's
/// (set by a person, or accepted) before a model's proposal nobody reviewed, then the earliest.
/// A TP with no such label on an existing shot or scene is nullopt. Sentence TPs do not count.
std::array<std::optional<int64_t>, 5> turningPointShots(const std::vector<TurningPoint>& tps,
                                                        const std::vector<Shot>& shots,
                                                        const std::vector<Scene>& scenes);

/// People's decisions, what training and gold labels read: a boundary accepted or edited, or set by
/// a person and not rejected. A model's proposal nobody reviewed is not one.
bool decidedSceneEnd(const SceneBoundary& b);
/// The film's own TP labels (annotator "") that a person set or accepted, and nobody rejected.
bool decidedTurningPoint(const TurningPoint& t);
/// Each TP's shot from the decided TP labels alone (turningPointShots over them): all five, or none.
std::optional<std::array<int64_t, 5>> decidedTurningPointShots(const std::vector<TurningPoint>& tps,
                                                              const std::vector<Shot>& shots,
                                                              const std::vector<Scene>& scenes);
/// Each TP's sentences of the film's own synopsis from the decided TP labels on sentences (sorted,
/// each once): all five, or none.
std::optional<std::array<std::vector<int64_t>, 5>> decidedTurningPointSentences(const std::vector<TurningPoint>& tps);

/// The six acts, or none unless all five TPs have a shot and come in order (TP k+1 not before TP k).
std::vector<Act> actsFromTurningPoints(const std::array<std::optional<int64_t>, 5>& tpShots,
                                       const std::vector<Shot>& shots);
/// actsFromTurningPoints(turningPointShots(tps, shots, scenes), shots).
std::vector<Act> actsFromTurningPoints(const std::vector<TurningPoint>& tps, const std::vector<Shot>& shots,
                                       const std::vector<Scene>& scenes);

} // namespace mega::film
