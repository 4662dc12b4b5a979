package io.github.visionj.train;

import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;

/** An image with its label image (0 = background, k &gt; 0 = object k), row-major at the image's size. */
public record Annotated(String name, AxisImage<?> image, int[] labels) {

	public int width() {
		return (int) image.size(Axis.X);
	}

	public int height() {
		return (int) image.size(Axis.Y);
	}
}
