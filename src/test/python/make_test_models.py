"""Builds the tiny TorchScript models that VisionJ's tests run (src/test/resources/models/).

Each model is small, deterministic and has an output that the tests can predict exactly, so
tiling, stitching, letterboxing, decoding and box mapping are checked against known values.
Run from the repository root with any PyTorch >= 1.13:  python3 src/test/python/make_test_models.py [name ...]
(no names: all models). The weights are checked in; rerunning rewrites them with the same values
(the TorchScript archive and so its sha256 may differ byte for byte).
"""
import hashlib
import os
import sys

import numpy as np
import torch
from torch import nn

ROOT = os.path.join("src", "test", "resources", "models")


class TinyConv(nn.Module):
    """Three 3x3 convolutions (receptive field 7x7): a halo of 4 makes tiling exact."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(7)
        self.body = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1), nn.Tanh(),
            nn.Conv2d(4, 4, 3, padding=1), nn.Tanh(),
            nn.Conv2d(4, 2, 3, padding=1))

    def forward(self, x):
        return self.body(x)


class TinyGrid(nn.Module):
    """A 3x3 convolution, then a 3x3 convolution of stride 2: two maps at half the input size, value
    (i, j) at input pixel (2i, 2j) (StarDist's grid 2). Receptive field 5x5: a halo of 2 output
    pixels (4 input pixels) makes tiling exact."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(5)
        self.body = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.Tanh(), nn.Conv2d(3, 2, 3, stride=2, padding=1))

    def forward(self, x):
        return self.body(x)


class Tiny3d(nn.Module):
    """Two 3x3x3 convolutions: foreground logit of a 3D image (receptive field 5)."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(11)
        self.body = nn.Sequential(nn.Conv3d(1, 3, 3, padding=1), nn.Tanh(), nn.Conv3d(3, 1, 3, padding=1))

    def forward(self, x):
        return self.body(x)


class TinyValid(nn.Module):
    """Two 3x3 convolutions without padding: two maps 2 pixels smaller than the input on each side
    (bioimage.io offset -4); receptive field 5x5, so tiles need no halo beyond that border."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(13)
        self.body = nn.Sequential(nn.Conv2d(1, 3, 3), nn.Tanh(), nn.Conv2d(3, 2, 3))

    def forward(self, x):
        return self.body(x)


class NewAxis(nn.Module):
    """A 3x3 convolution to two maps, returned with a new z axis of size 1 ([1, 2, 1, H, W])."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(17)
        self.conv = nn.Conv2d(1, 2, 3, padding=1)

    def forward(self, x):
        return self.conv(x).unsqueeze(2)


class Singleton(nn.Module):
    """A 2D model in 5D: [1, 1, 1, H, W] in, a 1x3x3 convolution, [1, 1, 1, H, W] out."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(19)
        self.conv = nn.Conv3d(1, 1, (1, 3, 3), padding=(0, 1, 1))

    def forward(self, x):
        return self.conv(x)


class SwapChannels(nn.Module):
    """Any number of channels in, the same number out in reverse order, times 2."""

    def forward(self, x):
        return 2.0 * x.flip([1])


class FixedBoxes(nn.Module):
    """A 64x64 detector that always returns the same three boxes (YOLOv8 layout [1, 4+2, 3])."""

    def __init__(self, yolov5: bool):
        super().__init__()
        self.yolov5 = yolov5
        # cx, cy, w, h, score class 0, score class 1
        self.register_buffer("boxes", torch.tensor([
            [16.0, 16.0, 8.0, 8.0, 0.9, 0.1],
            [40.0, 20.0, 10.0, 6.0, 0.2, 0.8],
            [17.0, 16.0, 8.0, 8.0, 0.5, 0.0],  # overlaps the first: removed by NMS
        ]))

    def forward(self, x):
        b = self.boxes + 0.0 * x.mean()
        if self.yolov5:  # [1, N, 5 + K]: objectness 1, class scores as above
            ones = torch.ones(3, 1)
            return torch.cat([b[:, :4], ones, b[:, 4:]], dim=1).unsqueeze(0)
        return b.t().unsqueeze(0)


