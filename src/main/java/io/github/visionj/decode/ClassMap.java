package io.github.visionj.decode;

import io.github.visionj.image.FloatTensor;

/**
 * A semantic segmentation of one 2D plane.
 *
 * @param classes row-major class index per pixel, 0 = background
 * @param probabilities per-class probabilities as a [C, height, width] tensor, or null when the
 *          model gives none worth showing
 */
public record ClassMap(int[] classes, int width, int height, FloatTensor probabilities) {

	public ClassMap {
		if (classes.length != width * height) throw new IllegalArgumentException(
			"class image of " + classes.length + " pixels does not match " + width + "x" + height);
	}
}
