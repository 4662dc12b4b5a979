package io.github.visionj.image;

/**
 * Copies rectangular regions between row-major {@link FloatTensor}s of the same rank. Reading
 * outside the source reflects at its border (like NumPy's {@code reflect} and ImgLib2's
 * {@code extendMirrorSingle}), which is how tiles at the image border get their context.
 */
public final class TensorRegions {

	private TensorRegions() {}

	/**
	 * Copies {@code size} values starting at {@code srcStart} (which may lie outside {@code src})
	 * into {@code dst} starting at {@code dstStart} (which must lie inside {@code dst}).
	 */
	public static void copy(FloatTensor src, long[] srcStart, FloatTensor dst, long[] dstStart, long[] size) {
		int rank = src.rank();
		long[] srcShape = src.shape();
		long[] dstShape = dst.shape();
		float[] s = src.data();
		float[] d = dst.data();
		int last = rank - 1;
		long[] pos = new long[rank]; // position inside the region, last dimension not used
		// Reflected source indices of the innermost run, the same for every row.
		int[] innerSrc = new int[(int) size[last]];
		for (int i = 0; i < innerSrc.length; i++)
			innerSrc[i] = (int) reflect(srcStart[last] + i, srcShape[last]);
		while (true) {
			long srcRow = 0, dstRow = 0;
			for (int dim = 0; dim < last; dim++) {
				srcRow = srcRow * srcShape[dim] + reflect(srcStart[dim] + pos[dim], srcShape[dim]);
				dstRow = dstRow * dstShape[dim] + dstStart[dim] + pos[dim];
			}
			int so = (int) (srcRow * srcShape[last]);
			int dO = (int) (dstRow * dstShape[last] + dstStart[last]);
			for (int i = 0; i < innerSrc.length; i++)
				d[dO + i] = s[so + innerSrc[i]];
			int dim = last - 1;
			while (dim >= 0 && ++pos[dim] == size[dim]) pos[dim--] = 0;
			if (dim < 0) return;
		}
	}

	/** Index {@code i} reflected into {@code [0, n)} without repeating the border pixel. */
	static long reflect(long i, long n) {
		if (n == 1) return 0;
		long period = 2 * (n - 1);
		long m = Math.floorMod(i, period);
		return m < n ? m : period - m;
	}
}
