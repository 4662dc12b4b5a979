package io.github.visionj.decode;

import java.util.Arrays;

/**
 * A star-convex polygon rasterised into the image: the pixels whose centres lie inside it,
 * stored as runs per row. Coordinates are pixel indices, a pixel's centre being its index, so the
 * rays start at the centre of the pixel that predicted them.
 */
public final class StarPolygon {

	private final float probability;
	private final int top;
	/** Runs of row {@code top + r} are runs[rowStart[r] .. rowStart[r + 1]) as (first, end) pairs. */
	private final int[] rowStart;
	private final int[] runs;
	private final int left, right, area;

	/**
	 * @param xs vertex x coordinates, in order around the polygon
	 * @param ys vertex y coordinates
	 */
	public StarPolygon(double[] xs, double[] ys, float probability, int imageWidth, int imageHeight) {
		this.probability = probability;
		double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
		for (double y : ys) {
			minY = Math.min(minY, y);
			maxY = Math.max(maxY, y);
		}
		top = Math.max(0, (int) Math.ceil(minY));
		int bottom = Math.min(imageHeight - 1, (int) Math.floor(maxY));
		int rowCount = Math.max(0, bottom - top + 1);
		rowStart = new int[rowCount + 1];
		int[] out = new int[8];
		int n = 0, pixels = 0, minX = Integer.MAX_VALUE, maxX = Integer.MIN_VALUE;
		double[] crossings = new double[xs.length];
		for (int r = 0; r < rowCount; r++) {
			int c = crossingsOfRow(xs, ys, top + r, crossings);
			for (int k = 0; k + 1 < c; k += 2) {
				// Even-odd rule with half-open spans: pixel x is inside when a <= x < b.
				int first = Math.max(0, (int) Math.ceil(crossings[k]));
				int end = Math.min(imageWidth, (int) Math.ceil(crossings[k + 1]));
				if (first >= end) continue;
				if (n + 2 > out.length) out = Arrays.copyOf(out, out.length * 2);
				out[n++] = first;
				out[n++] = end;
				pixels += end - first;
				minX = Math.min(minX, first);
				maxX = Math.max(maxX, end - 1);
			}
			rowStart[r + 1] = n;
		}
		runs = Arrays.copyOf(out, n);
		area = pixels;
		left = minX;
		right = maxX;
	}

	/** The polygon of rays from pixel (x, y): vertex k at (y + d_k sin θ_k, x + d_k cos θ_k), θ_k = 2πk/R. */
	public static StarPolygon ofRays(int x, int y, float[] distances, float probability, int imageWidth, int imageHeight) {
		int rays = distances.length;
		double[] xs = new double[rays], ys = new double[rays];
		for (int k = 0; k < rays; k++) {
			double angle = 2 * Math.PI * k / rays;
			xs[k] = x + distances[k] * Math.cos(angle);
			ys[k] = y + distances[k] * Math.sin(angle);
		}
		return new StarPolygon(xs, ys, probability, imageWidth, imageHeight);
	}

	/** Sorted x positions where the polygon's edges cross row y; an edge counts on [low y, high y). */
	private static int crossingsOfRow(double[] xs, double[] ys, double y, double[] crossings) {
		int c = 0;
		for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
			double y0 = ys[j], y1 = ys[i];
			if (y0 <= y && y < y1 || y1 <= y && y < y0)
				crossings[c++] = xs[j] + (y - y0) * (xs[i] - xs[j]) / (y1 - y0);
		}
		Arrays.sort(crossings, 0, c);
		return c;
	}

	public float probability() {
		return probability;
	}

	/** Number of pixels inside. */
	public int area() {
		return area;
	}

	public boolean isEmpty() {
		return area == 0;
	}

	int left() {
		return left;
	}

	int right() {
		return right;
	}

	int top() {
		return top;
	}

	int bottom() {
		return top + rowStart.length - 2;
	}

	/** Number of pixels inside both polygons. */
	public int intersection(StarPolygon o) {
		int from = Math.max(top, o.top), to = Math.min(bottom(), o.bottom());
		int shared = 0;
		for (int y = from; y <= to; y++) {
			int a = rowStart[y - top], aEnd = rowStart[y - top + 1];
			int b = o.rowStart[y - o.top], bEnd = o.rowStart[y - o.top + 1];
			while (a < aEnd && b < bEnd) {
				shared += Math.max(0, Math.min(runs[a + 1], o.runs[b + 1]) - Math.max(runs[a], o.runs[b]));
				if (runs[a + 1] < o.runs[b + 1]) a += 2;
				else b += 2;
			}
		}
		return shared;
	}

	public double iou(StarPolygon o) {
		int shared = intersection(o);
		return shared == 0 ? 0 : (double) shared / (area + o.area - shared);
	}

	/**
	 * Shared pixels over the smaller polygon's area, StarDist's overlap: unlike IoU it also
	 * suppresses a small polygon lying inside a large kept one.
	 */
	public double overlap(StarPolygon o) {
		int shared = intersection(o);
		return shared == 0 ? 0 : (double) shared / Math.min(area, o.area);
	}

	/** Writes {@code label} into every pixel inside. */
	void paint(int[] labels, int imageWidth, int label) {
		for (int r = 0; r + 1 < rowStart.length; r++)
			for (int k = rowStart[r]; k < rowStart[r + 1]; k += 2)
				Arrays.fill(labels, (top + r) * imageWidth + runs[k], (top + r) * imageWidth + runs[k + 1], label);
	}
}
