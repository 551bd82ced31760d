#pragma once
// Cross-modal synchronization's M-step (MEGA.md section 4; the E-step is core/model/alignment.h) and synopsis-to-shot distillation (section 5).
// Every function takes one film's real (unpadded) sequences: u (L_sh, C) shot embeddings,
// v (L_syn, C) sentence embeddings.

#include "core/model/alignment.h"

#include <torch/torch.h>

namespace mega::train {

using model::eStep;
using model::similarity;

/// The M-step's contrastive loss (InfoNCE over sentences, for each shot with at least one positive:
/// -log(sum of exp over its positives / sum of exp over all sentences), averaged over those shots).
/// Zero (with a gradient path) when no shot has a positive.
torch::Tensor syncLoss(const torch::Tensor& msim, const torch::Tensor& w);

/// Eqs. 5-8: a = softmax_sentences(u v^T / tau); p = softmax_shots(a q); o = softmax_shots(y);
/// L_kd = sum_n KL(O_.n || P_.n) = sum_n sum_i o_in (log o_in - log p_in).
/// q (L_syn, N) sentence TP distributions; y (L_sh, N) the shot model's logits.
torch::Tensor distillationLoss(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& q,
                               const torch::Tensor& y, double tau);

/// Eq. 6 alone: the shot TP distributions the synopsis implies, (L_sh, N).
torch::Tensor synopsisToShots(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& q, double tau);

} // namespace mega::train
