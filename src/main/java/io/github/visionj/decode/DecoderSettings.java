package io.github.visionj.decode;

import io.github.visionj.VisionJException;

/**
 * The settings every decoder may read. Defaults come from the model's {@code config.visionj}
 * thresholds; a user may override each one (macro keys in the commands).
 *
 * @param probability threshold on an object / foreground probability, in (0, 1)
 * @param nmsIou overlap above which the weaker of two candidates is suppressed, in [0, 1]
 * @param score threshold on a detection score, in [0, 1]
 * @param maxDetections keep at most this many boxes per image (≥ 1)
 * @param minSize objects smaller than this many pixels are dropped (≥ 0)
 * @param multiLabel class scores are independent (sigmoid) rather than exclusive (softmax)
 */
public record DecoderSettings(double probability, double nmsIou, double score, int maxDetections, int minSize,
	boolean multiLabel)
{

	public static final DecoderSettings DEFAULTS = new DecoderSettings(0.5, 0.3, 0.25, 3000, 10, false);

	/** The settings by name, so a decoder can say which ones it reads. */
	public enum Setting {
		PROBABILITY("probability threshold"), OVERLAP("overlap (NMS) threshold"), SCORE("score threshold"),
		MAX_DETECTIONS("maximum number of detections"), MIN_SIZE("minimum size"), MULTI_LABEL("multi-label option");

		private final String label;

		Setting(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	/** Throws a {@link VisionJException} that names the first setting out of range. */
	public DecoderSettings check() {
		if (!(probability > 0 && probability < 1)) throw new VisionJException(
			"The probability threshold must be between 0 and 1 (exclusive), not " + probability + ".");
		if (!(nmsIou >= 0 && nmsIou <= 1)) throw new VisionJException(
			"The overlap (NMS IoU) threshold must be between 0 and 1, not " + nmsIou + ".");
		if (!(score >= 0 && score <= 1)) throw new VisionJException(
			"The score threshold must be between 0 and 1, not " + score + ".");
		if (maxDetections < 1) throw new VisionJException(
			"The maximum number of detections must be at least 1, not " + maxDetections + ".");
		if (minSize < 0) throw new VisionJException("The minimum object size must be 0 or more pixels, not " + minSize + ".");
		return this;
	}

	public DecoderSettings withProbability(double v) {
		return new DecoderSettings(v, nmsIou, score, maxDetections, minSize, multiLabel);
	}

	public DecoderSettings withNmsIou(double v) {
		return new DecoderSettings(probability, v, score, maxDetections, minSize, multiLabel);
	}

	public DecoderSettings withScore(double v) {
		return new DecoderSettings(probability, nmsIou, v, maxDetections, minSize, multiLabel);
	}

	public DecoderSettings withMaxDetections(int v) {
		return new DecoderSettings(probability, nmsIou, score, v, minSize, multiLabel);
	}

	public DecoderSettings withMinSize(int v) {
		return new DecoderSettings(probability, nmsIou, score, maxDetections, v, multiLabel);
	}

	public DecoderSettings withMultiLabel(boolean v) {
		return new DecoderSettings(probability, nmsIou, score, maxDetections, minSize, v);
	}
}