class SpotDetector(nn.Module):
    """Fully convolutional: one candidate per 4x4 cell, an 8x8 box centred on the cell's
    pixel (2, 2), score = that pixel's value. YOLOv8 layout [1, 5, H*W/16]."""

    def forward(self, x):
        s = x[:, 0:1, 2::4, 2::4]
        h = s.shape[2]
        w = s.shape[3]
        ys = torch.arange(h, dtype=torch.float32).view(h, 1).expand(h, w) * 4.0 + 2.5
        xs = torch.arange(w, dtype=torch.float32).view(1, w).expand(h, w) * 4.0 + 2.5
        size = torch.full([h, w], 8.0)
        out = torch.stack([xs, ys, size, size, s[0, 0]], dim=0)
        return out.reshape(1, 5, h * w)


class Identity(nn.Module):
    """The input as a foreground probability: decoding is then tested on known objects."""

    def forward(self, x):
        return x.clamp(0.0, 1.0)


class MeanClassifier(nn.Module):
    """Logits [10 m, 10 (1 - m), 0] of the mean m of a 32x32 image scaled to [0, 1]."""

    def forward(self, x):
        m = x.mean()
        return torch.stack([10.0 * m, 10.0 * (1.0 - m), 0.0 * m]).unsqueeze(0)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def save(name, module, example, yaml_body):
    if len(sys.argv) > 1 and name not in sys.argv[1:]:
        return
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    scripted = torch.jit.script(module.eval())
    weights = os.path.join(folder, "weights.pt")
    scripted.save(weights)
    with torch.no_grad():
        out = scripted(example)
    np.save(os.path.join(folder, "test_input.npy"), example.numpy().astype(np.float32))
    np.save(os.path.join(folder, "test_output.npy"), out.numpy().astype(np.float32))
    text = yaml_body.replace("@SHA@", sha256(weights)).replace("@TORCH@", torch.__version__.split("+")[0])
    with open(os.path.join(folder, "bioimageio.yaml"), "w") as f:
        f.write(text)


HEADER = """format_version: 0.5.4
type: model
name: {name}
description: {description}
authors: [{{name: VisionJ developers}}]
cite: [{{text: VisionJ test model, url: 'https://github.com/visionj/visionj'}}]
license: MIT
documentation: ../README.md
"""

HEADER_V04 = """format_version: 0.4.10
type: model
name: {name}
description: {description}
authors: [{{name: VisionJ developers}}]
cite: [{{text: VisionJ test model, url: 'https://github.com/visionj/visionj'}}]
license: MIT
documentation: ../README.md
timestamp: '2026-11-28T00:00:00Z'
test_inputs: [test_input.npy]
test_outputs: [test_output.npy]
"""

WEIGHTS = """weights:
  torchscript:
    source: weights.pt
    sha256: "@SHA@"
    pytorch_version: "@TORCH@"
"""


def space(axis, size):
    return "      - {type: space, id: %s, size: %s}\n" % (axis, size)


def input_section(tensor_id, *axes):
    """The inputs: one tensor (batch, one channel named raw, the given (axis, size) space axes)."""
    return (f"inputs:\n  - id: {tensor_id}\n    axes:\n      - {{type: batch}}\n"
            "      - {type: channel, channel_names: [raw]}\n"
            + "".join(space(a, size) for a, size in axes) + "    test_tensor: {source: test_input.npy}\n")


