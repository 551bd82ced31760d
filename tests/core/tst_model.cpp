// core/model and core/train's synchronization against tests/fixtures/mega_reference.py (PyTorch,
// the same modules written from MEGA.md), plus hand-worked cases, padding, checkpoints, Grad-CAM.
#include "core/common/error.h"
#include "core/model/checkpoint.h"
#include "core/model/config.h"
#include "core/model/inference.h"
#include "core/model/mega_net.h"
#include "core/model/predictor.h"
#include "core/train/sync.h"

#include <torch/script.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace mega;
using namespace mega::model;

namespace {

const std::string kFixtures = MEGA_SOURCE_DIR "/tests/fixtures/mega/";

torch::jit::Module& reference() {
    static torch::jit::Module m = torch::jit::load(kFixtures + "reference.pt");
    return m;
}

torch::Tensor refT(const std::string& name) {
    if (!reference().hasattr(name)) throw std::runtime_error("the reference has no " + name);
    return reference().attr(name).toTensor();
}

std::string mangle(std::string s) {
    std::string r;
    for (char c : s) r += c == '.' ? std::string("__") : std::string(1, c);
    return r;
}

/// Builds a case's network and copies the reference's weights into it by name.
MegaNet loadCase(const std::string& name) {
    MegaNet net(readModelConfig(kFixtures + name + ".json"));
    torch::NoGradGuard g;
    for (auto& p : net->named_parameters()) p.value().copy_(refT(name + "__w__" + mangle(p.key())));
    net->eval();
    return net;
}

NetInput caseInput(const std::string& name, const ModelConfig& c, bool withPresence) {
    NetInput in;
    for (size_t m = 0; m < c.modalities.size(); ++m) {
        in.features.push_back(refT(name + "__in__" + std::to_string(m)));
        if (withPresence) in.present.push_back(refT(name + "__present__" + std::to_string(m)));
    }
    in.valid = refT(name + "__valid");
    return in;
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.sizes() != b.sizes()) throw std::runtime_error("shapes differ: " + c10::str(a.sizes()) + " vs " + c10::str(b.sizes()));
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

int64_t referenceParameterCount(const std::string& name) {
    int64_t n = 0;
    const std::string prefix = name + "__w__";
    for (const auto& b : reference().named_buffers())
        if (b.name.rfind(prefix, 0) == 0) n += b.value.numel();
    return n;
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { torch::manual_seed(0); }

    void matchesPyTorch_data() {
        QTest::addColumn<QString>("name");
        for (const char* c : {"scene", "deep", "act", "late", "noalign"}) QTest::newRow(c) << QString(c);
    }
    void matchesPyTorch() {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        MegaNet net = loadCase(n);
        // Every reference weight has a place in the C++ network and the counts agree three ways.
        QCOMPARE(net->parameterCount(), referenceParameterCount(n));
        QCOMPARE(parameterCount(net->config), net->parameterCount());
        torch::NoGradGuard g;
        const NetOutput o = net->forward(caseInput(n, net->config, true), /*wantAttention=*/true);
        const torch::Tensor valid = refT(n + "__valid");
        // Compare at valid units (padded units' outputs are never used).
        const auto v3 = valid.unsqueeze(-1);
        QVERIFY2(maxDiff(o.logits * v3, refT(n + "__logits") * v3) < 1e-5, n.c_str());
        QVERIFY(maxDiff(o.fused * v3, refT(n + "__fused") * v3) < 1e-5);
        if (net->config.fusion == Fusion::Bottleneck) {
            QCOMPARE(o.fusion_attention.size(), net->config.modalities.size());
            for (size_t m = 0; m < o.fusion_attention.size(); ++m)
                QVERIFY(maxDiff(o.fusion_attention[m] * v3, refT(n + "__attention__" + std::to_string(m)) * v3) < 1e-5);
        } else {
            QVERIFY(o.fusion_attention.empty());
        }
        const NetOutput o2 = net->forward(caseInput(n, net->config, false));
        QVERIFY(maxDiff(o2.logits * v3, refT(n + "__logits_nopresent") * v3) < 1e-5);
        // Both layer paths: with autograd on, every layer takes the training path (LibTorch's
        // MultiheadAttention); with it off, the blocked inference path. Both match the reference.
        {
            torch::AutoGradMode on(true);
            const NetOutput slow = net->forward(caseInput(n, net->config, true));
            QVERIFY(maxDiff(slow.logits.detach() * v3, refT(n + "__logits") * v3) < 1e-5);
        }
        // Asking for some units only gives those units' outputs unchanged.
        const NetOutput part = net->forward(caseInput(n, net->config, true), false, std::pair<int64_t, int64_t>{2, 4});
        QCOMPARE(part.logits.size(1), int64_t(2));
        QVERIFY(maxDiff(part.logits * v3.narrow(1, 2, 2), refT(n + "__logits").narrow(1, 2, 2) * v3.narrow(1, 2, 2)) < 1e-5);
        // Presence masks matter (the test would not notice a model that ignored them otherwise).
        QVERIFY(maxDiff(o2.logits * v3, o.logits * v3) > 1e-4);
        const auto cam = gradCam(net, o.fused, 0, net->config.units / 2, 1);
        const torch::Tensor refCam = refT(n + "__gradcam");
        QCOMPARE(int64_t(cam.size()), refCam.numel());
        for (size_t m = 0; m < cam.size(); ++m) QVERIFY(std::abs(cam[m] - refCam[m].item<double>()) < 1e-5);
        QVERIFY(maxDiff(alignmentIndex(valid, net->config.bottleneck_tokens), refT(n + "__align")) == 0);
    }

    void sinusoidalMatches() { QVERIFY(maxDiff(sinusoidal(torch::arange(50), 16), refT("sinusoidal")) < 1e-6); }

    void alignmentIndexByHand() {
        // n = 5 valid of 7 (2 padded at the front), L_n = 3: ranks 0..4 -> floor(i*3/5) = 0,0,1,1,2
        torch::Tensor valid = torch::tensor({0, 0, 1, 1, 1, 1, 1}).to(torch::kBool).unsqueeze(0);
        auto idx = alignmentIndex(valid, 3);
        QCOMPARE(idx[0][2].item<int64_t>(), 0);
        QCOMPARE(idx[0][3].item<int64_t>(), 0);
        QCOMPARE(idx[0][4].item<int64_t>(), 1);
        QCOMPARE(idx[0][5].item<int64_t>(), 1);
        QCOMPARE(idx[0][6].item<int64_t>(), 2);
        // A film longer than L_n: 10 units, L_n 4 -> 0,0,0,1,1,2,2,2,3,3
        idx = alignmentIndex(torch::ones({1, 10}, torch::kBool), 4);
        const std::vector<int64_t> want{0, 0, 0, 1, 1, 2, 2, 2, 3, 3};
        for (int i = 0; i < 10; ++i) QCOMPARE(idx[0][i].item<int64_t>(), want[i]);
    }

    void paddingChangesNothing() {
        // Padded units' features are ignored, and extra padding at the end changes no valid output.
        MegaNet net = loadCase("act");
        torch::NoGradGuard g;
        NetInput in = caseInput("act", net->config, true);
        const NetOutput a = net->forward(in);
        NetInput noisy = in;
        const auto pad = in.valid.logical_not().unsqueeze(-1);
        for (auto& f : noisy.features) f = torch::where(pad, torch::randn_like(f) * 100, f);
        const NetOutput b = net->forward(noisy);
        const auto v3 = in.valid.unsqueeze(-1);
        QVERIFY(maxDiff(a.logits * v3, b.logits * v3) < 1e-5);
        NetInput longer;
        for (auto& f : in.features) longer.features.push_back(torch::cat({f, torch::randn({f.size(0), 4, f.size(2)})}, 1));
        for (auto& p : in.present) longer.present.push_back(torch::cat({p, torch::ones({p.size(0), 4}, torch::kBool)}, 1));
        longer.valid = torch::cat({in.valid, torch::zeros({in.valid.size(0), 4}, torch::kBool)}, 1);
        const NetOutput c = net->forward(longer);
        QVERIFY(maxDiff(a.logits * v3, c.logits.narrow(1, 0, in.valid.size(1)) * v3) < 1e-5);
        // ...whereas changing a valid unit does change the others (attention is really used).
        NetInput changed = in;
        changed.features[0] = in.features[0].clone();
        changed.features[0][0][0] += 5;
        const NetOutput d = net->forward(changed);
        QVERIFY(maxDiff(a.logits[0].narrow(0, 1, 5), d.logits[0].narrow(0, 1, 5)) > 1e-4);
    }

    void sceneWindowsSlideOverTheFilm() {
        // Scene probabilities of a film equal running each window by hand, windows batched or not.
        MegaNet net = loadCase("scene");
        torch::NoGradGuard g;
        FilmInput film;
        for (const auto& m : net->config.modalities) film.features.push_back(torch::randn({12, m.dim}));
        const torch::Tensor all = sceneProbabilities(net, film, 5);
        QCOMPARE(all.size(0), int64_t(12));
        for (int64_t shot : {int64_t(0), int64_t(2), int64_t(11)}) {
            NetInput w = sceneWindows(net->config, film, shot, 1);
            // The window's centre is the shot; units outside the film are padding.
            const int64_t half = net->config.units / 2;
            for (int64_t j = 0; j < net->config.units; ++j)
                QCOMPARE(w.valid[0][j].item<bool>(), shot + j - half >= 0 && shot + j - half < 12);
            const auto o = net->forward(w);
            const double p = torch::softmax(o.logits[0][half], 0)[1].item<double>();
            QVERIFY(std::abs(p - all[shot].item<double>()) < 1e-5);
        }
        // A film shorter than the window works.
        FilmInput tiny;
        for (const auto& m : net->config.modalities) tiny.features.push_back(torch::randn({2, m.dim}));
        QCOMPARE(sceneProbabilities(net, tiny).size(0), int64_t(2));
    }

    void syncMatchesPyTorch() {
        const auto u = refT("sync__u"), v = refT("sync__v"), q = refT("sync__q"), y = refT("sync__y");
        const auto msim = train::similarity(u, v, 0.1);
        QVERIFY(maxDiff(msim, refT("sync__msim")) < 1e-10);
        const auto w = train::eStep(msim, 0.0, 0.3);
        QVERIFY(maxDiff(w, refT("sync__w")) == 0);
        QVERIFY(std::abs(train::syncLoss(msim, w).item<double>() - refT("sync__loss").item<double>()) < 1e-10);
        QVERIFY(std::abs(train::distillationLoss(u, v, q, y, 0.1).item<double>() - refT("sync__kd").item<double>()) < 1e-10);
    }

    void eStepByHand() {
        // L_sh = 4, L_syn = 2, xi = 0.3: j < i/2 + 0.6 and i < 2j + 1.2.
        // i=0: j<0.6 -> j=0 (0<1.2 ok); i=1: j<1.1 -> j=0 (1<1.2 ok), j=1 (1<3.2 ok);
        // i=2: j<1.6 -> j=0 (2<1.2 no), j=1 (2<3.2 ok); i=3: j<2.1 -> j=1 (3<3.2 ok), j=0 no.
        const torch::Tensor ones = torch::ones({4, 2}, torch::kFloat64);
        const torch::Tensor want = torch::tensor({1, 0, 1, 1, 0, 1, 0, 1}, torch::kFloat64).view({4, 2});
        QVERIFY(maxDiff(train::eStep(ones, 0.5, 0.3), want) == 0);
        // lambda: a pair below the threshold is dropped even inside the band; equality counts (>=).
        torch::Tensor m = ones.clone();
        m[1][1] = 0.4;
        m[2][1] = 0.5;
        const auto w = train::eStep(m, 0.5, 0.3);
        QCOMPARE(w[1][1].item<double>(), 0.0);
        QCOMPARE(w[2][1].item<double>(), 1.0);
        // One sentence: every shot i with i < 0 * L_sh + 0.3 L_sh is paired with it.
        const auto one = train::eStep(torch::ones({10, 1}, torch::kFloat64), 0.0, 0.3);
        QCOMPARE(one.sum().item<double>(), 3.0); // i = 0, 1, 2 (< 3)
        QCOMPARE(one[2][0].item<double>(), 1.0);
        QCOMPARE(one[3][0].item<double>(), 0.0);
    }

    void syncLossByHand() {
        // Two sentences, shot 0 positive with sentence 0: loss = log(1 + e^(m01 - m00)).
        torch::Tensor m = torch::tensor({2.0, 0.0, 1.0, 1.0}, torch::kFloat64).view({2, 2});
        torch::Tensor w = torch::tensor({1.0, 0.0, 0.0, 0.0}, torch::kFloat64).view({2, 2});
        QVERIFY(std::abs(train::syncLoss(m, w).item<double>() - std::log(1 + std::exp(-2.0))) < 1e-12);
        // Shot 1 with both sentences positive contributes log(1) = 0; the mean is over shots with positives.
        w[1][0] = 1;
        w[1][1] = 1;
        QVERIFY(std::abs(train::syncLoss(m, w).item<double>() - std::log(1 + std::exp(-2.0)) / 2) < 1e-12);
        // No positive at all: zero, not NaN.
        QCOMPARE(train::syncLoss(m, torch::zeros_like(m)).item<double>(), 0.0);
    }

    void distillationByHand() {
        // One sentence: a = 1 for every shot, so P is uniform over shots whatever q; with y uniform
        // too, L_kd = 0. With y = (log 3, 0) on 2 shots: O = (3/4, 1/4), P = (1/2, 1/2):
        // KL = 3/4 log(3/2) + 1/4 log(1/2) per TP.
        const auto u = torch::randn({2, 4}, torch::kFloat64), v = torch::randn({1, 4}, torch::kFloat64);
        const auto q = torch::ones({1, 5}, torch::kFloat64);
        QVERIFY(std::abs(train::distillationLoss(u, v, q, torch::zeros({2, 5}, torch::kFloat64), 0.1).item<double>()) < 1e-12);
        torch::Tensor y = torch::zeros({2, 5}, torch::kFloat64);
        y.select(0, 0).fill_(std::log(3.0));
        const double kl = 0.75 * std::log(1.5) + 0.25 * std::log(0.5);
        QVERIFY(std::abs(train::distillationLoss(u, v, q, y, 0.1).item<double>() - 5 * kl) < 1e-12);
        // Two sentences, orthogonal shots: shot i attends (almost only) to sentence i; q puts TP1 on
        // sentence 1, so P(TP1) peaks at shot 1 and O matching it gives a smaller loss than O on shot 0.
        const auto u2 = torch::tensor({10.0, 0.0, 0.0, 10.0}, torch::kFloat64).view({2, 2});
        const auto v2 = torch::tensor({1.0, 0.0, 0.0, 1.0}, torch::kFloat64).view({2, 2});
        auto q2 = torch::zeros({2, 5}, torch::kFloat64);
        q2[1][0] = 1;
        const auto p = train::synopsisToShots(u2, v2, q2, 0.1);
        QVERIFY(p[1][0].item<double>() > p[0][0].item<double>());
        auto good = torch::zeros({2, 5}, torch::kFloat64), bad = torch::zeros({2, 5}, torch::kFloat64);
        good[1][0] = 3;
        bad[0][0] = 3;
        QVERIFY(train::distillationLoss(u2, v2, q2, good, 0.1).item<double>() < train::distillationLoss(u2, v2, q2, bad, 0.1).item<double>());
    }

    void gradCamSumsToOne() {
        MegaNet net = loadCase("deep");
        torch::NoGradGuard g;
        const NetOutput o = net->forward(caseInput("deep", net->config, true));
        for (int64_t unit = 0; unit < net->config.units; ++unit) {
            const auto cam = gradCam(net, o.fused, 0, unit, 0);
            double s = 0;
            for (double x : cam) {
                QVERIFY(x >= 0);
                s += x;
            }
            QVERIFY(std::abs(s - 1) < 1e-9 || s == 0);
        }
        // All contributions negative: all zero, reported as such.
        torch::Tensor fused = torch::zeros_like(o.fused);
        const auto cam = gradCam(net, fused, 0, 0, 0);
        for (double x : cam) QCOMPARE(x, 0.0);
        // Many units at once (what proposing stores) equal one at a time, also when the activations
        // and the classes were made under inference mode (inference tensors cannot enter autograd).
        const int64_t L = net->config.units;
        std::vector<double> one;
        for (int64_t unit = 0; unit < L; ++unit)
            for (double x : gradCam(net, o.fused, 0, unit, unit % 2)) one.push_back(x);
        torch::Tensor rows;
        {
            c10::InferenceMode inference;
            const NetOutput io = net->forward(caseInput("deep", net->config, true));
            rows = gradCamRows(net, io.fused[0], torch::arange(L) % 2);
        }
        QCOMPARE(rows.size(0), L);
        for (int64_t i = 0; i < rows.numel(); ++i) QVERIFY(std::abs(rows.view(-1)[i].item<double>() - one[size_t(i)]) < 1e-6);
    }

    void checkpointsRoundTripAndRefuseOtherShapes() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.ckpt").toStdString();
        MegaNet net = loadCase("scene");
        torch::optim::AdamW opt(net->parameters(), torch::optim::AdamWOptions(1e-3));
        saveCheckpoint(path, net, &opt, R"({"epoch": 3})");
        Checkpoint c = loadCheckpoint(path);
        QVERIFY(c.has_optimizer);
        QCOMPARE(c.metadata, std::string(R"({"epoch": 3})"));
        QCOMPARE(toJson(c.config), toJson(net->config));
        torch::NoGradGuard g;
        const NetInput in = caseInput("scene", net->config, true);
        QVERIFY(maxDiff(c.net->forward(in).logits, net->forward(in).logits) == 0);
        loadOptimizer(path, opt);

        // Another shape: the message names the file and the parameter.
        ModelConfig other = net->config;
        other.width = 32;
        other.ffn_width = 64;
        MegaNet wrong(other);
        try {
            loadWeights(path, wrong);
            QFAIL("loaded into a model of another shape");
        } catch (const Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find(path) != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("encoders.0.input.weight is [16, 5] in the checkpoint but [32, 5] in the model") != std::string::npos, msg.c_str());
        }
        ModelConfig third = net->config;
        third.modalities.push_back({"c", 4});
        MegaNet more(third);
        try {
            loadWeights(path, more);
            QFAIL("loaded into a model with another modality");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("encoders.2.input.weight is missing") != std::string::npos, e.what());
        }
        // Not a checkpoint, truncated, missing: clear errors.
        const std::string junk = dir.filePath("junk.ckpt").toStdString();
        std::ofstream(junk) << "not a checkpoint";
        QVERIFY_THROWS_EXCEPTION(Error, loadCheckpoint(junk));
        const std::string cut = dir.filePath("cut.ckpt").toStdString();
        std::filesystem::copy_file(path, cut);
        std::filesystem::resize_file(cut, std::filesystem::file_size(path) / 2);
        try {
            loadCheckpoint(cut);
            QFAIL("read a truncated checkpoint");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(cut) != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, loadCheckpoint(dir.filePath("none.ckpt").toStdString()));
        // A checkpoint without optimizer state cannot resume.
        const std::string inf = dir.filePath("inference.ckpt").toStdString();
        saveCheckpoint(inf, net, nullptr, "{}");
        QVERIFY(!loadCheckpoint(inf).has_optimizer);
        QVERIFY_THROWS_EXCEPTION(Error, loadOptimizer(inf, opt));
    }

    void predictorGivesPlainResults() {
        // An act shot model and a synopsis model of the same embedding width, through checkpoints.
        QTemporaryDir dir;
        ModelConfig shotCfg = readModelConfig(kFixtures + "act.json");
        ModelConfig synCfg = shotCfg;
        synCfg.task = Task::ActSynopsis;
        synCfg.width = shotCfg.fusedWidth();
        synCfg.ffn_width = 16;
        synCfg.fusion = Fusion::Late;
        synCfg.fusion_layers = 0;
        synCfg.modalities = {{"synopsis", 6}};
        MegaNet shotNet(shotCfg), synNet(synCfg);
        const std::string shotPath = dir.filePath("shot.ckpt").toStdString(), synPath = dir.filePath("syn.ckpt").toStdString();
        saveCheckpoint(shotPath, shotNet, nullptr, "{}");
        saveCheckpoint(synPath, synNet, nullptr, "{}");
        Predictor shots(shotPath), synopsis(synPath);
        FilmFeatures film;
        for (const auto& m : shotCfg.modalities) {
            FeatureTable t{m.name, 20, m.dim, {}, {}};
            const torch::Tensor r = torch::randn({20, m.dim});
            t.values.assign(r.data_ptr<float>(), r.data_ptr<float>() + r.numel());
            film.push_back(t);
        }
        FeatureTable sentences{"synopsis", 4, 6, {}, {}};
        const torch::Tensor rs = torch::randn({4, 6});
        sentences.values.assign(rs.data_ptr<float>(), rs.data_ptr<float>() + rs.numel());

        const TurningPoints tp = shots.turningPoints(film);
        for (int n = 0; n < 5; ++n) {
            QCOMPARE(tp.distribution[n].size(), size_t(20));
            double sum = 0;
            for (double p : tp.distribution[n]) sum += p;
            QVERIFY(std::abs(sum - 1) < 1e-6);
            QVERIFY(tp.distribution[n][size_t(tp.shot[n])] >= *std::max_element(tp.distribution[n].begin(), tp.distribution[n].end()));
        }
        const Synchronization sync = Predictor::synchronize(shots, film, synopsis, sentences);
        QCOMPARE(sync.shots, int64_t(20));
        QCOMPARE(sync.sentences, int64_t(4));
        for (int64_t i = 0; i < 20; ++i) {
            double sum = 0;
            for (int64_t j = 0; j < 4; ++j) sum += sync.soft[size_t(i * 4 + j)];
            QVERIFY(std::abs(sum - 1) < 1e-5);
        }
        // W never leaves Eq. 2's band (xi = 0.3): shot 0 cannot pair with the last sentence.
        QCOMPARE(int(sync.expected[3]), 0);
        const Contribution c = shots.explainTurningPoint(film, 2);
        QCOMPARE(c.modality, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(c.unit, tp.shot[2]); // the TP's arg-max shot
        QVERIFY(QString::fromStdString(readCheckpointMetadata(shotPath)) == "{}");
        const auto att = shots.fusionAttention(film, 5);
        QCOMPARE(att.size(), size_t(2));
        QCOMPARE(att[0].size(), size_t(2 * shotCfg.bottleneck_tokens));
        QCOMPARE(*std::max_element(att[0].begin(), att[0].end()), 1.0f);
        // The wrong task, a missing modality, the wrong width: errors that say so.
        QVERIFY_THROWS_EXCEPTION(Error, shots.sceneProbabilities(film));
        FilmFeatures lacking{film[0]};
        try {
            shots.turningPoints(lacking);
            QFAIL("accepted a film without a modality");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("\"b\"") != std::string::npos, e.what());
        }
        FilmFeatures wide = film;
        wide[1].cols += 1;
        wide[1].values.resize(size_t(wide[1].rows * wide[1].cols));
        QVERIFY_THROWS_EXCEPTION(Error, shots.turningPoints(wide));
    }

    void configsAreCheckedAndThePaperSizeHolds() {
        // The paper's scene config with 2048, 2048, 512 inputs: 67.57M parameters within 1% (Tab. 2g).
        ModelConfig scene = readModelConfig(MEGA_SOURCE_DIR "/models/scene.json");
        setDims(scene, {2048, 2048, 512});
        const double n = double(parameterCount(scene));
        QVERIFY2(std::abs(n - 67.57e6) / 67.57e6 < 0.01, std::to_string(n).c_str());
        MegaNet big(scene); // and the network built from it has exactly that many
        QCOMPARE(big->parameterCount(), parameterCount(scene));
        // Every shipped config parses and builds.
        for (const char* f : {"scene.json", "scene_small.json", "scene_loop.json", "scene_timing.json", "act_shot.json", "act_synopsis.json", "act_loop.json", "synopsis_tp.json"}) {
            ModelConfig c = readModelConfig(std::string(MEGA_SOURCE_DIR "/models/") + f);
            std::vector<int64_t> dims(c.modalities.size(), 8);
            setDims(c, dims);
            MegaNet net(c);
            QCOMPARE(net->parameterCount(), parameterCount(c));
        }
        // Bad configs name the file and the problem.
        auto expectError = [](const std::string& json, const std::string& what) {
            try {
                parseModelConfig(json, "bad.json");
                QFAIL(("accepted " + json).c_str());
            } catch (const Error& e) {
                const std::string msg = e.what();
                QVERIFY2(msg.find("bad.json") != std::string::npos && msg.find(what) != std::string::npos, msg.c_str());
            }
        };
        const std::string ok = R"("units": 17, "bottleneck_tokens": 6, "width": 64, "ffn_width": 64, "unimodal_layers": 1, "dropout": 0.1, "classes": 2)";
        expectError(R"({"task": "scene", )" + ok + "}", "modalities");
        expectError(R"({"task": "scenes", )" + ok + R"(, "modalities": [{"name": "a"}]})", "\"task\" must be one of");
        expectError(R"({"task": "scene", "heads": 5, )" + ok + R"(, "modalities": [{"name": "a"}]})", "multiple of \"heads\"");
        expectError("{not json", "malformed");
        expectError(R"({"task": "scene", )" + ok + R"(, "modalities": [{"name": "a"}], "train": {"samples_per_epoch": -1}})", "samples_per_epoch");
        expectError(R"({"task": "scene", )" + ok + R"(, "modalities": [{"name": "a"}], "train": {"modality_dropout": 1.0}})", "modality_dropout");
        expectError(R"({"task": "scene", )" + ok + R"(, "modalities": [{"name": "a"}], "train": {"loss_span": 4}})", "loss_span must be odd");
        expectError(R"({"task": "scene", )" + ok + R"(, "modalities": [{"name": "a"}], "train": {"loss_span": 19}})", "window's 17 units");
        {
            // The training fields survive the round trip through a checkpoint's config.
            const ModelConfig t = readModelConfig(MEGA_SOURCE_DIR "/models/scene_timing.json");
            const ModelConfig back = parseModelConfig(toJson(t), "again");
            QCOMPARE(back.train.samples_per_epoch, int64_t(40000));
            QCOMPARE(back.train.modality_dropout, 0.3);
        }
        ModelConfig c = parseModelConfig(R"({"task": "scene", )" + ok + R"(, "modalities": [{"name": "a"}, {"name": "b"}]})", "x");
        QVERIFY_THROWS_EXCEPTION(Error, setDims(c, {3}));
        QVERIFY_THROWS_EXCEPTION(Error, MegaNet{c}); // no dimensions yet
        setDims(c, {3, 4});
        MegaNet net(c);
        // Inputs of the wrong shape are refused with the modality named.
        NetInput in;
        in.features = {torch::randn({1, 17, 3}), torch::randn({1, 17, 5})};
        in.valid = torch::ones({1, 17}, torch::kBool);
        try {
            net->forward(in);
            QFAIL("accepted a wrong dimension");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("\"b\"") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
