package io.github.visionj.pipeline;

import java.util.function.BiFunction;

import io.github.visionj.decode.Decoder;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.TensorRegions;
import io.github.visionj.image.Tensors;

/**
 * Test-time augmentation of a dense model: its output averaged over the input and the input's
 * mirror images along x, along y and along both, each output mirrored back and its channels put
 * back in place by the decoder's rule (a star-convex ray changes direction in a mirror). A
 * network trained with flips errs differently on each copy, so the average is usually more
 * accurate, at four times the time. On an output grid of g pixels, a mirror must map grid pixels
 * onto grid pixels, so the input is first extended by reflection to g·k + 1 pixels along y and x.
 */
final class FlipAveraging {

	private FlipAveraging() {}

	/** The four mirror images: none, along x, along y, along both. */
	static final int COPIES = 4;

	/**
	 * @param input the normalised input in the model's layout
	 * @param yDim the input's y dimension; x is {@code xDim}
	 * @param channels the number of output channels
	 * @param predict the output of one input as [C, (Z,) Y, X] on the grid, given the input and
	 *          which copy (0..3) it is, for progress
	 * @return the averaged output, [C, (Z,) ceil(Y / grid) · up, ceil(X / grid) · up]
	 */
	static FloatTensor average(FloatTensor input, int yDim, int xDim, int grid, int up, int channels, Decoder decoder,
		BiFunction<FloatTensor, Integer, FloatTensor> predict)
	{
		long height = input.dim(yDim), width = input.dim(xDim);
		long[] paddedShape = input.shape();
		paddedShape[yDim] = alignedSize(height, grid);
		paddedShape[xDim] = alignedSize(width, grid);
		FloatTensor padded = fromOrigin(input, paddedShape);
		int[][] sources = new int[COPIES][]; // asked first: a decoder that refuses does so before any work
		for (int copy = 0; copy < COPIES; copy++)
			sources[copy] = decoder.channelsUnderFlip(channels, (copy & 1) != 0, (copy & 2) != 0);
		FloatTensor sum = null;
		for (int copy = 0; copy < COPIES; copy++) {
			boolean flipX = (copy & 1) != 0, flipY = (copy & 2) != 0;
			FloatTensor mirrored = padded;
			if (flipX) mirrored = Tensors.flip(mirrored, xDim);
			if (flipY) mirrored = Tensors.flip(mirrored, yDim);
			FloatTensor output = predict.apply(mirrored, copy);
			if (sum == null) sum = FloatTensor.zeros(output.shape());
			addMirroredBack(output, sources[copy], flipX, flipY, sum);
		}
		float[] s = sum.data();
		for (int i = 0; i < s.length; i++)
			s[i] /= COPIES;
		long[] outShape = sum.shape();
		outShape[outShape.length - 2] = (height + grid - 1) / grid * up;
		outShape[outShape.length - 1] = (width + grid - 1) / grid * up;
		return fromOrigin(sum, outShape);
	}

	/** The smallest size ≥ {@code size} of the form grid·k + 1 (any size for grid 1). */
	private static long alignedSize(long size, int grid) {
		return size + Math.floorMod(1 - size, grid);
	}

	/** sum[c] += output[source[c]], mirrored back along the last two dimensions as asked. */
	private static void addMirroredBack(FloatTensor output, int[] source, boolean flipX, boolean flipY, FloatTensor sum) {
		int rank = output.rank();
		int h = (int) output.dim(rank - 2), w = (int) output.dim(rank - 1);
		int perChannel = (int) (output.data().length / output.dim(0)), planes = perChannel / (h * w);
		float[] src = output.data(), dst = sum.data();
		for (int c = 0; c < source.length; c++)
			for (int p = 0; p < planes; p++) {
				int to = c * perChannel + p * h * w, from = source[c] * perChannel + p * h * w;
				for (int y = 0; y < h; y++) {
					int row = from + (flipY ? h - 1 - y : y) * w, out = to + y * w;
					for (int x = 0; x < w; x++)
						dst[out + x] += src[row + (flipX ? w - 1 - x : x)];
				}
			}
	}

	/**
	 * The region of {@code t} of the given shape that starts at index 0 in every dimension: a crop
	 * where the shape is smaller, a reflection beyond {@code t}'s border where it is larger.
	 */
	private static FloatTensor fromOrigin(FloatTensor t, long[] shape) {
		if (java.util.Arrays.equals(shape, t.shape())) return t;
		FloatTensor out = FloatTensor.zeros(shape);
		TensorRegions.copy(t, new long[shape.length], out, new long[shape.length], shape);
		return out;
	}
}
