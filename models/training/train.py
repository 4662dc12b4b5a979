#!/usr/bin/env python3
"""Train the four bundled VisionJ models from the DSB 2018 train split, tune on val, export.

  python3 models/training/train.py --data <dsb2018 dir> --out models --minutes 4.5 --device cuda

One multi-task U-Net (object probability + 32 ray distances + 3-class) gives `nuclei`,
`nuclei-semantic` and `nuclei-detect`; a small CNN gives `image-modality`.
Smoke test for CI (CPU, tiny subset and network, exits 1 if the loss did not decrease):

  python3 models/training/train.py --data <dsb2018 dir> --out /tmp/smoke --smoke
"""
import argparse
import contextlib
import functools
import json
import math
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import MODALITIES, load_image, load_labels, normalize, read_index  # noqa: E402
from targets import edt_prob, ray_perm, star_dist, three_class  # noqa: E402
from networks import ModalityNet, MultiTaskNet, DetectExport, SemanticExport, StarExport, pad16  # noqa: E402
import evaluation  # noqa: E402
import export  # noqa: E402

SAMPLE_WEIGHT = {"fluorescence": 0.6, "histology": 0.25, "brightfield": 0.15}


def autocast(enabled):
    return torch.autocast("cuda", dtype=torch.bfloat16) if enabled else contextlib.nullcontext()


def save_state(module, path):
    np.savez(path, **{k: v.detach().cpu().float().numpy() if v.is_floating_point() else v.cpu().numpy()
                      for k, v in module.state_dict().items()})


def log(*a):
    print(*a, flush=True)


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_set(data_dir, rows, device):
    out = []
    for r in rows:
        img = load_image(data_dir, r["split"], r["id"])
        lbl = load_labels(data_dir, r["split"], r["id"])
        out.append(dict(
            id=r["id"], modality=r["modality"], raw=torch.from_numpy(img).to(device),
            img=torch.from_numpy(normalize(img)).to(device),
            prob=torch.from_numpy(edt_prob(lbl)).to(device),
            sem=torch.from_numpy(three_class(lbl)).to(device),
            dist=star_dist(torch.from_numpy(lbl).to(device)).half()))
    return out


@functools.lru_cache(maxsize=None)
def perm_on(kind, device):
    """Ray permutation of a dihedral transform, kept on the device (a copy per batch would sync it)."""
    return torch.from_numpy(ray_perm(kind)).to(device)


def sample_crop(d, crop, g):
    """Random crop + zoom of one image (on its device); the rest of the augmentation is batched."""
    img, prob, dist, sem = d["img"], d["prob"], d["dist"], d["sem"]
    H, W = prob.shape
    z = math.exp(g.uniform(math.log(0.7), math.log(1.4))) if g.random() < 0.5 else 1.0
    s = min(int(round(crop / z)), H, W)
    y0, x0 = g.randint(0, H - s), g.randint(0, W - s)
    img, prob, sem = img[:, y0:y0 + s, x0:x0 + s], prob[y0:y0 + s, x0:x0 + s], sem[y0:y0 + s, x0:x0 + s]
    dist = dist[:, y0:y0 + s, x0:x0 + s].float()
    if s != crop:
        z = crop / s
        img = F.interpolate(img[None], size=(crop, crop), mode="bilinear", align_corners=False)[0]
        prob = F.interpolate(prob[None, None], size=(crop, crop), mode="bilinear", align_corners=False)[0, 0]
        dist = F.interpolate(dist[None], size=(crop, crop), mode="bilinear", align_corners=False)[0] * z
        sem = F.interpolate(sem[None, None].float(), size=(crop, crop), mode="nearest")[0, 0].long()
    return img, prob, dist, sem


def dihedral(img, prob, dist, sem, flip_x, flip_y, swap):
    """Per-sample flips and transposes of a batch (bool tensors [B]), with the rays permuted to match."""
    def pick(mask, a, b):
        return torch.where(mask.view(-1, *([1] * (a.dim() - 1))), a, b)
    for mask, kind, dims in ((flip_x, "flipx", (-1,)), (flip_y, "flipy", (-2,))):
        perm = perm_on(kind, dist.device)
        img, prob, sem = pick(mask, img.flip(dims), img), pick(mask, prob.flip(dims), prob), pick(mask, sem.flip(dims), sem)
        dist = pick(mask, dist.flip(dims)[:, perm], dist)
    perm = perm_on("transpose", dist.device)
    img, prob, sem = (pick(swap, t.transpose(-1, -2), t) for t in (img, prob, sem))
    dist = pick(swap, dist.transpose(-1, -2)[:, perm], dist)
    return img, prob, dist, sem


