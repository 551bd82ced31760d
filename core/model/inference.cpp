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

torch::Tensor contextLogits(MegaNet& net, const FilmInput& film) {
    if (!net->context || net->context->share.item<double>() == 0.0) return {};
    std::vector<torch::Tensor> features, present;
    for (const auto& f : film.features) features.push_back(f.unsqueeze(0));
    for (const auto& p : film.present) present.push_back(p.unsqueeze(0));
    return net->context->forward(features, present)[0];
}

torch::Tensor sceneProbability(MegaNet& net, const torch::Tensor& centreLogits, const torch::Tensor& context, int64_t first) {
    if (!context.defined()) return torch::softmax(centreLogits, -1).select(1, 1);
    const torch::Tensor w = net->context->share.to(centreLogits.scalar_type());
    const torch::Tensor mega = centreLogits.select(1, 1) - centreLogits.select(1, 0);
    const torch::Tensor here = context.narrow(0, first, centreLogits.size(0)).to(centreLogits.scalar_type());
    return torch::sigmoid((1 - w) * mega + w * here);
}

torch::Tensor sceneProbabilities(MegaNet& net, const FilmInput& film, int64_t batch, const ProgressFn& progress, std::stop_token stop) {
    if (net->config.task != Task::Scene) throw Error("the model \"" + net->config.name + "\" is not a scene model");
    const int64_t n = film.units();
    std::vector<torch::Tensor> parts;
    const int64_t centre = net->config.centre();
    // At inference every shot goes through each encoder's input Linear once, not once per window.
    const bool project = !net->is_training() && !torch::GradMode::is_enabled();
    const torch::Tensor context = contextLogits(net, film);
    FilmInput projected = film;
    if (project)
        for (size_t m = 0; m < film.features.size(); ++m)
            projected.features[m] = net->encoders[m]->as<UnimodalEncoder>()->input->forward(film.features[m].to(torch::kFloat32));
    for (int64_t first = 0; first < n; first += batch) {
        if (stop.stop_requested()) throw Cancelled();
        const int64_t count = std::min(batch, n - first);
        NetInput in = sceneWindows(net->config, project ? projected : film, first, count);
        in.projected = project;
        const NetOutput o = net->forward(in, false, std::pair{centre, centre + 1});
        parts.push_back(sceneProbability(net, o.logits.select(1, 0), context, first));
        if (progress) progress({first + count, n, "scenes"});
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
