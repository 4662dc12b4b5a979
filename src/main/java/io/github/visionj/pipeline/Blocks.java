package io.github.visionj.pipeline;

/**
 * How a 2D plane is cut to be segmented one block at a time: block cores, squares of
 * {@code size} pixels in raster order that partition the plane, each read with {@code margin}
 * pixels of context on every side (within the plane). The network sees a block's read region;
 * what a block keeps is what lies in its core (an object: its centroid), so each object comes out
 * once, and whole when it lies within the margin of its core. Sizes and margins are multiples of
 * the model's {@link ModelRunner#blockAlignment() alignment}, so every block's tiles start where
 * the whole plane's could.
 */
public record Blocks(long width, long height, int size, int margin) implements java.io.Serializable {

	/** Context beyond the network's halo that an object reaching out of its block's core may use, at least. */
	static final int OBJECT_MARGIN = 64;
	/** Edge of automatic blocks at most, and the step they shrink by to fit the memory. */
	static final int MAX_AUTOMATIC = 4096, STEP_AUTOMATIC = 256;

	/** One block: its core {@code [x0, x1) × [y0, y1)} and the region read for it. */
	public record Block(int index, long x0, long y0, long x1, long y1, long readX0, long readY0, long readX1, long readY1) {

		public int readWidth() {
			return (int) (readX1 - readX0);
		}

		public int readHeight() {
			return (int) (readY1 - readY0);
		}

		boolean coreContains(long x, long y) {
			return x >= x0 && x < x1 && y >= y0 && y < y1;
		}
	}

	/**
	 * The blocks of a plane for this runner: of {@link RunOptions#blockSize()}, or automatic: the
	 * whole plane when its input and maps take at most half the free memory, else the largest
	 * blocks (up to 4096 px) that, with their maps, the decoder's work and the band of label rows,
	 * take at most half.
	 */
	static Blocks of(ModelRunner runner, long width, long height) {
		int align = runner.blockAlignment();
		long size;
		if (runner.options().blockSize() > 0) size = ceil(runner.options().blockSize(), align);
		else if (InputCheck.bytes(runner, new long[] { height, width }) <= InputCheck.freeMemory() / 2) return whole(width, height);
		else {
			long budget = InputCheck.freeMemory() / 2;
			size = MAX_AUTOMATIC;
			while (size > STEP_AUTOMATIC) {
				long read = size + 2L * margin(runner, size, align);
				// input and maps, twice for tiles and the maps at the plane's scale; the decoder's work; the band of rows
				long need = 2 * InputCheck.bytes(runner, new long[] { read, read }) + 16 * read * read + 4 * width * read;
				if (need <= budget) break;
				size -= STEP_AUTOMATIC;
			}
			size = Math.max(align, size / align * align);
		}
		if (size >= width && size >= height) return whole(width, height);
		return new Blocks(width, height, (int) size, margin(runner, size, align));
	}

	/** The whole plane as one block. */
	static Blocks whole(long width, long height) {
		return new Blocks(width, height, (int) Math.max(width, height), 0);
	}

	/** The network's halo and an object margin of an eighth of the block, at least {@link #OBJECT_MARGIN}. */
	private static int margin(ModelRunner runner, long size, int align) {
		return (int) ceil(runner.blockHalo() + Math.max(OBJECT_MARGIN, size / 8), align);
	}

	private static long ceil(long v, long step) {
		return (v + step - 1) / step * step;
	}

	public int columns() {
		return (int) ((width + size - 1) / size);
	}

	public int rows() {
		return (int) ((height + size - 1) / size);
	}

	public int count() {
		return columns() * rows();
	}

	/** Block {@code i} in raster order (rows of blocks from the top, each from the left). */
	public Block block(int i) {
		long x0 = (long) (i % columns()) * size, y0 = (long) (i / columns()) * size;
		long x1 = Math.min(width, x0 + size), y1 = Math.min(height, y0 + size);
		return new Block(i, x0, y0, x1, y1, Math.max(0, x0 - margin), Math.max(0, y0 - margin), Math.min(width, x1 + margin),
			Math.min(height, y1 + margin));
	}

	public long maxReadWidth() {
		return Math.min(width, size + 2L * margin);
	}

	public long maxReadHeight() {
		return Math.min(height, size + 2L * margin);
	}
}