def make_batch(data, by_mod, batch, crop, g):
    """Crops of images drawn by modality weight; dihedral transforms, intensity scaling and offset,
    colour jitter and Gaussian noise, all drawn from g (Python RNG) so the batches are reproducible."""
    mods = [m for m in SAMPLE_WEIGHT if by_mod.get(m)]
    w = [SAMPLE_WEIGHT[m] for m in mods]
    items = [sample_crop(data[g.choice(by_mod[g.choices(mods, w)[0]])], crop, g) for _ in range(batch)]
    img, prob, dist, sem = (torch.stack(t) for t in zip(*items))
    dev = img.device
    r = torch.tensor([[g.random() for _ in range(3)] + [g.uniform(0.7, 1.4), g.uniform(-0.15, 0.15), g.random()]
                      + [g.uniform(0.9, 1.1) for _ in range(3)] + [g.random(), g.uniform(0.0, 0.05)]
                      for _ in range(batch)])
    r = r.pin_memory().to(dev, non_blocking=True) if dev.type == "cuda" else r
    img, prob, dist, sem = dihedral(img, prob, dist, sem, r[:, 0] < 0.5, r[:, 1] < 0.5, r[:, 2] < 0.5)
    img = img * r[:, 3].view(-1, 1, 1, 1) + r[:, 4].view(-1, 1, 1, 1)
    colour = torch.where((r[:, 5] < 0.5).view(-1, 1), r[:, 6:9], torch.ones_like(r[:, 6:9]))
    img = img * colour.view(-1, 3, 1, 1)
    sigma = torch.where(r[:, 9] < 0.3, r[:, 10], torch.zeros_like(r[:, 10]))
    img = img + torch.randn_like(img) * sigma.view(-1, 1, 1, 1)
    return [t.contiguous() for t in (img, prob, dist, sem)]


DIST_WEIGHT, DIST_FG_WEIGHT = 0.2, 0.3


def loss_fn(out, prob_t, dist_t, sem_t):
    """BCE(probability) + DIST_WEIGHT * L1(distances) + CE(three classes). The L1 of the rays is
    weighted by the probability target plus DIST_FG_WEIGHT on every object pixel (so that pixels
    near the boundary also predict the whole object), normalised by the sum of the weights."""
    pl, dl, sl = (o.float() for o in out)
    bce = F.binary_cross_entropy_with_logits(pl[:, 0], prob_t)
    w = (prob_t + DIST_FG_WEIGHT * (sem_t > 0).float())[:, None]
    l1 = (w * (dl - dist_t).abs()).sum() / (w.sum() * dl.shape[1] + 1e-6)
    ce = F.cross_entropy(sl, sem_t, weight=torch.tensor([1.0, 1.0, 1.5], device=sl.device))
    return bce + DIST_WEIGHT * l1 + ce


@torch.no_grad()
def validate(net, val, device, amp):
    net.eval()
    tot, inter, union = 0.0, 0, 0
    for d in val:
        H, W = d["prob"].shape
        with autocast(amp):
            out = net(pad16(d["img"][None]))
        out = [o[..., :H, :W] for o in out]
        loss = loss_fn(out, d["prob"][None], d["dist"][None].float(), d["sem"][None])
        tot += float(loss)
        fg = out[2][0].argmax(0) > 0
        gt = d["sem"] > 0
        inter += int((fg & gt).sum())
        union += int((fg | gt).sum())
    net.train()
    return tot / max(len(val), 1), inter / max(union, 1)


