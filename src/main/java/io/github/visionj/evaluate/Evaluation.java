package io.github.visionj.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.visionj.Csv;
import io.github.visionj.decode.Detection;

/**
 * Scores of a set of images: each image is matched on its own, and the totals sum TP, FP, FN and
 * the matched IoU over all images before taking ratios (so the mean IoU is over all matches).
 */
public final class Evaluation {

	/** IoU thresholds 0.5, 0.55, …, 0.9, as in the StarDist paper. */
	public static final double[] DEFAULT_THRESHOLDS = { 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9 };

	private final double[] thresholds;
	private final Map<String, List<Scores>> perImage = new LinkedHashMap<>();

	/** @param thresholds IoU thresholds, each in [0.5, 1] */
	public Evaluation(double... thresholds) {
		Matching.checkThresholds(thresholds);
		this.thresholds = thresholds.clone();
	}

	/** Matches the label images of one image and returns its scores, one per threshold. */
	public List<Scores> addInstances(String image, int[] truth, int[] predicted, int width, int height) {
		return add(image, InstanceMatching.scores(truth, predicted, width, height, thresholds));
	}

	/** Matches the boxes of one image and returns its scores, one per threshold. */
	public List<Scores> addBoxes(String image, List<Detection> truth, List<Detection> predicted) {
		return add(image, BoxMatching.scores(truth, predicted, thresholds));
	}

	private List<Scores> add(String image, List<Scores> scores) {
		if (perImage.putIfAbsent(image, scores) != null) throw new IllegalArgumentException("image " + image + " was already added");
		return scores;
	}

	/** Scores over all images added, one per threshold. */
	public List<Scores> total() {
		List<Scores> total = new ArrayList<>();
		for (int i = 0; i < thresholds.length; i++) {
			Scores sum = new Scores(thresholds[i], 0, 0, 0, 0);
			for (List<Scores> s : perImage.values())
				sum = sum.plus(s.get(i));
			total.add(sum);
		}
		return total;
	}

	/** A CSV table: one row per image and threshold, then the totals as image "all". */
	public String csv() {
		StringBuilder csv = new StringBuilder(
			"image,threshold,tp,fp,fn,precision,recall,f1,ap,mean_matched_iou,panoptic_quality\n");
		perImage.forEach((image, scores) -> scores.forEach(s -> row(csv, image, s)));
		total().forEach(s -> row(csv, "all", s));
		return csv.toString();
	}

	/** A text table of the totals, one line per threshold, headed by the number of images. */
	public String summary(int images) {
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "VisionJ evaluation of %d image(s):%n", images));
		s.append("  IoU    TP    FP    FN  precision  recall     F1     AP     PQ\n");
		for (Scores x : total())
			s.append(String.format(Locale.ROOT, "  %.2f %5d %5d %5d     %.3f   %.3f  %.3f  %.3f  %.3f%n", x.threshold(), x.tp(), x.fp(),
				x.fn(), x.precision(), x.recall(), x.f1(), x.ap(), x.panopticQuality()));
		return s.toString();
	}

	private static void row(StringBuilder csv, String image, Scores s) {
		csv.append(Csv.field(image)).append(String.format(Locale.ROOT, ",%.2f,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n",
			s.threshold(), s.tp(), s.fp(), s.fn(), s.precision(), s.recall(), s.f1(), s.ap(), s.meanMatchedIou(),
			s.panopticQuality()));
	}
}
