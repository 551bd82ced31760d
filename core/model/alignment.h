#pragma once
// Synopsis-shot alignment at inference (MEGA.md sections 4 and 6.3.2): the similarity matrix and
// the E-step's expected synchronization W. The M-step's loss and distillation are in core/train.

#include <torch/torch.h>

namespace mega::model {

/// M_sim: cosine similarity of every shot/sentence pair, divided by tau. (L_sh, L_syn).
torch::Tensor similarity(const torch::Tensor& u, const torch::Tensor& v, double tau);

/// The E-step of Eq. 2: w_ij = 1 iff m_ij >= lambda and j < i L_syn / L_sh + xi L_syn and
/// i < j L_sh / L_syn + xi L_sh (0-based, real lengths). Returns a 0/1 matrix like msim.
torch::Tensor eStep(const torch::Tensor& msim, double lambda, double xi);

} // namespace mega::model
