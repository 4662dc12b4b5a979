package io.github.visionj.decode;

import java.util.Arrays;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/** Shape checks and per-pixel reads of [C, height, width] output maps. */
final class Maps {

	private Maps() {}

	/**
	 * Throws unless the maps are [C, height, width] with minChannels ≤ C ≤ maxChannels.
	 *
	 * @param layout the expected layout in words, e.g. "[3, height, width] (background, interior, boundary)"
	 */
	static void require(FloatTensor maps, String key, int minChannels, int maxChannels, String layout) {
		if (maps.rank() != 3 || maps.dim(0) < minChannels || maps.dim(0) > maxChannels) throw new VisionJException("Decoder '" + key +
			"' expects an output of shape " + layout + " but the model gave " + Arrays.toString(maps.shape()) +
			"; pick the decoder that matches the model's output.");
	}

	static int channels(FloatTensor maps) {
		return (int) maps.dim(0);
	}

	static int height(FloatTensor maps) {
		return (int) maps.dim(1);
	}

	static int width(FloatTensor maps) {
		return (int) maps.dim(2);
	}

	/** Value of channel c at flat pixel index i. */
	static float at(FloatTensor maps, int c, int i) {
		return maps.data()[c * height(maps) * width(maps) + i];
	}

	/** The channel with the highest value at each pixel; the lowest channel wins ties. */
	static int[] argmax(FloatTensor maps) {
		int n = height(maps) * width(maps);
		float[] d = maps.data();
		int[] classes = new int[n];
		for (int c = 1; c < channels(maps); c++) {
			int offset = c * n;
			for (int i = 0; i < n; i++)
				if (d[offset + i] > d[classes[i] * n + i]) classes[i] = c;
		}
		return classes;
	}
}
