// mega model-info: what a model config (or a checkpoint's config) builds, without LibTorch.
#include "app/mega/args.h"
#include "app/mega/commands.h"
#include "core/common/error.h"
#include "core/model/config.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace mega::cli {

namespace {

std::vector<int64_t> parseDims(const std::string& s) {
    std::vector<int64_t> dims;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ',')) {
        try {
            size_t used = 0;
            const long long v = std::stoll(part, &used);
            if (used != part.size() || v <= 0) throw std::invalid_argument(part);
            dims.push_back(v);
        } catch (const std::exception&) {
            throw UsageError{"--dims takes positive integers separated by commas, not '" + s + "'"};
        }
    }
    if (dims.empty()) throw UsageError{"--dims is empty"};
    return dims;
}

std::string millions(int64_t n) {
    char buf[32];
    if (n < 100000)
        std::snprintf(buf, sizeof buf, "%.1fK", double(n) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.2fM", double(n) / 1e6);
    return buf;
}

} // namespace

int runModelInfo(const std::vector<std::string>& argv) {
    const Args args(argv, {"dims"}, {"json"});
    if (args.positional().size() != 1) throw UsageError{"model-info takes one config (models/*.json)"};
    model::ModelConfig c = model::readModelConfig(args.positional()[0]);
    if (auto dims = args.value("dims")) model::setDims(c, parseDims(*dims));
    for (const auto& m : c.modalities)
        if (m.dim <= 0)
            throw Error(fileError(args.positional()[0], "modality \"" + m.name + "\" has no \"dim\": give --dims"));
    const auto b = model::parameterBreakdown(c);
    const int64_t total = model::parameterCount(c);
    if (args.flag("json")) {
        nlohmann::json j = nlohmann::json::parse(model::toJson(c));
        j["parameters"] = total;
        j["head_parameters"] = b.head;
        if (c.context.enabled()) j["context_parameters"] = b.context;
        for (size_t m = 0; m < c.modalities.size(); ++m) {
            j["modalities"][m]["encoder_parameters"] = b.encoder[m];
            j["modalities"][m]["fusion_parameters"] = b.fusion[m];
        }
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::printf("%s: %s model, %zu modalities, C %lld, C_k %lld, %lld heads, L %lld, L_n %lld, N_u %lld, %s fusion",
                c.name.c_str(), model::toString(c.task), c.modalities.size(), static_cast<long long>(c.width),
                static_cast<long long>(c.ffn_width), static_cast<long long>(c.heads), static_cast<long long>(c.units),
                static_cast<long long>(c.bottleneck_tokens), static_cast<long long>(c.unimodal_layers), model::toString(c.fusion));
    if (c.fusion == model::Fusion::Bottleneck) std::printf(" (N_f %lld)", static_cast<long long>(c.fusion_layers));
    std::printf(", %lld classes; Align PE %s, position %s, dropout %g\n", static_cast<long long>(c.classes),
                model::toString(c.align_pe), model::toString(c.position), c.dropout);
    std::printf("  %-14s %8s %12s %12s\n", "modality", "dim", "encoder", "fusion");
    for (size_t m = 0; m < c.modalities.size(); ++m)
        std::printf("  %-14s %8lld %12s %12s\n", c.modalities[m].name.c_str(), static_cast<long long>(c.modalities[m].dim),
                    millions(b.encoder[m]).c_str(), millions(b.fusion[m]).c_str());
    std::printf("  %-14s %8lld %12s\n", "head", static_cast<long long>(c.fusedWidth()), millions(b.head).c_str());
    if (c.context.enabled())
        std::printf("  %-14s %8s %12s   (a bidirectional GRU over the film, H %lld, %lld layers, weight %g)\n", "context", "",
                    millions(b.context).c_str(), static_cast<long long>(c.context.hidden), static_cast<long long>(c.context.layers),
                    c.context.weight);
    std::printf("parameters: %lld (%s)\n", static_cast<long long>(total), millions(total).c_str());
    return 0;
}

} // namespace mega::cli
