#!/usr/bin/env python3
"""Write the four bioimage.io model folders from a training run (run/unet.npz, run/modality.npz,
run/result.json), with TorchScript weights made by the torch that runs this script.

  python3 models/training/export.py --data <dsb2018 dir> --run <out>/run --out models
"""
import argparse
import csv
import datetime
import hashlib
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import MODALITIES, load_image, load_labels, normalize, read_index  # noqa: E402
from targets import N_RAYS  # noqa: E402
from networks import DetectExport, ModalityNet, MultiTaskNet, SemanticExport, StarExport  # noqa: E402
from evaluation import resize128  # noqa: E402

CITE = """  - text: "Caicedo, J. C. et al. (2019). Nucleus segmentation across imaging experiments: the 2018 Data Science Bowl. Nature Methods 16, 1247-1253 (training data: DSB 2018 / BBBC038, CC0)"
    doi: 10.1038/s41592-019-0612-7
  - text: "Schmidt, U., Weigert, M., Broaddus, C., Myers, G. (2018). Cell detection with star-convex polygons. MICCAI (StarDist; ray convention)"
    doi: 10.1007/978-3-030-00934-2_30"""
CITE_DATA = """  - text: "Caicedo, J. C. et al. (2019). Nucleus segmentation across imaging experiments: the 2018 Data Science Bowl. Nature Methods 16, 1247-1253 (training data: DSB 2018 / BBBC038, CC0)"
    doi: 10.1038/s41592-019-0612-7"""
DATA_CITATION = ("Caicedo, J. C., Goodman, A., Karhohs, K. W., Cimini, B. A., Ackerman, J., Haghighi, M., Heng, C., "
                 "Becker, T., Doan, M., McQuin, C., Rohban, M., Singh, S., & Carpenter, A. E. (2019). Nucleus "
                 "segmentation across imaging experiments: the 2018 Data Science Bowl. *Nature Methods*, 16, "
                 "1247-1253. https://doi.org/10.1038/s41592-019-0612-7")

SEG_INPUT = """inputs:
  - id: input
    description: "RGB or gray image (a gray image is repeated into 3 channels), any size; y and x multiples of 16"
    axes:
      - type: batch
      - type: channel
        channel_names: [r, g, b]
      - type: space
        id: y
        size: {min: 16, step: 16}
      - type: space
        id: x
        size: {min: 16, step: 16}
    data: {type: float32}
    test_tensor: {source: test_input.npy, sha256: %(in_sha)s}
    preprocessing:
      - id: scale_range
        kwargs: {axes: [channel, y, x], min_percentile: 1.0, max_percentile: 99.8, eps: 1.0e-06}
"""


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def load_state(module, path):
    z = np.load(path)
    module.load_state_dict({k: torch.from_numpy(np.array(z[k])) for k in z.files})
    return module.eval()


def load_exported(net, models_dir):
    """The multi-task U-Net back from its exports: nuclei/weights.pt holds the U-Net and the star
    head, nuclei-semantic/weights.pt the three-class head. Lets a later run continue the bundled models."""
    star = torch.jit.load(os.path.join(models_dir, "nuclei", "weights.pt"), map_location="cpu").state_dict()
    sem = torch.jit.load(os.path.join(models_dir, "nuclei-semantic", "weights.pt"), map_location="cpu").state_dict()
    state = {k.replace("head.", "feat.0.", 1) if k.startswith("head.") else k: v for k, v in star.items()}
    state.update({k: v for k, v in sem.items() if k.startswith("sem.")})
    net.load_state_dict(state)
    return net.eval()


def seg_output(out_id, channels, description, halo=32, grid=1):
    """Output axes aligned with the input; with grid 2, one value per 2x2 input pixels (bioimage.io
    scale 2: size = input size / 2, halo in output pixels)."""
    scale = f"\n        scale: {grid}" if grid > 1 else ""
    halo //= grid
    return f"""outputs:
  - id: {out_id}
    description: "{description}"
    axes:
      - type: batch
      - type: channel
        channel_names: [{", ".join(channels)}]
      - type: space
        id: y
        size: {{tensor_id: input, axis_id: y}}{scale}
        halo: {halo}
      - type: space
        id: x
        size: {{tensor_id: input, axis_id: x}}{scale}
        halo: {halo}
    data: {{type: float32}}
    test_tensor: {{source: test_output.npy, sha256: %(out_sha)s}}
"""


