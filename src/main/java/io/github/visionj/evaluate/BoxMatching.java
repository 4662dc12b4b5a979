package io.github.visionj.evaluate;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.decode.BoxGrid;
import io.github.visionj.decode.Detection;

/**
 * Scores predicted boxes against true boxes by box IoU, as {@link InstanceMatching} scores
 * labels, so detection AP50 is the AP at threshold 0.5. A box only matches a box of its class.
 * Overlapping pairs are found through a {@link BoxGrid} of the true boxes.
 */
public final class BoxMatching {

	private BoxMatching() {}

	/** Scores at each IoU threshold (each in [0.5, 1]). */
	public static List<Scores> scores(List<Detection> truth, List<Detection> predicted, double... thresholds) {
		Matching.checkThresholds(thresholds);
		List<Matching.Pair> pairs = new ArrayList<>();
		if (!truth.isEmpty()) {
			BoxGrid grid = BoxGrid.covering(truth);
			for (int t = 0; t < truth.size(); t++) {
				Detection g = truth.get(t);
				grid.add(t, g.x(), g.y(), g.x() + g.width(), g.y() + g.height());
			}
			for (int p = 0; p < predicted.size(); p++) {
				Detection d = predicted.get(p);
				int pi = p;
				grid.forEachNear(d.x(), d.y(), d.x() + d.width(), d.y() + d.height(), t -> {
					Detection g = truth.get(t);
					double iou = g.iou(d);
					if (g.classIndex() == d.classIndex() && iou > 0) pairs.add(new Matching.Pair(t, pi, iou));
				});
			}
		}
		return Matching.scores(pairs, truth.size(), predicted.size(), thresholds);
	}
}
