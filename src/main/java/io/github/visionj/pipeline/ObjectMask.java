package io.github.visionj.pipeline;

import io.github.visionj.decode.Instance;

/**
 * One object of a plane segmented block by block, as its block finishes it: what it is, its
 * bounding box in the plane and which pixels of the box are its own.
 *
 * @param instance its label (unique in the whole run), class and score
 * @param mask row-major inside the box, {@code mask[(py - y) * width + (px - x)]}
 */
public record ObjectMask(Plane plane, Instance instance, long x, long y, int width, int height, boolean[] mask) {

	public int area() {
		int n = 0;
		for (boolean b : mask)
			if (b) n++;
		return n;
	}
}
