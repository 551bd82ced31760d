#pragma once
// A project's per-shot feature files (ARCHITECTURE.md: the store knows them, the files hold them):
// written once at ingest, beside the project (PROJECT.features/<film fingerprint>/NAME.shots.npy
// and NAME.mask.npy, the layout `mega features --per-shot` writes), registered in the project's
// feature_files table with what they were made from, read back by name for proposing and training.

#include "core/features/modality.h"
#include "core/model/predictor.h" // FeatureTable: plain structs, no LibTorch
#include "core/store/project.h"

#include <string>
#include <vector>

namespace mega::pipeline {

/// The modalities ingest computes for every film, in this order: the built-in extractors' four,
/// the subtitles (the text encoder over the film's cues; a film without any has every mask 0),
/// the contrast derived from appearance, layout, audio and subtitles (features::contrast), and the
/// picture-free ones below.
std::vector<std::string> ingestModalities();
/// What every film with shots has, with or without its video (features/timing.h): "timing" from the
/// shots, "speech" from the subtitle cues (mask 0 where a film has none).
std::vector<std::string> pictureFreeModalities();
/// The picture-free modalities' per-shot tables.
std::vector<features::PerShot> pictureFreeFeatures(const std::vector<shots::Shot>& shots,
                                                   const std::vector<media::SubtitleCue>& cues);
/// Computes and stores the picture-free modalities of a film from its stored shots and subtitles
/// (a film imported without video, e.g. from MovieNet). Skips a film whose files are current (same
/// shots, cues and rules) unless `force`; returns whether it wrote. Throws mega::Error naming the
/// film that has no shots, or the file that cannot be written.
bool storePictureFreeFeatures(store::Project& project, const store::Film& film, bool force = false);
/// What a film's feature files are made from: its fingerprint and the extractors' versions. Files
/// whose record differs are made again.
std::string featureRecipe(const store::Film& film);

/// Where new feature files go, for every project this process writes: "" (the default) beside the
/// project, as PROJECT.mega.features; else ROOT/PROJECT.mega.features (a roomier or faster disk).
/// Files written before stay where they are: the project records each file's place. Process-wide,
/// as the compute threads are (the window's Settings, MEGA_FEATURES_DIR for the command line).
void setFeaturesRoot(const std::string& folder);
std::string featuresRoot();

/// The folder that holds a project's feature files now: PROJECT.features beside it, or under the root.
std::string projectFeaturesFolder(const std::string& projectPath);
/// The folder that holds a film's feature files (not created).
std::string featureFolder(const store::Project& project, const store::Film& film);
/// A stored feature file's path as the file system sees it (stored relative to the project's folder).
std::string resolveFeaturePath(const store::Project& project, const std::string& stored);

/// Writes the per-shot tables and registers them (in one transaction). Throws mega::Error naming
/// the file that cannot be written; the project is unchanged then.
void storeFeatures(store::Project& project, const store::Film& film, const std::vector<features::PerShot>& tables,
                   const std::string& recipe);
/// True when every modality of ingestModalities() is registered for the film with its current
/// recipe and its file exists.
bool featuresCurrent(const store::Project& project, const store::Film& film);
/// One per-shot table as `mega features --per-shot` writes it: NAME.shots.npy (rows x dims) and,
/// beside it, NAME.mask.npy (1 where the shot has a vector). Throws mega::Error naming the file.
model::FeatureTable readFeatureTable(const std::string& npyPath, const std::string& name);
/// The named modalities of a film as the model reads them. Throws mega::Error naming the film and
/// the modality that the project does not have, or a file that is missing or of the wrong shape.
model::FilmFeatures loadFeatures(const store::Project& project, const store::Film& film, const std::vector<std::string>& names);
/// As loadFeatures, for a model's modalities (name, dimensions): one the film does not have comes as
/// a table with every row absent (mask 0), so a model over picture and words still reads a film with
/// only words. Throws mega::Error naming the film when it has none of them.
model::FilmFeatures loadFeaturesMasked(const store::Project& project, const store::Film& film,
                                       const std::vector<std::pair<std::string, int64_t>>& modalities);

} // namespace mega::pipeline
