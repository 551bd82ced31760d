#pragma once
// A project that a command or the window creates for one piece of work (an ingest, an import, a
// merge) must not outlive that work's failure: `NewProject` notes whether the project file existed
// before, and, unless keep() is called, removes what creating it made (the file, SQLite's -wal,
// -shm and -journal files beside it, and the PROJECT.features folder if that was new too). A project that existed
// before is never touched.
//
//     store::NewProject made(path);           // before the Project is opened,
//     store::Project project(path, Mode::Create);
//     ...work that may throw...
//     made.keep();                            // and kept once the work succeeded.
//
// Declare it before the Project, so the Project is closed before the files are removed.

#include <string>

namespace mega::store {

class NewProject {
  public:
    /// `featuresFolder`: where the project's feature files go (default PROJECT.features beside it;
    /// pipeline::projectFeaturesFolder says where they go now).
    explicit NewProject(std::string path, std::string featuresFolder = {});
    ~NewProject();
    NewProject(const NewProject&) = delete;
    NewProject& operator=(const NewProject&) = delete;

    /// Whether the project file did not exist when this was made.
    bool isNew() const { return m_new; }
    /// The work succeeded: leave the project where it is.
    void keep() { m_keep = true; }
    /// Removes now what creating the project made (if it is new and not kept); called by the
    /// destructor. The Project on it must be closed first.
    void discard() noexcept;

  private:
    std::string m_path, m_features;
    bool m_new = false;
    bool m_newFeatures = false; // the features folder did not exist either
    bool m_keep = false;
};

} // namespace mega::store
