#pragma once
// LibTorch starts with one intra-op thread: the LibTorch module's extractors use every core.

#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

namespace mega::features {

inline void useAllCores() {
    static const bool once = [] {
        at::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
        return true;
    }();
    (void)once;
}

} // namespace mega::features
