"""The MRZ cell model's network and data, shared by train.py and eval-cells.py.

The network is mirrored in plain TypeScript by main/precheck/mrz-cell-model.ts — change both together.
"""
import base64
import json
import os
import re

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROWS, COLS = 22, 16


def standardise(x):
    """Per cell: minus the mean, over the standard deviation (at least 8 grey levels). Same as the TS."""
    flat = x.reshape(len(x), -1)
    mean = flat.mean(axis=1, keepdims=True)
    std = np.maximum(flat.std(axis=1, keepdims=True), 8.0)
    return ((flat - mean) / std).reshape(x.shape)


def load(d):
    m = json.load(open(os.path.join(d, "meta.json")))
    assert m["rows"] == ROWS and m["cols"] == COLS, f"{d}: data made for another cell geometry"
    c = np.fromfile(os.path.join(d, "cells.u8"), dtype=np.uint8).reshape(-1, ROWS, COLS).astype(np.float32)
    lab = np.fromfile(os.path.join(d, "labels.u8"), dtype=np.uint8).astype(np.int64)
    f = np.fromfile(os.path.join(d, "fonts.u8"), dtype=np.uint8)
    b = np.fromfile(os.path.join(d, "bands.u32"), dtype=np.uint32)
    return m, c, lab, f, b


class CellNet(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.c1 = nn.Conv2d(1, 12, 3, padding=1)
        self.c2 = nn.Conv2d(12, 24, 3, padding=1)
        self.f1 = nn.Linear(24 * 5 * 4, 64)
        self.f2 = nn.Linear(64, classes)

    def forward(self, t):
        t = F.max_pool2d(F.relu(self.c1(t)), 2)
        t = F.max_pool2d(F.relu(self.c2(t)), 2)
        t = F.relu(self.f1(t.flatten(1)))
        return self.f2(t)


def pair_report(logits, yy, label, temperature, alphabet):
    """How the O/0 pair fares: each misread as the other, and where their log-odds ln p(O)/p(0) sit."""
    o, z = alphabet.index("O"), alphabet.index("0")
    pr = logits.argmax(1)
    lo = (logits[:, o] - logits[:, z]) / temperature
    mo, mz = yy == o, yy == z
    if int(mo.sum()) and int(mz.sum()):
        print(
            f"  {label}: O read as 0 {int((pr[mo] == z).sum())} of {int(mo.sum())}, 0 read as O {int((pr[mz] == o).sum())} of {int(mz.sum())};"
            f" ln p(O)/p(0): O median {float(lo[mo].median()):.1f} (5th pct {float(lo[mo].quantile(0.05)):.1f}),"
            f" 0 median {float(lo[mz].median()):.1f} (95th pct {float(lo[mz].quantile(0.95)):.1f})"
        )


CONFUSIONS = ["30", "38", "83", "5S", "S5", "B8", "8B", "MH", "HM", "WM", "MW", "O0", "0O", "DO", "Q0"]


def confusion_report(logits, yy, label, alphabet, pairs=CONFUSIONS):
    """How often each character was read as its look-alike: "38" counts 3s read as 8 (of all 3s)."""
    pr = logits.argmax(1)
    parts = []
    for a, b in pairs:
        ia, ib = alphabet.index(a), alphabet.index(b)
        m = yy == ia
        if int(m.sum()):
            parts.append(f"{a}→{b} {int((pr[m] == ib).sum())}/{int(m.sum())}")
    print(f"  {label}: " + ", ".join(parts))


def load_weights(path):
    """A mrz-cell-weights.ts file as the reader uses it (int8 × scale): the network, its alphabet, its temperature."""
    src = open(path).read()
    alphabet = re.search(r"alphabet: '([^']+)'", src).group(1)
    temperature = float(re.search(r"temperature: ([0-9.]+)", src).group(1))
    net = CellNet(len(alphabet))
    state = {}
    for name in ["c1", "c2", "f1", "f2"]:
        m = re.search(name + r": \{ shape: \[([0-9, ]+)\], weights: '([^']*)', scales: '([^']*)', bias: '([^']*)' \}", src)
        shape = [int(v) for v in m.group(1).split(",")]
        q = np.frombuffer(base64.b64decode(m.group(2)), dtype=np.int8).astype(np.float32).reshape(shape)
        s = np.frombuffer(base64.b64decode(m.group(3)), dtype="<f4")
        state[f"{name}.weight"] = torch.from_numpy(q * s.reshape((-1,) + (1,) * (q.ndim - 1)))
        state[f"{name}.bias"] = torch.from_numpy(np.frombuffer(base64.b64decode(m.group(4)), dtype="<f4").copy())
    net.load_state_dict(state)
    net.eval()
    return net, alphabet, temperature
