package io.github.visionj.image;

/**
 * An image read one rectangle of one plane at a time: a large TIFF on disk, a virtual stack, or
 * a view of an image held in memory. Block-wise processing reads through this so that only the
 * block at hand is in memory. Planes are indexed by z and t (from 0); every region has all channels.
 */
public interface RegionSource {

	long width();

	long height();

	int channels();

	int slices();

	int frames();

	Calibration calibration();

	/**
	 * Bits per sample: 8 or 16 for unsigned integer pixels (exact percentiles can then come from
	 * a histogram), 32 for float pixels.
	 */
	int bitsPerSample();

	/**
	 * The pixels of columns {@code x0 .. x0 + w - 1} and rows {@code y0 .. y0 + h - 1} of plane
	 * (z, t), as an image with axes X, Y and, when {@link #channels()} is above 1, C.
	 */
	AxisImage<?> read(long x0, long y0, int w, int h, int z, int t);
}
