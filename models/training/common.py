"""Shared code of the VisionJ training tools: data, targets, networks, decoding, metrics.

Conventions (the Java decoders rely on them, see docs/model-format.md):
  * images are [C=3, y, x]; a gray image is repeated into 3 channels;
  * segmentation input normalisation: scale_range, percentiles 1 and 99.8 taken jointly
    over (channel, y, x) of the whole input, out = (x - p1) / (p99.8 - p1 + 1e-6);
  * star-convex rays (StarDist convention): ray k points at theta = 2*pi*k/R,
    dy = sin(theta) (rows), dx = cos(theta) (columns); the distance is in pixels from the
    pixel centre to the object boundary (first pixel outside, minus StarDist's overshoot
    correction).
"""
import csv
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

N_RAYS = 32
P_LOW, P_HIGH, EPS = 1.0, 99.8, 1e-6
MODALITIES = ["fluorescence", "brightfield", "histology"]   # classifier class order


# ----------------------------------------------------------------------------- data
def read_index(data_dir, split):
    with open(os.path.join(data_dir, "index.csv")) as f:
        return [r for r in csv.DictReader(f) if r["split"] == split]


def load_image(data_dir, split, image_id):
    """uint8 [3, H, W]; gray images are repeated into 3 channels."""
    a = np.asarray(Image.open(os.path.join(data_dir, split, "images", image_id + ".png")))
    if a.ndim == 2:
        a = np.repeat(a[None], 3, axis=0)
    else:
        a = np.ascontiguousarray(a[..., :3].transpose(2, 0, 1))
    return a


def load_labels(data_dir, split, image_id):
    import tifffile
    return tifffile.imread(os.path.join(data_dir, split, "labels", image_id + ".tif")).astype(np.int32)


def normalize(img):
    """scale_range over (channel, y, x): percentiles 1 / 99.8, float32."""
    x = np.asarray(img, dtype=np.float32)
    lo, hi = np.percentile(x, [P_LOW, P_HIGH])
    return ((x - lo) / (hi - lo + EPS)).astype(np.float32)


# -------------------------------------------------------------------------- targets
def ray_angles(n_rays=N_RAYS):
    phi = np.arange(n_rays, dtype=np.float32) * np.float32(2 * np.pi / n_rays)
    return np.sin(phi).astype(np.float32), np.cos(phi).astype(np.float32)


