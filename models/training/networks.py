"""The U-Net with its heads, the modality classifier, and the modules exported as TorchScript."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from targets import N_RAYS, ray_angles, ray_perm

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
