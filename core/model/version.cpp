#include "core/model/version.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

namespace mega::model {

std::string libtorchVersion() {
    return std::string(TORCH_VERSION) + " (" + std::to_string(at::get_num_threads()) + " threads)";
}

} // namespace mega::model
