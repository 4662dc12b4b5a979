package io.github.visionj.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Boxes from label images, and class-wise non-maximum suppression of boxes. */
public final class Boxes {

	private Boxes() {}

	/**
	 * The bounding box of each object, in object order, with the object's class and score, so
	 * every instance model can also answer "detect".
	 */
	public static List<Detection> boxesOf(Instances instances) {
		LabelBounds b = LabelBounds.of(instances.labels(), instances.width(), instances.count());
		List<Detection> boxes = new ArrayList<>(instances.count());
		for (Instance o : instances.objects()) {
			int l = o.label();
			boxes.add(new Detection(b.x(l), b.y(l), b.width(l), b.height(l), o.classIndex(), o.score()));
		}
		return boxes;
	}

	/**
	 * Greedy class-wise non-maximum suppression: best score first, a box is dropped when it
	 * overlaps a kept box of its class by more than {@code iou}. Kept boxes sit in a
	 * {@link BoxGrid}, so each box is compared only with kept boxes near it. Also merges the
	 * detections of overlapping tiles.
	 *
	 * @return at most {@code max} boxes, best first
	 */
	public static List<Detection> nms(List<Detection> boxes, double iou, int max) {
		List<Detection> sorted = new ArrayList<>(boxes);
		sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
		List<Detection> kept = new ArrayList<>();
		if (sorted.isEmpty()) return kept;
		BoxGrid grid = BoxGrid.covering(sorted);
		for (Detection d : sorted) {
			if (kept.size() == max) break;
			boolean[] suppressed = { false };
			grid.forEachNear(d.x(), d.y(), d.x() + d.width(), d.y() + d.height(), id -> {
				Detection k = kept.get(id);
				if (!suppressed[0] && k.classIndex() == d.classIndex() && k.iou(d) > iou) suppressed[0] = true;
			});
			if (suppressed[0]) continue;
			grid.add(kept.size(), d.x(), d.y(), d.x() + d.width(), d.y() + d.height());
			kept.add(d);
		}
		return kept;
	}
}