def main():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)

    save("tiny-conv", TinyConv(), torch.tensor(rng.random((1, 1, 40, 56), dtype=np.float32)),
         HEADER.format(name="tiny-conv", description="Three 3x3 convolutions, two class scores.") +
         input_section("raw", ("y", "{min: 8, step: 1}"), ("x", "{min: 8, step: 1}")) + """outputs:
  - id: scores
    axes:
      - {type: batch}
      - {type: channel, channel_names: [background, bright]}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 4}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 4}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: semantic, decoder: class-argmax, classes: [background, bright]}
""")

    save("tiny-grid", TinyGrid(), torch.tensor(rng.random((1, 1, 24, 32), dtype=np.float32)),
         HEADER.format(name="tiny-grid", description="Two maps on a grid of 2x2 input pixels.") +
         input_section("raw", ("y", "{min: 8, step: 2}"), ("x", "{min: 8, step: 2}")) + """outputs:
  - id: maps
    axes:
      - {type: batch}
      - {type: channel, channel_names: [a, b]}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, scale: 2, halo: 2}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, scale: 2, halo: 2}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: instance, decoder: star-convex, classes: [object]}
""")

    save("tiny-3d", Tiny3d(), torch.tensor(rng.random((1, 1, 6, 20, 24), dtype=np.float32)),
         HEADER.format(name="tiny-3d", description="Two 3x3x3 convolutions, a foreground logit.") +
         input_section("raw", ("z", "{min: 4, step: 1}"), ("y", "{min: 8, step: 1}"), ("x", "{min: 8, step: 1}")) + """outputs:
  - id: logit
    axes:
      - {type: batch}
      - {type: channel, channel_names: [foreground]}
      - {type: space, id: z, size: {tensor_id: raw, axis_id: z}, halo: 2}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 2}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 2}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: semantic, decoder: foreground, classes: [foreground]}
""")

    for name, v5 in (("fixed-boxes-yolov8", False), ("fixed-boxes-yolov5", True)):
        layout = "[1, 5 + 2, 3]" if v5 else "[1, 4 + 2, 3]"
        out_axes = """      - {type: batch}
      - {type: index, id: box, size: 3}
      - {type: channel, channel_names: [cx, cy, w, h, objectness, cell, debris]}
""" if v5 else """      - {type: batch}
      - {type: channel, channel_names: [cx, cy, w, h, cell, debris]}
      - {type: index, id: box, size: 3}
"""
        save(name, FixedBoxes(v5), torch.zeros(1, 1, 64, 64),
             HEADER.format(name=name, description="Returns the same three boxes %s for any 64x64 input." % layout) +
             input_section("image", ("y", 64), ("x", 64)) + """    preprocessing:
      - {id: scale_linear, kwargs: {gain: 0.00392156862745098, offset: 0.0}}
outputs:
  - id: boxes
    axes:
""" + out_axes + """    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: detect, decoder: %s, classes: [cell, debris], thresholds: {score: 0.3, nms_iou: 0.5}}
""" % ("yolov5" if v5 else "yolov8"))

    spots = torch.zeros(1, 1, 32, 32)
    spots[0, 0, 6, 10] = 0.75
    save("spot-detector", SpotDetector(), spots,
         HEADER.format(name="spot-detector", description="One 8x8 box per 4x4 cell, scored by the cell's pixel (2, 2).") +
         input_section("image", ("y", "{min: 16, step: 4}"), ("x", "{min: 16, step: 4}")) + """outputs:
  - id: boxes
    axes:
      - {type: batch}
      - {type: channel, channel_names: [cx, cy, w, h, spot]}
      - {type: index, id: box, size: {min: 1}}  # data dependent: H*W/16
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: detect, decoder: yolov8, classes: [spot], thresholds: {score: 0.5, nms_iou: 0.3}}
""")

    save("identity", Identity(), torch.tensor(rng.random((1, 1, 32, 32), dtype=np.float32)),
         HEADER.format(name="identity", description="The input clamped to [0, 1], read as a foreground probability.") +
         input_section("raw", ("y", "{min: 16, step: 16}"), ("x", "{min: 16, step: 16}")) + """outputs:
  - id: probability
    axes:
      - {type: batch}
      - {type: channel, channel_names: [probability]}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 8}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 8}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: instance, decoder: foreground, classes: [blob], object_name: blob, thresholds: {probability: 0.5, min_size: 4}}
""")

    save("tiny-valid", TinyValid(), torch.tensor(rng.random((1, 1, 24, 30), dtype=np.float32)),
         HEADER.format(name="tiny-valid", description="Two 3x3 convolutions without padding, maps 2 px smaller on each side.") +
         input_section("raw", ("y", "{min: 8, step: 1}"), ("x", "{min: 8, step: 1}")) + """outputs:
  - id: maps
    axes:
      - {type: batch}
      - {type: channel, channel_names: [a, b]}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y, offset: -4}}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x, offset: -4}}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: semantic, decoder: class-argmax, classes: [a, b]}
""")

    save("tiny-valid-fixed-v04", TinyValid(), torch.tensor(rng.random((1, 1, 32, 32), dtype=np.float32)),
         HEADER_V04.format(name="tiny-valid-fixed-v04", description="The tiny-valid network with fixed shapes 32 in, 28 out.") +
         """inputs:
  - {name: raw, axes: bcyx, data_type: float32, data_range: [-.inf, .inf], shape: [1, 1, 32, 32]}
outputs:
  - {name: maps, axes: bcyx, data_type: float32, data_range: [-.inf, .inf], shape: [1, 2, 28, 28]}
""" + WEIGHTS)

    save("tiny-new-axis-v04", NewAxis(), torch.tensor(rng.random((1, 1, 16, 20), dtype=np.float32)),
         HEADER_V04.format(name="tiny-new-axis-v04", description="Two maps with a new z axis (v0.4 scale null).") +
         """inputs:
  - {name: raw, axes: bcyx, data_type: float32, data_range: [-.inf, .inf], shape: {min: [1, 1, 8, 8], step: [0, 0, 1, 1]}}
outputs:
  - name: maps
    axes: bczyx
    data_type: float32
    data_range: [-.inf, .inf]
    halo: [0, 0, 0, 1, 1]
    shape: {reference_tensor: raw, scale: [1, 0, null, 1, 1], offset: [0, 1, 0.5, 0, 0]}
""" + WEIGHTS + """config:
  visionj: {task: semantic, decoder: class-argmax, classes: [a, b]}
""")

    save("tiny-singleton", Singleton(), torch.tensor(rng.random((1, 1, 1, 14, 18), dtype=np.float32)),
         HEADER.format(name="tiny-singleton", description="A 2D model with a z axis of size 1 in its input and output.") +
         """inputs:
  - id: raw
    axes:
      - {type: batch}
      - {type: channel, channel_names: [raw]}
      - {type: space, id: z, size: 1}
      - {type: space, id: y, size: {min: 8, step: 1}}
      - {type: space, id: x, size: {min: 8, step: 1}}
    test_tensor: {source: test_input.npy}
outputs:
  - id: map
    axes:
      - {type: batch}
      - {type: channel, channel_names: [value]}
      - {type: space, id: z, size: 1}
      - {type: space, id: y, size: {tensor_id: raw, axis_id: y}, halo: 1}
      - {type: space, id: x, size: {tensor_id: raw, axis_id: x}, halo: 1}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS)

    save("tiny-channels-by-reference-v04", SwapChannels(), torch.tensor(rng.random((1, 2, 12, 10), dtype=np.float32)),
         HEADER_V04.format(name="tiny-channels-by-reference-v04",
                           description="The input's channels reversed, times 2; output channels by reference (v0.4 scale 1).") +
         """inputs:
  - {name: raw, axes: bcyx, data_type: float32, data_range: [-.inf, .inf], shape: {min: [1, 2, 4, 4], step: [0, 0, 1, 1]}}
outputs:
  - name: swapped
    axes: bcyx
    data_type: float32
    data_range: [-.inf, .inf]
    shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}
""" + WEIGHTS)

    save("mean-classifier", MeanClassifier(), torch.full((1, 1, 32, 32), 0.25),
         HEADER.format(name="mean-classifier", description="Logits 10m, 10(1-m), 0 of the image mean m in [0, 1].") +
         input_section("image", ("y", 32), ("x", 32)) + """outputs:
  - id: logits
    axes:
      - {type: batch}
      - {type: channel, channel_names: [bright, dark, never]}
    test_tensor: {source: test_output.npy}
""" + WEIGHTS + """config:
  visionj: {task: classify, decoder: class-scores, classes: [bright, dark, never]}
""")


if __name__ == "__main__":
    main()
