#!/usr/bin/python3
"""PyTorch eager side of tests/bench/bench_model.sh: times MEGA's act model on a 3,000-shot film with
6 modalities and the paper's scene config over 1,500 shots, with the reference modules of
tests/fixtures/mega_reference.py, and writes the weights, inputs, outputs and times for the C++
side (bench_model) to load, time and compare.

  /usr/bin/python3 tests/bench/bench_model.py OUT_DIR THREADS REPEATS [act|scene]
"""
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
import mega_reference as ref  # noqa: E402

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def scene_windows(feats, units, first, count):
    """Windows of `units` shots centred on shots [first, first + count), padding invalid."""
    half = units // 2
    n = feats[0].shape[0]
    shot = torch.arange(first, first + count).unsqueeze(1) + torch.arange(-half, units - half).unsqueeze(0)
    valid = (shot >= 0) & (shot < n)
    idx = shot.clamp(0, n - 1).flatten()
    windows = [f.index_select(0, idx).view(count, units, f.shape[1]) * valid.unsqueeze(-1) for f in feats]
    return windows, valid


def run_scene(net, feats, units, batch=32):
    n = feats[0].shape[0]
    out = []
    for first in range(0, n, batch):
        count = min(batch, n - first)
        w, valid = scene_windows(feats, units, first, count)
        logits, _, _ = net(w, valid)
        out.append(torch.softmax(logits[:, units // 2], -1)[:, 1])
    return torch.cat(out)


def run_act(net, feats):
    valid = torch.ones(1, feats[0].shape[0], dtype=torch.bool)
    logits, _, _ = net([f.unsqueeze(0) for f in feats], valid)
    return torch.softmax(logits[0], 0)


def time_it(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, times


def main():
    out_dir, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(threads)
    cases = {}
    act = json.load(open(os.path.join(SOURCE, "models", "act_shot.json")))
    act["modalities"] = act["modalities"] + [{"name": "clip", "dim": 512}]  # 6 modalities
    scene = json.load(open(os.path.join(SOURCE, "models", "scene.json")))
    only = sys.argv[4] if len(sys.argv) > 4 else None
    for name, cfg, shots in (("act", act, 3000), ("scene", scene, 1500)):
        if only and name != only:
            continue
        torch.manual_seed(0)
        net = ref.MegaNet(cfg).eval()
        feats = [torch.randn(shots, m["dim"]) for m in cfg["modalities"]]
        with torch.no_grad():
            fn = (lambda: run_act(net, feats)) if name == "act" else (lambda: run_scene(net, feats, cfg["units"]))
            out, times = time_it(fn, repeats)
        tensors = {f"w__{k.replace('.', '__')}": v for k, v in net.state_dict().items()}
        for m, f in enumerate(feats):
            tensors[f"in__{m}"] = f
        tensors["out"] = out

        class Container(torch.nn.Module):
            def __init__(self, d):
                super().__init__()
                for k, val in d.items():
                    self.register_buffer(k, val)

        torch.jit.script(Container(tensors)).save(os.path.join(out_dir, f"{name}.pt"))
        json.dump(cfg, open(os.path.join(out_dir, f"{name}.json"), "w"))
        cases[name] = {"shots": shots, "times": times, "median": statistics.median(times)}
        print(f"pytorch eager {name}: median {statistics.median(times) * 1000:.1f} ms over {repeats} runs", flush=True)
    json.dump({"threads": threads, "torch": torch.__version__, "cases": cases}, open(os.path.join(out_dir, "pytorch.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
