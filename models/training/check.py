"""Self-checks of the target code (run: python3 models/training/check.py)."""
import numpy as np
import torch
from data import load_labels
from targets import star_dist, ray_perm, edt_prob, N_RAYS, ray_angles
from decoding import star_inside


def py_star_dist(a, n_rays):
    # StarDist's python reference (stardist/geometry/geom2d.py, _py_star_dist)
    dst = np.empty(a.shape + (n_rays,), np.float32)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            value = a[i, j]
            if value == 0:
                dst[i, j] = 0
                continue
            st_rays = np.float32((2 * np.pi) / n_rays)
            for k in range(n_rays):
                phi = np.float32(k * st_rays)
                dy, dx = np.cos(phi), np.sin(phi)
                x, y = np.float32(0), np.float32(0)
                while True:
                    x += dx
                    y += dy
                    ii, jj = int(round(i + x)), int(round(j + y))
                    if ii < 0 or ii >= a.shape[0] or jj < 0 or jj >= a.shape[1] or value != a[ii, jj]:
                        t_corr = 1 - .5 / max(np.abs(dx), np.abs(dy))
                        x -= t_corr * dx
                        y -= t_corr * dy
                        dst[i, j, k] = np.sqrt(x ** 2 + y ** 2)
                        break
    return dst


rng = np.random.default_rng(0)
lbl = np.zeros((40, 50), np.int32)
yy, xx = np.mgrid[:40, :50]
lbl[(yy - 15) ** 2 / 64 + (xx - 20) ** 2 / 120 < 1] = 1
lbl[(yy - 28) ** 2 / 50 + (xx - 35) ** 2 / 30 < 1] = 2
lbl[0:5, 44:50] = 3
ref = py_star_dist(lbl, N_RAYS).transpose(2, 0, 1)
got = star_dist(torch.from_numpy(lbl)).numpy()
print("star_dist max abs diff vs StarDist reference:", np.abs(ref - got).max())
assert np.abs(ref - got).max() < 1e-3

for kind, f in [("flipx", lambda a: a[..., ::-1]), ("flipy", lambda a: a[..., ::-1, :]),
                ("transpose", lambda a: np.swapaxes(a, -1, -2))]:
    l2 = np.ascontiguousarray(f(lbl))
    d2 = star_dist(torch.from_numpy(l2)).numpy()
    d1 = np.ascontiguousarray(f(got))[ray_perm(kind)]
    print(kind, "ray permutation max diff:", np.abs(d1 - d2).max())
    assert np.abs(d1 - d2).max() < 1e-3

# the batched augmentation of train.py: every combination of flips and transpose on a square crop
from itertools import product
from train import dihedral
sq = np.ascontiguousarray(lbl[:40, 10:50])
combos = list(product([False, True], repeat=3))
t = torch.from_numpy(sq)
d0 = star_dist(t)
masks = [torch.tensor([c[k] for c in combos]) for k in range(3)]
img, _, dist, _ = dihedral(t.float()[None, None].repeat(len(combos), 3, 1, 1), t.float()[None].repeat(len(combos), 1, 1),
                           d0[None].repeat(len(combos), 1, 1, 1), t[None].repeat(len(combos), 1, 1), *masks)
for b, (fx, fy, sw) in enumerate(combos):
    want = sq[:, ::-1] if fx else sq
    want = want[::-1] if fy else want
    want = np.ascontiguousarray(want.T if sw else want)
    assert np.array_equal(img[b, 0].numpy(), want.astype(np.float32)), (fx, fy, sw)
    diff = np.abs(dist[b].numpy() - star_dist(torch.from_numpy(want)).numpy()).max()
    assert diff < 1e-3, (fx, fy, sw, diff)
print("batched dihedral augmentation: 8 combinations match star_dist of the transformed labels")

# the stride-2 head of the detect export equals the full-resolution star output subsampled
from networks import MultiTaskNet as _Net, StarExport
_net = _Net(8).eval()
_x = torch.rand(1, 3, 64, 48)
with torch.no_grad():
    full, half = StarExport(_net)(_x)[..., ::2, ::2], StarExport(_net, stride=2)(_x)
print("stride-2 star head vs subsampled full head, max diff:", float((full - half).abs().max()))
assert full.shape == half.shape and float((full - half).abs().max()) < 1e-5

