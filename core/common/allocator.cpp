#include "core/common/allocator.h"

#include <cstdlib> // defines __GLIBC__ where it is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mega {

void keepTensorMemory() {
#if defined(__GLIBC__)
    // Blocks up to 32 MiB come from the heap, and the heap's top is not trimmed below 1 GiB free.
    mallopt(M_MMAP_THRESHOLD, 32 << 20); // glibc's largest on 64 bits
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

} // namespace mega
