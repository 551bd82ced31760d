#pragma once
// The LibTorch module's extractors run beside the decoder that feeds them: LibTorch (which starts
// with one intra-op thread) gets every core but one, the decoder the one left (on 2 cores the
// faces pass ran at 8.4x real time so, 7.9x with both cores to LibTorch: tests/bench/bench_encoders
// speed), MEGA_THREADS overriding. They also keep their tensors' memory (allocator.h).

#include "core/common/allocator.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace mega::features {

inline void useCoresBesideDecoding() {
    static const bool once = [] {
        keepTensorMemory();
        int threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
        if (const char* env = std::getenv("MEGA_THREADS"); env && std::atoi(env) > 0) threads = std::atoi(env);
        at::set_num_threads(threads);
        return true;
    }();
    (void)once;
}

} // namespace mega::features
