#include "core/train/sync.h"

namespace mega::train {

torch::Tensor syncLoss(const torch::Tensor& msim, const torch::Tensor& w) {
    const torch::Tensor positive = w.gt(0);
    const torch::Tensor has = positive.any(1);
    if (!has.any().item<bool>()) return msim.sum() * 0.0;
    const torch::Tensor all = torch::logsumexp(msim, 1);
    const torch::Tensor pos = torch::logsumexp(msim.masked_fill(positive.logical_not(), -std::numeric_limits<float>::infinity()), 1);
    return (all - pos).masked_select(has).mean();
}

torch::Tensor synopsisToShots(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& q, double tau) {
    const torch::Tensor a = torch::softmax(u.matmul(v.t()) / tau, 1); // (5): over sentences
    return torch::softmax(a.matmul(q), 0);                            // (6): over shots
}

torch::Tensor distillationLoss(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& q, const torch::Tensor& y,
                               double tau) {
    const torch::Tensor a = torch::softmax(u.matmul(v.t()) / tau, 1);
    const torch::Tensor logP = torch::log_softmax(a.matmul(q), 0);
    const torch::Tensor logO = torch::log_softmax(y, 0);
    return (logO.exp() * (logO - logP)).sum(); // (8): sum over n of KL(O_.n || P_.n)
}

} // namespace mega::train
