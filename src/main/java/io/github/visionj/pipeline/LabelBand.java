package io.github.visionj.pipeline;

import java.util.Arrays;

import io.github.visionj.image.RowSink;

/**
 * The rows of an output plane that blocks may still write: a band of at most one block's read
 * height, rolling down the plane. Rows above the read region of the block at hand are final and
 * go to the {@link RowSink}, so memory holds the band, not the plane.
 */
final class LabelBand {

	private final int width;
	private final long height;
	private final int capacity;
	private final int[] values;
	private final RowSink sink;
	private final Plane plane;
	/** The plane row of the band's first row. */
	private long top;

	LabelBand(Blocks blocks, RowSink sink, Plane plane) {
		width = (int) blocks.width();
		height = blocks.height();
		capacity = (int) blocks.maxReadHeight();
		values = new int[Math.multiplyExact(width, capacity)];
		this.sink = sink;
		this.plane = plane;
	}

	int get(long x, long y) {
		return values[index(x, y)];
	}

	void set(long x, long y, int value) {
		values[index(x, y)] = value;
	}

	private int index(long x, long y) {
		if (y < top || y >= top + capacity) throw new IllegalStateException("row " + y + " outside the band at " + top);
		return (int) (y - top) * width + (int) x;
	}

	/** Hands the rows above {@code y} to the sink (they are final) and moves the band down to start there. */
	void flushBefore(long y) {
		int n = (int) (Math.min(y, height) - top);
		if (n <= 0) return;
		sink.rows(plane.z(), plane.t(), top, n, Arrays.copyOf(values, n * width));
		int kept = Math.max(0, capacity - n);
		if (kept > 0) System.arraycopy(values, n * width, values, 0, kept * width);
		Arrays.fill(values, kept * width, values.length, 0);
		top += n;
	}

	/** Hands every row still held to the sink: the plane is done and the band is not used again. */
	void finish() {
		if (top == 0 && capacity == height) sink.rows(plane.z(), plane.t(), 0, capacity, values); // the whole plane: no copy
		else flushBefore(height);
	}
}