def write_yaml(folder, text, torch_version):
    vals = dict(in_sha=sha256(os.path.join(folder, "test_input.npy")),
                out_sha=sha256(os.path.join(folder, "test_output.npy")),
                w_sha=sha256(os.path.join(folder, "weights.pt")), torch=torch_version)
    with open(os.path.join(folder, "bioimageio.yaml"), "w") as f:
        f.write(text % vals)


def header(name, description, tags, cite):
    return f"""format_version: 0.5.4
type: model
name: {name}
description: "{description}"
authors:
  - name: VisionJ developers
cite:
{cite}
license: MIT
documentation: README.md
timestamp: "{datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()}"
tags: [{", ".join(tags)}]
"""


WEIGHTS = """weights:
  torchscript:
    source: weights.pt
    sha256: %(w_sha)s
    pytorch_version: "%(torch)s"
"""


TEST_CROP = 192   # the 33-channel float32 test output of a 192x192 crop is 4.9 MB: keeps each folder under 20 MB


def pick_test_image(data_dir):
    """First val fluorescence image with at least 10 nuclei in its top-left crop of TEST_CROP pixels."""
    for r in read_index(data_dir, "val"):
        if r["modality"] == "fluorescence":
            lbl = load_labels(data_dir, "val", r["id"])[:TEST_CROP, :TEST_CROP]
            if len(np.unique(lbl)) > 10:
                return r["id"], load_image(data_dir, "val", r["id"])[:, :TEST_CROP, :TEST_CROP]
    raise RuntimeError("no test image")


def stages(res):
    """The run and the earlier runs it continued (--init), oldest first."""
    chain = [res]
    while chain[0].get("init_run"):
        chain.insert(0, chain[0]["init_run"])
    return chain


def training_record(res, torch_version):
    """How the run was made, as commands that reproduce it: one per stage when it continued earlier runs
    (--init). Iteration counts make the commands exact; on the GPU the runs were time-bounded."""
    a, where = res["args"], f"torch {res['torch']}{', ' + res['gpu'] if res.get('gpu') else ''}"
    train = "python3 models/training/train.py --data <dsb2018>"
    if a.get("smoke") and not res.get("init_run"):
        return f"Made by `{train} --out <dir> --smoke` ({where})."
    dev = res["device"].split(":")[0]
    exported = (f"`weights.pt` was then written by `python3 models/training/export.py --data <dsb2018> --run <dir>/run "
                f"--out models` with torch {torch_version}.")
    chain, origin, first_init = stages(res), "", ""
    if "models" in chain[0]:
        origin = (f"Continued from exported models (their `nuclei/weights.pt` has sha256 {chain[0]['weights_sha256']}; "
                  "their README says how they were made). ")
        chain, first_init = chain[1:], " --init <models>"
    if len(chain) == 1 and not origin:
        return (f"Trained, tuned and evaluated by `{train} --out <dir> --base {a['base']} --lr {a['lr']} "
                f"--epoch-iters {a['epoch_iters']} --iterations {res['iterations']} --device {dev}` (on the GPU: "
                f"`--minutes {a['minutes']}`, which gave {res['iterations']} iterations; {where}). {exported}")
    commands = []
    for k, r in enumerate(chain):
        ra, last = r["args"], k == len(chain) - 1
        init = f" --init <stage{k}>/run/unet.npz" if k else first_init
        commands.append(f"`{train} --out {'<dir>' if last else f'<stage{k + 1}>'}{init} --base {ra['base']} "
                        f"--lr {ra['lr']} --epoch-iters {ra['epoch_iters']} --iterations {r['iterations']} "
                        f"--device {dev}{'' if last else ' --train-only'}`")
    minutes = ", then ".join(f"`--minutes {r['args']['minutes']}`" for r in chain)
    stages_text = f"in {len(chain)} stage{'s' if len(chain) > 1 else ''}"
    return (f"{origin}Trained {stages_text} ({where}): " + ", then ".join(commands) +
            f" (on the GPU: {minutes}). {exported}")


