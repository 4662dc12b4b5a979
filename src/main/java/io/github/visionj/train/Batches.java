package io.github.visionj.train;

import java.util.List;
import java.util.Random;

import io.github.visionj.image.FloatTensor;
import io.github.visionj.train.Targets.Mirror;

/**
 * Random training batches: square crops of the training images with flips and 90° rotations (the
 * ray channels of a star-convex target permuted to match), intensity scale and offset and, for
 * some crops, Gaussian noise. Targets are read at the network's output grid.
 */
final class Batches {

	/** One training image: its normalised input [C, H, W] and its target channels at full resolution. */
	record Sample(FloatTensor input, float[][] targets, int width, int height) {}

	record Batch(FloatTensor input, FloatTensor target) {}

	private final List<Sample> samples;
	private final Objective objective;
	private final int crop, grid;
	private final Random random;
	private final int[][] perms;

	Batches(List<Sample> samples, Objective objective, int crop, int grid, long seed) {
		this.samples = samples;
		this.objective = objective;
		this.crop = crop;
		this.grid = grid;
		this.random = new Random(seed);
		perms = new int[Mirror.values().length][];
		if (objective.rays() > 0)
			for (Mirror m : Mirror.values())
				perms[m.ordinal()] = Targets.rayPermutation(m, objective.rays());
	}

	Batch next(int size) {
		int c = (int) samples.get(0).input().dim(0), t = objective.targetChannels(), s = crop, o = crop / grid;
		float[] input = new float[size * c * s * s], target = new float[size * t * o * o];
		for (int b = 0; b < size; b++)
			augmented(samples.get(random.nextInt(samples.size())), input, b * c * s * s, target, b * t * o * o);
		return new Batch(new FloatTensor(input, size, c, s, s), new FloatTensor(target, size, t, o, o));
	}

	/** Where a crop lies, how it is mirrored, and how its intensities change. */
	record Augmentation(int y0, int x0, boolean flipX, boolean flipY, boolean swap, float scale, float offset, float noise) {}

	private void augmented(Sample sample, float[] input, int inputAt, float[] target, int targetAt) {
		Augmentation a = new Augmentation(random.nextInt(sample.height() - crop + 1), random.nextInt(sample.width() - crop + 1),
			random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), (float) Math.exp((random.nextDouble() * 2 - 1) * Math.log(1.25)),
			(float) (random.nextDouble() * 0.2 - 0.1), random.nextDouble() < 0.3 ? (float) (random.nextDouble() * 0.05) : 0);
		apply(sample, a, input, inputAt, target, targetAt);
	}

	void apply(Sample sample, Augmentation a, float[] input, int inputAt, float[] target, int targetAt) {
		int w = sample.width(), h = sample.height(), s = crop, c = (int) sample.input().dim(0);
		float[] in = sample.input().data();
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				int src = source(y, x, a, w);
				for (int ch = 0; ch < c; ch++)
					input[inputAt + (ch * s + y) * s + x] = in[ch * w * h + src] * a.scale() + a.offset() +
						(a.noise() > 0 ? a.noise() * (float) random.nextGaussian() : 0);
			}
		int[] rays = rayOrder(a.flipX(), a.flipY(), a.swap());
		int o = s / grid, t = objective.targetChannels();
		for (int i = 0; i < o; i++)
			for (int j = 0; j < o; j++) {
				int src = source(i * grid, j * grid, a, w);
				for (int ch = 0; ch < t; ch++) {
					int from = ch >= 1 && ch <= objective.rays() ? 1 + rays[ch - 1] : ch;
					target[targetAt + (ch * o + i) * o + j] = sample.targets()[from][src];
				}
			}
	}

	/** The image pixel that crop pixel (y, x) shows: rows and columns swapped first, then flipped along y, then x. */
	private int source(int y, int x, Augmentation a, int w) {
		int sy = a.swap() ? x : y, sx = a.swap() ? y : x;
		if (a.flipY()) sy = crop - 1 - sy;
		if (a.flipX()) sx = crop - 1 - sx;
		return (a.y0() + sy) * w + a.x0() + sx;
	}

	/** Ray k of the augmented crop is ray {@code order[k]} of the image. */
	private int[] rayOrder(boolean flipX, boolean flipY, boolean swap) {
		int r = objective.rays();
		int[] order = new int[r];
		for (int k = 0; k < r; k++) {
			int j = swap ? perms[Mirror.TRANSPOSE.ordinal()][k] : k;
			j = flipY ? perms[Mirror.FLIP_Y.ordinal()][j] : j;
			order[k] = flipX ? perms[Mirror.FLIP_X.ordinal()][j] : j;
		}
		return order;
	}
}
