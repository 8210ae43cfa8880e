#!/usr/bin/python3
"""Trains the MRZ cell model and writes its weights as main/precheck/mrz-cell-weights.ts.

    /usr/bin/python3 build/mrz-cell-model/train.py [data-dir ...]

Each data-dir is what generate-cells.ts wrote (default test-artifacts/mrz-cell-model/data-a and data-b,
two halves drawn with different seeds so they can be drawn in parallel). If
test-artifacts/mrz-cell-model/probe exists (generate-cells.ts with MRZ_CELL_PROBE=1: faces never trained
on) the shipped model's accuracy on it is printed too; nothing is fitted to it. Needs Debian's
python3-torch and python3-numpy. Everything is seeded (SEED below; one torch thread, deterministic
algorithms), so the same data gives the same weights on the same torch version.

The network (mirrored in plain TypeScript by main/precheck/mrz-cell-model.ts — change both together):
    input 1 × 22 × 16 (the reader's cell grid), each cell standardised (minus its mean, over its spread)
    conv 3×3, 12 channels, pad 1, ReLU, max-pool 2×2      → 12 × 11 × 8
    conv 3×3, 24 channels, pad 1, ReLU, max-pool 2×2      → 24 × 5 × 4
    dense 480 → 64, ReLU; dense 64 → 37 (MRZ_ALPHABET order)
Hard cells weigh more: each cell's loss is multiplied by 1 + HARD × (1 − its probability of the right
character), so cells the model still confuses (an O and a 0 in a face it reads poorly) drive training
more than the many it already reads. The logits are divided by a temperature fitted on the validation bands (so the softmax is a calibrated
probability), and the weights are stored as int8 with one scale per output channel.
"""
import base64
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cellnet import COLS, ROWS, CellNet, confusion_report, load, load_weights, pair_report, standardise  # noqa: E402

SEED = 20261206
EPOCHS = int(os.environ.get("MRZ_CELL_EPOCHS", 5))
HARD = float(os.environ.get("MRZ_CELL_HARD", 2.0))
BATCH = 512
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
ART = os.path.join(REPO, "test-artifacts", "mrz-cell-model")
DATA = sys.argv[1:] or [os.path.join(ART, "data-a"), os.path.join(ART, "data-b")]
PROBE = os.path.join(ART, "probe")
OUT = os.environ.get("MRZ_CELL_OUT", os.path.join(REPO, "main", "precheck", "mrz-cell-weights.ts"))

torch.manual_seed(SEED)
np.random.seed(SEED)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)





parts = [load(d) for d in DATA]
for d, (m, *_) in zip(DATA, parts):
    # tuning-cells.ts cuts the evaluation set's images: for measuring only, never for training.
    assert not m.get("measureOnly"), f"{d} is measurement data (the evaluation set's cells): never train on it"
meta = dict(parts[0][0])
for m, *_ in parts[1:]:
    assert m["alphabet"] == meta["alphabet"], "data sets drawn with another alphabet"
# Data sets may be drawn with different font lists: one list of names, each part's indices mapped onto it.
meta["fonts"] = list(dict.fromkeys(name for m, *_ in parts for name in m["fonts"]))
meta["bands"] = sum(m["bands"] for m, *_ in parts)
meta["seed"] = ", ".join(str(m["seed"]) for m, *_ in parts)
alphabet = meta["alphabet"]
cells = np.concatenate([p[1] for p in parts])
labels = np.concatenate([p[2] for p in parts])
fonts = np.concatenate([np.array([meta["fonts"].index(n) for n in p[0]["fonts"]], np.uint8)[p[3]] for p in parts])
offsets = np.cumsum([0] + [m["bands"] for m, *_ in parts[:-1]])
bands = np.concatenate([p[4].astype(np.int64) + off for p, off in zip(parts, offsets)])
part_of = np.concatenate([np.full(len(p[2]), i) for i, p in enumerate(parts)])