def write_log(folder, rows):
    if not rows:
        return
    with open(os.path.join(folder, "training-log.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def export_all(data_dir, run_dir, out_dir):
    with open(os.path.join(run_dir, "result.json")) as f:
        res = json.load(f)
    a = res["args"]
    net = load_state(MultiTaskNet(a["base"]), os.path.join(run_dir, "unet.npz"))
    mnet = load_state(ModalityNet(8 if a["smoke"] else 16), os.path.join(run_dir, "modality.npz"))
    tv = torch.__version__.split("+")[0]
    thr = res["thresholds"]
    ray_offset = thr.get("ray_offset", 0.0)   # runs tuned before the ray calibration have none
    val = res["val"]
    test_id, test_img = pick_test_image(data_dir)
    x_raw = test_img.astype(np.float32)[None]                     # [1,3,crop,crop], 0..255, before preprocessing
    x = torch.from_numpy(normalize(x_raw))
    eval_cmd = "python3 models/training/evaluate.py --data <dsb2018> --models models"
    trained = training_record(res, tv)

    def table(keys):
        lines = ["| val group | images | " + " | ".join(k for k, _ in keys) + " |",
                 "|---|---:|" + "---:|" * len(keys)]
        for g in ("fluorescence", "histology", "brightfield", "all"):
            if g in val:
                lines.append(f"| {g} | {val[g]['images']} | " + " | ".join(str(f(val[g])) for _, f in keys) + " |")
        return "\n".join(lines)

    specs = []
    # ---------------------------------------------------------------- nuclei (star-convex)
    specs.append(dict(
        id="nuclei", module=StarExport(net, stride=2, ray_offset=ray_offset), name="VisionJ nuclei (star-convex)",
        description=("2D U-Net predicting StarDist-style star-convex polygons of cell nuclei (object probability + "
                     "32 radial distances), for fluorescence, histology and brightfield images. Trained on the "
                     "DSB 2018 nuclei data (Caicedo et al. 2019, Nature Methods, doi 10.1038/s41592-019-0612-7). "
                     "Input: percentile-normalised (1-99.8 over channel,y,x) RGB; gray images repeated into 3 channels."),
        tags=["nuclei", "instance-segmentation", "stardist", "fluorescence", "histology", "2d", "pytorch", "visionj"],
        output=seg_output("output", ["prob"] + [f"ray{k}" for k in range(N_RAYS)],
                          "channel 0: object probability (sigmoid); channels 1..32: distance in pixels from the pixel "
                          f"centre to the object boundary along ray k at angle 2*pi*k/32 (dy = sin, dx = cos), {ray_offset} "
                          "pixel added as calibration; "
                          "one value per 2x2 input pixels, for input pixel (2i, 2j)", grid=2),
        config=f"""config:
  visionj:
    task: instance
    decoder: star-convex
    classes: [nucleus]
    object_name: nucleus
    gray_to_rgb: true
    thresholds:
      probability: {thr['probability']}
      nms_iou: {thr['nms_iou']}
""",
        readme_metrics=table([("AP50 (TP/(TP+FP+FN))", lambda v: v["nuclei_ap50"]), ("TP", lambda v: v["nuclei_tp"]),
                              ("FP", lambda v: v["nuclei_fp"]), ("FN", lambda v: v["nuclei_fn"])]),
        conventions=f"""- input `[1, 3, y, x]` float32, y and x multiples of 16; gray images repeated into 3 channels;
  preprocessing `scale_range` with percentiles 1 and 99.8 computed jointly over (channel, y, x):
  `(v - p1) / (p99.8 - p1 + 1e-6)`.
- output `[1, 33, y/2, x/2]` (bioimage.io `scale: 2`, StarDist's grid 2): value (i, j) belongs to input
  pixel (row 2i, column 2j). Channel 0 object probability (sigmoid already applied), channels 1..32 ray
  distances in input pixels (ReLU, then + {ray_offset}: an empirical calibration chosen on val
  among 0-0.4 px at the tuned thresholds; without it the decoded polygons come out slightly smaller
  than the labelled nuclei). Ray k points at angle theta = 2*pi*k/32 with dy = sin(theta) (rows, down),
  dx = cos(theta) (columns, right): vertex k of the polygon of pixel (row r, column c) is
  (r + d_k sin theta_k, c + d_k cos theta_k) in pixel-centre coordinates (StarDist convention).
- the U-Net runs twice, on the input and on its transpose (rows and columns swapped), and the output is
  the mean of the two, the second mirrored back with its rays permuted (ray k of the transposed image is
  ray (8 - k) mod 32 here); on val this was more accurate than one pass at twice the network's time.
- decoding used for the numbers below (VisionJ's `star-convex` decoder): candidates = grid pixels with
  probability > {thr['probability']}, most probable first; greedy NMS drops a polygon that shares more than
  {thr['nms_iou']} of the smaller polygon's area with a kept one (StarDist's overlap); kept polygons are painted
  least probable first, so the more probable keeps shared pixels."""))
    # ---------------------------------------------------------------- semantic
    specs.append(dict(
        id="nuclei-semantic", module=SemanticExport(net), name="VisionJ nuclei (three-class semantic)",
        description=("2D U-Net predicting background / nucleus interior / nucleus boundary probabilities (softmax) "
                     "for fluorescence, histology and brightfield images. Trained on the DSB 2018 nuclei data "
                     "(Caicedo et al. 2019, Nature Methods, doi 10.1038/s41592-019-0612-7). Input: "
                     "percentile-normalised (1-99.8 over channel,y,x) RGB; gray images repeated into 3 channels."),
        tags=["nuclei", "semantic-segmentation", "fluorescence", "histology", "2d", "pytorch", "visionj"],
        output=seg_output("output", ["background", "nucleus", "boundary"],
                          "softmax probabilities of background, nucleus interior and nucleus boundary"),
        config="""config:
  visionj:
    task: semantic
    decoder: three-class
    classes: [nucleus, boundary]
    object_name: nucleus
    gray_to_rgb: true
""",
        readme_metrics=table([("foreground IoU", lambda v: v["semantic_fg_iou"])]),
        conventions="""- input as for `nuclei`: `[1, 3, y, x]` float32, multiples of 16, gray repeated into 3 channels,
  `scale_range` percentiles 1 / 99.8 jointly over (channel, y, x).
- output `[1, 3, y, x]`: softmax over channel 0 background, 1 interior, 2 boundary (boundary = object pixels
  with an 8-neighbour of another label or background, one pixel wide).
- as in `nuclei`, the output is the mean of the passes over the input and over its transpose (mirrored back).
- foreground = argmax is interior or boundary; IoU summed over the images of a group."""))
    # ---------------------------------------------------------------- detect
    specs.append(dict(
        id="nuclei-detect", module=DetectExport(net), name="VisionJ nuclei (boxes, YOLOv8 layout)",
        description=("Nucleus detector with YOLOv8 output layout: the star-convex U-Net of the VisionJ nuclei model, "
                     "whose polygons are turned into bounding boxes on a stride-2 grid. Trained on the DSB 2018 "
                     "nuclei data (Caicedo et al. 2019, Nature Methods, doi 10.1038/s41592-019-0612-7). Input: "
                     "percentile-normalised (1-99.8 over channel,y,x) RGB; gray images repeated into 3 channels."),
        tags=["nuclei", "object-detection", "yolov8-layout", "fluorescence", "histology", "2d", "pytorch", "visionj"],
        output="""outputs:
  - id: output
    description: "YOLOv8 layout [1, 5, N], N = (y/2)*(x/2) candidates (pixel (2a, 2b), row-major): cx, cy, w, h in input pixels (pixel i covers [i, i+1)), then the nucleus score"
    axes:
      - type: batch
      - type: channel
        channel_names: [cx, cy, w, h, nucleus]
      - type: index
        size: {min: 1}
    data: {type: float32}
    test_tensor: {source: test_output.npy, sha256: %(out_sha)s}
""",
        config=f"""config:
  visionj:
    task: detect
    decoder: yolov8
    classes: [nucleus]
    object_name: nucleus
    gray_to_rgb: true
    thresholds:
      score: {thr['score']}
      nms_iou: {thr['box_nms_iou']}
      max_detections: 3000
""",
        readme_metrics=table([("box AP50 (TP/(TP+FP+FN))", lambda v: v["detect_box_ap50"]), ("TP", lambda v: v["box_tp"]),
                              ("FP", lambda v: v["box_fp"]), ("FN", lambda v: v["box_fn"])]),
        conventions=f"""- input as for `nuclei`: `[1, 3, y, x]` float32, multiples of 16, gray repeated into 3 channels,
  `scale_range` percentiles 1 / 99.8 jointly over (channel, y, x).
- output `[1, 5, N]`, N = (y/2)·(x/2): candidate n is the pixel at row 2·(n // (x/2)), column 2·(n % (x/2)).
  Rows: cx, cy, w, h, score. x = column, y = row, in input pixels where pixel i covers [i, i+1) (so the centre
  of pixel i is i + 0.5). The box is the bounding box of the candidate's star polygon (vertices in pixel-centre
  coordinates + 0.5). Score = object probability (already a probability, no sigmoid needed).
  The probability and rays are `nuclei`'s: the mean of the passes over the input and over its transpose.
- decoding used for the numbers below: score > {thr['score']}, greedy box NMS at IoU {thr['box_nms_iou']};
  ground-truth boxes are the label bounding boxes [min, max + 1)."""))
    # ---------------------------------------------------------------- modality
    mres = res["modality"]
    cm = mres["confusion"]
    cm_txt = "\n".join(["| true \\ predicted | " + " | ".join(MODALITIES) + " |", "|---|---:|---:|---:|"] +
                       [f"| {MODALITIES[i]} | " + " | ".join(str(c) for c in cm[i]) + " |" for i in range(3)])
    specs.append(dict(
        id="image-modality", module=mnet, name="VisionJ image modality classifier",
        description=("Small CNN that tells whether a microscopy image of nuclei is fluorescence, brightfield or "
                     "histology. Input: the whole image resized to 128x128 (bilinear), values scaled by 1/255. "
                     "Trained on the DSB 2018 nuclei data (Caicedo et al. 2019, Nature Methods, "
                     "doi 10.1038/s41592-019-0612-7)."),
        tags=["classification", "image-modality", "microscopy", "2d", "pytorch", "visionj"],
        input_yaml="""inputs:
  - id: input
    description: "the whole image resized to 128x128 (bilinear), RGB 0..255 (gray repeated into 3 channels)"
    axes:
      - type: batch
      - type: channel
        channel_names: [r, g, b]
      - type: space
        id: y
        size: 128
      - type: space
        id: x
        size: 128
    data: {type: float32}
    test_tensor: {source: test_input.npy, sha256: %(in_sha)s}
    preprocessing:
      - id: scale_linear
        kwargs: {gain: 0.00392156862745098, offset: 0.0}
""",
        output="""outputs:
  - id: output
    description: "class logits (apply softmax): fluorescence, brightfield, histology"
    axes:
      - type: batch
      - type: channel
        channel_names: [fluorescence, brightfield, histology]
    data: {type: float32}
    test_tensor: {source: test_output.npy, sha256: %(out_sha)s}
""",
        config="""config:
  visionj:
    task: classify
    decoder: class-scores
    classes: [fluorescence, brightfield, histology]
    gray_to_rgb: true
""",
        readme_metrics=(f"Accuracy on val ({sum(map(sum, cm))} images, whole image resized bilinearly without "
                        f"antialiasing): **{mres['accuracy']}**; with antialiased resizing: {mres['accuracy_antialias']}.\n\n"
                        f"Confusion matrix (rows true, columns predicted):\n\n{cm_txt}"),
        conventions="""- input `[1, 3, 128, 128]` float32: the whole image resized to 128x128 with bilinear interpolation
  (trained with and without antialiasing), gray images repeated into 3 channels, then `scale_linear`
  gain 1/255 (values 0..1). No percentile normalisation.
- output `[1, 3]` logits in the order fluorescence, brightfield, histology (softmax gives probabilities)."""))

    for s in specs:
        folder = os.path.join(out_dir, s["id"])
        os.makedirs(folder, exist_ok=True)
        mod = torch.jit.script(s["module"].eval().to(memory_format=torch.channels_last))
        mod.save(os.path.join(folder, "weights.pt"))
        mod = torch.jit.load(os.path.join(folder, "weights.pt"))
        if s["id"] == "image-modality":
            xi = resize128(load_image(data_dir, "val", _first(data_dir, "histology"))).numpy().astype(np.float32)
            with torch.no_grad():
                yo = mod(torch.from_numpy(xi) / 255.0).numpy()
        else:
            xi = x_raw
            with torch.no_grad():
                yo = mod(x[None] if x.dim() == 3 else x).numpy()
        np.save(os.path.join(folder, "test_input.npy"), xi.astype(np.float32))
        np.save(os.path.join(folder, "test_output.npy"), yo.astype(np.float32))
        text = header(s["name"], s["description"], s["tags"], CITE if s["id"] != "image-modality" else CITE_DATA)
        text += s.get("input_yaml", SEG_INPUT) + s["output"] + WEIGHTS + s["config"]
        write_yaml(folder, text, tv)
        write_log(folder, res["modality_history"] if s["id"] == "image-modality" else
                  [dict(stage=k + 1, **row) for k, r in enumerate(stages(res)) for row in r.get("history", [])])
        with open(os.path.join(folder, "README.md"), "w") as f:
            f.write(readme(s, res, trained, eval_cmd, test_id))
        print(f"exported {folder}: weights.pt {os.path.getsize(os.path.join(folder, 'weights.pt')) / 1e6:.1f} MB, "
              f"test output {yo.shape}", flush=True)


def _first(data_dir, modality):
    return next(r["id"] for r in read_index(data_dir, "val") if r["modality"] == modality)


def readme(s, res, trained, eval_cmd, test_id):
    is_mod = s["id"] == "image-modality"
    a = res["args"]
    dist_w = (f" plus {a['dist_fg_weight']} on every object pixel, loss weight {a['dist_weight']}"
              if "dist_weight" in a else ", loss weight 0.1")
    how = ("A small CNN (5 conv/BN/ReLU/max-pool blocks, global average pool, linear layer), trained with "
           "class-balanced sampling (each batch draws the three classes equally often; brightfield has only 12 "
           "train images), random crops of 60-100 % of the image, flips, 90 degree rotations, brightness/contrast "
           "changes and noise, cross-entropy with label smoothing 0.05, AdamW. Every run of `train.py` trains it "
           "after the U-Net, from scratch with a fixed seed, whatever the U-Net's width or stage: each training "
           "command below makes this same classifier."
           if is_mod else
           f"One multi-task 2D U-Net (base {a['base']} channels, 4 poolings) is shared by `nuclei`, "
           "`nuclei-semantic` and `nuclei-detect`. Heads: object probability (StarDist normalised-EDT target, "
           "binary cross-entropy), 32 ray distances (StarDist `star_dist` targets, L1 weighted by the probability "
           f"target{dist_w}), three-class softmax (cross-entropy). Augmentation: random 256x256 crops with zoom 0.7-1.4, "
           "flips and 90 degree rotations (ray channels permuted accordingly), intensity scale/offset, per-channel "
           "colour scale, Gaussian noise. AdamW with cosine learning-rate decay, bf16 autocast on GPU. "
           "The decoder thresholds were tuned on val (grid search maximising AP50 over all val images), then "
           "the star head's ray offset (0-0.4 px added to every ray) at those thresholds.")
    return f"""# {s['name']}

{s['description']}

Part of VisionJ (Fiji plugin); the `config: visionj:` section of `bioimageio.yaml` tells VisionJ how to decode
the output (see `docs/model-format.md` of the repository).

## Tensor conventions

{s['conventions']}

Test tensors: `test_input.npy` is the raw input before preprocessing ({'val image ' + _short(test_id) + f', top-left {TEST_CROP}x{TEST_CROP} crop, gray repeated into 3 channels, values 0..255' if not is_mod else 'the first val histology image resized to 128x128, values 0..255'}); `test_output.npy` is the output of `weights.pt` for it after the preprocessing above.

## Training

Data: DSB 2018 nuclei (BBBC038, stage 1 train with the community mask fixes), train split only
(466 images: 379 fluorescence, 75 histology, 12 brightfield); the val split (99 images: 81 / 16 / 2) was used for
model selection and threshold tuning. The test split was not used.

{how}

{trained} Code: `models/training/` of the VisionJ repository (see its README). The per-epoch log is
`training-log.csv`.

## Validation (val split, measured by train.py)

{s['readme_metrics']}

Measured at the end of training by `train.py` on the whole val images; re-measure the exported weights with
`{eval_cmd}`.
These are validation numbers (the thresholds were tuned on the same images), not test numbers.

## Licence and data

Model: MIT. Training data: CC0 1.0, from the 2018 Data Science Bowl (BBBC038). Please cite:

{DATA_CITATION}
"""


def _short(i):
    return i[:12] + "…"


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--run", required=True, help="folder with unet.npz, modality.npz, result.json")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    export_all(args.data, args.run, args.out)
