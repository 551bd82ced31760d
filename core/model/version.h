#pragma once
// Torch-free: the window's About reads it.

#include <string>

namespace mega::model {

/// The LibTorch this program runs MEGA with, and how many threads it computes on.
std::string libtorchVersion();

} // namespace mega::model
