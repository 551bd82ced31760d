#include "core/common/low_priority.h"

#include <exception>
#include <thread>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace mega {

void runAtLowPriority(const std::function<void()>& work) {
    std::exception_ptr failure;
    std::thread worker([&] {
#ifdef __linux__
        // Linux gives each thread its own nice value; failure only means normal priority.
        const auto tid = static_cast<id_t>(syscall(SYS_gettid));
        (void)setpriority(PRIO_PROCESS, tid, getpriority(PRIO_PROCESS, tid) + 10);
#endif
        try {
            work();
        } catch (...) {
            failure = std::current_exception();
        }
    });
    worker.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace mega