x = torch.from_numpy(standardise(cells)).unsqueeze(1)
y = torch.from_numpy(labels)
val = torch.from_numpy(bands % 10 == 0)
# Every SUBSET-th training cell of each data set (each band is cut twice, so neighbours are
# near-duplicates); MRZ_CELL_SUBSET is one number for all sets or a comma list, one per data-dir.
subset = [int(v) for v in os.environ.get("MRZ_CELL_SUBSET", "2").split(",")]
subset += [subset[-1]] * (len(parts) - len(subset))
# MRZ_CELL_SKIP: characters left out of a data set's training cells, one entry per data-dir ("-" for
# none), e.g. "-,-,O0,O0" trains the last two sets on everything but their Os and 0s, so the O/0 balance
# is learnt from the first two only (their validation cells are still measured).
skip = [v if v != "-" else "" for v in os.environ.get("MRZ_CELL_SKIP", "-").split(",")]
skip += [skip[-1]] * (len(parts) - len(skip))
skipped = [torch.from_numpy(np.isin(labels, [alphabet.index(ch) for ch in s])) for s in skip]
train_idx = torch.cat(
    [torch.nonzero(~val & torch.from_numpy(part_of == i) & ~skipped[i]).squeeze(1)[:: subset[i]] for i in range(len(parts))]
)
val_idx = torch.nonzero(val).squeeze(1)
print(f"{len(y)} cells from {meta['bands']} bands: {len(train_idx)} training, {len(val_idx)} validation")




net = CellNet(len(alphabet))
# MRZ_CELL_INIT=<mrz-cell-weights.ts>: continue from shipped weights (fine-tuning, lower learning rate)
# instead of starting from random ones.
INIT = os.environ.get("MRZ_CELL_INIT")
MAX_LR = 3e-3
if INIT:
    init_net, init_alphabet, _ = load_weights(INIT)
    assert init_alphabet == alphabet, "weights made for another alphabet"
    net.load_state_dict(init_net.state_dict())
    MAX_LR = float(os.environ.get("MRZ_CELL_LR", 1e-3))
    INIT_NAME = os.environ.get("MRZ_CELL_INIT_NAME", os.path.basename(INIT))
    print(f"starting from {INIT}, learning rate up to {MAX_LR}")
opt = torch.optim.Adam(net.parameters(), lr=MAX_LR, weight_decay=1e-5)
steps_per_epoch = (len(train_idx) + BATCH - 1) // BATCH
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=MAX_LR, total_steps=EPOCHS * steps_per_epoch)
gen = torch.Generator().manual_seed(SEED)


def logits_of(model, idx):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[idx[i : i + 4096]]) for i in range(0, len(idx), 4096)])


for epoch in range(EPOCHS):
    t0 = time.time()
    net.train()
    perm = train_idx[torch.randperm(len(train_idx), generator=gen)]
    total = 0.0
    for i in range(0, len(perm), BATCH):
        b = perm[i : i + BATCH]
        xb = x[b]
        # A little more misplacement than the data has: shift by up to one sample in each direction.
        dx, dy = (int(v) for v in torch.randint(-1, 2, (2,), generator=gen))
        xb = torch.roll(xb, shifts=(dy, dx), dims=(2, 3))
        logits = net(xb)
        ce = F.cross_entropy(logits, y[b], reduction="none")
        p_right = torch.exp(-ce).detach()
        loss = (ce * (1 + HARD * (1 - p_right))).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        total += float(loss) * len(b)
    acc = float((logits_of(net, val_idx).argmax(1) == y[val_idx]).float().mean())
    print(f"epoch {epoch + 1}: loss {total / len(train_idx):.4f}, validation accuracy {acc * 100:.2f} % ({time.time() - t0:.0f} s)")


def quantise(w):
    """int8 per output channel (first axis): scale = max |w| / 127."""
    flat = w.reshape(w.shape[0], -1)
    scale = np.maximum(np.abs(flat).max(axis=1), 1e-8) / 127.0
    q = np.clip(np.round(flat / scale[:, None]), -127, 127).astype(np.int8)
    return q.reshape(w.shape), scale.astype(np.float32)


# Evaluate and calibrate the model as it ships: int8 weights.
state = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
packed = {}
with torch.no_grad():
    for name in ["c1", "c2", "f1", "f2"]:
        q, s = quantise(state[f"{name}.weight"])
        packed[name] = (q, s, state[f"{name}.bias"].astype(np.float32))
        getattr(net, name).weight.copy_(torch.from_numpy(q.astype(np.float32) * s.reshape((-1,) + (1,) * (q.ndim - 1))))
