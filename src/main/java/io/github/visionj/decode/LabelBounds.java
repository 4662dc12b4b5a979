package io.github.visionj.decode;

import java.util.Arrays;

/**
 * The bounding box of every label of a row-major label image (0 = background), found in one pass:
 * what boxes of instances and per-object ROIs are both cut from.
 */
public final class LabelBounds {

	private final int[] minX, minY, maxX, maxY;

	private LabelBounds(int labelCount) {
		minX = filled(labelCount + 1, Integer.MAX_VALUE);
		minY = filled(labelCount + 1, Integer.MAX_VALUE);
		maxX = filled(labelCount + 1, -1);
		maxY = filled(labelCount + 1, -1);
	}

	/** @param labelCount the largest label that may occur */
	public static LabelBounds of(int[] labels, int width, int labelCount) {
		LabelBounds b = new LabelBounds(labelCount);
		for (int i = 0; i < labels.length; i++) {
			int l = labels[i];
			if (l <= 0) continue;
			int x = i % width, y = i / width;
			b.minX[l] = Math.min(b.minX[l], x);
			b.minY[l] = Math.min(b.minY[l], y);
			b.maxX[l] = Math.max(b.maxX[l], x);
			b.maxY[l] = Math.max(b.maxY[l], y);
		}
		return b;
	}

	/** The largest label the bounds were made for. */
	public int labelCount() {
		return minX.length - 1;
	}

	/** Whether label {@code l} has any pixel. */
	public boolean present(int l) {
		return maxX[l] >= 0;
	}

	public int x(int l) {
		return minX[l];
	}

	public int y(int l) {
		return minY[l];
	}

	public int width(int l) {
		return maxX[l] - minX[l] + 1;
	}

	public int height(int l) {
		return maxY[l] - minY[l] + 1;
	}

	private static int[] filled(int n, int value) {
		int[] a = new int[n];
		Arrays.fill(a, value);
		return a;
	}
}
