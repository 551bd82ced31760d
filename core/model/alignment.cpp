#include "core/model/alignment.h"

namespace mega::model {

namespace F = torch::nn::functional;

torch::Tensor similarity(const torch::Tensor& u, const torch::Tensor& v, double tau) {
    const auto un = F::normalize(u, F::NormalizeFuncOptions().dim(1).eps(1e-8));
    const auto vn = F::normalize(v, F::NormalizeFuncOptions().dim(1).eps(1e-8));
    return un.matmul(vn.t()) / tau;
}

torch::Tensor eStep(const torch::Tensor& msim, double lambda, double xi) {
    const int64_t Lsh = msim.size(0), Lsyn = msim.size(1);
    const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    const torch::Tensor i = torch::arange(Lsh, opts).unsqueeze(1);
    const torch::Tensor j = torch::arange(Lsyn, opts).unsqueeze(0);
    const torch::Tensor band = (j < i * double(Lsyn) / double(Lsh) + xi * double(Lsyn))
                                   .logical_and(i < j * double(Lsh) / double(Lsyn) + xi * double(Lsh));
    return msim.detach().ge(lambda).logical_and(band).to(msim.scalar_type());
}

} // namespace mega::model
