package io.github.visionj.image;

/**
 * How one axis of length {@code size} is cut into tiles of {@code tile} pixels that overlap by
 * at least {@code 2 * halo}. Tile {@code k} contributes only its inner part
 * {@code [innerStart(k), innerEnd(k))} to the result, and reads {@code tile} pixels from
 * {@link #readStart(int)}: {@code halo} pixels before its inner part, but shifted to stay inside
 * the image. So every pixel is predicted either with {@code halo} pixels of real context or at
 * the image border exactly as an untiled run sees it, and tiles join without seams. Only an
 * image smaller than one tile is padded (at its end, by reflection). For an output on a coarser
 * {@code grid} (one value per {@code grid} pixels), every tile starts on the grid, so the last
 * one may reach up to {@code grid - 1} pixels past the end, also padded.
 * <p>
 * A network whose output lacks {@code border} pixels at each end of its input (valid
 * convolutions) is read as if the axis were extended by {@code border} pixels of reflection at
 * both ends: the output of a tile starts at {@code readStart(k) + border}, and the halo is at
 * least the border.
 */
public record AxisTiling(long size, long tile, long halo, long grid, long border) {

	public AxisTiling {
		if (tile - 2 * halo < 1) throw new IllegalArgumentException(
			"A tile of " + tile + " pixels leaves nothing inside a halo of " + halo);
		if (tile % grid != 0 || halo % grid != 0) throw new IllegalArgumentException(
			"Tile " + tile + " and halo " + halo + " must be multiples of the grid " + grid);
		if (halo < border || border > 0 && grid > 1) throw new IllegalArgumentException(
			"A border of " + border + " needs a halo of at least as much (" + halo + ") and grid 1 (" + grid + ")");
	}

	public AxisTiling(long size, long tile, long halo) {
		this(size, tile, halo, 1, 0);
	}

	/** Pixels each tile contributes. */
	public long step() {
		return tile - 2 * halo;
	}

	public int count() {
		return size + 2 * border <= tile ? 1 : (int) ((size + step() - 1) / step());
	}

	public long innerStart(int k) {
		return k * step();
	}

	public long innerEnd(int k) {
		return k == count() - 1 ? size : innerStart(k) + step();
	}

	/** Whether the axis (with its borders) is shorter than a tile, so its one tile is padded at the end. */
	public boolean padded() {
		return size + 2 * border < tile;
	}

	/** First input pixel the tile reads (negative: that many pixels of reflection before the image). */
	public long readStart(int k) {
		long start = Math.max(-border, Math.min(innerStart(k) - halo, size + border - tile));
		return (start + grid - 1) / grid * grid;
	}
}
