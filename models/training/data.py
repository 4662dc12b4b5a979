"""Reading the DSB 2018 training layout (index.csv, images/, labels/) and the input normalisation.

Segmentation input normalisation (the Java side reads it from the exported description): scale_range,
percentiles 1 and 99.8 taken jointly over (channel, y, x) of the whole input,
out = (x - p1) / (p99.8 - p1 + 1e-6). Images are [C=3, y, x]; a gray image is repeated into 3 channels.
"""
import csv
import os

import numpy as np
from PIL import Image

P_LOW, P_HIGH, EPS = 1.0, 99.8, 1e-6
MODALITIES = ["fluorescence", "brightfield", "histology"]   # classifier class order

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
