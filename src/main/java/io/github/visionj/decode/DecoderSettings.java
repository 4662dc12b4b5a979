package io.github.visionj.decode;

import io.github.visionj.VisionJException;

/**
 * The settings every decoder may read. Defaults come from the model's {@code config.visionj}
 * thresholds, else {@link #DEFAULTS}; a user may override each one (macro keys in the commands).
 * Each setting is declared once, in {@link Setting}.
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

	/** Every setting at its built-in default: what a description without thresholds gets. */
	public static final DecoderSettings DEFAULTS = builtIn();

	/**
	 * The one declaration of each setting: its key under {@code config.visionj.thresholds}, its name
	 * in messages, its built-in default and its range. A switch is a setting of range [0, 1] read as
	 * false (0) or true (1).
	 */
	public enum Setting {
		PROBABILITY("probability", "probability threshold", 0.5, 0, 1, true, false),
		OVERLAP("nms_iou", "overlap (NMS) threshold", 0.3, 0, 1, false, false),
		SCORE("score", "score threshold", 0.25, 0, 1, false, false),
		MAX_DETECTIONS("max_detections", "maximum number of detections", 3000, 1, Double.POSITIVE_INFINITY, false, true),
		MIN_SIZE("min_size", "minimum object size in pixels", 10, 0, Double.POSITIVE_INFINITY, false, true),
		MULTI_LABEL("multi_label", "multi-label option", 0, 0, 1, false, false);

		private final String key, label;
		private final double builtIn, min, max;
		private final boolean exclusive, whole;

		Setting(String key, String label, double builtIn, double min, double max, boolean exclusive, boolean whole) {
			this.key = key;
			this.label = label;
			this.builtIn = builtIn;
			this.min = min;
			this.max = max;
			this.exclusive = exclusive;
			this.whole = whole;
		}

		/** The key under {@code config.visionj.thresholds}. */
		public String key() {
			return key;
		}

		/** The setting in words, e.g. "probability threshold". */
		public String label() {
			return label;
		}

		/** The value when neither the description nor the user gives one. */
		public double builtIn() {
			return builtIn;
		}

		/** Whether the setting is a switch (false or true) rather than a number. */
		public boolean isSwitch() {
			return this == MULTI_LABEL;
		}

		/** The setting's value in {@code s}; a switch's as 0 or 1. */
		public double of(DecoderSettings s) {
			return switch (this) {
				case PROBABILITY -> s.probability;
				case OVERLAP -> s.nmsIou;
				case SCORE -> s.score;
				case MAX_DETECTIONS -> s.maxDetections;
				case MIN_SIZE -> s.minSize;
				case MULTI_LABEL -> s.multiLabel ? 1 : 0;
			};
		}

		/** Throws a {@link VisionJException} naming the setting when {@code v} is out of its range. */
		void check(double v) {
			boolean inRange = exclusive ? v > min && v < max : v >= min && v <= max;
			if (inRange) return;
			String range = max == Double.POSITIVE_INFINITY ? "at least " + format(min) : "between " + format(min) + " and " +
				format(max) + (exclusive ? " (exclusive)" : "");
			throw new VisionJException("The " + label + " must be " + range + ", not " + (whole ? format(v) : Double.toString(v)) +
				".");
		}

		private static String format(double v) {
			return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
		}
	}

	private static DecoderSettings builtIn() {
		DecoderSettings s = new DecoderSettings(0, 0, 0, 0, 0, false);
		for (Setting setting : Setting.values())
			s = s.with(setting, setting.builtIn());
		return s;
	}

	/** Throws a {@link VisionJException} that names the first setting out of range. */
	public DecoderSettings check() {
		for (Setting setting : Setting.values())
			setting.check(setting.of(this));
		return this;
	}

	/** These settings with one changed; a whole-number setting takes {@code v} rounded down, a switch {@code v != 0}. */
	public DecoderSettings with(Setting setting, double v) {
		return switch (setting) {
			case PROBABILITY -> withProbability(v);
			case OVERLAP -> withNmsIou(v);
			case SCORE -> withScore(v);
			case MAX_DETECTIONS -> withMaxDetections((int) v);
			case MIN_SIZE -> withMinSize((int) v);
			case MULTI_LABEL -> withMultiLabel(v != 0);
		};
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
