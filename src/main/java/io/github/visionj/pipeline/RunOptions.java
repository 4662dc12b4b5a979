package io.github.visionj.pipeline;

/**
 * How the pipeline runs a model, independent of what the model is.
 *
 * @param tileSize edge length of tiles in pixels (before the model's size rules round it);
 *          0 = automatic: in 2D the size measured fastest on this machine for the model ({@link TileSizes}),
 *          1024 px for a detector, 128 px in 3D (one tile when the plane fits)
 * @param augment average a dense model's output over the image and its mirror images along x, y
 *          and both ({@link FlipAveraging}): often more accurate, four times slower
 * @param progress where progress goes and cancellation comes from
 * @param blockSize edge length in pixels of the blocks a large 2D plane is segmented in, one block
 *          at a time ({@link Blocks}); 0 = automatic: the whole plane when it fits the free memory,
 *          else blocks sized to it
 */
public record RunOptions(int tileSize, boolean augment, Progress progress, int blockSize) {

	/** Automatic tile edge where none is measured: 1024 px in 2D (about 4 MB per channel), 128 px in 3D. */
	static final int MAX_TILE_2D = 1024, MAX_TILE_3D = 128;

	/** Automatic blocks. */
	public RunOptions(int tileSize, boolean augment, Progress progress) {
		this(tileSize, augment, progress, 0);
	}
}
