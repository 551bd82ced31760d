#include "core/model/checkpoint.h"

#include "core/common/error.h"

#include <filesystem>

namespace mega::model {

namespace {

torch::serialize::InputArchive openArchive(const std::string& path) {
    if (!std::filesystem::exists(path)) throw Error(fileError(path, "no such checkpoint"));
    torch::serialize::InputArchive in;
    try {
        in.load_from(path);
    } catch (const c10::Error&) {
        throw Error(fileError(path, "not a MEGA checkpoint (not a LibTorch archive, or truncated)"));
    }
    return in;
}

std::string readString(torch::serialize::InputArchive& in, const std::string& key, const std::string& path) {
    c10::IValue v;
    if (!in.try_read(key, v) || !v.isString()) throw Error(fileError(path, "not a MEGA checkpoint (no \"" + key + "\")"));
    return v.toStringRef();
}

} // namespace

void saveCheckpoint(const std::string& path, MegaNet& net, const torch::optim::Optimizer* optimizer, const std::string& metadata) {
    torch::serialize::OutputArchive out;
    out.write("format", c10::IValue(std::string("mega-checkpoint-1")));
    out.write("config", c10::IValue(toJson(net->config)));
    out.write("metadata", c10::IValue(metadata));
    torch::serialize::OutputArchive weights;
    for (const auto& p : net->named_parameters()) weights.write(p.key(), p.value().detach());
    out.write("weights", weights);
    if (optimizer) {
        torch::serialize::OutputArchive opt;
        optimizer->save(opt);
        out.write("optimizer", opt);
    }
    const std::string tmp = path + ".part";
    try {
        out.save_to(tmp);
    } catch (const c10::Error& e) {
        throw Error(fileError(path, std::string("cannot write the checkpoint: ") + e.what_without_backtrace()));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(fileError(path, "cannot write the checkpoint: " + ec.message()));
}

ModelConfig readCheckpointConfig(const std::string& path) {
    auto in = openArchive(path);
    if (readString(in, "format", path) != "mega-checkpoint-1") throw Error(fileError(path, "an unknown checkpoint format"));
    return parseModelConfig(readString(in, "config", path), path + " (its config)");
}

std::string readCheckpointMetadata(const std::string& path) {
    auto in = openArchive(path);
    return readString(in, "metadata", path);
}

void loadWeights(const std::string& path, MegaNet& net) {
    auto in = openArchive(path);
    torch::serialize::InputArchive weights;
    if (!in.try_read("weights", weights)) throw Error(fileError(path, "not a MEGA checkpoint (no weights)"));
    std::string problems;
    int count = 0;
    auto problem = [&](const std::string& s) {
        if (++count <= 6) problems += (problems.empty() ? "" : "; ") + s;
    };
    const auto stored = weights.keys();
    std::set<std::string> expected;
    torch::NoGradGuard noGrad;
    for (auto& p : net->named_parameters()) {
        expected.insert(p.key());
        torch::Tensor t;
        if (!weights.try_read(p.key(), t)) {
            problem(p.key() + " is missing");
            continue;
        }
        if (t.sizes() != p.value().sizes()) {
            problem(p.key() + " is " + c10::str(t.sizes()) + " in the checkpoint but " + c10::str(p.value().sizes()) + " in the model");
            continue;
        }
        p.value().copy_(t);
    }
    for (const auto& k : stored)
        if (!expected.count(k)) problem(k + " is in the checkpoint but not in the model");
    if (count > 0)
        throw Error(fileError(path, "does not fit the model \"" + net->config.name + "\" (" + std::to_string(count) +
                                        " mismatches): " + problems + (count > 6 ? "; ..." : "")));
}

void loadOptimizer(const std::string& path, torch::optim::Optimizer& optimizer) {
    auto in = openArchive(path);
    torch::serialize::InputArchive opt;
    if (!in.try_read("optimizer", opt)) throw Error(fileError(path, "holds no optimizer state (it cannot resume training)"));
    try {
        optimizer.load(opt);
    } catch (const c10::Error& e) {
        throw Error(fileError(path, std::string("its optimizer state does not fit: ") + e.what_without_backtrace()));
    }
}

Checkpoint loadCheckpoint(const std::string& path) {
    Checkpoint c;
    c.config = readCheckpointConfig(path);
    c.net = MegaNet(c.config);
    loadWeights(path, c.net);
    auto in = openArchive(path);
    c.metadata = readString(in, "metadata", path);
    torch::serialize::InputArchive opt;
    c.has_optimizer = in.try_read("optimizer", opt);
    c.net->eval();
    return c;
}

} // namespace mega::model
