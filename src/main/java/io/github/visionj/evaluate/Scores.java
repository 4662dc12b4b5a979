package io.github.visionj.evaluate;

/**
 * Matching counts at one IoU threshold, for one image or summed over many, and the usual ratios
 * of them. A ratio whose denominator is 0 is 0 (as in StarDist's {@code matching}).
 *
 * @param tp predicted objects matched to a true object with IoU ≥ threshold
 * @param fp predicted objects left unmatched
 * @param fn true objects left unmatched
 * @param matchedIouSum sum of the IoU of the matched pairs
 */
public record Scores(double threshold, int tp, int fp, int fn, double matchedIouSum) {

	public double precision() {
		return ratio(tp, tp + fp);
	}

	public double recall() {
		return ratio(tp, tp + fn);
	}

	public double f1() {
		return ratio(2.0 * tp, 2.0 * tp + fp + fn);
	}

	/** Average precision as the StarDist paper defines it: TP / (TP + FP + FN). */
	public double ap() {
		return ratio(tp, tp + fp + fn);
	}

	public double meanMatchedIou() {
		return ratio(matchedIouSum, tp);
	}

	/** Panoptic quality: sum of matched IoU / (TP + FP/2 + FN/2). */
	public double panopticQuality() {
		return ratio(matchedIouSum, tp + fp / 2.0 + fn / 2.0);
	}

	/** Counts of both, for totals over images; the thresholds must agree. */
	public Scores plus(Scores o) {
		if (o.threshold != threshold) throw new IllegalArgumentException("thresholds differ: " + threshold + " and " + o.threshold);
		return new Scores(threshold, tp + o.tp, fp + o.fp, fn + o.fn, matchedIouSum + o.matchedIouSum);
	}

	private static double ratio(double a, double b) {
		return b == 0 ? 0 : a / b;
	}
}
