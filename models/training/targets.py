"""Training targets computed from label images: star-convex distances, object probability, three classes.

Star-convex rays (StarDist convention, which the Java decoder relies on; see docs/model-format.md): ray k points
at theta = 2*pi*k/R, dy = sin(theta) (rows), dx = cos(theta) (columns); the distance is in pixels from the pixel
centre to the object boundary (first pixel outside, minus StarDist's overshoot correction).
"""
import numpy as np
import torch

N_RAYS = 32

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
