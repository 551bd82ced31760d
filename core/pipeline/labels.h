#pragma once
// What a person's review teaches (core/pipeline, torch-free): which films are reviewed, the scene
// labels of a reviewed film, and a reference annotation applied as a person's review through the
// same edit calls the window makes (for scripted experiments, tests and benchmarks).

#include "core/io/film_annotation.h"
#include "core/store/project.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mega::pipeline {

/// A film is reviewed when a person marked it so, or when it has proposals and every one of them
/// has a decision (accepted, rejected, edited, or added by a person).
bool isReviewed(const store::Project& project, int64_t film);
std::vector<store::Film> reviewedFilms(const store::Project& project);

/// Per cut (shots - 1 values): 1 where a scene ends by the person's decisions (boundaries
/// accepted, edited or added), 0 at every other cut (rejected or never proposed).
std::vector<int> sceneLabels(const store::Project& project, int64_t film);

/// A film under review: per cut, whether a person decided on it (accepted, rejected, edited or added
/// a boundary there) and, where so, the label it gives (1: a scene ends there).
struct Decisions {
    std::vector<int> labels;
    std::vector<uint8_t> decided;
    int count = 0, positives = 0;
};
Decisions sceneDecisions(const store::Project& project, int64_t film);

/// The shots of TP1..TP5 a person set on a film (on shots, or on scenes: the scene's first shot),
/// if all five are set; none otherwise. Models' TPs do not count until a person accepts them.
std::optional<std::array<int64_t, 5>> personTurningPoints(const store::Project& project, int64_t film);

/// A reviewed film as `mega eval`'s gold (io::GoldFilm, named by the film's name): sceneLabels per
/// cut, and personTurningPoints where a person set all five.
io::GoldFilm projectGold(const store::Project& project, int64_t film);

struct ReviewCounts {
    int accepted = 0, rejected = 0, added = 0, unmatched = 0;
};

/// Applies `trueEnds` (the shots after which a scene truly ends, in the project's shots) as a
/// person's review: proposals there are accepted, other unreviewed proposals rejected, missing
/// boundaries added; the film is then marked reviewed. Every change is one edit of the log.
ReviewCounts reviewFromTruth(store::Project& project, int64_t film, const std::vector<int64_t>& trueEnds);

/// The scene ends of an annotation file (a generated film's truth.json, or any film annotation
/// JSON `mega export --format json` writes) mapped onto the film's shots in the project: each true
/// boundary goes to the project's cut nearest its time (within `tolerance_s`). `unmatched` counts
/// true boundaries with no cut near them. Throws mega::Error naming the file.
std::vector<int64_t> truthSceneEnds(const store::Project& project, int64_t film, const std::string& annotationPath,
                                    int* unmatched = nullptr, double tolerance_s = 0.5);

/// The turning points on shots of an annotation file (TP1..TP5; a TP given on a scene counts on its
/// first shot) mapped onto the film's shots in the project by time: the shot playing at the
/// annotated shot's start. None where the file gives no TP on shots or scenes. Throws mega::Error
/// naming the file.
std::optional<std::array<int64_t, 5>> truthTurningPoints(const store::Project& project, int64_t film,
                                                         const std::string& annotationPath);

/// Applies `tps` as a person's turning points on shots (TP n set on its shot, through the same edit
/// the window's keys 1-5 make) where the film's own labels differ. Returns how many were set.
int reviewTurningPoints(store::Project& project, int64_t film, const std::array<int64_t, 5>& tps);

} // namespace mega::pipeline
