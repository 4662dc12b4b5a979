"""Validation of the exported networks: instance AP50 (star-convex decode), box AP50 (detect),
foreground IoU (three-class), accuracy + confusion matrix (image modality).

AP at IoU 0.5 = TP / (TP + FP + FN), with TP/FP/FN summed over the images of a group
(fluorescence, histology, brightfield, all); matching is one-to-one by IoU > 0.5."""
import multiprocessing as mp
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import MODALITIES, load_image, load_labels, normalize  # noqa: E402
from networks import pad16  # noqa: E402
from decoding import decode_boxes, decode_star, gt_boxes  # noqa: E402
from metrics import ap, match_boxes, match_labels  # noqa: E402

GROUPS = ["fluorescence", "histology", "brightfield", "all"]
PROB_GRID = [0.4, 0.45, 0.5, 0.55, 0.6]
NMS_GRID = [0.3, 0.4, 0.5]
STRIDE = 2               # polygon candidates on a stride-2 grid, as VisionJ's star-convex decoder
MAX_CANDIDATES = 100000
NMS_OVERLAP = "min"      # intersection / smaller area (StarDist, VisionJ), or "iou"
SCORE_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]
BOX_NMS_GRID = [0.3, 0.4, 0.5, 0.6]
OFFSET_GRID = [0.0, 0.1, 0.2, 0.3, 0.4]   # pixels added to every ray (StarExport's ray_offset)

_PRED = []   # per image dict, shared with forked workers


def load_val(data_dir, rows):
    out = []
    for r in rows:
        img = load_image(data_dir, r["split"], r["id"])
        out.append(dict(id=r["id"], modality=r["modality"], img=img, lbl=load_labels(data_dir, r["split"], r["id"])))
    return out


