package io.github.visionj.decode;

import java.util.Arrays;

/** Seeds for a watershed: one pixel per h-maximum, so shallow bumps do not split an object. */
final class Maxima {

	private Maxima() {}

	/**
	 * One seed pixel per regional maximum of {@code values} inside the mask that rises at least
	 * {@code depth} above the highest pass to a higher maximum (its dynamic), plus the highest
	 * maximum of every connected part of the mask. Found by flooding from the top with union-find.
	 *
	 * @return seed labels 1..n (row-major order of the seed pixel), 0 elsewhere
	 */
	static int[] seeds(float[] values, boolean[] mask, int width, int height, float depth) {
		int[] order = descending(values, mask);
		int[] parent = new int[values.length];
		Arrays.fill(parent, -1);
		int[] peak = new int[values.length];
		boolean[] seed = new boolean[values.length];
		for (int p : order) {
			parent[p] = p;
			peak[p] = p;
			int x = p % width, y = p / width;
			for (int k = 0; k < 8; k++) {
				int nx = x + Labels.DX[k], ny = y + Labels.DY[k];
				if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
				int q = ny * width + nx;
				if (parent[q] < 0) continue;
				int a = root(parent, p), b = root(parent, q);
				if (a == b) continue;
				boolean aHigher = values[peak[a]] > values[peak[b]] ||
					values[peak[a]] == values[peak[b]] && peak[a] < peak[b];
				int high = aHigher ? a : b, low = aHigher ? b : a;
				if (values[peak[low]] - values[p] >= depth) seed[peak[low]] = true;
				parent[low] = high;
			}
		}
		for (int p : order)
			if (parent[p] == p) seed[peak[p]] = true;
		int[] labels = new int[values.length];
		int next = 0;
		for (int i = 0; i < labels.length; i++)
			if (seed[i]) labels[i] = ++next;
		return labels;
	}

	private static int root(int[] parent, int p) {
		while (parent[p] != p) {
			parent[p] = parent[parent[p]];
			p = parent[p];
		}
		return p;
	}

	/** Indices of the mask's pixels, highest value first, ties by index. */
	static int[] descending(float[] values, boolean[] mask) {
		int n = 0;
		for (boolean m : mask)
			if (m) n++;
		long[] keys = new long[n];
		int k = 0;
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) keys[k++] = ((long) ~sortable(values[i]) << 32) | i;
		Arrays.sort(keys);
		int[] order = new int[n];
		for (int j = 0; j < n; j++)
			order[j] = (int) keys[j];
		return order;
	}

	/** An int whose signed order is the order of the floats. */
	private static int sortable(float v) {
		int bits = Float.floatToIntBits(v);
		return bits ^ ((bits >> 31) & 0x7fffffff);
	}
}
