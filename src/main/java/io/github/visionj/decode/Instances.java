package io.github.visionj.decode;

import java.util.List;

/**
 * The decoded objects of one 2D plane: a label image (0 = background, 1..N = objects, each id
 * used once and consecutive) and what is known of each object.
 *
 * @param labels row-major label image, {@code labels[y * width + x]}
 * @param objects one entry per label, in label order: {@code objects.get(i).label() == i + 1}
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
