package io.github.visionj.evaluate;

import java.util.ArrayList;
import java.util.List;

import io.github.visionj.VisionJException;

/**
 * One-to-one matching of true and predicted objects given the IoU of their overlapping pairs.
 * At IoU thresholds of 0.5 and above a true object can match at most one prediction and vice
 * versa (two objects that do not overlap each other cannot both cover more than half of a
 * third), so taking pairs by decreasing IoU gives the optimal matching; lower thresholds would
 * need an assignment solver and are refused.
 */
final class Matching {

	static final double LOWEST_THRESHOLD = 0.5;

	private Matching() {}

	static void checkThresholds(double[] thresholds) {
		if (thresholds.length == 0) throw new VisionJException("No IoU threshold given; give at least one, e.g. 0.5.");
		for (double t : thresholds)
			if (!(t >= LOWEST_THRESHOLD && t <= 1)) throw new VisionJException("The IoU threshold " + t +
				" is not supported; use thresholds between 0.5 and 1, where matches are unique.");
	}

	/**
	 * @param pairs overlapping (true index, predicted index, IoU) triples, indices from 0
	 */
	static List<Scores> scores(List<Pair> pairs, int trueCount, int predictedCount, double[] thresholds) {
		checkThresholds(thresholds);
		List<Pair> byIou = new ArrayList<>(pairs);
		byIou.sort((a, b) -> Double.compare(b.iou(), a.iou()));
		List<Scores> scores = new ArrayList<>(thresholds.length);
		for (double t : thresholds) {
			boolean[] trueUsed = new boolean[trueCount], predictedUsed = new boolean[predictedCount];
			int tp = 0;
			double iouSum = 0;
			for (Pair p : byIou) {
				if (p.iou() < t) break;
				if (trueUsed[p.truth()] || predictedUsed[p.predicted()]) continue;
				trueUsed[p.truth()] = predictedUsed[p.predicted()] = true;
				tp++;
				iouSum += p.iou();
			}
			scores.add(new Scores(t, tp, predictedCount - tp, trueCount - tp, iouSum));
		}
		return scores;
	}

	record Pair(int truth, int predicted, double iou) {}
}
