package io.github.visionj.model;

import java.util.List;

/**
 * How closely a model must reproduce its test outputs, as bioimage.io checks it: a value matches when
 * {@code |actual − expected| ≤ absolute + relative·|expected|}, and at most {@code mismatchedPerMillion}
 * values per million may fail that.
 */
public record Tolerance(double relative, double absolute, double mismatchedPerMillion) {

	/** bioimage.io's defaults: format 0.5 tolerates 100 mismatched values per million, 0.4 none. */
	static Tolerance defaults(boolean v04) {
		return new Tolerance(1e-3, 1e-4, v04 ? 0 : 100);
	}

	public boolean matches(float expected, float actual) {
		return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
	}

	/**
	 * The tolerance a description sets for one output and weights format: the first entry of
	 * {@code config.bioimageio.reproducibility_tolerance} (0.5) that applies, else the older
	 * {@code config.bioimageio.test_kwargs.<format>} (relative_tolerance, absolute_tolerance, or decimal:
	 * absolute 1.5·10^−decimal), else the defaults.
	 */
	static Tolerance of(YamlMap root, boolean v04, WeightsFormat format, String outputId) {
		Tolerance d = defaults(v04);
		YamlMap config = root.map("config");
		YamlMap bioimageio = config == null ? null : config.map("bioimageio");
		if (bioimageio == null) return d;
		for (YamlMap t : bioimageio.maps("reproducibility_tolerance")) {
			List<String> formats = t.list("weights_formats").stream().map(String::valueOf).toList();
			List<String> outputs = t.list("output_ids").stream().map(String::valueOf).toList();
			if ((formats.isEmpty() || formats.contains(format.key())) && (outputs.isEmpty() || outputs.contains(outputId)))
				return new Tolerance(t.number("relative_tolerance", 1e-3), t.number("absolute_tolerance", 1e-4),
					t.number("mismatched_elements_per_million", 100));
		}
		YamlMap kwargs = bioimageio.map("test_kwargs");
		YamlMap k = kwargs == null ? null : kwargs.map(format.key());
		if (k == null) return d;
		if (k.has("decimal")) return new Tolerance(0, 1.5 * Math.pow(10, -k.requireNumber("decimal")), d.mismatchedPerMillion());
		return new Tolerance(k.number("relative_tolerance", d.relative()), k.number("absolute_tolerance", d.absolute()),
			d.mismatchedPerMillion());
	}
}
