#include "core/model/config.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace mega::model {

namespace {

template <typename E>
E parseEnum(const std::string& s, std::initializer_list<std::pair<const char*, E>> options, const char* key) {
    std::string names;
    for (const auto& [name, value] : options) {
        if (s == name) return value;
        names += names.empty() ? "" : ", ";
        names += name;
    }
    throw Error(std::string("\"") + key + "\" must be one of " + names + ", not \"" + s + "\"");
}

Task parseTask(const std::string& s) {
    return parseEnum<Task>(s, {{"scene", Task::Scene}, {"act_shot", Task::ActShot}, {"act_synopsis", Task::ActSynopsis}},
                           "task");
}
Encoding parseEncoding(const std::string& s, const char* key) {
    return parseEnum<Encoding>(
        s, {{"sinusoidal", Encoding::Sinusoidal}, {"learned", Encoding::Learned}, {"none", Encoding::None}}, key);
}

int64_t layerParams(int64_t c, int64_t ck) {
    // self-attention (in_proj 3C x C + 3C, out_proj C x C + C), Linear C->Ck, Linear Ck->C, 2 LayerNorms
    return 4 * c * c + 4 * c + 2 * c * ck + ck + c + 4 * c;
}

} // namespace

const char* toString(Task t) {
    switch (t) {
    case Task::Scene: return "scene";
    case Task::ActShot: return "act_shot";
    case Task::ActSynopsis: return "act_synopsis";
    }
    return "?";
}
const char* toString(Fusion f) { return f == Fusion::Bottleneck ? "bottleneck" : "late"; }
const char* toString(Encoding e) {
    switch (e) {
    case Encoding::Sinusoidal: return "sinusoidal";
    case Encoding::Learned: return "learned";
    case Encoding::None: return "none";
    }
    return "?";
}

