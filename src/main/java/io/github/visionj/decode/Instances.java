package io.github.visionj.decode;

import java.util.List;

/**
 * The objects of one 2D plane: a label image (0 = background) and what is known of each object.
 * A decoder numbers its objects 1..N, so {@code objects.get(i).label() == i + 1}; a plane of a
 * stack keeps the stack-wide labels of {@link io.github.visionj.pipeline.InstanceStack}, listing
 * the objects present in label order.
 *
 * @param labels row-major label image, {@code labels[y * width + x]}
 * @param objects one entry per label present, in label order
 */
public record Instances(int[] labels, int width, int height, List<Instance> objects) {

	public Instances {
		if (labels.length != width * height) throw new IllegalArgumentException(
			"label image of " + labels.length + " pixels does not match " + width + "x" + height);
		objects = List.copyOf(objects);
	}

	public int count() {
		return objects.size();
	}
}
