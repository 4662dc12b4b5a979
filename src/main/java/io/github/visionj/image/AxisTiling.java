package io.github.visionj.image;

/**
 * How one axis of length {@code size} is cut into tiles of {@code tile} pixels that overlap by
 * {@code 2 * halo}. Tile {@code k} reads input {@code [innerStart(k) - halo, innerStart(k) - halo + tile)}
 * (reflected where it leaves the image) and contributes only its inner part
 * {@code [innerStart(k), innerEnd(k))} to the result, so every pixel is predicted with at least
 * {@code halo} pixels of context on each side and tiles join without seams.
 */
public record AxisTiling(long size, long tile, long halo) {

	public AxisTiling {
		if (tile - 2 * halo < 1) throw new IllegalArgumentException(
			"A tile of " + tile + " pixels leaves nothing inside a halo of " + halo);
	}

	/** Pixels each tile contributes. */
	public long step() {
		return tile - 2 * halo;
	}

	public int count() {
		return (int) ((size + step() - 1) / step());
	}

	public long innerStart(int k) {
		return k * step();
	}

	public long innerEnd(int k) {
		return Math.min(size, innerStart(k) + step());
	}

	/** First input pixel the tile reads; negative for the first tile. */
	public long readStart(int k) {
		return innerStart(k) - halo;
	}
}
