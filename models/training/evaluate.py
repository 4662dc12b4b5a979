#!/usr/bin/env python3
"""Measure the exported model folders on the val split with the thresholds of their
config.visionj section (what the model READMEs report):

  python3 models/training/evaluate.py --data <dsb2018 dir> --models models [--device cpu] [--max-images N]
      [--nms-overlap iou]

Also checks that every weights.pt reproduces its test_output.npy from test_input.npy."""
import argparse
import json
import os
import re
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluation  # noqa: E402
from data import normalize, read_index  # noqa: E402


def thresholds(folder):
    text = open(os.path.join(folder, "bioimageio.yaml")).read()
    return {k: float(v) for k, v in re.findall(r"^\s+(probability|nms_iou|score):\s*([0-9.]+)", text, re.M)}


def check_test_tensors(folder):
    m = torch.jit.load(os.path.join(folder, "weights.pt")).eval()
    x = np.load(os.path.join(folder, "test_input.npy"))
    ref = np.load(os.path.join(folder, "test_output.npy"))
    text = open(os.path.join(folder, "bioimageio.yaml")).read()
    x = x / 255.0 if "scale_linear" in text else normalize(x)
    with torch.no_grad():
        y = m(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))).numpy()
    err = float(np.abs(y - ref).max())
    print(f"{os.path.basename(folder)}: test output {y.shape}, max abs difference {err:.2e}", flush=True)
    return err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--models", default="models")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--max-images", type=int, default=0)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--nms-overlap", choices=["iou", "min"], default=evaluation.NMS_OVERLAP,
                    help="polygon NMS criterion: IoU, or intersection / smaller area (StarDist)")
    args = ap.parse_args()
    dev = torch.device(args.device)
    f = {k: os.path.join(args.models, k) for k in ("nuclei", "nuclei-semantic", "nuclei-detect", "image-modality")}
    errs = {k: check_test_tensors(v) for k, v in f.items()}
    rows = read_index(args.data, "val")
    if args.max_images:
        rows = rows[:args.max_images]
    val = evaluation.load_val(args.data, rows)
    load = lambda k: torch.jit.load(os.path.join(f[k], "weights.pt"), map_location=dev).eval()  # noqa: E731
    preds = evaluation.predict(val, load("nuclei"), load("nuclei-semantic"), load("nuclei-detect"), dev)
    ts, td = thresholds(f["nuclei"]), thresholds(f["nuclei-detect"])
    evaluation.NMS_OVERLAP = args.nms_overlap
    # ray offset 0: the exported star head already adds its calibration to the rays
    out = evaluation.evaluate(val, preds, [(ts["probability"], ts["nms_iou"], 0.0)], [(td["score"], td["nms_iou"])],
                              args.workers or None)
    res = evaluation.summarize(out, 0, 0)
    acc, cm = evaluation.evaluate_modality(load("image-modality"), val, dev)
    print(json.dumps(dict(thresholds=dict(nuclei=ts, detect=td), val=res, modality_accuracy=acc,
                          modality_confusion=cm.tolist(), test_tensor_max_abs_diff=errs), indent=1))


if __name__ == "__main__":
    main()