@torch.no_grad()
def predict(val, star_fn, sem_fn, det_fn, device):
    """Run the three segmentation outputs on whole (reflect-padded) normalised val images."""
    preds = []
    for v in val:
        H, W = v["lbl"].shape
        x = pad16(torch.from_numpy(normalize(v["img"]))[None].to(device))
        s = star_fn(x)[0].float().cpu().numpy()
        g = x.shape[-1] // s.shape[-1]       # output grid: 2 = one value per 2x2 input pixels, at pixel (2i, 2j)
        if g > 1:                            # placed at their pixels; decode_star reads only the stride-2 grid
            full = np.zeros((s.shape[0],) + tuple(x.shape[-2:]), np.float32)
            full[:, ::g, ::g] = s
            s = full
        s = s[:, :H, :W]
        m = sem_fn(x)[0, :, :H, :W].float().cpu().numpy()
        d = det_fn(x)[0].float().cpu().numpy()
        w2 = x.shape[-1] // 2
        n = np.arange(d.shape[1])
        d = d[:, ((n // w2) * 2 < H) & ((n % w2) * 2 < W)]      # candidates inside the image
        preds.append(dict(prob=s[0], dist=s[1:], sem=m, det=d))
    return preds


def _eval_image(args):
    i, star_combos, box_combos, stride = args
    p, v = _PRED[i]
    star = [match_labels(v["lbl"], decode_star(p["prob"], p["dist"] + off, pt, nt, stride, MAX_CANDIDATES, NMS_OVERLAP))
            for pt, nt, off in star_combos]
    gb = gt_boxes(v["lbl"])
    box = [match_boxes(gb, decode_boxes(p["det"], st, nt, v["lbl"].shape, MAX_CANDIDATES)) for st, nt in box_combos]
    fg_gt = v["lbl"] > 0
    fg = p["sem"].argmax(0) > 0
    return star, box, int((fg & fg_gt).sum()), int((fg | fg_gt).sum())


def evaluate(val, preds, star_combos, box_combos, workers=None, log=print, stride=STRIDE):
    """Counts per group for each combination: star_combos (probability, overlap, ray offset),
    box_combos (score, box IoU); returns dict of results."""
    global _PRED
    _PRED = list(zip(preds, val))
    t = time.time()
    jobs = [(i, star_combos, box_combos, stride) for i in range(len(val))]
    # biggest images first for better load balance
    jobs.sort(key=lambda j: -val[j[0]]["lbl"].size)
    workers = workers or os.cpu_count() or 1
    if workers > 1:
        with mp.get_context("fork").Pool(workers) as pool:
            res = pool.map(_eval_image, jobs, chunksize=1)
    else:
        res = [_eval_image(j) for j in jobs]
    order = [j[0] for j in jobs]
    out = {g: dict(star=np.zeros((len(star_combos), 3), int), box=np.zeros((len(box_combos), 3), int),
                   inter=0, union=0, n=0) for g in GROUPS}
    for i, (star, box, inter, union) in zip(order, res):
        for g in ("all", val[i]["modality"]):
            out[g]["star"] += np.asarray(star, int).reshape(-1, 3)
            out[g]["box"] += np.asarray(box, int).reshape(-1, 3)
            out[g]["inter"] += inter
            out[g]["union"] += union
            out[g]["n"] += 1
    log(f"evaluation of {len(val)} images, {len(star_combos)} polygon and {len(box_combos)} box settings: "
        f"(polygon candidate stride {stride}) {time.time() - t:.1f} s")
    _PRED = []
    return out


def summarize(out, si, bi):
    """Metrics per group for star setting index si and box setting index bi."""
    res = {}
    for g in GROUPS:
        o = out[g]
        if o["n"] == 0:
            continue
        tp, fp, fn = (int(a) for a in o["star"][si])
        btp, bfp, bfn = (int(a) for a in o["box"][bi])
        res[g] = dict(images=o["n"], nuclei_ap50=round(ap((tp, fp, fn)), 4), nuclei_tp=tp, nuclei_fp=fp, nuclei_fn=fn,
                      detect_box_ap50=round(ap((btp, bfp, bfn)), 4), box_tp=btp, box_fp=bfp, box_fn=bfn,
                      semantic_fg_iou=round(o["inter"] / max(o["union"], 1), 4))
    return res


def tune_and_evaluate(val, preds, workers=None, log=print, smoke=False):
    """Grid search of the decoder thresholds on val (max AP50 over all images), decoded as VisionJ
    decodes (StarDist overlap, stride-2 candidates), then of the ray offset at the chosen thresholds;
    returns the thresholds and their numbers."""
    prob_grid, nms_grid, score_grid, box_grid, offsets = PROB_GRID, NMS_GRID, SCORE_GRID, BOX_NMS_GRID, OFFSET_GRID
    if smoke:
        prob_grid, nms_grid, score_grid, box_grid, offsets = [0.5], [0.4], [0.5], [0.5], [0.0, 0.2]
    star_combos = [(p, n, 0.0) for p in prob_grid for n in nms_grid]
    box_combos = [(p, n) for p in score_grid for n in box_grid]
    out = evaluate(val, preds, star_combos, box_combos, workers, log, stride=STRIDE)
    si = int(np.argmax([ap(c) for c in out["all"]["star"]]))
    bi = int(np.argmax([ap(c) for c in out["all"]["box"]]))
    for k, (p, n, _) in enumerate(star_combos):
        log(f"  polygons prob>{p} nms {n}: AP50 all {ap(out['all']['star'][k]):.4f} "
            f"fluorescence {ap(out['fluorescence']['star'][k]):.4f}")
    for k, (p, n) in enumerate(box_combos):
        log(f"  boxes score>{p} nms_iou {n}: box AP50 all {ap(out['all']['box'][k]):.4f}")
    p, n, _ = star_combos[si]
    star_combos = [(p, n, off) for off in offsets]
    out = evaluate(val, preds, star_combos, [box_combos[bi]], workers, log, stride=STRIDE)
    si = int(np.argmax([ap(c) for c in out["all"]["star"]]))
    for k, (_, _, off) in enumerate(star_combos):
        log(f"  polygons prob>{p} nms {n} rays +{off} px: AP50 all {ap(out['all']['star'][k]):.4f} "
            f"fluorescence {ap(out['fluorescence']['star'][k]):.4f}")
    thr = dict(probability=p, nms_iou=n, ray_offset=star_combos[si][2],
               score=box_combos[bi][0], box_nms_iou=box_combos[bi][1])
    return thr, summarize(out, si, 0)


# ------------------------------------------------------------------------- modality
def resize128(img_u8, antialias=False):
    """uint8 [3,H,W] (numpy or tensor) -> float32 [1,3,128,128] in 0..255, bilinear."""
    x = torch.as_tensor(img_u8)[None].float()
    return F.interpolate(x, size=(128, 128), mode="bilinear", align_corners=False, antialias=antialias)


@torch.no_grad()
def evaluate_modality(model_fn, val, device, antialias=False):
    cm = np.zeros((3, 3), int)
    for v in val:
        x = resize128(v["img"], antialias).to(device) / 255.0
        pred = int(model_fn(x).argmax(1)[0])
        cm[MODALITIES.index(v["modality"]), pred] += 1
    return float(np.trace(cm) / max(cm.sum(), 1)), cm
