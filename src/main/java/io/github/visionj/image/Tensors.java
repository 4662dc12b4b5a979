package io.github.visionj.image;

/** Reshaping helpers for {@link FloatTensor}s that need more than a region copy. */
public final class Tensors {

	private Tensors() {}

	/**
	 * Reorders dimensions: dimension {@code d} of the result is dimension {@code order[d]} of
	 * {@code t}. Returns {@code t} itself when the order is the identity.
	 */
	public static FloatTensor permute(FloatTensor t, int[] order) {
		int rank = t.rank();
		boolean identity = true;
		for (int d = 0; d < rank; d++)
			identity &= order[d] == d;
		if (identity) return t;
		long[] shape = t.shape();
		long[] outShape = new long[rank];
		long[] srcStride = strides(shape);
		long[] stride = new long[rank];
		for (int d = 0; d < rank; d++) {
			outShape[d] = shape[order[d]];
			stride[d] = srcStride[order[d]];
		}
		FloatTensor out = FloatTensor.zeros(outShape);
		float[] src = t.data();
		float[] dst = out.data();
		long[] pos = new long[rank];
		for (int i = 0; i < dst.length; i++) {
			long s = 0;
			for (int d = 0; d < rank; d++)
				s += pos[d] * stride[d];
			dst[i] = src[(int) s];
			for (int d = rank - 1; d >= 0 && ++pos[d] == outShape[d]; d--)
				pos[d] = 0;
		}
		return out;
	}

	/** A copy of {@code t} mirrored along dimension {@code dim} (index i becomes n - 1 - i). */
	public static FloatTensor flip(FloatTensor t, int dim) {
		long[] shape = t.shape();
		int n = (int) shape[dim], inner = 1, outer = 1;
		for (int d = dim + 1; d < shape.length; d++)
			inner *= (int) shape[d];
		for (int d = 0; d < dim; d++)
			outer *= (int) shape[d];
		float[] src = t.data(), dst = new float[src.length];
		for (int o = 0; o < outer; o++)
			for (int i = 0; i < n; i++)
				System.arraycopy(src, (o * n + i) * inner, dst, (o * n + n - 1 - i) * inner, inner);
		return new FloatTensor(dst, shape);
	}

	/** Row-major strides of a shape. */
	public static long[] strides(long[] shape) {
		long[] stride = new long[shape.length];
		long s = 1;
		for (int d = shape.length - 1; d >= 0; d--) {
			stride[d] = s;
			s *= shape[d];
		}
		return stride;
	}

	/**
	 * Bilinear resize of the last two dimensions ([..., H, W] to [..., h, w]), sampling at pixel
	 * centres as image libraries do, so a constant image stays constant and no border is lost.
	 */
	public static FloatTensor resize(FloatTensor t, int h, int w) {
		long[] shape = t.shape();
		int rank = shape.length;
		int srcH = (int) shape[rank - 2], srcW = (int) shape[rank - 1];
		long[] outShape = shape.clone();
		outShape[rank - 2] = h;
		outShape[rank - 1] = w;
		FloatTensor out = FloatTensor.zeros(outShape);
		int planes = (int) (t.data().length / ((long) srcH * srcW));
		float[] src = t.data();
		float[] dst = out.data();
		for (int p = 0; p < planes; p++) {
			int so = p * srcH * srcW, dO = p * h * w;
			for (int y = 0; y < h; y++) {
				double sy = Math.min(Math.max((y + 0.5) * srcH / h - 0.5, 0), srcH - 1);
				int y0 = (int) sy, y1 = Math.min(y0 + 1, srcH - 1);
				double fy = sy - y0;
				for (int x = 0; x < w; x++) {
					double sx = Math.min(Math.max((x + 0.5) * srcW / w - 0.5, 0), srcW - 1);
					int x0 = (int) sx, x1 = Math.min(x0 + 1, srcW - 1);
					double fx = sx - x0;
					double top = src[so + y0 * srcW + x0] * (1 - fx) + src[so + y0 * srcW + x1] * fx;
					double bottom = src[so + y1 * srcW + x0] * (1 - fx) + src[so + y1 * srcW + x1] * fx;
					dst[dO + y * w + x] = (float) (top * (1 - fy) + bottom * fy);
				}
			}
		}
		return out;
	}

	/**
	 * Maps [C, h, w] of one plane brought to the plane's {@code height} × {@code width}. On a
	 * coarser grid (map pixel (i, j) at plane pixel (grid·i, grid·j)) each plane pixel is
	 * interpolated bilinearly between the four nearest map pixels (the last row and column held
	 * beyond the map's end); a finer map ({@code up} values per plane pixel along each axis) is
	 * averaged over each plane pixel's up × up values. Maps already at the plane's size are returned as they are.
	 */
	public static FloatTensor toPlaneSize(FloatTensor maps, int grid, int up, int width, int height) {
		if (grid == 1 && up == 1) return maps;
		int c = (int) maps.dim(0), h = (int) maps.dim(1), w = (int) maps.dim(2);
		float[] src = maps.data(), dst = new float[c * height * width];
		for (int ch = 0; ch < c; ch++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					double v = 0;
					if (up > 1) {
						for (int dy = 0; dy < up; dy++)
							for (int dx = 0; dx < up; dx++)
								v += src[(ch * h + y * up + dy) * w + x * up + dx];
						v /= up * up;
					}
					else {
						double my = Math.min((double) y / grid, h - 1), mx = Math.min((double) x / grid, w - 1);
						int y0 = (int) my, x0 = (int) mx, y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
						double fy = my - y0, fx = mx - x0;
						int base = ch * h * w;
						v = (src[base + y0 * w + x0] * (1 - fx) + src[base + y0 * w + x1] * fx) * (1 - fy)
							+ (src[base + y1 * w + x0] * (1 - fx) + src[base + y1 * w + x1] * fx) * fy;
					}
					dst[(ch * height + y) * width + x] = (float) v;
				}
		return new FloatTensor(dst, c, height, width);
	}
}
