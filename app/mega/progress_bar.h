#pragma once

#include "core/common/error.h"

#include <chrono>
#include <string>

namespace mega::cli {

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and not silenced.
class ProgressBar {
  public:
    explicit ProgressBar(bool quiet);
    ~ProgressBar();
    void update(const Progress& p);
    void done();
    /// A ProgressFn that draws on this bar (empty when the bar is off, so the work skips the calls).
    ProgressFn callback();

  private:
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start, m_lastDraw;
};

} // namespace mega::cli