val_logits = logits_of(net, val_idx)
yv = y[val_idx]
best_t, best_nll = 1.0, float("inf")
for t in np.arange(0.3, 4.01, 0.05):
    nll = float(F.cross_entropy(val_logits / float(t), yv))
    if nll < best_nll:
        best_t, best_nll = float(t), nll
pred = val_logits.argmax(1)
acc = float((pred == yv).float().mean())
probs = F.softmax(val_logits / best_t, dim=1).max(1).values
print(f"int8 model: validation accuracy {acc * 100:.2f} %, temperature {best_t:.2f} (NLL {best_nll:.4f})")
for lo, hi in [(0, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.97), (0.97, 1.01)]:
    m = (probs >= lo) & (probs < hi)
    if int(m.sum()):
        print(f"  confidence {lo:.2f}–{min(hi, 1):.2f}: {int(m.sum())} cells, {float((pred[m] == yv[m]).float().mean()) * 100:.1f} % right")
per_font = {}
fv = torch.from_numpy(fonts.astype(np.int64))[val_idx]
for fi, name in enumerate(meta["fonts"]):
    m = fv == fi
    if int(m.sum()):
        per_font[name] = round(float((pred[m] == yv[m]).float().mean()) * 100, 2)
print("validation accuracy per font:", per_font)

pair_report(val_logits, yv, "validation, O/0", best_t, alphabet)
confusion_report(val_logits, yv, "validation, look-alikes", alphabet)
if os.path.exists(os.path.join(PROBE, "meta.json")):
    pm, pc, pl, pf, _ = load(PROBE)
    px = torch.from_numpy(standardise(pc)).unsqueeze(1)
    net.eval()
    with torch.no_grad():
        plog = torch.cat([net(px[i : i + 4096]) for i in range(0, len(px), 4096)])
    py = torch.from_numpy(pl)
    pp = plog.argmax(1)
    print(f"faces never trained on ({len(py)} cells): {float((pp == py).float().mean()) * 100:.2f} % right")
    for fi, name in enumerate(pm["fonts"]):
        m = torch.from_numpy(pf == fi)
        if int(m.sum()):
            print(f"  {name}: {float((pp[m] == py[m]).float().mean()) * 100:.2f} % of {int(m.sum())}")
            pair_report(plog[m], py[m], f"{name}, O/0", best_t, alphabet)
            confusion_report(plog[m], py[m], f"{name}, look-alikes", alphabet)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()


def tensor_entry(name):
    q, s, bias = packed[name]
    return (
        f"  {name}: {{ shape: {list(q.shape)}, weights: '{b64(q)}', scales: '{b64(s)}', bias: '{b64(bias)}' }},"
    )


skip_note = "".join(
    f"; {'/'.join(chars)} left out of " + ", ".join(os.path.basename(os.path.normpath(d)) for d, s in zip(DATA, skip) if s == chars)
    for chars in dict.fromkeys(s for s in skip if s)
)
src = f"""// GENERATED by build/mrz-cell-model/train.py — do not edit by hand.
// Weights of the MRZ cell model (mrz-cell-model.ts): int8 per output channel (weights), float32 (scales,
// bias), little-endian, base64. Trained on {len(train_idx)} synthetic cells from {meta['bands']} bands
// (generate-cells.ts, seed {meta['seed']}; training seed {SEED}{'; continued from ' + INIT_NAME if INIT else ''}{skip_note}) in {len(meta['fonts'])} faces: OCR-B and other monospace
// fonts (list, origins and licences: docs/mrz-cell-model.md). Validation ({len(val_idx)} cells from bands
// never trained on): {acc * 100:.2f} % right.
export const MRZ_CELL_WEIGHTS = {{
  alphabet: '{alphabet}',
  rows: {ROWS},
  cols: {COLS},
  temperature: {best_t:.2f},
{tensor_entry('c1')}
{tensor_entry('c2')}
{tensor_entry('f1')}
{tensor_entry('f2')}
}} as const;
"""
open(OUT, "w").write(src)
print(f"wrote {OUT} ({len(src)} bytes)")
