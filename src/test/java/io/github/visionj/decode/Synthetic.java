package io.github.visionj.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.visionj.image.FloatTensor;

/** Ground-truth label images and their encodings into each decoder's output format. */
final class Synthetic {

	static final int WIDTH = 120, HEIGHT = 80;

	private Synthetic() {}

	/**
	 * Eight objects: a row of five touching disks (radius 8), two overlapping disks (radius 10,
	 * the later one owning the overlap) and a 12×12 square.
	 */
	static int[] scene() {
		int[] labels = new int[WIDTH * HEIGHT];
		for (int k = 0; k < 5; k++)
			disk(labels, 12 + 16 * k, 14, 8, k + 1);
		disk(labels, 20, 50, 10, 6);
		disk(labels, 38, 50, 10, 7);
		for (int y = 44; y < 56; y++)
			for (int x = 80; x < 92; x++)
				labels[y * WIDTH + x] = 8;
		return labels;
	}

	static void disk(int[] labels, int cx, int cy, double r, int label) {
		for (int y = 0; y < HEIGHT; y++)
			for (int x = 0; x < WIDTH; x++)
				if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) labels[y * WIDTH + x] = label;
	}

	/**
	 * StarDist's encoding: channel 0 the distance to the object's outline normalised to 1 per
	 * object, then the distance along each ray to the first pixel of another label, found by
	 * marching as StarDist's {@code star_dist} does.
	 */
	static FloatTensor starConvex(int[] labels, int rays) {
		int n = WIDTH * HEIGHT;
		float[] data = new float[(1 + rays) * n];
		System.arraycopy(normalisedDistance(labels), 0, data, 0, n);
		for (int i = 0; i < n; i++) {
			if (labels[i] == 0) continue;
			for (int k = 0; k < rays; k++)
				data[(1 + k) * n + i] = march(labels, i % WIDTH, i / WIDTH, 2 * Math.PI * k / rays);
		}
		return new FloatTensor(data, 1 + rays, HEIGHT, WIDTH);
	}

	private static float march(int[] labels, int x0, int y0, double angle) {
		double dx = Math.cos(angle), dy = Math.sin(angle), x = 0, y = 0;
		int label = labels[y0 * WIDTH + x0];
		while (true) {
			x += dx;
			y += dy;
			long xx = Math.round(x0 + x), yy = Math.round(y0 + y);
			if (xx < 0 || yy < 0 || xx >= WIDTH || yy >= HEIGHT || labels[(int) (yy * WIDTH + xx)] != label) {
				double back = 1 - 0.5 / Math.max(Math.abs(dx), Math.abs(dy)); // StarDist's overshoot correction
				x -= back * dx;
				y -= back * dy;
				return (float) Math.hypot(x, y);
			}
		}
	}

	/** Per object, the distance to the nearest pixel of another label divided by its maximum. */
	static float[] normalisedDistance(int[] labels) {
		float[] out = new float[labels.length];
		for (int l = 1; l <= Labels.max(labels); l++) {
			boolean[] mask = new boolean[labels.length];
			for (int i = 0; i < labels.length; i++)
				mask[i] = labels[i] == l;
			float[] d = DistanceTransform.of(mask, WIDTH, HEIGHT);
			float max = 0;
			for (float v : d)
				max = Math.max(max, v);
			for (int i = 0; i < labels.length; i++)
				if (mask[i]) out[i] = d[i] / max;
		}
		return out;
	}

	/** Probability 1 inside any object, 0 outside. */
	static FloatTensor foreground(int[] labels) {
		float[] data = new float[labels.length];
		for (int i = 0; i < labels.length; i++)
			data[i] = labels[i] == 0 ? 0 : 1;
		return new FloatTensor(data, 1, HEIGHT, WIDTH);
	}

	/** One-hot background / interior / boundary, the boundary being object pixels next to another label. */
	static FloatTensor threeClass(int[] labels) {
		int n = labels.length;
		float[] data = new float[3 * n];
		for (int i = 0; i < n; i++) {
			int x = i % WIDTH, y = i / WIDTH;
			int c = labels[i] == 0 ? 0 : 1;
			for (int k = 0; k < 8 && c == 1; k++) {
				int nx = x + Labels.DX[k], ny = y + Labels.DY[k];
				if (nx >= 0 && ny >= 0 && nx < WIDTH && ny < HEIGHT && labels[ny * WIDTH + nx] != labels[i]) c = 2;
			}
			data[c * n + i] = 1;
		}
		return new FloatTensor(data, 3, HEIGHT, WIDTH);
	}

	/** Asserts that each true object has a decoded object overlapping it with IoU ≥ minIou. */
	static void assertRecovered(int[] truth, int[] decoded, double minIou) {
		int trueCount = Labels.max(truth), decodedCount = Labels.max(decoded);
		int[][] shared = new int[trueCount + 1][decodedCount + 1];
		int[] trueArea = new int[trueCount + 1], decodedArea = new int[decodedCount + 1];
		for (int i = 0; i < truth.length; i++) {
			shared[truth[i]][decoded[i]]++;
			trueArea[truth[i]]++;
			decodedArea[decoded[i]]++;
		}
		for (int t = 1; t <= trueCount; t++) {
			double best = 0;
			for (int d = 1; d <= decodedCount; d++)
				best = Math.max(best, (double) shared[t][d] / (trueArea[t] + decodedArea[d] - shared[t][d]));
			assertTrue(best >= minIou, "object " + t + " recovered with IoU " + best);
		}
	}
}
