package io.github.visionj.image;

/**
 * A {@link RowSink} that fills each plane in memory, row-major ({@code values[y * width + x]}),
 * and hands it on once its last row has arrived: for images that fit in memory. A plane handed
 * over whole is kept without a copy, so the caller must not change that array afterwards.
 */
public final class MemoryRows implements RowSink {

	/** Receives each complete plane. */
	public interface PlaneDone {
		void plane(int z, int t, int[] values);
	}

	private final int width, height;
	private final PlaneDone done;
	private int[] plane;

	public MemoryRows(long width, long height, PlaneDone done) {
		if (width * height > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"A " + width + "x" + height + " plane is too large for one array");
		this.width = (int) width;
		this.height = (int) height;
		this.done = done;
	}

	@Override
	public void rows(int z, int t, long y0, int rows, int[] values) {
		if (rows == height) plane = values; // a whole plane at once is kept as it is
		else {
			if (plane == null) plane = new int[width * height];
			System.arraycopy(values, 0, plane, (int) y0 * width, rows * width);
		}
		if (y0 + rows == height) {
			int[] finished = plane;
			plane = null;
			done.plane(z, t, finished);
		}
	}
}
