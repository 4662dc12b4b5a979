package io.github.visionj.image;

import java.util.Arrays;

/**
 * A dense float array with a shape, in row-major (C) order: the last dimension varies fastest,
 * as in NumPy and PyTorch. This is what crosses the boundary to the engine and what decoders read.
 */
public final class FloatTensor {

	private final float[] data;
	private final long[] shape;

	public FloatTensor(float[] data, long... shape) {
		long n = 1;
		for (long s : shape) n *= s;
		if (n != data.length) throw new IllegalArgumentException(
			"A tensor of shape " + Arrays.toString(shape) + " needs " + n + " values, not " + data.length);
		this.data = data;
		this.shape = shape.clone();
	}

	public static FloatTensor zeros(long... shape) {
		long n = 1;
		for (long s : shape) n *= s;
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
			"A tensor of shape " + Arrays.toString(shape) + " is too large for one array; use smaller tiles");
		return new FloatTensor(new float[(int) n], shape);
	}

	/** The values, shared, not copied. */
	public float[] data() {
		return data;
	}

	public long[] shape() {
		return shape.clone();
	}

	public int rank() {
		return shape.length;
	}

	public long dim(int d) {
		return shape[d];
	}

	@Override
	public String toString() {
		return "FloatTensor" + Arrays.toString(shape);
	}
}