# the exports average the pass over the image with the pass over its transpose, mirrored back
from targets import ray_perm
from networks import SemanticExport
_xt = _x.transpose(2, 3)
_rays = torch.from_numpy(ray_perm("transpose"))


def _rays_back(y):   # output of the transposed pass, mirrored back: rays permuted
    y = y.transpose(2, 3)
    return torch.cat([y[:, :1], y[:, 1:][:, _rays]], 1)


with torch.no_grad():
    for stride in (1, 2):
        _star = StarExport(_net, stride=stride, ray_offset=0.2).eval()
        _mean = (_star.one_pass(_x) + _rays_back(_star.one_pass(_xt))) * 0.5
        _mean[:, 1:] += 0.2
        _out = _star(_x)
        d1, d2 = float((_out - _mean).abs().max()), float((_out - _rays_back(_star(_xt))).abs().max())
        print(f"stride-{stride} star export: vs mean of the two passes {d1:.1e}, vs its transpose's mirrored back {d2:.1e}")
        assert d1 < 1e-5 and d2 < 1e-5
    _sem = SemanticExport(_net).eval()
    _mean = (_sem.one_pass(_x) + _sem.one_pass(_xt).transpose(2, 3)) * 0.5
    assert float((_sem(_x) - _mean).abs().max()) < 1e-6
    assert float((_sem(_x) - _sem(_xt).transpose(2, 3)).abs().max()) < 1e-6
print("semantic export: the mean of the two passes, symmetric under transposition")

# star polygon of a pixel covers its object
s, c = ray_angles()
i, j = 15, 20
oy, ox = np.mgrid[-15:25, -20:30].astype(float)
m = star_inside(oy, ox, got[:, i, j].astype(float), s, c)
obj = lbl == 1
print("polygon vs object IoU:", (m & obj).sum() / (m | obj).sum())
p = edt_prob(lbl)
print("edt_prob range", p.min(), p.max())
print("ok")

# detect head: boxes of ground-truth polygons reproduce the label boxes (pixel-edge coordinates)
from data import read_index
from networks import DetectExport, MultiTaskNet
from decoding import decode_boxes, gt_boxes, box_iou
from metrics import match_boxes
import os
D = os.environ.get("DSB", "/work/shared/data/dsb2018")
if os.path.isdir(D):
    r = read_index(D, "val")[0]
    lbl = load_labels(D, "val", r["id"])[:256, :256]
    y = torch.cat([torch.from_numpy(edt_prob(lbl))[None], star_dist(torch.from_numpy(lbl))])[None]

    class Fixed(torch.nn.Module):     # the star head at the stride-2 candidates, as DetectExport's own
        def forward(self, x):
            return y[..., ::2, ::2]
    det = DetectExport(MultiTaskNet(4)).eval()
    det.star = Fixed()
    out = det(torch.zeros(1, 3, 256, 256))[0].numpy()
    b = decode_boxes(out, 0.5, 0.5, lbl.shape)
    g = gt_boxes(lbl)
    tp, fp, fn = match_boxes(g, b)
    print(f"GT polygons -> boxes: TP {tp} FP {fp} FN {fn}; mean best IoU {box_iou(g, b).max(1).mean():.3f}")
    assert tp >= 0.9 * len(g)

# the bundled multi-task U-Net comes back from its exports (train.py --init models) unchanged
from data import normalize
from export import load_exported
M = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
if os.path.isfile(os.path.join(M, "nuclei", "weights.pt")):
    base = torch.jit.load(os.path.join(M, "nuclei", "weights.pt")).state_dict()["unet.enc.0.0.weight"].shape[0]
    net = load_exported(MultiTaskNet(base), M)
    offset = float(getattr(torch.jit.load(os.path.join(M, "nuclei", "weights.pt")), "ray_offset", 0.0))
    for model, head in (("nuclei", StarExport(net, stride=2, ray_offset=offset)), ("nuclei-semantic", SemanticExport(net))):
        x = torch.from_numpy(normalize(np.load(os.path.join(M, model, "test_input.npy"))))
        with torch.no_grad():
            diff = float((head.eval()(x) - torch.from_numpy(np.load(os.path.join(M, model, "test_output.npy")))).abs().max())
        print(f"{model} rebuilt from its export: max diff to test_output.npy {diff:.2e}")
        assert diff < 1e-4
