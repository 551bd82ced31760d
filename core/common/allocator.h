#pragma once

namespace mega {

/// Keeps freed tensor memory in the process's heap. LibTorch allocates and frees its large
/// tensors on every operation; glibc hands blocks over 128 KB back to the kernel at once (mmap,
/// munmap), so each operation pays fresh page faults: on the 2-core test machine the face detector
/// took 73 ms a picture so and 14 ms with this (tests/bench/bench_encoders speed). Call it once,
/// before the first tensor, in programs that run networks. Idempotent.
void keepTensorMemory();

} // namespace mega