def train_nuclei(args, train, val, device, save=None):
    """Trains one U-Net per width in args.bases on the same batches (one draw of the augmentation
    serves all). Returns per width: (net, history, mean loss of the first 5 iterations, of the last
    epoch); and the number of iterations. save(base, net, history, iterations) is called each epoch."""
    g = random.Random(args.seed)
    nets, opts = [], []
    for base in args.bases:
        torch.manual_seed(args.seed)           # the same initialisation as a run with this width alone
        net = MultiTaskNet(base)
        if args.init:                          # continue an earlier run (a new schedule from --lr)
            (export.load_exported if os.path.isdir(args.init) else export.load_state)(net, args.init).train()
        nets.append(net.to(device))
        opts.append(torch.optim.AdamW(nets[-1].parameters(), lr=args.lr, weight_decay=1e-4))
    amp = device.type == "cuda"
    by_mod = {}
    for i, d in enumerate(train):
        by_mod.setdefault(d["modality"], []).append(i)
    budget = args.minutes * 60
    t0 = time.time()
    histories = [[] for _ in nets]
    sums = [torch.zeros((), device=device) for _ in nets]   # summed on the device: no sync per iteration
    first = [[] for _ in nets]
    it, epoch, n_sum = 0, 0, 0
    warmup = min(100, max(args.iterations // 10, 1)) if args.iterations else 100
    while True:
        frac = (time.time() - t0) / budget if not args.iterations else it / args.iterations
        if frac >= 1:
            break
        lr = args.lr * min(1.0, (it + 1) / warmup) * (0.5 * (1 + math.cos(math.pi * min(frac, 1.0))) * 0.98 + 0.02)
        img, prob, dist, sem = make_batch(train, by_mod, args.batch, args.crop, g)
        for k, (net, opt) in enumerate(zip(nets, opts)):
            for pg in opt.param_groups:
                pg["lr"] = lr
            with autocast(amp):
                out = net(img)
            loss = loss_fn(out, prob, dist, sem)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sums[k] += loss.detach()
            if it < 5:
                first[k].append(float(loss.detach()))
        n_sum += 1
        it += 1
        if it % args.epoch_iters == 0 or (args.iterations and it == args.iterations):
            epoch += 1
            for k, net in enumerate(nets):
                vl, viou = validate(net, val, device, amp)
                row = dict(epoch=epoch, iteration=it, seconds=round(time.time() - t0, 1), lr=round(lr, 6),
                           train_loss=round(float(sums[k]) / n_sum, 4), val_loss=round(vl, 4), val_fg_iou=round(viou, 4))
                histories[k].append(row)
                log(f"nuclei base={args.bases[k]} " + " ".join(f"{a}={v}" for a, v in row.items()))
                sums[k].zero_()
                if save:
                    save(args.bases[k], net, histories[k], it)
            n_sum = 0
    results = []
    for k, net in enumerate(nets):
        net.eval()
        last = [histories[k][-1]["train_loss"]] if histories[k] else []   # mean train loss of the last epoch
        results.append((net, histories[k], first[k], last))
    return results, it


def train_modality(args, train, val, device):
    g = random.Random(args.seed + 1)
    torch.manual_seed(args.seed + 1)
    net = ModalityNet(8 if args.smoke else 16).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    by_mod = {}
    for i, d in enumerate(train):
        by_mod.setdefault(d["modality"], []).append(i)
    mods = sorted(by_mod)
    val_raw = [dict(img=d["raw"], modality=d["modality"]) for d in val]
    iters = args.modality_iterations
    history, losses = [], []
    t0 = time.time()
    for it in range(iters):
        for pg in opt.param_groups:
            pg["lr"] = 2e-3 * 0.5 * (1 + math.cos(math.pi * it / iters))
        xs, ys = [], []
        for _ in range(args.modality_batch):
            m = g.choice(mods)                                  # class-balanced sampling
            d = train[g.choice(by_mod[m])]
            raw = d["raw"].float()
            H, W = raw.shape[-2:]
            f = g.uniform(0.6, 1.0) if g.random() < 0.5 else 1.0
            h, w = max(int(H * f), 16), max(int(W * f), 16)
            y0, x0 = g.randint(0, H - h), g.randint(0, W - w)
            x = F.interpolate(raw[None, :, y0:y0 + h, x0:x0 + w], size=(128, 128), mode="bilinear",
                              align_corners=False, antialias=g.random() < 0.5)[0] / 255.0
            if g.random() < 0.5:
                x = x.flip(-1)
            if g.random() < 0.5:
                x = x.flip(-2)
            if g.random() < 0.5:
                x = x.transpose(-1, -2)
            x = x * g.uniform(0.8, 1.2) + g.uniform(-0.08, 0.08)
            if g.random() < 0.3:
                x = x + torch.randn_like(x) * g.uniform(0, 0.03)
            xs.append(x)
            ys.append(MODALITIES.index(m))
        x = torch.stack(xs)
        y = torch.tensor(ys, device=device)
        loss = F.cross_entropy(net(x), y, label_smoothing=0.05)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(float(loss))
        if (it + 1) % max(iters // 10, 1) == 0:
            net.eval()
            acc, cm = evaluation.evaluate_modality(net, val_raw, device)
            net.train()
            row = dict(iteration=it + 1, seconds=round(time.time() - t0, 1), train_loss=round(float(np.mean(losses)), 4),
                       val_accuracy=round(acc, 4))
            history.append(row)
            log("modality " + " ".join(f"{k}={v}" for k, v in row.items()))
            losses = []
    net.eval()
    return net, history


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="dsb2018 folder (index.csv, train/, val/)")
    ap.add_argument("--out", required=True, help="where the model folders are written")
    ap.add_argument("--minutes", type=float, default=5.0, help="training time of the U-Net")
    ap.add_argument("--iterations", type=int, default=0, help="train this many iterations instead of --minutes")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--base", help="width of the U-Net (channels of its first level; 20, or 8 with --smoke); "
                                   "several, comma-separated, are trained side by side on the same batches, "
                                   "each into <out>/run-b<width>, and not evaluated")
    ap.add_argument("--batch", type=int, default=24)
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--epoch-iters", type=int, default=250)
    ap.add_argument("--dist-weight", type=float, default=0.2, help="weight of the ray-distance L1 loss")
    ap.add_argument("--dist-fg-weight", type=float, default=0.3,
                    help="extra weight of the distance loss on every object pixel (0: StarDist's weighting)")
    ap.add_argument("--modality-iterations", type=int, default=400)
    ap.add_argument("--modality-batch", type=int, default=48)
    ap.add_argument("--max-images", type=int, default=0, help="use only the first N train and N/4 val images")
    ap.add_argument("--workers", type=int, default=0, help="processes for the decode evaluation")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--smoke", action="store_true", help="CI: tiny subset and network, a few iterations, a quick "
                                                         "threshold grid; exits 1 if the loss of a fresh network did not decrease")
    ap.add_argument("--train-only", action="store_true", help="stop after writing <out>/run")
    ap.add_argument("--init", help="start the U-Net from the unet.npz of an earlier run of the same width, or "
                                   "from a folder of exported models (e.g. models: continue the bundled ones); "
                                   "then a shorter schedule with a smaller --lr")
    ap.add_argument("--resume", help="skip training: evaluate and export the run folder of an earlier "
                                     "training (unet.npz, modality.npz, train.json)")
    args = ap.parse_args()
    args.bases = [int(b) for b in (args.base or ("8" if args.smoke else "20")).split(",")]
    args.base = args.bases[0]
    if args.init and len(args.bases) > 1:
        ap.error("--init continues one network: give one --base, the width of the run it continues")
    if args.smoke:
        args.batch, args.crop, args.iterations = 8, 64, 60
        args.epoch_iters, args.modality_iterations, args.modality_batch = 20, 20, 8
        args.max_images = args.max_images or 8
        evaluation.MAX_CANDIDATES = 2000
    global DIST_WEIGHT, DIST_FG_WEIGHT
    DIST_WEIGHT, DIST_FG_WEIGHT = args.dist_weight, args.dist_fg_weight
    seed_all(args.seed)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    t_start = time.time()
    log(f"torch {torch.__version__}, device {device}, args {vars(args)}")
    tr_rows, va_rows = read_index(args.data, "train"), read_index(args.data, "val")
    if args.max_images:
        def pick(rows, n):   # keep every modality represented
            by = {}
            for r in rows:
                by.setdefault(r["modality"], []).append(r)
            out = []
            while len(out) < min(n, len(rows)):
                for m in sorted(by):
                    if by[m] and len(out) < n:
                        out.append(by[m].pop(0))
            return out
        tr_rows, va_rows = pick(tr_rows, args.max_images), pick(va_rows, max(args.max_images // 4, 3))
    if args.resume:
        with open(os.path.join(args.resume, "train.json")) as f:
            tr = json.load(f)
        history, mhistory, iters = tr["history"], tr["modality_history"], tr["iterations"]
        targs = tr["args"]
        args.base, args.minutes, args.smoke = targs["base"], targs["minutes"], targs["smoke"]
        args.bases = [args.base]
        net = export.load_state(MultiTaskNet(args.base), os.path.join(args.resume, "unet.npz")).to(device)
        mnet = export.load_state(ModalityNet(8 if args.smoke else 16), os.path.join(args.resume, "modality.npz")).to(device)
        run_dir = os.path.join(args.out, "run")
        os.makedirs(run_dir, exist_ok=True)
        for f in ("unet.npz", "modality.npz", "train.json"):
            if os.path.abspath(os.path.join(args.resume, f)) != os.path.abspath(os.path.join(run_dir, f)):
                shutil.copy(os.path.join(args.resume, f), run_dir)
        run_torch, run_device, run_gpu, run_args = tr["torch"], tr["device"], tr["gpu"], targs
        init_run = tr.get("init_run")
        first = last = []
    else:
        run_torch, run_device, run_gpu = (torch.__version__, str(device),
                                          torch.cuda.get_device_name(0) if device.type == "cuda" else None)
        train = load_set(args.data, tr_rows, device)
        val = load_set(args.data, va_rows, device)
        log(f"loaded {len(train)} train / {len(val)} val images with targets in {time.time() - t_start:.1f} s")

        init_run = None          # the earlier stage(s), kept for the model's record
        if args.init and os.path.exists(os.path.join(os.path.dirname(args.init), "train.json")):
            with open(os.path.join(os.path.dirname(args.init), "train.json")) as f:
                init_run = {k: v for k, v in json.load(f).items() if k != "modality_history"}
        elif args.init and os.path.isdir(args.init):
            init_run = dict(models=os.path.abspath(args.init),
                            weights_sha256=export.sha256(os.path.join(args.init, "nuclei", "weights.pt")))

        def run_folder(base):
            return os.path.join(args.out, "run" if len(args.bases) == 1 else f"run-b{base}")

        def save_run(base, net, history, iterations, mhistory=None):
            """unet.npz + train.json of one width, written each epoch so that a cut-off run keeps its model."""
            folder = run_folder(base)
            os.makedirs(folder, exist_ok=True)
            save_state(net, os.path.join(folder, "unet.npz"))
            with open(os.path.join(folder, "train.json"), "w") as f:
                json.dump(dict(history=history, modality_history=mhistory or [], iterations=iterations,
                               args=dict(vars(args), base=base, bases=[base]), torch=torch.__version__,
                               device=str(device), gpu=run_gpu, init_run=init_run), f, indent=1)

        results, iters = train_nuclei(args, train, val, device, save_run)
        for base, (_, _, first, last) in zip(args.bases, results):
            log(f"U-Net base {base}: {iters} iterations; train loss first 5 iterations {np.mean(first):.4f}, "
                f"last epoch {last[0] if last else float('nan'):.4f}")
        mnet, mhistory = train_modality(args, train, val, device)
        for base, (net_b, history_b, _, _) in zip(args.bases, results):
            save_run(base, net_b, history_b, iters, mhistory)
            save_state(mnet, os.path.join(run_folder(base), "modality.npz"))
        if len(args.bases) > 1 or args.train_only:
            log(f"trained in {time.time() - t_start:.1f} s; evaluate and export a run with --resume <run folder>")
            return
        net, history, first, last = results[0]
        run_dir = run_folder(args.base)
        run_args = dict(vars(args), bases=[args.base])
    # validation on whole images with the export modules (what Java runs)
    val_np = evaluation.load_val(args.data, va_rows)
    star, sem, det = StarExport(net, stride=2).eval(), SemanticExport(net).eval(), DetectExport(net).to(device).eval()
    preds = evaluation.predict(val_np, star, sem, det, device)
    thr, metrics = evaluation.tune_and_evaluate(val_np, preds, args.workers or None, log, args.smoke)
    acc, cm = evaluation.evaluate_modality(mnet, val_np, device, antialias=False)
    acc_aa, cm_aa = evaluation.evaluate_modality(mnet, val_np, device, antialias=True)
    result = dict(thresholds=thr, val=metrics,
                  modality=dict(accuracy=round(acc, 4), confusion=cm.tolist(), accuracy_antialias=round(acc_aa, 4),
                                confusion_antialias=cm_aa.tolist(), classes=MODALITIES),
                  history=history, modality_history=mhistory, iterations=iters, args=run_args,
                  torch=run_torch, device=run_device, gpu=run_gpu, init_run=init_run, evaluated_with=f"torch {torch.__version__} on {device}")
    log(json.dumps({k: result[k] for k in ("thresholds", "val", "modality")}, indent=1))

    with open(os.path.join(run_dir, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    export.export_all(args.data, run_dir, args.out)
    log(f"done in {time.time() - t_start:.1f} s")
    if args.smoke and not args.init and not args.resume:   # a fresh network must learn something
        ok = bool(first) and bool(last) and last[0] < np.mean(first)
        log(f"smoke: loss start {np.mean(first):.4f} end {last[0]:.4f} -> {'OK' if ok else 'FAILED'}")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
