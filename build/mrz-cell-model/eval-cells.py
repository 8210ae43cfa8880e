#!/usr/bin/python3
"""Reads cells with a weights file as the reader ships it, so two weights files can be compared on the
same cells:

    /usr/bin/python3 build/mrz-cell-model/eval-cells.py <mrz-cell-weights.ts> [data-dir ...]

Default data: the validation bands (every tenth band) of test-artifacts/mrz-cell-model/data-a and
data-b, and all of test-artifacts/mrz-cell-model/probe (faces never trained on). A probe* directory or
one written by tuning-cells.ts (the tuning part's own cells, measureOnly) is read whole, per face. Prints accuracy per face
the O/0 pair's figures, and how often each look-alike pair (3/8, 5/S, B/8, M/H, W/M, O/0 …) is
confused.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cellnet import confusion_report, load, load_weights, pair_report, standardise  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ART = os.path.join(HERE, "..", "..", "test-artifacts", "mrz-cell-model")


def main():
    net, alphabet, temperature = load_weights(sys.argv[1])
    dirs = sys.argv[2:] or [os.path.join(ART, "data-a"), os.path.join(ART, "data-b"), os.path.join(ART, "probe")]
    for d in dirs:
        meta, cells, labels, fonts, bands = load(d)
        whole = os.path.basename(d).startswith("probe") or meta.get("measureOnly")
        keep = np.ones(len(labels), bool) if whole else bands % 10 == 0
        x = torch.from_numpy(standardise(cells[keep])).unsqueeze(1)
        y = torch.from_numpy(labels[keep])
        f = fonts[keep]
        with torch.no_grad():
            logits = torch.cat([net(x[i : i + 4096]) for i in range(0, len(x), 4096)])
        pred = logits.argmax(1)
        print(f"{d}: {len(y)} cells, {float((pred == y).float().mean()) * 100:.2f} % right")
        for fi, name in enumerate(meta["fonts"]):
            m = torch.from_numpy(f == fi)
            if int(m.sum()):
                print(f"  {name}: {float((pred[m] == y[m]).float().mean()) * 100:.2f} % of {int(m.sum())}")
        pair_report(logits, y, "O/0, all faces", temperature, alphabet)
        confusion_report(logits, y, "look-alikes, all faces", alphabet)
        if whole:
            for fi, name in enumerate(meta["fonts"]):
                m = torch.from_numpy(f == fi)
                pair_report(logits[m], y[m], f"O/0, {name}", temperature, alphabet)
                confusion_report(logits[m], y[m], f"look-alikes, {name}", alphabet)


main()