@torch.no_grad()
def star_dist(lbl, n_rays=N_RAYS):
    """StarDist radial distances of every object pixel, [R, H, W] float32 (0 on background).

    Same marching as StarDist's python reference (_py_star_dist): step 1 pixel along the ray,
    round to the nearest pixel, stop at the first pixel with another label (or outside),
    then step back by 1 - 0.5 / max(|dy|, |dx|). lbl: int tensor [H, W] on any device."""
    H, W = lbl.shape
    dev = lbl.device
    out = torch.zeros(n_rays, H * W, device=dev)
    fg = torch.nonzero(lbl.reshape(-1) > 0).reshape(-1)
    if fg.numel() == 0:
        return out.reshape(n_rays, H, W)
    s, c = ray_angles(n_rays)
    sin = torch.from_numpy(s).to(dev)
    cos = torch.from_numpy(c).to(dev)
    P = fg.numel()
    pix = fg.repeat(n_rays)                       # [R*P], ray-major
    ray = torch.arange(n_rays, device=dev).repeat_interleave(P)
    by = (pix // W).float()
    bx = (pix % W).float()
    ddy, ddx = sin[ray], cos[ray]
    val = lbl.reshape(-1)[pix]
    oy = torch.zeros_like(by)
    ox = torch.zeros_like(bx)
    flat = lbl.reshape(-1)
    res = torch.zeros(n_rays * P, device=dev)
    idx = torch.arange(n_rays * P, device=dev)
    while idx.numel() > 0:
        oy = oy + ddy
        ox = ox + ddx
        ii = torch.round(by + oy).long()
        jj = torch.round(bx + ox).long()
        outside = (ii < 0) | (ii >= H) | (jj < 0) | (jj >= W)
        lab = flat[(ii.clamp(0, H - 1) * W + jj.clamp(0, W - 1))]
        stop = outside | (lab != val)
        if bool(stop.any()):
            corr = 1 - 0.5 / torch.maximum(ddy[stop].abs(), ddx[stop].abs())
            y = oy[stop] - corr * ddy[stop]
            x = ox[stop] - corr * ddx[stop]
            res[idx[stop]] = torch.sqrt(y * y + x * x)
            keep = ~stop
            idx, by, bx, ddy, ddx, val, oy, ox = (t[keep] for t in (idx, by, bx, ddy, ddx, val, oy, ox))
    out[ray, pix] = res
    return out.reshape(n_rays, H, W)


def edt_prob(lbl):
    """StarDist object probability: per-object Euclidean distance transform / its maximum."""
    from scipy import ndimage
    out = np.zeros(lbl.shape, np.float32)
    padded = np.pad(lbl, 1)
    for i, sl in enumerate(ndimage.find_objects(padded), start=1):
        if sl is None:
            continue
        sl = tuple(slice(max(s.start - 1, 0), s.stop + 1) for s in sl)
        m = padded[sl] == i
        d = ndimage.distance_transform_edt(m)
        d = d / max(d.max(), 1e-6)
        ys, xs = np.nonzero(m)
        out[ys + sl[0].start - 1, xs + sl[1].start - 1] = d[m]
    return out


def three_class(lbl):
    """0 background, 1 interior, 2 boundary (object pixels with an 8-neighbour of another label)."""
    p = np.pad(lbl, 1, mode="edge")
    H, W = lbl.shape
    diff = np.zeros(lbl.shape, bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dy or dx:
                diff |= p[1 + dy:1 + dy + H, 1 + dx:1 + dx + W] != lbl
    out = (lbl > 0).astype(np.int64)
    out[(lbl > 0) & diff] = 2
    return out


# Ray permutations for the dihedral augmentations (tested in check.py):
# flip x (columns): theta -> pi - theta ; flip y (rows): theta -> -theta ;
# transpose (swap y and x): theta -> pi/2 - theta.
def ray_perm(kind, n_rays=N_RAYS):
    k = np.arange(n_rays)
    if kind == "flipx":
        return (n_rays // 2 - k) % n_rays
    if kind == "flipy":
        return (-k) % n_rays
    if kind == "transpose":
        return (n_rays // 4 - k) % n_rays
    raise ValueError(kind)


# ------------------------------------------------------------------------- networks
def conv_block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UpBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = conv_block(2 * cout, cout)

    def forward(self, x, skip):
        return self.conv(torch.cat([self.up(x), skip], 1))


class UNet(nn.Module):
    """2D U-Net, 4 poolings (sizes must be multiples of 16); returns features [B, base, H, W]."""

    def __init__(self, base=16, in_ch=3):
        super().__init__()
        ch = [base, base * 2, base * 4, base * 8, base * 16]
        self.enc = nn.ModuleList([conv_block(in_ch, ch[0])] + [conv_block(ch[i - 1], ch[i]) for i in range(1, 5)])
        self.dec = nn.ModuleList([UpBlock(ch[i + 1], ch[i]) for i in range(3, -1, -1)])  # deepest first

    def forward(self, x):
        skips = []
        for i, enc in enumerate(self.enc):
            x = enc(x)
            if i < 4:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for i, dec in enumerate(self.dec):
            x = dec(x, skips[3 - i])
        return x


class MultiTaskNet(nn.Module):
    """Shared U-Net with three heads: object probability (logit), R ray distances, 3-class logits."""

    def __init__(self, base=16, n_rays=N_RAYS, dist_scale=10.0):
        super().__init__()
        self.unet = UNet(base)
        hid = 2 * base
        self.feat = nn.Sequential(nn.Conv2d(base, hid, 3, padding=1), nn.ReLU(inplace=True))
        self.prob = nn.Conv2d(hid, 1, 1)
        self.dist = nn.Conv2d(hid, n_rays, 1)
        self.sem = nn.Conv2d(base, 3, 1)
        self.dist_scale = dist_scale

    def forward(self, x):
        f = self.unet(x)
        h = self.feat(f)
        return self.prob(h), self.dist(h) * self.dist_scale, self.sem(f)


def channels_last(x):
    """The U-Net's convolutions run about 1.5x faster on CPU (DJL's PyTorch 2.7.1, 2 cores) in
    channels-last memory layout: the exports convert their input to it, export.py their weights."""
    return x.contiguous(memory_format=torch.channels_last)


def transposed(x):
    """x mirrored on its diagonal (rows and columns swapped), in channels-last layout."""
    return channels_last(x.transpose(2, 3))


class StarExport(nn.Module):
    """[B,3,H,W] normalised -> [B, 1+R, H/stride, W/stride]: sigmoid probability, then R distances
    (pixels), at the pixels (stride*i, stride*j). The 3x3 head convolution runs with that stride, so a
    stride of 2 computes a quarter of the head and equals the full-resolution output subsampled.

    The output is the mean of two passes, over the image and over its transpose (mirrored back, rays
    permuted): on val this beat one pass and the other mirror pairs tried (docs/models.md), at twice the
    U-Net's time. A transpose maps the stride grid onto itself for any H, W.
    ray_offset (pixels) is added to every distance: an empirical calibration that train.py picks on
    val (evaluation.OFFSET_GRID); without it the decoded polygons come out slightly smaller than the
    labelled nuclei."""

    def __init__(self, net, stride: int = 1, ray_offset: float = 0.0):
        super().__init__()
        self.unet, self.head, self.prob, self.dist = net.unet, net.feat[0], net.prob, net.dist
        self.dist_scale = float(net.dist_scale)
        self.stride = stride
        self.ray_offset = float(ray_offset)
        self.transposed_rays = [int(k) for k in ray_perm("transpose", net.dist.out_channels)]   # not a weight

    def one_pass(self, x):
        h = torch.relu(F.conv2d(self.unet(x), self.head.weight, self.head.bias, self.stride, 1))
        return torch.cat([torch.sigmoid(self.prob(h)), torch.relu(self.dist(h) * self.dist_scale)], 1)

    def forward(self, x):
        x = channels_last(x)
        t = self.one_pass(transposed(x)).transpose(2, 3)
        t = torch.cat([t[:, :1], t[:, 1:].index_select(1, torch.tensor(self.transposed_rays, device=x.device))], 1)
        y = (self.one_pass(x) + t) * 0.5
        return torch.cat([y[:, :1], y[:, 1:] + self.ray_offset], 1).contiguous()


class SemanticExport(nn.Module):
    """[B,3,H,W] normalised -> [B,3,H,W] softmax: background, interior, boundary; the mean of the
    image's and its transpose's pass, as StarExport."""

    def __init__(self, net):
        super().__init__()
        self.unet, self.sem = net.unet, net.sem

    def one_pass(self, x):
        return torch.softmax(self.sem(self.unet(x)), 1)

    def forward(self, x):
        x = channels_last(x)
        return ((self.one_pass(x) + self.one_pass(transposed(x)).transpose(2, 3)) * 0.5).contiguous()


class DetectExport(nn.Module):
    """[B,3,H,W] normalised -> [B, 5, (H/2)*(W/2)] YOLOv8 layout.

    Candidates: pixels (row 2a, column 2b), row-major. Each candidate's star polygon
    (vertices row = r + d_k sin(theta_k), col = c + d_k cos(theta_k), pixel-centre coordinates)
    is turned into its bounding box; +0.5 converts to pixel-edge coordinates, where pixel i
    covers [i, i+1). Rows: cx, cy, w, h (x = column, y = row, input pixels), score (probability)."""

    def __init__(self, net, n_rays=N_RAYS):
        super().__init__()
        self.star = StarExport(net, stride=2)
        s, c = ray_angles(n_rays)
        self.register_buffer("sin", torch.from_numpy(s).view(1, -1, 1, 1))
        self.register_buffer("cos", torch.from_numpy(c).view(1, -1, 1, 1))

    def forward(self, x):
        y = self.star(x)
        p = y[:, 0:1]
        d = y[:, 1:]
        b = d.size(0)
        h = d.size(2)
        w = d.size(3)
        rows = (torch.arange(h, device=x.device).to(x.dtype) * 2.0).view(1, 1, h, 1)
        cols = (torch.arange(w, device=x.device).to(x.dtype) * 2.0).view(1, 1, 1, w)
        vy = rows + d * self.sin
        vx = cols + d * self.cos
        x0 = torch.min(vx, 1, keepdim=True)[0] + 0.5
        x1 = torch.max(vx, 1, keepdim=True)[0] + 0.5
        y0 = torch.min(vy, 1, keepdim=True)[0] + 0.5
        y1 = torch.max(vy, 1, keepdim=True)[0] + 0.5
        out = torch.cat([(x0 + x1) * 0.5, (y0 + y1) * 0.5, x1 - x0, y1 - y0, p], 1)
        return out.reshape(b, 5, h * w)


class ModalityNet(nn.Module):
    """Small CNN: [B,3,128,128] in 0..1 -> [B,3] logits (fluorescence, brightfield, histology)."""

    def __init__(self, base=16):
        super().__init__()
        layers = []
        cin = 3
        for i in range(5):
            cout = base * 2 ** min(i, 3)
            layers += [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                       nn.ReLU(inplace=True), nn.MaxPool2d(2)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, 3)

    def forward(self, x):
        return self.fc(torch.mean(self.features(x), dim=(2, 3)))


def pad16(x):
    """Reflect-pad a [B,C,H,W] tensor at the bottom/right to multiples of 16."""
    H, W = x.shape[-2:]
    ph, pw = (-H) % 16, (-W) % 16
    if ph or pw:
        x = F.pad(x, (0, pw, 0, ph), mode="reflect")
    return x


# ------------------------------------------------------------------------- decoding
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


# -------------------------------------------------------------------------- metrics
def match_labels(gt, pred, thresh=0.5):
    """(TP, FP, FN) of a one-to-one matching by mask IoU > thresh (unique for disjoint masks)."""
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
    iou = inter / (g_area[gi] + p_area[pi] - inter)
    tp = int((iou > thresh).sum())
    return tp, len(p_ids) - tp, len(g_ids) - tp


def match_boxes(gt, pred, thresh=0.5):
    if len(gt) == 0 or len(pred) == 0:
        return 0, len(pred), len(gt)
    iou = box_iou(pred, gt)
    pi, gi = np.nonzero(iou > thresh)
    order = np.argsort(-iou[pi, gi], kind="stable")
    used_p, used_g = set(), set()
    for o in order:
        if pi[o] not in used_p and gi[o] not in used_g:
            used_p.add(pi[o])
            used_g.add(gi[o])
    tp = len(used_p)
    return tp, len(pred) - tp, len(gt) - tp


def ap(c):
    tp, fp, fn = c
    return tp / max(tp + fp + fn, 1)
