#pragma once

#include <functional>

namespace mega {

/// Runs `work` to completion on a new thread whose scheduling priority is lowered (nice +10 on
/// Linux), rethrowing what it throws. For work that feeds on a producer which must never starve:
/// in shot detection the decoder's threads then take the cores first, and the analysis runs in
/// the gaps they leave (frame-threaded decoding stalls whenever one of its threads is preempted).
void runAtLowPriority(const std::function<void()>& work);

} // namespace mega
