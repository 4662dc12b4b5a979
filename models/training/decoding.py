"""Decoding network outputs in Python, used to tune thresholds on val (VisionJ's Java decoders are the reference)."""
import math

import numpy as np

from targets import ray_angles

def star_inside(oy, ox, d, sin, cos):
    """Boolean mask: which offsets (oy, ox) from the centre lie in the star polygon of rays d."""
    R = d.shape[0]
    a = np.arctan2(oy, ox) % (2 * np.pi)
    k = np.floor(a / (2 * np.pi / R)).astype(np.int64) % R
    k1 = (k + 1) % R
    v0y, v0x = d[k] * sin[k], d[k] * cos[k]
    v1y, v1x = d[k1] * sin[k1], d[k1] * cos[k1]
    ey, ex = v1y - v0y, v1x - v0x
    cp = ex * (oy - v0y) - ey * (ox - v0x)
    co = ex * (-v0y) - ey * (-v0x)
    return (cp * co >= 0) & ~((co == 0) & ((oy != 0) | (ox != 0)))


def decode_star(prob, dist, prob_thresh, nms_thresh, stride=1, max_candidates=100000, overlap="iou"):
    """prob [H,W], dist [R,H,W] -> label image. Candidates: pixels with prob > prob_thresh (on a grid
    of the given stride, at most max_candidates of the most probable), in
    decreasing probability; a candidate polygon is dropped when its IoU with a kept one > nms_thresh.
    Kept polygons are painted in order, earlier (more probable) ones keep shared pixels.
    overlap="iou": intersection / union; "min": intersection / smaller area (StarDist's NMS)."""
    H, W = prob.shape
    sin, cos = ray_angles(dist.shape[0])
    grid = np.zeros_like(prob, dtype=bool)
    grid[::stride, ::stride] = True
    ys, xs = np.nonzero((prob > prob_thresh) & grid)
    order = np.argsort(-prob[ys, xs], kind="stable")[:max_candidates]
    owner = np.zeros((H, W), np.int32)
    areas = [0]
    for o in order:
        cy, cx = int(ys[o]), int(xs[o])
        d = dist[:, cy, cx].astype(np.float64)
        vy, vx = cy + d * sin, cx + d * cos
        y0, y1 = max(int(math.floor(vy.min())), 0), min(int(math.ceil(vy.max())), H - 1)
        x0, x1 = max(int(math.floor(vx.min())), 0), min(int(math.ceil(vx.max())), W - 1)
        oy = np.arange(y0, y1 + 1)[:, None] - cy + np.zeros((1, x1 - x0 + 1))
        ox = np.arange(x0, x1 + 1)[None, :] - cx + np.zeros((y1 - y0 + 1, 1))
        inside = star_inside(oy, ox, d, sin, cos)
        area = int(inside.sum())
        if area == 0:
            continue
        sub = owner[y0:y1 + 1, x0:x1 + 1]
        ids = sub[inside]
        ids = ids[ids > 0]
        if ids.size:
            u, c = np.unique(ids, return_counts=True)
            a_u = np.asarray(areas)[u]
            iou = c / (area + a_u - c) if overlap == "iou" else c / np.minimum(area, a_u)
            if iou.max() > nms_thresh:
                continue
        areas.append(area)
        sub[inside & (sub == 0)] = len(areas) - 1
    return owner


def decode_boxes(det, score_thresh, nms_thresh, size, max_candidates=100000):
    """det [5, N] (cx, cy, w, h, score) -> boxes [K,4] (x0,y0,x1,y1), as VisionJ's Detect gives them:
    greedy box NMS, then boxes clipped to the image (size = (height, width)), then NMS once more."""
    d = det[:, det[4] >= score_thresh]
    order = np.argsort(-d[4], kind="stable")[:max_candidates]
    b = np.stack([d[0] - d[2] / 2, d[1] - d[3] / 2, d[0] + d[2] / 2, d[1] + d[3] / 2], 1)[order]
    b = box_nms(b, nms_thresh)
    b = np.clip(b, 0, [size[1], size[0], size[1], size[0]])
    b = b[(b[:, 2] > b[:, 0]) & (b[:, 3] > b[:, 1])]
    return box_nms(b, nms_thresh)


def box_nms(b, nms_thresh):
    """Boxes [K,4], best first -> those not overlapping a better kept one by IoU > nms_thresh."""
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    alive = np.ones(len(b), bool)
    kept = []
    for i in range(len(b)):
        if not alive[i]:
            continue
        kept.append(i)
        iou = box_iou(b[i:i + 1], b[i + 1:], area[i:i + 1], area[i + 1:])[0]
        alive[i + 1:] &= iou <= nms_thresh
    return b[kept]


def box_iou(a, b, aa=None, ab=None):
    if aa is None:
        aa = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
        ab = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    ix = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    iy = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = ix * iy
    return inter / np.maximum(aa[:, None] + ab[None, :] - inter, 1e-9)


def gt_boxes(lbl):
    """Boxes of the label image in pixel-edge coordinates (x0, y0, x1, y1), pixel i = [i, i+1)."""
    from scipy import ndimage
    out = []
    for sl in ndimage.find_objects(lbl):
        if sl is not None:
            out.append([sl[1].start, sl[0].start, sl[1].stop, sl[0].stop])
    return np.asarray(out, np.float64).reshape(-1, 4)
