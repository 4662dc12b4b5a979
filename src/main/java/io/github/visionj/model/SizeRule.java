package io.github.visionj.model;

/**
 * Which lengths an axis of a model tensor may have.
 */
public sealed interface SizeRule {

	/** Exactly {@code size}. */
	record Fixed(long size) implements SizeRule {}

	/** {@code min + n * step} for any n ≥ 0 (bioimage.io uses the same n for all such axes of a model). */
	record Parameterized(long min, long step) implements SizeRule {

		public boolean accepts(long size) {
			return size >= min && (size - min) % step == 0;
		}
	}

	/**
	 * {@code floor(size of axisId in tensorId × scale + offset)}. v0.5 {@code scale} is the referenced axis's
	 * physical scale over this axis's; v0.4 offsets are stored doubled, as the v0.4 shape formula is
	 * {@code input × scale + 2 × offset}.
	 */
	record Reference(String tensorId, String axisId, double scale, double offset) implements SizeRule {

		public long sizeFor(long referenceSize) {
			return (long) Math.floor(referenceSize * scale + offset);
		}
	}

	/** Any length: the batch axis. */
	record Any() implements SizeRule {}
}
