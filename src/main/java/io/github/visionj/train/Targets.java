package io.github.visionj.train;

import java.util.Arrays;

import io.github.visionj.decode.DistanceTransform;
import io.github.visionj.decode.LabelBounds;

/**
 * Training targets computed from a label image (0 = background, k &gt; 0 = object k), as the bundled
 * models were trained (models/training/targets.py). Star-convex rays follow StarDist's convention:
 * ray k points at θ = 2πk/R, dy = sin θ (rows), dx = cos θ (columns).
 */
public final class Targets {

	private Targets() {}

	/**
	 * StarDist's radial distances of every object pixel, [R][height·width] (0 on background): step
	 * one pixel along the ray, round to the nearest pixel, stop at the first pixel of another label
	 * or outside the image, then step back by 1 − 0.5 / max(|dy|, |dx|).
	 */
	public static float[][] starDistances(int[] labels, int width, int height, int rays) {
		float[][] out = new float[rays][labels.length];
		for (int k = 0; k < rays; k++) {
			double phi = 2 * Math.PI * k / rays;
			float dy = (float) Math.sin(phi), dx = (float) Math.cos(phi);
			float back = 1 - 0.5f / Math.max(Math.abs(dy), Math.abs(dx));
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					int label = labels[y * width + x];
					if (label == 0) continue;
					float oy = 0, ox = 0;
					while (true) {
						oy += dy;
						ox += dx;
						int i = Math.round(y + oy), j = Math.round(x + ox);
						if (i < 0 || i >= height || j < 0 || j >= width || labels[i * width + j] != label) break;
					}
					float ry = oy - back * dy, rx = ox - back * dx;
					out[k][y * width + x] = (float) Math.sqrt(ry * ry + rx * rx);
				}
		}
		return out;
	}

	/**
	 * StarDist's object probability: each object's Euclidean distance transform (to the nearest
	 * pixel outside it, the image border counting as outside) divided by its maximum.
	 */
	public static float[] objectProbability(int[] labels, int width, int height) {
		float[] out = new float[labels.length];
		int max = Arrays.stream(labels).max().orElse(0);
		LabelBounds bounds = LabelBounds.of(labels, width, max);
		for (int l = 1; l <= max; l++) {
			if (!bounds.present(l)) continue;
			// the object's box with a one-pixel frame of background
			int x0 = bounds.x(l) - 1, y0 = bounds.y(l) - 1, w = bounds.width(l) + 2, h = bounds.height(l) + 2;
			boolean[] mask = new boolean[w * h];
			for (int y = 1; y < h - 1; y++)
				for (int x = 1; x < w - 1; x++)
					mask[y * w + x] = labels[(y0 + y) * width + x0 + x] == l;
			float[] d = DistanceTransform.of(mask, w, h);
			float top = 1e-6f;
			for (float v : d)
				top = Math.max(top, v);
			for (int y = 1; y < h - 1; y++)
				for (int x = 1; x < w - 1; x++)
					if (mask[y * w + x]) out[(y0 + y) * width + x0 + x] = d[y * w + x] / top;
		}
		return out;
	}

	/** 0 background, 1 interior, 2 boundary: object pixels with an 8-neighbour of another label (the border repeats the edge). */
	public static int[] threeClass(int[] labels, int width, int height) {
		int[] out = new int[labels.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int label = labels[y * width + x];
				if (label == 0) continue;
				int c = 1;
				for (int dy = -1; dy <= 1 && c == 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int i = Math.min(Math.max(y + dy, 0), height - 1), j = Math.min(Math.max(x + dx, 0), width - 1);
						if (labels[i * width + j] != label) {
							c = 2;
							break;
						}
					}
				out[y * width + x] = c;
			}
		return out;
	}

	/**
	 * The ray permutation of a mirror image: after flipping along x, ray k of the new image is ray
	 * {@code perm[k]} of the old one; likewise along y and for the transpose (rows and columns swapped).
	 */
	static int[] rayPermutation(Mirror mirror, int rays) {
		int[] perm = new int[rays];
		for (int k = 0; k < rays; k++)
			perm[k] = Math.floorMod(switch (mirror) {
				case FLIP_X -> rays / 2 - k;
				case FLIP_Y -> -k;
				case TRANSPOSE -> rays / 4 - k;
			}, rays);
		return perm;
	}

	enum Mirror { FLIP_X, FLIP_Y, TRANSPOSE }
}
