package io.github.visionj.pipeline;

import io.github.visionj.VisionJException;
import io.github.visionj.model.AxisDescription;
import io.github.visionj.model.SizeRule;

/**
 * How the spatial axes of an output map relate to the input's, the same along every spatial axis:
 * an input of n pixels gives {@code ceil(n / down) × up − 2 × border} output pixels. Output pixel
 * i lies at input pixel {@code border + i × down / up}: {@code down} is a coarser grid (bioimage.io
 * scale 2: one value per 2 × 2 input pixels), {@code up} a finer one (scale 0.25 in v0.5, 4 in
 * v0.4: 4 × 4 values per input pixel), {@code border} the pixels lost at each end by valid
 * convolutions (a negative offset).
 */
record OutputGeometry(int up, int down, int border) {

	static final OutputGeometry SAME = new OutputGeometry(1, 1, 0);

	/** Output pixels for an input of {@code size} pixels. */
	long outputSize(long size) {
		return ceilDiv(size, down) * up - 2L * border;
	}

	/**
	 * How the spatial axes of an output follow the input's; null for an output without y and x.
	 *
	 * @throws VisionJException naming the output and what VisionJ cannot read of it
	 */
	static OutputGeometry of(TensorLayout output, TensorLayout input, String model) {
		if (!output.isImage()) return null;
		if (output.is3d() != input.is3d()) throw new VisionJException("Output '" + output.tensor.id() + "' of model '" + model +
			"' has " + (output.is3d() ? "" : "no ") + "z axis but its input " + (input.is3d() ? "has" : "has none") +
			"; VisionJ reads outputs with the input's spatial axes (a z axis of size 1 is allowed).");
		OutputGeometry g = null;
		for (int d : output.spatialDims()) {
			AxisDescription inputAxis = input.axis(input.tensor.indexOf(output.axis(d).id()));
			OutputGeometry axis = of(output.axis(d), inputAxis, output.describe(d, false));
			g = g == null ? axis : g.and(axis, output.describe(d, false));
		}
		if (input.is3d() && (g.up() > 1 || g.down() > 1)) throw new VisionJException("Output '" + output.tensor.id() +
			"' of model '" + model + "' is a 3D map with " + g + "; VisionJ reads 3D maps of the input's scale only.");
		return g;
	}

	/**
	 * The geometry of a spatial output axis from its size rule and the input axis of the same id.
	 *
	 * @param what names the output axis in messages, e.g. "axis y of output 'maps'"
	 * @throws VisionJException naming the axis and the value VisionJ cannot read
	 */
	static OutputGeometry of(AxisDescription output, AxisDescription input, String what) {
		if (output.size() instanceof SizeRule.Reference r) {
			if (!r.axisId().equals(input.id())) throw new VisionJException("The size of " + what + " refers to axis " +
				r.axisId() + " of '" + r.tensorId() + "'; VisionJ reads output axes whose size follows the input axis of the same name (" +
				input.id() + ").");
			double s = r.scale(), o = r.offset();
			if (s == 1) {
				if (o > 0 || o % 2 != 0) throw new VisionJException("The size of " + what + " is the input's " +
					(o > 0 ? "plus " + fmt(o) : "minus an odd " + fmt(-o)) + " pixels; VisionJ reads outputs smaller than the input by" +
					" an even number of pixels (a border on each side).");
				return new OutputGeometry(1, 1, (int) (-o / 2));
			}
			if (o != 0) throw new VisionJException("The size of " + what + " has scale " + fmt(s) + " and offset " + fmt(o) +
				"; VisionJ reads an offset only on outputs of the input's scale.");
			return scaled(s, what);
		}
		if (output.size() instanceof SizeRule.Fixed f) {
			if (!(input.size() instanceof SizeRule.Fixed in)) throw new VisionJException(what + " has the fixed size " + f.size() +
				" but the input's size along " + input.id() + " varies; VisionJ reads fixed output sizes only of models with a fixed input size.");
			long a = in.size(), b = f.size();
			if (a == b) return SAME;
			if (a % b == 0) return new OutputGeometry(1, (int) (a / b), 0);
			if (b % a == 0) return new OutputGeometry((int) (b / a), 1, 0);
			if (a > b && (a - b) % 2 == 0) return new OutputGeometry(1, 1, (int) ((a - b) / 2));
			throw new VisionJException(what + " has the fixed size " + b + " for an input of " + a + " pixels; VisionJ reads " +
				"outputs of the input's size, an integer multiple or fraction of it, or smaller by an even border.");
		}
		throw new VisionJException(what + " has no size that follows the input's (" + describe(output.size()) +
			"); VisionJ reads outputs whose size is fixed or refers to the input.");
	}

	private static OutputGeometry scaled(double s, String what) {
		if (s > 1 && s == Math.rint(s)) return new OutputGeometry((int) s, 1, 0);
		double inverse = 1 / s;
		if (s > 0 && s < 1 && Math.abs(inverse - Math.rint(inverse)) < 1e-9) return new OutputGeometry(1, (int) Math.rint(inverse), 0);
		throw new VisionJException(what + " has " + fmt(s) + " output pixels per input pixel; VisionJ reads integer " +
			"scales (2, 4, …) and their inverses (1/2, 1/4, …).");
	}

	/** The common geometry of all spatial axes of one output. */
	OutputGeometry and(OutputGeometry other, String what) {
		if (equals(other)) return this;
		throw new VisionJException(what + " is " + other + " while the other spatial axes are " + this +
			"; VisionJ reads outputs with the same scale and border along every spatial axis.");
	}

	@Override
	public String toString() {
		return up > 1 ? up + " output pixels per input pixel" : down > 1 ? "one output pixel per " + down + " input pixels"
			: border > 0 ? "the input's size less a border of " + border : "of the input's size";
	}

	private static String describe(SizeRule rule) {
		return rule instanceof SizeRule.Parameterized p ? "min " + p.min() + ", step " + p.step() : "data-dependent";
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}

	static long ceilDiv(long a, long b) {
		return a <= 0 ? 0 : (a + b - 1) / b;
	}
}
