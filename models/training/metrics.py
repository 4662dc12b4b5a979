"""Matching predictions with ground truth, the same rule as VisionJ's Java evaluate package: a prediction matches a
true object when their IoU is at least the threshold, one to one, greedily by decreasing IoU (StarDist's rule).
TrainingSmokeTest checks that both give the same counts."""
import numpy as np

from decoding import box_iou


def _greedy(first, second, iou, thresh):
    """How many one-to-one pairs (first[i], second[i]) with iou[i] >= thresh a greedy matching by decreasing IoU makes."""
    keep = iou >= thresh
    first, second, iou = first[keep], second[keep], iou[keep]
    used_a, used_b = set(), set()
    for o in np.argsort(-iou, kind="stable"):
        if first[o] not in used_a and second[o] not in used_b:
            used_a.add(first[o])
            used_b.add(second[o])
    return len(used_a)


def match_labels(gt, pred, thresh=0.5):
    """(TP, FP, FN) of matching label images by mask IoU."""
    g_ids = np.unique(gt[gt > 0])
    p_ids = np.unique(pred[pred > 0])
    if len(g_ids) == 0 or len(p_ids) == 0:
        return 0, len(p_ids), len(g_ids)
    g_area = np.bincount(gt.ravel())
    p_area = np.bincount(pred.ravel())
    both = (gt > 0) & (pred > 0)
    key = gt[both].astype(np.int64) * (int(pred.max()) + 1) + pred[both]
    k, inter = np.unique(key, return_counts=True)
    gi, pi = k // (int(pred.max()) + 1), k % (int(pred.max()) + 1)
    tp = _greedy(gi, pi, inter / (g_area[gi] + p_area[pi] - inter), thresh)
    return tp, len(p_ids) - tp, len(g_ids) - tp


def match_boxes(gt, pred, thresh=0.5):
    """(TP, FP, FN) of matching boxes [K, 4] (x0, y0, x1, y1) by box IoU."""
    if len(gt) == 0 or len(pred) == 0:
        return 0, len(pred), len(gt)
    iou = box_iou(pred, gt)
    pi, gi = np.nonzero(iou > 0)
    tp = _greedy(pi, gi, iou[pi, gi], thresh)
    return tp, len(pred) - tp, len(gt) - tp


def ap(c):
    tp, fp, fn = c
    return tp / max(tp + fp + fn, 1)
