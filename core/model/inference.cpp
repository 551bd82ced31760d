#include "core/model/inference.h"

#include "core/common/error.h"

namespace mega::model {

NetInput sceneWindows(const ModelConfig& c, const FilmInput& film, int64_t first, int64_t count) {
    const int64_t L = c.units, half = c.units / 2, n = film.units();
    // Unit j of window w is shot first + w + j - half: gather from the film padded by `half` rows.
    const torch::Tensor shot = torch::arange(first, first + count, torch::kInt64).unsqueeze(1) +
                               torch::arange(-half, L - half, torch::kInt64).unsqueeze(0); // (count, L)
    NetInput in;
    in.valid = shot.ge(0).logical_and(shot.lt(n));
    const torch::Tensor index = shot.clamp(0, std::max<int64_t>(n - 1, 0));
    for (const auto& f : film.features) in.features.push_back(f.index_select(0, index.flatten()).view({count, L, f.size(1)}) *
                                                              in.valid.unsqueeze(-1).to(f.scalar_type()));
    for (const auto& p : film.present) in.present.push_back(p.index_select(0, index.flatten()).view({count, L}).logical_and(in.valid));
    return in;
}

torch::Tensor sceneProbabilities(MegaNet& net, const FilmInput& film, int64_t batch) {
    if (net->config.task != Task::Scene) throw Error("the model \"" + net->config.name + "\" is not a scene model");
    const int64_t n = film.units();
    std::vector<torch::Tensor> parts;
    const int64_t centre = net->config.centre();
    for (int64_t first = 0; first < n; first += batch) {
        const int64_t count = std::min(batch, n - first);
        const NetOutput o = net->forward(sceneWindows(net->config, film, first, count));
        parts.push_back(torch::softmax(o.logits.select(1, centre), -1).select(1, 1));
    }
    return parts.empty() ? torch::zeros({0}) : torch::cat(parts);
}

NetInput wholeFilm(const FilmInput& film) {
    NetInput in;
    for (const auto& f : film.features) in.features.push_back(f.unsqueeze(0));
    for (const auto& p : film.present) in.present.push_back(p.unsqueeze(0));
    in.valid = torch::ones({1, film.units()}, torch::kBool);
    return in;
}

torch::Tensor maskedSoftmaxOverUnits(const torch::Tensor& logits, const torch::Tensor& valid) {
    const torch::Tensor masked = logits.masked_fill(valid.logical_not().unsqueeze(-1), -std::numeric_limits<float>::infinity());
    return torch::softmax(masked, 1);
}

} // namespace mega::model
