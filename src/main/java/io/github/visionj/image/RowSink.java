package io.github.visionj.image;

/**
 * Where block-wise processing hands the finished rows of an output image (labels, classes) as soon
 * as no later block can change them: a TIFF written strip by strip, or an image in memory.
 */
public interface RowSink {

	/**
	 * Rows {@code y0 .. y0 + rows - 1} of plane (z, t), final: {@code values[r * width + x]}.
	 * Called with increasing y within a plane, planes in stack order (z fastest, then t).
	 */
	void rows(int z, int t, long y0, int rows, int[] values);
}