ModelConfig parseModelConfig(const std::string& text, const std::string& where) {
    ModelConfig c;
    try {
        const auto j = nlohmann::json::parse(text);
        c.name = j.value("name", std::string());
        c.task = parseTask(j.at("task").get<std::string>());
        c.units = j.at("units").get<int64_t>();
        c.bottleneck_tokens = j.at("bottleneck_tokens").get<int64_t>();
        c.width = j.at("width").get<int64_t>();
        c.ffn_width = j.at("ffn_width").get<int64_t>();
        c.heads = j.value("heads", int64_t{8});
        c.unimodal_layers = j.at("unimodal_layers").get<int64_t>();
        c.fusion_layers = j.value("fusion_layers", int64_t{0});
        c.fusion = parseEnum<Fusion>(j.value("fusion", std::string("bottleneck")),
                                     {{"bottleneck", Fusion::Bottleneck}, {"late", Fusion::Late}}, "fusion");
        c.dropout = j.at("dropout").get<double>();
        c.classes = j.at("classes").get<int64_t>();
        c.align_pe = parseEncoding(j.value("align_pe", std::string("sinusoidal")), "align_pe");
        c.position = parseEncoding(j.value("position", std::string("sinusoidal")), "position");
        for (const auto& m : j.at("modalities")) {
            ModalitySpec s;
            s.name = m.at("name").get<std::string>();
            s.dim = m.value("dim", int64_t{0});
            c.modalities.push_back(s);
        }
        if (j.contains("train")) {
            const auto& t = j.at("train");
            TrainConfig& o = c.train;
            o.lr = t.value("lr", o.lr);
            o.weight_decay = t.value("weight_decay", o.weight_decay);
            o.epochs = t.value("epochs", o.epochs);
            o.batch = t.value("batch", o.batch);
            o.warmup = t.value("warmup", o.warmup);
            o.patience = t.value("patience", o.patience);
            o.samples_per_epoch = t.value("samples_per_epoch", o.samples_per_epoch);
            o.modality_dropout = t.value("modality_dropout", o.modality_dropout);
            if (!(o.modality_dropout >= 0 && o.modality_dropout < 1))
                throw Error(fileError(where, "train.modality_dropout must be in [0, 1)"));
            if (o.samples_per_epoch < 0) throw Error(fileError(where, "train.samples_per_epoch must be 0 (every shot) or more"));
            o.loss_span = t.value("loss_span", o.loss_span);
            if (o.loss_span < 1 || o.loss_span % 2 == 0 || o.loss_span > c.units)
                throw Error(fileError(where, "train.loss_span must be odd, from 1 to the window's " + std::to_string(c.units) + " units"));
            o.alpha = t.value("alpha", o.alpha);
            o.tau = t.value("tau", o.tau);
            o.lambda = t.value("lambda", o.lambda);
            o.xi = t.value("xi", o.xi);
            o.grad_clip = t.value("grad_clip", o.grad_clip);
        }
        if (j.contains("context")) {
            const auto& t = j.at("context");
            ContextConfig& o = c.context;
            o.hidden = t.value("hidden", o.hidden);
            o.layers = t.value("layers", o.layers);
            o.weight = t.value("weight", o.weight);
            o.epochs = t.value("epochs", o.epochs);
            o.batch = t.value("batch", o.batch);
            o.crop = t.value("crop", o.crop);
            o.lr = t.value("lr", o.lr);
            o.warmup = t.value("warmup", o.warmup);
            o.modality_dropout = t.value("modality_dropout", o.modality_dropout);
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(fileError(where, std::string("malformed model config: ") + e.what()));
    } catch (const Error& e) {
        throw Error(fileError(where, e.what()));
    }
    auto bad = [&](const std::string& why) { throw Error(fileError(where, why)); };
    if (c.units <= 0) bad("\"units\" must be positive");
    if (c.bottleneck_tokens <= 0) bad("\"bottleneck_tokens\" must be positive");
    if (c.width <= 0 || c.ffn_width <= 0) bad("\"width\" and \"ffn_width\" must be positive");
    if (c.heads <= 0 || c.width % c.heads != 0)
        bad("\"width\" (" + std::to_string(c.width) + ") must be a multiple of \"heads\" (" + std::to_string(c.heads) + ")");
    if (c.unimodal_layers < 0 || c.fusion_layers < 0) bad("layer counts cannot be negative");
    if (c.dropout < 0 || c.dropout >= 1) bad("\"dropout\" must be in [0, 1)");
    if (c.classes <= 0) bad("\"classes\" must be positive");
    if (c.modalities.empty()) bad("\"modalities\" is empty: a model needs at least one");
    if (c.task == Task::Scene && c.units % 2 == 0) bad("a scene window (\"units\") must be odd, so it has a centre shot");
    if (c.position == Encoding::Learned && c.task != Task::Scene)
        bad("a learned \"position\" table needs a fixed length; act models take films of any length (use sinusoidal)");
    for (const auto& m : c.modalities)
        if (m.dim < 0) bad("modality \"" + m.name + "\" has a negative \"dim\"");
    if (c.train.tau <= 0) bad("\"train.tau\" must be positive");
    if (c.train.xi <= 0) bad("\"train.xi\" must be positive");
    if (c.train.epochs <= 0 || c.train.batch <= 0) bad("\"train.epochs\" and \"train.batch\" must be positive");
    const ContextConfig& x = c.context;
    if (x.hidden < 0) bad("\"context.hidden\" cannot be negative (0: no context)");
    if (x.enabled()) {
        if (c.task != Task::Scene) bad("a \"context\" is for scene models");
        if (x.layers <= 0 || x.epochs <= 0 || x.batch <= 0) bad("\"context.layers\", \"epochs\" and \"batch\" must be positive");
        if (x.crop < 2) bad("\"context.crop\" must hold a cut: 2 shots or more");
        if (!(x.weight >= 0 && x.weight <= 1)) bad("\"context.weight\" must be in [0, 1]");
        if (!(x.lr > 0)) bad("\"context.lr\" must be positive");
        if (!(x.warmup >= 0 && x.warmup < 1)) bad("\"context.warmup\" must be in [0, 1)");
        if (!(x.modality_dropout >= 0 && x.modality_dropout < 1)) bad("\"context.modality_dropout\" must be in [0, 1)");
    }
    return c;
}

ModelConfig readModelConfig(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(fileError(path, "no such model config"));
    std::stringstream ss;
    ss << in.rdbuf();
    return parseModelConfig(ss.str(), path);
}

std::string toJson(const ModelConfig& c) {
    nlohmann::json j;
    j["name"] = c.name;
    j["task"] = toString(c.task);
    j["units"] = c.units;
    j["bottleneck_tokens"] = c.bottleneck_tokens;
    j["width"] = c.width;
    j["ffn_width"] = c.ffn_width;
    j["heads"] = c.heads;
    j["unimodal_layers"] = c.unimodal_layers;
    j["fusion_layers"] = c.fusion_layers;
    j["fusion"] = toString(c.fusion);
    j["dropout"] = c.dropout;
    j["classes"] = c.classes;
    j["align_pe"] = toString(c.align_pe);
    j["position"] = toString(c.position);
    j["modalities"] = nlohmann::json::array();
    for (const auto& m : c.modalities) j["modalities"].push_back({{"name", m.name}, {"dim", m.dim}});
    const TrainConfig& t = c.train;
    j["train"] = {{"lr", t.lr},       {"weight_decay", t.weight_decay}, {"epochs", t.epochs}, {"batch", t.batch},
                  {"warmup", t.warmup}, {"patience", t.patience},       {"alpha", t.alpha},   {"tau", t.tau},
                  {"lambda", t.lambda}, {"xi", t.xi},                   {"grad_clip", t.grad_clip},
                  {"samples_per_epoch", t.samples_per_epoch}, {"modality_dropout", t.modality_dropout}, {"loss_span", t.loss_span}};
    const ContextConfig& x = c.context;
    if (x.enabled())
        j["context"] = {{"hidden", x.hidden}, {"layers", x.layers}, {"weight", x.weight}, {"epochs", x.epochs},
                        {"batch", x.batch},   {"crop", x.crop},     {"lr", x.lr},         {"warmup", x.warmup},
                        {"modality_dropout", x.modality_dropout}};
    return j.dump(2);
}

void setDims(ModelConfig& c, const std::vector<int64_t>& dims) {
    for (int64_t d : dims)
        if (d <= 0) throw Error("every modality dimension must be positive");
    if (c.modalities.empty()) {
        for (size_t i = 0; i < dims.size(); ++i) c.modalities.push_back({"m" + std::to_string(i), dims[i]});
        return;
    }
    if (dims.size() != c.modalities.size())
        throw Error("the config \"" + c.name + "\" has " + std::to_string(c.modalities.size()) + " modalities but " +
                    std::to_string(dims.size()) + " dimensions were given");
    for (size_t i = 0; i < dims.size(); ++i) c.modalities[i].dim = dims[i];
}

ParameterBreakdown parameterBreakdown(const ModelConfig& c) {
    const int64_t C = c.width, L = c.units, Ln = c.bottleneck_tokens;
    ParameterBreakdown b;
    for (const auto& m : c.modalities) {
        int64_t n = m.dim * C + C;                                  // input Linear(D_m -> C)
        n += 2 * C;                                                 // LayerNorm
        n += Ln * C;                                                // bottleneck tokens
        if (c.position == Encoding::Learned) n += L * C;            // position table
        if (c.align_pe == Encoding::Learned) n += Ln * C;           // Align PE table
        n += c.unimodal_layers * layerParams(C, c.ffn_width);       // N_u encoder layers
        b.encoder.push_back(n);
        const bool fused = c.fusion == Fusion::Bottleneck && c.fusion_layers > 0; // one stack per modality
        b.fusion.push_back(fused ? c.fusion_layers * layerParams(C, c.ffn_width) : 0);
    }
    b.head = c.fusedWidth() * c.classes + c.classes;
    if (c.context.enabled()) {
        const int64_t H = c.context.hidden;
        int64_t in = c.modalities.size(); // each modality's mask
        for (const auto& m : c.modalities) in += m.dim;
        int64_t n = in * H + H; // Linear(inputs -> H)
        for (int64_t l = 0; l < c.context.layers; ++l) {
            const int64_t from = l == 0 ? H : 2 * H;
            n += 2 * (3 * H * from + 3 * H * H + 6 * H); // both directions: W_ih, W_hh, b_ih, b_hh
        }
        n += 4 * H * H + H + H + 1; // Linear(the states either side of the cut -> H), Linear(H -> 1)
        b.context = n;
    }
    return b;
}

int64_t parameterCount(const ModelConfig& c) {
    const ParameterBreakdown b = parameterBreakdown(c);
    int64_t n = b.head + b.context;
    for (size_t m = 0; m < b.encoder.size(); ++m) n += b.encoder[m] + b.fusion[m];
    return n;
}

} // namespace mega::model
